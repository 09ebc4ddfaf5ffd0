//! Timing in the page: `performance.now()`, `performance.measure` phases
//! (the post page's and the editor's marks, BENCHMARKS.md) and a
//! `setTimeout` handle that clears itself when dropped.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    pub(crate) fn perf_now() -> f64;
    #[wasm_bindgen(js_namespace = performance, js_name = measure, catch)]
    fn perf_measure(name: &str, options: &JsValue) -> Result<JsValue, JsValue>;
}

/// `performance.measure(name)` from `start` (a `performance.now()`) to now.
pub(crate) fn phase(name: &str, start: f64) {
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"start".into(), &start.into());
    let _ = Reflect::set(&options, &"end".into(), &perf_now().into());
    let _ = perf_measure(name, &options);
}

/// `setTimeout(f, ms)`; the handle clears it when dropped.
pub(crate) struct Timer {
    id: i32,
    _closure: Closure<dyn FnMut()>,
}

impl Timer {
    pub(crate) fn new(ms: i32, f: impl FnOnce() + 'static) -> Option<Timer> {
        let closure = Closure::once(f);
        let id = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                closure.as_ref().unchecked_ref(),
                ms,
            )
            .ok()?;
        Some(Timer {
            id,
            _closure: closure,
        })
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.id);
        }
    }
}
