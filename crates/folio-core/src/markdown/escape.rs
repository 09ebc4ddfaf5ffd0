//! HTML and URL escaping exactly as goldmark writes them. The one
//! implementation is in [`crate::text`]; these names stay for the renderer.

use crate::text::escape::{push_html, push_html_char, Html};

/// goldmark's `util.EscapeHTML`: `&`, `<`, `>` and `"` (as `&quot;`).
pub(crate) fn push_escaped(out: &mut String, text: &str) {
    push_html(out, text, Html::Goldmark);
}

pub(crate) fn push_escaped_char(out: &mut String, c: char) {
    push_html_char(out, c, Html::Goldmark);
}

pub(crate) use crate::text::url::push_goldmark_url as push_escaped_url;
