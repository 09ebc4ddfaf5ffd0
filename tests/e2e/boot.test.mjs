// The boot script (boot/boot.js) fetches index.json (index-1.json on the
// home page) and the post while the
// wasm downloads; the app must use those responses instead of fetching again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

// The example post, at its own URL (its file is guessed rightly).
async function openExample(page, server) {
  await page.goto(`${server.base}/posts/2017-05-28-pyconweb-may17/`);
  await page.getByTestId('post-title').waitFor();
}

// The example's alias /old/shortcodes/: its guess (old/shortcodes.md) is
// no file; the app follows the alias to the post.
async function openAlias(page, server) {
  await page.goto(`${server.base}/old/shortcodes/`);
  await page.waitForURL(/\/posts\/2024-05-10-writing-with-shortcodes\/$/);
  await page.getByTestId('post-title').waitFor();
}

// No prefetch left unused, no error shown, no page error.
async function assertCleanPage(page) {
  const left = await page.evaluate(() => Object.keys(window.__folioPrefetch || {}));
  assert.deepEqual(left, []);
  assert.equal(await page.getByTestId('fetch-error').count(), 0);
  assert.deepEqual(page.errors, []);
}

test('a post page fetches index.json and the post once each, before the app asks', { timeout: 60_000 }, async () => {
  const server = await startServer();
  try {
    const page = await newPage(browser);
    await openExample(page, server);
    const count = (p) => server.requests.filter((r) => r === p).length;
    assert.equal(count('/content/index.json'), 1);
    assert.equal(count('/content/posts/2017-05-28-pyconweb-may17.md'), 1);
    // The post's fetch was started by boot.js (it left its promise behind
    // and the app took it), not by the app after mounting.
    await assertCleanPage(page);
    await page.context().close();
  } finally {
    await server.close();
  }
});

// How long index.json is held back in the guess test: the app cannot ask
// for the post before the index has arrived, so a request for the post
// before then is boot.js's guess.
const INDEX_DELAY_MS = 1500;

test('the post file is fetched beside index.json, guessed from the location; a wrong guess is unused', { timeout: 60_000 }, async () => {
  const server = await startServer({
    fault: (pathname) => (pathname === '/content/index.json' ? { delay: INDEX_DELAY_MS } : undefined),
  });
  try {
    // /posts/NAME/ -> posts/NAME.md: requested before index.json has arrived.
    // (Not by the order of requests: the wasm's and the two files' arrive
    // at the server in any order.)
    const page = await newPage(browser);
    await openExample(page, server);
    const at = (p) => server.log.find((r) => r.path === p)?.at;
    const index = at('/content/index.json');
    const post = at('/content/posts/2017-05-28-pyconweb-may17.md');
    assert.ok(index !== undefined && post !== undefined, server.requests.join(' '));
    assert.ok(post < index + INDEX_DELAY_MS,
      `the post was not requested before index.json arrived: ${JSON.stringify(server.log)}`);
    // Inlined: no request for the boot script of its own.
    assert.equal(server.requests.filter((r) => r.endsWith('boot.js')).length, 0);
    await page.context().close();

    // An alias (/old/shortcodes/) is guessed as old/shortcodes.md, which does
    // not exist: the index names the real file, the guess is dropped, the
    // post still shows once the app has followed the alias, with no error.
    const second = await newPage(browser);
    await openAlias(second, server);
    assert.equal(server.requests.filter((r) => r === '/content/old/shortcodes.md').length, 1);
    assert.equal(server.requests.filter((r) => r === '/content/posts/2024-05-10-writing-with-shortcodes.md').length, 1);
    await assertCleanPage(second);
    await second.context().close();
  } finally {
    await server.close();
  }
});

// Counts JSON.parse calls on an index's text (boot.js is the only script
// that parses the index in JS; the app parses it in wasm).
const countIndexParses = (page) => page.addInitScript(() => {
  const parse = JSON.parse;
  window.__indexParses = 0;
  JSON.parse = function (text, ...rest) {
    if (typeof text === 'string' && text.includes('"posts"')) window.__indexParses += 1;
    return parse.call(this, text, ...rest);
  };
});

test('boot.js reads the index only when its guess of the post file fails, a host fallback page included', { timeout: 60_000 }, async () => {
  // The guessed .md is answered with the host's web page (an SPA fallback,
  // status 200): not a post, so boot.js looks the location up in the index.
  const fallback = '<!DOCTYPE html><html><body>the app</body></html>';
  const server = await startServer({
    fault: (pathname) => (pathname === '/content/old/shortcodes.md'
      ? { status: 200, type: 'text/html; charset=utf-8', body: fallback } : undefined),
  });
  try {
    // A right guess: the index is left to the app (no JSON.parse of it
    // on the main thread while the app starts).
    const page = await newPage(browser);
    await countIndexParses(page);
    await openExample(page, server);
    assert.equal(await page.evaluate(() => window.__indexParses), 0);
    await assertCleanPage(page);
    await page.context().close();

    // A guess answered with the fallback page: looked up, dropped, and the
    // alias still reaches its post with no error.
    const second = await newPage(browser);
    await countIndexParses(second);
    await openAlias(second, server);
    assert.ok(await second.evaluate(() => window.__indexParses) >= 1);
    await assertCleanPage(second);
    await second.context().close();
  } finally {
    await server.close();
  }
});

test('on the home page only index-1.json is prefetched, and a failed prefetch is retried by the app', { timeout: 60_000 }, async () => {
  // The home page loads index-1.json (the first page of the index; when it
  // fails for good the app falls back to index.json): fail both once.
  const server = await startServer({ failures: new Map([['/content/index-1.json', 1], ['/content/index.json', 1]]) });
  try {
    const page = await newPage(browser);
    await page.goto(`${server.base}/`);
    // The prefetch got the injected 500: the app takes it as its first try
    // and tries again by itself (no error shown, no click).
    await page.getByText("PyconWeb - May'17").first().waitFor();
    const count = (p) => server.requests.filter((r) => r === p).length;
    assert.equal(count('/content/index-1.json'), 2);
    // The example's first page is its whole index: index.json is not needed.
    await page.waitForTimeout(500);
    assert.equal(count('/content/index.json'), 0);
    assert.equal(await page.getByTestId('fetch-error').count(), 0);
    assert.equal(server.requests.filter((r) => r.endsWith('.md')).length, 0);
    await page.context().close();
  } finally {
    await server.close();
  }
});

// How long the app's wasm is held back in the loading-frame tests.
const WASM_DELAY_MS = 2500;
const isWasm = (pathname) => pathname.endsWith('_bg.wasm');

test('while the wasm downloads, the page shows its frame in the saved theme; the app replaces it', { timeout: 60_000 }, async () => {
  const server = await startServer({
    fault: (pathname) => (isWasm(pathname) ? { delay: WASM_DELAY_MS } : undefined),
  });
  try {
    const page = await newPage(browser);
    await page.addInitScript(() => localStorage.setItem('folio-theme', 'dark'));
    const started = Date.now();
    await page.goto(`${server.base}/posts/2017-05-28-pyconweb-may17/`, { waitUntil: 'commit' });
    const frame = page.locator('#folio-boot');
    await frame.locator('.skeleton').waitFor({ state: 'visible', timeout: WASM_DELAY_MS - 500 });
    assert.ok(Date.now() - started < WASM_DELAY_MS, 'the frame showed only once the wasm had come');
    assert.ok(await frame.locator('.site-header .site-nav').isVisible());
    // The saved theme is on the page before the app runs (no flash of the
    // other one), and the app has not rendered yet.
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    assert.equal(await page.getByTestId('post-title').count(), 0);
    const frameTop = await frame.locator('.site-header').boundingBox();

    await page.getByTestId('post-title').waitFor();
    assert.equal(await frame.count(), 0, 'the frame is still in the page beside the app');
    assert.equal(await page.locator('.site-header').count(), 1);
    assert.equal(await page.locator('.skeleton').count(), 0);
    // The app's header is where the frame's was (no jump when it mounts).
    const header = await page.locator('.site-header').boundingBox();
    assert.deepEqual([header.y, header.height], [frameTop.y, frameTop.height]);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    assert.equal(await page.locator('.site-title').textContent(), 'Folio');
    await assertCleanPage(page);
    await page.context().close();
  } finally {
    await server.close();
  }
});

test('when the wasm does not load, the frame says so instead of loading forever', { timeout: 60_000 }, async () => {
  const server = await startServer({
    fault: (pathname) => (isWasm(pathname) ? { status: 404, body: 'gone' } : undefined),
  });
  try {
    const page = await newPage(browser);
    await page.goto(`${server.base}/posts/2017-05-28-pyconweb-may17/`);
    const error = page.getByTestId('boot-error');
    await error.waitFor();
    assert.match(await error.textContent(), /Folio could not start/);
    assert.ok(await error.getByRole('button', { name: 'Reload' }).isVisible());
    assert.equal(await page.locator('.skeleton').count(), 0);
    assert.equal(await page.locator('#folio-boot').getAttribute('aria-busy'), null);
    await page.context().close();
  } finally {
    await server.close();
  }
});
