// The embeddable widget end to end: examples/widget.html (a host page with
// hostile CSS and a strict CSP) with three Folio elements, in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage } from './harness.mjs';

const PAGE = '/examples/widget.html';
const EXAMPLE_TWEETS = [
  '868470099023409153', '868381608042213378', '868407332589502464',
  '868745584471142401', '868772520719155200',
];

let browser;
let server;
before(async () => { browser = await launchBrowser(); server = await startServer(); });
after(async () => { await browser?.close(); await server?.close(); });

/**
 * The example page, with Twitter's widgets.js answered by the harness's
 * fake (the page's CSP allows platform.twitter.com, as a real host's would)
 * and every CSP violation recorded in window.__violations.
 */
async function openExample() {
  const page = await newPage(browser);
  const fake = await (await fetch(server.base + '/__fake/widgets.js')).text();
  await page.route('https://platform.twitter.com/widgets.js', (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: fake }));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    // Records every listener the widget adds to window or document.
    window.__listeners = [];
    for (const [name, target] of [['window', window], ['document', document]]) {
      const add = target.addEventListener;
      target.addEventListener = function (type, ...rest) {
        // Only the widget's own calls (Playwright adds some of its own).
        if (/\/folio\//.test(new Error().stack)) window.__listeners.push(`${name}:${type}`);
        return add.call(this, type, ...rest);
      };
    }
  });
  page.consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.consoleErrors.push(m.text()); });
  await page.goto(server.base + PAGE);
  await page.waitForFunction(() => document.querySelector('#post')?.shadowRoot?.querySelector('[data-testid="post-title"]'));
  return page;
}

/** Runs `fn(root)` in the page with the shadow root of `selector`. */
const inShadow = (page, selector, fn, arg) => page.evaluate(
  ([selector, body, arg]) => new Function('root', 'arg', `return (${body})(root, arg)`)(document.querySelector(selector).shadowRoot, arg),
  [selector, fn.toString(), arg]);

test('folio-post shows the example post with its title and five live tweets, in its shadow root', { timeout: 60_000 }, async () => {
  const page = await openExample();
  assert.equal(await inShadow(page, '#post', (root) => root.querySelector('[data-testid="post-title"]').textContent), "PyconWeb - May'17");
  await page.waitForFunction(() => (window.__tweets || []).length === 5);
  assert.deepEqual(await page.evaluate(() => window.__tweets.map((t) => t.id)), EXAMPLE_TWEETS);
  const ids = await inShadow(page, '#post', (root) => [...root.querySelectorAll('[data-testid="tweet"]')].map((e) => e.dataset.tweetId));
  assert.deepEqual(ids, EXAMPLE_TWEETS);
  await page.waitForFunction(() => document.querySelector('#post').shadowRoot.querySelectorAll('[data-embed="live"]').length === 5);
  // The other two widgets rendered too.
  await page.waitForFunction(() => document.querySelector('#list').shadowRoot?.querySelectorAll('.post-item').length > 0);
  await page.waitForFunction(() => document.querySelector('#markdown').shadowRoot?.querySelector('h1')?.textContent === 'Written in the page');
  // Nothing page-level changed: no window or document listeners, title,
  // <html> attributes, head, light DOM.
  assert.deepEqual(await page.evaluate(() => window.__listeners), []);
  assert.equal(await page.title(), 'A host page with three Folio widgets');
  assert.equal(await page.evaluate(() => document.documentElement.getAttributeNames().join(',')), 'lang');
  assert.equal(await page.evaluate(() => document.querySelector('link[rel="canonical"]')), null);
  assert.equal(await page.evaluate(() => document.querySelector('#post').children.length), 0);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.consoleErrors, []);
  assert.deepEqual(page.external, []);
});

test('hostile host CSS does not change Folio\'s computed styles', { timeout: 60_000 }, async () => {
  const page = await openExample();
  const styles = await inShadow(page, '#post', (root) => {
    const pick = (el) => { const s = getComputedStyle(el); return { color: s.color, fontSize: s.fontSize, display: s.display, fontFamily: s.fontFamily }; };
    return { title: pick(root.querySelector('.post-title')), p: pick(root.querySelector('.post-body p')), body: pick(root.querySelector('.post-body')) };
  });
  for (const [what, s] of Object.entries(styles)) {
    assert.notEqual(s.color, 'rgb(255, 0, 0)', `${what} is red`);
    assert.notEqual(s.display, 'none', `${what} is hidden`);
    assert.ok(!s.fontFamily.includes('Comic'), `${what} font ${s.fontFamily}`);
  }
  assert.equal(styles.p.fontSize, '18px');
  assert.equal(styles.p.display, 'block');
  assert.equal(styles.title.fontSize, '39.6px'); // 2.2em of 18px
  // The host's own paragraphs are indeed hidden and red: the CSS is live.
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.host-note')).color), 'rgb(255, 0, 0)');
  // Custom properties reach in, by design.
  await page.evaluate(() => document.querySelector('#post').style.setProperty('--folio-fg', 'rgb(1, 2, 3)'));
  assert.equal(await inShadow(page, '#post', (root) => getComputedStyle(root.querySelector('.post-body p')).color), 'rgb(1, 2, 3)');
});

test('an element added later renders; a missing post shows an error in that element only', { timeout: 60_000 }, async () => {
  const page = await openExample();
  await page.evaluate(() => {
    const late = document.createElement('folio-post');
    late.id = 'late';
    late.setAttribute('src', '/content/posts/2017-05-28-pyconweb-may17.md');
    late.setAttribute('embeds', 'off');
    const missing = document.createElement('folio-post');
    missing.id = 'missing';
    missing.setAttribute('src', '/content/posts/no-such-post.md');
    document.body.append(late, missing);
  });
  await page.waitForFunction(() => document.querySelector('#late').shadowRoot?.querySelector('[data-testid="post-title"]'));
  await page.waitForFunction(() => document.querySelector('#missing').shadowRoot?.querySelector('[data-testid="folio-error"]'));
  const error = await inShadow(page, '#missing', (root) => root.querySelector('[data-testid="folio-error"]').textContent);
  assert.match(error, /not found/);
  assert.match(error, /no-such-post\.md/);
  // Only there: the others still show their posts, without errors.
  for (const id of ['#post', '#late', '#markdown', '#list']) {
    assert.equal(await inShadow(page, id, (root) => root.querySelector('[data-testid="folio-error"]')), null, id);
  }
  // embeds="off": the late post's tweets stay cards.
  assert.equal(await inShadow(page, '#late', (root) => root.querySelectorAll('[data-testid="tweet"]:not([data-embed])').length), 5);
  // Attribute changes re-render; removal frees the element.
  await page.evaluate(() => document.querySelector('#missing').setAttribute('src', '/content/posts/2017-05-28-pyconweb-may17.md'));
  await page.waitForFunction(() => document.querySelector('#missing').shadowRoot.querySelector('[data-testid="post-title"]'));
  await page.evaluate(() => document.querySelector('#late').remove());
  assert.equal(await page.evaluate(() => document.querySelector('#late')), null);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.consoleErrors.filter((e) => !e.includes('404')), []);
});

test('a parse error is shown with its line inside the element', { timeout: 60_000 }, async () => {
  const page = await openExample();
  await page.evaluate(() => {
    const el = document.createElement('folio-markdown');
    el.id = 'broken';
    el.textContent = '+++\ntitle = "unterminated\n+++\n\nBody text.\n';
    document.body.append(el);
  });
  await page.waitForFunction(() => document.querySelector('#broken').shadowRoot?.querySelector('[data-testid="folio-error"]'));
  const error = await inShadow(page, '#broken', (root) => root.querySelector('[data-testid="folio-error"]').textContent);
  assert.match(error, /line \d+/);
  assert.match(await inShadow(page, '#broken', (root) => root.querySelector('.post-body').textContent), /Body text/);
});

test('untrusted content cannot run script: <img onerror> is stripped and the handler never runs', { timeout: 60_000 }, async () => {
  const page = await openExample();
  await page.exposeFunction('__canary', () => { page.canaryRan = true; });
  await page.evaluate(async () => {
    const el = document.createElement('folio-markdown');
    el.id = 'hostile';
    el.setAttribute('unsafe', ''); // keep raw HTML, through the sanitiser
    const source = document.createElement('script');
    source.type = 'text/markdown';
    source.textContent = 'Before\n\n<img src=x onerror="window.__canary()"><a href="javascript:window.__canary()">j</a>\n\n{{< js-hook >}}\n\nAfter\n';
    el.append(source);
    const { registerShortcode } = await import('/folio/folio-widget.js');
    await registerShortcode('js-hook', () => '<b class="from-js" onclick="window.__canary()">from JS</b><img src=y onerror="window.__canary()">');
    document.body.append(el);
  });
  await page.waitForFunction(() => document.querySelector('#hostile').shadowRoot?.querySelector('.from-js'));
  await page.waitForTimeout(500); // give a broken image time to fire onerror
  const html = await inShadow(page, '#hostile', (root) => root.querySelector('.post-body').innerHTML);
  assert.ok(html.includes('<img'), html); // the image stays, without its handler
  assert.ok(!/onerror|onclick|javascript:/i.test(html), html);
  await page.evaluate(() => document.querySelector('#hostile').shadowRoot.querySelector('.from-js').click());
  assert.equal(page.canaryRan, undefined);
  assert.deepEqual(page.errors, []);
});

test('no CSP violation, and a click on a host link is not intercepted', { timeout: 60_000 }, async () => {
  const page = await openExample();
  await page.waitForFunction(() => document.querySelector('#list').shadowRoot?.querySelector('.post-item'));
  const prevented = await page.evaluate(() => new Promise((resolve) => {
    document.addEventListener('click', (e) => setTimeout(() => resolve(e.defaultPrevented)), { once: true });
    document.querySelector('#host-link').click();
  }));
  assert.equal(prevented, false);
  assert.equal(new URL(page.url()).hash, '#host-anchor');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
});

test('no-shadow renders into the light DOM; the JS API renders, updates and destroys', { timeout: 60_000 }, async () => {
  const page = await openExample();
  await page.evaluate(() => {
    const el = document.createElement('folio-markdown');
    el.id = 'light';
    el.setAttribute('no-shadow', '');
    el.textContent = '# Light\n\nIn the light DOM.\n';
    document.body.append(el);
  });
  await page.waitForFunction(() => document.querySelector('#light .folio-root h1')?.textContent === 'Light');
  assert.equal(await page.evaluate(() => document.querySelector('#light').shadowRoot), null);
  assert.doesNotMatch(await page.evaluate(() => document.querySelector('#light').textContent), /^\s*# Light/);
  // Later text changes: the `markdown` property, and a watched <script type="text/markdown"> child.
  const block = await page.evaluate(() => {
    const el = document.querySelector('#light');
    window.__lightBlock = el.querySelector('.folio-block:last-child');
    el.markdown = '# Light again\n\nIn the light DOM.\n';
    return el.markdown;
  });
  assert.match(block, /^# Light again/);
  await page.waitForFunction(() => document.querySelector('#light .folio-root h1')?.textContent === 'Light again');
  assert.equal(await page.evaluate(() => document.querySelector('#light .folio-block:last-child') === window.__lightBlock), true,
    'the unchanged paragraph keeps its DOM node');
  await page.evaluate(() => {
    const el = document.createElement('folio-markdown');
    el.id = 'light-script';
    el.setAttribute('no-shadow', '');
    el.innerHTML = '<script type="text/markdown"># From a script\n</script>';
    document.body.append(el);
  });
  await page.waitForFunction(() => document.querySelector('#light-script .folio-root h1')?.textContent === 'From a script');
  await page.evaluate(() => { document.querySelector('#light-script script').textContent = '# Edited script\n'; });
  await page.waitForFunction(() => document.querySelector('#light-script .folio-root h1')?.textContent === 'Edited script');
  const result = await page.evaluate(async () => {
    const { render, renderToString } = await import('/folio/folio-widget.js');
    const host = document.createElement('div');
    document.body.append(host);
    const handle = await render(host, '# One\n\nfirst\n');
    await new Promise((r) => setTimeout(r, 50));
    const first = host.shadowRoot.querySelector('h1').textContent;
    const block = host.shadowRoot.querySelector('.folio-block');
    handle.update('# One\n\nsecond\n');
    await new Promise((r) => setTimeout(r, 50));
    const second = host.shadowRoot.querySelector('.post-body').textContent;
    const kept = host.shadowRoot.querySelector('.folio-block') === block;
    handle.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const after = host.shadowRoot.querySelector('.folio-root').children.length;
    // An element in a same-origin iframe (a CMS preview pane) gets styles made in its own document.
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const inFrame = frame.contentDocument.createElement('div');
    frame.contentDocument.body.append(inFrame);
    await render(inFrame, 'In a frame\n');
    await new Promise((r) => setTimeout(r, 50));
    const framed = frame.contentWindow.getComputedStyle(inFrame.shadowRoot.querySelector('.post-body p')).fontSize;
    const html = await renderToString('+++\ntitle = "T"\n+++\nHello *you*\n');
    return { first, second, kept, after, html, framed };
  });
  assert.equal(result.first, 'One');
  assert.match(result.second, /second/);
  assert.equal(result.kept, true);
  assert.equal(result.after, 0);
  assert.equal(result.framed, '18px');
  assert.match(result.html, /<h1 class="post-title" part="title">T<\/h1>/);
  assert.match(result.html, /<p>Hello <em>you<\/em><\/p>/);
  assert.deepEqual(page.errors, []);
});

test('a post from another origin is untrusted by default: registered shortcode output is sanitised', { timeout: 60_000 }, async () => {
  // A second origin serving a post with CORS, as another blog would.
  const http = await import('node:http');
  const other = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/markdown', 'access-control-allow-origin': '*' });
    res.end('+++\ntitle = "From elsewhere"\n+++\n\n{{< js-hook >}}\n');
  });
  await new Promise((resolve) => other.listen(0, '127.0.0.1', resolve));
  const postUrl = `http://127.0.0.1:${other.address().port}/post.md`;
  try {
    const page = await newPage(browser);
    await page.exposeFunction('__canary', () => { page.canaryRan = true; });
    // A host page without a CSP (the example's connect-src 'self' would refuse the other origin).
    await page.goto(server.base + '/examples/minimal.html');
    await page.evaluate(async (src) => {
      const { registerShortcode } = await import('/folio/folio-widget.js');
      await registerShortcode('js-hook', () => '<b class="from-js" onclick="window.__canary()">from JS</b>');
      for (const [id, trust] of [['foreign', null], ['trusted', 'false']]) {
        const el = document.createElement('folio-post');
        el.id = id;
        el.setAttribute('src', src);
        if (trust) el.setAttribute('untrusted', trust);
        document.body.append(el);
      }
    }, postUrl);
    for (const id of ['#foreign', '#trusted']) {
      await page.waitForFunction((id) => document.querySelector(id).shadowRoot?.querySelector('.from-js'), id);
    }
    const foreign = await inShadow(page, '#foreign', (root) => root.querySelector('.post-body').innerHTML);
    const trusted = await inShadow(page, '#trusted', (root) => root.querySelector('.post-body').innerHTML);
    assert.ok(!foreign.includes('onclick'), foreign);
    assert.ok(trusted.includes('onclick'), trusted); // untrusted="false": the host's choice
    await page.evaluate(() => document.querySelector('#foreign').shadowRoot.querySelector('.from-js').click());
    assert.equal(page.canaryRan, undefined);
    assert.equal(await inShadow(page, '#foreign', (root) => root.querySelector('[data-testid="post-title"]').textContent), 'From elsewhere');
    assert.deepEqual(page.errors, []);
  } finally {
    await new Promise((resolve) => { other.close(resolve); other.closeAllConnections(); });
  }
});

test('render() takes a site: its config and shortcode templates; an unreadable site is an error in the element', { timeout: 60_000 }, async () => {
  const page = await openExample();
  const result = await page.evaluate(async () => {
    const { render, renderToString } = await import('/folio/folio-widget.js');
    const site = {
      config: ['hugo.toml', 'title = "S"\n[params]\nowner = "Ada"\n'],
      shortcodes: { note: '<aside class="note">{{ .Get "type" }}: {{ .Inner | markdownify }}</aside>' },
    };
    const post = '{{< note type="tip" >}}Hi **there**{{< /note >}}\n';
    const host = document.createElement('div');
    document.body.append(host);
    const handle = await render(host, post, { site });
    await new Promise((r) => setTimeout(r, 50));
    const note = host.shadowRoot.querySelector('aside.note')?.outerHTML;
    handle.update(post.replace('tip', 'warning'));
    await new Promise((r) => setTimeout(r, 50));
    const updated = host.shadowRoot.querySelector('aside.note')?.textContent;
    const withoutSite = await renderToString(post);
    const bad = document.createElement('div');
    document.body.append(bad);
    await render(bad, 'Still *rendered*\n', { site: { config: ['hugo.toml', 'title = = "x"'] } });
    await new Promise((r) => setTimeout(r, 50));
    return { note, updated, withoutSite, badText: bad.shadowRoot.textContent };
  });
  assert.equal(result.note, '<aside class="note">tip: Hi <strong>there</strong></aside>');
  assert.equal(result.updated, 'warning: Hi there');
  assert.doesNotMatch(result.withoutSite, /<aside/);
  assert.match(result.badText, /Still rendered/);
  assert.match(result.badText, /hugo\.toml|TOML|expected/i);
  assert.deepEqual(page.errors, []);
});

test('the site attribute brings a site\'s shortcode templates to an element, fetched once for the page', { timeout: 60_000 }, async () => {
  const page = await openExample();
  const before = server.requests.filter((r) => r.endsWith('folio-site.json')).length;
  await page.evaluate(() => {
    for (const id of ['site-a', 'site-b']) {
      const md = document.createElement('folio-markdown');
      md.id = id;
      md.setAttribute('untrusted', 'false');
      md.setAttribute('site', '/examples/decap-cms/admin/folio-site.json');
      md.textContent = '{{< note type="tip" >}}Read *this*.{{< /note >}}';
      document.body.append(md);
    }
  });
  for (const id of ['#site-a', '#site-b']) {
    await page.waitForFunction((sel) => document.querySelector(sel).shadowRoot?.querySelector('aside.note'), id);
    const html = await inShadow(page, id, (root) => root.querySelector('aside.note').outerHTML);
    assert.match(html, /class="note note-tip"/);
    assert.match(html, /<strong>TIP<\/strong>/);
    assert.match(html, /<em>this<\/em>/);
  }
  assert.equal(server.requests.filter((r) => r.endsWith('folio-site.json')).length - before, 1);
  // Without the site, the shortcode is unknown: shown as its source, marked.
  await page.evaluate(() => document.querySelector('#site-b').removeAttribute('site'));
  await page.waitForFunction(() => document.querySelector('#site-b').shadowRoot.querySelector('.folio-shortcode-error'));
  assert.deepEqual(page.errors, []);
});

test('footnote and heading links scroll inside the shadow root and leave the host page\'s URL alone', { timeout: 60_000 }, async () => {
  const page = await openExample();
  await page.evaluate(() => {
    const md = document.createElement('folio-markdown');
    md.id = 'notes';
    md.setAttribute('untrusted', 'false');
    md.textContent = 'See the note.[^1]\n\n' + 'Filler paragraph.\n\n'.repeat(80) + '[^1]: The note itself.\n';
    document.body.append(md);
  });
  await page.waitForFunction(() => document.querySelector('#notes').shadowRoot?.querySelector('a.footnote-ref'));
  const before = page.url();
  await page.evaluate(() => document.querySelector('#notes').shadowRoot.querySelector('a.footnote-ref').click());
  await page.waitForFunction(() => {
    const li = document.querySelector('#notes').shadowRoot.getElementById('fn:1');
    const top = li.getBoundingClientRect().top;
    return top >= -1 && top < window.innerHeight;
  });
  assert.equal(page.url(), before);
  assert.deepEqual(page.errors, []);
});

test('a widget\'s theme attribute sets its live tweets\' theme', { timeout: 60_000 }, async () => {
  const page = await openExample();
  await page.waitForFunction(() => (window.__tweets || []).length >= 5);
  const before = await page.evaluate(() => window.__tweets.length);
  await page.evaluate(() => {
    const post = document.createElement('folio-post');
    post.id = 'dark';
    post.setAttribute('theme', 'dark');
    post.setAttribute('src', '/content/posts/2017-05-28-pyconweb-may17.md');
    document.body.append(post);
  });
  await page.waitForFunction((n) => window.__tweets.length >= n + 5, before);
  const themes = await page.evaluate((n) => window.__tweets.slice(n).map((t) => t.options.theme), before);
  assert.deepEqual(themes, ['dark', 'dark', 'dark', 'dark', 'dark']);
});
