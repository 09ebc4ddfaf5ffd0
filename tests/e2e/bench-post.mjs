// A big post on the post page, rendered in the render worker against on
// the main thread (the worker's client module blocked, so the app falls
// back): from the request to the rendered post (`folio-post-render`), the
// longest main-thread task and the longest gap between animation frames
// in that time, and the time until every block is mounted (big posts are
// mounted 64 KB of HTML at a time). Interleaved, RUNS times each.
//
//   trunk build --release --dist $CARGO_TARGET_DIR/e2e-dist
//   FOLIO_DIST=$CARGO_TARGET_DIR/e2e-dist node tests/e2e/bench-post.mjs
//   # options: SIZE=1000000 RUNS=3
import fs from 'node:fs';
import { startServer, launchBrowser, newPage, probeResponsiveness } from './harness.mjs';

const FILE = 'posts/2017-05-28-pyconweb-may17.md';
const example = fs.readFileSync('content/' + FILE, 'utf8');
const [, frontMatter, body] = example.match(/^(\+\+\+[\s\S]*?\+\+\+\n)([\s\S]*)$/);
const SIZE = Number(process.env.SIZE || 1_000_000);
const RUNS = Number(process.env.RUNS || 3);
let text = frontMatter + '\nFirst paragraph.\n\n';
while (text.length < SIZE) text += body.replace('<!--more-->', '') + '\n';

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const server = await startServer({ embeds: 'off' });
const browser = await launchBrowser();
const results = { worker: [], main: [] };
try {
  for (let run = 0; run < RUNS; run++) {
    for (const mode of ['worker', 'main']) {
      const page = await newPage(browser);
      await page.route('**/content/' + FILE, (route) => route.fulfill({ body: text, contentType: 'text/markdown; charset=utf-8' }));
      if (mode === 'main') await page.route('**/vendor/render-client.js', (route) => route.fulfill({ status: 404, body: '' }));
      await page.goto(server.base + '/');
      await page.locator('.post-item-title a').first().waitFor();
      await probeResponsiveness(page);
      const start = Date.now();
      await page.locator('.post-item-title a', { hasText: 'PyconWeb' }).click();
      await page.locator('[data-testid="post-body"][data-complete="true"]').waitFor({ timeout: 120_000 });
      const mounted = Date.now() - start;
      const r = await page.evaluate(() => {
        const m = performance.getEntriesByName('folio-post-render').at(-1);
        const [from, to] = [m.startTime, m.startTime + m.duration];
        const long = window.__long.filter((t) => t.start + t.duration > from && t.start < to).map((t) => t.duration);
        const frames = window.__frames;
        let gap = 0;
        // Gaps between consecutive frames that overlap the window.
        for (let i = 1; i < frames.length; i++) if (frames[i] > from && frames[i - 1] < to) gap = Math.max(gap, frames[i] - frames[i - 1]);
        return { render: m.duration, longest: Math.max(0, ...long), gap };
      });
      results[mode].push({ ...r, mounted });
      await page.context().close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`post page, ${text.length} bytes, ${RUNS} runs each, medians:`);
for (const [mode, rs] of Object.entries(results)) {
  console.log(`  ${mode.padEnd(6)} request→rendered ${median(rs.map((r) => r.render)).toFixed(0)} ms, ` +
    `longest task meanwhile ${median(rs.map((r) => r.longest)).toFixed(0)} ms, ` +
    `longest frame gap ${median(rs.map((r) => r.gap)).toFixed(0)} ms, ` +
    `click→all mounted ${median(rs.map((r) => r.mounted)).toFixed(0)} ms`);
}
