// The page side of Folio's render worker (src/app/worker.rs): imported by
// the app only when a big post, or one that needs the template engine, is
// to be rendered, so none of this is in the first load. `render` posts a
// request to the worker (./render-worker.js, created once; it loads the
// full engine from ./engine/) and returns a promise of its answer,
// `{ text, numbers }`. When the worker cannot start or has failed, every
// request is refused at once (the app then renders on the main thread).
const state = { pending: new Map(), next: 0, broken: true };
try {
  state.worker = new Worker(new URL('./render-worker.js', import.meta.url), { type: 'module' });
  state.broken = false;
  state.worker.onmessage = (event) => {
    const request = state.pending.get(event.data.id);
    state.pending.delete(event.data.id);
    if (!request) return;
    if (event.data.error !== undefined) request.reject(event.data.error);
    else request.resolve(event.data.out);
  };
  state.worker.onerror = (event) => {
    state.broken = true;
    for (const request of state.pending.values()) request.reject(String(event.message || 'worker error'));
    state.pending.clear();
  };
} catch (error) {
  console.warn('Folio: no render worker:', error);
}

export function render(text, page, siteText, siteNumbers, trust) {
  if (state.broken) return Promise.reject('the render worker is not available');
  return new Promise((resolve, reject) => {
    const id = ++state.next;
    state.pending.set(id, { resolve, reject });
    state.worker.postMessage({ id, text, page, siteText, siteNumbers, trust });
  }).catch((error) => {
    console.warn('Folio: rendering on the main thread:', error);
    throw error;
  });
}
