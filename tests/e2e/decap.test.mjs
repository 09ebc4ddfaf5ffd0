// A real host: Decap CMS (examples/decap-cms/admin/) with Folio as the
// preview of its posts collection, in Chromium. Decap's own UI is driven:
// log in to the in-browser test-repo backend, open the seeded entry (the
// example post), read Decap's preview pane (an iframe) and type in Decap's
// Markdown editor. Decap's bundle is the devDependency (node_modules/
// decap-cms/dist, served by the harness at /vendor/decap-cms/, answering
// the unpkg URL the example names); Twitter's script is the harness's fake.
// No request leaves 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage } from './harness.mjs';

const ADMIN = '/examples/decap-cms/admin/';
const DECAP = /^https:\/\/unpkg\.com\/decap-cms@3\.16\.3\/dist\/(.+)$/;
const EXAMPLE_TWEETS = [
  '868470099023409153', '868381608042213378', '868407332589502464',
  '868745584471142401', '868772520719155200',
];
// What a CMS page may reach for on its own: web fonts and analytics.
const THIRD_PARTY = /^https:\/\/([a-z0-9-]+\.)*(fonts\.googleapis\.com|fonts\.gstatic\.com|google-analytics\.com|googletagmanager\.com|plausible\.io|segment\.(io|com)|sentry\.io)\//;

let browser;
let server;
before(async () => { browser = await launchBrowser(); server = await startServer(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Decap's admin page, logged in to the test repository, with the collection listed. */
async function openAdmin() {
  const page = await newPage(browser);
  // Fonts and analytics: refused (the UI must work without them), and counted.
  page.blocked = [];
  await page.route(THIRD_PARTY, (route) => { page.blocked.push(route.request().url()); return route.abort(); });
  const fake = await (await fetch(server.base + '/__fake/widgets.js')).text();
  await page.route('https://platform.twitter.com/widgets.js', (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: fake }));
  // The pinned Decap bundle (and its chunks) from node_modules.
  await page.route(DECAP, async (route) => {
    const file = route.request().url().match(DECAP)[1];
    return route.fulfill({ response: await route.fetch({ url: `${server.base}/vendor/decap-cms/${file}` }) });
  });
  page.consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.consoleErrors.push(m.text()); });
  page.urls = [];
  page.on('request', (request) => page.urls.push(request.url()));
  await page.goto(server.base + ADMIN);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.getByText("PyconWeb - May'17").first().waitFor();
  return page;
}

/** Opens the seeded entry from the collection and waits for Folio in the preview. */
async function openEntry(page) {
  await page.getByText("PyconWeb - May'17").first().click();
  const preview = page.frameLocator('#preview-pane');
  await preview.locator('.folio-preview [data-testid="post-title"]').waitFor();
  return preview;
}

/** Runs `fn(root)` in the preview iframe with the shadow root of Folio's element. */
const inPreview = (page, fn) => page.evaluate(
  (body) => {
    const doc = document.querySelector('#preview-pane').contentDocument;
    return new Function('root', 'doc', `return (${body})(root, doc)`)(doc.querySelector('.folio-preview').shadowRoot, doc);
  }, fn.toString());

test('Decap CMS previews the seeded post with Folio: title, five tweets, the site\'s styles in the iframe', { timeout: 90_000 }, async () => {
  const page = await openAdmin();
  const preview = await openEntry(page);
  assert.equal(await preview.locator('[data-testid="post-title"]').textContent(), "PyconWeb - May'17");
  // The five {{< tweet >}} shortcodes, rendered by Folio (not Decap's
  // Markdown preview, which would print the shortcodes as text).
  await assert.doesNotReject(preview.locator('[data-testid="tweet"]').nth(4).waitFor());
  assert.deepEqual(await preview.locator('[data-testid="tweet"]').evaluateAll((els) => els.map((e) => e.dataset.tweetId)), EXAMPLE_TWEETS);
  await page.waitForFunction(() => (window.__tweets || []).length === 5);
  assert.deepEqual(await page.evaluate(() => window.__tweets.map((t) => t.id)), EXAMPLE_TWEETS);
  assert.equal(await preview.locator('body').evaluate((b) => b.innerText.includes('{{<')), false);
  // Folio's shadow root in the iframe's document, with its style sheet
  // constructed there (a sheet from the top document cannot be adopted).
  const styles = await inPreview(page, (root, doc) => ({
    sheets: root.adoptedStyleSheets.length,
    ownDocument: root.adoptedStyleSheets.every((s) => s instanceof doc.defaultView.CSSStyleSheet),
    titleWeight: doc.defaultView.getComputedStyle(root.querySelector('.post-title')).fontWeight,
  }));
  assert.equal(styles.sheets, 1);
  assert.equal(styles.ownDocument, true);
  assert.equal(Number(styles.titleWeight) >= 600, true, `title weight ${styles.titleWeight}`);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.consoleErrors, []);
  assert.deepEqual(page.external, [], 'no request left 127.0.0.1 unanswered by a local stand-in');
  // Every request went to the local server or was answered by a local
  // stand-in (Decap's bundle, Twitter's script) or refused (fonts, analytics).
  const LOCAL = /^(http:\/\/127\.0\.0\.1:\d+\/|https:\/\/unpkg\.com\/decap-cms@3\.16\.3\/dist\/|https:\/\/platform\.twitter\.com\/widgets\.js$|data:|blob:|about:)/;
  assert.deepEqual(page.urls.filter((url) => !LOCAL.test(url) && !page.blocked.includes(url)), []);
  assert.ok(page.urls.some((url) => url.endsWith('/dist/decap-cms.js')), 'Decap came from the local stand-in');
});

test('typing in Decap\'s editor updates Folio\'s preview in place, with the site\'s shortcode templates', { timeout: 90_000 }, async () => {
  const page = await openAdmin();
  const preview = await openEntry(page);
  // Once the five tweets are live (the fake widgets.js has embedded them),
  // mark the first one's DOM node: an update keeps unchanged blocks.
  await page.waitForFunction(() => (window.__tweets || []).length === 5);
  await preview.locator('[data-testid="tweet"][data-embed="live"]').nth(4).waitFor();
  await preview.locator('[data-testid="tweet"]').first().evaluate((e) => { e.dataset.marked = 'yes'; });

  // The caret at the very end of the body (Decap's raw editor is Slate; a
  // click lands mid-text and Control+End is not reliable there). Typing in
  // the middle of the list would replace that block and its tweets.
  const body = page.getByRole('textbox').last();
  await body.click();
  await body.evaluate((editable) => {
    const walker = editable.ownerDocument.createTreeWalker(editable, NodeFilter.SHOW_TEXT);
    let last = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.data.trim()) last = node;
    editable.ownerDocument.getSelection().collapse(last, last.data.length);
  });
  await page.waitForTimeout(100); // Slate syncs its selection on selectionchange
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type('{{< note type="tip" >}}Typed in **Decap**{{< /note >}}');
  const note = preview.locator('aside.note.note-tip');
  await note.waitFor();
  assert.equal((await note.textContent()).trim(), 'TIP Typed in Decap');
  assert.equal(await note.locator('strong').last().textContent(), 'Decap');

  // Same tweets, the same live node for the first one, no tweet created again.
  assert.deepEqual(await preview.locator('[data-testid="tweet"]').evaluateAll((els) => els.map((e) => e.dataset.tweetId)), EXAMPLE_TWEETS);
  assert.equal(await preview.locator('[data-testid="tweet"]').first().getAttribute('data-marked'), 'yes');
  assert.equal(await page.evaluate(() => window.__tweets.length), 5);

  // A front matter field: the title.
  const title = page.locator('input').first();
  await title.fill('PyconWeb, edited in Decap');
  await page.waitForFunction(() => document.querySelector('#preview-pane').contentDocument
    .querySelector('.folio-preview').shadowRoot.querySelector('[data-testid="post-title"]')?.textContent === 'PyconWeb, edited in Decap');

  // Leaving the entry unmounts the preview (handle.destroy()); opening it
  // again mounts a fresh one (the edits were not saved: Decap asks first).
  const oldRoot = await page.evaluateHandle(() => document.querySelector('#preview-pane')
    .contentDocument.querySelector('.folio-preview').shadowRoot);
  page.once('dialog', (dialog) => dialog.accept());
  await page.goBack();
  await page.getByText("PyconWeb - May'17").first().waitFor();
  await page.waitForFunction(() => !document.querySelector('#preview-pane'));
  // The component's componentWillUnmount destroyed Folio's app: its DOM is gone.
  await page.waitForFunction((root) => root.querySelector('.folio-root').children.length === 0, oldRoot);
  const again = await openEntry(page);
  assert.equal(await again.locator('[data-testid="post-title"]').textContent(), "PyconWeb - May'17");
  assert.equal(await again.locator('aside.note').count(), 0);
  await again.locator('[data-testid="tweet"]').nth(4).waitFor();
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.consoleErrors, []);
  assert.deepEqual(page.external, []);
});
