//! Rendering big posts off the main thread: a module Web Worker
//! (`boot/render-worker.js`, served as `/vendor/render-worker.js`) loads
//! the app's own wasm (the same two files the page loaded, so from the HTTP
//! cache, and nothing extra in the first load) and calls
//! [`folio_worker_render`]; the post comes back as a [`transfer::Wire`]
//! (one string, one `Uint32Array`) and is rebuilt here. The page's side of
//! it is `boot/render-client.js` (`/vendor/render-client.js`, the
//! `folio:render-client` meta tag), imported on first use.
//!
//! One worker for the page, created on first use; requests are answered in
//! order. When the worker cannot be used (no module workers, the files
//! cannot be found, it failed to load) [`render`] returns `None` and the
//! caller renders on the main thread: a post always shows.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect, Uint32Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::policy::Trust;
use crate::render::{render_page, Rendered};
use crate::site::Site;
use folio_core::transfer::{self, Wire};

/// Posts at least this big (bytes) are rendered in the worker on the post
/// page; smaller ones render at once on the main thread (no worker start-up
/// before the first paint).
pub const POST_PAGE_MIN_BYTES: usize = 200 * 1024;

/// In the editor, a full render of a post at least this big goes to the
/// worker (edits that can be rendered incrementally stay on the main thread).
pub const EDITOR_MIN_BYTES: usize = 100 * 1024;

fn trust_code(trust: Trust) -> u32 {
    match trust {
        Trust::Site => 0,
        Trust::Untrusted => 1,
    }
}

thread_local! {
    /// The worker's site: the site files it was built from, and the site.
    static WORKER_SITE: RefCell<Option<(Wire, Rc<Site>)>> = const { RefCell::new(None) };
}

/// The site the page renders with, from index.json's site files as
/// [`transfer::encode_site`] flattened them (see [`super::post::reader_site`]).
fn worker_site(wire: Wire) -> Rc<Site> {
    WORKER_SITE.with(|cell| {
        if let Some((cached, site)) = cell.borrow().as_ref() {
            if *cached == wire {
                return site.clone();
            }
        }
        let mut site = transfer::decode_site(&wire.text, &wire.numbers)
            .and_then(Result::ok)
            .unwrap_or_default();
        site.config.video_facades = true;
        let site = Rc::new(site);
        *cell.borrow_mut() = Some((wire, site.clone()));
        site
    })
}

/// The worker's entry point: renders `text`, the post at `page` (its path
/// in `content/`, empty for none), against the site described by
/// `site_text` and `site_numbers` (index.json's site files and pages,
/// [`transfer::encode_site`]) and returns the post as `{ text, numbers }`
/// ([`transfer::encode`]).
#[wasm_bindgen]
pub fn folio_worker_render(
    text: String,
    page: String,
    site_text: String,
    site_numbers: Vec<u32>,
    trust: u32,
) -> JsValue {
    let trust = if trust == 0 {
        Trust::Site
    } else {
        Trust::Untrusted
    };
    let site = worker_site(Wire {
        text: site_text,
        numbers: site_numbers,
    });
    let page = (!page.is_empty()).then_some(page.as_str());
    let post = render_page(&text, &site, trust, page);
    let wire = transfer::encode(&post);
    let out = js_sys::Object::new();
    let _ = Reflect::set(&out, &"text".into(), &JsValue::from_str(&wire.text));
    let _ = Reflect::set(
        &out,
        &"numbers".into(),
        &Uint32Array::from(wire.numbers.as_slice()),
    );
    out.into()
}

/// The page side's `render(text, page, siteText, siteNumbers, trust)`, from
/// `boot/render-client.js` (the `folio:render-client` meta tag), imported
/// on first use.
async fn client_render() -> Option<Function> {
    thread_local! {
        static RENDER: RefCell<Option<Function>> = const { RefCell::new(None) };
    }
    if let Some(f) = RENDER.with(|r| r.borrow().clone()) {
        return Some(f);
    }
    let url = super::editor::meta("folio:render-client")
        .unwrap_or_else(|| "/vendor/render-client.js".into());
    let module = JsFuture::from(super::editor::import(&url)?).await.ok()?;
    let f: Function = Reflect::get(&module, &"render".into())
        .ok()?
        .dyn_into()
        .ok()?;
    RENDER.with(|r| *r.borrow_mut() = Some(f.clone()));
    Some(f)
}

/// Renders `text` (the post at `page`) in the worker; `None` when the
/// worker is not available (the caller then renders on the main thread).
pub async fn render(text: &str, page: Option<&str>, site: &Wire, trust: Trust) -> Option<Rendered> {
    let request = client_render().await?;
    let args: js_sys::Array = [
        JsValue::from_str(text),
        JsValue::from_str(page.unwrap_or_default()),
        JsValue::from_str(&site.text),
        Uint32Array::from(site.numbers.as_slice()).into(),
        JsValue::from(trust_code(trust)),
    ]
    .iter()
    .collect();
    let promise: Promise = request.apply(&JsValue::NULL, &args).ok()?.dyn_into().ok()?;
    let out = JsFuture::from(promise).await.ok()?;
    let wire_text = Reflect::get(&out, &"text".into()).ok()?.as_string()?;
    let numbers = Reflect::get(&out, &"numbers".into())
        .ok()?
        .dyn_into::<Uint32Array>()
        .ok()?
        .to_vec();
    transfer::decode(text, &wire_text, &numbers)
}

/// Renders `text` in the worker when it is at least `min_bytes` long and the
/// worker answers, else here.
pub async fn render_big(
    text: &str,
    page: Option<&str>,
    site: &Site,
    site_wire: &Wire,
    trust: Trust,
    min_bytes: usize,
) -> Rendered {
    if text.len() >= min_bytes {
        if let Some(post) = render(text, page, site_wire, trust).await {
            return post;
        }
    }
    render_page(text, site, trust, page)
}
