// The template engine is not in the app's first load: the app's wasm is
// built without it, and posts that run a site's shortcode templates render
// in the render worker's full engine (/vendor/engine/, crates/folio-engine).
// Sites without templates never fetch it; a site with one shows its output,
// on the post page and in the editor's preview.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, newPage, serveDuring } from './harness.mjs';

const target = process.env.CARGO_TARGET_DIR || 'target';
const BIN = process.env.FOLIO_BIN || path.join(target, 'debug', 'folio');
const skip = !fs.existsSync(BIN) && `no ${BIN}: run cargo build first`;
const ENGINE = '/vendor/engine/';
const WORKER = '/vendor/render-worker.js';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const engineRequests = (server) => server.requests.filter((r) => r.startsWith(ENGINE));

test('the example content (no site templates) never fetches the engine', { timeout: 60_000 }, () => serveDuring(browser, {}, async (server) => {
  const page = await newPage(browser);
  await page.goto(server.base + '/');
  await page.getByTestId('post-list').waitFor();
  for (const slug of ['2024-05-10-writing-with-shortcodes', '2024-03-02-hello-folio', '2017-05-28-pyconweb-may17']) {
    await page.goto(server.base + `/posts/${slug}/`);
    await page.getByTestId('post-body').waitFor();
  }
  assert.deepEqual(engineRequests(server), []);
  assert.ok(!server.requests.includes(WORKER), 'a small post started the worker');
  assert.deepEqual(page.errors, []);
}));

/** A temporary site of `files` (path in the site → text), indexed by `folio index --site`. */
function indexedSite(prefix, files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  execFileSync(BIN, ['index', '--site', dir, path.join(dir, 'content')]);
  return dir;
}

/** A site with a `note` shortcode template and a post that uses it. */
function templateSite() {
  return indexedSite('folio-e2e-engine-', {
    'hugo.toml': 'title = "Templates"\n',
    'layouts/shortcodes/note.html':
      '<aside class="note">{{ .Get "type" }}: {{ .Inner | markdownify }}</aside>',
    'content/posts/noted.md':
      '---\ntitle: "Noted"\ndate: 2024-06-01\n---\n\nBefore the note.\n\n{{< note type="tip" >}}**Bold** advice{{< /note >}}\n\nAfter it.\n',
  });
}

test('a site template renders on the post page and in the editor, through the engine', { timeout: 120_000, skip }, async () => {
  const dir = templateSite();
  try {
    await serveDuring(browser, { content: path.join(dir, 'content') }, async (server) => {
      const page = await newPage(browser);
      await page.goto(server.base + '/posts/noted/');
      const note = page.getByTestId('post-body').locator('aside.note');
      await note.waitFor();
      assert.equal(await note.textContent(), 'tip: Bold advice');
      assert.equal(await note.locator('strong').textContent(), 'Bold');
      assert.equal(await page.locator('.folio-shortcode-error').count(), 0);
      assert.ok(server.requests.includes(ENGINE + 'folio-engine_bg.wasm'), 'the engine was not loaded');

      // The editor: the first preview and a typed template shortcode.
      await page.goto(server.base + '/edit/posts/noted.md');
      await page.locator('[data-testid="editor"][data-ready="true"]').waitFor();
      const preview = page.getByTestId('preview');
      await preview.locator('aside.note').waitFor();
      await page.evaluate(() => {
        const v = window.__folioEditor.view;
        v.dispatch({ selection: { anchor: v.state.doc.length } });
        v.focus();
      });
      await page.keyboard.type('\n{{< note type="new" >}}typed{{< /note >}}\n');
      await preview.locator('aside.note', { hasText: 'new: typed' }).waitFor();
      assert.equal(await preview.locator('aside.note').count(), 2);
      assert.equal(await preview.locator('.folio-shortcode-error').count(), 0);
      assert.deepEqual(page.errors, []);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// Front matter outside what the app's compact readers read (here YAML
// anchors and aliases) needs the full parser, which only the engine has: the
// post renders in the worker, with its values, never wrongly or without its
// front matter on the main thread. The site's config with an anchor reaches
// the app as JSON (`folio index` converts it).
test('a post whose front matter only the full parser reads renders through the engine', { timeout: 120_000, skip }, async () => {
  const dir = indexedSite('folio-e2e-anchors-', {
    'hugo.yaml': 'title: &t Anchored site\nparams:\n  name: *t\n',
    'content/posts/anchored.md':
      '---\ntitle: &t "Anchored title"\nsubtitle: *t\ntags: &tags [alpha, beta]\nkeywords: *tags\n---\n\nThe body of the **anchored** post.\n',
    'content/posts/plain.md': '---\ntitle: "Plain title"\ntags: [gamma]\n---\n\nA plain post.\n',
  });
  try {
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'content/index.json'), 'utf8'));
    const config = index.site?.config;
    assert.equal(config?.[0], 'hugo.json', 'the YAML config with an anchor travels as JSON');
    assert.equal(JSON.parse(config[1]).params.name, 'Anchored site');
    await serveDuring(browser, { content: path.join(dir, 'content') }, async (server) => {
      const page = await newPage(browser);
      // A post the compact readers read: no engine.
      await page.goto(server.base + '/posts/plain/');
      await page.getByTestId('post-body').waitFor();
      assert.equal(await page.getByTestId('post-title').textContent(), 'Plain title');
      assert.deepEqual(engineRequests(server), []);

      await page.goto(server.base + '/posts/anchored/');
      const body = page.getByTestId('post-body');
      await body.locator('strong', { hasText: 'anchored' }).waitFor();
      assert.equal(await page.getByTestId('post-title').textContent(), 'Anchored title');
      assert.equal(await page.locator('.post-subtitle').textContent(), 'Anchored title');
      assert.ok(server.requests.includes(ENGINE + 'folio-engine_bg.wasm'), 'the engine was not loaded');
      assert.ok(!(await page.content()).includes('full parser'), 'the main thread rendered it without the full parser');
      assert.deepEqual(page.errors, []);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
