//! Syntax highlighting in the browser, loaded only by pages that show code.
//!
//! The core emits `<pre><code class="language-X">` as Hugo does; here
//! highlight.js (about 43 KB gzipped, 36 common languages) colours those
//! blocks. It is a separate script, fetched the first time a page has code,
//! so the Wasm bundle and pages without code never pay for it.

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{window, Element};

use super::script;

/// Highlights every code block under `root` that names a language.
pub fn highlight_code(root: &Element, script_url: &str) {
    let Ok(blocks) =
        root.query_selector_all("pre code[class*=\"language-\"]:not([data-highlighted])")
    else {
        return;
    };
    if blocks.length() == 0 {
        return;
    }
    let Some(loaded) = script::load_once(script_url) else {
        return;
    };
    let root = root.clone();
    wasm_bindgen_futures::spawn_local(async move {
        if JsFuture::from(loaded).await.is_err() {
            return; // Plain, readable code: highlighting is a nicety.
        }
        let Some((hljs, highlight)) = highlight_fn() else {
            return;
        };
        let _ = Reflect::get(&hljs, &"configure".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .map(|configure| {
                let options = js_sys::Object::new();
                let _ = Reflect::set(&options, &"ignoreUnescapedHTML".into(), &true.into());
                configure.call1(&hljs, &options)
            });
        let Ok(blocks) =
            root.query_selector_all("pre code[class*=\"language-\"]:not([data-highlighted])")
        else {
            return;
        };
        for i in 0..blocks.length() {
            if let Some(block) = blocks.item(i) {
                let _ = highlight.call1(&hljs, &block);
            }
        }
    });
}

fn highlight_fn() -> Option<(JsValue, Function)> {
    let window: JsValue = window()?.into();
    let hljs = Reflect::get(&window, &"hljs".into()).ok()?;
    let f = Reflect::get(&hljs, &"highlightElement".into()).ok()?;
    Some((hljs, f.dyn_into().ok()?))
}
