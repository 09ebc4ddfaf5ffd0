// Network faults end to end: the harness's server (the built app and the
// example content) injects faults into the post's or the index's request —
// a hang, 5xx answers, a 404, an HTML page instead of the file, a request
// that always fails — and the visitor must see the post after a recovery,
// or a clear error with a "Try again" that works once the server heals;
// never a blank page, never the app's HTML rendered as a post. The server
// counts (and times) the attempts: 4 at most, 0.5 s, 1 s and 2 s apart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serveDuring, launchBrowser, newPage } from './harness.mjs';

const EXAMPLE = '/posts/2017-05-28-pyconweb-may17/';
const EXAMPLE_FILE = '/content/posts/2017-05-28-pyconweb-may17.md';
const INDEX = '/content/index.json';
const TITLE = "PyconWeb - May'17";
// A short fetch timeout (seconds), so that a hang costs the test 2 s.
const META = { 'folio:fetch-timeout': '2' };

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const withServer = (options, body) => serveDuring(browser, { meta: META, ...options }, body);
/** How often, and when (ms since the first), `pathname` was asked for. */
const attempts = (server, pathname) => server.log.filter((r) => r.path === pathname).map((r) => r.at);
const gaps = (times) => times.slice(1).map((t, i) => t - times[i]);
/**
 * The app's tries among `times`: Chromium itself repeats a request whose
 * connection was reset, at once; requests under 200 ms apart are one try.
 */
const tries = (times) => times.filter((t, i) => i === 0 || t - times[i - 1] >= 200);

test('a post request that hangs once times out and is tried again', { timeout: 60_000 }, () => withServer({
  fault: (p, n) => (p === EXAMPLE_FILE && n === 1 ? 'hang' : undefined),
}, async (server) => {
  const page = await newPage(browser);
  await page.goto(server.base + EXAMPLE);
  // Meanwhile the page shows its skeleton, not a blank.
  await page.locator('.skeleton[aria-busy="true"]').waitFor();
  await page.getByTestId('post-title').waitFor({ timeout: 20_000 });
  assert.equal(await page.getByTestId('post-title').textContent(), TITLE);
  const times = attempts(server, EXAMPLE_FILE);
  assert.equal(times.length, 2, 'one hang (the boot prefetch), one retry');
  assert.ok(gaps(times)[0] >= 2000, `retried after ${gaps(times)[0]} ms, before the 2 s timeout`);
  assert.equal(await page.getByTestId('fetch-error').count(), 0);
  assert.deepEqual(page.errors, []);
}));

test('an index answering 500 twice is retried with backoff, and the post shows', { timeout: 60_000 }, () => withServer({
  fault: (p, n) => (p === INDEX && n <= 2 ? { status: 500, body: 'injected' } : undefined),
}, async (server) => {
  const page = await newPage(browser);
  await page.goto(server.base + EXAMPLE);
  await page.getByTestId('post-title').waitFor({ timeout: 20_000 });
  assert.equal(await page.getByTestId('post-title').textContent(), TITLE);
  const times = attempts(server, INDEX);
  assert.equal(times.length, 3);
  const [first, second] = gaps(times);
  // The first try was boot.js's prefetch, before the wasm loaded: the first
  // gap is that load plus 0.5 s; the second is the 1 s wait.
  assert.ok(first >= 450 && second >= 950, `waits ${first} ms, ${second} ms`);
  assert.equal(attempts(server, EXAMPLE_FILE).length, 1);
  assert.equal(await page.getByTestId('fetch-error').count(), 0);
  assert.deepEqual(page.errors, []);
}));

test('a 404 for the post is not retried: the visitor sees the not-found page', { timeout: 60_000 }, () => withServer({
  fault: (p) => (p === EXAMPLE_FILE ? { status: 404, body: 'not found' } : undefined),
}, async (server) => {
  const page = await newPage(browser);
  await page.goto(server.base + EXAMPLE);
  await page.getByTestId('not-found').waitFor();
  assert.match(await page.getByTestId('not-found').textContent(), /Page not found/);
  // Long enough for a retry, had there been one.
  await page.waitForTimeout(1500);
  assert.equal(attempts(server, EXAMPLE_FILE).length, 1);
  assert.deepEqual(page.errors, []);
}));

test('an HTML page instead of the post or the index is an error, never content', { timeout: 60_000 }, async () => {
  const dist = process.env.FOLIO_DIST || path.resolve('dist');
  const appPage = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  assert.match(appPage, /^\s*<!doctype html/i);
  const html = { status: 200, type: 'text/html; charset=utf-8', body: appPage };
  await withServer({ fault: (p) => (p === EXAMPLE_FILE ? html : undefined) }, async (server) => {
    const page = await newPage(browser);
    await page.goto(server.base + EXAMPLE);
    const error = page.getByTestId('fetch-error');
    await error.waitFor();
    assert.match(await error.textContent(),
      /could not load this post: the server sent a web page instead of the file/);
    assert.equal(await page.getByTestId('post-title').count(), 0);
    assert.equal(await page.locator('.post-body').count(), 0);
    await page.waitForTimeout(1500);
    assert.equal(attempts(server, EXAMPLE_FILE).length, 1, 'not retried');
    assert.deepEqual(page.errors, []);
  });
  // A host whose fallback page stands in for a missing index.json.
  await withServer({ fault: (p) => (p === INDEX ? html : undefined) }, async (server) => {
    const page = await newPage(browser);
    await page.goto(server.base + EXAMPLE);
    const error = page.getByTestId('fetch-error');
    await error.waitFor();
    assert.match(await error.textContent(),
      /could not load the list of posts: the server sent a web page instead of the file/);
    assert.equal(attempts(server, INDEX).length, 1);
    assert.deepEqual(page.errors, []);
  });
});

test('a post that always fails ends in an error with a retry that works once the server heals', { timeout: 60_000 }, async () => {
  let healed = false;
  // A connection reset (Chromium repeats that request once or twice by
  // itself: the retry below counts the app's tries), a body cut short,
  // then 500s until healed.
  const fault = (p, n) => {
    if (p !== EXAMPLE_FILE || healed) return undefined;
    if (n === 1) return 'reset';
    const last = server.log.filter((r) => r.path === p).at(-2).at;
    if (Date.now() - last < 200) return 'reset';
    return cut++ === 0 ? 'cut' : { status: 500, body: 'injected' };
  };
  let cut = 0;
  let server;
  await withServer({ fault }, async (started) => {
    server = started;
    const page = await newPage(browser);
    await page.goto(server.base + EXAMPLE);
    await page.locator('.skeleton[aria-busy="true"]').waitFor();
    const error = page.getByTestId('fetch-error');
    await error.waitFor({ timeout: 20_000 });
    assert.match(await error.textContent(), /could not load this post: the server answered 500/);
    const times = attempts(server, EXAMPLE_FILE);
    assert.equal(tries(times).length, 4, `four tries, then the error: ${times.map((t) => t - times[0])}`);
    const waits = gaps(tries(times));
    assert.ok(waits[0] >= 450 && waits[1] >= 950 && waits[2] >= 1950, `waits ${waits}`);
    healed = true;
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('post-title').waitFor();
    assert.equal(await page.getByTestId('post-title').textContent(), TITLE);
    assert.equal(attempts(server, EXAMPLE_FILE).length, times.length + 1);
    assert.equal(await error.count(), 0);
    assert.deepEqual(page.errors, []);
  });
});
