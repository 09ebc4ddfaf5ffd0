// Folio's render worker (a module worker): renders big posts off the main
// thread so the page stays responsive (src/app/worker.rs). It loads the
// app's own wasm-bindgen glue and wasm, the files the page already loaded
// (so from the HTTP cache: nothing is added to the first load), and calls
// its `folio_worker_render` export. The app's start function does nothing
// outside a window, so no UI starts here.
//
// Message in:  { id, glue, wasm, text, page, siteText, siteNumbers, trust }
// (page: the post's path in content/, '' for none)
// Message out: { id, out: { text, numbers } } or { id, error }
let app;

self.onmessage = async (event) => {
  const { id, glue, wasm, text, page, siteText, siteNumbers, trust } = event.data;
  try {
    app ||= import(glue).then(async (module) => {
      await module.default({ module_or_path: wasm });
      return module;
    });
    const module = await app;
    const out = module.folio_worker_render(text, page || '', siteText, siteNumbers, trust);
    self.postMessage({ id, out }, [out.numbers.buffer]);
  } catch (error) {
    self.postMessage({ id, error: String(error && error.message || error) });
  }
};
