// A whole Hugo site in the app: tests/sites/multilang (English and Farsi,
// a page bundle with its images, static/, ref/relref between posts),
// served by the real `folio serve --site` (the debug binary `cargo test`
// builds, or FOLIO_BIN), and the same site from a plain static host (the
// harness's server: the app, the raw content/ with `folio index`'s files,
// and nothing at the pages' URLs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { launchBrowser, newPage, serveDuring } from './harness.mjs';

const target = process.env.CARGO_TARGET_DIR || 'target';
const BIN = process.env.FOLIO_BIN || path.join(target, 'debug', 'folio');
const SITE = path.resolve('tests/sites/multilang');
const skip = !fs.existsSync(BIN) && `no ${BIN}: run cargo build first`;

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** Runs `body(base)` against `folio serve --site SITE`. */
async function withFolioServe(body, site = SITE) {
  const child = spawn(BIN, ['serve', '--site', site, '--dist', process.env.FOLIO_DIST, '--port', '0'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const lines = readline.createInterface({ input: child.stdout });
    let base;
    for await (const line of lines) {
      const m = line.match(/on (http:\/\/\S+?)\/?$/);
      if (m) { base = m[1]; break; }
    }
    await body(base);
  } finally {
    child.kill();
  }
}

/** Waits until every image of `selector` has loaded (or failed); returns their src and width. */
async function images(page, selector) {
  await page.waitForFunction((s) => {
    const imgs = [...document.querySelectorAll(s)];
    return imgs.length > 0 && imgs.every((i) => i.complete);
  }, selector);
  return page.$$eval(selector, (imgs) => imgs.map((i) => ({ src: i.getAttribute('src'), width: i.naturalWidth })));
}

function allLoaded(list) {
  for (const img of list) assert.ok(img.width > 0, `image ${img.src} did not load`);
}

test('folio serve --site: bundle images, static/, ref links, the Farsi translation', { timeout: 120_000, skip }, async () => {
  await withFolioServe(async (base) => {
    const page = await newPage(browser);
    // Hugo's URLs for the files work too: static/ at /, a bundle's files at
    // its page. (`Connection: close`, as `folio serve` answers one request
    // per connection.)
    for (const url of ['/images/x.png', '/posts/bundle/dot.png', '/fa/posts/bundle/other.png']) {
      const response = await page.request.get(base + url, { headers: { Connection: 'close' } });
      assert.equal(response.status(), 200, url);
      assert.equal(response.headers()['content-type'], 'image/png', url);
    }

    // The bundle: Markdown image, figure, raw <img>, a static/ image.
    await page.goto(base + '/posts/bundle/');
    await page.getByTestId('post-title').filter({ hasText: 'A bundle' }).waitFor();
    const onPost = await images(page, '[data-testid="post-body"] img');
    assert.equal(onPost.length, 4, JSON.stringify(onPost));
    allLoaded(onPost);
    assert.deepEqual(onPost.map((i) => i.src), [
      '/content/posts/bundle/dot.png', '/content/posts/bundle/dot.png',
      '/content/posts/bundle/other.png', '/images/x.png',
    ]);
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'ltr');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    const switcher = page.getByTestId('translations').locator('a');
    assert.equal(await switcher.getAttribute('href'), '/fa/posts/bundle/');
    assert.equal(await switcher.getAttribute('hreflang'), 'fa');
    assert.deepEqual(
      await page.$$eval('link[rel=alternate][hreflang]', (ls) => ls.map((l) => [l.hreflang, new URL(l.href).pathname])),
      [['en', '/posts/bundle/'], ['fa', '/fa/posts/bundle/']],
    );

    // ref and relref links navigate to the right posts.
    await page.getByTestId('post-body').getByRole('link', { name: 'the other post' }).click();
    await page.getByTestId('post-title').filter({ hasText: 'The other post' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/posts/other/');
    await page.getByTestId('post-body').getByRole('link', { name: 'the bundle' }).click();
    await page.getByTestId('post-title').filter({ hasText: 'A bundle' }).waitFor();
    await page.getByTestId('post-body').getByRole('link', { name: 'its section' }).click();
    await page.getByTestId('post-title').filter({ hasText: 'A plain post' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/posts/plain/');

    // The home page: English posts only, the bundle's summary images load.
    await page.goto(base + '/');
    await page.getByTestId('post-list').waitFor();
    const titles = await page.locator('.post-item-title').allTextContents();
    assert.deepEqual(titles, ['A bundle', 'The other post', 'A plain post']);
    allLoaded(await images(page, '[data-testid="post-list"] img'));

    // The Farsi translation: rtl, a switcher back to English, its image.
    await page.goto(base + '/fa/posts/bundle/');
    await page.getByTestId('post-title').filter({ hasText: 'یک بسته' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fa');
    // Nothing sticks out on the start side: an rtl page has no blank
    // horizontal scroll (the skip link once added 999px of it).
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      'an rtl page scrolls sideways');
    // Its date is written in Farsi (Gregorian, as Hugo's localised months).
    const faDate = page.locator('.post-meta time').first();
    assert.equal(await faDate.getAttribute('datetime'), '2024-01-03');
    assert.match(await faDate.textContent(), /ژانویهٔ/);
    allLoaded(await images(page, '[data-testid="post-body"] img'));
    const english = page.getByTestId('translations').locator('a');
    assert.equal(await english.getAttribute('hreflang'), 'en');
    assert.equal(await english.textContent(), 'English');
    // Older and newer stay in Farsi.
    assert.equal(await page.locator('.post-nav-older').getAttribute('href'), '/fa/posts/plain/');
    // On an rtl page the older link sits on the right, so its arrow points
    // right (mirrored), and it is on the start (right) side of the nav.
    const olderArrow = page.locator('.post-nav-older .arrow');
    assert.equal(await olderArrow.textContent(), '←');
    assert.match(await olderArrow.evaluate((e) => getComputedStyle(e).transform), /^matrix\(-1, 0, 0, 1/);
    const navBox = await page.locator('.post-nav').boundingBox();
    const olderBox = await page.locator('.post-nav-older').boundingBox();
    assert.ok(olderBox.x + olderBox.width > navBox.x + navBox.width / 2, 'the older link is on the start side');
    // Its relref is the Farsi plain post.
    assert.equal(await page.getByTestId('post-body').getByRole('link', { name: 'نوشتهٔ ساده' }).getAttribute('href'), '/fa/posts/plain/');
    await english.click();
    await page.getByTestId('post-title').filter({ hasText: 'A bundle' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/posts/bundle/');
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'ltr');
    assert.equal(await page.locator('.post-meta time').first().textContent(), 'January 3, 2024');
    // Left to right, the arrows are as written.
    assert.equal(await page.locator('.post-nav .arrow').first().evaluate((e) => getComputedStyle(e).transform), 'none');

    // The Farsi home page lists the Farsi posts, under /fa/.
    await page.goto(base + '/fa/');
    await page.getByTestId('post-list').waitFor();
    assert.deepEqual(await page.locator('.post-item-title').allTextContents(), ['یک بسته', 'یک نوشتهٔ ساده']);
    assert.equal(await page.locator('.post-item-title a').first().getAttribute('href'), '/fa/posts/bundle/');
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    // The header's links stay in Farsi, on its list and post pages.
    const nav = () => page.$$eval('.site-nav a', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(await nav(), ['/fa/', '/fa/tags/', '/fa/categories/']);
    await page.goto(base + '/fa/posts/plain/');
    await page.getByTestId('post-title').filter({ hasText: 'یک نوشتهٔ ساده' }).waitFor();
    assert.deepEqual(await nav(), ['/fa/', '/fa/tags/', '/fa/categories/']);
    await page.goto(base + '/posts/plain/');
    await page.getByTestId('post-title').filter({ hasText: 'A plain post' }).waitFor();
    assert.deepEqual(await nav(), ['/', '/tags/', '/categories/']);
    assert.deepEqual(page.errors, []);
  });
});

test('defaultContentLanguageInSubdir: / goes to /en/, as Hugo redirects it, and every page is under its language', { timeout: 120_000, skip }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-e2e-subdir-'));
  try {
    fs.cpSync(SITE, dir, { recursive: true });
    const config = path.join(dir, 'hugo.toml');
    fs.writeFileSync(config, 'defaultContentLanguageInSubdir = true\n' + fs.readFileSync(config, 'utf8'));
    await withFolioServe(async (base) => {
      const page = await newPage(browser);
      await page.goto(base + '/');
      await page.waitForFunction(() => location.pathname === '/en/');
      await page.getByTestId('post-list').waitFor();
      assert.deepEqual(await page.locator('.post-item-title').allTextContents(), ['A bundle', 'The other post', 'A plain post']);
      assert.equal(await page.locator('.post-item-title a').first().getAttribute('href'), '/en/posts/bundle/');
      assert.deepEqual(await page.$$eval('.site-nav a', (as) => as.map((a) => a.getAttribute('href'))),
        ['/en/', '/en/tags/', '/en/categories/']);
      await page.goto(base + '/en/posts/bundle/');
      await page.getByTestId('post-title').filter({ hasText: 'A bundle' }).waitFor();
      allLoaded(await images(page, '[data-testid="post-body"] img'));
      assert.deepEqual(page.errors, []);
    }, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a static host: bundle images load from the raw content/, nothing at the pages\' URLs', { timeout: 120_000, skip }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-e2e-site-'));
  try {
    fs.cpSync(path.join(SITE, 'content'), dir, { recursive: true });
    execFileSync(BIN, ['index', '--site', SITE, dir]);
    await serveDuring(browser, { content: dir }, async (server) => {
      const page = await newPage(browser);
      await page.goto(server.base + '/posts/bundle/');
      await page.getByTestId('post-title').filter({ hasText: 'A bundle' }).waitFor();
      const onPost = await images(page, '[data-testid="post-body"] img');
      // The static/ image is the site's to publish; the bundle's three load.
      allLoaded(onPost.filter((i) => i.src.startsWith('/content/')));
      assert.equal(onPost.filter((i) => i.src.startsWith('/content/')).length, 3);
      await page.goto(server.base + '/');
      await page.getByTestId('post-list').waitFor();
      allLoaded(await images(page, '[data-testid="post-list"] img'));
      assert.ok(!server.requests.includes('/posts/bundle/dot.png'), 'nothing asked at the page URL');
      // A language prefix is a route of the app, on a static host too.
      await page.goto(server.base + '/fa/posts/plain/');
      await page.getByTestId('post-title').filter({ hasText: 'یک نوشتهٔ ساده' }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
      assert.deepEqual(page.errors, []);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
