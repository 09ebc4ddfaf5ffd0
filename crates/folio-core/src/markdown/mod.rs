//! Markdown to HTML the way Hugo 0.111 (goldmark, default configuration)
//! renders `.Content`.
//!
//! pulldown-cmark parses; [`render`] walks its event stream and writes the
//! markup goldmark would: heading ids from Hugo's `anchorize`, the typographer
//! and linkify extensions, GFM tables / strikethrough / task lists,
//! definition lists, and footnotes in goldmark's markup. Every input renders;
//! Markdown has no syntax errors, so there are no diagnostics here.

mod anchor;
mod fence;
pub mod highlight;
mod linkify;
mod render;
mod typographer;

#[cfg(test)]
mod tests;

pub use anchor::anchorize;

use std::ops::Range;

use crate::policy::{Policy, Trust};

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
    /// Whose content this is (see [`crate::policy`]).
    pub trust: Trust,
    /// Where the page's relative URLs point, when they are rewritten (the
    /// app, index summaries); `None` writes them as Hugo does, unchanged.
    pub urls: Option<std::rc::Rc<crate::links::PageUrls>>,
}

impl Options {
    /// A link or image URL (after the policy) resolved for the page.
    pub fn resolve_url<'u>(&self, url: &'u str) -> std::borrow::Cow<'u, str> {
        match self.urls.as_ref().and_then(|urls| urls.resolve(url)) {
            Some(resolved) => std::borrow::Cow::Owned(resolved),
            None => std::borrow::Cow::Borrowed(url),
        }
    }

    /// Raw HTML (or a template's output) with its `src`/`href` resolved
    /// for the page.
    pub fn resolve_html_urls<'h>(&self, html: &'h str) -> std::borrow::Cow<'h, str> {
        match &self.urls {
            Some(urls) => crate::links::rewrite_html_urls(html, &|u| urls.resolve(u)),
            None => std::borrow::Cow::Borrowed(html),
        }
    }

    /// The trust policy these options imply.
    pub fn policy(&self) -> Policy {
        Policy {
            unsafe_html: self.unsafe_html,
            trust: self.trust,
        }
    }
}

impl Default for Options {
    /// Hugo's defaults: goldmark's `unsafe` is off, the extensions are on.
    fn default() -> Self {
        Options {
            unsafe_html: false,
            typographer: true,
            linkify: true,
            auto_heading_ids: true,
            trust: Trust::Site,
            urls: None,
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
    /// Where the heading is in the Markdown source.
    pub source: Range<usize>,
}

/// HTML made elsewhere (a `{{< >}}` shortcode's output) that goes into the
/// event stream at a source position instead of the text there.
///
/// The Markdown source holds `token` at `at`: a run of letters, digits and
/// hyphens (Hugo's own placeholder form, so the typographer, linkify and
/// heading ids see what they see in Hugo). The writer never prints the
/// token: where the text event holding it is written, `html` is written
/// instead; a paragraph that is nothing but the token is replaced by `html`
/// (as Hugo unwraps it); in an attribute (a link destination, alt text) the
/// output's text is escaped into the attribute, so shortcode output never
/// becomes markup inside an attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Injection {
    pub at: usize,
    /// The number in the token; injections are sorted by `at` and by this.
    pub ordinal: usize,
    pub token: String,
    pub html: String,
    /// The output's text, for where it lands in an attribute (a link
    /// destination, alt text) or a heading's text (empty for embeds).
    pub text: String,
    /// Block output (Folio's tweet card) that closes a paragraph it ends,
    /// instead of sitting inside `<p>`.
    pub breaks_paragraph: bool,
    /// Folio's card for an embed (a tweet): its words are Folio's, not the
    /// post's (Hugo's has the embedded post's own text, which Folio cannot
    /// know), so the plain text, word count and summary leave it out
    /// ([`Document::embed_html`]).
    pub embed: bool,
}

/// How every injection token starts: Hugo's placeholder form,
/// `HAHAHUGOSHORTCODE-s{ordinal}-HBHB`.
pub const TOKEN_PREFIX: &str = "HAHAHUGOSHORTCODE-s";
const TOKEN_SUFFIX: &str = "-HBHB";

/// The token for shortcode number `ordinal`.
pub fn token(ordinal: usize) -> String {
    // Written without `format!`: a cost per shortcode (a post can have
    // thousands of tweets).
    let mut token = String::with_capacity(TOKEN_PREFIX.len() + 20 + TOKEN_SUFFIX.len());
    token.push_str(TOKEN_PREFIX);
    crate::text::push_decimal(&mut token, ordinal);
    token.push_str(TOKEN_SUFFIX);
    token
}

/// The ordinal of the token whose prefix ends just before `after`, and how
/// many bytes of `after` the rest of the token takes.
fn parse_token(after: &str) -> Option<(usize, usize)> {
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    let ordinal = after.get(..digits)?.parse().ok()?;
    after[digits..]
        .starts_with(TOKEN_SUFFIX)
        .then_some((ordinal, digits + TOKEN_SUFFIX.len()))
}

/// One top-level block of the document: its source range and its HTML's
/// range in [`Document::html`]. Blocks tile the HTML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocBlock {
    pub source: Range<usize>,
    pub html: Range<usize>,
}

/// A link written into the document (Markdown links, autolinks, linkified
/// URLs), with its source range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub href: String,
    pub source: Range<usize>,
}

/// Everything one pass over the events produces.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// The HTML, unless the blocks were written apart ([`render_post_document`]:
    /// then this is empty and [`Document::block_htmls`] has it).
    pub html: String,
    pub blocks: Vec<DocBlock>,
    /// With blocks written apart, each block's HTML (its range in `html`
    /// is where it would be); else empty.
    pub block_htmls: Vec<String>,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// Whether the last block is the footnotes (written at the end, from
    /// definitions anywhere: never part of a summary).
    pub footnotes: bool,
    /// Where embed cards ([`Injection::embed`]) were written: ranges of the
    /// output, in the offsets of [`DocBlock::html`].
    pub embed_html: Vec<Range<usize>>,
}

/// Renders Markdown to the HTML Hugo puts in `.Content`.
pub fn render(markdown: &str, options: &Options) -> String {
    // Only the HTML is returned: the links are not collected.
    let mut renderer = render::Renderer::new(markdown, options, &[]);
    renderer.html_only();
    renderer.run().html
}

/// Renders Markdown with `injections` (sorted by `at`) put into the event
/// stream, collecting blocks, headings, links and text in the same pass.
pub fn render_document(markdown: &str, options: &Options, injections: &[Injection]) -> Document {
    render::Renderer::new(markdown, options, injections).run()
}

/// What Hugo puts in the Markdown in place of `<!--more-->`, as a paragraph
/// of its own (so the divider ends a list or a paragraph, as in Hugo).
pub const SUMMARY_MARKER: &str = "HUGOMORE42";

/// [`render_document`] for a post whose source holds [`SUMMARY_MARKER`] as a
/// paragraph at `divider`: that paragraph is not written (Hugo cuts
/// `<p>HUGOMORE42</p>` out of the HTML). Each block is written into a
/// string of its own ([`Document::block_htmls`]), what a post's blocks keep.
pub fn render_post_document(
    markdown: &str,
    options: &Options,
    injections: &[Injection],
    divider: Option<usize>,
) -> Document {
    let mut renderer = render::Renderer::new(markdown, options, injections);
    renderer.divider = divider;
    renderer.split_blocks();
    renderer.run()
}
