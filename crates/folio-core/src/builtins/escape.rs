//! The escaping Go's `html/template` applies to values in Hugo's embedded
//! shortcode templates. The one implementation is in [`crate::text`]; these
//! names stay for callers not yet switched (`render.rs`, `highlight.rs`).

pub use crate::text::{url_attr, url_query};

/// `html/template`'s escaper for text and quoted attribute values
/// ([`crate::text::html_template`]).
pub fn html(text: &str) -> String {
    crate::text::html_template(text)
}
