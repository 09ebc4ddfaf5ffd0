// Saving from the editor through the real `folio serve` (the debug binary
// `cargo test` builds, or FOLIO_BIN) on a temporary copy of the content.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { launchBrowser, newPage } from './harness.mjs';

const target = process.env.CARGO_TARGET_DIR || 'target';
const BIN = process.env.FOLIO_BIN || path.join(target, 'debug', 'folio');
const POST = 'posts/2017-05-28-pyconweb-may17.md';

/**
 * Runs `body({ dir, base, editUrl, browser })` against `folio serve` on a
 * temporary copy of the content, with the token cookie set.
 */
async function withFolioServe(body) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-e2e-save-'));
  fs.cpSync('content', path.join(dir, 'content'), { recursive: true });
  const child = spawn(BIN, ['serve', '--content', path.join(dir, 'content'), '--dist', process.env.FOLIO_DIST, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const browser = await launchBrowser();
  try {
    const lines = readline.createInterface({ input: child.stdout });
    let editUrl;
    for await (const line of lines) {
      const m = line.match(/edit posts at (http:\S+)/);
      if (m) { editUrl = m[1]; break; }
    }
    await body({ dir, base: new URL(editUrl).origin, editUrl, browser });
  } finally {
    await browser.close();
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const skip = !fs.existsSync(BIN) && `no ${BIN}: run cargo build first`;

test('Edit link, Save writes the file, a changed file is a conflict showing both', { timeout: 90_000, skip }, () => withFolioServe(async ({ dir, base, editUrl, browser }) => {
  const file = path.join(dir, 'content', POST);
  const page = await newPage(browser);
  await page.goto(editUrl);
  await page.goto(base + '/posts/2017-05-28-pyconweb-may17/');
  await page.getByTestId('edit-link').click();
  await page.locator('[data-testid="editor"][data-ready="true"]').waitFor();
  await page.getByTestId('fix').first().click();
  await page.getByTestId('save').click();
  await page.getByTestId('save-status').filter({ hasText: 'Saved.' }).waitFor();
  assert.ok(fs.readFileSync(file, 'utf8').includes('(https://pyconweb.com)'));
  // Someone else changes the file: the next save is a conflict.
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8') + '\nAdded on disk.\n');
  await page.getByTestId('fix').first().click();
  await page.getByTestId('save').click();
  await page.getByTestId('conflict').waitFor();
  assert.ok((await page.getByTestId('conflict-theirs').textContent()).includes('Added on disk.'));
  assert.ok((await page.getByTestId('conflict-mine').textContent()).includes('Hofbräuhaus'));
  assert.ok(fs.readFileSync(file, 'utf8').includes('Hofbr√§uhaus'), 'the conflict wrote nothing');
  await page.getByTestId('overwrite').click();
  await page.getByTestId('save-status').filter({ hasText: 'Saved.' }).waitFor();
  assert.ok(fs.readFileSync(file, 'utf8').includes('Hofbräuhaus'));
  assert.deepEqual(page.errors, []);
}));

test('a new post asks for its file (from the title) and the first save creates it', { timeout: 90_000, skip }, () => withFolioServe(async ({ dir, base, editUrl, browser }) => {
  const page = await newPage(browser);
  await page.goto(editUrl);
  await page.goto(base + '/new');
  await page.locator('[data-testid="editor"][data-ready="true"]').waitFor();
  const input = page.getByTestId('new-path');
  await page.waitForFunction(() => document.querySelector('[data-testid="new-path"]')?.value === 'posts/new-post.md');
  // Retitle the post: the file name follows the title (the core's urlize).
  await page.evaluate(() => {
    const v = window.__folioEditor.view;
    const text = v.state.doc.toString();
    const at = text.indexOf('New post');
    v.dispatch({ changes: { from: at, to: at + 'New post'.length, insert: 'My Shiny Post!' } });
    v.dispatch({ changes: { from: v.state.doc.length, insert: 'Hello from a new post.\n' } });
  });
  await page.waitForFunction(() => document.querySelector('[data-testid="new-path"]').value === 'posts/my-shiny-post.md');
  await page.getByTestId('save').click();
  await page.getByTestId('save-status').filter({ hasText: 'Saved.' }).waitFor();
  const file = path.join(dir, 'content', 'posts', 'my-shiny-post.md');
  assert.ok(fs.readFileSync(file, 'utf8').includes('Hello from a new post.'));
  assert.ok(fs.readFileSync(file, 'utf8').includes('title = "My Shiny Post!"'));
  // Saved: no more file prompt, and the next save updates the same file.
  assert.equal(await input.count(), 0);
  await page.evaluate(() => {
    const v = window.__folioEditor.view;
    v.dispatch({ changes: { from: v.state.doc.length, insert: 'And more.\n' } });
  });
  await page.getByTestId('save').click();
  for (let i = 0; i < 100 && !fs.readFileSync(file, 'utf8').includes('And more.'); i++) await page.waitForTimeout(50);
  assert.ok(fs.readFileSync(file, 'utf8').includes('And more.'));
  await page.getByTestId('save-status').filter({ hasText: 'Saved.' }).waitFor();
  // An author's own file name wins over the title's.
  const page2 = await newPage(browser);
  await page2.goto(editUrl);
  await page2.goto(base + '/new');
  await page2.locator('[data-testid="editor"][data-ready="true"]').waitFor();
  await page2.getByTestId('new-path').fill('posts/chosen.md');
  await page2.getByTestId('save').click();
  await page2.getByTestId('save-status').filter({ hasText: 'Saved.' }).waitFor();
  assert.ok(fs.existsSync(path.join(dir, 'content', 'posts', 'chosen.md')));
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page2.errors, []);
}));
