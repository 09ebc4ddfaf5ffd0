// End-to-end harness: serves the Trunk-built app (FOLIO_DIST) on 127.0.0.1
// with a single-page fallback and a fake Twitter widgets.js, and launches
// Debian's Chromium through playwright-core. Nothing here reaches the network.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json',
  '.md': 'text/markdown; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.yml': 'text/yaml; charset=utf-8',
};

// Decap CMS (a devDependency), for examples/decap-cms: its bundle and the
// chunks it loads next to it, served at /vendor/decap-cms/.
const DECAP_DIST = path.resolve('node_modules/decap-cms/dist');

// Records every createTweet call in window.__tweets and renders a stand-in.
const FAKE_WIDGETS = `
window.__tweets = [];
window.twttr = { widgets: { createTweet(id, el, options) {
  window.__tweets.push({ id: String(id), options: Object.assign({}, options) });
  const d = document.createElement('div');
  d.className = 'fake-tweet'; d.textContent = 'Fake tweet ' + id;
  el.appendChild(d);
  return Promise.resolve(d);
} } };`;

/**
 * Starts the server. `options.tweetScript`: 'fake' (default) or 'broken'
 * (the script 404s). `options.embeds`: the site's embed mode. `options.failures`: Map of path -> number of 500s to
 * answer before serving normally. `options.content`: a directory served at
 * /content/ instead of the build's. `options.meta`: extra
 * `<meta name=… content=…>` settings put in the page's head.
 * `options.fault(pathname, n)`: called for the n-th request (from 1) of
 * each path; returns nothing to serve normally, 'hang' to never answer (the
 * connection stays open until the server closes), 'reset' to drop the
 * connection, 'cut' to drop it after the head and part of the body,
 * `{ delay: ms }` to serve it normally that much later, or
 * `{ status, type, body }` to answer that.
 */
export async function startServer(options = {}) {
  const dist = process.env.FOLIO_DIST || path.resolve('dist');
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    throw new Error(`no built app in ${dist}: run trunk build first`);
  }
  const failures = options.failures || new Map();
  const scriptUrl = options.tweetScript === 'broken' ? '/__fake/missing-widgets.js' : '/__fake/widgets.js';
  const requests = [];
  // Every request with the time it came (ms), for timing assertions.
  const log = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const pathname = decodeURIComponent(url.pathname);
    requests.push(pathname);
    log.push({ path: pathname, at: Date.now() });
    const fault = options.fault?.(pathname, requests.filter((r) => r === pathname).length);
    if (fault?.delay) return setTimeout(() => serve(req, res, pathname), fault.delay);
    return serve(req, res, pathname, fault);
  });
  const serve = (req, res, pathname, fault) => {
    if (fault === 'hang') return undefined;
    if (fault === 'reset') return req.socket.destroy();
    if (fault === 'cut') {
      res.writeHead(200, { 'content-type': 'text/markdown; charset=utf-8', 'content-length': '100000' });
      res.write('+++\ntitle = "cut"\n');
      return setTimeout(() => req.socket.destroy(), 50);
    }
    if (fault) {
      res.writeHead(fault.status, { 'content-type': fault.type || 'text/plain' });
      return res.end(fault.body ?? '');
    }
    if (failures.get(pathname) > 0) {
      failures.set(pathname, failures.get(pathname) - 1);
      res.writeHead(500, { 'content-type': 'text/plain' });
      return res.end('injected failure');
    }
    if (pathname === '/__fake/widgets.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(FAKE_WIDGETS);
    }
    let root = dist;
    let relative = pathname;
    if (options.content && pathname.startsWith('/content/')) {
      root = path.resolve(options.content);
      relative = pathname.slice('/content'.length);
    } else if (pathname.startsWith('/vendor/decap-cms/')) {
      root = DECAP_DIST;
      relative = pathname.slice('/vendor/decap-cms'.length);
    }
    let file = path.join(root, path.normalize(relative));
    if (!file.startsWith(root)) { res.writeHead(403); return res.end(); }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) {
      // Single-page fallback for routes; real 404 for missing files.
      // A browser tab (Accept: text/html) always gets the app, as from
      // `folio serve`: /edit/posts/x.md is a route.
      const wantsHtml = (req.headers.accept || '').includes('text/html');
      if (path.extname(pathname) && !wantsHtml) { res.writeHead(404); return res.end('not found'); }
      file = path.join(dist, 'index.html');
    }
    let body = fs.readFileSync(file);
    if (file.endsWith('index.html')) {
      body = body.toString()
        .replace(/(<meta name="folio:tweet-script" content=")[^"]*(")/, `$1${scriptUrl}$2`)
        .replace(/(<meta name="folio:embeds" content=")[^"]*(")/, `$1${options.embeds || ''}$2`)
        .replace('</head>', Object.entries(options.meta || {})
          .map(([name, content]) => `<meta name="${name}" content="${content}">`).join('') + '</head>');
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    return res.end(body);
  };
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  // Browsers keep connections alive: drop them, or close() waits for them.
  const close = () => new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); });
  return { base, requests, log, close };
}

/**
 * Runs `body(server)` against a fresh server, then closes the browser
 * contexts it opened and the server, whatever happened.
 */
export async function serveDuring(browser, options, body) {
  const server = await startServer(options);
  const contextsBefore = new Set(browser.contexts());
  try {
    await body(server);
  } finally {
    for (const context of browser.contexts()) {
      if (!contextsBefore.has(context)) await context.close();
    }
    await server.close();
  }
}

/**
 * Records, from now on, the page's long tasks (`window.__long`: start and
 * duration) and animation frames (`window.__frames`: their times), so a
 * test or benchmark can tell whether the main thread stayed responsive.
 */
export const probeResponsiveness = (page) => page.evaluate(() => {
  window.__long = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__long.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask' });
  window.__frames = [];
  const frame = (t) => { window.__frames.push(t); requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
});

export async function launchBrowser() {
  // Playwright gives every launch a fresh, temporary profile.
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page that fails the test on uncaught errors and never reaches out. */
export async function newPage(browser, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const external = [];
  await page.route((url) => !url.href.startsWith('http://127.0.0.1'), (route) => {
    external.push(route.request().url());
    return route.abort();
  });
  page.external = external;
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  return page;
}
