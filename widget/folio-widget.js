// Folio in any page: one script tag, custom elements, a JS API.
//
//   <script type="module" src="/folio/folio-widget.js"></script>
//   <folio-post src="/content/posts/my-post.md"></folio-post>
//   <folio-list src="/content/index.json" limit="5"></folio-list>
//   <folio-markdown><script type="text/markdown"># Hello</script></folio-markdown>
//
//   import { render, renderToString, registerShortcode } from '/folio/folio-widget.js';
//
// The elements render into an open shadow root with Folio's own styles
// (host CSS cannot reach in; style it with --folio-* custom properties and
// ::part()), unless `no-shadow`. Each element is its own Yew app: nothing
// here touches document.title, <head>, <html>, global CSS or window
// listeners, and a failing element shows its error inside itself and never
// throws into the page. Works under a strict CSP:
//   script-src 'self' 'wasm-unsafe-eval'
// (no inline script, no eval; styles are constructed style sheets).
import init, * as wasm from './folio-widget-wasm.js';

let loading = null;
/** Loads and instantiates the wasm once; every entry point awaits it. */
export function ready() {
  if (!loading) {
    loading = init({ module_or_path: new URL('./folio-widget-wasm_bg.wasm', import.meta.url) })
      .then(() => wasm);
  }
  return loading;
}

// One constructed style sheet per document: a sheet can be adopted only in
// the document that made it (an element in an iframe, e.g. a CMS preview
// pane, gets its own).
const sheets = new WeakMap();
function styleSheet(api, doc) {
  let sheet = sheets.get(doc);
  if (!sheet) {
    sheet = new (doc.defaultView || window).CSSStyleSheet();
    sheet.replaceSync(api.stylesheet());
    sheets.set(doc, sheet);
  }
  return sheet;
}

/** The node Folio renders into inside `host`: a fresh div.folio-root in its shadow root (or in the element itself). */
function makeContainer(host, api, shadow) {
  let parent = host;
  if (shadow) {
    try {
      parent = host.shadowRoot || host.attachShadow({ mode: 'open' });
      const sheet = api && styleSheet(api, host.ownerDocument);
      if (sheet && !parent.adoptedStyleSheets.includes(sheet)) {
        parent.adoptedStyleSheets = [...parent.adoptedStyleSheets, sheet];
      }
    } catch {
      parent = host; // elements that cannot host a shadow root (<p>, …): light DOM
    }
  }
  for (const old of [...parent.children]) {
    if (old.classList.contains('folio-root')) old.remove();
  }
  const container = host.ownerDocument.createElement('div');
  container.className = 'folio-root';
  container.setAttribute('part', 'root');
  // In-post links (`#id`: heading anchors, footnotes and their back links)
  // point into this element's root, which the page's own `#id` lookup
  // cannot see inside a shadow root: scroll there ourselves. The listener
  // is on our container, so it goes with the element and never sees the
  // host page's clicks.
  container.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey) return;
    const id = decodeURIComponent(link.getAttribute('href').slice(1));
    const root = container.getRootNode();
    const target = id && (root.getElementById ? root.getElementById(id) : null);
    if (!target) return;
    event.preventDefault();
    target.scrollIntoView({ block: 'start' });
  });
  parent.append(container);
  return container;
}

function showError(container, message) {
  container.replaceChildren();
  const document = container.ownerDocument;
  const box = document.createElement('div');
  box.className = 'folio-error';
  box.setAttribute('part', 'error');
  box.setAttribute('role', 'alert');
  box.dataset.testid = 'folio-error';
  const title = document.createElement('p');
  title.textContent = 'Folio could not show this.';
  const detail = document.createElement('div');
  detail.textContent = message;
  box.append(title, detail);
  container.append(box);
}

function meta(name) {
  const content = document.querySelector(`meta[name="${name}"]`)?.getAttribute('content');
  return content || undefined;
}

/** Strips the indentation common to every non-blank line (Markdown written indented inside HTML). */
function dedent(text) {
  const lines = text.replace(/^\s*\n/, '').replace(/\s+$/, '').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => l.match(/^[ \t]*/)[0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n') + '\n';
}

const liveElements = new Set();
const liveHandles = new Set();

class FolioHandle {
  #handle; #markdown; #options;
  constructor(handle, markdown, options) {
    this.#handle = handle; this.#markdown = markdown; this.#options = options;
    liveHandles.add(this);
  }
  /** Re-renders with new Markdown (and options, if given); unchanged blocks keep their DOM. */
  update(markdown, options) {
    if (!this.#handle) return;
    this.#markdown = markdown;
    if (options) this.#options = options;
    this.#handle.update(markdown, options ? wasmOptions(options) : undefined);
  }
  /** Unmounts and frees the post; later calls do nothing. */
  destroy() {
    liveHandles.delete(this);
    if (this.#handle) { this.#handle.destroy(); this.#handle.free(); this.#handle = null; }
  }
  get mounted() { return this.#handle !== null; }
  /** @internal re-render after a shortcode registration */
  refresh() { this.update(this.#markdown); }
}

function wasmOptions(options = {}) {
  return {
    untrusted: Boolean(options.untrusted),
    unsafe: Boolean(options.unsafe),
    embeds: options.embeds,
    tweetScript: options.tweetScript || meta('folio:tweet-script'),
    highlighter: options.highlighter,
    base: options.base,
    limit: options.limit,
    site: options.site && typeof options.site === 'object' ? options.site : undefined,
  };
}

/**
 * Renders `markdown` (a post, front matter optional) into `element` and
 * returns a handle with update(markdown) and destroy(). `options`:
 * { untrusted, embeds: 'live'|'click-to-load'|'off', theme: 'light'|'dark'|'auto',
 *   base, tweetScript, highlighter, shadow (default true),
 *   site: { config: [fileName, text], shortcodes: { name: templateSource } }
 *   (the `site` of an index.json from `folio index --site`) }.
 */
export async function render(element, markdown, options = {}) {
  const api = await ready();
  const container = makeContainer(element, api, options.shadow !== false);
  container.dataset.theme = options.theme || 'auto';
  return new FolioHandle(api.mount(container, String(markdown), wasmOptions(options)), String(markdown), options);
}

/** The post as an HTML string (errors, title, content); nothing live. */
export async function renderToString(markdown, options = {}) {
  const api = await ready();
  return api.renderToString(String(markdown), wasmOptions(options));
}

/**
 * Registers a shortcode implemented in JavaScript: `fn(params, inner)`
 * returns HTML (for {{< >}}) or Markdown (for {{% %}}). `params` is null,
 * an array (positional) or an object (named). Output is sanitised for
 * untrusted content. Mounted posts re-render.
 */
export async function registerShortcode(name, fn) {
  const api = await ready();
  api.registerShortcode(String(name), (params, inner) => String(fn(params, inner) ?? ''));
  for (const element of liveElements) element.refresh();
  for (const handle of liveHandles) handle.refresh();
}

/** Shared life cycle of the three elements: render when connected or changed, free when removed. */
class FolioElement extends HTMLElement {
  _handle = null;
  _container = null;
  _generation = 0;
  _pending = false;
  _key = null;

  connectedCallback() {
    liveElements.add(this);
    this.refresh();
  }

  disconnectedCallback() {
    liveElements.delete(this);
    this._generation++;
    this._free();
  }

  attributeChangedCallback(_name, old, value) {
    if (old !== value && this.isConnected) this.refresh();
  }

  /** Renders again (coalesced: many changes in one task render once). */
  refresh() {
    if (this._pending) return;
    this._pending = true;
    queueMicrotask(() => {
      this._pending = false;
      if (this.isConnected) this._run();
    });
  }

  _free() {
    if (this._handle) {
      try { this._handle.destroy(); this._handle.free(); } catch { /* already gone */ }
      this._handle = null;
    }
  }

  async _run() {
    const generation = ++this._generation;
    const current = () => generation === this._generation && this.isConnected;
    let api;
    try {
      api = await ready();
      if (!current()) return;
      if (!this._container || !this._container.isConnected) {
        this._free();
        this._container = makeContainer(this, api, !this.hasAttribute('no-shadow'));
      }
      this._container.dataset.theme = this.getAttribute('theme') || 'auto';
      await this._render(api, current);
    } catch (error) {
      if (!current()) return;
      this._free();
      const message = error && error.message ? error.message : String(error);
      try {
        if (!this._container) this._container = makeContainer(this, api, !this.hasAttribute('no-shadow'));
        showError(this._container, message);
      } catch { /* nowhere to show it: stay quiet rather than throw into the page */ }
      this.dispatchEvent(new CustomEvent('folio-error', { detail: { message } }));
    }
  }

  /** Mounts `markdown`, or updates the mounted post when only the text changed. */
  _show(api, markdown, options) {
    const key = JSON.stringify(options);
    if (this._handle && this._key === key && this._container.firstElementChild?.matches('article')) {
      this._handle.update(markdown);
    } else {
      this._free();
      this._container.replaceChildren();
      this._handle = api.mount(this._container, markdown, options);
      this._key = key;
    }
    this.dispatchEvent(new CustomEvent('folio-render'));
  }

  /**
   * The `site` attribute: the URL of an index.json from `folio index --site`
   * (its `site`: config and shortcode templates) or of that `site` object
   * alone; fetched once per URL for the whole page.
   */
  async _site() {
    const src = this.getAttribute('site');
    if (!src) return undefined;
    const url = new URL(src, document.baseURI).href;
    if (!siteCache.has(url)) {
      siteCache.set(url, fetchText(url, 'site').then((text) => {
        const json = JSON.parse(text);
        return json && typeof json.site === 'object' ? json.site : json;
      }).catch((error) => { siteCache.delete(url); throw error; }));
    }
    return siteCache.get(url);
  }

  _options(untrusted, site) {
    return wasmOptions({
      site,
      untrusted,
      unsafe: this.hasAttribute('unsafe') && this.getAttribute('unsafe') !== 'false',
      embeds: this.getAttribute('embeds') || meta('folio:embeds'),
      tweetScript: this.getAttribute('tweet-script') || undefined,
      highlighter: this.getAttribute('highlighter') || undefined,
      base: this.getAttribute('base') || undefined,
    });
  }
}

/** Whether the `untrusted` attribute asks for it; `fallback` when absent. */
function untrustedAttr(element, fallback) {
  if (!element.hasAttribute('untrusted')) return fallback;
  return element.getAttribute('untrusted') !== 'false';
}

/** Sites named by `site` attributes, by URL: one fetch each per page. */
const siteCache = new Map();

async function fetchText(url, what) {
  let response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (error) {
    throw new Error(`could not load ${what} ${url}: ${error.message || error}`);
  }
  if (response.status === 404) throw new Error(`${what} not found: ${url}`);
  if (!response.ok) throw new Error(`could not load ${what} ${url}: HTTP ${response.status}`);
  return response.text();
}

/** <folio-post src="post.md" site="index.json" theme embeds untrusted base no-shadow tweet-script highlighter> */
class FolioPost extends FolioElement {
  static observedAttributes = ['src', 'site', 'theme', 'embeds', 'untrusted', 'unsafe', 'base', 'tweet-script', 'highlighter'];

  async _render(api, current) {
    const src = this.getAttribute('src');
    if (!src) throw new Error('<folio-post> needs a src attribute (the URL of a post file)');
    const url = new URL(src, document.baseURI);
    const crossOrigin = url.origin !== location.origin;
    const [text, site] = await Promise.all([fetchText(url.href, 'post'), this._site()]);
    if (!current()) return;
    const options = this._options(untrustedAttr(this, crossOrigin), site);
    if (!options.base && crossOrigin) options.base = url.href;
    this._show(api, text, options);
  }
}

/**
 * <folio-markdown>: renders its own text (or a <script type="text/markdown"> child); untrusted unless untrusted="false".
 * Its `markdown` property reads and sets the text; setting it re-renders (in both modes).
 * In shadow mode any change to the light DOM text re-renders; with `no-shadow` the rendered post
 * replaces plain text children, so later changes come through the property or a
 * <script type="text/markdown"> child, which stays (invisible) and is watched.
 */
class FolioMarkdown extends FolioElement {
  static observedAttributes = ['site', 'theme', 'embeds', 'untrusted', 'unsafe', 'base', 'tweet-script', 'highlighter'];
  _observer = null;
  _source = null;
  _set = false;

  get markdown() {
    return this._source ?? this._readSource();
  }

  set markdown(text) {
    this._source = String(text ?? '');
    this._set = true;
    this.refresh();
  }

  connectedCallback() {
    if (!this._observer) {
      // Shadow mode: the light DOM is only the source, so any change to it is an edit.
      // no-shadow: the light DOM holds the rendered post; only the source script is watched.
      this._observer = new MutationObserver((records) => {
        if (this._set) return;
        const shadow = !this.hasAttribute('no-shadow');
        const inSource = (node) => {
          for (let n = node; n && n !== this; n = n.parentNode) {
            if (n.nodeType === 1 && n.matches('script[type="text/markdown"]')) return true;
          }
          return false;
        };
        if (shadow || records.some((r) => inSource(r.target))) {
          this._source = null;
          this.refresh();
        }
      });
      this._observer.observe(this, { childList: true, characterData: true, subtree: true });
    }
    super.connectedCallback();
  }

  disconnectedCallback() {
    this._observer?.disconnect();
    this._observer = null;
    super.disconnectedCallback();
  }

  _readSource() {
    const script = this.querySelector('script[type="text/markdown"]');
    if (script) return dedent(script.textContent);
    const clone = this.cloneNode(true);
    clone.querySelectorAll('.folio-root').forEach((n) => n.remove());
    return dedent(clone.textContent);
  }

  async _render(api, current) {
    const site = await this._site();
    if (!current()) return;
    if (this._source === null) {
      this._source = this._readSource();
      if (this.hasAttribute('no-shadow')) {
        // The rendered post replaces the source text in the light DOM (a source script stays: it is invisible).
        for (const node of [...this.childNodes]) {
          const keep = node === this._container || (node.nodeType === 1 && node.matches('script[type="text/markdown"]'));
          if (!keep) node.remove();
        }
      }
    }
    this._show(api, this._source, this._options(untrustedAttr(this, true), site));
  }
}

/** <folio-list src="index.json" limit="5" base="https://blog.example/">: the posts of a Folio index. */
class FolioList extends FolioElement {
  static observedAttributes = ['src', 'limit', 'base', 'theme', 'untrusted'];

  async _render(api, current) {
    const src = this.getAttribute('src');
    if (!src) throw new Error('<folio-list> needs a src attribute (the URL of an index.json)');
    const url = new URL(src, document.baseURI);
    const crossOrigin = url.origin !== location.origin;
    const text = await fetchText(url.href, 'post index');
    if (!current()) return;
    const limit = Number.parseInt(this.getAttribute('limit') || '', 10);
    const html = api.renderList(text, {
      untrusted: untrustedAttr(this, crossOrigin),
      limit: Number.isFinite(limit) && limit >= 0 ? limit : undefined,
      base: this.getAttribute('base') || (crossOrigin ? url.origin : ''),
    });
    this._free();
    this._container.innerHTML = html;
    this.dispatchEvent(new CustomEvent('folio-render'));
  }
}

for (const [name, element] of [['folio-post', FolioPost], ['folio-markdown', FolioMarkdown], ['folio-list', FolioList]]) {
  if (!customElements.get(name)) customElements.define(name, element);
}
