//! Folio in any page: the WebAssembly half of `folio-widget.js`.
//!
//! `widget/folio-widget.js` (hand-written, the public entry) defines the
//! custom elements and the JS API; it imports the wasm-bindgen glue of this
//! crate once and calls what is exported here:
//!
//! - [`render_to_string`]: a post (or bare Markdown) to an HTML string;
//! - [`mount`]: a post as a Yew app in an element, with a [`Handle`] to
//!   `update(markdown)` and `destroy()` it; its blocks are keyed as in the
//!   reader app, so an update replaces only the blocks that changed;
//! - [`render_list`]: an `index.json` to a list of posts;
//! - [`register_shortcode`]: a shortcode implemented in JavaScript (through
//!   the core's [`folio_core::site::HostShortcodes`], so its output passes
//!   the trust policy);
//! - [`stylesheet`]: the widget's CSS, for the shadow root.
//!
//! Everything is instance-scoped: nothing here touches `document.title`,
//! `<head>` meta, `<html>` attributes, global CSS or window listeners. The
//! one page-wide effect is Twitter's `widgets.js`, loaded once (by the app's
//! `script::load_once`) and only for a post with tweets in `live` mode.
//!
//! Natively this crate is empty: it exists for wasm32 only.

#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
mod view;

/// The widget's stylesheet (adopted by each shadow root).
pub const STYLESHEET: &str = include_str!("../../../widget/folio-widget.css");
