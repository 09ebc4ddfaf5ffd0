//! The app's render worker's engine: folio-core with its `templates`
//! feature (the Go-template engine for site and inline shortcode
//! templates), which the app's first-load wasm leaves out. The worker
//! (`boot/render-worker.js`) loads this module and calls
//! [`folio_worker_render`]; the post goes back to the page as a
//! [`transfer::Wire`] (`src/app/worker.rs` rebuilds it). Natively empty.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use folio_core::policy::Trust;
use folio_core::render::render_page;
use folio_core::site::Site;
use folio_core::transfer::{self, Wire};
use js_sys::{Reflect, Uint32Array};
use wasm_bindgen::prelude::*;

thread_local! {
    /// The worker's site: the site files it was built from, and the site.
    static WORKER_SITE: RefCell<Option<(Wire, Rc<Site>)>> = const { RefCell::new(None) };
}

/// The site the page renders with, from index.json's site files as
/// [`transfer::encode_site`] flattened them (the app's `post::reader_site`).
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
/// [`transfer::encode_site`]) with `trust` (0: the site's, 1: untrusted)
/// and returns the post as `{ text, numbers }` ([`transfer::encode`]).
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
