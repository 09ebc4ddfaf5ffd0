// Keystroke-to-preview budget in headless Chromium: opens the editor on
// generated posts of 10 KB, 100 KB and 1 MB (the example post's paragraphs
// and tweets, repeated), types keystrokes one at a time into the first
// paragraph and reads the app's `folio-preview` performance measures (from
// the editor's `folio-keystroke` mark, set in CodeMirror's update listener,
// to the effect after the preview's blocks are mounted). Prints p50/p95/max.
//
//   trunk build --release --dist $CARGO_TARGET_DIR/e2e-dist
//   FOLIO_DIST=$CARGO_TARGET_DIR/e2e-dist node tests/e2e/bench-editor.mjs
import fs from 'node:fs';
import { startServer, launchBrowser, newPage } from './harness.mjs';

const example = fs.readFileSync('content/posts/2017-05-28-pyconweb-may17.md', 'utf8');
const [, frontMatter, body] = example.match(/^(\+\+\+[\s\S]*?\+\+\+\n)([\s\S]*)$/);
const KEYS = Number(process.env.KEYS || 40);

function post(size) {
  let out = frontMatter + '\nFirst paragraph, typed into.\n\n';
  while (out.length < size) out += body.replace('<!--more-->', '') + '\n';
  return out;
}

const quantile = (xs, q) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

const server = await startServer({ embeds: 'off' });
const browser = await launchBrowser();
try {
  for (const [label, size] of [['10 KB', 10_000], ['100 KB', 100_000], ['1 MB', 1_000_000]]) {
    const text = post(size);
    const page = await newPage(browser);
    await page.route('**/content/posts/bench.md', (route) => route.fulfill({ body: text, contentType: 'text/markdown; charset=utf-8' }));
    await page.goto(server.base + '/edit/posts/bench.md');
    await page.locator('[data-testid="editor"][data-ready="true"]').waitFor({ timeout: 120_000 });
    await page.evaluate(() => {
      const v = window.__folioEditor.view;
      const line = v.state.doc.line(8);
      v.dispatch({ selection: { anchor: line.to } });
      v.focus();
      performance.clearMeasures();
    });
    for (let i = 0; i < KEYS; i++) {
      await page.keyboard.type('x');
      await page.waitForFunction((n) => performance.getEntriesByName('folio-preview').length >= n, i + 1, { timeout: 60_000 });
    }
    const times = await page.evaluate(() => performance.getEntriesByName('folio-preview').map((e) => e.duration));
    console.log(`${label} (${text.length} bytes, ${KEYS} keystrokes): p50 ${quantile(times, 0.5).toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`);
    await page.context().close();
  }
} finally {
  await browser.close();
  await server.close();
}
