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

test('Edit link, Save writes the file, a changed file is a conflict showing both', { timeout: 90_000, skip: !fs.existsSync(BIN) && `no ${BIN}: run cargo build first` }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-e2e-save-'));
  fs.cpSync('content', path.join(dir, 'content'), { recursive: true });
  const file = path.join(dir, 'content', POST);
  const child = spawn(BIN, ['serve', '--content', path.join(dir, 'content'), '--dist', process.env.FOLIO_DIST, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const browser = await launchBrowser();
  try {
    const lines = readline.createInterface({ input: child.stdout });
    let editUrl;
    for await (const line of lines) {
      const m = line.match(/edit posts at (http:\S+)/);
      if (m) { editUrl = m[1]; break; }
    }
    const base = new URL(editUrl).origin;
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
  } finally {
    await browser.close();
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
