// The author's live preview end to end: /edit/<path> and /new in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDuring, launchBrowser, newPage } from './harness.mjs';

const EDIT = '/edit/posts/2017-05-28-pyconweb-may17.md';
const EDITOR_BUNDLE = '/vendor/folio-editor.js';
// The app built with the editor (scripts/build-editor); boot.js starts it
// instead of the first-load build on the editor's routes.
const EDITOR_APP = '/vendor/editor/';
const editorAppRequests = (server) => server.requests.filter((r) => r.startsWith(EDITOR_APP));
// The first-load build Trunk made (its hashed glue and wasm at the root).
const firstLoadRequests = (server) => server.requests.filter((r) => /^\/folio-[0-9a-f]+(_bg\.wasm|\.js)$/.test(r));

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const withServer = (options, body) => serveDuring(browser, options, body);

/** Opens the editor on the example post and waits for CodeMirror. */
async function openEditor(page, server, path = EDIT) {
  await page.goto(server.base + path);
  await page.locator('[data-testid="editor"][data-ready="true"]').waitFor();
  await page.getByTestId('preview').getByTestId('post-body').waitFor();
}

/** The editor's whole text. */
const doc = (page) => page.evaluate(() => window.__folioEditor.getDoc());

/** Puts the cursor at the end of 1-based `line` and types `text`. */
async function typeAtLineEnd(page, line, text) {
  await page.evaluate((line) => {
    const v = window.__folioEditor.view;
    const l = v.state.doc.line(line);
    v.dispatch({ selection: { anchor: l.to } });
    v.focus();
  }, line);
  await page.keyboard.type(text);
}

test('readers never download the editor bundle', { timeout: 60_000 }, () => withServer({}, async (server) => {
  const page = await newPage(browser);
  await page.goto(server.base + '/posts/2017-05-28-pyconweb-may17/');
  await page.getByTestId('post-title').waitFor();
  await page.waitForFunction(() => (window.__tweets || []).length === 5);
  assert.ok(!server.requests.includes(EDITOR_BUNDLE), 'the post page fetched the editor');
  assert.deepEqual(editorAppRequests(server), [], 'the post page fetched the editor build');
  assert.equal(firstLoadRequests(server).length, 2, 'the first-load build (js + wasm) was not loaded once');
  assert.equal(await page.getByTestId('edit-link').count(), 0, 'no Edit link without folio serve');
  // Pages reached in the app load nothing of the editor either.
  await page.locator('.site-nav').getByRole('link', { name: 'Tags' }).click();
  await page.waitForURL('**/tags/');
  await page.locator('.term-list').waitFor();
  assert.deepEqual(editorAppRequests(server), []);
  assert.deepEqual(page.errors, []);
}));

test('the editor routes start the editor build instead of the first-load one', { timeout: 60_000 }, () => withServer({}, async (server) => {
  const page = await newPage(browser);
  await openEditor(page, server);
  assert.deepEqual(editorAppRequests(server).sort(), [EDITOR_APP + 'folio-app.js', EDITOR_APP + 'folio-app_bg.wasm']);
  assert.deepEqual(firstLoadRequests(server), [], 'the editor route fetched the first-load build too');
  // From the editor, a post opens in the same build (no second download).
  await page.goto(server.base + '/new');
  await page.locator('[data-testid="editor"][data-ready="true"]').waitFor();
  await page.locator('.site-nav').getByRole('link', { name: 'Posts' }).click();
  await page.getByTestId('post-list').waitFor();
  await page.getByTestId('post-list').locator('.post-item-title a').first().click();
  await page.getByTestId('post-title').waitFor();
  assert.deepEqual(firstLoadRequests(server), []);
  assert.deepEqual(page.errors, []);
}));

test('a link from the first-load build to the editor loads the page with the editor build', { timeout: 60_000 }, () => withServer({}, async (server) => {
  const page = await newPage(browser);
  await page.goto(server.base + '/posts/2017-05-28-pyconweb-may17/');
  await page.getByTestId('post-title').waitFor();
  // No Edit link without folio serve: a link like it in the page.
  await page.evaluate((href) => {
    const a = document.createElement('a');
    a.href = href; a.textContent = 'edit'; a.id = 'to-editor';
    document.querySelector('[data-testid="post-title"]').after(a);
    window.__samePage = true;
  }, EDIT);
  await page.click('#to-editor');
  await page.locator('[data-testid="editor"][data-ready="true"]').waitFor();
  assert.equal(await page.evaluate(() => window.__samePage), undefined, 'navigated in the page, not loaded');
  assert.ok(editorAppRequests(server).includes(EDITOR_APP + 'folio-app_bg.wasm'));
  assert.deepEqual(page.errors, []);
}));

test('when the editor build does not load, the first-load build says so', { timeout: 60_000 }, () => withServer({
  fault: (pathname) => (pathname.startsWith(EDITOR_APP) ? { status: 404 } : undefined),
}, async (server) => {
  const page = await newPage(browser);
  await page.goto(server.base + EDIT);
  await page.getByTestId('editor-missing').waitFor();
  assert.equal(await page.getByTestId('editor-missing').getByRole('link').getAttribute('href'), EDIT);
  assert.equal(firstLoadRequests(server).length, 2);
  assert.deepEqual(page.errors, []);
}));

test('typing changes the preview; the tweet in another block keeps its DOM node', { timeout: 60_000 }, () => withServer({}, async (server) => {
  const page = await newPage(browser);
  await openEditor(page, server);
  assert.ok(server.requests.includes(EDITOR_BUNDLE));
  const preview = page.getByTestId('preview');
  await page.waitForFunction(() => (window.__tweets || []).length === 5);
  const tweet = await preview.locator('[data-tweet-id="868470099023409153"]').elementHandle();
  await page.evaluate((el) => { el.__marker = 'kept'; }, tweet);
  // Line 9 is the first paragraph, far from the tweets.
  await typeAtLineEnd(page, 9, ' Typed live.');
  await preview.getByText('Typed live.').waitFor();
  const same = await page.evaluate(() => document.querySelector('[data-testid="preview"] [data-tweet-id="868470099023409153"]').__marker);
  assert.equal(same, 'kept', 'the tweet block was re-created');
  // Still only five createTweet calls: no tweet was re-embedded.
  assert.equal(await page.evaluate(() => window.__tweets.length), 5);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.external, []);
}));

test('a broken front matter line shows a diagnostic at its line; the preview stays', { timeout: 60_000 }, () => withServer({}, async (server) => {
  const page = await newPage(browser);
  await openEditor(page, server);
  // Line 3 is `bigimg = ""`: make it invalid TOML.
  await typeAtLineEnd(page, 3, ' oops = ');
  const diagnostic = page.locator('[data-testid="diagnostic"][data-code="render"]');
  await diagnostic.first().waitFor();
  assert.equal(await diagnostic.first().getAttribute('data-line'), '3');
  // The body is still rendered, tweets included.
  const preview = page.getByTestId('preview');
  assert.ok((await preview.getByText('took place during the last weekend').count()) > 0);
  assert.equal(await preview.getByTestId('tweet').count(), 5);
  // Clicking the diagnostic moves the cursor to its line.
  await typeAtLineEnd(page, 20, '');
  await diagnostic.first().click();
  const line = await page.evaluate(() => {
    const s = window.__folioEditor.view.state;
    return s.doc.lineAt(s.selection.main.head).number;
  });
  assert.equal(line, 3);
}));

test('Fix repairs the mojibake and the broken link, each one undoable edit', { timeout: 60_000 }, () => withServer({}, async (server) => {
  const page = await newPage(browser);
  await openEditor(page, server);
  const fixes = page.getByTestId('fix');
  await fixes.first().waitFor();
  assert.equal(await fixes.count(), 2);
  const lines = await page.locator('[data-testid="diagnostic"]:has([data-testid="fix"])').evaluateAll((els) => els.map((e) => e.dataset.line));
  assert.deepEqual(lines, ['9', '39']);
  await fixes.first().click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="fix"]').length === 1);
  await fixes.first().click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="fix"]').length === 0);
  let text = await doc(page);
  assert.ok(text.includes('[Pyconweb](https://pyconweb.com)'));
  assert.ok(text.includes('[Hofbräuhaus]'));
  const preview = page.getByTestId('preview');
  assert.equal(await preview.locator('a[href="https://pyconweb.com"]').count(), 1);
  assert.ok((await preview.getByText('Hofbräuhaus').count()) > 0);
  // Undo takes back the last fix only.
  await page.locator('.cm-content').focus();
  await page.keyboard.press('Control+z');
  text = await doc(page);
  assert.ok(text.includes('Hofbr√§uhaus') && text.includes('(https://pyconweb.com)'));
}));

test('reload offers the draft back', { timeout: 60_000 }, () => withServer({}, async (server) => {
  const page = await newPage(browser);
  await openEditor(page, server);
  assert.equal(await page.getByTestId('restore-draft').count(), 0);
  await typeAtLineEnd(page, 9, ' Not lost.');
  // The draft is written 300 ms after the last change.
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('folio-draft:')
    && localStorage.getItem(k).includes('Not lost.')));
  await page.reload();
  await page.locator('[data-testid="editor"][data-ready="true"]').waitFor();
  const offer = page.getByTestId('restore-draft');
  await offer.waitFor();
  assert.match(await offer.textContent(), /second|minute/);
  assert.ok(!(await doc(page)).includes('Not lost.'));
  await page.getByTestId('restore').click();
  await page.getByTestId('preview').getByText('Not lost.').waitFor();
  assert.ok((await doc(page)).includes('Not lost.'));
  assert.equal(await page.getByTestId('restore-draft').count(), 0);
}));

test('/new starts a draft post with front matter; narrow screens get tabs', { timeout: 60_000 }, () => withServer({}, async (server) => {
  const page = await newPage(browser, { width: 600, height: 800 });
  await page.goto(server.base + '/new');
  await page.locator('[data-testid="editor"][data-ready="true"]').waitFor();
  assert.equal(await page.getByTestId('fm-draft').textContent(), 'yes');
  assert.equal(await page.getByTestId('fm-title').textContent(), 'New post');
  // Below 800px one pane at a time.
  assert.ok(await page.getByTestId('editor').isVisible());
  assert.ok(!(await page.getByTestId('preview').isVisible()));
  await page.getByTestId('tab-preview').click();
  assert.ok(await page.getByTestId('preview').isVisible());
  assert.ok(!(await page.getByTestId('editor').isVisible()));
  await page.setViewportSize({ width: 1200, height: 800 });
  assert.ok(await page.getByTestId('editor').isVisible());
  assert.ok(await page.getByTestId('preview').isVisible());
}));

test('a burst of keystrokes loses none: the preview catches up with the latest text', { timeout: 60_000 }, () => withServer({}, async (server) => {
  const page = await newPage(browser);
  await openEditor(page, server);
  const burst = 'abcdefghijklmnopqrstuvwxyz0123456789';
  // Typed without waiting for the preview: changes are coalesced, never dropped.
  await typeAtLineEnd(page, 9, ' ' + burst);
  await page.getByTestId('preview').getByText(burst, { exact: false }).waitFor();
  assert.ok((await doc(page)).includes(' ' + burst));
  assert.deepEqual(page.errors, []);
}));

test('Fix right after typing (the lints not yet re-checked) edits the right place', { timeout: 60_000 }, () => withServer({}, async (server) => {
  const page = await newPage(browser);
  await openEditor(page, server);
  const fixes = page.getByTestId('fix');
  await fixes.first().waitFor();
  // Line 9 holds the broken link, line 39 the mojibake: typing on line 9
  // moves the mojibake's bytes, so the shown lints' span for it is stale
  // (lints are re-checked only when typing pauses).
  await typeAtLineEnd(page, 9, ' Moved.');
  await fixes.nth(1).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="fix"]').length === 1);
  const text = await doc(page);
  assert.ok(text.includes('[Hofbräuhaus]') && !text.includes('Hofbr√§uhaus'), 'the mojibake was not fixed');
  assert.ok(text.includes('(https//pyconweb.com) conference'), 'the link changed');
  assert.equal((text.match(/ Moved\./g) || []).length, 1, 'the typing was damaged');
}));

test('on a static host the post is downloaded, and a local file opens from the picker or a drop', { timeout: 60_000 }, () => withServer({}, async (server) => {
  const page = await newPage(browser);
  await openEditor(page, server);
  assert.equal(await page.getByTestId('save').count(), 0, 'no Save without folio serve');
  // Download: the file is the editor's text, under the post's file name.
  await typeAtLineEnd(page, 9, ' Downloaded.');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
  assert.equal(download.suggestedFilename(), '2017-05-28-pyconweb-may17.md');
  const fs = await import('node:fs');
  const saved = fs.readFileSync(await download.path(), 'utf8');
  assert.equal(saved, await doc(page));
  assert.match(saved, / Downloaded\./);
  // Open a file: its text replaces the document (one undoable change).
  const opened = '+++\ntitle = "From my disk"\n+++\n\nOpened from a file.\n';
  await page.getByTestId('open-file').setInputFiles({ name: 'mine.md', mimeType: 'text/markdown', buffer: Buffer.from(opened) });
  await page.getByTestId('preview').getByText('Opened from a file.').waitFor();
  assert.equal(await page.getByTestId('fm-title').textContent(), 'From my disk');
  assert.equal(await doc(page), opened);
  await page.evaluate(() => window.__folioEditor.view.focus());
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => window.__folioEditor.getDoc().includes(' Downloaded.'));
  // A file dropped on the editor opens it too.
  const dropped = '---\ntitle: Dropped\n---\nDropped in.\n';
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], 'dropped.md', { type: 'text/markdown' }));
    const target = document.querySelector('.cm-content');
    const box = target.getBoundingClientRect();
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true, clientX: box.left + 5, clientY: box.top + 5 }));
  }, dropped);
  await page.getByTestId('preview').getByText('Dropped in.').waitFor();
  assert.equal(await doc(page), dropped);
  assert.deepEqual(page.errors, []);
}));

test('scroll sync: editor and preview follow each other by source line, and the toggle turns it off', { timeout: 60_000 }, () => withServer({}, async (server) => {
  const page = await newPage(browser);
  await openEditor(page, server);
  const long = '+++\ntitle = "Long"\n+++\n\n' + Array.from({ length: 200 }, (_, i) => `Paragraph ${i + 1}.`).join('\n\n') + '\n';
  await page.evaluate((text) => window.__folioEditor.setDoc(text), long);
  await page.getByTestId('preview').getByText('Paragraph 200.').waitFor({ state: 'attached' });
  // The line of the editor's top, and the first preview block in view.
  const editorTopLine = () => page.evaluate(() => {
    const v = window.__folioEditor.view;
    return v.state.doc.lineAt(v.lineBlockAtHeight(v.scrollDOM.scrollTop).from).number;
  });
  const previewTopLine = () => page.evaluate(() => {
    const pane = document.querySelector('[data-testid="preview"]');
    const top = pane.getBoundingClientRect().top;
    // Blocks are `display: contents`: their boxes are their children's.
    const block = [...pane.querySelectorAll('.folio-block[data-line]')]
      .find((b) => b.lastElementChild.getBoundingClientRect().bottom > top + 1);
    return Number(block.dataset.line);
  });
  // Editor → preview: line 201 is "Paragraph 99." (line 5 + 2 × 98).
  await page.evaluate(() => {
    const v = window.__folioEditor.view;
    v.scrollDOM.scrollTop = v.lineBlockAt(v.state.doc.line(201).from).top;
  });
  await page.waitForFunction(() => document.querySelector('[data-testid="preview"]').scrollTop > 100);
  await page.waitForTimeout(300);
  const line = await editorTopLine();
  const shown = await previewTopLine();
  assert.ok(Math.abs(shown - line) <= 2, `editor at line ${line}, preview at line ${shown}`);
  // (CodeMirror estimates the heights of lines it has not drawn, so the
  // line at its top is near, not exactly, line 201.)
  assert.ok(Math.abs(line - 201) <= 10, `the editor stayed where it was scrolled (${line})`);
  // Preview → editor (after the editor's lead has lapsed).
  await page.waitForTimeout(300);
  await page.evaluate(() => {
    const pane = document.querySelector('[data-testid="preview"]');
    const block = [...pane.querySelectorAll('.folio-block[data-line]')].find((b) => b.dataset.line === '301');
    pane.scrollTop += block.firstElementChild.getBoundingClientRect().top - pane.getBoundingClientRect().top;
  });
  await page.waitForFunction(() => {
    const v = window.__folioEditor.view;
    return v.state.doc.lineAt(v.lineBlockAtHeight(v.scrollDOM.scrollTop).from).number >= 299;
  });
  assert.ok(Math.abs((await editorTopLine()) - 301) <= 2);
  // Off: the preview stays where it is when the editor scrolls.
  await page.getByTestId('scroll-sync').uncheck();
  const before = await page.evaluate(() => document.querySelector('[data-testid="preview"]').scrollTop);
  await page.evaluate(() => { window.__folioEditor.view.scrollDOM.scrollTop = 0; });
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => document.querySelector('[data-testid="preview"]').scrollTop), before);
  assert.deepEqual(page.errors, []);
}));
