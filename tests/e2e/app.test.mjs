// The app end to end: the Trunk build, served on 127.0.0.1, in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startServer, launchBrowser, newPage } from './harness.mjs';

const EXAMPLE_TWEETS = [
  '868470099023409153', '868381608042213378', '868407332589502464',
  '868745584471142401', '868772520719155200',
];

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('the example post shows its title and five live, centred tweets', async () => {
  const server = await startServer();
  try {
    const page = await newPage(browser);
    await page.goto(server.base + '/');
    await page.getByTestId('post-title').waitFor();
    assert.equal(await page.getByTestId('post-title').textContent(), "PyconWeb - May'17");
    await page.waitForFunction(() => (window.__tweets || []).length === 5);
    const calls = await page.evaluate(() => window.__tweets);
    assert.deepEqual(calls.map((c) => c.id), EXAMPLE_TWEETS);
    for (const call of calls) assert.equal(call.options.align, 'center');
    const ids = await page.getByTestId('tweet').evaluateAll((els) => els.map((e) => e.dataset.tweetId));
    assert.deepEqual(ids, EXAMPLE_TWEETS);
    await page.waitForFunction(() => document.querySelectorAll('[data-embed="live"]').length === 5);
    assert.deepEqual(page.errors, []);
    assert.deepEqual(page.external, []);
    fs.mkdirSync('target/e2e-screenshots', { recursive: true });
    await page.screenshot({ path: 'target/e2e-screenshots/post-desktop.png', fullPage: false });
  } finally {
    await server.close();
  }
});

test('when widgets.js cannot load, each tweet keeps its fallback link', async () => {
  const server = await startServer({ tweetScript: 'broken' });
  try {
    const page = await newPage(browser);
    await page.goto(server.base + '/');
    await page.waitForFunction(() => document.querySelectorAll('[data-embed="unavailable"]').length === 5);
    const links = await page.locator('[data-testid="tweet"] a.folio-tweet-link').evaluateAll(
      (els) => els.filter((e) => e.offsetParent !== null).map((e) => e.getAttribute('href')));
    assert.deepEqual(links, EXAMPLE_TWEETS.map((id) => `https://x.com/i/status/${id}`));
  } finally {
    await server.close();
  }
});
