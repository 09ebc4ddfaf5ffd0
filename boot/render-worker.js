// Folio's render worker (a module worker): renders off the main thread the
// posts that are big (the page stays responsive) and the posts that need
// the template engine, which the app's own wasm leaves out (src/app/worker.rs).
// It loads Folio's full engine (crates/folio-engine, built by
// scripts/build-engine into ./engine/ beside this file), only when the page
// first asks for a render, and calls its `folio_worker_render` export.
//
// Message in:  { id, text, page, siteText, siteNumbers, trust }
// (page: the post's path in content/, '' for none)
// Message out: { id, out: { text, numbers } } or { id, error }
let engine;

self.onmessage = async (event) => {
  const { id, text, page, siteText, siteNumbers, trust } = event.data;
  try {
    engine ||= import(new URL('./engine/folio-engine.js', import.meta.url)).then(async (module) => {
      await module.default();
      return module;
    });
    const module = await engine;
    const out = module.folio_worker_render(text, page || '', siteText, siteNumbers, trust);
    self.postMessage({ id, out }, [out.numbers.buffer]);
  } catch (error) {
    engine = undefined;
    self.postMessage({ id, error: String(error && error.message || error) });
  }
};
