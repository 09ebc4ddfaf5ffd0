// Time to content: Folio vs docsify, the same post, the same local server,
// cold (a fresh browser context per load), interleaved, medians.
//
//   FOLIO_DIST=dist node benchmarks/ttc.mjs [--runs 15] [--slow]
//
// "Content" is the post's first sentence in the DOM, visible: the moment a
// reader can start reading. --slow emulates a slow mobile network (150 ms
// round trip, 1.6 Mbit/s down, 750 kbit/s up) and serves gzip, as a real
// host would. docsify 5 (npm), with its default theme (themes/core.min.css),
// renders the raw .md itself, as Folio does.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 15;
const slow = args.includes('--slow');
const dist = path.resolve(process.env.FOLIO_DIST || 'dist');
const docsifyDir = path.resolve('node_modules/docsify/dist');
const POST = '2017-05-28-pyconweb-may17';
const FIRST_WORDS = 'conference took place during the last weekend';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.md': 'text/markdown; charset=utf-8',
};

const DOCSIFY_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>docsify</title>
<link rel="stylesheet" href="/__docsify/themes/core.min.css">
</head><body><div id="app"></div>
<script>window.$docsify = { basePath: '/content/posts/', loadSidebar: false, loadNavbar: false };</script>
<script src="/__docsify/docsify.min.js"></script>
</body></html>`;

const missing = new Set();

function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const pathname = decodeURIComponent(url.pathname);
    let body;
    let file;
    if (pathname === '/docsify.html') {
      body = Buffer.from(DOCSIFY_PAGE);
      file = 'x.html';
    } else if (pathname.startsWith('/__docsify/')) {
      file = path.join(docsifyDir, path.normalize(pathname.slice('/__docsify/'.length)));
    } else if (pathname === '/__fake/widgets.js') {
      body = Buffer.from('window.twttr={widgets:{createTweet(){return Promise.resolve(null)}}};');
      file = 'x.js';
    } else {
      file = path.join(dist, path.normalize(pathname));
      if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
      if (!fs.existsSync(file)) file = path.join(dist, 'index.html');
    }
    if (!body) {
      if (!fs.existsSync(file)) {
        // A peer missing a file would be measured doing less work (docsify
        // without its theme did, until the path was fixed): never silently.
        if (!pathname.endsWith('/favicon.ico')) missing.add(pathname);
        res.writeHead(404);
        return res.end();
      }
      body = fs.readFileSync(file);
      if (file.endsWith('index.html')) {
        body = Buffer.from(body.toString()
          .replace(/(<meta name="folio:tweet-script" content=")[^"]*(")/, '$1/__fake/widgets.js$2'));
      }
    }
    const headers = { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
      'cache-control': 'no-store' };
    if (slow && /gzip/.test(req.headers['accept-encoding'] || '')) {
      body = zlib.gzipSync(body, { level: 9 });
      headers['content-encoding'] = 'gzip';
    }
    res.writeHead(200, headers);
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function timeToContent(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.route((u) => !u.href.startsWith('http://127.0.0.1'), (route) => route.abort());
  if (slow) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8,
    });
  }
  // The check runs in the page, from an init script, each animation frame;
  // its answer comes back as a console message. Playwright's own
  // waitForFunction injected its utility script into the loading page: a
  // trace put 30-40 ms of main-thread work (parsing and compiling it) into
  // every load, Folio's and docsify's alike, before either showed anything.
  const seen = new Promise((resolve) => {
    page.on('console', (message) => {
      const text = message.text();
      if (text.startsWith('folio-ttc ')) resolve(Number(text.slice('folio-ttc '.length)));
    });
  });
  await page.addInitScript((words) => {
    const check = () => {
      for (const p of document.querySelectorAll('p')) {
        if (p.textContent.includes(words) && p.getBoundingClientRect().height > 0) {
          console.debug(`folio-ttc ${performance.now()}`);
          return;
        }
      }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, FIRST_WORDS);
  await page.goto(url, { waitUntil: 'commit' });
  let timer;
  const value = await Promise.race([
    seen,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`ttc: no content at ${url} after 60 s`)), 60000);
    }),
  ]);
  clearTimeout(timer);
  // The first paint of anything (read after the content, so the read
  // costs the load nothing): Folio's page frame, docsify's first render.
  // The check ran before the frame that shows the content was painted:
  // a page whose first paint is its content has its entry a frame later.
  const paint = await page.evaluate(() => new Promise((resolve) => {
    const found = (list) => list.getEntriesByName('first-contentful-paint')[0];
    new PerformanceObserver((list) => {
      if (found(list)) resolve(found(list).startTime);
    }).observe({ type: 'paint', buffered: true });
    setTimeout(() => resolve(NaN), 5000);
  }));
  await context.close();
  return { content: value, paint };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const server = await serve();
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const folio = [];
const docsify = [];
// One warm-up each, not counted (the first browser start is slower).
await timeToContent(browser, `${base}/posts/${POST}/`);
await timeToContent(browser, `${base}/docsify.html#/${POST}`);
for (let i = 0; i < runs; i++) {
  folio.push(await timeToContent(browser, `${base}/posts/${POST}/`));
  docsify.push(await timeToContent(browser, `${base}/docsify.html#/${POST}`));
}
await browser.close();
server.close();
server.closeAllConnections();
if (missing.size) {
  console.error(`ttc: files the pages asked for are missing: ${[...missing].join(', ')}`);
  process.exit(1);
}
const row = (what, pick) => {
  const f = median(folio.map(pick));
  const d = median(docsify.map(pick));
  return `| ${what} | Folio | ${f.toFixed(0)} ms | docsify 5 | ${d.toFixed(0)} ms | ratio | ${(f / d).toFixed(2)}x |`;
};
console.log(`time to content (${slow ? 'slow network, gzip' : 'loopback'}), ${runs} cold loads each, medians:`);
console.log(row('first paint', (r) => r.paint));
console.log(row('content', (r) => r.content));
