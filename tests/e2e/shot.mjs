// Not a test: takes the README screenshot (the example post as an offline
// reader sees it, with tweet cards). Run: FOLIO_DIST=... node tests/e2e/shot.mjs
import { startServer, launchBrowser, newPage } from './harness.mjs';
const browser = await launchBrowser();
const server = await startServer({ tweetScript: 'broken' });
try {
  const page = await newPage(browser, { width: 1100, height: 900 });
  await page.goto(server.base + '/posts/2017-05-28-pyconweb-may17/');
  await page.waitForFunction(() => document.querySelectorAll('[data-embed="unavailable"]').length === 5);
  await page.evaluate(() => window.scrollTo(0, 60));
  await page.screenshot({ path: 'docs/screenshot.png' });
} finally {
  await browser.close();
  await server.close();
}
