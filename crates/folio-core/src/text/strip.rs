//! Removing tags from HTML as Hugo 0.111 does: one tag stripper, Go's
//! `html/template` `stripTags`, under Hugo's `StripHTML` (`plainify`,
//! `.Plain`, `.WordCount`, the automatic `.Summary`) and under the
//! template engine's escaping of trusted HTML into an attribute.
//!
//! Why written here: it is Go's state machine, not an HTML parser's idea of
//! text (a `<` opens a tag only before a letter or `/letter`; `<?php`,
//! `<!doctype>` and `a < b` stay text; attribute values are skipped by their
//! quotes; `<script>` and `<style>` content is dropped, `<textarea>` and
//! `<title>` content kept), and the numbers a reader sees (words, reading
//! time, where the summary stops) follow from those rules. Checked against
//! Hugo's own output (`tests/strip_hugo.rs`).

/// One piece of stripped text: text as it stands in the HTML (entities
/// kept), or the line break Hugo puts where `</p>`, `<br>` or `<br />` was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Break,
}

/// What Hugo's `StripHTML` turns into line breaks before stripping tags.
const BREAKS: [&str; 3] = ["</p>", "<br>", "<br />"];

/// The stand-in for a break while tags are stripped, as Hugo's
/// `___hugonl_` is: text to Go's machine wherever it lands, turned back into
/// a new line after (found by where it was put, so a post's own text is
/// never taken for it; Hugo turns a written `___hugonl_` into a new line).
const PLACEHOLDER: &str = "___hugonl_";

/// The length of the break sequence at the start of `s`, if one is.
fn break_at(s: &[u8]) -> Option<usize> {
    BREAKS
        .iter()
        .find(|b| s.starts_with(b.as_bytes()))
        .map(|b| b.len())
}

/// Appends `html` to `out` with each break sequence replaced by
/// [`PLACEHOLDER`] (Hugo's pre-replacement; the new lines it makes spaces
/// are left to the readers of the pieces), noting in `breaks` where in
/// `out` each placeholder is; returns whether `html` has a `<`.
pub(crate) fn push_pre_replaced(out: &mut String, html: &str, breaks: &mut Vec<usize>) -> bool {
    let bytes = html.as_bytes();
    let (mut from, mut at, mut angle) = (0, 0, false);
    while let Some(p) = byte_at(&bytes[at..], b'<') {
        let i = at + p;
        angle = true;
        match break_at(&bytes[i..]) {
            Some(len) => {
                out.push_str(&html[from..i]);
                breaks.push(out.len());
                out.push_str(PLACEHOLDER);
                from = i + len;
                at = from;
            }
            None => at = i + 1,
        }
    }
    out.push_str(&html[from..]);
    angle
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Text,
    Tag,
    AttrName,
    AfterName,
    BeforeValue,
    /// An attribute's value (skipped to its delimiter).
    Attr,
    Comment,
    /// `<textarea>` and `<title>` content: kept.
    Rcdata,
    /// `<script>` and `<style>` content: dropped.
    Raw,
    Error,
}

/// The elements whose content Go's `html/template` reads apart (its
/// `elementNameMap`): script and style (not text), textarea and title
/// (text, but no tags). The template engine's escaper tracks them too.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Element {
    None,
    Script,
    Style,
    Textarea,
    Title,
}

/// Which special element a tag `name` (any case) opens.
pub(crate) fn element_named(name: &[u8]) -> Element {
    if name.eq_ignore_ascii_case(b"script") {
        Element::Script
    } else if name.eq_ignore_ascii_case(b"style") {
        Element::Style
    } else if name.eq_ignore_ascii_case(b"textarea") {
        Element::Textarea
    } else if name.eq_ignore_ascii_case(b"title") {
        Element::Title
    } else {
        Element::None
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Delim {
    None,
    Double,
    Single,
    SpaceOrTagEnd,
}

#[derive(Clone, Copy, Debug)]
struct Context {
    state: State,
    element: Element,
    delim: Delim,
}

const TEXT: Context = Context {
    state: State::Text,
    element: Element::None,
    delim: Delim::None,
};

/// The first `byte` in `s` (eight bytes a step: [`super::scan::find`]).
fn byte_at(s: &[u8], byte: u8) -> Option<usize> {
    super::scan::find(s, byte, byte, |_| true)
}

/// The first place `needle` (from 1 byte, the first ASCII) starts in `s`.
fn find_bytes(s: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    super::scan::find_at(s, first, first, |_| true, |i| s[i..].starts_with(needle))
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r')
}

fn eat_space(s: &[u8], i: usize) -> usize {
    s[i..]
        .iter()
        .position(|&b| !is_space(b))
        .map_or(s.len(), |p| i + p)
}

/// Go's `eatTagName`: the end of the tag name at `i` (`i` if none) and
/// which element it names.
fn eat_tag_name(s: &[u8], i: usize) -> (usize, Element) {
    if !s.get(i).is_some_and(u8::is_ascii_alphabetic) {
        return (i, Element::None);
    }
    let mut j = i + 1;
    while let Some(&x) = s.get(j) {
        if x.is_ascii_alphanumeric() {
            j += 1;
        } else if matches!(x, b':' | b'-') && s.get(j + 1).is_some_and(u8::is_ascii_alphanumeric) {
            j += 2;
        } else {
            break;
        }
    }
    (j, element_named(&s[i..j]))
}

/// Go's `eatAttrName`: the end of the attribute name at `i`, or `None` for
/// a quote or `<` in it (an error: the rest is dropped).
fn eat_attr_name(s: &[u8], i: usize) -> Option<usize> {
    for (j, &b) in s.iter().enumerate().skip(i) {
        match b {
            b' ' | b'\t' | b'\n' | b'\x0c' | b'\r' | b'=' | b'>' => return Some(j),
            b'\'' | b'"' | b'<' => return None,
            _ => {}
        }
    }
    Some(s.len())
}

/// Go's `tText`.
fn t_text(c: Context, s: &[u8]) -> (Context, usize) {
    let mut k = 0;
    loop {
        let Some(i) = byte_at(&s[k..], b'<').map(|p| k + p) else {
            return (c, s.len());
        };
        if i + 1 == s.len() {
            return (c, s.len());
        }
        if s[i..].starts_with(b"<!--") {
            return (
                Context {
                    state: State::Comment,
                    ..TEXT
                },
                i + 4,
            );
        }
        let mut i = i + 1;
        let mut end = false;
        if s[i] == b'/' {
            if i + 1 == s.len() {
                return (c, s.len());
            }
            end = true;
            i += 1;
        }
        let (j, element) = eat_tag_name(s, i);
        if j != i {
            let element = if end { Element::None } else { element };
            return (
                Context {
                    state: State::Tag,
                    element,
                    delim: Delim::None,
                },
                j,
            );
        }
        k = j;
    }
}

/// Go's `tTag`.
fn t_tag(c: Context, s: &[u8]) -> (Context, usize) {
    let i = eat_space(s, 0);
    if i == s.len() {
        return (c, s.len());
    }
    if s[i] == b'>' {
        let state = match c.element {
            Element::None => State::Text,
            Element::Script | Element::Style => State::Raw,
            Element::Textarea | Element::Title => State::Rcdata,
        };
        return (Context { state, ..c }, i + 1);
    }
    match eat_attr_name(s, i) {
        Some(j) if j != i => {
            let state = if j == s.len() {
                State::AttrName
            } else {
                State::AfterName
            };
            (Context { state, ..c }, j)
        }
        _ => (
            Context {
                state: State::Error,
                ..c
            },
            s.len(),
        ),
    }
}

/// Go's `indexTagEnd`: where `</tag` (any case, then `>`, space or `/`)
/// starts in `s`.
fn index_tag_end(s: &[u8], tag: &[u8]) -> Option<usize> {
    let (mut res, mut rest) = (0, s);
    while !rest.is_empty() {
        let i = find_bytes(rest, b"</")?;
        rest = &rest[i + 2..];
        if tag.len() <= rest.len() && rest[..tag.len()].eq_ignore_ascii_case(tag) {
            rest = &rest[tag.len()..];
            if rest.first().is_some_and(|b| b"> \t\n\x0c/".contains(b)) {
                return Some(res + i);
            }
            res += tag.len();
        }
        res += i + 2;
    }
    None
}

/// One step of Go's `stripTags` loop outside attribute values.
fn transition(c: Context, s: &[u8]) -> (Context, usize) {
    let in_tag = matches!(
        c.state,
        State::Tag | State::AttrName | State::AfterName | State::BeforeValue | State::Attr
    );
    if c.element != Element::None && !in_tag {
        // Go's tSpecialTagEnd (content of script, style, textarea, title).
        let tag: &[u8] = match c.element {
            Element::Script => b"script",
            Element::Style => b"style",
            Element::Textarea => b"textarea",
            Element::Title | Element::None => b"title",
        };
        return match index_tag_end(s, tag) {
            Some(i) => (TEXT, i),
            None => (c, s.len()),
        };
    }
    match c.state {
        State::Text => t_text(c, s),
        State::Tag => t_tag(c, s),
        State::AttrName => match eat_attr_name(s, 0) {
            None => (
                Context {
                    state: State::Error,
                    ..c
                },
                s.len(),
            ),
            Some(i) if i != s.len() => (
                Context {
                    state: State::AfterName,
                    ..c
                },
                i,
            ),
            Some(i) => (c, i),
        },
        State::AfterName => {
            let i = eat_space(s, 0);
            if i == s.len() {
                (c, s.len())
            } else if s[i] != b'=' {
                (
                    Context {
                        state: State::Tag,
                        ..c
                    },
                    i,
                )
            } else {
                (
                    Context {
                        state: State::BeforeValue,
                        ..c
                    },
                    i + 1,
                )
            }
        }
        State::BeforeValue => {
            let mut i = eat_space(s, 0);
            if i == s.len() {
                return (c, s.len());
            }
            let delim = match s[i] {
                b'\'' => Delim::Single,
                b'"' => Delim::Double,
                _ => Delim::SpaceOrTagEnd,
            };
            if delim != Delim::SpaceOrTagEnd {
                i += 1;
            }
            (
                Context {
                    state: State::Attr,
                    delim,
                    ..c
                },
                i,
            )
        }
        State::Comment => match find_bytes(s, b"-->") {
            Some(i) => (TEXT, i + 3),
            None => (c, s.len()),
        },
        State::Attr | State::Rcdata | State::Raw | State::Error => (c, s.len()),
    }
}

/// Where an ordinary tag (not script, style, textarea or title) whose
/// name ends at `i` ends (after its `>`), read as Go's `tTag`,
/// `tAfterName`, `tBeforeValue` and attribute-value steps read it; `None`
/// when the steps would stop short of its end (a quote or `<` in a name, a
/// stray `=`, the end of the text): the machine then takes it step by step.
fn ordinary_tag_end(s: &[u8], mut i: usize) -> Option<usize> {
    loop {
        // tTag.
        i = eat_space(s, i);
        match *s.get(i)? {
            b'>' => return Some(i + 1),
            b'=' => return None,
            _ => {}
        }
        i = eat_attr_name(s, i)?;
        if i == s.len() {
            return None;
        }
        // tAfterName: a value, or the next name or the end.
        let j = eat_space(s, i);
        if *s.get(j)? != b'=' {
            i = j;
            continue;
        }
        // tBeforeValue, then the value to its delimiter.
        let v = eat_space(s, j + 1);
        i = match *s.get(v)? {
            b'"' => v + 1 + byte_at(&s[v + 1..], b'"')? + 1,
            b'\'' => v + 1 + byte_at(&s[v + 1..], b'\'')? + 1,
            _ => v + s[v..].iter().position(|&b| is_space(b) || b == b'>')?,
        };
    }
}

/// Go's `html/template` `stripTags`: calls `sink` with each range of
/// `html` it keeps, in order.
fn go_strip_tags<'a>(html: &'a str, sink: &mut dyn FnMut(&'a str)) {
    let s = html.as_bytes();
    let (mut c, mut i, mut all_text, mut emitted) = (TEXT, 0, true, 0);
    while i != s.len() {
        if c.delim == Delim::None {
            let (d, read) = transition(c, &s[i..]);
            let i1 = i + read;
            if matches!(c.state, State::Text | State::Rcdata) {
                // Text up to the start of the tag or comment: Go looks back
                // for the last `<` (in RCDATA that is the last `<` before
                // the end tag, not the end tag's own: a quirk, kept).
                let mut j = i1;
                if d.state != c.state {
                    if let Some(k) = s[i..i1].iter().rposition(|&b| b == b'<') {
                        j = i + k;
                    }
                }
                if j > i {
                    sink(&html[i..j]);
                    emitted = j;
                }
            } else {
                all_text = false;
            }
            // An ordinary tag (most of them): read to its end here, as the
            // machine's steps would, without a step per attribute.
            if c.state == State::Text && d.state == State::Tag && d.element == Element::None {
                if let Some(end) = ordinary_tag_end(s, i1) {
                    all_text = false;
                    c = TEXT;
                    i = end;
                    continue;
                }
            }
            c = d;
            i = i1;
            continue;
        }
        let end = match c.delim {
            Delim::Double => byte_at(&s[i..], b'"'),
            Delim::Single => byte_at(&s[i..], b'\''),
            _ => s[i..].iter().position(|&b| is_space(b) || b == b'>'),
        };
        let Some(p) = end else {
            break;
        };
        let mut i1 = i + p;
        if c.delim != Delim::SpaceOrTagEnd {
            i1 += 1;
        }
        c = Context {
            state: State::Tag,
            element: c.element,
            delim: Delim::None,
        };
        i = i1;
    }
    // Go returns the input itself when it never left text (a tag name at
    // the very end opens no tag).
    if all_text && emitted < html.len() {
        sink(&html[emitted..]);
    }
}

/// Hugo's `StripHTML` before its white space is collapsed: calls `sink`
/// with each piece of text Go's `stripTags` keeps from `html` once
/// `</p>`, `<br>` and `<br />` are line breaks (Hugo puts a placeholder in
/// their place, strips, then makes the placeholder a new line). New lines
/// in the text are left as they are ([`strip_html`] makes them spaces, as
/// Hugo does first).
pub fn strip_tags_with(html: &str, mut sink: impl FnMut(Piece<'_>)) {
    let (mut pre, mut breaks) = (String::with_capacity(html.len()), Vec::new());
    push_pre_replaced(&mut pre, html, &mut breaks);
    strip_pre_replaced(&pre, &breaks, &mut sink);
}

/// [`strip_tags_with`] over text already through [`push_pre_replaced`]
/// (`breaks`: where it put placeholders).
///
/// The sinks are `dyn`: one copy of the machine in the wasm, not one per
/// caller.
pub(crate) fn strip_pre_replaced(pre: &str, breaks: &[usize], sink: &mut dyn FnMut(Piece<'_>)) {
    // Pieces come in order, as ranges of `pre`; a placeholder is never cut
    // (pieces end at a `<` or at a tag's or comment's end).
    let mut next = 0;
    go_strip_tags(pre, &mut |text| {
        let start = text.as_ptr() as usize - pre.as_ptr() as usize;
        let end = start + text.len();
        while breaks.get(next).is_some_and(|&b| b < start) {
            next += 1;
        }
        let mut at = start;
        while let Some(&b) = breaks.get(next).filter(|&&b| b < end) {
            if b > at {
                sink(Piece::Text(pre.get(at..b).unwrap_or("")));
            }
            sink(Piece::Break);
            at = b + PLACEHOLDER.len();
            next += 1;
        }
        if at < end {
            sink(Piece::Text(pre.get(at..end).unwrap_or("")));
        }
    });
}

/// `html/template`'s `stripTags`: the text of `s` with its tags dropped,
/// entities kept (for trusted HTML printed into an attribute).
pub fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    go_strip_tags(s, &mut |text| out.push_str(text));
    out
}

/// Hugo's `StripHTML` (`plainify`, `.Plain`): tags dropped, entities kept,
/// new lines made spaces, a new line where `</p>`, `<br>` or `<br />` was,
/// and each run of white space cut to its first character.
pub fn strip_html(s: &str) -> String {
    if !s.contains(['<', '>']) {
        return s.to_string();
    }
    let (mut pre, mut breaks) = (String::with_capacity(s.len()), Vec::new());
    push_pre_replaced(&mut pre, s, &mut breaks);
    plain_of_pre(&pre, &breaks)
}

/// Appends `text` (a piece of text: its new lines are spaces) collapsed
/// as [`push_collapsed`] collapses it, in runs between the characters it
/// drops or changes.
fn push_collapsed_str(out: &mut String, text: &str, was_space: &mut bool) {
    let bytes = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        let (space, len) = if b < 0x80 {
            (matches!(b, b'\t'..=b'\r' | b' '), 1)
        } else {
            let c = text
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        };
        if space && *was_space {
            out.push_str(&text[start..i]);
            start = i + len;
        } else if b == b'\n' {
            out.push_str(&text[start..i]);
            out.push(' ');
            start = i + 1;
        }
        *was_space = space;
        i += len;
    }
    out.push_str(&text[start..]);
}

/// Appends `c` unless it is white space after white space (Hugo's collapse
/// keeps a run's first character).
fn push_collapsed(out: &mut String, c: char, was_space: &mut bool) {
    let space = c.is_whitespace();
    if !(space && *was_space) {
        out.push(c);
    }
    *was_space = space;
}

/// The text of an HTML fragment as Hugo's `.Plain` sees it ([`strip_html`]:
/// tags dropped, no space in their place) with entities decoded; the text
/// of shortcode output for word counts and automatic summaries.
pub fn plain_text(html: &str) -> String {
    super::unescape_html(&strip_html(html))
}

/// How many words `text` has: `text.split_whitespace().count()` (Hugo's
/// word count over `.Plain`), without decoding ASCII bytes one character at
/// a time.
pub fn count_words(text: &str) -> usize {
    let mut in_word = false;
    count_words_from(text, &mut in_word)
}

/// [`count_words`] of a text that continues one which ended in a word when
/// `in_word` (a word across the join counts once); leaves in `in_word`
/// whether this one ends in a word.
#[inline(always)]
pub(crate) fn count_words_from(text: &str, in_word: &mut bool) -> usize {
    // A short ASCII text (the text between two tags, mostly): a byte loop
    // where it is called, without the long runs' set-up.
    let bytes = text.as_bytes();
    if bytes.len() < 16 && bytes.is_ascii() {
        let mut count = 0;
        for &b in bytes {
            let word = !matches!(b, b'\t'..=b'\r' | b' ');
            count += usize::from(word & !*in_word);
            *in_word = word;
        }
        return count;
    }
    count_long(text, in_word)
}

/// [`count_words_from`] for any text.
fn count_long(text: &str, in_word: &mut bool) -> usize {
    let bytes = text.as_bytes();
    let word = |b: u8| !matches!(b, b'\t'..=b'\r' | b' ');
    let (mut count, mut i) = (0, 0);
    while i < bytes.len() {
        // A run of ASCII (to the next smart quote, say): a word starts at
        // each non-space after a space, counted without branches, 128 bytes
        // at a time into a byte (the compiler vectorises it).
        let mut end = i;
        while bytes
            .get(end..end + 16)
            .is_some_and(|chunk| chunk.is_ascii())
        {
            end += 16;
        }
        while bytes.get(end).is_some_and(u8::is_ascii) {
            end += 1;
        }
        if let Some((&first, _)) = bytes[i..end].split_first() {
            let run = &bytes[i..end];
            count += usize::from(word(first) & !*in_word);
            for (pairs, before) in run[1..].chunks(128).zip(run.chunks(128)) {
                let starts = pairs
                    .iter()
                    .zip(before)
                    .fold(0u8, |n, (&b, &a)| n + u8::from(word(b) & !word(a)));
                count += usize::from(starts);
            }
            *in_word = word(run[run.len() - 1]);
            i = end;
            continue;
        }
        // One non-ASCII character; `i` is a character boundary (after
        // ASCII, or after a whole character).
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let space = c.is_whitespace();
        count += usize::from(!space & !*in_word);
        *in_word = !space;
        i += c.len_utf8();
    }
    count
}

/// Hugo's automatic summary (`TruncateWordsToWholeSentence`): `plain`
/// (its `.Plain`) to the end of the sentence in which its `words`-th white
/// space character falls, trimmed; and whether anything follows that end.
/// A sentence ends at `.`, `?`, `!`, `"` or a new line (where a paragraph
/// ended), wherever it is (`example.com` ends one). No white space, or no
/// end after that point: the whole text, untrimmed, not truncated. Hugo
/// counts white space characters, not words, and keeps the text's
/// entities: the summary is HTML.
pub fn truncate_to_whole_sentence(plain: &str, words: usize) -> (&str, bool) {
    let mut spaces = 0;
    let mut last_space = None;
    for (i, c) in plain.char_indices() {
        if c.is_whitespace() {
            spaces += 1;
            last_space = Some(i);
            if spaces >= words {
                break;
            }
        }
    }
    let Some(from) = last_space else {
        return (plain, false);
    };
    match end_of_sentence(&plain[from..]) {
        Some(end) => (plain[..from + end].trim(), from + end < plain.len()),
        None => (plain, false),
    }
}

/// Where the first sentence of `text` ends (after its end character).
fn end_of_sentence(text: &str) -> Option<usize> {
    text.char_indices()
        .find(|&(_, c)| is_end_of_sentence(c))
        .map(|(j, c)| j + c.len_utf8())
}

fn is_end_of_sentence(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '"' | '\n')
}

/// What the page shows of a post's `.Plain`: its word count and automatic
/// summary ([`truncate_to_whole_sentence`] of `summary_words` white space
/// characters, and whether it is truncated; `None`: the post's summary is
/// another, and an empty one is returned), read in one pass over the
/// stripped text that keeps only the summary's part of it.
///
/// `pre` is the post's HTML through [`push_pre_replaced`] (which noted
/// `breaks`); `had_tags`
/// whether the HTML had a `<` or `>` (Hugo's `StripHTML` returns text
/// without them as it is).
pub(crate) fn read_plain(
    pre: &str,
    breaks: &[usize],
    had_tags: bool,
    summary_words: Option<usize>,
    cjk: bool,
) -> (usize, String, bool) {
    let limit = summary_words.unwrap_or(0);
    if cjk {
        // A CJK page (`hasCJKLanguage`): the whole plain text, its words
        // counted and cut by character.
        let plain = if had_tags {
            plain_of_pre(pre, breaks)
        } else {
            pre.to_string()
        };
        let words: Vec<&str> = plain.split_whitespace().collect();
        let (summary, truncated) = match summary_words {
            Some(limit) => truncate_words_by_rune(&words, limit),
            None => (String::new(), false),
        };
        return (count_cjk_words(&words), summary, truncated);
    }
    if !had_tags {
        let (summary, truncated) = match summary_words {
            Some(limit) => truncate_to_whole_sentence(pre, limit),
            None => ("", false),
        };
        return (count_words(pre), summary.to_string(), truncated);
    }
    let mut reader = SummaryReader {
        limit,
        text: String::new(),
        was_space: false,
        spaces: 0,
        reached: false,
        end: None,
        // No summary wanted: nothing to read for one.
        more: summary_words.is_none(),
    };
    let (mut words, mut in_word) = (0, false);
    strip_pre_replaced(pre, breaks, &mut |piece| match piece {
        Piece::Text(text) => {
            words += count_words_from(text, &mut in_word);
            if !reader.more {
                reader.push_text(text);
            }
        }
        Piece::Break => {
            in_word = false;
            if !reader.more {
                reader.push('\n');
            }
        }
    });
    if summary_words.is_none() {
        return (words, String::new(), false);
    }
    let (summary, truncated) = reader.finish();
    (words, summary, truncated)
}

/// [`truncate_to_whole_sentence`] over text fed a character at a time,
/// collapsed as Hugo's `StripHTML` collapses it (a run of white space kept
/// as its first character); stops keeping text once the summary's end and
/// one character after it are known.
struct SummaryReader {
    limit: usize,
    /// The collapsed text so far (to the summary's end, once found).
    text: String,
    was_space: bool,
    spaces: usize,
    /// Whether `limit` white space characters were seen.
    reached: bool,
    /// The summary's end in `text`, once found.
    end: Option<usize>,
    /// Whether a character follows the end (then nothing more is read).
    more: bool,
}

impl SummaryReader {
    /// [`SummaryReader::push`] for each character of a piece of text (its
    /// new lines are spaces); once the limit is reached, the rest is taken
    /// to its first sentence end in runs, not a character at a time (a long
    /// paragraph can hold none).
    fn push_text(&mut self, text: &str) {
        let mut rest = text;
        while !self.reached && self.end.is_none() {
            let Some(c) = rest.chars().next() else {
                return;
            };
            self.push(if c == '\n' { ' ' } else { c });
            rest = &rest[c.len_utf8()..];
        }
        if rest.is_empty() {
            return;
        }
        if self.end.is_some() {
            self.more |= !self.was_space || rest.chars().any(|c| !c.is_whitespace());
            return;
        }
        let end = super::scan::find(rest.as_bytes(), b'!', b'?', |b| {
            matches!(b, b'.' | b'?' | b'!' | b'"')
        });
        match end {
            Some(at) => {
                push_collapsed_str(&mut self.text, &rest[..=at], &mut self.was_space);
                self.end = Some(self.text.len());
                let after = &rest[at + 1..];
                self.more = !after.is_empty()
                    && (!self.was_space || after.chars().any(|c| !c.is_whitespace()));
            }
            None => push_collapsed_str(&mut self.text, rest, &mut self.was_space),
        }
    }

    fn push(&mut self, c: char) {
        let space = c.is_whitespace();
        if space && self.was_space {
            return;
        }
        self.was_space = space;
        if self.end.is_some() {
            self.more = true;
            return;
        }
        if space && !self.reached {
            self.spaces += 1;
            self.reached = self.spaces >= self.limit;
        }
        self.text.push(c);
        if self.reached && is_end_of_sentence(c) {
            self.end = Some(self.text.len());
        }
    }

    fn finish(mut self) -> (String, bool) {
        if let Some(end) = self.end {
            self.text.truncate(end);
            return (self.text.trim().to_string(), self.more);
        }
        // No end found: all the text was kept, and is read as a whole.
        let (summary, truncated) = truncate_to_whole_sentence(&self.text, self.limit);
        (summary.to_string(), truncated)
    }
}

/// [`strip_html`]'s text of an HTML already through [`push_pre_replaced`].
fn plain_of_pre(pre: &str, breaks: &[usize]) -> String {
    let mut out = String::with_capacity(pre.len());
    let mut was_space = false;
    strip_pre_replaced(pre, breaks, &mut |piece| match piece {
        Piece::Text(text) => push_collapsed_str(&mut out, text, &mut was_space),
        Piece::Break => push_collapsed(&mut out, '\n', &mut was_space),
    });
    out
}

/// Hugo's word count on a CJK page: a word of one-byte characters counts
/// one, any other word one per character.
pub fn count_cjk_words(words: &[&str]) -> usize {
    words
        .iter()
        .map(|w| if w.is_ascii() { 1 } else { w.chars().count() })
        .sum()
}

/// Hugo's automatic summary on a CJK page (`TruncateWordsByRune`): words
/// counted as [`count_cjk_words`] counts them, to `limit`, cut inside the
/// word that reaches it, joined by spaces; and whether it cut.
pub fn truncate_words_by_rune(words: &[&str], limit: usize) -> (String, bool) {
    let mut count = 0;
    for (index, word) in words.iter().enumerate() {
        if count >= limit {
            return (words[..index].join(" "), true);
        }
        let runes = word.chars().count();
        if word.is_ascii() {
            count += 1;
        } else if count + runes < limit {
            count += runes;
        } else {
            for (at, _) in word.char_indices() {
                if count >= limit {
                    let mut kept = words[..index].to_vec();
                    kept.push(&word[..at]);
                    return (kept.join(" "), true);
                }
                count += 1;
            }
        }
    }
    (words.join(" "), false)
}
