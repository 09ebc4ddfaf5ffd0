// The XSS corpus in the browser: every payload of
// crates/folio-core/tests/xss/payloads.txt becomes a post of a site that
// keeps raw HTML (goldmark `unsafe = true`), the page says
// `<meta name="folio:trust" content="untrusted">`, and a canary
// `window.__xss` (which the payloads call instead of alert) must never run,
// on the home pages (summaries from the index) or on any post.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServer, launchBrowser, newPage } from './harness.mjs';

const PAYLOADS = 'crates/folio-core/tests/xss/payloads.txt';

function payloads() {
  const text = fs.readFileSync(PAYLOADS, 'utf8');
  const body = text.slice(text.indexOf('\n') + 1).replace(/\n$/, '');
  return body.split('\n%%\n');
}

/** A Hugo site with unsafe HTML and one post per payload. */
function buildSite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-xss-'));
  const content = path.join(dir, 'content');
  fs.mkdirSync(path.join(content, 'posts'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'hugo.toml'),
    'title = "XSS"\nenableInlineShortcodes = true\n[markup.goldmark.renderer]\nunsafe = true\n');
  payloads().forEach((payload, n) => {
    const name = `p${String(n).padStart(3, '0')}`;
    const hasFrontMatter = /^(---|\+\+\+|\{)/.test(payload);
    const src = hasFrontMatter ? payload
      : `---\ntitle: "Payload ${n}"\ndate: 2020-01-01\n---\n${payload}\n`;
    fs.writeFileSync(path.join(content, 'posts', `${name}.md`), src);
  });
  // The index as `folio index` builds it: with the site's trust, so the
  // summaries in it are raw; the untrusted app must sanitise them.
  // Payloads with broken shortcodes are input errors (exit 1); the index is
  // written all the same.
  const run = spawnSync('cargo', ['run', '--quiet', '--locked', '--bin', 'folio', '--',
    'index', '--site', dir, content], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (!fs.existsSync(path.join(content, 'index.json'))) {
    throw new Error(`folio index failed (${run.status}): ${run.stderr}`);
  }
  return { dir, content };
}

let browser;
let site;
before(async () => { site = buildSite(); browser = await launchBrowser(); });
after(async () => {
  await browser?.close();
  if (site) fs.rmSync(site.dir, { recursive: true, force: true });
});

/**
 * A page with the canary: `window.__xss()` (which the payloads call instead
 * of alert) records that it ran and where, dialogs are recorded, and
 * `window.__scriptVectors(elements)` hovers over each element, as a
 * reader's mouse would, and lists what could run script on a click: event
 * handler attributes, script URLs, and elements that carry script or can
 * restyle or redirect the page.
 */
async function canaryPage() {
  const page = await newPage(browser);
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.addInitScript(() => {
    window.__xssCalled = false;
    window.__xssFrom = [];
    window.__xss = () => { window.__xssCalled = true; window.__xssFrom.push(location.pathname); };
    const tags = ['script', 'object', 'embed', 'base', 'form', 'svg', 'math', 'style'];
    window.__scriptVectors = (elements) => {
      const found = [];
      for (const el of elements) {
        el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
        for (const a of el.attributes) {
          const v = a.value.replace(/[\s\x00-\x1f]/g, '').toLowerCase();
          if (/^on/i.test(a.name) || /^(javascript|vbscript):|^data:text/.test(v)) {
            found.push(`<${el.localName} ${a.name}="${a.value}">`);
          }
        }
        if (tags.includes(el.localName)) found.push(`<${el.localName}>`);
      }
      return found;
    };
  });
  return { page, dialogs };
}

/** Navigates inside the app (no reload), as a link click does. */
async function go(page, url) {
  await page.evaluate((u) => {
    history.pushState(null, '', u);
    dispatchEvent(new PopStateEvent('popstate'));
  }, url);
}

test('no payload runs script in the untrusted app, on the home pages or in a post', { timeout: 300_000 }, async () => {
  const server = await startServer({ content: site.content, meta: { 'folio:trust': 'untrusted' } });
  try {
    const { page, dialogs } = await canaryPage();
    const index = JSON.parse(fs.readFileSync(path.join(site.content, 'index.json'), 'utf8'));
    assert.ok(index.posts.length >= 150, `${index.posts.length} posts in the index`);
    await page.goto(server.base + '/');
    await page.getByTestId('post-item').first().waitFor();
    const pages = await page.evaluate(() => {
      const m = document.querySelector('.pagination .page-count')?.textContent.match(/of (\d+)/);
      return m ? Number(m[1]) : 1;
    });
    for (let n = 2; n <= pages; n++) {
      await go(page, `/page/${n}/`);
      await page.waitForFunction((t) => document.querySelector('.pagination .page-count')?.textContent === t,
        `Page ${n} of ${pages}`);
      await page.waitForTimeout(100);
    }
    let visited = 0;
    for (const entry of index.posts) {
      await go(page, entry.url);
      await page.waitForFunction((u) => location.pathname === u
        && document.querySelector('[data-testid="post-title"], [data-testid="not-found"], [data-testid="fetch-error"]'),
        entry.url, { timeout: 10_000 });
      const bad = await page.evaluate(() => window.__scriptVectors(document.querySelectorAll('main *')));
      assert.deepEqual(bad, [], `post ${entry.url}`);
      await page.waitForTimeout(40);
      visited++;
    }
    await page.waitForTimeout(1000);
    const called = await page.evaluate(() => ({ called: window.__xssCalled, from: window.__xssFrom }));
    assert.equal(visited, index.posts.length);
    assert.deepEqual(called, { called: false, from: [] }, 'the canary ran');
    assert.deepEqual(dialogs, [], 'a dialog opened');
    assert.equal(await page.getByTestId('fatal-error').count(), 0, 'the app panicked');
  } finally {
    await server.close();
  }
});

test('no payload runs script in the widget: folio-markdown and render() keep every payload inert', { timeout: 300_000 }, async () => {
  const server = await startServer();
  try {
    const { page, dialogs } = await canaryPage();
    await page.goto(server.base + '/examples/minimal.html');
    await page.waitForFunction(() => customElements.get('folio-markdown'));
    const all = payloads();
    // In batches: each payload once as <folio-markdown> (untrusted by
    // default) and once through render(), the JS API, untrusted, with a site that
    // keeps raw HTML (so the sanitiser, not goldmark's omission, decides).
    for (let from = 0; from < all.length; from += 40) {
      const batch = all.slice(from, from + 40);
      const bad = await page.evaluate(async (batch) => {
        const { render } = await import('/folio/folio-widget.js');
        const site = { config: ['hugo.toml', 'enableInlineShortcodes = true\n[markup.goldmark.renderer]\nunsafe = true\n'] };
        const hosts = [];
        for (const payload of batch) {
          const el = document.createElement('folio-markdown');
          const script = document.createElement('script');
          script.type = 'text/markdown';
          script.textContent = payload;
          el.append(script);
          document.body.append(el);
          const host = document.createElement('div');
          document.body.append(host);
          hosts.push(el, host);
          await render(host, payload, { site, untrusted: true }).catch(() => {});
        }
        await new Promise((r) => setTimeout(r, 300));
        const found = hosts.filter((h) => h.shadowRoot)
          .flatMap((h) => window.__scriptVectors(h.shadowRoot.querySelectorAll('*')));
        for (const host of hosts) host.remove();
        return found;
      }, batch);
      assert.deepEqual(bad, [], `payloads ${from}..${from + batch.length}`);
    }
    await page.waitForTimeout(500);
    assert.equal(await page.evaluate(() => window.__xssCalled), false, 'the canary ran');
    assert.deepEqual(dialogs, [], 'a dialog opened');
  } finally {
    await server.close();
  }
});

test('control: the canary does see script when the site trusts its posts', { timeout: 60_000 }, async () => {
  const server = await startServer({ content: site.content });
  try {
    const page = await newPage(browser);
    await page.addInitScript(() => { window.__xss = () => { window.__xssCalled = true; }; });
    const index = JSON.parse(fs.readFileSync(path.join(site.content, 'index.json'), 'utf8'));
    // Payload 2: <img src=x onerror=__xss()>, kept by an unsafe site.
    const entry = index.posts.find((p) => p.path === 'posts/p002.md');
    await page.goto(server.base + entry.url);
    await page.waitForFunction(() => window.__xssCalled === true, null, { timeout: 10_000 });
  } finally {
    await server.close();
  }
});

test('a panic shows the error panel instead of a dead page', { timeout: 60_000 }, async () => {
  const server = await startServer({ meta: { 'folio:debug-panic': 'yes' } });
  try {
    const page = await newPage(browser);
    await page.goto(server.base + '/');
    const panel = page.getByTestId('fatal-error');
    await panel.waitFor();
    assert.match(await panel.textContent(), /folio:debug-panic/);
    assert.ok(await panel.isVisible());
  } finally {
    await server.close();
  }
});
