// The sharded index: `folio index` writes index-1.json (the home page's
// posts, the site, the number of posts) next to index.json; the home page
// shows from it alone, and the other pages wait for index.json, which the
// app loads after the first paint. Term pages are paginated. Uses the debug binary `cargo test`
// builds (or FOLIO_BIN) to index a generated 25-post site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, launchBrowser, newPage } from './harness.mjs';

const target = process.env.CARGO_TARGET_DIR || 'target';
const BIN = process.env.FOLIO_BIN || path.join(target, 'debug', 'folio');
const skip = !fs.existsSync(BIN) && `no ${BIN}: run cargo build first`;

let browser;
let dir;
before(async () => {
  if (skip) return;
  browser = await launchBrowser();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-e2e-shard-'));
  fs.mkdirSync(path.join(dir, 'posts'));
  for (let i = 1; i <= 25; i++) {
    const n = String(i).padStart(2, '0');
    fs.writeFileSync(path.join(dir, 'posts', `post-${n}.md`),
      `+++\ntitle = "Post ${n}"\ndate = 2020-01-${n}\ntags = ["shard"]\n+++\n\nBody of post ${n}.\n`);
  }
  execFileSync(BIN, ['index', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
});
after(async () => {
  await browser?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('folio index writes index-1.json: the first ten posts and the total', { skip }, () => {
  const first = JSON.parse(fs.readFileSync(path.join(dir, 'index-1.json'), 'utf8'));
  const whole = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
  assert.equal(whole.posts.length, 25);
  assert.equal(whole.total, undefined);
  assert.equal(first.total, 25);
  assert.deepEqual(first.posts, whole.posts.slice(0, 10));
  assert.deepEqual(first.site, whole.site);
});

test('the home page shows from index-1.json alone; page 2 waits for index.json, and retries it', { skip, timeout: 60_000 }, async () => {
  // index.json fails four times (all of the app's tries): the home page
  // must not care; page 2 shows the error, and its retry loads the whole
  // index.
  const server = await startServer({ content: dir, failures: new Map([['/content/index.json', 4]]) });
  try {
    const page = await newPage(browser);
    await page.goto(`${server.base}/`);
    await page.getByText('Page 1 of 3').waitFor();
    assert.equal(await page.getByTestId('post-item').count(), 10);
    assert.equal(await page.getByTestId('post-item').first().locator('h2').textContent(), 'Post 25');
    // The home page asked for the first page once (boot.js's prefetch, taken
    // by the app), then for the whole index after painting.
    assert.equal(server.requests.filter((r) => r === '/content/index-1.json').length, 1);
    await page.getByRole('link', { name: 'Older', exact: true }).click();
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByText('Page 2 of 3').waitFor();
    assert.equal(await page.getByTestId('post-item').first().locator('h2').textContent(), 'Post 15');
    assert.equal(server.requests.filter((r) => r === '/content/index.json').length, 5);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  } finally {
    await server.close();
  }
});

test('later home pages, term pages (paginated) and posts load the whole index', { skip, timeout: 60_000 }, async () => {
  const server = await startServer({ content: dir });
  try {
    const page = await newPage(browser);
    await page.goto(`${server.base}/page/3/`);
    await page.getByText('Page 3 of 3').waitFor();
    assert.equal(await page.getByTestId('post-item').count(), 5);
    assert.equal(server.requests.filter((r) => r === '/content/index-1.json').length, 0);
    // Term pages are paginated as the home page.
    await page.goto(`${server.base}/tags/shard/`);
    await page.getByRole('heading', { name: '#shard' }).waitFor();
    assert.equal(await page.getByTestId('post-item').count(), 10);
    await page.getByText('Page 1 of 3').waitFor();
    await page.getByRole('link', { name: 'Older', exact: true }).click();
    await page.getByText('Page 2 of 3').waitFor();
    assert.equal(new URL(page.url()).pathname, '/tags/shard/page/2/');
    await page.goto(`${server.base}/tags/shard/page/3/`);
    await page.getByText('Page 3 of 3').waitFor();
    assert.equal(await page.getByTestId('post-item').count(), 5);
    await page.goto(`${server.base}/tags/shard/page/4/`);
    await page.getByTestId('not-found').waitFor();
    await page.goto(`${server.base}/posts/post-03/`);
    await page.getByTestId('post-title').waitFor();
    assert.equal(await page.getByTestId('post-title').textContent(), 'Post 03');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  } finally {
    await server.close();
  }
});
