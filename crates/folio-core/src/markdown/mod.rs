//! Markdown to HTML the way Hugo 0.111 (goldmark, default configuration)
//! renders `.Content`.
//!
//! pulldown-cmark parses; [`render`] walks its event stream and writes the
//! markup goldmark would: heading ids from Hugo's `anchorize`, the typographer
//! and linkify extensions, GFM tables / strikethrough / task lists,
//! definition lists, and footnotes in goldmark's markup. Every input renders;
//! Markdown has no syntax errors, so there are no diagnostics here.

mod anchor;
mod escape;
mod fence;
mod linkify;
mod render;
mod typographer;

#[cfg(test)]
mod tests;

pub use anchor::anchorize;

/// Which goldmark features are on; the defaults are Hugo's defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Keep raw HTML (goldmark `unsafe = true`); otherwise it is replaced by
    /// `<!-- raw HTML omitted -->`.
    pub unsafe_html: bool,
    /// Smart quotes, dashes, ellipses and angle quotes.
    pub typographer: bool,
    /// Turn bare URLs, `www.` hosts and e-mail addresses into links.
    pub linkify: bool,
    /// Give every heading an `id` made by [`anchorize`].
    pub auto_heading_ids: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            unsafe_html: true,
            typographer: true,
            linkify: true,
            auto_heading_ids: true,
        }
    }
}

/// A heading of the rendered document, for tables of contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `<h1>` … 6 for `<h6>`.
    pub level: u8,
    /// The `id` attribute written (empty when ids are off and none was given).
    pub id: String,
    /// The heading's plain text, without markup.
    pub text: String,
}

/// The HTML of a document together with its headings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
}

/// Renders Markdown to the HTML Hugo puts in `.Content`.
pub fn render(markdown: &str, options: &Options) -> String {
    render_full(markdown, options).html
}

/// Like [`render`], also returning the document's headings.
pub fn render_full(markdown: &str, options: &Options) -> Rendered {
    render::Renderer::new(markdown, options).run()
}
