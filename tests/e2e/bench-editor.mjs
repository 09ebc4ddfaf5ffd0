// Keystroke-to-preview budget in headless Chromium: opens the editor on
// generated posts of 10 KB, 100 KB and 1 MB (the example post's paragraphs
// and tweets, repeated), types keystrokes one at a time into the first
// paragraph and reads the app's `folio-preview` performance measures (from
// the editor's `folio-keystroke` mark, set in CodeMirror's update listener,
// to the effect after the preview's blocks are mounted). Prints p50/p95/max,
// and the same for the app's phase measures (`folio-phase-*`: render, lints,
// view, …) when it sets them.
//
// Also measures the editor's own responsiveness: each keydown's Event
// Timing duration (from the key to the next paint after its handlers), so a
// preview that blocks the main thread shows up here even when it is
// deferred. `BURST=1` also types 40 keys without waiting (as fast as
// Playwright can) and reports how many previews that took and whether the
// last one shows the whole burst (no keystroke lost).
//
// `PROFILE=1` (or `PROFILE=1MB`) records a V8 CPU profile of the 100 KB run
// (or that size's) through CDP and
// prints self time by function (wasm functions are unnamed in a release
// build; the split between wasm, JS, GC and the browser is what it shows).
//
// `FOLIO_DIST=a,b` compares two builds, interleaved (a, b per size, ROUNDS
// times), on the machine's load of the moment.
//
//   trunk build --release --dist $CARGO_TARGET_DIR/e2e-dist
//   FOLIO_DIST=$CARGO_TARGET_DIR/e2e-dist node tests/e2e/bench-editor.mjs
import fs from 'node:fs';
import { startServer, launchBrowser, newPage } from './harness.mjs';

const example = fs.readFileSync('content/posts/2017-05-28-pyconweb-may17.md', 'utf8');
const [, frontMatter, body] = example.match(/^(\+\+\+[\s\S]*?\+\+\+\n)([\s\S]*)$/);
const KEYS = Number(process.env.KEYS || 40);
const SIZES = (process.env.SIZES || '10KB,100KB,1MB').split(',');

function post(size) {
  let out = frontMatter + '\nFirst paragraph, typed into.\n\n';
  while (out.length < size) out += body.replace('<!--more-->', '') + '\n';
  return out;
}

const quantile = (xs, q) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const stats = (xs) => xs.length
  ? `p50 ${quantile(xs, 0.5).toFixed(1)} ms, p95 ${quantile(xs, 0.95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`
  : 'no samples';

function summariseProfile(profile) {
  const self = new Map();
  const dt = profile.timeDeltas;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  let total = 0;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const f = n.callFrame;
    const url = f.url ? f.url.replace(/^.*\//, '') : '';
    const name = `${f.functionName || '(anonymous)'} ${url}`.trim();
    const t = (dt[i] || 0) / 1000;
    total += t;
    self.set(name, (self.get(name) || 0) + t);
  });
  const kinds = new Map();
  for (const [name, t] of self) {
    const kind = name.includes('wasm-function') || name.endsWith('.wasm') ? 'wasm'
      : name.startsWith('(') ? name.split(' ')[0] : name.includes('folio-editor') ? 'CodeMirror' : 'other JS';
    kinds.set(kind, (kinds.get(kind) || 0) + t);
  }
  console.log(`  profile: ${total.toFixed(0)} ms sampled; by kind: ` + [...kinds].sort((a, b) => b[1] - a[1]).map(([k, t]) => `${k} ${t.toFixed(0)}`).join(', '));
  for (const [name, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    console.log(`    ${t.toFixed(1).padStart(8)} ms  ${name}`);
  }
}

const DISTS = (process.env.FOLIO_DIST || 'dist').split(',');
const ROUNDS = Number(process.env.ROUNDS || 1);
const servers = [];
for (const dist of DISTS) {
  process.env.FOLIO_DIST = dist;
  servers.push(await startServer({ embeds: 'off' }));
}
const browser = await launchBrowser();
try {
  for (const [size0, size] of [['10KB', 10_000], ['100KB', 100_000], ['1MB', 1_000_000]]) {
   if (!SIZES.includes(size0)) continue;
   for (let round = 0; round < ROUNDS; round++) for (const [d, server] of servers.entries()) {
    const label = size0 + (DISTS.length > 1 ? ` [${DISTS[d].replace(/^.*\//, '')}]` : '');
    const text = post(size);
    const page = await newPage(browser);
    await page.route('**/content/posts/bench.md', (route) => route.fulfill({ body: text, contentType: 'text/markdown; charset=utf-8' }));
    await page.goto(server.base + '/edit/posts/bench.md');
    await page.locator('[data-testid="editor"][data-ready="true"]').waitFor({ timeout: 120_000 });
    await page.getByTestId('preview').getByTestId('post-body').waitFor({ timeout: 120_000 });
    // Big posts are mounted a slice at a time (builds before that have no
    // data-complete attribute).
    await page.waitForFunction(() => document.querySelector('[data-testid="preview"] [data-testid="post-body"]')
      .dataset.complete !== 'false', null, { timeout: 120_000 });
    await page.evaluate(() => {
      window.__keydowns = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.name === 'keydown') window.__keydowns.push(e.duration);
      }).observe({ type: 'event', durationThreshold: 16, buffered: false });
      const v = window.__folioEditor.view;
      const line = v.state.doc.line(8);
      v.dispatch({ selection: { anchor: line.to } });
      v.focus();
      performance.clearMeasures();
    });
    // Let the first render's deferred work (lints, draft) settle.
    await page.waitForTimeout(1000);
    await page.evaluate(() => performance.clearMeasures());
    let cdp;
    if (process.env.NOCV) {
      await page.evaluate(() => document.querySelector('.editor-page > style')?.remove());
    }
    if (process.env.PROFILE && size0 === (process.env.PROFILE === '1' ? '100KB' : process.env.PROFILE)) {
      cdp = await page.context().newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    for (let i = 0; i < KEYS; i++) {
      await page.keyboard.type('x');
      await page.waitForFunction((n) => performance.getEntriesByName('folio-preview').length >= n, i + 1, { timeout: 60_000 });
    }
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      summariseProfile(profile);
    }
    // Event Timing reports only keydowns of 16 ms or more; shorter ones count as under a frame.
    await page.waitForTimeout(200);
    const { times, phases, slowKeys } = await page.evaluate(() => {
      const phases = {};
      for (const e of performance.getEntriesByType('measure')) {
        if (e.name.startsWith('folio-phase-')) (phases[e.name.slice(12)] ||= []).push(e.duration);
      }
      return {
        times: performance.getEntriesByName('folio-preview').map((e) => e.duration),
        phases,
        slowKeys: window.__keydowns.slice(),
      };
    });
    console.log(`${label} (${text.length} bytes, ${KEYS} keystrokes): ${stats(times)}`);
    for (const [name, xs] of Object.entries(phases)) console.log(`  ${name.padEnd(10)} (${xs.length}) ${stats(xs)}`);
    console.log(`  keydown ≥ 16 ms (Event Timing): ${slowKeys.length} of ${KEYS}${slowKeys.length ? ', ' + stats(slowKeys) : ''}`);
    if (process.env.BURST) {
      await page.evaluate(() => performance.clearMeasures());
      const start = Date.now();
      await page.keyboard.type('y'.repeat(KEYS));
      await page.waitForFunction((n) => {
        const body = document.querySelector('[data-testid="preview"] [data-testid="post-body"]');
        return body && body.textContent.includes(n);
      }, 'y'.repeat(KEYS), { timeout: 120_000 });
      const renders = await page.evaluate(() => performance.getEntriesByName('folio-preview').length);
      console.log(`  burst of ${KEYS} keys: preview complete after ${Date.now() - start} ms, ${renders} preview renders`);
    }
    await page.context().close();
   }
  }
} finally {
  await browser.close();
  for (const server of servers) await server.close();
}
