// The Markdown pipeline in the browser: Folio's wasm (the embeddable
// widget's renderToString) vs marked and markdown-it, in headless Chromium,
// the same text, interleaved, medians.
//
//   trunk build --release --dist $CARGO_TARGET_DIR/e2e-dist   # builds dist/folio/ too
//   FOLIO_DIST=$CARGO_TARGET_DIR/e2e-dist node benchmarks/browser.mjs [--runs 15]
//   FOLIO_DIST=$BEFORE_DIST,$AFTER_DIST node benchmarks/browser.mjs   # before/after,
//     both in the same page and rounds ("Folio 1" is the first dist)
//
// Inputs: the example post (content/posts/2017-05-28-pyconweb-may17.md, front
// matter and five tweet shortcodes included) and a 1 MB post (the example's
// body repeated under its front matter). marked and markdown-it get the same
// text; they do not know front matter or shortcodes (they render them as
// text), so they do less work than Folio, which renders the post the way the
// app does (front matter, shortcodes, typographer, summary, headings, the
// sanitiser's URL checks). Defaults everywhere: marked.parse(text),
// markdownit().render(text), renderToString(text) (trusted, embeds live:
// the tweet cards' HTML is built, no script runs).
//
// Each round times every renderer once on each input, in a rotating order;
// warm-up rounds first (wasm tiering, JIT). A small input is rendered
// repeatedly per sample (about 256 KB of text), the mean taken as the
// sample. Prints a Markdown table.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const runs = opt('--runs', 15);
const warmup = opt('--warmup', 3);
const dists = (process.env.FOLIO_DIST || 'dist').split(',').map((d) => path.resolve(d));
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const POST = path.join(root, 'content/posts/2017-05-28-pyconweb-may17.md');

for (const dist of dists) {
  if (!fs.existsSync(path.join(dist, 'folio/folio-widget.js'))) {
    console.error(`no ${dist}/folio/folio-widget.js: build with trunk build --release --dist ...`);
    process.exit(2);
  }
}
// One Folio per dist: "Folio" alone, else "Folio 1", "Folio 2", ….
const folios = dists.map((_, k) => (dists.length === 1 ? 'Folio' : `Folio ${k + 1}`));

const example = fs.readFileSync(POST, 'utf8');
const fm = example.match(/^(---|\+\+\+)\n[\s\S]*?\n\1\n/)[0];
const body = example.slice(fm.length);
let big = fm;
while (big.length < 1024 * 1024) big += body + '\n';
const INPUTS = [
  { name: 'example post', text: example },
  { name: '1 MB post', text: big },
];

const PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="folio:tweet-script" content="/__none.js">
<script src="/__nm/marked/lib/marked.umd.js"></script>
<script src="/__nm/markdown-it/dist/browser/markdown-it.umd.min.js"></script>
</head><body><script type="module">
const folios = ${JSON.stringify(folios)};
window.__bench = (async () => {
  const md = window.markdownit();
  const renderers = {};
  for (const [k, name] of folios.entries()) {
    const widget = await import('/__d' + k + '/folio/folio-widget.js');
    await widget.ready();
    renderers[name] = (t) => widget.renderToString(t);
  }
  renderers.marked = (t) => window.marked.parse(t);
  renderers['markdown-it'] = (t) => md.render(t);
  // performance.now() is coarse (0.1 ms) in a page without cross-origin
  // isolation: a small input is rendered \`reps\` times per sample.
  const time = async (fn, text) => {
    const reps = Math.max(1, Math.round(256 * 1024 / text.length));
    const t0 = performance.now();
    let out;
    for (let r = 0; r < reps; r++) out = await fn(text);
    const t1 = performance.now();
    if (typeof out !== 'string' || out.length < 100) throw new Error('no output');
    return (t1 - t0) / reps;
  };
  window.runRound = async (inputs, round) => {
    const names = Object.keys(renderers);
    const result = {};
    for (const [i, text] of inputs.entries()) {
      const order = names.map((_, k) => names[(k + round + i) % names.length]);
      result[i] = {};
      for (const name of order) result[i][name] = await time(renderers[name], text);
    }
    return result;
  };
  return true;
})();
</script></body></html>`;

function serve() {
  const types = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
  const server = http.createServer((req, res) => {
    const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (p === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(PAGE);
    }
    const d = p.match(/^\/__d(\d+)(\/.*)$/);
    const file = p.startsWith('/__nm/')
      ? path.join(root, 'node_modules', path.normalize(p.slice(6)))
      : d && dists[Number(d[1])]
        ? path.join(dists[Number(d[1])], path.normalize(d[2]))
        : path.join(dists[0], path.normalize(p));
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const server = await serve();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.__bench);
  await page.evaluate(() => window.__bench);
  const texts = INPUTS.map((i) => i.text);
  const names = [...folios, 'marked', 'markdown-it'];
  const samples = INPUTS.map(() => Object.fromEntries(names.map((n) => [n, []])));
  for (let round = 0; round < warmup + runs; round++) {
    const r = await page.evaluate(([t, n]) => window.runRound(t, n), [texts, round]);
    if (round < warmup) continue;
    for (const i of INPUTS.keys()) for (const k of Object.keys(r[i])) samples[i][k].push(r[i][k]);
  }
  const version = browser.version();
  console.log(`Chromium ${version}, ${runs} interleaved rounds after ${warmup} warm-up rounds; medians.\n`);
  const head = folios.flatMap((f) => [`${f} / marked`, `${f} / markdown-it`]);
  console.log(`| input | size | ${names.join(' | ')} | ${head.join(' | ')} |`);
  console.log(`|---|${'---:|'.repeat(1 + names.length + head.length)}`);
  for (const [i, input] of INPUTS.entries()) {
    const m = Object.fromEntries(Object.entries(samples[i]).map(([k, v]) => [k, median(v)]));
    const kb = (Buffer.byteLength(input.text) / 1024).toFixed(1);
    const ms = (x) => `${x.toFixed(2)} ms`;
    const ratios = folios.flatMap((f) => [m[f] / m.marked, m[f] / m['markdown-it']]);
    console.log(`| ${input.name} | ${kb} KB | ${names.map((n) => ms(m[n])).join(' | ')} | `
      + `${ratios.map((r) => `${r.toFixed(2)}x`).join(' | ')} |`);
  }
} finally {
  await browser.close();
  server.close();
}
