//! The post pipeline: raw file in, [`Rendered`] post out, in one pass.
//!
//! ```text
//! file ─▶ front matter ─▶ shortcode tree (spans in the file)
//!      ─▶ expansion: {{% %}} output spliced into the Markdown source,
//!         {{< >}} output kept aside as an injection at a token,
//!         with a piecewise map from the expanded source back to the file
//!      ─▶ one Markdown event stream (markdown::render_document): injections
//!         written as HTML at their tokens, every raw-HTML event, URL and
//!         output through the policy; blocks, headings, links and text
//!         collected on the way
//!      ─▶ Rendered { blocks with spans and keys, summary, headings, embeds,
//!         links, word count, diagnostics }
//! ```
//!
//! This mirrors Hugo: a `{{% %}}` shortcode's output is Markdown and goes into
//! the source before Markdown is rendered; a `{{< >}}` shortcode's output is
//! HTML that Markdown never touches. Hugo swaps placeholder text for it in
//! the finished page; Folio writes it as an event at its source position, so
//! nothing is replaced by text search and no token can reach the output.
//! The summary is a prefix of the blocks (up to `<!--more-->`), not a second
//! render, and nothing downstream re-parses the HTML.

use crate::builtins::{self, tweet};
use crate::diagnostics::{Diagnostic, LineIndex, Position, Severity, Span};
use crate::frontmatter::{self, FrontMatter};
use crate::markdown::{self, Injection};
use crate::policy::Trust;
use crate::shortcode::{self, Node, Shortcode};
use crate::site::Site;
use std::collections::HashMap;
use std::rc::Rc;

// The shortcode templates (the site's `layouts/shortcodes/`, inline ones):
// run by the template engine with the `templates` feature; without it (the
// app's first-load wasm) a post that uses one needs the full engine
// ([`needs_engine`]), and rendering it here only reports so.
#[cfg(feature = "templates")]
mod templates;
#[cfg(not(feature = "templates"))]
#[path = "render/no_templates.rs"]
mod templates;
pub use templates::ShortcodeTemplate;
pub(crate) use templates::{parse_shortcode, same_shortcode};

/// Whether rendering `src` against `site` needs what this build leaves out
/// (as the app's first-load wasm does): the template engine (the
/// `templates` feature; a template only runs from a shortcode, and every
/// shortcode has `{{`), or the full front matter parser for front matter
/// Folio's own readers do not read ([`frontmatter::needs_full_parser`]).
/// The caller then renders it with the full engine. Always false with both.
pub fn needs_engine(src: &str, site: &Site) -> bool {
    (!cfg!(feature = "templates")
        && site.needs_templates()
        && src.contains("{{")
        && runs_a_template(src, site))
        || frontmatter::needs_full_parser(src)
}

/// Whether a shortcode of `src`'s body (nested ones too) runs a template
/// ([`runs_template`]): found with the pipeline's own shortcode lexer, so a
/// post that uses only built-ins (a tweet, a figure) on a site with
/// templates renders without the engine. Conservative where the two could
/// differ: an inline shortcode counts whatever the trust.
fn runs_a_template(src: &str, site: &Site) -> bool {
    fn any(nodes: &[Node], site: &Site) -> bool {
        nodes.iter().any(|node| match node {
            Node::Shortcode(sc) => {
                runs_template(site, sc, false)
                    || sc.inner.as_deref().is_some_and(|inner| any(inner, site))
            }
            Node::Text(_) | Node::Escaped { .. } => false,
        })
    }
    let offset = frontmatter::body_offset_after_error(src);
    let body = src.get(offset..).unwrap_or(src);
    any(&shortcode::parse(body, offset).nodes, site)
}

/// Whether `sc` runs a template: the site's of its name, or an inline one
/// ([`is_inline_template`]). What a build without the engine reports, and
/// what [`needs_engine`] looks for.
fn runs_template(site: &Site, sc: &Shortcode, untrusted: bool) -> bool {
    site.shortcodes.contains_key(&sc.name) || is_inline_template(site, sc, untrusted)
}

/// Whether `sc` is an inline template a page may define or use: the site
/// enables them, and the content is trusted.
fn is_inline_template(site: &Site, sc: &Shortcode, untrusted: bool) -> bool {
    sc.is_inline() && site.config.enable_inline_shortcodes && !untrusted
}

/// Hugo's summary divider.
pub const SUMMARY_DIVIDER: &str = "<!--more-->";

/// Hugo's summary divider in a file whose first character (no front
/// matter) is `#`: Hugo's reader takes such a file for Org mode, whose
/// divider this is, whatever the file's format (`<!--more-->` is then text).
pub const ORG_SUMMARY_DIVIDER: &str = "# more";

/// Whether Hugo counts this page's words as CJK: its front matter's
/// `isCJKLanguage`, else (on a `hasCJKLanguage` site) whether the file has
/// a Han, Hangul, Hiragana or Katakana character.
fn is_cjk_page(src: &str, front_matter: &FrontMatter, site: &Site) -> bool {
    let own = front_matter
        .params
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("isCJKLanguage"))
        .and_then(|(_, value)| match value {
            serde_json::Value::Bool(b) => Some(*b),
            serde_json::Value::String(s) => s.parse().ok(),
            _ => None,
        });
    own.unwrap_or_else(|| site.config.has_cjk_language && crate::text::has_cjk(src))
}

/// The summary divider Hugo looks for in `src` (a whole file).
fn summary_divider(src: &str) -> &'static str {
    // Hugo's intro lexer: spaces, tabs, line ends and a byte order mark are
    // passed over; the first other character decides.
    let first = src
        .chars()
        .find(|c| !matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{feff}'));
    if first == Some('#') {
        ORG_SUMMARY_DIVIDER
    } else {
        SUMMARY_DIVIDER
    }
}

/// A rendered post: what Hugo calls `.Params`, `.Summary` and `.Content`,
/// the content as top-level blocks, and what was found on the way.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rendered {
    pub front_matter: FrontMatter,
    /// The content's top-level blocks in order; their HTML concatenated is
    /// `.Content` ([`Rendered::content`]).
    pub blocks: Vec<Block>,
    /// HTML of the summary: the blocks before `<!--more-->`, else the front
    /// matter `summary`, else the first words of the content.
    pub summary: String,
    /// Whether the summary is shorter than the content ("Read more").
    pub truncated: bool,
    /// The summary as plain text, white space collapsed (a meta description).
    pub summary_text: String,
    /// The headings, for a table of contents.
    pub headings: Vec<Heading>,
    /// Tweets and videos, in the order they are written.
    pub embeds: Vec<Embed>,
    /// Every link written into the content.
    pub links: Vec<Link>,
    /// Hugo's `.WordCount`.
    pub word_count: usize,
    /// Whether the page's words are counted as CJK (`hasCJKLanguage`): its
    /// reading time is then Hugo's for CJK text ([`Rendered::reading_time`]).
    pub cjk: bool,
    pub diagnostics: Vec<LocatedDiagnostic>,
}

/// The old name of [`Rendered`].
pub type RenderedPost = Rendered;

/// One top-level block of the content (a paragraph, a list, a heading, a
/// shortcode's output standing alone, the footnotes).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Block {
    /// Byte range in the original file (front matter included).
    pub start: usize,
    pub end: usize,
    /// The 1-based line of `start`.
    pub line: usize,
    /// Stable identity: a hash of the HTML, so an unchanged block keeps its
    /// key while another is edited (a repeat gets `-2`, `-3`, …).
    pub key: String,
    pub html: String,
}

impl Block {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub line: usize,
}

/// A tweet or video the content embeds.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Embed {
    /// `tweet`, `youtube` or `vimeo`.
    pub kind: String,
    pub id: String,
    /// The shortcode's span in the file.
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Link {
    pub href: String,
    pub start: usize,
    pub end: usize,
}

impl Rendered {
    /// Minutes to read the post, as Hugo's `.ReadingTime` (213 words a
    /// minute, 501 on a CJK page), at least one.
    pub fn reading_time(&self) -> usize {
        if self.cjk {
            self.word_count.div_ceil(501).max(1)
        } else {
            crate::index::reading_time(self.word_count)
        }
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// `.Content`: the blocks' HTML, concatenated.
    pub fn content(&self) -> String {
        let mut out = String::with_capacity(self.blocks.iter().map(|b| b.html.len()).sum());
        for block in &self.blocks {
            out.push_str(&block.html);
        }
        out
    }

    /// The ids of the tweets embedded, in order.
    pub fn tweet_ids(&self) -> Vec<String> {
        self.embeds
            .iter()
            .filter(|e| e.kind == "tweet")
            .map(|e| e.id.clone())
            .collect()
    }
}

impl serde::Serialize for Rendered {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Rendered", 11)?;
        s.serialize_field("front_matter", &self.front_matter)?;
        s.serialize_field("summary", &self.summary)?;
        s.serialize_field("truncated", &self.truncated)?;
        s.serialize_field("summary_text", &self.summary_text)?;
        s.serialize_field("content", &self.content())?;
        s.serialize_field("blocks", &self.blocks)?;
        s.serialize_field("headings", &self.headings)?;
        s.serialize_field("embeds", &self.embeds)?;
        s.serialize_field("links", &self.links)?;
        s.serialize_field("word_count", &self.word_count)?;
        s.serialize_field("diagnostics", &self.diagnostics)?;
        s.end()
    }
}

/// A diagnostic with its line and column resolved, ready to show or serialise.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LocatedDiagnostic {
    pub severity: Severity,
    pub line: usize,
    pub column: usize,
    pub span: Span,
    pub message: String,
}

impl LocatedDiagnostic {
    fn new(d: Diagnostic, index: &LineIndex) -> Self {
        let Position { line, column } = index.position(d.span.start);
        LocatedDiagnostic {
            severity: d.severity,
            line,
            column,
            span: d.span,
            message: d.message,
        }
    }

    /// `file:line:col: severity: message`.
    pub fn format(&self, file: &str) -> String {
        crate::diagnostics::format_located(
            file,
            Position {
                line: self.line,
                column: self.column,
            },
            self.severity,
            &self.message,
        )
    }
}

/// Renders a post file read as bytes: invalid UTF-8 is decoded with U+FFFD
/// (never refused: the author's text is not lost) and reported as a warning
/// at the first bad byte.
pub fn render_bytes(bytes: &[u8], site: &Site, trust: Trust) -> Rendered {
    render_bytes_at(bytes, site, trust, None)
}

/// [`render_bytes`] for the file at `page` (its path in `content/`), so
/// its references and relative URLs resolve against the site's pages
/// ([`Site::links`]).
pub fn render_bytes_at(bytes: &[u8], site: &Site, trust: Trust, page: Option<&str>) -> Rendered {
    match std::str::from_utf8(bytes) {
        Ok(text) => render_page(text, site, trust, page),
        Err(error) => {
            let text = String::from_utf8_lossy(bytes);
            let mut post = render_page(&text, site, trust, page);
            let warning = invalid_utf8_warning(error.valid_up_to());
            push_diagnostic(&mut post, warning, &LineIndex::new(&text));
            post
        }
    }
}

/// The warning [`render_bytes`] gives a file that is not UTF-8, located,
/// or `None` for UTF-8: for a caller that decoded the file itself (with
/// `String::from_utf8_lossy`, as `folio index` reads a content folder).
pub fn utf8_warning(bytes: &[u8]) -> Option<LocatedDiagnostic> {
    let error = std::str::from_utf8(bytes).err()?;
    let text = String::from_utf8_lossy(bytes);
    Some(LocatedDiagnostic::new(
        invalid_utf8_warning(error.valid_up_to()),
        &LineIndex::new(&text),
    ))
}

fn invalid_utf8_warning(at: usize) -> Diagnostic {
    Diagnostic::warning(
        Span::new(at, at + 1),
        "invalid UTF-8 from here: bad bytes are shown as U+FFFD (save the file as UTF-8)",
    )
}

/// Adds a diagnostic in source order.
fn push_diagnostic(post: &mut Rendered, diagnostic: Diagnostic, index: &LineIndex) {
    let located = LocatedDiagnostic::new(diagnostic, index);
    let at = post
        .diagnostics
        .partition_point(|d| d.span.start <= located.span.start);
    post.diagnostics.insert(at, located);
}

/// Renders one post file against a site. Never fails: problems become
/// diagnostics, and as much of the post as can be rendered is rendered
/// (a broken front matter block still shows the body; a broken shortcode
/// stays as its source text).
///
/// NUL characters become U+FFFD, as CommonMark asks (a warning points at the
/// first; spans after it are in the text with the replacement, which is two
/// bytes longer per NUL).
pub fn render_post(src: &str, site: &Site) -> Rendered {
    render_with(src, site, Trust::Site)
}

/// [`render_post`] for content of the given trust: [`Trust::Untrusted`]
/// content cannot run script (see [`crate::policy`]).
pub fn render_with(src: &str, site: &Site, trust: Trust) -> Rendered {
    render_page(src, site, trust, None)
}

/// [`render_with`] for the file at `page` (its path in `content/`, as the
/// index names it): `ref`/`relref`/`.GetPage` look up from it, and with
/// the site's [`crate::links::ResourceBase`] its relative URLs resolve
/// ([`crate::links::PageUrls`]).
pub fn render_page(src: &str, site: &Site, trust: Trust, page: Option<&str>) -> Rendered {
    // Tested 64 bytes at a time first: `find` went through `memchr`'s word
    // loop, about a percent of a render of a post without a NUL.
    if let Some(at) = crate::text::scan::has_byte(src.as_bytes(), 0)
        .then(|| src.find('\0'))
        .flatten()
    {
        let cleaned = src.replace('\0', "\u{FFFD}");
        let mut post = render_clean(&cleaned, site, trust, page);
        let warning = Diagnostic::warning(
            Span::new(at, at + 3),
            "NUL character (shown as U+FFFD, as CommonMark asks)",
        );
        push_diagnostic(&mut post, warning, &LineIndex::new(&cleaned));
        remap_spans(&mut post, src);
        return post;
    }
    render_clean(src, site, trust, page)
}

/// Moves every span of a post rendered from `src` with its NULs replaced
/// (each one byte longer by two) back onto `src`.
fn remap_spans(post: &mut Rendered, src: &str) {
    // Where each replacement starts in the cleaned text, in order.
    let replaced: Vec<usize> = src
        .match_indices('\0')
        .enumerate()
        .map(|(i, (at, _))| at + 2 * i)
        .collect();
    let map = |offset: usize| -> usize {
        let whole = replaced.partition_point(|&q| q + 3 <= offset);
        match replaced.get(whole) {
            Some(&q) if q < offset => q - 2 * whole + 1,
            _ => offset - 2 * whole,
        }
    };
    for block in &mut post.blocks {
        (block.start, block.end) = (map(block.start), map(block.end));
    }
    for heading in &mut post.headings {
        (heading.start, heading.end) = (map(heading.start), map(heading.end));
    }
    for embed in &mut post.embeds {
        (embed.start, embed.end) = (map(embed.start), map(embed.end));
    }
    for link in &mut post.links {
        (link.start, link.end) = (map(link.start), map(link.end));
    }
    for diagnostic in &mut post.diagnostics {
        diagnostic.span = Span::new(map(diagnostic.span.start), map(diagnostic.span.end));
    }
}

fn render_clean(src: &str, site: &Site, trust: Trust, page: Option<&str>) -> Rendered {
    let page_ref = page.and_then(|p| site.links.page(p)).cloned();
    let options = markdown::Options {
        trust,
        urls: page.and_then(|p| site.links.page_urls(p)).map(Rc::new),
        ..site.config.markdown_options()
    };
    let index = LineIndex::new(src);
    let mut diagnostics = Vec::new();
    let (front_matter, body, body_offset) = match frontmatter::parse(src) {
        Ok(doc) => {
            diagnostics.extend(doc.warnings);
            (doc.front_matter, doc.body, doc.body_offset)
        }
        Err(error) => {
            diagnostics.push(error);
            let offset = frontmatter::body_offset_after_error(src);
            (
                FrontMatter::default(),
                src.get(offset..).unwrap_or(""),
                offset,
            )
        }
    };

    let parsed = shortcode::parse(body, body_offset);
    diagnostics.extend(parsed.diagnostics);

    let mut expander = Expander {
        src,
        site,
        options: &options,
        index: &index,
        templates: templates::State::new(&front_matter, site, page_ref.as_ref()),
        page_ref,
        diagnostics: Vec::new(),
        embeds: Vec::new(),
        ordinal: 0,
        page_params: &front_matter.params,
        divider: summary_divider(src),
    };
    let expanded = expander.expand_top(&parsed.nodes, body_offset);
    diagnostics.append(&mut expander.diagnostics);
    let embeds = std::mem::take(&mut expander.embeds);
    drop(expander);

    let doc = markdown::render_post_document(
        &expanded.source,
        &options,
        &expanded.injections,
        expanded.divider,
    );
    let mut doc = doc;
    let mut lines = LineCounter::new(src, &index);
    let blocks = keyed_blocks(&mut doc, &expanded.map, &mut lines);
    // Hugo's `.Plain` (the content's HTML with its tags stripped), read
    // for its word count and automatic summary.
    // (The automatic summary only when the post has no other.)
    let auto =
        expanded.divider.is_none() && front_matter.summary.as_deref().is_none_or(str::is_empty);
    let (pre, breaks, had_tags) = html_for_plain(&doc, &blocks);
    let cjk = is_cjk_page(src, &front_matter, site);
    let (word_count, auto_summary, auto_truncated) = crate::text::strip::read_plain(
        &pre,
        &breaks,
        had_tags,
        auto.then_some(site.config.summary_length),
        cjk,
    );
    drop(pre);
    let (summary, truncated) = if let Some(divider) = expanded.divider {
        // The blocks before the divider (not the footnotes, which Hugo
        // writes after the whole content).
        let written = doc.blocks.len() - usize::from(doc.footnotes);
        let before = doc.blocks[..written]
            .iter()
            .take_while(|b| b.source.start < divider)
            .count();
        let summary: String = blocks[..before].iter().map(|b| b.html.as_str()).collect();
        // Truncated if anything but white space follows the divider.
        let after = divider + markdown::SUMMARY_MARKER.len();
        let truncated = expanded
            .source
            .get(after..)
            .is_some_and(|rest| !rest.trim().is_empty());
        (summary, truncated)
    } else if let Some(summary) = front_matter.summary.as_deref().filter(|s| !s.is_empty()) {
        // Hugo renders it, drops a lone paragraph's tags, and does not
        // count the page as truncated.
        let rendered = markdown::render(summary, &options);
        (trim_short_html(&rendered).to_string(), false)
    } else {
        (auto_summary, auto_truncated)
    };
    // The summary's text: an automatic summary is text already (entities
    // kept: decoded here), the others are HTML.
    let summary_text = if auto {
        collapse_spaces(&crate::text::unescape_html(&summary))
    } else {
        collapse_spaces(&plain_text(&summary))
    };

    // The document is ours: its strings move into the post (a copy and a
    // free per heading and link were a cost on a long post).
    let mut lines = LineCounter::new(src, &index);
    let headings = std::mem::take(&mut doc.headings)
        .into_iter()
        .map(|h| {
            let span = expanded.map.span(&h.source);
            Heading {
                level: h.level,
                id: h.id,
                text: h.text,
                start: span.start,
                end: span.end,
                line: lines.line(span.start),
            }
        })
        .collect();
    let links = std::mem::take(&mut doc.links)
        .into_iter()
        .map(|l| {
            let span = expanded.map.span(&l.source);
            Link {
                href: l.href,
                start: span.start,
                end: span.end,
            }
        })
        .collect();

    diagnostics.sort_by_key(|d| d.span.start);
    Rendered {
        front_matter,
        blocks,
        summary,
        truncated,
        summary_text,
        headings,
        embeds,
        links,
        word_count,
        cjk,
        diagnostics: diagnostics
            .into_iter()
            .map(|d| LocatedDiagnostic::new(d, &index))
            .collect(),
    }
}

/// The document's blocks with file spans and stable keys.
fn keyed_blocks(
    doc: &mut markdown::Document,
    map: &OffsetMap,
    lines: &mut LineCounter,
) -> Vec<Block> {
    let mut seen: HashMap<u64, usize, KeyHash> =
        HashMap::with_capacity_and_hasher(doc.blocks.len(), KeyHash);
    // Each block's HTML: written apart by the writer, else copied out.
    let mut htmls = std::mem::take(&mut doc.block_htmls);
    if htmls.len() != doc.blocks.len() {
        htmls = doc
            .blocks
            .iter()
            .map(|block| doc.html.get(block.html.clone()).unwrap_or("").to_string())
            .collect();
    }
    doc.blocks
        .iter()
        .zip(htmls)
        .map(|(block, html)| {
            let hash = crate::hash::stable_hash(html.as_bytes());
            let count = seen.entry(hash).or_insert(0);
            *count += 1;
            // The hex digits into bytes, then one copy into the key (a
            // `push` per digit checked capacity and encoded a char).
            let mut hex = [0u8; 16];
            for (i, byte) in hex.iter_mut().enumerate() {
                let digit = (hash >> ((15 - i) * 4)) & 15;
                *byte = b"0123456789abcdef"[digit as usize];
            }
            let mut key = String::with_capacity(20);
            key.push_str(std::str::from_utf8(&hex).unwrap_or_default());
            if *count > 1 {
                key.push('-');
                crate::text::push_decimal(&mut key, *count);
            }
            let span = map.span(&block.source);
            let line = lines.line(span.start);
            Block {
                start: span.start,
                end: span.end,
                line,
                key,
                html,
            }
        })
        .collect()
}

/// The 1-based lines of offsets of one text asked for in order (blocks,
/// then headings): counted on from the last answer, so a post needs no
/// table of all its lines (one is built only for an offset out of order,
/// or a diagnostic).
struct LineCounter<'a> {
    bytes: &'a [u8],
    index: &'a LineIndex<'a>,
    /// The last offset asked for and its line.
    at: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str, index: &'a LineIndex<'a>) -> Self {
        LineCounter {
            bytes: text.as_bytes(),
            index,
            at: 0,
            line: 1,
        }
    }

    /// [`LineIndex::line`] of `offset`.
    fn line(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.bytes.len());
        if offset < self.at {
            return self.index.line(offset);
        }
        self.line += crate::diagnostics::count_newlines(&self.bytes[self.at..offset]);
        self.at = offset;
        self.line
    }
}

/// The block keys' hash map hashes the keys' own stable hashes: they are
/// hashes already, so they are used as they are (std's SipHash was a cost
/// per block).
#[derive(Clone, Copy, Default)]
struct KeyHash;

impl std::hash::BuildHasher for KeyHash {
    type Hasher = KeyHasher;
    fn build_hasher(&self) -> KeyHasher {
        KeyHasher(0)
    }
}

#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = crate::hash::stable_hash(bytes);
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// The post's HTML without its embed cards ([`markdown::Injection::embed`],
/// whose text Hugo's `.Plain` would have as the embedded post's own), put
/// through Hugo's break pre-replacement for [`text::strip::read_plain`]; and
/// whether it has a `<` or `>`.
fn html_for_plain(doc: &markdown::Document, blocks: &[Block]) -> (String, Vec<usize>, bool) {
    let mut pre = String::with_capacity(blocks.iter().map(|b| b.html.len()).sum());
    let (mut breaks, mut had_tags) = (Vec::new(), false);
    let mut push = |pre: &mut String, breaks: &mut Vec<usize>, html: &str| {
        let angle = crate::text::strip::push_pre_replaced(pre, html, breaks);
        had_tags = had_tags || angle || crate::text::scan::has_byte(html.as_bytes(), b'>');
    };
    let mut cards = doc.embed_html.iter().peekable();
    for (block, keyed) in doc.blocks.iter().zip(blocks) {
        let html = keyed.html.as_str();
        let mut at = 0;
        while let Some(card) = cards.next_if(|card| card.start < block.html.end) {
            let from = card.start.saturating_sub(block.html.start).min(html.len());
            push(&mut pre, &mut breaks, html.get(at..from).unwrap_or(""));
            at = at.max(card.end.saturating_sub(block.html.start).min(html.len()));
        }
        push(&mut pre, &mut breaks, html.get(at..).unwrap_or(""));
    }
    (pre, breaks, had_tags)
}

/// Hugo's `TrimShortHTML` for a front matter summary: a lone paragraph's
/// `<p>` and `</p>` dropped.
fn trim_short_html(html: &str) -> &str {
    let one_paragraph = html.find("<p") == html.rfind("<p");
    if one_paragraph && html.rfind("</p>") == html.rfind("</") {
        let trimmed = html.trim();
        let trimmed = trimmed.strip_prefix("<p>").unwrap_or(trimmed);
        return trimmed.strip_suffix("</p>").unwrap_or(trimmed).trim();
    }
    html
}

/// `text` with every run of white space made one space, trimmed.
fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

pub use crate::text::plain_text;

/// Where each piece of the expanded Markdown source came from in the file.
/// Copied text maps byte for byte; generated text (a shortcode's output or
/// token, an escaped shortcode's literal) maps to the whole span it stands for.
#[derive(Debug, Default)]
struct OffsetMap {
    /// `(start in the expanded source, span in the file, copied?)`, by start.
    segments: Vec<(usize, Span, bool)>,
    /// The last lookup's answer, where the next one starts looking.
    cursor: std::cell::Cell<usize>,
}

impl OffsetMap {
    fn push(&mut self, at: usize, span: Span, copied: bool) {
        self.segments.push((at, span, copied));
    }

    /// The number of segments whose start satisfies `before` (true for a
    /// prefix of them). Lookups come mostly in source order, so the few
    /// segments after the last answer are tried before a binary search.
    fn partition(&self, before: impl Fn(usize) -> bool) -> usize {
        let segments = &self.segments;
        let hint = self.cursor.get().min(segments.len());
        if hint > 0 && !before(segments[hint - 1].0) {
            return segments[..hint].partition_point(|s| before(s.0));
        }
        let mut n = hint;
        while n < segments.len() && n < hint + 4 {
            if !before(segments[n].0) {
                return n;
            }
            n += 1;
        }
        n + segments[n..].partition_point(|s| before(s.0))
    }

    /// The file offset of expanded offset `at`; `end`: `at` closes a range.
    fn offset(&self, at: usize, end: bool) -> usize {
        let n = if end {
            self.partition(|start| start < at)
        } else {
            self.partition(|start| start <= at)
        };
        self.cursor.set(n);
        let Some((start, span, copied)) = n.checked_sub(1).and_then(|n| self.segments.get(n))
        else {
            return self.segments.first().map_or(0, |(_, span, _)| span.start);
        };
        if *copied {
            (span.start + (at - start)).min(span.end)
        } else if end {
            span.end
        } else {
            span.start
        }
    }

    /// The file span of an expanded range.
    fn span(&self, range: &std::ops::Range<usize>) -> Span {
        let start = self.offset(range.start, false);
        let end = self.offset(range.end, true).max(start);
        Span::new(start, end)
    }
}

/// The body as Markdown source for the event stream.
struct Expanded {
    source: String,
    map: OffsetMap,
    /// The `{{< >}}` outputs, by position in `source`.
    injections: Vec<Injection>,
    /// Where `<!--more-->` was, in `source` (it is not in it).
    divider: Option<usize>,
}

/// Turns the shortcode tree into Markdown source, rendering each shortcode
/// on the way.
struct Expander<'a> {
    src: &'a str,
    site: &'a Site,
    /// The Markdown options, trust included.
    options: &'a markdown::Options,
    // (Read by the template engine only.)
    #[cfg_attr(not(feature = "templates"), allow(dead_code))]
    index: &'a LineIndex<'a>,
    /// What the shortcode templates need (`.Page`, `.Parent`, inline
    /// templates); nothing without the engine.
    #[cfg_attr(not(feature = "templates"), allow(dead_code))]
    templates: templates::State,
    /// This page among the site's, if the site's pages are known.
    page_ref: Option<crate::links::PageRef>,
    diagnostics: Vec<Diagnostic>,
    embeds: Vec<Embed>,
    ordinal: usize,
    /// The front matter params, for the `param` built-in.
    page_params: &'a serde_json::Map<String, serde_json::Value>,
    /// The summary divider this file has ([`summary_divider`]).
    divider: &'static str,
}

impl Expander<'_> {
    /// The body's top-level nodes as Markdown source: text copied, `{{% %}}`
    /// output spliced in, `{{< >}}` output set aside as injections at
    /// tokens, `<!--more-->` taken out and remembered.
    fn expand_top(&mut self, nodes: &[Node], body_offset: usize) -> Expanded {
        let body_len = self.src.len().saturating_sub(body_offset);
        // One injection per shortcode at most, and a segment per node (two
        // more for the divider): sized once, as a post can have thousands.
        let shortcodes = nodes
            .iter()
            .filter(|node| matches!(node, Node::Shortcode(_)))
            .count();
        let mut out = Expanded {
            // The body, plus tokens in place of `{{< >}}` shortcodes.
            source: String::with_capacity(body_len + body_len / 8),
            map: OffsetMap {
                segments: Vec::with_capacity(nodes.len() + 3),
                ..OffsetMap::default()
            },
            injections: Vec::with_capacity(shortcodes),
            divider: None,
        };
        // Tweets and videos are most of a post's shortcodes when it has many.
        self.embeds.reserve(shortcodes);
        out.map.push(0, Span::new(body_offset, body_offset), true);
        let mut skip_leading_close = false;
        let mut top_ordinal = 0;
        let mut known_align = None;
        for (i, node) in nodes.iter().enumerate() {
            match node {
                Node::Text(span) => {
                    let skip = std::mem::take(&mut skip_leading_close);
                    let (start, text, next_align) = self.text_node(nodes, i, *span, skip);
                    known_align = next_align;
                    let divider = if out.divider.is_none() {
                        find_divider(text, self.divider)
                    } else {
                        None
                    };
                    match divider {
                        Some(at) => {
                            // As Hugo: the divider becomes a paragraph of
                            // its own (it ends a list or a paragraph), which
                            // the writer leaves out.
                            copy(&mut out, &text[..at], start);
                            let after = at + self.divider.len();
                            out.map.push(
                                out.source.len(),
                                Span::new(start + at, start + after),
                                false,
                            );
                            out.source.push_str("\n\n");
                            out.divider = Some(out.source.len());
                            out.source.push_str(markdown::SUMMARY_MARKER);
                            out.source.push_str("\n\n");
                            copy(&mut out, &text[after..], start + after);
                        }
                        None => copy(&mut out, text, start),
                    }
                }
                Node::Escaped { literal, span } => {
                    out.map.push(out.source.len(), *span, false);
                    out.source.push_str(literal);
                }
                Node::Shortcode(sc) => {
                    let wrapper_align = match known_align.take() {
                        Some((at, align)) if at == i => align,
                        _ => self.wrapper_align(nodes, i, sc),
                    };
                    if wrapper_align.is_some() {
                        skip_leading_close = true;
                    }
                    let ordinal = top_ordinal;
                    top_ordinal += 1;
                    let embeds_before = self.embeds.len();
                    let html = self.render_shortcode(sc, wrapper_align.flatten());
                    out.map.push(out.source.len(), sc.span, false);
                    if sc.markdown {
                        out.source.push_str(&html);
                        continue;
                    }
                    let own_embed = self.embeds.len() == embeds_before + 1
                        && self.embeds.last().is_some_and(|e| e.start == sc.span.start);
                    let breaks_paragraph = own_embed
                        && self.embeds.last().is_some_and(|e| e.kind == "tweet")
                        && !html.is_empty();
                    let text = if own_embed {
                        String::new()
                    } else {
                        plain_text(&html)
                    };
                    let token = markdown::token(ordinal);
                    let at = out.source.len();
                    out.source.push_str(&token);
                    out.injections.push(Injection {
                        at,
                        ordinal,
                        token,
                        html,
                        text,
                        breaks_paragraph,
                        embed: own_embed,
                    });
                }
            }
        }
        out
    }

    /// Markdown source for the inner content of a shortcode: `{{< >}}`
    /// output is inlined, since the parent's template decides what happens
    /// to its `.Inner`.
    fn expand(&mut self, nodes: &[Node]) -> String {
        let mut out = String::new();
        let mut skip_leading_close = false;
        let mut known_align = None;
        for (i, node) in nodes.iter().enumerate() {
            match node {
                Node::Text(span) => {
                    let skip = std::mem::take(&mut skip_leading_close);
                    let (_, text, next_align) = self.text_node(nodes, i, *span, skip);
                    out.push_str(text);
                    known_align = next_align;
                }
                Node::Escaped { literal, .. } => out.push_str(literal),
                Node::Shortcode(sc) => {
                    let wrapper_align = match known_align.take() {
                        Some((at, align)) if at == i => align,
                        _ => self.wrapper_align(nodes, i, sc),
                    };
                    if wrapper_align.is_some() {
                        skip_leading_close = true;
                    }
                    let html = self.render_shortcode(sc, wrapper_align.flatten());
                    out.push_str(&html);
                }
            }
        }
        out
    }

    /// Text node `i` of `nodes` (at `span`) as it goes into the Markdown
    /// source, with where it starts in the file: without the `</blockquote>`
    /// that closed a Twitter wrapper before it (`skip_close`), and without
    /// the opening `<blockquote class="twitter-tweet">` of a wrapper after it.
    ///
    /// Also returns, when node `i + 1` is a shortcode, what
    /// [`Expander::wrapper_align`] answers for it (asked once, not twice).
    fn text_node(
        &self,
        nodes: &[Node],
        i: usize,
        span: Span,
        skip_close: bool,
    ) -> (usize, &str, Option<WrapperAlign>) {
        let Some(mut text) = self.src.get(span.start..span.end) else {
            return (span.start, "", None);
        };
        let mut start = span.start;
        if skip_close {
            if let Some(rest) = strip_leading_close(text) {
                start += text.len() - rest.len();
                text = rest;
            }
        }
        let mut next_align = None;
        if let Some(Node::Shortcode(next)) = nodes.get(i + 1) {
            // The text without a stripped `</blockquote>` has the same last
            // tag, so this is the wrapper check of the shortcode after it.
            let wrapper = self.tweet_wrapper(text, next, nodes.get(i + 2));
            if let Some((kept, _)) = wrapper {
                text = kept;
            }
            next_align = Some((i + 1, wrapper.map(|(_, align)| align)));
        }
        (start, text, next_align)
    }

    /// The alignment of a raw Twitter blockquote the author wrapped around
    /// shortcode `i` (`Some(None)`: wrapped, no alignment), if it is wrapped.
    fn wrapper_align(
        &self,
        nodes: &[Node],
        i: usize,
        sc: &Shortcode,
    ) -> Option<Option<tweet::Align>> {
        let previous = i.checked_sub(1).and_then(|p| nodes.get(p));
        let Some(Node::Text(prev)) = previous else {
            return None;
        };
        let text = self.src.get(prev.start..prev.end)?;
        self.tweet_wrapper(text, sc, nodes.get(i + 1))
            .map(|(_, align)| align)
    }

    /// When `text` ends with `<blockquote class="twitter-tweet …">`, `sc` is a
    /// tweet and `after` starts with `</blockquote>`, returns the text without
    /// the opening tag and the blockquote's alignment: the author pasted
    /// Twitter's markup around the shortcode, and one embed is what they meant.
    fn tweet_wrapper<'t>(
        &self,
        text: &'t str,
        sc: &Shortcode,
        after: Option<&Node>,
    ) -> Option<(&'t str, Option<tweet::Align>)> {
        if !builtins::is_tweet(&sc.name) || self.site_overrides(&sc.name) {
            return None;
        }
        let Some(Node::Text(after)) = after else {
            return None;
        };
        strip_leading_close(&self.src[after.start..after.end])?;
        let open = text.rfind('<')?;
        let align = tweet::wrapping_blockquote_align(&text[open..])?;
        Some((&text[..open], align))
    }

    fn site_overrides(&self, name: &str) -> bool {
        self.site.shortcodes.contains_key(name) || self.site.host_shortcodes.0.contains_key(name)
    }

    fn render_shortcode(&mut self, sc: &Shortcode, align: Option<tweet::Align>) -> String {
        let ordinal = self.ordinal;
        self.ordinal += 1;
        if let Some(html) = self.template_shortcode(sc, ordinal) {
            return html;
        }
        if sc.is_inline() {
            // Inline shortcodes are off unless the site enables them (Hugo),
            // and always for untrusted content.
            let why = if self.options.policy().is_untrusted() {
                "inline shortcodes are off for untrusted content"
            } else {
                "the site does not set enableInlineShortcodes"
            };
            self.diagnostics.push(Diagnostic::warning(
                sc.open_span,
                format!("inline shortcode '{}' ignored: {why}", sc.name),
            ));
            return String::new();
        }
        if sc.inner.is_none() && matches!(sc.name.as_str(), "details" | "highlight") {
            // Built-ins that render their inner content, used standalone.
            self.diagnostics.push(shortcode::unclosed(sc));
        }
        let inner = sc.inner.as_ref().map(|nodes| self.expand(nodes));
        if let Some(host) = self.site.host_shortcodes.0.get(&sc.name) {
            let html = host(&sc.params.to_json(), inner.as_deref());
            return self.options.policy().template_output(&html).into_owned();
        }
        if matches!(sc.name.as_str(), "ref" | "relref") {
            return self.reference(sc);
        }
        let ctx = builtins::BuiltinContext {
            config: &self.site.config,
            page_params: self.page_params,
            markdown: self.options,
        };
        match builtins::render(sc, inner.as_deref(), align, &ctx) {
            Ok(mut output) => {
                // The id moves into the embed (a copy per tweet before).
                let embed = match (output.tweet_id.take(), sc.name.as_str()) {
                    (Some(id), _) => Some(("tweet", id)),
                    (None, "youtube" | "vimeo") if !output.html.is_empty() => sc
                        .params
                        .get("id")
                        .or_else(|| sc.params.get_index(0))
                        .map(|id| {
                            (
                                if sc.name == "youtube" {
                                    "youtube"
                                } else {
                                    "vimeo"
                                },
                                id.as_string(),
                            )
                        }),
                    _ => None,
                };
                if let Some((kind, id)) = embed {
                    self.embeds.push(Embed {
                        kind: kind.to_string(),
                        id,
                        start: sc.span.start,
                        end: sc.span.end,
                    });
                }
                output.html
            }
            Err(builtins::Error::Unknown) => {
                self.diagnostics.push(Diagnostic::warning(
                    sc.open_span,
                    format!(
                        "unknown shortcode '{}': it is shown as a placeholder",
                        sc.name
                    ),
                ));
                unknown_placeholder(&sc.name, &self.src[sc.open_span.start..sc.open_span.end])
            }
            Err(builtins::Error::Invalid(message)) => {
                self.diagnostics
                    .push(Diagnostic::error(sc.open_span, message));
                unknown_placeholder(&sc.name, &self.src[sc.open_span.start..sc.open_span.end])
            }
        }
    }

    /// `ref` / `relref`: the page's URL, or Hugo's `REF_NOT_FOUND`.
    fn reference(&mut self, sc: &Shortcode) -> String {
        let resolved = builtins::refs::render(
            &sc.name,
            &sc.params,
            &self.site.config,
            &self.site.links,
            self.page_ref.as_ref(),
        );
        match resolved {
            Ok(resolved) => {
                if let Some(problem) = resolved.problem {
                    self.diagnostics.push(if problem.warning {
                        Diagnostic::warning(sc.open_span, problem.message)
                    } else {
                        Diagnostic::error(sc.open_span, problem.message)
                    });
                }
                resolved.html
            }
            Err(message) => {
                self.diagnostics
                    .push(Diagnostic::error(sc.open_span, message));
                unknown_placeholder(&sc.name, &self.src[sc.open_span.start..sc.open_span.end])
            }
        }
    }
}

/// [`Expander::wrapper_align`]'s answer for the shortcode at a node index.
type WrapperAlign = (usize, Option<Option<tweet::Align>>);

/// Where `divider` (ASCII) first is in `text`: `text.find(divider)`,
/// looking only at its first byte (setting up a substring search for every
/// text node was a cost per shortcode).
fn find_divider(text: &str, divider: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let first = divider.as_bytes()[0];
    let found = |at: usize| bytes[at..].starts_with(divider.as_bytes());
    crate::text::scan::find_at(bytes, first, first, |_| true, found)
}

/// Appends copied file text `text` (found at `start` in the file).
fn copy(out: &mut Expanded, text: &str, start: usize) {
    if text.is_empty() {
        return;
    }
    out.map
        .push(out.source.len(), Span::new(start, start + text.len()), true);
    out.source.push_str(text);
}

fn strip_leading_close(text: &str) -> Option<&str> {
    let trimmed = text.trim_start();
    let tag = "</blockquote>";
    // `get`: the bytes after the white space may be any text (a CJK
    // sentence after a tweet), so never slice at an unchecked index.
    let head = trimmed.get(..tag.len())?;
    head.eq_ignore_ascii_case(tag)
        .then(|| trimmed.get(tag.len()..))
        .flatten()
}

/// What an unknown or broken shortcode shows: its own source, visibly marked,
/// so the reader sees something is missing and the author sees what.
fn unknown_placeholder(name: &str, source: &str) -> String {
    format!(
        "<span class=\"folio-shortcode-error\" data-shortcode=\"{}\" title=\"Shortcode '{}' could not be rendered\"><code>{}</code></span>",
        crate::text::html_template(name),
        crate::text::html_template(name),
        crate::text::html_template(source)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = crate::testdata::EXAMPLE;

    #[test]
    fn example_post_renders_five_centred_tweets() {
        let post = render_post(EXAMPLE, &Site::default());
        assert_eq!(
            post.front_matter.title.as_deref(),
            Some("PyconWeb - May'17")
        );
        assert!(post.diagnostics.is_empty(), "{:?}", post.diagnostics);
        assert_eq!(
            post.tweet_ids(),
            [
                "868470099023409153",
                "868381608042213378",
                "868407332589502464",
                "868745584471142401",
                "868772520719155200"
            ]
        );
        assert_eq!(post.content().matches("data-testid=\"tweet\"").count(), 5);
        assert_eq!(post.content().matches("data-align=\"center\"").count(), 5);
        // One embed each, not a tweet inside Twitter's blockquote.
        assert!(!post.content().contains("twitter-tweet"));
        assert!(
            !post.content().contains("blockquote>\n"),
            "{}",
            post.content()
        );
        assert!(!post.content().contains("HAHAHUGOSHORTCODE"));
        assert!(post.summary.contains("Pyconweb"));
        assert!(!post.summary.contains("Ludwig"));
        assert!(post.truncated);
        assert!(post.content().contains("Ludwig Maximilian"));
        // The embeds follow their paragraphs instead of sitting inside them.
        assert!(!post.content().contains("<p><figure"));
        assert_eq!(post.content().matches("</p>\n<figure").count(), 5);
    }

    #[test]
    fn block_output_stays_in_its_paragraph_like_hugo() {
        // Hugo only unwraps a placeholder that is a whole paragraph; output
        // that ends one (here the highlight built-in) stays inside the `<p>`.
        let post = render_post(
            "Add this:\n{{< highlight bash \"linenos=false\" >}}\necho\n{{< /highlight >}}\n",
            &Site::default(),
        );
        assert_eq!(
            post.content(),
            "<p>Add this:\n<div class=\"highlight\"><pre tabindex=\"0\" style=\"color:#f8f8f2;background-color:#272822;-moz-tab-size:4;-o-tab-size:4;tab-size:4;\"><code class=\"language-bash\" data-lang=\"bash\"><span style=\"display:flex;\"><span>echo</span></span></code></pre></div></p>\n"
        );
    }

    #[test]
    fn unknown_shortcodes_are_placeholders_with_a_warning() {
        let post = render_post("Hello {{< nope a=\"b\" >}} world\n", &Site::default());
        assert!(post.content().contains("folio-shortcode-error"));
        assert!(post.content().contains("world"));
        assert_eq!(post.diagnostics.len(), 1);
        let d = &post.diagnostics[0];
        assert_eq!((d.severity, d.line, d.column), (Severity::Warning, 1, 7));
        assert!(d.message.contains("'nope'"));
    }

    #[cfg(feature = "templates")]
    #[test]
    fn site_templates_render_shortcodes_and_override_built_ins() {
        let mut site = Site::default();
        site.add_shortcode(
            "note",
            "<aside class=\"{{ .Get \"kind\" }}\">{{ .Inner | markdownify }}</aside>",
        );
        site.add_shortcode("tweet", "<span>tweet {{ .Get 0 }}</span>");
        let post = render_post(
            "{{< note kind=\"warn\" >}}**Careful**{{< /note >}}\n\n{{< tweet 20 >}}\n",
            &site,
        );
        assert!(post.diagnostics.is_empty(), "{:?}", post.diagnostics);
        assert!(
            post.content()
                .contains("<aside class=\"warn\"><strong>Careful</strong></aside>"),
            "{}",
            post.content()
        );
        assert!(post.content().contains("<span>tweet 20</span>"));
        assert!(post.tweet_ids().is_empty());
    }

    #[cfg(feature = "templates")]
    #[test]
    fn template_errors_are_diagnostics_and_the_rest_renders() {
        let mut site = Site::default();
        site.add_shortcode("fig", "{{ partial \"x\" . }}");
        site.add_shortcode("bad", "{{ if }}");
        let post = render_post("a {{< fig >}} b {{< bad >}} c\n", &site);
        assert_eq!(post.diagnostics.len(), 2, "{:?}", post.diagnostics);
        assert!(post.diagnostics[0].message.contains("partial"));
        assert!(post.content().contains(" c"));
        assert_eq!(post.content().matches("folio-shortcode-error").count(), 2);
    }

    #[cfg(feature = "templates")]
    #[test]
    fn inline_shortcodes_need_the_site_switch() {
        let src = "{{< hi.inline >}}Hi {{ .Get 0 }}{{< /hi.inline >}} {{< hi.inline \"x\" />}}\n";
        let mut site = Site::default();
        let off = render_post(src, &site);
        assert!(!off.content().contains("Hi"));
        site.config.enable_inline_shortcodes = true;
        let on = render_post(src, &site);
        assert!(on.content().contains("Hi x"), "{}", on.content());
    }

    #[test]
    fn posts_that_run_templates_need_the_engine_only_without_it() {
        let mut site = Site::default();
        assert!(!site.needs_templates());
        assert!(!needs_engine("{{< note x >}}\n", &site));
        let mut inline = Site::default();
        inline.config.enable_inline_shortcodes = true;
        assert!(inline.needs_templates());
        site.add_shortcode("note", "<b>{{ .Get 0 }}</b>");
        assert!(site.needs_templates());
        let src = "a {{< note x >}} {{< youtube abc >}}\n";
        assert_eq!(needs_engine(src, &site), !cfg!(feature = "templates"));
        // Only built-ins on a site with templates: no engine. A template
        // nested in a built-in's inner text, or an inline one, needs it.
        assert!(!needs_engine(
            "+++\ntitle = \"{{< note >}}\"\n+++\na {{< youtube abc >}}\n",
            &site
        ));
        let nested = "{{< details summary=\"s\" >}}\n{{< note y >}}\n{{< /details >}}\n";
        assert_eq!(needs_engine(nested, &site), !cfg!(feature = "templates"));
        assert_eq!(
            needs_engine("{{< hi.inline >}}x{{< /hi.inline >}}\n", &inline),
            !cfg!(feature = "templates")
        );
        assert!(!needs_engine(
            "{{< hi.inline >}}x{{< /hi.inline >}}\n",
            &site
        ));
        // No shortcode, no template: any build renders it.
        assert!(!needs_engine("a {{ b\n", &Site::default()));
        assert!(!needs_engine("no shortcode\n", &site));
        let post = render_post(src, &site);
        if cfg!(feature = "templates") {
            assert!(post.diagnostics.is_empty(), "{:?}", post.diagnostics);
            assert!(post.content().contains("<b>x</b>"));
        } else {
            // Never wrong output: an error and a placeholder; the rest renders.
            assert_eq!(post.diagnostics.len(), 1, "{:?}", post.diagnostics);
            assert!(post.diagnostics[0].message.contains("full engine"));
            assert!(!post.content().contains("<b>x</b>"));
            assert!(post.content().contains("folio-shortcode-error"));
            assert!(post.content().contains("youtube"));
        }
    }

    #[test]
    fn broken_front_matter_still_shows_the_body() {
        let post = render_post("+++\ntitle = \n+++\nBody text\n", &Site::default());
        assert!(post.has_errors());
        assert_eq!(post.diagnostics[0].line, 2);
        assert!(post.content().contains("Body text"));
    }

    #[test]
    fn standalone_shortcode_is_not_wrapped_in_a_paragraph() {
        let post = render_post("Intro\n\n{{< tweet 20 >}}\n\nOutro\n", &Site::default());
        assert!(
            post.content().contains("</p>\n<figure"),
            "{}",
            post.content()
        );
        assert!(!post.content().contains("<p><figure"));
    }

    #[test]
    fn automatic_summaries_leave_tweet_cards_out() {
        let post = render_post("Before.\n\n{{< tweet 20 >}}\n\nAfter.\n", &Site::default());
        // Hugo's automatic summary is `.Plain` text: paragraphs end in
        // new lines, no `<p>`.
        assert_eq!(post.summary, "Before.\nAfter.");
        assert!(!post.truncated);
        assert_eq!(post.summary_text, "Before. After.");
        assert_eq!(post.word_count, 2);
    }

    #[test]
    fn nul_and_invalid_utf8_are_replaced_and_reported() {
        let post = render_post("a\0b\n", &Site::default());
        assert_eq!(post.content(), "<p>a\u{FFFD}b</p>\n");
        assert_eq!(post.diagnostics.len(), 1);
        assert_eq!(
            (post.diagnostics[0].line, post.diagnostics[0].column),
            (1, 2)
        );
        let post = render_bytes(b"ok\n\ncaf\xe9 au lait\n", &Site::default(), Trust::Site);
        assert_eq!(post.content(), "<p>ok</p>\n<p>caf\u{FFFD} au lait</p>\n");
        assert_eq!(post.diagnostics[0].line, 3);
        assert!(post.diagnostics[0].message.contains("UTF-8"));
    }

    #[test]
    fn the_divider_is_found_as_str_find_finds_it() {
        for text in [
            "",
            "<",
            "<!--more--",
            "a <b> <!--more--> <!--more-->",
            "é<<!--more-->",
            "<!--MORE--> <!-- more --> x",
            "<!--more-->",
        ] {
            assert_eq!(
                find_divider(text, SUMMARY_DIVIDER),
                text.find(SUMMARY_DIVIDER),
                "{text:?}"
            );
            assert_eq!(
                find_divider(text, ORG_SUMMARY_DIVIDER),
                text.find(ORG_SUMMARY_DIVIDER),
                "{text:?}"
            );
        }
    }

    #[test]
    fn collapse_spaces_is_a_split_and_join() {
        for text in ["", "   ", " a  b\tc\n d. e ", "x\u{3000}y\u{a0}z. w"] {
            let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_spaces(text), joined, "{text:?}");
        }
    }

    #[test]
    fn automatic_summary_is_hugos_truncate_to_whole_sentence() {
        let t = crate::text::strip::truncate_to_whole_sentence;
        // The sentence in which the second white space falls.
        assert_eq!(
            t("One two. three four five. six", 2),
            ("One two. three four five.", true)
        );
        // White space characters are counted, not words.
        assert_eq!(t("a  b. c", 2), ("a  b.", true));
        // A new line (a paragraph's end) ends a sentence, as do `"` and a
        // dot inside a word.
        assert_eq!(t("a b\nc d", 1), ("a b", true));
        assert_eq!(t("see example.com now", 1), ("see example.", true));
        assert_eq!(t("say \"hi there", 1), ("say \"", true));
        // No white space, or no end after it: the whole text.
        assert_eq!(t("word", 70), ("word", false));
        assert_eq!(t("a b c d", 2), ("a b c d", false));
        assert_eq!(t(" a b.", 70), ("a b.", false));
        assert_eq!(t("", 70), ("", false));
    }

    #[test]
    fn a_lone_paragraph_loses_its_tags_as_in_hugo() {
        assert_eq!(
            trim_short_html("<p>One <em>two</em>.</p>\n"),
            "One <em>two</em>."
        );
        assert_eq!(
            trim_short_html("<p>a</p>\n<p>b</p>\n"),
            "<p>a</p>\n<p>b</p>\n"
        );
        assert_eq!(trim_short_html("<h2>x</h2>\n"), "<h2>x</h2>\n");
        assert_eq!(trim_short_html(""), "");
    }

    #[test]
    fn host_shortcodes_render_and_pass_the_trust_policy() {
        let mut site = Site::default();
        let hook: crate::site::HostShortcode = Rc::new(|params, inner| {
            format!(
                "<span class=\"n\" onclick=\"x()\">{}|{}</span><img src=x onerror=alert(1)>",
                params,
                inner.unwrap_or("")
            )
        });
        site.host_shortcodes.0.insert("note".into(), hook);
        let src = "{{< note a=\"1\" >}}inside{{< /note >}}\n\n{{< note 2 >}}\n";
        let trusted = render_post(src, &site).content();
        assert!(trusted.contains(r#"{"a":"1"}|inside"#), "{trusted}");
        assert!(trusted.contains("[2]|"), "{trusted}");
        assert!(trusted.contains("onclick"), "{trusted}");
        let untrusted = render_with(src, &site, Trust::Untrusted).content();
        assert!(untrusted.contains(r#"{"a":"1"}|inside"#), "{untrusted}");
        assert!(!untrusted.contains("onclick"), "{untrusted}");
        assert!(!untrusted.contains("onerror"), "{untrusted}");
        // A site template of the same name wins.
        site.add_shortcode("note", "template");
        let over = render_post(src, &site);
        if cfg!(feature = "templates") {
            assert!(over.content().contains("template"));
        } else {
            assert!(over.content().contains("folio-shortcode-error"));
        }
    }
}
