//! The event walker: turns pulldown-cmark events into goldmark's HTML.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd,
};

use super::anchor::HeadingIds;
use super::fence::{self, FenceInfo};
use super::highlight;
use super::linkify::find_link;
use super::typographer::Typographer;
use super::{DocBlock, Document, Heading, Injection, Link, Options};
use crate::policy::{Policy, RawHtml, UrlKind};
use crate::sanitize::Sanitizer;
use crate::text::escape::{push_html, push_html_char, Html};
use crate::text::scan::{find as find_byte, find_at};
use crate::text::url::push_goldmark_url;

/// The pulldown-cmark extensions that match Hugo's goldmark defaults.
fn parser_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options as O;
    O::ENABLE_TABLES
        | O::ENABLE_FOOTNOTES
        | O::ENABLE_STRIKETHROUGH
        | O::ENABLE_TASKLISTS
        | O::ENABLE_HEADING_ATTRIBUTES
        | O::ENABLE_DEFINITION_LIST
}

/// Whether a text event's content is exactly its source bytes; only such
/// text can be matched against the source by the typographer and linkify.
fn is_verbatim(source: &str, text: &str, range: &Range<usize>) -> bool {
    // Text borrowed from the source at its range is verbatim without
    // comparing bytes (joined runs of text are compared once, not again
    // at every join).
    source.get(range.clone()).is_some_and(|slice| {
        (std::ptr::eq(slice.as_ptr(), text.as_ptr()) && slice.len() == text.len()) || slice == text
    })
}

/// The document's events with byte ranges, as the writer reads them:
/// adjacent verbatim text events joined (pulldown-cmark splits text at `_`,
/// `[`, …, so that a URL or a `--` is seen whole) and raw HTML after `<`
/// demoted (see [`push_event`]). Pulled from the parser one top-level block
/// at a time ([`Events::read_block`]), so the document's events are never
/// all held at once (unless it has footnotes: [`Events::read_all`]); the
/// writer walks a block's events in place, by index ([`Cursor`]), instead
/// of moving each event out of a queue.
struct Events<'a> {
    source: &'a str,
    parser: pulldown_cmark::OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>,
    /// Events read: those before `written` are done with.
    buffer: EventBuffer<'a>,
    written: usize,
    /// Whether the next parser event may be joined to the last one.
    join: bool,
    done: bool,
}

/// Events and their source ranges, side by side. Two vectors, not one of
/// `(Event, Range)`: a pushed tuple was assembled on the stack and copied,
/// and that copy (a 16-byte load of the range just stored as two 8-byte
/// words) stalled on every event.
#[derive(Default)]
struct EventBuffer<'a> {
    events: Vec<Event<'a>>,
    ranges: Vec<Range<usize>>,
}

impl<'a> EventBuffer<'a> {
    fn len(&self) -> usize {
        self.events.len()
    }

    fn push(&mut self, event: Event<'a>, range: Range<usize>) {
        self.events.push(event);
        self.ranges.push(range);
    }

    /// The last event, if it is text.
    fn last_text(&mut self) -> Option<(&mut CowStr<'a>, &mut Range<usize>)> {
        match (self.events.last_mut(), self.ranges.last_mut()) {
            (Some(Event::Text(text)), Some(range)) => Some((text, range)),
            _ => None,
        }
    }
}

/// Events read after a block's last one, for the writer's lookahead (a
/// paragraph's start looks two events past its end, and the last event
/// read is not final: the parser's next event may extend it).
const LOOKAHEAD: usize = 3;

impl<'a> Events<'a> {
    fn new(source: &'a str) -> Self {
        Events {
            source,
            parser: Parser::new_ext(source, parser_options()).into_offset_iter(),
            buffer: EventBuffer::default(),
            written: 0,
            join: true,
            done: false,
        }
    }

    /// Reads from the parser until the buffer holds `len` events (or the
    /// document is read).
    fn fill(&mut self, len: usize) {
        while !self.done && self.buffer.len() < len {
            match self.parser.next() {
                // Most events are neither joined nor demoted.
                Some((event, range)) if !matches!(event, Event::Text(_) | Event::InlineHtml(_)) => {
                    self.buffer.push(event, range);
                    self.join = true;
                }
                Some((event, range)) => {
                    self.join = push_event(self.source, &mut self.buffer, event, range, self.join);
                }
                None => self.done = true,
            }
        }
    }

    /// Reads the rest of the document; returns the unwritten events.
    fn read_all(&mut self) -> &[Event<'a>] {
        self.fill(usize::MAX);
        &self.buffer.events[self.written..]
    }

    /// Reads the next top-level block whole (and [`LOOKAHEAD`] events after
    /// it); returns a cursor on its first event and the block's length (0
    /// at the document's end).
    fn read_block(&mut self) -> (Cursor<'_, 'a>, usize) {
        // The events before are written: dropped once they are the larger
        // part of the buffer (so a fully read document is not moved again
        // at every block).
        if self.written > 64 && self.written * 2 > self.buffer.len() {
            self.buffer.events.drain(..self.written);
            self.buffer.ranges.drain(..self.written);
            self.written = 0;
        }
        let mut depth = 0usize;
        let mut len = 0;
        loop {
            let at = self.written + len;
            // Event `at` is final once the one after it is read.
            self.fill(at + 2);
            let Some(event) = self.buffer.events.get(at) else {
                break;
            };
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            len += 1;
            if depth == 0 {
                break;
            }
        }
        self.fill(self.written + len + LOOKAHEAD);
        let cursor = Cursor {
            events: &self.buffer.events[self.written..],
            ranges: &self.buffer.ranges[self.written..],
            at: 0,
        };
        (cursor, len)
    }
}

/// The writer's place in a block's events: `events[at]` is the current
/// event; the rest of the block and [`LOOKAHEAD`] events after it follow.
#[derive(Clone, Copy)]
struct Cursor<'e, 'a> {
    events: &'e [Event<'a>],
    ranges: &'e [Range<usize>],
    at: usize,
}

impl<'e, 'a> Cursor<'e, 'a> {
    /// Event `k` after the current one (0: the next), with its range.
    fn peek(&self, k: usize) -> Option<(&'e Event<'a>, &'e Range<usize>)> {
        let at = self.at + 1 + k;
        Some((self.events.get(at)?, self.ranges.get(at)?))
    }

    /// The next event only (a shorthand of [`Cursor::peek`]).
    fn peek_event(&self) -> Option<&'e Event<'a>> {
        self.events.get(self.at + 1)
    }
}

/// Whether `event` at `range` is verbatim text that can be appended to the
/// verbatim text event ending `events` (then that event is extended).
fn join_text<'s>(
    source: &'s str,
    events: &mut EventBuffer<'s>,
    event: &Event<'s>,
    range: &Range<usize>,
) -> bool {
    let Event::Text(text) = event else {
        return false;
    };
    let Some((previous, previous_range)) = events.last_text() else {
        return false;
    };
    if previous_range.end != range.start
        || !is_verbatim(source, previous, previous_range)
        || !is_verbatim(source, text, range)
    {
        return false;
    }
    let Some(joined) = source.get(previous_range.start..range.end) else {
        return false;
    };
    previous_range.end = range.end;
    *previous = CowStr::from(joined);
    true
}

/// Appends one parser event to `events`, joining it to the text before it
/// when `join` allows; returns whether the next event may be joined.
///
/// goldmark's typographer reads `<<` as `&laquo;` before raw HTML is tried,
/// so in `<<span class="x">` the tag is not HTML but text (with smart
/// quotes). pulldown-cmark instead sees text `<` then an inline tag; this
/// moves the first `<` of such a tag into the text (making `<<` for the
/// typographer) and re-parses the rest of the tag as inline Markdown. The
/// event after such a re-parsed tag is not joined to it.
fn push_event<'s>(
    source: &'s str,
    events: &mut EventBuffer<'s>,
    event: Event<'s>,
    range: Range<usize>,
    join: bool,
) -> bool {
    let demoted = match &event {
        Event::InlineHtml(html) if html.starts_with('<') => {
            let follows_angle = matches!(
                events.last_text(),
                Some((previous, previous_range))
                    if previous_range.end == range.start
                        && previous.ends_with('<')
                        && is_verbatim(source, previous, previous_range)
            );
            if follows_angle {
                reparse_inline(source, range.start + 1..range.end)
            } else {
                None
            }
        }
        _ => None,
    };
    let Some(inline_events) = demoted else {
        if !(join && join_text(source, events, &event, &range)) {
            events.push(event, range);
        }
        return true;
    };
    if let Some((previous, previous_range)) = events.last_text() {
        if let Some(joined) = source.get(previous_range.start..range.start + 1) {
            previous_range.end = range.start + 1;
            *previous = CowStr::from(joined);
        }
    }
    for (inner, inner_range) in inline_events {
        if !join_text(source, events, &inner, &inner_range) {
            events.push(inner, inner_range);
        }
    }
    false
}

/// Parses `source[range]` as the inline content of one paragraph, with
/// ranges into `source`; `None` if it would not stay a single paragraph
/// (a line of it starting a list, say), in which case the caller keeps the
/// original event.
fn reparse_inline<'s>(
    source: &'s str,
    range: Range<usize>,
) -> Option<Vec<(Event<'s>, Range<usize>)>> {
    let fragment = source.get(range.clone())?;
    if fragment.is_empty() {
        return Some(Vec::new());
    }
    let mut parsed: Vec<(Event<'s>, Range<usize>)> = Parser::new_ext(fragment, parser_options())
        .into_offset_iter()
        .map(|(event, inner)| (event, inner.start + range.start..inner.end + range.start))
        .collect();
    let is_single_paragraph = matches!(parsed.first(), Some((Event::Start(Tag::Paragraph), _)))
        && matches!(parsed.last(), Some((Event::End(TagEnd::Paragraph), _)))
        && parsed[1..parsed.len() - 1]
            .iter()
            .all(|(event, _)| is_inline(event));
    if !is_single_paragraph {
        return None;
    }
    parsed.pop();
    parsed.remove(0);
    Some(parsed)
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Footnote labels match case-insensitively in pulldown-cmark.
fn footnote_key(label: &str) -> String {
    label.to_lowercase()
}

/// goldmark's code block language: the info string up to the first space
/// (Hugo reads `{…}` attributes after it separately).
fn code_language(info: &str) -> &str {
    let word = info.split_whitespace().next().unwrap_or("");
    word.split('{').next().unwrap_or("")
}

struct TableState {
    alignments: Vec<Alignment>,
    in_head: bool,
    body_open: bool,
    cell: usize,
}

struct FootnoteState {
    key: String,
    index: usize,
    /// Tag depth at the definition's start, to find its direct children.
    depth: usize,
    backlink_written: bool,
    /// The output being written before the definition started.
    outer: String,
}

/// goldmark's definition descriptions: a description with no blank line
/// before it is "tight", and then its first paragraph loses its `<p>` (only
/// the first: goldmark stops after replacing one).
struct DefinitionState {
    tight: bool,
    /// Tag depth of the description's children.
    depth: usize,
    first_paragraph_done: bool,
    /// A loose description whose text pulldown-cmark gave without a paragraph.
    wrapped_text: bool,
}

struct ImageState<'a> {
    dest: CowStr<'a>,
    title: CowStr<'a>,
    outer: String,
}

/// How an open paragraph was started, so its end writes the right thing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ParagraphState {
    /// `<p>` written: `</p>` closes it.
    Open,
    /// goldmark's tight definition text: no tags at all.
    Bare,
    /// The paragraph was only a shortcode's token: its output replaced
    /// the paragraph, as Hugo unwraps `<p>placeholder</p>`.
    Unwrapped,
    /// A tweet card ended the paragraph: `</p>` was written before it.
    Closed,
}

/// Splits `text` (an event's text, `range` its source) at the injections
/// whose tokens it holds. Verbatim text is split at the injections'
/// offsets; other text (with escapes or entities) by finding the tokens.
fn split_at_injections<'t>(
    text: &'t str,
    range: &Range<usize>,
    verbatim: bool,
    injections: &[Injection],
) -> Vec<Piece<'t>> {
    let first = injections.partition_point(|i| i.at < range.start);
    let mut pieces = Vec::new();
    let mut position = 0;
    for (n, injection) in injections[first..].iter().enumerate() {
        if injection.at >= range.end {
            break;
        }
        let found = if verbatim {
            let at = injection.at - range.start;
            (at >= position && text.get(at..at + injection.token.len()) == Some(&injection.token))
                .then_some(at)
        } else {
            text.get(position..)
                .and_then(|rest| rest.find(&injection.token))
                .map(|at| at + position)
        };
        let Some(at) = found else { continue };
        if at > position {
            pieces.push(Piece::Text(position, &text[position..at]));
        }
        pieces.push(Piece::Injection(first + n));
        position = at + injection.token.len();
    }
    if position < text.len() || pieces.is_empty() {
        pieces.push(Piece::Text(position, &text[position..]));
    }
    pieces
}

enum Piece<'t> {
    /// Text at this byte offset of the event's text.
    Text(usize, &'t str),
    Injection(usize),
}

/// A fenced code block rendered as Hugo's highlighter does, once its code
/// is complete.
struct HighlightedFence {
    info: FenceInfo,
    code: String,
    /// Injections in the code: (byte offset in `code`, injection index).
    injections: Vec<(usize, usize)>,
}

pub(crate) struct Renderer<'a> {
    source: &'a str,
    options: &'a Options,
    policy: Policy,
    injections: &'a [Injection],
    /// Which injections have been written (each is written once).
    injected: Vec<bool>,
    /// The last answer of [`Renderer::first_injection_from`].
    injection_cursor: std::cell::Cell<usize>,
    /// The events, until [`Renderer::run`] takes them.
    events: Option<Events<'a>>,
    out: String,
    /// Where each top-level block starts: its source range and its offset
    /// in `out`.
    blocks: Vec<(Range<usize>, usize)>,
    written_links: Vec<Link>,
    /// Whether the links are collected: not for [`super::render`], which
    /// returns only the HTML.
    collect: bool,
    /// The end of the source line last looked up, and where it started.
    line_cache: (usize, usize),
    ids: HeadingIds,
    typographer: Typographer,
    headings: Vec<Heading>,
    /// Plain text of the heading being written.
    heading_text: Option<String>,
    /// Footnote number by label, in order of first reference.
    footnote_numbers: HashMap<String, usize>,
    /// References to each footnote number in the document, and how many
    /// have been written: goldmark numbers repeated references
    /// (`fnref:1`, `fnref1:1`, …) and writes a backlink to each.
    footnote_references: HashMap<usize, (usize, usize)>,
    /// Rendered footnote bodies by number.
    footnote_bodies: Vec<(usize, String)>,
    footnote: Option<FootnoteState>,
    images: Vec<ImageState<'a>>,
    /// For each open link: whether it is an autolink (no typographer inside).
    links: Vec<bool>,
    table: Option<TableState>,
    /// The source of the table cell being written, without the pipes and
    /// the white space around its content: goldmark parses a cell as a
    /// line of its own, so the typographer and linkify see it start after
    /// a newline and end at the cell's end.
    cell: Option<Range<usize>>,
    /// The text event being written is the last inline content of its
    /// block: goldmark trims the white space (a CRLF's `\r` included) at
    /// the end of a block's last line, so that line ends at the last
    /// visible character.
    text_ends_block: bool,
    definitions: Vec<DefinitionState>,
    paragraphs: Vec<ParagraphState>,
    in_code_block: bool,
    /// The code block being written is a fence (Hugo's highlighter's form).
    in_fence: bool,
    /// A fence with `{…}` attributes being collected for the highlighter.
    highlighted_fence: Option<HighlightedFence>,
    /// The output ends with a highlighted fence, after which Hugo's
    /// highlighter writes no newline.
    after_highlighted_fence: bool,
    in_html_block: bool,
    /// The sanitiser of the HTML block being written, in untrusted mode.
    sanitizer: Sanitizer,
    /// Where the summary marker paragraph's text starts, if the post has
    /// `<!--more-->`.
    pub(crate) divider: Option<usize>,
    /// Write each top-level block into a string of its own
    /// ([`Document::block_htmls`]); `out` is then the current block's.
    split_blocks: bool,
    /// The finished blocks' strings (one per entry of `blocks` before the
    /// current one), with split blocks.
    finished: Vec<String>,
    /// Their total length: offsets in the output are `written_before` plus
    /// an offset in `out`.
    written_before: usize,
    /// Where embed cards were written ([`Document::embed_html`]).
    embed_html: Vec<Range<usize>>,
    /// The last byte of the finished blocks' output.
    last_byte: Option<u8>,
    depth: usize,
}

impl<'a> Renderer<'a> {
    pub(crate) fn new(source: &'a str, options: &'a Options, injections: &'a [Injection]) -> Self {
        let mut events = Events::new(source);
        let mut footnote_numbers = HashMap::new();
        let mut footnote_references = HashMap::new();
        // Footnotes are numbered by first reference and each knows how often
        // it is referred to, which takes the whole document; a footnote
        // (reference or definition) needs `[^` in the source.
        if holds_footnote_mark(source) {
            let all = events.read_all();
            footnote_numbers = number_footnotes(all);
            for event in all {
                if let Event::FootnoteReference(label) = event {
                    if let Some(&number) = footnote_numbers.get(&footnote_key(label)) {
                        footnote_references.entry(number).or_insert((0, 0)).0 += 1;
                    }
                }
            }
        }
        Renderer {
            source,
            options,
            policy: options.policy(),
            injections,
            injected: vec![false; injections.len()],
            injection_cursor: std::cell::Cell::new(0),
            events: Some(events),
            // The Markdown's HTML, plus the shortcodes' output written in.
            out: String::with_capacity(
                source.len() * 3 / 2 + injections.iter().map(|i| i.html.len()).sum::<usize>(),
            ),
            blocks: Vec::new(),
            written_links: Vec::new(),
            collect: true,
            line_cache: (0, 0),
            ids: HeadingIds::default(),
            typographer: Typographer::default(),
            headings: Vec::new(),
            heading_text: None,
            footnote_numbers,
            footnote_references,
            footnote_bodies: Vec::new(),
            footnote: None,
            images: Vec::new(),
            links: Vec::new(),
            table: None,
            cell: None,
            text_ends_block: false,
            definitions: Vec::new(),
            paragraphs: Vec::new(),
            in_code_block: false,
            in_fence: false,
            highlighted_fence: None,
            after_highlighted_fence: false,
            in_html_block: false,
            sanitizer: Sanitizer::default(),
            divider: None,
            split_blocks: false,
            finished: Vec::new(),
            written_before: 0,
            embed_html: Vec::new(),
            last_byte: None,
            depth: 0,
        }
    }

    pub(crate) fn run(mut self) -> Document {
        let Some(mut events) = self.events.take() else {
            return Document::default();
        };
        let mut footnotes_source: Option<Range<usize>> = None;
        loop {
            let (mut cursor, len) = events.read_block();
            if len == 0 {
                break;
            }
            while cursor.at < len {
                cursor.at += 1 + self.event(cursor, &mut footnotes_source);
            }
            events.written += len;
        }
        let footnotes = !self.footnote_bodies.is_empty();
        if footnotes {
            let source = footnotes_source.unwrap_or(self.source.len()..self.source.len());
            self.begin_block(source);
        }
        self.write_footnotes();
        let total = self.written_before + self.out.len();
        if self.split_blocks {
            let mut last = std::mem::take(&mut self.out);
            last.shrink_to_fit();
            self.finished.push(last);
        }
        let mut finished = std::mem::take(&mut self.finished).into_iter();
        // The output before the first block (none: every top-level event
        // starts one) is in no block.
        finished.next();
        let mut block_htmls = Vec::new();
        let mut blocks = Vec::with_capacity(self.blocks.len());
        for (i, (source, start)) in self.blocks.iter().enumerate() {
            let end = self.blocks.get(i + 1).map_or(total, |(_, next)| *next);
            // Block `i`'s own string (written before the first block: none).
            let own = finished.next();
            if end > *start {
                blocks.push(DocBlock {
                    source: source.clone(),
                    html: *start..end,
                });
                block_htmls.extend(own);
            }
        }
        Document {
            html: self.out,
            blocks,
            block_htmls,
            headings: self.headings,
            links: self.written_links,
            footnotes,
            embed_html: self.embed_html,
        }
    }

    /// Writes the event at `cursor`; returns how many events after it it
    /// also took. Inlined into the walk: as a call per event (a large
    /// frame to set up) the block walk measured slower than the queue it
    /// replaced.
    #[inline(always)]
    fn event(
        &mut self,
        cursor: Cursor<'_, 'a>,
        footnotes_source: &mut Option<Range<usize>>,
    ) -> usize {
        let (event, range) = (&cursor.events[cursor.at], &cursor.ranges[cursor.at]);
        if self.divider.is_some() && self.is_summary_marker(event, cursor) {
            // Hugo's `<p>HUGOMORE42</p>`, cut out: nothing is written.
            return 2;
        }
        if self.depth == 0 {
            match event {
                Event::End(_) => {}
                Event::Start(Tag::FootnoteDefinition(_)) => {
                    // Written at the end, in the footnotes block.
                    *footnotes_source = Some(match footnotes_source.take() {
                        Some(span) => span.start..range.end,
                        None => range.clone(),
                    });
                }
                _ => self.begin_block(range.clone()),
            }
        }
        match event {
            Event::Start(tag) => {
                self.start(tag, range, cursor);
                self.depth += 1;
            }
            Event::End(tag) => {
                self.depth = self.depth.saturating_sub(1);
                self.end(*tag, cursor.peek_event());
            }
            Event::Text(text) => {
                let next = cursor.peek_event();
                let ends_paragraph = matches!(next, Some(Event::End(TagEnd::Paragraph)));
                self.text_ends_block = next.is_none_or(|next| !is_inline(next));
                self.text_event(text, range, ends_paragraph);
                self.text_ends_block = false;
            }
            Event::Code(code) => self.code(code, range),
            Event::InlineMath(math) | Event::DisplayMath(math) => {
                push_html(&mut self.out, math, Html::Goldmark);
            }
            Event::Html(html) => self.raw_html(html, range, false),
            Event::InlineHtml(html) => self.raw_html(html, range, true),
            Event::FootnoteReference(label) => self.footnote_reference(label),
            Event::SoftBreak => {
                self.out.push('\n');
            }
            Event::HardBreak => {
                if self.images.is_empty() {
                    self.out.push_str("<br>\n");
                } else {
                    self.out.push('\n');
                }
            }
            Event::Rule => {
                self.block_start();
                self.out.push_str("<hr>\n");
            }
            Event::TaskListMarker(checked) => {
                self.out.push_str(if *checked {
                    "<input checked=\"\" disabled=\"\" type=\"checkbox\"> "
                } else {
                    "<input disabled=\"\" type=\"checkbox\"> "
                });
            }
        }
        0
    }

    /// Collects only the HTML: no links.
    pub(crate) fn html_only(&mut self) {
        self.collect = false;
    }

    /// Writes each top-level block into a string of its own.
    pub(crate) fn split_blocks(&mut self) {
        self.split_blocks = true;
        self.out = String::new();
    }

    /// A top-level block starts at `source`: its offsets are recorded, and
    /// with [`Renderer::split_blocks`] the block before it is finished as a
    /// string of its own (no copy out of one big string afterwards).
    fn begin_block(&mut self, source: Range<usize>) {
        if self.split_blocks {
            // About as long as its source (inline markup, escapes), plus
            // the shortcode output written into it.
            let first = self.first_injection_from(source.start);
            let injected: usize = self.injections[first..]
                .iter()
                .take_while(|i| i.at < source.end)
                .map(|i| i.html.len())
                .sum();
            let guess = source.len() + source.len() / 2 + injected + 16;
            let mut done = std::mem::replace(&mut self.out, String::with_capacity(guess));
            if let Some(&last) = done.as_bytes().last() {
                self.last_byte = Some(last);
            }
            self.written_before += done.len();
            // Kept as the block's HTML: not much larger than it is (a
            // shrink is a call to the allocator per block).
            if done.capacity() - done.len() > done.len() / 2 + 64 {
                done.shrink_to_fit();
            }
            self.finished.push(done);
        }
        let at = self.written_before + self.out.len();
        self.blocks.push((source, at));
    }

    /// Whether `event` and the two after it are the summary marker's
    /// paragraph.
    fn is_summary_marker(&self, event: &Event<'a>, events: Cursor<'_, 'a>) -> bool {
        let Some(divider) = self.divider else {
            return false;
        };
        if !matches!(event, Event::Start(Tag::Paragraph)) {
            return false;
        }
        let is_marker = matches!(
            events.peek(0),
            Some((Event::Text(text), range))
                if range.start == divider && text.as_ref() == super::SUMMARY_MARKER
        );
        is_marker && matches!(events.peek(1), Some((Event::End(TagEnd::Paragraph), _)))
    }

    /// The first injection at or after source offset `start`: text is
    /// mostly asked about in source order, so the injections just after the
    /// last answer are tried before a binary search.
    fn first_injection_from(&self, start: usize) -> usize {
        let injections = self.injections;
        let hint = self.injection_cursor.get().min(injections.len());
        let n = if hint > 0 && injections[hint - 1].at >= start {
            injections[..hint].partition_point(|i| i.at < start)
        } else if injections.get(hint).is_none_or(|i| i.at >= start) {
            hint
        } else {
            hint + 1 + injections[hint + 1..].partition_point(|i| i.at < start)
        };
        self.injection_cursor.set(n);
        n
    }

    /// The injection whose token is `text` at `range`, if that is all
    /// `text` is.
    fn lone_injection(&self, text: &str, range: &Range<usize>) -> Option<usize> {
        let n = self.first_injection_from(range.start);
        let injection = self.injections.get(n)?;
        (injection.at == range.start && injection.token == text && range.len() == text.len())
            .then_some(n)
    }

    /// A text event, with any injections in it written in their places.
    fn text_event(&mut self, text: &str, range: &Range<usize>, ends_paragraph: bool) {
        let verbatim = is_verbatim(self.source, text, range);
        let first = self.first_injection_from(range.start);
        if self.injections.get(first).is_none_or(|i| i.at >= range.end) {
            self.text(text, range, verbatim);
            return;
        }
        let pieces = split_at_injections(text, range, verbatim, self.injections);
        let count = pieces.len();
        for (k, piece) in pieces.into_iter().enumerate() {
            match piece {
                Piece::Text(offset, piece) => {
                    let start = range.start + offset;
                    self.text(piece, &(start..start + piece.len()), verbatim);
                }
                Piece::Injection(n) => self.inject(n, ends_paragraph && k + 1 == count),
            }
        }
    }

    /// Writes injection `n` where its token was. `ends_paragraph`: nothing
    /// follows it in its paragraph.
    fn inject(&mut self, n: usize, ends_paragraph: bool) {
        let injections = self.injections;
        let Some(injection) = injections.get(n) else {
            return;
        };
        self.injected[n] = true;
        if let Some(fence) = &mut self.highlighted_fence {
            fence.injections.push((fence.code.len(), n));
            return;
        }
        if let Some(heading) = &mut self.heading_text {
            heading.push_str(&injection.text);
        }
        if !self.images.is_empty() {
            // Alt text is an attribute: the output's text, escaped.
            push_html(&mut self.out, &injection.text, Html::Goldmark);
            return;
        }
        if ends_paragraph
            && injection.breaks_paragraph
            && self.paragraphs.last() == Some(&ParagraphState::Open)
        {
            // A `<figure>` inside `<p>` is invalid and browsers split it.
            self.out.push_str("</p>\n");
            if let Some(state) = self.paragraphs.last_mut() {
                *state = ParagraphState::Closed;
            }
        }
        let start = self.written_before + self.out.len();
        self.out.push_str(&injection.html);
        if injection.embed {
            self.embed_html.push(start..start + injection.html.len());
        }
    }

    /// `value` (an attribute: a URL, a title, an id) with every injection
    /// token in it replaced by that output's text, once; a token seen again
    /// (or one with no injection) is dropped, so no token reaches the page
    /// and a repeated token cannot multiply the output.
    fn resolve_attribute<'v>(&mut self, value: &'v str) -> std::borrow::Cow<'v, str> {
        if !holds_token(value) {
            return std::borrow::Cow::Borrowed(value);
        }
        let mut out = String::with_capacity(value.len());
        let mut rest = value;
        while let Some(at) = rest.find(super::TOKEN_PREFIX) {
            out.push_str(&rest[..at]);
            let after = &rest[at + super::TOKEN_PREFIX.len()..];
            match super::parse_token(after) {
                Some((ordinal, used)) => {
                    let n = self
                        .injections
                        .binary_search_by_key(&ordinal, |i| i.ordinal);
                    if let Ok(n) = n {
                        if !self.injected[n] {
                            self.injected[n] = true;
                            out.push_str(&self.injections[n].text);
                        }
                    }
                    rest = &after[used..];
                }
                None => {
                    out.push_str(super::TOKEN_PREFIX);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        std::borrow::Cow::Owned(out)
    }

    /// Inline code, with any injections in it written raw (as Hugo does).
    fn code(&mut self, code: &str, range: &Range<usize>) {
        let pieces = split_at_injections(code, range, false, self.injections);
        let in_image = !self.images.is_empty();
        if !in_image {
            self.out.push_str("<code>");
        }
        for piece in pieces {
            match piece {
                Piece::Text(_, text) => {
                    if let Some(heading) = &mut self.heading_text {
                        heading.push_str(text);
                    }
                    push_html(&mut self.out, text, Html::Goldmark);
                }
                Piece::Injection(n) => {
                    if in_image {
                        self.injected[n] = true;
                        push_html(&mut self.out, &self.injections[n].text, Html::Goldmark);
                    } else {
                        self.inject(n, false);
                    }
                }
            }
        }
        if !in_image {
            self.out.push_str("</code>");
        }
    }

    /// Raw HTML, through the policy; injections inside it are written raw
    /// when the HTML is kept (and vanish with it otherwise, as in Hugo).
    fn raw_html(&mut self, html: &str, range: &Range<usize>, inline: bool) {
        if inline && !self.images.is_empty() {
            // goldmark leaves raw HTML out of alt text.
            return;
        }
        let mode = self.policy.raw_html();
        if mode == RawHtml::Omit {
            if inline {
                self.out.push_str("<!-- raw HTML omitted -->");
            } else if !self.in_html_block {
                self.out.push_str("<!-- raw HTML omitted -->\n");
            }
            return;
        }
        for piece in split_at_injections(html, range, false, self.injections) {
            match piece {
                Piece::Text(_, text) if mode == RawHtml::Sanitize => {
                    let start = self.out.len();
                    if inline {
                        // An inline tag is complete in itself.
                        let mut sanitizer = Sanitizer::default();
                        sanitizer.push(text, &mut self.out);
                        sanitizer.finish(&mut self.out);
                    } else {
                        self.sanitizer.push(text, &mut self.out);
                    }
                    let written = self.out[start..].to_string();
                    let resolved = self.options.resolve_html_urls(&written).into_owned();
                    self.out.truncate(start);
                    self.out.push_str(&resolved);
                }
                Piece::Text(_, text) => {
                    let text = self.options.resolve_html_urls(text);
                    self.out.push_str(&text);
                }
                Piece::Injection(n) => self.inject(n, false),
            }
        }
    }

    /// Every block starts on a new line, as goldmark writes it; this also
    /// gives `<li>\n` before a loose item's first paragraph.
    fn block_start(&mut self) {
        let glued = std::mem::take(&mut self.after_highlighted_fence);
        // The output so far ends with `last` (with split blocks, an empty
        // block's output so far is preceded by the finished blocks; not
        // so a footnote's or an image's own buffer).
        let own_buffer = self.footnote.is_some() || !self.images.is_empty();
        let last = match self.out.as_bytes().last() {
            Some(&last) => Some(last),
            None if !own_buffer => self.last_byte,
            None => None,
        };
        if !glued && last.is_some_and(|last| last != b'\n') {
            self.out.push('\n');
        }
    }

    fn start(&mut self, tag: &Tag<'a>, range: &Range<usize>, events: Cursor<'_, 'a>) {
        if !self.images.is_empty() {
            // Inside alt text only the words count.
            if let Tag::Image {
                dest_url, title, ..
            } = tag
            {
                self.start_image(dest_url, title);
            }
            return;
        }
        match tag {
            Tag::Paragraph => {
                let depth = self.depth;
                let unwrapped = match self.definitions.last_mut() {
                    Some(definition)
                        if definition.tight
                            && definition.depth == depth
                            && !definition.first_paragraph_done =>
                    {
                        definition.first_paragraph_done = true;
                        true
                    }
                    _ => false,
                };
                let lone_injection = match events.peek(0) {
                    Some((Event::Text(text), text_range)) => {
                        self.lone_injection(text, text_range).is_some()
                            && matches!(events.peek(1), Some((Event::End(TagEnd::Paragraph), _)))
                    }
                    _ => false,
                };
                // The last paragraph of a footnote gets the backlink, so it is
                // not Hugo's `<p>placeholder</p>` any more and stays wrapped.
                let lone_injection = lone_injection
                    && !matches!(
                        events.peek(2),
                        Some((Event::End(TagEnd::FootnoteDefinition), _))
                    );
                if unwrapped {
                    // goldmark's text block: straight after `<dd>`.
                    self.paragraphs.push(ParagraphState::Bare);
                } else if lone_injection {
                    self.paragraphs.push(ParagraphState::Unwrapped);
                    self.block_start();
                } else {
                    self.paragraphs.push(ParagraphState::Open);
                    self.block_start();
                    self.out.push_str("<p>");
                }
            }
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => {
                self.block_start();
                self.start_heading(*level, id.as_deref(), classes, attrs, range, events);
            }
            Tag::BlockQuote(_) => {
                self.block_start();
                self.out.push_str("<blockquote>\n");
            }
            Tag::CodeBlock(kind) => {
                self.block_start();
                self.in_code_block = true;
                // Hugo highlights a fence with attributes like the
                // `highlight` shortcode; without a language there is no
                // lexer and it stays a plain block.
                let kind = match kind {
                    CodeBlockKind::Fenced(info) => {
                        let info = raw_fence_info(self.source, range, info);
                        CodeBlockKind::Fenced(CowStr::from(
                            self.resolve_attribute(info).into_owned(),
                        ))
                    }
                    CodeBlockKind::Indented => CodeBlockKind::Indented,
                };
                if let CodeBlockKind::Fenced(info) = &kind {
                    if let Some(info) = FenceInfo::parse(info).filter(|i| !i.language.is_empty()) {
                        self.highlighted_fence = Some(HighlightedFence {
                            info,
                            code: String::new(),
                            injections: Vec::new(),
                        });
                        return;
                    }
                }
                // Hugo's highlighter writes fences (not indented blocks):
                // `tabindex`, the language twice, no new line after.
                self.in_fence = matches!(kind, CodeBlockKind::Fenced(_));
                self.out.push_str(if self.in_fence {
                    "<pre tabindex=\"0\"><code"
                } else {
                    "<pre><code"
                });
                if let CodeBlockKind::Fenced(info) = &kind {
                    let language = code_language(info);
                    if !language.is_empty() {
                        self.out.push_str(" class=\"language-");
                        push_html(&mut self.out, language, Html::Goldmark);
                        self.out.push_str("\" data-lang=\"");
                        push_html(&mut self.out, language, Html::Goldmark);
                        self.out.push('"');
                    }
                }
                self.out.push('>');
            }
            Tag::HtmlBlock => {
                self.block_start();
                self.in_html_block = true;
                self.sanitizer = Sanitizer::default();
                if self.policy.raw_html() == RawHtml::Omit {
                    self.out.push_str("<!-- raw HTML omitted -->\n");
                }
            }
            Tag::List(first) => {
                self.block_start();
                match first {
                    None => self.out.push_str("<ul>\n"),
                    Some(1) => self.out.push_str("<ol>\n"),
                    Some(start) => self.out.push_str(&format!("<ol start=\"{start}\">\n")),
                }
            }
            Tag::Item => {
                self.block_start();
                self.out.push_str("<li>");
            }
            Tag::FootnoteDefinition(label) => {
                let key = footnote_key(label);
                let index = self.footnote_numbers.get(&key).copied().unwrap_or(0);
                let outer = std::mem::take(&mut self.out);
                self.footnote = Some(FootnoteState {
                    key,
                    index,
                    depth: self.depth + 1,
                    backlink_written: false,
                    outer,
                });
            }
            Tag::DefinitionList => {
                self.block_start();
                self.out.push_str("<dl>\n");
            }
            Tag::DefinitionListTitle => {
                self.block_start();
                self.out.push_str("<dt>");
            }
            Tag::DefinitionListDefinition => {
                self.block_start();
                self.out.push_str("<dd>");
                let tight = !follows_blank_line(self.source, range.start);
                let text_first = events
                    .peek_event()
                    .is_some_and(|event| !starts_block(event));
                let wrapped_text = !tight && text_first;
                if wrapped_text {
                    self.out.push_str("\n<p>");
                }
                self.definitions.push(DefinitionState {
                    tight,
                    depth: self.depth + 1,
                    first_paragraph_done: false,
                    wrapped_text,
                });
            }
            Tag::Table(alignments) => {
                self.block_start();
                self.table = Some(TableState {
                    alignments: alignments.clone(),
                    in_head: false,
                    body_open: false,
                    cell: 0,
                });
                self.out.push_str("<table>\n");
            }
            Tag::TableHead => {
                if let Some(table) = &mut self.table {
                    table.in_head = true;
                    table.cell = 0;
                }
                self.out.push_str("<thead>\n<tr>\n");
            }
            Tag::TableRow => {
                if let Some(table) = &mut self.table {
                    table.cell = 0;
                    if !table.body_open {
                        table.body_open = true;
                        self.out.push_str("<tbody>\n");
                    }
                }
                self.out.push_str("<tr>\n");
            }
            Tag::TableCell => {
                self.cell = Some(trim_cell(self.source, range));
                let (cell_tag, alignment) = match &mut self.table {
                    Some(table) => {
                        let alignment = table.alignments.get(table.cell).copied();
                        table.cell += 1;
                        (if table.in_head { "th" } else { "td" }, alignment)
                    }
                    None => ("td", None),
                };
                self.out.push('<');
                self.out.push_str(cell_tag);
                match alignment {
                    Some(Alignment::Left) => self.out.push_str(" style=\"text-align:left\""),
                    Some(Alignment::Center) => self.out.push_str(" style=\"text-align:center\""),
                    Some(Alignment::Right) => self.out.push_str(" style=\"text-align:right\""),
                    Some(Alignment::None) | None => {}
                }
                self.out.push('>');
            }
            Tag::Emphasis => self.out.push_str("<em>"),
            Tag::Strong => self.out.push_str("<strong>"),
            Tag::Strikethrough => self.out.push_str("<del>"),
            Tag::Superscript => self.out.push_str("<sup>"),
            Tag::Subscript => self.out.push_str("<sub>"),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                let is_autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                self.links.push(is_autolink);
                let dest = self.resolve_attribute(dest_url);
                let dest = if *link_type == LinkType::Email && !dest.starts_with("mailto:") {
                    std::borrow::Cow::Owned(format!("mailto:{dest}"))
                } else {
                    dest
                };
                // The URL as it is unless the policy replaces it (copied
                // only into `links`). A refused URL comes back as a
                // borrowed `""`, not as `dest`: hence the length check.
                let replaced = match self.policy.url(&dest, UrlKind::Link) {
                    std::borrow::Cow::Borrowed(url) if url.len() == dest.len() => None,
                    other => Some(other.into_owned()),
                };
                let href = match replaced {
                    Some(replaced) => std::borrow::Cow::Owned(replaced),
                    None => dest,
                };
                self.out.push_str("<a href=\"");
                // Written resolved for the page; kept in `links` as the
                // author wrote it (what the lints read).
                push_goldmark_url(&mut self.out, &self.options.resolve_url(&href));
                self.out.push('"');
                let title = self.resolve_attribute(title);
                if !title.is_empty() {
                    self.out.push_str(" title=\"");
                    push_html(&mut self.out, &title, Html::Goldmark);
                    self.out.push('"');
                }
                self.out.push('>');
                if self.collect {
                    self.written_links.push(Link {
                        href: href.into_owned(),
                        source: range.clone(),
                    });
                }
            }
            Tag::Image {
                dest_url, title, ..
            } => self.start_image(dest_url, title),
            Tag::MetadataBlock(_) => {}
        }
    }

    fn start_image(&mut self, dest: &CowStr<'a>, title: &CowStr<'a>) {
        let dest = self.resolve_attribute(dest).into_owned();
        let dest = self.policy.url(&dest, UrlKind::Image);
        let dest = self.options.resolve_url(&dest).into_owned();
        let title = self.resolve_attribute(title).into_owned();
        let outer = std::mem::take(&mut self.out);
        self.images.push(ImageState {
            dest: CowStr::from(dest),
            title: CowStr::from(title),
            outer,
        });
    }

    fn start_heading(
        &mut self,
        level: HeadingLevel,
        explicit_id: Option<&str>,
        classes: &[CowStr<'a>],
        attrs: &[(CowStr<'a>, Option<CowStr<'a>>)],
        range: &Range<usize>,
        events: Cursor<'_, 'a>,
    ) {
        let level = heading_number(level);
        // pulldown-cmark found an attribute list; read it again from the
        // source with goldmark's rules (quoted values, commas).
        let mut id_attr = explicit_id.map(str::to_string);
        let mut class_list: Vec<String> = classes.iter().map(|c| c.to_string()).collect();
        let mut others: Vec<(String, String)> = attrs
            .iter()
            .map(|(n, v)| (n.to_string(), v.as_deref().unwrap_or("").to_string()))
            .collect();
        let has_list = explicit_id.is_some() || !classes.is_empty() || !attrs.is_empty();
        if let Some(list) = has_list
            .then(|| heading_attribute_list(self.source, range))
            .flatten()
        {
            id_attr = None;
            class_list.clear();
            others.clear();
            for (name, value) in fence::parse_attributes(list) {
                match name.as_str() {
                    "id" => id_attr = Some(value),
                    "class" => class_list.push(value),
                    _ => others.push((name, value)),
                }
            }
        }
        let id = match id_attr {
            Some(id) => {
                let id = self.resolve_attribute(&id).into_owned();
                self.ids.reserve(&id);
                id
            }
            None if self.options.auto_heading_ids => {
                let text = heading_source_text(self.source, events);
                self.ids.generate(text)
            }
            None => String::new(),
        };
        self.out.push_str(&format!("<h{level}"));
        if !id.is_empty() {
            self.out.push_str(" id=\"");
            push_html(&mut self.out, &id, Html::Goldmark);
            self.out.push('"');
        }
        if !class_list.is_empty() {
            let classes = class_list.join(" ");
            let classes = self.resolve_attribute(&classes).into_owned();
            self.out.push_str(" class=\"");
            push_html(&mut self.out, &classes, Html::Goldmark);
            self.out.push('"');
        }
        for (name, value) in &others {
            if !self.policy.heading_attribute(name) || !self.policy.attribute_value(value) {
                continue;
            }
            let value = self.resolve_attribute(value).into_owned();
            self.out.push(' ');
            push_html(&mut self.out, name, Html::Goldmark);
            self.out.push_str("=\"");
            push_html(&mut self.out, &value, Html::Goldmark);
            self.out.push('"');
        }
        self.out.push('>');
        self.headings.push(Heading {
            level,
            id,
            text: String::new(),
            source: range.clone(),
        });
        self.heading_text = Some(String::new());
    }

    fn end(&mut self, tag: TagEnd, next: Option<&Event<'a>>) {
        if !self.images.is_empty() {
            if tag == TagEnd::Image {
                self.end_image();
            }
            return;
        }
        match tag {
            TagEnd::Paragraph => {
                let closes_footnote = matches!(next, Some(Event::End(TagEnd::FootnoteDefinition)));
                if closes_footnote {
                    if let Some(footnote) = &self.footnote {
                        if footnote.depth == self.depth {
                            self.write_backlink();
                        }
                    }
                }
                match self.paragraphs.pop() {
                    Some(ParagraphState::Open) | None => self.out.push_str("</p>\n"),
                    Some(ParagraphState::Unwrapped | ParagraphState::Closed) => {
                        self.out.push('\n');
                    }
                    Some(ParagraphState::Bare) => {}
                }
            }
            TagEnd::Heading(level) => {
                self.out
                    .push_str(&format!("</h{}>\n", heading_number(level)));
                if let (Some(text), Some(heading)) =
                    (self.heading_text.take(), self.headings.last_mut())
                {
                    heading.text = text;
                }
            }
            TagEnd::BlockQuote(_) => {
                self.block_start();
                self.out.push_str("</blockquote>\n");
            }
            TagEnd::CodeBlock => {
                self.in_code_block = false;
                match self.highlighted_fence.take() {
                    Some(fence) => self.write_highlighted_fence(&fence),
                    None if std::mem::take(&mut self.in_fence) => {
                        self.out.push_str("</code></pre>");
                        self.after_highlighted_fence = true;
                    }
                    None => self.out.push_str("</code></pre>\n"),
                }
            }
            TagEnd::HtmlBlock => {
                self.in_html_block = false;
                let mut sanitizer = std::mem::take(&mut self.sanitizer);
                sanitizer.finish(&mut self.out);
                self.block_start();
            }
            TagEnd::List(ordered) => {
                self.block_start();
                self.out
                    .push_str(if ordered { "</ol>\n" } else { "</ul>\n" });
            }
            TagEnd::Item => {
                self.out.push_str("</li>\n");
            }
            TagEnd::FootnoteDefinition => self.end_footnote_definition(),
            TagEnd::DefinitionList => {
                self.block_start();
                self.out.push_str("</dl>\n");
            }
            TagEnd::DefinitionListTitle => {
                self.out.push_str("</dt>\n");
            }
            TagEnd::DefinitionListDefinition => {
                if self.definitions.pop().is_some_and(|d| d.wrapped_text) {
                    self.out.push_str("</p>\n");
                }
                self.out.push_str("</dd>\n");
            }
            TagEnd::Table => {
                if self.table.take().is_some_and(|table| table.body_open) {
                    self.out.push_str("</tbody>\n");
                }
                self.out.push_str("</table>\n");
            }
            TagEnd::TableHead => {
                if let Some(table) = &mut self.table {
                    table.in_head = false;
                }
                self.out.push_str("</tr>\n</thead>\n");
            }
            TagEnd::TableRow => self.out.push_str("</tr>\n"),
            TagEnd::TableCell => {
                self.cell = None;
                let in_head = self.table.as_ref().is_some_and(|table| table.in_head);
                self.out
                    .push_str(if in_head { "</th>\n" } else { "</td>\n" });
            }
            TagEnd::Emphasis => self.out.push_str("</em>"),
            TagEnd::Strong => self.out.push_str("</strong>"),
            TagEnd::Strikethrough => self.out.push_str("</del>"),
            TagEnd::Superscript => self.out.push_str("</sup>"),
            TagEnd::Subscript => self.out.push_str("</sub>"),
            TagEnd::Link => {
                self.links.pop();
                self.out.push_str("</a>");
            }
            TagEnd::Image => self.end_image(),
            TagEnd::MetadataBlock(_) => {}
        }
    }

    fn end_image(&mut self) {
        let Some(image) = self.images.pop() else {
            return;
        };
        let alt = std::mem::replace(&mut self.out, image.outer);
        if !self.images.is_empty() {
            // An image inside alt text contributes only its own alt text.
            self.out.push_str(&alt);
            return;
        }
        self.out.push_str("<img src=\"");
        push_goldmark_url(&mut self.out, &image.dest);
        self.out.push_str("\" alt=\"");
        // The alt buffer is already escaped text.
        self.out.push_str(&alt);
        self.out.push('"');
        if !image.title.is_empty() {
            self.out.push_str(" title=\"");
            push_html(&mut self.out, &image.title, Html::Goldmark);
            self.out.push('"');
        }
        self.out.push('>');
    }

    fn footnote_reference(&mut self, label: &str) {
        match self.footnote_numbers.get(&footnote_key(label)).copied() {
            Some(number) if self.images.is_empty() => {
                let seen = self.next_footnote_reference(number);
                self.out.push_str(&format!(
                    "<sup id=\"fnref{seen}:{number}\"><a href=\"#fn:{number}\" class=\"footnote-ref\" role=\"doc-noteref\">{number}</a></sup>"
                ));
            }
            Some(number) => {
                self.next_footnote_reference(number);
                self.out.push_str(&number.to_string());
            }
            None => {
                let label = self.resolve_attribute(label).into_owned();
                self.out.push_str("[^");
                push_html(&mut self.out, &label, Html::Goldmark);
                self.out.push(']');
            }
        }
    }

    /// Counts a reference to footnote `number`; returns goldmark's
    /// `RefIndex` as written in the id (`""` for the first, then `1`, `2`, …).
    fn next_footnote_reference(&mut self, number: usize) -> String {
        let entry = self.footnote_references.entry(number).or_insert((0, 0));
        let seen = entry.1;
        entry.1 += 1;
        if seen == 0 {
            String::new()
        } else {
            seen.to_string()
        }
    }

    fn write_backlink(&mut self) {
        if let Some(footnote) = &mut self.footnote {
            footnote.backlink_written = true;
            let number = footnote.index;
            let references = self
                .footnote_references
                .get(&number)
                .map_or(1, |&(total, _)| total.max(1));
            for i in 0..references {
                let ref_index = if i == 0 { String::new() } else { i.to_string() };
                self.out.push_str(&format!(
                    "&#160;<a href=\"#fnref{ref_index}:{number}\" class=\"footnote-backref\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a>"
                ));
            }
        }
    }

    fn end_footnote_definition(&mut self) {
        if self.footnote.as_ref().is_some_and(|f| !f.backlink_written) {
            self.write_backlink();
        }
        let Some(footnote) = self.footnote.take() else {
            return;
        };
        let body = std::mem::replace(&mut self.out, footnote.outer);
        let already_defined = self
            .footnote_bodies
            .iter()
            .any(|(number, _)| *number == footnote.index);
        // goldmark drops definitions nobody refers to; the first of two
        // definitions with one label wins.
        if footnote.index > 0 && !already_defined && !footnote.key.is_empty() {
            self.footnote_bodies.push((footnote.index, body));
        }
    }

    fn write_footnotes(&mut self) {
        if self.footnote_bodies.is_empty() {
            return;
        }
        let mut bodies = std::mem::take(&mut self.footnote_bodies);
        bodies.sort_by_key(|(number, _)| *number);
        self.block_start();
        self.out
            .push_str("<div class=\"footnotes\" role=\"doc-endnotes\">\n<hr>\n<ol>\n");
        for (number, body) in bodies {
            self.out.push_str(&format!("<li id=\"fn:{number}\">\n"));
            self.out.push_str(&body);
            self.out.push_str("</li>\n");
        }
        self.out.push_str("</ol>\n</div>\n");
    }

    /// Writes a fence through the highlighter, with the attributes that are
    /// not highlighting options on the wrapper `div` as Hugo puts them.
    fn write_highlighted_fence(&mut self, fence: &HighlightedFence) {
        let options = fence.info.highlight_options();
        // Chroma drops the blank lines at the end of a fence (the last line
        // keeps its newline); a shortcode's output there still counts as
        // content.
        let mut end = fence.code.trim_end_matches(['\n', '\r']).len();
        if let Some(&(at, _)) = fence.injections.last() {
            end = end.max(at);
        }
        let mut code = fence.code.get(..end).unwrap_or(&fence.code).to_string();
        if !code.is_empty() || !fence.injections.is_empty() {
            code.push('\n');
        }
        let raw: Vec<(usize, &str)> = fence
            .injections
            .iter()
            .filter_map(|&(at, n)| Some((at, self.injections.get(n)?.html.as_str())))
            .collect();
        let html = highlight::render_with_raw(&code, &fence.info.language, &options, &raw);
        let mut wrapper = String::from("<div class=\"highlight\"");
        for (name, value) in fence.info.wrapper_attributes() {
            if !self.policy.fence_attribute(name) || !self.policy.attribute_value(value) {
                continue;
            }
            wrapper.push(' ');
            push_html(&mut wrapper, name, Html::Goldmark);
            wrapper.push_str("=\"");
            push_html(&mut wrapper, value, Html::Goldmark);
            wrapper.push('"');
        }
        match html.strip_prefix("<div class=\"highlight\"") {
            Some(rest) => {
                self.out.push_str(&wrapper);
                self.out.push_str(rest);
            }
            None => self.out.push_str(&html),
        }
        // Like Hugo's highlighter, no newline after the wrapper, not even
        // before the next block.
        self.after_highlighted_fence = true;
    }

    /// Writes text; `verbatim`: `text` is exactly `source[range]`, so the
    /// typographer and linkify can read the source around it.
    fn text(&mut self, text: &str, range: &Range<usize>, verbatim: bool) {
        if let Some(fence) = &mut self.highlighted_fence {
            fence.code.push_str(text);
            return;
        }
        if let Some(heading) = &mut self.heading_text {
            heading.push_str(text);
        }
        let in_autolink = self.links.last().copied().unwrap_or(false);
        let plain = self.in_code_block
            || in_autolink
            || (!self.options.typographer && !self.options.linkify)
            || !verbatim;
        if plain {
            push_html(&mut self.out, text, Html::Goldmark);
            return;
        }
        let source = self.source;
        let start = range.start;
        let mut position = 0;
        // A backslash-escaped character is literal: no quote or dash magic.
        if start > 0 && source.as_bytes().get(start - 1) == Some(&b'\\') {
            if let Some(first) = text.chars().next().filter(char::is_ascii_punctuation) {
                push_html_char(&mut self.out, first, Html::Goldmark);
                position = first.len_utf8();
            }
        }
        let may_linkify = self.options.linkify && self.links.is_empty() && self.images.is_empty();
        // The character before `position` in this text (the text is the
        // source there, so it is also goldmark's preceding character);
        // `None` where only the source can tell (the text's start, a cell's).
        let mut previous = text[..position].chars().next_back();
        // A link needs `://`, `www.` or `@` inside this text; without one,
        // only the typographer's characters and those that need escaping
        // are looked at, and the runs between them are copied whole. Whether
        // the text holds one is found out as it is written (`None`: not
        // yet): the runs also stop at `:` and `@`, each stop is checked for
        // a mark, and before linkify would be tried the whole text is. Once
        // a mark shows, the text is written again from `restart`, this
        // time in linkify's mode; what was written of it is taken back.
        let mut linkify_here = match (may_linkify, position) {
            (false, _) => Some(false),
            (true, 0) if !eager_link_marks() => None,
            (true, _) => Some(may_hold_link(text)),
        };
        let restart = TextStart {
            out: self.out.len(),
            typographer: self.typographer.clone(),
            position,
            previous,
        };
        // The character at `position`, decoded only where it is used (runs
        // are copied as bytes).
        let char_at = |position: usize| text[position..].chars().next().unwrap_or('\0');
        while position < text.len() {
            if linkify_here.is_none() && link_mark_at(text.as_bytes(), position) {
                linkify_here = Some(true);
                (position, previous) = self.take_back(&restart);
                continue;
            }
            if self
                .cell
                .as_ref()
                .is_some_and(|cell| cell.start == start + position)
            {
                previous = None;
            }
            // Whether a link may start here: after white space or `(`.
            let link_may_start =
                may_linkify && previous.is_none_or(|p| p.is_whitespace() || p == '(');
            if linkify_here != Some(true) || !link_may_start {
                let bytes = &text.as_bytes()[position..];
                let run = if linkify_here.is_none() {
                    // Up to a special character, `:` or `@` (a `:` here is
                    // no mark: it was just checked).
                    let from = usize::from(bytes[0] == b':');
                    let stop = |b: u8| is_special(b) || b == b':' || b == b'@';
                    find_byte(&bytes[from..], b'"', b'@', stop).map_or(bytes.len(), |k| from + k)
                } else if linkify_here == Some(true) {
                    // Up to a special character, or just past the next
                    // white space or `(` (a link may start after it).
                    let mut run = 0;
                    while let Some(&b) = bytes.get(run) {
                        if is_special(b) || !b.is_ascii() {
                            break;
                        }
                        run += 1;
                        if matches!(b, b'\t'..=b'\r' | b' ' | b'(') {
                            break;
                        }
                    }
                    if run == 0 && !bytes[0].is_ascii() {
                        char_at(position).len_utf8()
                    } else {
                        run
                    }
                } else {
                    find_byte(bytes, b'"', b'>', is_special).unwrap_or(bytes.len())
                };
                if run > 0 {
                    // Specials are ASCII, so the run ends on a char boundary.
                    let chunk = &text[position..position + run];
                    self.out.push_str(chunk);
                    previous = chunk.chars().next_back();
                    position += run;
                    continue;
                }
                // A special character that the typographer cannot change
                // here (only quotes, `--`, `...`, `<<` and `>>` are its):
                // escaped as it is, without looking at the source line.
                let sequence = match bytes[0] {
                    b'.' => bytes.starts_with(b"..."),
                    b'-' => bytes.starts_with(b"--"),
                    b'<' => bytes.starts_with(b"<<"),
                    b'>' => bytes.starts_with(b">>"),
                    b'&' => false,
                    _ => true,
                };
                if !sequence && !link_may_start {
                    // Specials are ASCII.
                    let c = char::from(bytes[0]);
                    push_html_char(&mut self.out, c, Html::Goldmark);
                    previous = Some(c);
                    position += 1;
                    continue;
                }
            }
            let offset = start + position;
            let (line, before) = self.context(offset, range.end);
            let remaining = text.len() - position;
            if may_linkify && (before.is_whitespace() || before == '(') {
                if linkify_here.is_none() {
                    // Linkify is tried here: first, whether it can find
                    // anything in this text at all.
                    if may_hold_link(text) {
                        linkify_here = Some(true);
                        (position, previous) = self.take_back(&restart);
                        continue;
                    }
                    linkify_here = Some(false);
                }
                if let Some(link) = find_link(line).filter(|link| link.len <= remaining) {
                    let href = self.policy.url(&link.href, UrlKind::Link).into_owned();
                    self.out.push_str("<a href=\"");
                    push_goldmark_url(&mut self.out, &href);
                    self.out.push_str("\">");
                    push_html(&mut self.out, &line[..link.len], Html::Goldmark);
                    self.out.push_str("</a>");
                    if self.collect {
                        self.written_links.push(Link {
                            href,
                            source: offset..offset + link.len,
                        });
                    }
                    position += link.len;
                    previous = text[..position].chars().next_back();
                    continue;
                }
            }
            if self.options.typographer {
                if let Some((entity, used)) = self
                    .typographer
                    .substitute(line, before)
                    .filter(|(_, used)| *used <= remaining)
                {
                    self.out.push_str(entity);
                    position += used;
                    previous = text[..position].chars().next_back();
                    continue;
                }
            }
            let c = char_at(position);
            push_html_char(&mut self.out, c, Html::Goldmark);
            position += c.len_utf8();
            previous = Some(c);
        }
    }

    /// Takes back what was written of a text since `from` (output, plain
    /// text, quote state), to write it again in linkify's mode; returns
    /// where to go on from in the text, and the character before.
    fn take_back(&mut self, from: &TextStart) -> (usize, Option<char>) {
        self.out.truncate(from.out);
        self.typographer = from.typographer.clone();
        (from.position, from.previous)
    }

    /// What goldmark's inline parsers see at `offset`: the rest of the line
    /// (`PeekLine`) and the character before (`PrecedingCharacter`); in a
    /// table cell the line ends at the cell's end and the cell starts after
    /// a newline; on a block's last line, white space at the end is not
    /// part of the line.
    fn context(&mut self, offset: usize, text_end: usize) -> (&'a str, char) {
        let mut line = self.source_line(offset);
        if self.text_ends_block {
            let rest = self.source.get(text_end..self.line_cache.1).unwrap_or("x");
            if rest.trim_start_matches([' ', '\t', '\r', '\n']).is_empty() {
                line = line.trim_end_matches([' ', '\t', '\r', '\n']);
            }
        }
        match &self.cell {
            Some(cell) if cell.start <= offset && offset < cell.end => {
                let line = line.get(..cell.end - offset).unwrap_or(line);
                let before = if offset == cell.start {
                    '\n'
                } else {
                    preceding_char(self.source, offset)
                };
                (line, before)
            }
            _ => (line, preceding_char(self.source, offset)),
        }
    }

    /// The source from `offset` to the end of its line, newline included, as
    /// goldmark's `PeekLine` sees it. Text is read left to right, so the
    /// end of the current line is remembered: finding it once per line
    /// (not once per character) keeps long lines linear.
    fn source_line(&mut self, offset: usize) -> &'a str {
        let source = self.source;
        let (start, end) = self.line_cache;
        if !(start <= offset && offset < end) {
            let rest = source.get(offset..).unwrap_or("");
            let end = match rest.find('\n') {
                Some(newline) => offset + newline + 1,
                None => source.len(),
            };
            self.line_cache = (offset, end);
        }
        source.get(offset..self.line_cache.1).unwrap_or("")
    }
}

/// Whether `source` holds `[^` (`contains`, looking for the rarer `^`).
fn holds_footnote_mark(source: &str) -> bool {
    let bytes = source.as_bytes();
    let found = |caret: usize| caret > 0 && bytes[caret - 1] == b'[';
    find_at(bytes, b'^', b'^', |_| true, found).is_some()
}

/// Whether `value` holds an injection token's prefix (`value.contains`,
/// without the setup of a substring search: attributes are short and
/// rarely hold an `H`).
fn holds_token(value: &str) -> bool {
    let bytes = value.as_bytes();
    let found = |at: usize| bytes[at..].starts_with(super::TOKEN_PREFIX.as_bytes());
    find_at(bytes, b'H', b'H', |_| true, found).is_some()
}

#[cfg(test)]
thread_local! {
    /// Tests: decide linkify's mode before writing each text (the plain
    /// way), to compare with finding the marks as the text is written.
    static EAGER_LINK_MARKS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn eager_link_marks() -> bool {
    #[cfg(test)]
    return EAGER_LINK_MARKS.with(std::cell::Cell::get);
    #[cfg(not(test))]
    false
}

/// Whether byte `at` of `text` makes it hold `://`, `www.` or `@` (as the
/// `:`, the `.` or the `@`).
fn link_mark_at(text: &[u8], at: usize) -> bool {
    match text.get(at) {
        Some(b'@') => true,
        Some(b':') => text[at + 1..].starts_with(b"//"),
        Some(b'.') => at >= 3 && &text[at - 3..at] == b"www",
        _ => false,
    }
}

/// Whether `text` holds `://`, `www.` or `@`, which every link linkify
/// finds has (one pass instead of three searches on a short text).
fn may_hold_link(text: &str) -> bool {
    if text.len() > 256 {
        // On a long text the library's substring searches (vectorised
        // where the target has it) win: `.` and digits, which the scan
        // below stops at, are frequent in prose.
        return text.contains("://") || text.contains("www.") || text.contains('@');
    }
    let bytes = text.as_bytes();
    let marks = |b: u8| matches!(b, b'.' | b':' | b'@');
    find_at(bytes, b'.', b'@', marks, |i| link_mark_at(bytes, i)).is_some()
}

/// Where [`Renderer::text`] started writing a text, to take it back
/// ([`Renderer::take_back`]).
struct TextStart {
    out: usize,
    typographer: Typographer,
    position: usize,
    previous: Option<char>,
}

/// The bytes [`Renderer::text`] stops at: the typographer's and those that
/// need escaping (all in `"`..=`>`, for [`find_byte`]).
fn is_special(b: u8) -> bool {
    matches!(b, b'-' | b'.' | b'<' | b'>' | b'\'' | b'"' | b'&')
}

/// goldmark does not unescape backslashes in a fence's info string
/// (` ``` foo\+bar` is `language-foo\+bar`, spec example 24 in Hugo), but
/// it does resolve entities; pulldown-cmark does both. When the info string
/// in the source has a backslash and no entity, it is used as written.
fn raw_fence_info<'i>(source: &'i str, range: &Range<usize>, parsed: &'i str) -> &'i str {
    let first_line = source
        .get(range.clone())
        .and_then(|fence| fence.lines().next())
        .unwrap_or("");
    let trimmed = first_line.trim_start();
    let marker = trimmed.chars().next().unwrap_or(' ');
    if marker != '`' && marker != '~' {
        return parsed;
    }
    let raw = trimmed.trim_start_matches(marker).trim();
    if raw.contains('\\') && !raw.contains('&') {
        raw
    } else {
        parsed
    }
}

/// A table cell's range (between its pipes) without the spaces and tabs
/// around its content, as goldmark trims a cell's segment.
fn trim_cell(source: &str, range: &Range<usize>) -> Range<usize> {
    let cell = source.get(range.clone()).unwrap_or("");
    let start = range.start + (cell.len() - cell.trim_start_matches([' ', '\t']).len());
    let end = range.start + cell.trim_end_matches([' ', '\t']).len();
    start..end.max(start)
}

/// The source character before `offset`, or a newline at the very start
/// (goldmark's `PrecedingCharacter`).
fn preceding_char(source: &str, offset: usize) -> char {
    source
        .get(..offset)
        .and_then(|before| before.chars().next_back())
        .unwrap_or('\n')
}

/// Whether the line before the one holding `offset` is blank.
fn follows_blank_line(source: &str, offset: usize) -> bool {
    let before = source.get(..offset).unwrap_or("");
    let Some(line_start) = before.rfind('\n') else {
        return false;
    };
    let previous = &before[..line_start];
    let previous_line = match previous.rfind('\n') {
        Some(newline) => &previous[newline + 1..],
        None => previous,
    };
    previous_line.trim().is_empty()
}

/// Whether an event belongs inside a paragraph.
fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Start(_) => !starts_block(event),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::Superscript
                | TagEnd::Subscript
        ),
        Event::Html(_) | Event::Rule | Event::DisplayMath(_) => false,
        _ => true,
    }
}

/// Whether an event opens a block (as opposed to inline content).
fn starts_block(event: &Event<'_>) -> bool {
    match event {
        Event::Start(tag) => matches!(
            tag,
            Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::List(_)
                | Tag::Table(_)
                | Tag::DefinitionList
                | Tag::FootnoteDefinition(_)
        ),
        Event::Rule | Event::End(_) => true,
        _ => false,
    }
}

/// The text inside a heading's trailing `{…}` attribute list, read from the
/// source (an ATX heading's line, or a setext heading's text line).
fn heading_attribute_list<'s>(source: &'s str, range: &Range<usize>) -> Option<&'s str> {
    let text = source.get(range.clone())?;
    let line = text
        .lines()
        .find(|l| l.trim_end().ends_with('}'))?
        .trim_end();
    let open = line.rfind('{')?;
    line.get(open + 1..line.len() - 1)
}

/// Numbers footnotes by first reference, counting only defined labels.
fn number_footnotes(events: &[Event<'_>]) -> HashMap<String, usize> {
    let defined: std::collections::HashSet<String> = events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::FootnoteDefinition(label)) => Some(footnote_key(label)),
            _ => None,
        })
        .collect();
    let mut numbers = HashMap::new();
    for event in events {
        if let Event::FootnoteReference(label) = event {
            let key = footnote_key(label);
            if defined.contains(&key) && !numbers.contains_key(&key) {
                let next = numbers.len() + 1;
                numbers.insert(key, next);
            }
        }
    }
    numbers
}

/// The raw Markdown of a heading's text (goldmark builds ids from the
/// source line, so `_Foo_` gives `_foo_`): the span of the events inside the
/// heading, last line only for a multi-line setext heading.
fn heading_source_text<'s>(source: &'s str, events: Cursor<'_, '_>) -> &'s str {
    let mut span: Option<Range<usize>> = None;
    let mut k = 0;
    while let Some((event, range)) = events.peek(k) {
        if matches!(event, Event::End(TagEnd::Heading(_))) {
            break;
        }
        span = Some(match span {
            None => range.clone(),
            Some(span) => span.start.min(range.start)..span.end.max(range.end),
        });
        k += 1;
    }
    let text = span.and_then(|span| source.get(span)).unwrap_or("");
    text.lines().last().unwrap_or("").trim()
}

#[cfg(test)]
mod scan_tests {
    #[test]
    fn may_hold_link_is_the_three_searches() {
        let texts = [
            "",
            "www",
            "www.",
            "wwww.x",
            "ww.w",
            "a://b",
            ":/",
            "x:/ /",
            "mail@x",
            "@",
            "...",
            "http:",
            "see www.example.com.",
            "a.b:c",
            "Grüße www. ü@",
            "://",
            "w.w.w.",
        ];
        // Short texts, and long ones (another way).
        let long = "word1 \"quoted\" -- x... ".repeat(12);
        for prefix in ["", long.as_str()] {
            for text in texts {
                let text = format!("{prefix}{text}");
                for start in 0..=text.len() {
                    let Some(text) = text.get(start..) else {
                        continue;
                    };
                    let expected =
                        text.contains("://") || text.contains("www.") || text.contains('@');
                    assert_eq!(super::may_hold_link(text), expected, "{text:?}");
                }
            }
        }
    }

    // proptest is a native dev-dependency (the browser tests build this
    // crate for wasm32 too).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// Finding linkify's marks while writing a text writes what
        /// deciding first does (the text, links and HTML).
        #[test]
        fn link_marks_found_while_writing_change_nothing(
            markdown in "([a-z @:/.\\-'\"<>&(*_\n]|www\\.|https?://|ftp://|a@b\\.co|x\\.com|\\\\@|\\| a |\n\\|-\\|\n|é){0,60}",
        ) {
            let options = super::super::Options::default();
            let lazy = super::super::render_document(&markdown, &options, &[]);
            super::EAGER_LINK_MARKS.with(|eager| eager.set(true));
            let eager = super::super::render_document(&markdown, &options, &[]);
            super::EAGER_LINK_MARKS.with(|eager| eager.set(false));
            proptest::prop_assert_eq!(lazy, eager);
        }
    }

    #[test]
    fn holds_footnote_mark_is_contains() {
        for text in [
            "", "^", "[", "[^", "a[^1]", "^[", "[[^", "x^y[z", "é[^", "[é^",
        ] {
            assert_eq!(
                super::holds_footnote_mark(text),
                text.contains("[^"),
                "{text:?}"
            );
        }
    }

    #[test]
    fn holds_token_is_contains() {
        let token = super::super::token(12);
        for text in [
            String::new(),
            "H".into(),
            "HAHAHUGOSHORTCODE".into(),
            format!("https://x/{token}"),
            format!("HH{token}"),
            format!("ü{token}ü"),
            "HAHAHUGOSHORTCODE-HAHAHUGOSHORTCODE-s".into(),
        ] {
            for start in 0..=text.len() {
                let Some(text) = text.get(start..) else {
                    continue;
                };
                let expected = text.contains(super::super::TOKEN_PREFIX);
                assert_eq!(super::holds_token(text), expected, "{text:?}");
            }
        }
    }
}
