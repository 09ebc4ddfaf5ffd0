// The app end to end: the Trunk build, served on 127.0.0.1, in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serveDuring, launchBrowser, newPage } from './harness.mjs';

const EXAMPLE = '/posts/2017-05-28-pyconweb-may17/';
const EXAMPLE_FILE = '/content/posts/2017-05-28-pyconweb-may17.md';
const EXAMPLE_TWEETS = [
  '868470099023409153', '868381608042213378', '868407332589502464',
  '868745584471142401', '868772520719155200',
];
const SHOTS = 'target/e2e-screenshots';

let browser;
before(async () => { browser = await launchBrowser(); fs.mkdirSync(SHOTS, { recursive: true }); });
after(async () => { await browser?.close(); });

/** Runs `body` against a fresh server (see harness.mjs `serveDuring`). */
const withServer = (options, body) => serveDuring(browser, options, body);

test('the example post shows its title and five live, centred tweets', { timeout: 60_000 }, () => withServer({}, async (server) => {
  const page = await newPage(browser);
  await page.goto(server.base + EXAMPLE);
  await page.getByTestId('post-title').waitFor();
  assert.equal(await page.getByTestId('post-title').textContent(), "PyconWeb - May'17");
  await page.waitForFunction(() => (window.__tweets || []).length === 5);
  const calls = await page.evaluate(() => window.__tweets);
  assert.deepEqual(calls.map((c) => c.id), EXAMPLE_TWEETS);
  for (const call of calls) {
    assert.equal(call.options.align, 'center');
    assert.ok(['light', 'dark'].includes(call.options.theme));
  }
  const ids = await page.getByTestId('tweet').evaluateAll((els) => els.map((e) => e.dataset.tweetId));
  assert.deepEqual(ids, EXAMPLE_TWEETS);
  await page.waitForFunction(() => document.querySelectorAll('[data-embed="live"]').length === 5);
  assert.equal(await page.title(), "PyconWeb - May'17 · Folio");
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.external, []);
  await page.screenshot({ path: `${SHOTS}/post-desktop.png` });
}));

test('when widgets.js cannot load, each tweet keeps its fallback link', { timeout: 60_000 }, () => withServer({ tweetScript: 'broken' }, async (server) => {
  const page = await newPage(browser);
  await page.goto(server.base + EXAMPLE);
  await page.waitForFunction(() => document.querySelectorAll('[data-embed="unavailable"]').length === 5);
  const links = await page.locator('[data-testid="tweet"] a.folio-tweet-link').evaluateAll(
    (els) => els.filter((e) => e.offsetParent !== null).map((e) => e.getAttribute('href')));
  assert.deepEqual(links, EXAMPLE_TWEETS.map((id) => `https://x.com/i/status/${id}`));
}));

test('click-to-load fetches nothing from Twitter until a click', { timeout: 60_000 }, () => withServer({ embeds: 'click-to-load' }, async (server) => {
  const page = await newPage(browser);
  await page.goto(server.base + EXAMPLE);
  await page.getByTestId('tweet').first().waitFor();
  await page.waitForTimeout(300);
  assert.ok(!server.requests.includes('/__fake/widgets.js'), 'script loaded before any click');
  assert.equal(await page.evaluate(() => window.__tweets), undefined);
  await page.getByTestId('tweet').nth(1).getByRole('button', { name: 'Load post from X' }).click();
  await page.waitForFunction(() => (window.__tweets || []).length === 1);
  assert.equal(await page.evaluate(() => window.__tweets[0].id), EXAMPLE_TWEETS[1]);
}));

test('list → post → tag page → back', { timeout: 60_000 }, () => withServer({}, async (server) => {
  const page = await newPage(browser);
  await page.goto(server.base + '/');
  await page.getByTestId('post-list').waitFor();
  const titles = await page.getByTestId('post-item').locator('h2').allTextContents();
  assert.deepEqual(titles, ['Writing with shortcodes', 'Hello, Folio', "PyconWeb - May'17"]);
  // Summaries as Hugo makes them: the automatic one is the post's text
  // (entities shown as characters, an escaped shortcode as written), the
  // one before <!--more--> the post's first blocks.
  const summaries = page.locator('.post-item-summary');
  const automatic = await summaries.nth(0).textContent();
  assert.match(automatic, /^Shortcodes let an author drop rich content into Markdown\. Folio parses them with Hugo\u2019s own grammar, so escaped examples print literally: \{\{< tweet user="jack" id="20" >\}\}/);
  assert.doesNotMatch(automatic, /&[a-z]+;|<p>/);
  assert.equal(await summaries.nth(1).locator('p strong').textContent(), 'raw Markdown files');
  await page.getByRole('link', { name: 'Hello, Folio' }).click();
  await page.getByTestId('post-title').waitFor();
  assert.equal(new URL(page.url()).pathname, '/posts/2024-03-02-hello-folio/');
  assert.equal(await page.getByTestId('post-title').textContent(), 'Hello, Folio');
  await page.getByTestId('tag-list').first().getByRole('link', { name: '#hugo' }).click();
  await page.waitForURL('**/tags/hugo/');
  const tagged = await page.getByTestId('post-item').locator('h2').allTextContents();
  assert.deepEqual(tagged, ['Writing with shortcodes', 'Hello, Folio']);
  await page.goBack();
  await page.waitForURL('**/posts/2024-03-02-hello-folio/');
  await page.getByTestId('post-title').waitFor();
  assert.equal(await page.getByTestId('post-title').textContent(), 'Hello, Folio');
  await page.goBack();
  await page.getByTestId('post-list').waitFor();
  assert.deepEqual(page.errors, []);
}));

test('a deep link survives a reload, and an alias redirects', { timeout: 60_000 }, () => withServer({}, async (server) => {
  const page = await newPage(browser);
  await page.goto(server.base + EXAMPLE);
  await page.getByTestId('post-title').waitFor();
  await page.reload();
  await page.getByTestId('post-title').waitFor();
  assert.equal(await page.getByTestId('post-title').textContent(), "PyconWeb - May'17");
  await page.goto(server.base + '/old/shortcodes/');
  await page.waitForURL('**/posts/2024-05-10-writing-with-shortcodes/');
  assert.equal(await page.getByTestId('post-title').textContent(), 'Writing with shortcodes');
}));

test('unknown routes show the 404 page', { timeout: 60_000 }, () => withServer({}, async (server) => {
  const page = await newPage(browser);
  await page.goto(server.base + '/posts/no-such-post/');
  await page.getByTestId('not-found').waitFor();
  await page.goto(server.base + '/tags/no-such-tag/');
  await page.getByTestId('not-found').waitFor();
}));

// Four 500s: the app's four tries (see faults.test.mjs) all fail.
test('a failed fetch shows an error with a retry that works', { timeout: 60_000 }, () => withServer({ failures: new Map([[EXAMPLE_FILE, 4]]) }, async (server) => {
  const page = await newPage(browser);
  await page.goto(server.base + EXAMPLE);
  await page.getByTestId('fetch-error').waitFor();
  assert.match(await page.getByTestId('fetch-error').textContent(), /500/);
  await page.getByRole('button', { name: 'Try again' }).click();
  await page.getByTestId('post-title').waitFor();
  assert.equal(await page.getByTestId('tweet').count(), 5);
}));

test('screenshots: home and the example post, desktop and mobile', { timeout: 60_000 }, () => withServer({}, async (server) => {
  for (const [name, viewport] of [['desktop', { width: 1280, height: 800 }], ['mobile', { width: 390, height: 844 }]]) {
    const page = await newPage(browser, viewport);
    await page.goto(server.base + '/');
    await page.getByTestId('post-list').waitFor();
    await page.screenshot({ path: `${SHOTS}/home-${name}.png` });
    await page.goto(server.base + EXAMPLE);
    await page.waitForFunction(() => document.querySelectorAll('[data-embed="live"]').length === 5);
    await page.screenshot({ path: `${SHOTS}/post-${name}.png`, fullPage: name === 'mobile' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(overflow, false, `${name}: the page scrolls sideways`);
    await page.close();
  }
}));

test('code is highlighted, and the highlighter loads only on pages with code', { timeout: 60_000 }, () => withServer({}, async (server) => {
  const page = await newPage(browser);
  await page.goto(server.base + EXAMPLE);
  await page.getByTestId('post-title').waitFor();
  await page.waitForTimeout(300);
  assert.ok(!server.requests.includes('/vendor/highlight.min.js'), 'highlighter loaded on a page without code');
  await page.goto(server.base + '/posts/2024-03-02-hello-folio/');
  await page.locator('pre code.language-rust .hljs-keyword').first().waitFor();
  assert.ok(server.requests.includes('/vendor/highlight.min.js'));
}));

test('videos are click-to-play: nothing loads from the host before the click', { timeout: 60_000 }, () => withServer({}, async (server) => {
  const page = await newPage(browser);
  await page.goto(server.base + '/posts/2024-03-02-hello-folio/');
  const video = page.getByTestId('video');
  await video.waitFor();
  await page.waitForTimeout(300);
  assert.equal(await page.locator('iframe').count(), 0);
  assert.deepEqual(page.external, []);
  await video.getByRole('link', { name: /Play video/ }).click();
  const src = await page.locator('iframe.folio-video-frame').getAttribute('src');
  assert.equal(src, 'https://www.youtube.com/embed/0RKpf3rK57I?autoplay=1');
}));
