//! Rendering off the main thread: big posts, and posts that need the
//! template engine (the app's wasm is built without folio-core's
//! `templates` feature: [`needs_engine`]). A module Web Worker
//! (`boot/render-worker.js`, served as `/vendor/render-worker.js`) loads the
//! full engine (crates/folio-engine, `/vendor/engine/`, built by
//! scripts/build-engine; not in the first load) and calls its
//! `folio_worker_render`; the post comes back as a [`transfer::Wire`] (one
//! string, one `Uint32Array`) and is rebuilt here. The page's side of it is
//! `boot/render-client.js` (`/vendor/render-client.js`, the
//! `folio:render-client` meta tag), imported on first use.
//!
//! The invariant: the main thread never renders a post that needs
//! templates without the engine, except when the worker cannot be used at
//! all; the post then shows with its template shortcodes as error
//! placeholders (never as wrong output).
//!
//! One worker for the page, created on first use; requests are answered in
//! order. When the worker cannot be used (no module workers, the files
//! cannot be found, it failed to load) [`render`] returns `None` and the
//! caller renders on the main thread: a post always shows.

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect, Uint32Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::index::Index;
use crate::policy::Trust;
use crate::render::{needs_engine, render_page, Rendered};
use crate::site::Site;
use folio_core::transfer::{self, Wire};

/// Posts at least this big (bytes) are rendered in the worker on the post
/// page; smaller ones render at once on the main thread (no worker start-up
/// before the first paint).
pub const POST_PAGE_MIN_BYTES: usize = 200 * 1024;

/// In the editor, a full render of a post at least this big goes to the
/// worker (edits that can be rendered incrementally stay on the main thread).
pub const EDITOR_MIN_BYTES: usize = 100 * 1024;

/// What the worker rebuilds the page's site from: index.json's site files
/// and the pages the site knows ([`transfer::encode_site`]), flattened on
/// first use. Encoding walks every page of the index, and most pages never
/// start the worker (only big posts and posts with templates do), so a post
/// page of a 10,000-post site does not pay for it up front.
pub struct SiteWire {
    index: Rc<Index>,
    site: Rc<Site>,
    wire: OnceCell<Wire>,
}

impl SiteWire {
    pub fn new(index: Rc<Index>, site: Rc<Site>) -> Rc<SiteWire> {
        Rc::new(SiteWire {
            index,
            site,
            wire: OnceCell::new(),
        })
    }

    /// The flattened site, encoded now if it was not yet.
    pub fn get(&self) -> &Wire {
        self.wire
            .get_or_init(|| transfer::encode_site(&self.index.site, &self.site.links))
    }
}

/// The same index and site, whether encoded yet or not.
impl PartialEq for SiteWire {
    fn eq(&self, other: &SiteWire) -> bool {
        Rc::ptr_eq(&self.index, &other.index) && Rc::ptr_eq(&self.site, &other.site)
    }
}

fn trust_code(trust: Trust) -> u32 {
    match trust {
        Trust::Site => 0,
        Trust::Untrusted => 1,
    }
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
    let url = super::config::meta("folio:render-client")
        .unwrap_or_else(|| "/vendor/render-client.js".into());
    let module = JsFuture::from(super::script::import(&url)?).await.ok()?;
    let f: Function = Reflect::get(&module, &"render".into())
        .ok()?
        .dyn_into()
        .ok()?;
    RENDER.with(|r| *r.borrow_mut() = Some(f.clone()));
    Some(f)
}

/// Renders `text` (the post at `page`) in the worker; `None` when the
/// worker is not available (the caller then renders on the main thread).
pub async fn render(
    text: &str,
    page: Option<&str>,
    site: &SiteWire,
    trust: Trust,
) -> Option<Rendered> {
    let request = client_render().await?;
    let site = site.get();
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

/// Renders `text` in the worker when it is at least `min_bytes` long or
/// needs the template engine ([`needs_engine`]) and the worker answers,
/// else here.
pub async fn render_big(
    text: &str,
    page: Option<&str>,
    site: &Site,
    site_wire: &SiteWire,
    trust: Trust,
    min_bytes: usize,
) -> Rendered {
    if text.len() >= min_bytes || needs_engine(text, site) {
        if let Some(post) = render(text, page, site_wire, trust).await {
            return post;
        }
    }
    render_page(text, site, trust, page)
}
