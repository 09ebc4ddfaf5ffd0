// Folio at scale: a generated 10,000-post site against a 3-post site.
//
//   cargo build --release --bin folio
//   trunk build --release --dist $CARGO_TARGET_DIR/e2e-dist
//   FOLIO_DIST=$CARGO_TARGET_DIR/e2e-dist node benchmarks/scale.mjs [--posts 10000] [--runs 9]
//
// The sites are written to a temporary folder: every post is the example
// post (content/posts/2017-05-28-pyconweb-may17.md) with its own title, date
// (one a day, going back from 2026), three of 60 tags and one of 21
// categories (so a category has ~477 posts). Measures:
//
// 1. `folio index DIR` (the release binary, FOLIO_BIN to change it), wall
//    clock and CPU time, medians of 3, and the sizes of index.json and index-1.json;
// 2. the home page's time to content, cold (a fresh browser context per
//    load), interleaved, medians: from navigation to the first post of the
//    list visible. For the big site twice: as built (index-1.json, the
//    first page of the index) and with index-1.json answered 404, which
//    makes the app load the whole index.json as before the sharding (plus
//    one 404 on loopback); and the newest post's page, which needs the
//    whole index, on both sites.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const N = opt('--posts', 10000);
const runs = opt('--runs', 9);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = path.resolve(process.env.FOLIO_DIST || 'dist');
const target = process.env.CARGO_TARGET_DIR || path.join(root, 'target');
const BIN = process.env.FOLIO_BIN || path.join(target, 'release', 'folio');
for (const [what, file] of [['the release binary', BIN], ['the built app', path.join(dist, 'index.html')]]) {
  if (!fs.existsSync(file)) {
    console.error(`no ${what} at ${file}: see the commands at the top of benchmarks/scale.mjs`);
    process.exit(2);
  }
}

const example = fs.readFileSync(path.join(root, 'content/posts/2017-05-28-pyconweb-may17.md'), 'utf8');
const body = example.replace(/^\+\+\+\n[\s\S]*?\n\+\+\+\n/, '');
const WORDS = ['Rust', 'Python', 'Web', 'Conference', 'Notes', 'Munich', 'Talks', 'Data', 'Async',
  'Types', 'Testing', 'Deploy', 'Static', 'Sites', 'Markdown', 'Hugo'];

function generate(dir, n) {
  fs.mkdirSync(path.join(dir, 'posts'), { recursive: true });
  const day = 24 * 3600 * 1000;
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < n; i++) {
    const date = new Date(start - i * day).toISOString().slice(0, 10);
    const title = `${WORDS[i % 16]} ${WORDS[(i * 7 + 3) % 16]} ${WORDS[(i * 11 + 5) % 16]} #${i}`;
    const tags = [i % 60, (i * 7 + 1) % 60, (i * 13 + 2) % 60].map((t) => `"tag-${t}"`);
    const fm = `+++\ntitle = "${title}"\ndate = "${date}T12:00:00+02:00"\n`
      + `tags = [${[...new Set(tags)].join(', ')}]\ncategories = ["category-${i % 21}"]\n+++\n`;
    fs.writeFileSync(path.join(dir, 'posts', `${date}-post-${i}.md`), fm + body);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-scale-'));
const sites = { small: path.join(tmp, 'small'), big: path.join(tmp, 'big') };
generate(sites.small, 3);
generate(sites.big, N);

// Wall clock and CPU (user + system, from /usr/bin/time): on a shared
// machine the wall clock includes waiting for a core.
function indexTime(dir) {
  const wall = [];
  const cpu = [];
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    if (fs.existsSync('/usr/bin/time')) {
      const out = spawnSync('/usr/bin/time', ['-f', '__cpu %U %S', BIN, 'index', dir],
        { stdio: ['ignore', 'ignore', 'pipe'] }).stderr.toString();
      wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
      const m = out.match(/__cpu ([\d.]+) ([\d.]+)/);
      if (m) cpu.push((Number(m[1]) + Number(m[2])) * 1000);
    } else {
      execFileSync(BIN, ['index', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
      wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  return { wall: median(wall), cpu: cpu.length ? median(cpu) : NaN };
}
const indexMs = { small: indexTime(sites.small), big: indexTime(sites.big) };
const sizes = Object.fromEntries(Object.entries(sites).map(([name, dir]) => [name,
  ['index.json', 'index-1.json'].map((f) => fs.statSync(path.join(dir, f)).size)]));

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.md': 'text/markdown; charset=utf-8',
};
// /s/<site>/… serves the app with that site's content at /content/; the
// site "big-nofirst" is the big one without index-1.json.
function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let pathname = decodeURIComponent(url.pathname);
    const site = req.headers.cookie?.match(/site=([\w-]+)/)?.[1] || 'small';
    let file;
    if (pathname.startsWith('/content/')) {
      const rel = pathname.slice('/content/'.length);
      if (site === 'big-nofirst' && rel === 'index-1.json') { res.writeHead(404); return res.end(); }
      file = path.join(sites[site === 'small' ? 'small' : 'big'], path.normalize(rel));
    } else if (pathname === '/__fake/widgets.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end('window.twttr={widgets:{createTweet(){return Promise.resolve(null)}}};');
    } else {
      file = path.join(dist, path.normalize(pathname));
      if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(dist, 'index.html');
    }
    if (!fs.existsSync(file)) { res.writeHead(404); return res.end(); }
    let out = fs.readFileSync(file);
    if (file.endsWith('index.html')) {
      out = Buffer.from(out.toString()
        .replace(/(<meta name="folio:tweet-script" content=")[^"]*(")/, '$1/__fake/widgets.js$2'));
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
      'cache-control': 'no-store' });
    res.end(out);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// The newest post of both sites (post 0, dated 2026-01-01).
const NEWEST = '/posts/2026-01-01-post-0/';

async function homeTime(browser, base, site, where = '/') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addCookies([{ name: 'site', value: site, url: base }]);
  const page = await context.newPage();
  await page.route((u) => !u.href.startsWith('http://127.0.0.1'), (route) => route.abort());
  await page.goto(`${base}${where}`, { waitUntil: 'commit' });
  const selector = where === '/' ? '[data-testid="post-item"] h2' : '[data-testid="post-title"]';
  const handle = await page.waitForFunction((sel) => {
    const item = document.querySelector(sel);
    return item && item.getBoundingClientRect().height > 0 ? performance.now() : false;
  }, selector, { polling: 'raf', timeout: 120000 });
  const ms = await handle.jsonValue();
  await context.close();
  return ms;
}

const server = await serve();
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const variants = ['small', 'big', 'big-nofirst', 'small-post', 'big-post'];
const samples = Object.fromEntries(variants.map((v) => [v, []]));
const load = (v) => (v.endsWith('-post')
  ? homeTime(browser, base, v.replace('-post', ''), NEWEST) : homeTime(browser, base, v));
try {
  for (const v of variants) await load(v); // warm-up
  for (let i = 0; i < runs; i++) {
    for (const v of variants) samples[v].push(await load(v));
  }
} finally {
  await browser.close();
  server.close();
  server.closeAllConnections();
  fs.rmSync(tmp, { recursive: true, force: true });
}
const m = Object.fromEntries(variants.map((v) => [v, median(samples[v])]));
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
console.log(`folio index (${BIN}), median of 3:`);
console.log(`| site | folio index (wall) | (CPU) | index.json | index-1.json |`);
console.log(`|---|---:|---:|---:|---:|`);
for (const [name, n] of [['small', 3], ['big', N]]) {
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`| ${n} posts | ${s(indexMs[name].wall)} | ${s(indexMs[name].cpu)} | ${kb(sizes[name][0])} | ${kb(sizes[name][1])} |`);
}
console.log(`\nhome page time to content (loopback), ${runs} cold loads each, interleaved, medians:`);
console.log(`| site | time to content | vs 3 posts |`);
console.log(`|---|---:|---:|`);
console.log(`| 3 posts | ${m.small.toFixed(0)} ms | 1.00x |`);
console.log(`| ${N} posts, index-1.json | ${m.big.toFixed(0)} ms | ${(m.big / m.small).toFixed(2)}x |`);
console.log(`| ${N} posts, whole index.json (index-1.json 404) | ${m['big-nofirst'].toFixed(0)} ms | ${(m['big-nofirst'] / m.small).toFixed(2)}x |`);
console.log(`\nthe newest post's page (needs the whole index), the same runs:`);
console.log(`| site | time to content | vs 3 posts |`);
console.log(`|---|---:|---:|`);
console.log(`| 3 posts | ${m['small-post'].toFixed(0)} ms | 1.00x |`);
console.log(`| ${N} posts | ${m['big-post'].toFixed(0)} ms | ${(m['big-post'] / m['small-post']).toFixed(2)}x |`);
