//! Loading a third-party script once per page: every caller that needs the
//! same URL shares one `<script>` element and one promise, which resolves
//! when the script has run and rejects when it could not load; and importing
//! an ES module (`import()`).

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::{Function, Promise};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{window, HtmlScriptElement};

thread_local! {
    static LOADS: RefCell<HashMap<String, Promise>> = RefCell::new(HashMap::new());
}

/// The load of `url`, started on the first call.
pub fn load_once(url: &str) -> Option<Promise> {
    if let Some(promise) = LOADS.with(|l| l.borrow().get(url).cloned()) {
        return Some(promise);
    }
    let document = window()?.document()?;
    let script: HtmlScriptElement = document.create_element("script").ok()?.dyn_into().ok()?;
    script.set_src(url);
    script.set_async(true);
    let promise = Promise::new(&mut |resolve, reject| {
        script.set_onload(Some(&resolve));
        script.set_onerror(Some(&reject));
    });
    document.head()?.append_child(&script).ok()?;
    LOADS.with(|l| l.borrow_mut().insert(url.to_string(), promise.clone()));
    Some(promise)
}

/// `import(url)`, as a promise of the module.
pub(crate) fn import(url: &str) -> Option<Promise> {
    let import = Function::new_with_args("url", "return import(url)");
    import
        .call1(&JsValue::NULL, &JsValue::from_str(url))
        .ok()?
        .dyn_into()
        .ok()
}
