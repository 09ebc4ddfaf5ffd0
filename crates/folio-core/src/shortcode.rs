//! Hugo shortcodes: a lexer and parser that turns a post body into a tree of
//! literal text, escaped shortcodes and shortcode calls, each with byte spans
//! into the original file. Nothing is rendered here; the renderer walks the
//! tree and slices the file for [`Node::Text`].
//!
//! The grammar follows Hugo's own lexer (`parser/pageparser/pagelexer_shortcode.go`)
//! and shortcode extraction (`hugolib/shortcode.go`):
//!
//! * `{{< name params >}}` (output not Markdown-processed) and
//!   `{{% name params %}}` (output goes through Markdown); tags may span lines.
//! * Paired tags `{{< name >}}inner{{< /name >}}`, self-closing `{{< name />}}`.
//! * Escapes `{{</* name */>}}` print the tag as written minus `/*` and `*/`.
//! * Parameters are all positional or all named; unquoted values are typed
//!   (bool, int, float) like Hugo's `ValTyped`, quoted ones are strings.
//!
//! Hugo decides whether an opening tag is paired by asking its template
//! whether it uses `.Inner`. This parser has no templates, so an opening tag is
//! paired when a closing tag with the same name follows at the same nesting
//! level, and standalone otherwise; the renderer can then call [`unclosed`] for
//! shortcodes that need inner content.
//!
//! Where Hugo aborts the whole page on a malformed tag, this parser records a
//! [`Diagnostic`], keeps the malformed tag as text (so the author's words are
//! never lost) and goes on after it.

use crate::diagnostics::{Diagnostic, Span};

/// The result of [`parse`]: the top-level nodes, in source order, and the
/// problems found on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub nodes: Vec<Node>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// Literal source text; the span points into the original file.
    Text(Span),
    /// `{{</* x */>}}`: printed as `literal` (here `{{< x >}}`), never expanded.
    Escaped {
        span: Span,
        literal: String,
    },
    Shortcode(Shortcode),
}

impl Node {
    #[cfg(test)]
    /// The source range this node covers (for a paired shortcode, opening tag
    /// through closing tag).
    pub fn span(&self) -> Span {
        match self {
            Node::Text(span) => *span,
            Node::Escaped { span, .. } => *span,
            Node::Shortcode(sc) => sc.span,
        }
    }
}

/// One shortcode call.
#[derive(Clone, Debug, PartialEq)]
pub struct Shortcode {
    /// As written, e.g. `tweet`, `my/nested-name_x`, `time.inline`.
    pub name: String,
    /// True for the `{{% %}}` form, whose output is processed as Markdown.
    pub markdown: bool,
    pub params: Params,
    /// The content between the opening and closing tags of a paired shortcode;
    /// `None` for standalone and self-closing ones.
    pub inner: Option<Vec<Node>>,
    /// The raw inner text, from the end of the opening tag to the start of the
    /// closing tag; `None` when `inner` is `None`.
    pub inner_span: Option<Span>,
    /// Opening tag through closing tag (just the opening tag if unpaired).
    pub span: Span,
    /// Just the opening tag.
    pub open_span: Span,
    /// Written `{{< name />}}`.
    pub self_closing: bool,
}

impl Shortcode {
    /// Inline shortcodes (`{{< name.inline >}}…{{< /name.inline >}}`) carry
    /// their template as inner content.
    pub fn is_inline(&self) -> bool {
        self.name.ends_with(".inline")
    }

    #[cfg(test)]
    pub fn is_paired(&self) -> bool {
        self.inner.is_some()
    }
}

/// The diagnostic for a shortcode that needs inner content but was used
/// standalone; the parser cannot know which shortcodes need it, the renderer
/// does. Points at the opening tag.
pub fn unclosed(sc: &Shortcode) -> Diagnostic {
    Diagnostic::error(
        sc.open_span,
        format!(
            "shortcode '{}' has no closing tag; write {{{{{} /{} {}}}}} after its content",
            sc.name,
            if sc.markdown { "%" } else { "<" },
            sc.name,
            if sc.markdown { "%" } else { ">" },
        ),
    )
}

/// A shortcode's parameters: Hugo allows positional or named ones, never both.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Params {
    #[default]
    None,
    Positional(Vec<ParamValue>),
    Named(Vec<(String, ParamValue)>),
}

/// A parameter's value with the span of its source text (quotes included).
#[derive(Clone, Debug, PartialEq)]
pub struct ParamValue {
    pub value: Value,
    pub span: Span,
}

/// A parameter value, typed the way Hugo types it: unquoted `true`/`false`,
/// integers and decimals become Bool/Int/Float; everything else is a String.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Value {
    String(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Value {
    /// The value as Go's `fmt` prints it (`{{ .Get 0 }}` in a template).
    pub fn as_string(&self) -> String {
        match self {
            Value::String(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Float(f) => crate::text::format_go_float(*f),
        }
    }

    /// Types an unquoted value like Hugo's `Item.ValTyped`.
    fn from_unquoted(text: &str) -> Value {
        if text == "true" || text == "false" {
            return Value::Bool(text == "true");
        }
        let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            // Go's Atoi fails on overflow and Hugo then keeps the string.
            return parse_int(text.starts_with('-'), digits)
                .map_or_else(|| Value::String(text.to_owned()), Value::Int);
        }
        if let Some((whole, fraction)) = digits.split_once('.') {
            let is_decimal = whole.bytes().all(|b| b.is_ascii_digit())
                && !fraction.is_empty()
                && fraction.bytes().all(|b| b.is_ascii_digit());
            if is_decimal {
                if let Ok(f) = text.parse::<f64>() {
                    if f.is_finite() {
                        return Value::Float(f);
                    }
                }
            }
        }
        Value::String(text.to_owned())
    }
}

/// `digits` (ASCII digits only) as an `i64`, negated if `negative`; `None`
/// on overflow: what `str::parse::<i64>` answers for the signed text, in a
/// loop a tweet id (18 digits) goes through quickly.
fn parse_int(negative: bool, digits: &str) -> Option<i64> {
    let mut value: i64 = 0;
    for digit in digits.bytes().map(|b| i64::from(b - b'0')) {
        value = value.checked_mul(10)?;
        // Accumulated on the sign's side, so `i64::MIN` parses.
        value = if negative {
            value.checked_sub(digit)?
        } else {
            value.checked_add(digit)?
        };
    }
    Some(value)
}

impl Params {
    /// A named parameter's value; the last one wins if a name repeats (Hugo
    /// stores them in a map).
    pub fn get(&self, name: &str) -> Option<&Value> {
        match self {
            Params::Named(pairs) => pairs
                .iter()
                .rev()
                .find(|(key, _)| key == name)
                .map(|(_, param)| &param.value),
            _ => None,
        }
    }

    /// A positional parameter's value.
    pub fn get_index(&self, i: usize) -> Option<&Value> {
        match self {
            Params::Positional(values) => values.get(i).map(|param| &param.value),
            _ => None,
        }
    }

    pub fn is_named(&self) -> bool {
        matches!(self, Params::Named(_))
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Params::None => true,
            Params::Positional(values) => values.is_empty(),
            Params::Named(pairs) => pairs.is_empty(),
        }
    }

    /// Hugo's `.Params`: `null` without parameters, an array for positional
    /// ones, an object for named ones with keys sorted (as Go encodes maps).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Params::None => serde_json::Value::Null,
            Params::Positional(values) => {
                serde_json::Value::Array(values.iter().map(|p| value_to_json(&p.value)).collect())
            }
            Params::Named(pairs) => {
                let mut sorted: Vec<&(String, ParamValue)> = pairs.iter().collect();
                // Stable sort, then later duplicates overwrite earlier ones.
                sorted.sort_by(|a, b| a.0.cmp(&b.0));
                let mut object = serde_json::Map::new();
                for (key, param) in sorted {
                    object.insert(key.clone(), value_to_json(&param.value));
                }
                serde_json::Value::Object(object)
            }
        }
    }
}

fn value_to_json(value: &Value) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// Parses a post body. `base_offset` is where `body` starts in the original
/// file; every span in the result is a position in that file.
pub fn parse(body: &str, base_offset: usize) -> Parsed {
    let mut lexer = Lexer {
        src: body,
        base: base_offset,
        tokens: Vec::new(),
        diagnostics: Vec::new(),
        finds: FindCache::default(),
    };
    lexer.run();
    let Lexer {
        tokens,
        mut diagnostics,
        ..
    } = lexer;
    let nodes = build_tree(tokens, &mut diagnostics);
    Parsed { nodes, diagnostics }
}

// ---------------------------------------------------------------------------
// Lexer: body text -> flat tokens (text, escaped tags, shortcode tags).
// All offsets inside the lexer are body offsets; `span()` adds the base.

#[derive(Clone, Copy, Debug, PartialEq)]
enum TagKind {
    Open,
    Close,
    SelfClosing,
}

#[derive(Debug)]
struct Tag {
    kind: TagKind,
    name: String,
    markdown: bool,
    params: Params,
    span: Span,
}

#[derive(Debug)]
enum Token {
    Text(Span),
    Escaped { span: Span, literal: String },
    Tag(Tag),
}

/// A malformed tag: what to tell the author, where, and where the lexer
/// should look for the end of the bad tag.
struct LexError {
    message: String,
    /// Body offsets of the offending part.
    at: (usize, usize),
    /// Body offset from which to look for the end of the bad tag.
    resume_search: usize,
}

struct Lexer<'a> {
    src: &'a str,
    base: usize,
    tokens: Vec<Token>,
    diagnostics: Vec<Diagnostic>,
    finds: FindCache,
}

const NO_MARKUP_RIGHT: &str = ">}}";
const MARKUP_RIGHT: &str = "%}}";

fn is_name_char(c: char) -> bool {
    c == '_' || c == '-' || c.is_alphanumeric()
}

fn is_name_start(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_left_delim_at(src: &str, at: usize) -> bool {
    src.get(at..)
        .is_some_and(|rest| rest.starts_with("{{<") || rest.starts_with("{{%"))
}

impl<'a> Lexer<'a> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(start + self.base, end + self.base)
    }

    fn push_text(&mut self, start: usize, end: usize) {
        if start >= end {
            return;
        }
        let span = self.span(start, end);
        // Merge with preceding text so a malformed tag reads as part of it.
        if let Some(Token::Text(previous)) = self.tokens.last_mut() {
            if previous.end == span.start {
                previous.end = span.end;
                return;
            }
        }
        self.tokens.push(Token::Text(span));
    }

    fn run(&mut self) {
        let src = self.src;
        let mut text_start = 0;
        let mut search_from = 0;
        while let Some(found) = src.get(search_from..).and_then(find_double_brace) {
            let at = search_from + found;
            if !is_left_delim_at(src, at) {
                // `{{ .Title }}` and friends are plain text; step one byte so
                // `{{{<` still finds the `{{<`.
                search_from = at + 1;
                continue;
            }
            self.push_text(text_start, at);
            let end = self.lex_tag(at);
            text_start = end;
            search_from = end;
        }
        self.push_text(text_start, src.len());
    }

    /// Lexes the tag starting at `start` (a `{{<` or `{{%`) and returns the
    /// body offset right after it.
    fn lex_tag(&mut self, start: usize) -> usize {
        let markdown = self.src.as_bytes().get(start + 2) == Some(&b'%');
        let right = if markdown {
            MARKUP_RIGHT
        } else {
            NO_MARKUP_RIGHT
        };
        let after_left = start + 3;
        let result = if self.src[after_left..].starts_with("/*") {
            self.lex_escaped(start, right)
        } else {
            TagLexer {
                src: self.src,
                finds: &mut self.finds,
                pos: after_left,
                right,
            }
            .lex(start, markdown)
            .map(|(mut tag, end)| {
                tag.span = self.span(start, end);
                tag.params.shift(self.base);
                (Token::Tag(tag), end)
            })
        };
        match result {
            Ok((token, end)) => {
                self.tokens.push(token);
                end
            }
            Err(error) => {
                let end = self.recovery_end(start, error.resume_search);
                self.diagnostics.push(Diagnostic::error(
                    self.span(error.at.0, error.at.1),
                    error.message,
                ));
                self.push_text(start, end);
                end
            }
        }
    }

    /// `{{</* … */>}}`: Hugo prints the source minus the comment markers.
    fn lex_escaped(&mut self, start: usize, right: &str) -> Result<(Token, usize), LexError> {
        let comment_start = start + 3;
        let closer = if right == MARKUP_RIGHT {
            "*/%}}"
        } else {
            "*/>}}"
        };
        let found = self.finds.find(self.src, closer, comment_start);
        // Hugo requires at least one byte between `/*` and `*/`, so `{{</*/>}}`
        // is not an escape.
        let Some(offset) = found
            .map(|at| at - comment_start)
            .filter(|&offset| offset > 1)
        else {
            return Err(LexError {
                message: format!("escaped shortcode is not closed: expected '{closer}'"),
                at: (start, comment_start + 2),
                resume_search: comment_start + 2,
            });
        };
        let inner_start = comment_start + 2;
        let inner_end = comment_start + offset;
        let end = inner_end + closer.len();
        let left = &self.src[start..comment_start];
        let literal = format!("{left}{}{right}", &self.src[inner_start..inner_end]);
        Ok((
            Token::Escaped {
                span: self.span(start, end),
                literal,
            },
            end,
        ))
    }

    /// Where a malformed tag that starts at `start` ends: after the first
    /// right delimiter, or before the next left delimiter, from `from` on;
    /// the end of the body if neither comes.
    fn recovery_end(&self, start: usize, from: usize) -> usize {
        let bytes = self.src.as_bytes();
        let from = from.max(start + 3).min(bytes.len());
        // One pass that stops at the first hit keeps error recovery linear
        // even for a body full of malformed tags.
        for i in from..bytes.len() {
            let rest = &bytes[i..];
            match bytes[i] {
                b'>' | b'%' if rest[1..].starts_with(b"}}") => return i + 3,
                b'{' if rest.starts_with(b"{{<") || rest.starts_with(b"{{%") => return i,
                _ => {}
            }
        }
        bytes.len()
    }
}

/// Remembers the result of the last search for each pattern, so repeated
/// searches for a closer that is far away (or absent) do not rescan the rest
/// of the body for every malformed tag.
#[derive(Default)]
struct FindCache {
    /// (pattern, searched from, found at)
    entries: Vec<(&'static str, usize, Option<usize>)>,
}

impl FindCache {
    /// The first occurrence of `pattern` in `src` at or after `from`.
    fn find(&mut self, src: &str, pattern: &'static str, from: usize) -> Option<usize> {
        let cached = self.entries.iter().find(|(p, searched, found)| {
            *p == pattern && *searched <= from && found.is_none_or(|at| at >= from)
        });
        if let Some(&(_, _, found)) = cached {
            return found;
        }
        let found = src
            .get(from..)
            .and_then(|rest| rest.find(pattern))
            .map(|i| from + i);
        self.entries.retain(|(p, _, _)| *p != pattern);
        self.entries.push((pattern, from, found));
        found
    }
}

impl Params {
    /// Moves value spans from body offsets to file offsets.
    fn shift(&mut self, by: usize) {
        match self {
            Params::None => {}
            Params::Positional(values) => {
                for param in values {
                    param.span = param.span.shifted(by);
                }
            }
            Params::Named(pairs) => {
                for (_, param) in pairs {
                    param.span = param.span.shifted(by);
                }
            }
        }
    }
}

/// Lexes the inside of one (non-escaped) tag.
struct TagLexer<'a> {
    src: &'a str,
    finds: &'a mut FindCache,
    pos: usize,
    right: &'static str,
}

impl TagLexer<'_> {
    fn peek(&self) -> Option<char> {
        // A tag is mostly ASCII: one byte read, no decoding. (A byte
        // inside a character is not ASCII, so `get` still answers `None`
        // off a boundary.)
        match self.src.as_bytes().get(self.pos) {
            Some(&b) if b.is_ascii() => Some(char::from(b)),
            _ => self
                .src
                .get(self.pos..)
                .and_then(|rest| rest.chars().next()),
        }
    }

    fn rest(&self) -> &str {
        self.src.get(self.pos..).unwrap_or("")
    }

    /// Whether the right delimiter (`>}}` or `%}}`) starts here: three
    /// bytes compared in place (`starts_with` on a `&str` field called
    /// `memcmp`, several times per tag).
    fn at_right(&self) -> bool {
        let right = self.right.as_bytes();
        let bytes = self.src.as_bytes();
        bytes.get(self.pos) == Some(&right[0])
            && bytes.get(self.pos + 1) == Some(&b'}')
            && bytes.get(self.pos + 2) == Some(&b'}')
    }

    fn skip_space(&mut self) {
        while let Some(c) = self.peek().filter(|&c| is_space(c)) {
            self.pos += c.len_utf8();
        }
    }

    fn error(&self, message: String, at: (usize, usize)) -> LexError {
        LexError {
            message,
            at,
            resume_search: at.0,
        }
    }

    fn unrecognized(&self, c: char) -> LexError {
        let at = (self.pos, self.pos + c.len_utf8());
        let other_right = if self.right == NO_MARKUP_RIGHT {
            MARKUP_RIGHT
        } else {
            NO_MARKUP_RIGHT
        };
        if self.rest().starts_with(other_right) {
            return self.error(
                format!(
                    "mismatched shortcode delimiters: tag opened with '{}' but closed with '{other_right}', expected '{}'",
                    if self.right == NO_MARKUP_RIGHT { "{{<" } else { "{{%" },
                    self.right
                ),
                (self.pos, self.pos + 3),
            );
        }
        self.error(
            format!(
                "unrecognized character in shortcode action: '{c}' (parameters with non-alphanumeric values must be quoted)"
            ),
            at,
        )
    }

    /// Returns the tag (span filled in by the caller) and the body offset
    /// right after its closing delimiter.
    fn lex(mut self, start: usize, markdown: bool) -> Result<(Tag, usize), LexError> {
        let mut kind = TagKind::Open;
        let mut name: Option<String> = None;
        let mut params = Params::None;
        loop {
            if self.at_right() {
                let end = self.pos + self.right.len();
                let Some(name) = name else {
                    return Err(self.error("shortcode has no name".to_owned(), (start, end)));
                };
                let tag = Tag {
                    kind,
                    name,
                    markdown,
                    params,
                    span: Span::default(),
                };
                return Ok((tag, end));
            }
            let Some(c) = self.peek() else {
                return Err(self.unclosed(start));
            };
            if is_space(c) {
                self.pos += c.len_utf8();
                continue;
            }
            if is_left_delim_at(self.src, self.pos) {
                // A new tag starts before this one ended: this one is unclosed.
                return Err(LexError {
                    resume_search: self.pos,
                    ..self.unclosed(start)
                });
            }
            match (&name, kind) {
                (None, TagKind::Open) if c == '/' => {
                    kind = TagKind::Close;
                    self.pos += 1;
                }
                (None, _) if is_name_start(c) => {
                    let tag_name = self.lex_name()?;
                    if kind == TagKind::Close {
                        self.skip_space();
                        if !self.at_right() {
                            let at = self.pos;
                            return Err(match self.peek() {
                                None => self.unclosed(start),
                                Some(_) if is_left_delim_at(self.src, at) => LexError {
                                    resume_search: at,
                                    ..self.unclosed(start)
                                },
                                Some(c) => self.error(
                                    format!(
                                        "closing tag for shortcode '{tag_name}' takes no parameters: expected '{}', found '{c}'",
                                        self.right
                                    ),
                                    (at, at + c.len_utf8()),
                                ),
                            });
                        }
                    }
                    name = Some(tag_name);
                }
                (None, _) => return Err(self.unrecognized(c)),
                (Some(_), _) if c == '/' => {
                    let slash = self.pos;
                    self.pos += 1;
                    self.skip_space();
                    if self.at_right() {
                        kind = TagKind::SelfClosing;
                    } else {
                        self.pos = slash;
                        return Err(self.unrecognized(c));
                    }
                }
                (Some(sc_name), _) => self.lex_param(sc_name, &mut params)?,
            }
        }
    }

    fn unclosed(&self, start: usize) -> LexError {
        LexError {
            message: format!("unclosed shortcode tag, expected '{}'", self.right),
            at: (start, start + 3),
            resume_search: self.src.len(),
        }
    }

    /// A name: letters, digits, `_`, `-`, `/` (namespaces), and a `.inline`
    /// suffix for inline shortcodes, the only place Hugo allows a period.
    fn lex_name(&mut self) -> Result<String, LexError> {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if is_name_char(c) || c == '/' {
                self.pos += c.len_utf8();
            } else if c == '.' {
                let after = &self.src[self.pos + 1..];
                let ends_inline = after.strip_prefix("inline").is_some_and(|rest| {
                    rest.is_empty() || rest.starts_with(|c: char| !(is_name_char(c) || c == '.'))
                });
                if !ends_inline {
                    return Err(self.error(
                        "period in shortcode name only allowed for inline shortcodes (name.inline)"
                            .to_owned(),
                        (self.pos, self.pos + 1),
                    ));
                }
                self.pos += ".inline".len();
                break;
            } else {
                break;
            }
        }
        // A trailing `/` belongs to a self-closing `{{< name/>}}`, not the name.
        while self.pos > start + 1 && self.src[..self.pos].ends_with('/') {
            self.pos -= 1;
        }
        Ok(self.src[start..self.pos].to_owned())
    }

    /// One parameter: `word`, `"quoted"`, `` `raw` ``, or `key = value`.
    fn lex_param(&mut self, sc_name: &str, params: &mut Params) -> Result<(), LexError> {
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Err(self.error("unexpected end of input".to_owned(), (start, start)));
        };
        let positional = match c {
            '"' | '`' | '\\' => self.lex_quoted()?,
            c if is_name_char(c) => {
                while let Some(c) = self.peek().filter(|&c| is_name_char(c) || c == '.') {
                    self.pos += c.len_utf8();
                }
                let word_end = self.pos;
                let key = &self.src[start..word_end];
                // `key=value`, with optional spaces around `=`.
                self.skip_space();
                if self.peek() == Some('=') {
                    self.pos += 1;
                    self.skip_space();
                    let value = self.lex_named_value(key)?;
                    return add_param(params, sc_name, Some(key.to_owned()), value, start);
                }
                self.pos = word_end;
                ParamValue {
                    value: Value::from_unquoted(key),
                    span: Span::new(start, word_end),
                }
            }
            c => return Err(self.unrecognized(c)),
        };
        add_param(params, sc_name, None, positional, start)
    }

    fn lex_named_value(&mut self, key: &str) -> Result<ParamValue, LexError> {
        let start = self.pos;
        match self.peek() {
            Some('"' | '`' | '\\') => self.lex_quoted(),
            Some(c) if !self.at_right() && !is_space(c) => {
                // Hugo takes everything up to the next space; stopping at the
                // closing delimiter too lets `key=value>}}` work.
                while let Some(c) = self.peek() {
                    if is_space(c) || self.at_right() {
                        break;
                    }
                    self.pos += c.len_utf8();
                }
                Ok(ParamValue {
                    value: Value::from_unquoted(&self.src[start..self.pos]),
                    span: Span::new(start, self.pos),
                })
            }
            _ => Err(self.error(
                format!("missing value for shortcode parameter '{key}'"),
                (start, start),
            )),
        }
    }

    /// `"…"` (with `\"` escapes), `\"…\"` (Hugo's escaped quotes, for
    /// shortcodes inside quoted strings), or `` `…` `` (raw, may span lines).
    fn lex_quoted(&mut self) -> Result<ParamValue, LexError> {
        let start = self.pos;
        let src = self.src;
        let rest = src.get(start..).unwrap_or("");
        if let Some(raw) = rest.strip_prefix('`') {
            let Some(len) = self
                .finds
                .find(src, "`", start + 1)
                .map(|at| at - start - 1)
            else {
                return Err(self.error(
                    "unterminated raw string in shortcode parameter".to_owned(),
                    (start, self.src.len()),
                ));
            };
            let value = raw[..len].to_owned();
            self.pos = start + 1 + len + 1;
            return Ok(ParamValue {
                value: Value::String(value),
                span: Span::new(start, self.pos),
            });
        }
        if let Some(escaped) = rest.strip_prefix("\\\"") {
            // Ends at the next quote, escaped or not, like Hugo.
            let unterminated = escaped
                .find(['"', '\n'])
                .filter(|&i| escaped.as_bytes()[i] == b'"');
            let Some(len) = unterminated else {
                return Err(self.unterminated(start));
            };
            let mut value = &escaped[..len];
            value = value.strip_suffix('\\').unwrap_or(value);
            self.pos = start + 2 + len + 1;
            return Ok(ParamValue {
                value: Value::String(value.to_owned()),
                span: Span::new(start, self.pos),
            });
        }
        let Some(quoted) = rest.strip_prefix('"') else {
            let c = self.peek().unwrap_or('\\');
            return Err(self.unrecognized(c));
        };
        let mut has_escaped_quote = false;
        let mut chars = quoted.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' if quoted[i + 1..].starts_with('"') => {
                    has_escaped_quote = true;
                    chars.next();
                }
                '\n' => break,
                '"' => {
                    let raw = &quoted[..i];
                    // Hugo drops every backslash once it has seen an escaped
                    // quote, and keeps them all otherwise.
                    let value = if has_escaped_quote {
                        raw.replace('\\', "")
                    } else {
                        raw.to_owned()
                    };
                    self.pos = start + 1 + i + 1;
                    return Ok(ParamValue {
                        value: Value::String(value),
                        span: Span::new(start, self.pos),
                    });
                }
                _ => {}
            }
        }
        Err(self.unterminated(start))
    }

    fn unterminated(&self, start: usize) -> LexError {
        let line_end = self.src[start..]
            .find('\n')
            .map_or(self.src.len(), |i| start + i);
        self.error(
            "unterminated quoted string in shortcode parameter".to_owned(),
            (start, line_end),
        )
    }
}

/// Adds a parameter, enforcing Hugo's rule that a shortcode's parameters are
/// all positional or all named. Spans in `value` are body offsets here and
/// get shifted when the tag is finished.
fn add_param(
    params: &mut Params,
    sc_name: &str,
    key: Option<String>,
    value: ParamValue,
    start: usize,
) -> Result<(), LexError> {
    let mixed = |kind: &str, what: &str| {
        LexError {
        message: format!(
            "got {kind} parameter {what}in shortcode '{sc_name}': cannot mix named and positional parameters"
        ),
        at: (start, value.span.end),
        resume_search: start,
    }
    };
    match (params, key) {
        (params @ Params::None, None) => *params = Params::Positional(vec![value]),
        (params @ Params::None, Some(key)) => *params = Params::Named(vec![(key, value)]),
        (Params::Positional(values), None) => values.push(value),
        (Params::Named(pairs), Some(key)) => pairs.push((key, value)),
        (Params::Positional(_), Some(key)) => return Err(mixed("named", &format!("'{key}' "))),
        (Params::Named(_), None) => return Err(mixed("positional", "")),
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Tree building: flat tokens -> nested nodes, pairing open and close tags.

/// An opening tag waiting for its closing tag, with the nodes seen since.
struct OpenFrame {
    tag: Tag,
    children: Vec<Node>,
}

fn standalone(tag: Tag, base_self_closing: bool) -> Shortcode {
    Shortcode {
        name: tag.name,
        markdown: tag.markdown,
        params: tag.params,
        inner: None,
        inner_span: None,
        span: tag.span,
        open_span: tag.span,
        self_closing: base_self_closing,
    }
}

fn push_node(nodes: &mut Vec<Node>, node: Node) {
    if let (Some(Node::Text(previous)), Node::Text(span)) = (nodes.last_mut(), &node) {
        if previous.end == span.start {
            previous.end = span.end;
            return;
        }
    }
    nodes.push(node);
}

/// Turns an unmatched opening tag into a standalone shortcode followed by the
/// nodes that were tentatively its inner content.
fn flatten_into(parent: &mut Vec<Node>, frame: OpenFrame) {
    push_node(parent, Node::Shortcode(standalone(frame.tag, false)));
    for child in frame.children {
        push_node(parent, child);
    }
}

/// Real content nests a handful of levels; the cap keeps the tree (and the
/// recursion of whoever walks it) shallow on hostile input.
const MAX_NESTING: usize = 100;

fn forget_open(open_names: &mut std::collections::HashMap<String, usize>, name: &str) {
    if let Some(count) = open_names.get_mut(name) {
        *count = count.saturating_sub(1);
    }
}

fn build_tree(tokens: Vec<Token>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Node> {
    // At most one node per token: no regrowth (a node is large, and a post
    // can have thousands of shortcodes).
    let mut root: Vec<Node> = Vec::with_capacity(tokens.len());
    let mut stack: Vec<OpenFrame> = Vec::new();
    // How many frames on the stack have each name, so a closing tag without
    // an opening one is rejected without scanning the stack.
    let mut open_names: std::collections::HashMap<String, usize> = Default::default();

    fn current<'s>(root: &'s mut Vec<Node>, stack: &'s mut [OpenFrame]) -> &'s mut Vec<Node> {
        match stack.last_mut() {
            Some(frame) => &mut frame.children,
            None => root,
        }
    }

    // An opening tag with no closing tag of its name after it can only be
    // standalone (a tweet, a figure): it never opens a frame, so it neither
    // counts towards the nesting cap nor is moved again when frames are
    // flattened, which keeps a post with 100,000 tweets linear.
    let mut last_close: std::collections::HashMap<&str, usize> = Default::default();
    for (i, token) in tokens.iter().enumerate() {
        if let Token::Tag(tag) = token {
            if tag.kind == TagKind::Close {
                last_close.insert(tag.name.as_str(), i);
            }
        }
    }
    let last_close: std::collections::HashMap<String, usize> = last_close
        .into_iter()
        .map(|(name, i)| (name.to_string(), i))
        .collect();

    for (i, token) in tokens.into_iter().enumerate() {
        match token {
            Token::Tag(tag)
                if tag.kind == TagKind::Open
                    && last_close.get(&tag.name).is_none_or(|&close| close < i) =>
            {
                push_node(
                    current(&mut root, &mut stack),
                    Node::Shortcode(standalone(tag, false)),
                );
            }
            Token::Text(span) => push_node(current(&mut root, &mut stack), Node::Text(span)),
            Token::Escaped { span, literal } => push_node(
                current(&mut root, &mut stack),
                Node::Escaped { span, literal },
            ),
            Token::Tag(tag) => match tag.kind {
                TagKind::SelfClosing => push_node(
                    current(&mut root, &mut stack),
                    Node::Shortcode(standalone(tag, true)),
                ),
                TagKind::Open if stack.len() >= MAX_NESTING => {
                    diagnostics.push(Diagnostic::warning(
                        tag.span,
                        format!(
                            "shortcodes nested more than {MAX_NESTING} levels deep; '{}' is treated as standalone",
                            tag.name
                        ),
                    ));
                    push_node(
                        current(&mut root, &mut stack),
                        Node::Shortcode(standalone(tag, false)),
                    );
                }
                TagKind::Open => {
                    *open_names.entry(tag.name.clone()).or_default() += 1;
                    stack.push(OpenFrame {
                        tag,
                        children: Vec::new(),
                    });
                }
                TagKind::Close => {
                    let is_open = open_names.get(&tag.name).is_some_and(|&n| n > 0);
                    let index = is_open
                        .then(|| stack.iter().rposition(|frame| frame.tag.name == tag.name))
                        .flatten();
                    let Some(index) = index else {
                        diagnostics.push(Diagnostic::error(
                            tag.span,
                            format!(
                                "closing tag for shortcode '{}' does not match any opening tag",
                                tag.name
                            ),
                        ));
                        push_node(current(&mut root, &mut stack), Node::Text(tag.span));
                        continue;
                    };
                    // Tags opened after the matching one were not paired.
                    while stack.len() > index + 1 {
                        if let Some(frame) = stack.pop() {
                            forget_open(&mut open_names, &frame.tag.name);
                            flatten_into(current(&mut root, &mut stack), frame);
                        }
                    }
                    let Some(frame) = stack.pop() else { continue };
                    forget_open(&mut open_names, &frame.tag.name);
                    let open_span = frame.tag.span;
                    let shortcode = Shortcode {
                        name: frame.tag.name,
                        markdown: frame.tag.markdown,
                        params: frame.tag.params,
                        inner: Some(frame.children),
                        inner_span: Some(Span::new(open_span.end, tag.span.start)),
                        span: Span::new(open_span.start, tag.span.end),
                        open_span,
                        self_closing: false,
                    };
                    push_node(current(&mut root, &mut stack), Node::Shortcode(shortcode));
                }
            },
        }
    }
    while let Some(frame) = stack.pop() {
        flatten_into(current(&mut root, &mut stack), frame);
    }
    root
}

/// Where the first `{{` in `text` is: `text.find("{{")`, by looking for
/// `{` with `memchr` (a two-byte pattern search was a tenth of a post's
/// shortcode parsing).
fn find_double_brace(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find('{')) {
        let at = from + found;
        if text.as_bytes().get(at + 1) == Some(&b'{') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {

    #[test]
    fn finds_double_braces_as_str_find() {
        for text in [
            "",
            "{",
            "{{",
            "a{b{{c",
            "{x{{",
            "é{é{{",
            "{{{<",
            "no braces",
            "}{}{",
        ] {
            assert_eq!(super::find_double_brace(text), text.find("{{"), "{text:?}");
        }
    }

    use super::*;

    /// A compact, exact picture of a node list: text as a quoted string,
    /// escapes as `E"literal"`, shortcodes as `<name params>` / `%name params%`,
    /// with `/` for self-closing and `[inner]` for paired ones.
    fn show(src: &str, nodes: &[Node]) -> String {
        let parts: Vec<String> = nodes.iter().map(|node| show_node(src, node)).collect();
        parts.join(" ")
    }

    fn show_node(src: &str, node: &Node) -> String {
        match node {
            Node::Text(span) => format!("{:?}", &src[span.start..span.end]),
            Node::Escaped { literal, .. } => format!("E{literal:?}"),
            Node::Shortcode(sc) => {
                let (open, close) = if sc.markdown { ('%', '%') } else { ('<', '>') };
                let params = if sc.params == Params::None {
                    String::new()
                } else {
                    format!(" {}", sc.params.to_json())
                };
                let slash = if sc.self_closing { " /" } else { "" };
                let inner = match &sc.inner {
                    Some(inner) => format!("[{}]", show(src, inner)),
                    None => String::new(),
                };
                format!("{open}{}{params}{slash}{close}{inner}", sc.name)
            }
        }
    }

    fn parse_ok(src: &str) -> String {
        let parsed = parse(src, 0);
        assert_eq!(
            parsed.diagnostics,
            vec![],
            "unexpected diagnostics for {src:?}"
        );
        show(src, &parsed.nodes)
    }

    fn first_shortcode(parsed: &Parsed) -> &Shortcode {
        parsed
            .nodes
            .iter()
            .find_map(|node| match node {
                Node::Shortcode(sc) => Some(sc),
                _ => None,
            })
            .expect("a shortcode")
    }

    fn messages(parsed: &Parsed) -> Vec<(usize, usize, &str)> {
        parsed
            .diagnostics
            .iter()
            .map(|d| (d.span.start, d.span.end, d.message.as_str()))
            .collect()
    }

    fn string(s: &str) -> Value {
        Value::String(s.to_owned())
    }

    #[test]
    fn both_delimiters_with_or_without_spaces_and_across_lines() {
        assert_eq!(parse_ok("a {{< name >}} b"), r#""a " <name> " b""#);
        assert_eq!(parse_ok("{{% name %}}"), "%name%");
        assert_eq!(parse_ok("{{<name>}}{{%name%}}"), "<name> %name%");
        assert_eq!(
            parse_ok("{{<\n  figure\n  src=\"a.jpg\"\n  width=300\n>}}"),
            r#"<figure {"src":"a.jpg","width":300}>"#
        );
        let parsed = parse("ab{{< x >}}cd", 0);
        let sc = first_shortcode(&parsed);
        assert_eq!(sc.span, Span::new(2, 11));
        assert_eq!(sc.open_span, Span::new(2, 11));
        assert!(!sc.markdown && !sc.self_closing && sc.inner.is_none());
        assert_eq!(
            parsed.nodes[0],
            Node::Text(Span::new(0, 2)),
            "text before the tag"
        );
        assert_eq!(parsed.nodes[2], Node::Text(Span::new(11, 13)));
    }

    #[test]
    fn names_may_hold_slashes_hyphens_underscores_and_inline_suffix() {
        assert_eq!(parse_ok("{{< my/nested-name_x >}}"), "<my/nested-name_x>");
        assert_eq!(
            parse_ok("{{< time.inline >}}{{ now }}{{< /time.inline >}}"),
            r#"<time.inline>["{{ now }}"]"#
        );
        assert!(first_shortcode(&parse("{{< a.inline />}}", 0)).is_inline());
        assert_eq!(parse_ok("{{< name/>}}"), "<name />");
        let parsed = parse("{{< name.other >}}", 0);
        assert_eq!(
            messages(&parsed),
            vec![(
                8,
                9,
                "period in shortcode name only allowed for inline shortcodes (name.inline)"
            )]
        );
        assert_eq!(
            show("{{< name.other >}}", &parsed.nodes),
            r#""{{< name.other >}}""#
        );
    }

    #[test]
    fn positional_params_words_quoted_and_raw() {
        let src = "{{< sc word -ziL-Q_4 \"quoted with \\\" escapes\" `raw \\\" \nmulti-line` >}}";
        let parsed = parse(src, 0);
        assert_eq!(parsed.diagnostics, vec![]);
        let params = &first_shortcode(&parsed).params;
        assert_eq!(params.get_index(0), Some(&string("word")));
        assert_eq!(params.get_index(1), Some(&string("-ziL-Q_4")));
        assert_eq!(params.get_index(2), Some(&string("quoted with \" escapes")));
        assert_eq!(params.get_index(3), Some(&string("raw \\\" \nmulti-line")));
        assert_eq!(params.get_index(4), None);
        assert!(!params.is_named());
        // Value spans include the quotes.
        let Params::Positional(values) = params else {
            panic!("positional")
        };
        assert_eq!(values[2].span, Span::new(21, 45));
        assert_eq!(&src[21..45], "\"quoted with \\\" escapes\"");
        // Without an escaped quote Hugo keeps backslashes as written.
        assert_eq!(parse_ok(r#"{{< sc "C:\dir" >}}"#), r#"<sc ["C:\\dir"]>"#);
        // Hugo's `\"…\"` form, used for shortcodes inside quoted strings.
        assert_eq!(parse_ok(r#"{{< sc \"param1\" >}}"#), r#"<sc ["param1"]>"#);
    }

    #[test]
    fn named_params_quoted_unquoted_raw_and_spaced() {
        let src = "{{< sc key=\"v\" k2=v2 k3=`raw` spaced = \"s\" url=https://x.org/a?b=c >}}";
        let parsed = parse(src, 0);
        assert_eq!(parsed.diagnostics, vec![]);
        let Params::Named(pairs) = &first_shortcode(&parsed).params else {
            panic!("named params expected");
        };
        let keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, vec!["key", "k2", "k3", "spaced", "url"]);
        let params = &first_shortcode(&parsed).params;
        assert_eq!(params.get("key"), Some(&string("v")));
        assert_eq!(params.get("k2"), Some(&string("v2")));
        assert_eq!(params.get("k3"), Some(&string("raw")));
        assert_eq!(params.get("spaced"), Some(&string("s")));
        assert_eq!(params.get("url"), Some(&string("https://x.org/a?b=c")));
        assert_eq!(params.get("missing"), None);
        assert!(params.is_named());
        assert_eq!(pairs[1].1.span, Span::new(18, 20));
        // An unquoted value may run right up to the closing delimiter.
        assert_eq!(parse_ok("{{< sc a=b>}}"), r#"<sc {"a":"b"}>"#);
    }

    #[test]
    fn mixing_named_and_positional_is_an_error() {
        let src = "{{< x a k=v >}}";
        let parsed = parse(src, 0);
        assert_eq!(
            messages(&parsed),
            vec![(
                8,
                11,
                "got named parameter 'k' in shortcode 'x': cannot mix named and positional parameters"
            )]
        );
        assert_eq!(show(src, &parsed.nodes), r#""{{< x a k=v >}}""#);
        let parsed = parse(r#"{{< x k=v "p" >}}"#, 0);
        assert_eq!(
            messages(&parsed),
            vec![(
                10,
                13,
                "got positional parameter in shortcode 'x': cannot mix named and positional parameters"
            )]
        );
    }

    #[test]
    fn unquoted_values_are_typed_quoted_ones_are_strings() {
        let parsed = parse(
            r#"{{< x true false 41197 -3 2.5 -.5 "41197" `true` 1.2.3 868470099023409153 99999999999999999999 >}}"#,
            0,
        );
        let params = &first_shortcode(&parsed).params;
        let values: Vec<Value> = (0..11)
            .filter_map(|i| params.get_index(i).cloned())
            .collect();
        assert_eq!(
            values,
            vec![
                Value::Bool(true),
                Value::Bool(false),
                Value::Int(41197),
                Value::Int(-3),
                Value::Float(2.5),
                Value::Float(-0.5),
                string("41197"),
                string("true"),
                string("1.2.3"),
                Value::Int(868470099023409153),
                // Too big for Go's Atoi: Hugo keeps the text.
                string("99999999999999999999"),
            ]
        );
        let named = parse("{{< x w=300 ok=true r=1.5 s=\"300\" n=+4 >}}", 0);
        assert_eq!(
            first_shortcode(&named).params.to_json().to_string(),
            r#"{"n":4,"ok":true,"r":1.5,"s":"300","w":300}"#
        );
    }

    #[test]
    fn integers_parse_as_str_parse_does() {
        for text in [
            "0",
            "-0",
            "+7",
            "007",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "+9223372036854775807",
            "99999999999999999999",
        ] {
            let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
            assert_eq!(
                super::parse_int(text.starts_with('-'), digits),
                text.parse::<i64>().ok(),
                "{text}"
            );
        }
    }

    #[test]
    fn go_like_value_formatting() {
        assert_eq!(Value::Int(-3).as_string(), "-3");
        assert_eq!(Value::Bool(true).as_string(), "true");
        assert_eq!(Value::Float(2.25).as_string(), "2.25");
        assert_eq!(Value::Float(3.0).as_string(), "3");
        assert_eq!(Value::Float(1e21).as_string(), "1e+21");
        assert_eq!(Value::Float(0.00001).as_string(), "1e-05");
        assert_eq!(Value::Float(0.0001).as_string(), "0.0001");
        assert_eq!(string("x").as_string(), "x");
        assert_eq!(Params::None.to_json(), serde_json::Value::Null);
    }

    #[test]
    fn all_closing_tag_spellings_close() {
        for close in ["{{< /a >}}", "{{</ a >}}", "{{< / a >}}", "{{</a>}}"] {
            let src = format!("{{{{< a >}}}}x{close}");
            assert_eq!(parse_ok(&src), r#"<a>["x"]"#, "{src}");
        }
        assert_eq!(parse_ok("{{% a %}}x{{% /a %}}"), r#"%a%["x"]"#);
        let parsed = parse("{{< a p >}}in{{< /a >}}!", 10);
        let sc = first_shortcode(&parsed);
        assert_eq!(sc.span, Span::new(10, 33));
        assert_eq!(sc.open_span, Span::new(10, 21));
        assert_eq!(sc.inner_span, Some(Span::new(21, 23)));
        assert_eq!(sc.inner, Some(vec![Node::Text(Span::new(21, 23))]));
        assert_eq!(parsed.nodes[1], Node::Text(Span::new(33, 34)));
    }

    #[test]
    fn self_closing_tags() {
        assert_eq!(parse_ok("{{< a />}}"), "<a />");
        assert_eq!(parse_ok("{{< a p />}}"), r#"<a ["p"] />"#);
        assert_eq!(parse_ok("{{< a k=\"v\" / >}}"), r#"<a {"k":"v"} />"#);
        // A self-closing tag does not take a later closing tag as its own.
        let parsed = parse("{{< a />}}x{{< /a >}}", 0);
        assert_eq!(
            messages(&parsed),
            vec![(
                11,
                21,
                "closing tag for shortcode 'a' does not match any opening tag"
            )]
        );
    }

    #[test]
    fn nesting_across_both_delimiter_kinds() {
        assert_eq!(
            parse_ok("{{< a >}} {{< b >}}x{{< /b >}} {{< /a >}}"),
            r#"<a>[" " <b>["x"] " "]"#
        );
        assert_eq!(
            parse_ok("{{% a %}}*{{< b >}}{{< /b >}}*{{% /a %}}"),
            r#"%a%["*" <b>[] "*"]"#
        );
        assert_eq!(
            parse_ok("{{< a >}}{{% b %}}x{{% /b %}}{{< /a >}}"),
            r#"<a>[%b%["x"]]"#
        );
        // Hugo's own "nested complex" lexer test.
        assert_eq!(
            parse_ok("{{< sc1 >}}ab{{% sc2 param1 %}}cd{{< sc3 >}}ef{{< /sc3 >}}gh{{% /sc2 %}}ij{{< /sc1 >}}kl"),
            r#"<sc1>["ab" %sc2 ["param1"]%["cd" <sc3>["ef"] "gh"] "ij"] "kl""#
        );
    }

    #[test]
    fn same_name_nesting_pairs_innermost_first() {
        assert_eq!(
            parse_ok("{{< a >}}{{< a >}}{{< /a >}}{{< /a >}}"),
            "<a>[<a>[]]"
        );
        assert_eq!(
            parse_ok("{{< a >}}x{{< a >}}y{{< /a >}}"),
            r#"<a> "x" <a>["y"]"#
        );
    }

    #[test]
    fn unmatched_tags_become_standalone_or_errors() {
        // No closing tag: standalone, no error.
        assert_eq!(parse_ok("{{< a >}} text"), r#"<a> " text""#);
        // Closing tag without an opening one: error, kept as text.
        let src = "x {{< /nope >}} y";
        let parsed = parse(src, 0);
        assert_eq!(
            messages(&parsed),
            vec![(
                2,
                15,
                "closing tag for shortcode 'nope' does not match any opening tag"
            )]
        );
        assert_eq!(show(src, &parsed.nodes), r#""x {{< /nope >}} y""#);
        // Mismatched close: `b` was never closed, so it is standalone inside `a`.
        assert_eq!(parse_ok("{{< a >}}{{< b >}}t{{< /a >}}"), r#"<a>[<b> "t"]"#);
        // Closing tags take no parameters.
        let parsed = parse("{{< a >}}{{< /a x >}}", 0);
        assert_eq!(
            messages(&parsed),
            vec![(
                16,
                17,
                "closing tag for shortcode 'a' takes no parameters: expected '>}}', found 'x'"
            )]
        );
    }

    #[test]
    fn unclosed_reports_the_opening_tag() {
        let parsed = parse("intro {{< highlight go >}}code", 0);
        let sc = first_shortcode(&parsed);
        let diagnostic = unclosed(sc);
        assert!(diagnostic.is_error());
        assert_eq!(diagnostic.span, Span::new(6, 26));
        assert_eq!(
            diagnostic.message,
            "shortcode 'highlight' has no closing tag; write {{< /highlight >}} after its content"
        );
        let markdown = parse("{{% note %}}", 0);
        assert!(unclosed(first_shortcode(&markdown))
            .message
            .ends_with("write {{% /note %}} after its content"));
    }

    #[test]
    fn escaped_shortcodes_print_without_comment_markers() {
        assert_eq!(
            parse_ok(r#"{{</* name "p" k */>}}"#),
            r#"E"{{< name \"p\" k >}}""#
        );
        assert_eq!(parse_ok("{{%/* name */%}}"), r#"E"{{% name %}}""#);
        assert_eq!(parse_ok("{{%/* */%}}"), r#"E"{{% %}}""#);
        assert_eq!(parse_ok("{{</* /name */>}}"), r#"E"{{< /name >}}""#);
        assert_eq!(
            parse_ok("{{</* a */>}}text{{</* /a */>}}"),
            r#"E"{{< a >}}" "text" E"{{< /a >}}""#
        );
        assert_eq!(
            parse_ok("{{</* figure\n  src=\"x\"\n*/>}}"),
            r#"E"{{< figure\n  src=\"x\"\n>}}""#
        );
        // From the Hugo docs: an escaped escape, and an escaped self-closing tag.
        assert_eq!(
            parse_ok("{{</*/* shortcode-1 */*/>}}"),
            r#"E"{{</* shortcode-1 */>}}""#
        );
        assert_eq!(
            parse_ok("{{</* qr text=https://gohugo.io /*/>}}"),
            r#"E"{{< qr text=https://gohugo.io />}}""#
        );
        // Hugo's test: an asterisk inside is fine.
        assert_eq!(
            parse_ok(r#"{{</* sc1 "**/*.pdf" */>}}"#),
            r#"E"{{< sc1 \"**/*.pdf\" >}}""#
        );
        let parsed = parse("{{< a >}}{{</* b */>}}{{< /a >}}", 0);
        let sc = first_shortcode(&parsed);
        assert_eq!(
            sc.inner,
            Some(vec![Node::Escaped {
                span: Span::new(9, 22),
                literal: "{{< b >}}".to_owned()
            }])
        );
    }

    #[test]
    fn unclosed_escape_is_an_error_and_stays_text() {
        let src = "{{</* sc1 >}} and {{< b >}}";
        let parsed = parse(src, 0);
        assert_eq!(
            messages(&parsed),
            vec![(0, 5, "escaped shortcode is not closed: expected '*/>}}'")]
        );
        assert_eq!(show(src, &parsed.nodes), r#""{{</* sc1 >}} and " <b>"#);
    }

    #[test]
    fn markdown_code_is_not_special() {
        assert_eq!(
            parse_ok("```\n{{< x >}}\n```\n`{{% y %}}`"),
            r#""```\n" <x> "\n```\n`" %y% "`""#
        );
    }

    #[test]
    fn go_template_braces_and_quoted_delimiters_are_text() {
        assert_eq!(
            parse_ok("{{ .Title }} {{{< x >}}"),
            r#""{{ .Title }} {" <x>"#
        );
        assert_eq!(parse_ok(r#"{{< x "{{< y >}}" >}}"#), r#"<x ["{{< y >}}"]>"#);
        assert_eq!(parse_ok("{{"), r#""{{""#);
    }

    #[test]
    fn tag_left_open_until_the_end() {
        let src = "a {{< name p";
        let parsed = parse(src, 0);
        assert_eq!(
            messages(&parsed),
            vec![(2, 5, "unclosed shortcode tag, expected '>}}'")]
        );
        assert_eq!(show(src, &parsed.nodes), r#""a {{< name p""#);
        // An unclosed tag ends where the next tag starts, which still parses.
        let src = "{{% a\n\n{{< b >}}";
        let parsed = parse(src, 0);
        assert_eq!(
            messages(&parsed),
            vec![(0, 3, "unclosed shortcode tag, expected '%}}'")]
        );
        assert_eq!(show(src, &parsed.nodes), r#""{{% a\n\n" <b>"#);
    }

    #[test]
    fn unterminated_quotes() {
        let src = "{{< sc1 p=\"Hello World>}}\nmore {{< ok >}}";
        let parsed = parse(src, 0);
        assert_eq!(
            messages(&parsed),
            vec![(10, 25, "unterminated quoted string in shortcode parameter")]
        );
        assert_eq!(
            show(src, &parsed.nodes),
            r#""{{< sc1 p=\"Hello World>}}\nmore " <ok>"#
        );
        let parsed = parse("{{< x `never closed >}}", 0);
        assert_eq!(
            messages(&parsed),
            vec![(6, 23, "unterminated raw string in shortcode parameter")]
        );
    }

    #[test]
    fn unrecognized_characters() {
        let src = "{{< name @ >}} after {{< ok >}}";
        let parsed = parse(src, 0);
        assert_eq!(
            messages(&parsed),
            vec![(
                9,
                10,
                "unrecognized character in shortcode action: '@' (parameters with non-alphanumeric values must be quoted)"
            )]
        );
        assert_eq!(show(src, &parsed.nodes), r#""{{< name @ >}} after " <ok>"#);
        // Like Hugo, a word right after a quoted value is another parameter.
        assert_eq!(parse_ok(r#"{{< name "a"b >}}"#), r#"<name ["a","b"]>"#);
        let parsed = parse("{{< name http://x >}}", 0);
        assert_eq!(parsed.diagnostics.len(), 1);
        assert!(parsed.diagnostics[0].message.contains("':'"));
    }

    #[test]
    fn mismatched_delimiters() {
        let src = "{{< name %}} tail";
        let parsed = parse(src, 0);
        assert_eq!(
            messages(&parsed),
            vec![(
                9,
                12,
                "mismatched shortcode delimiters: tag opened with '{{<' but closed with '%}}', expected '>}}'"
            )]
        );
        assert_eq!(show(src, &parsed.nodes), r#""{{< name %}} tail""#);
    }

    #[test]
    fn missing_name() {
        let src = "{{< >}}{{% %}}";
        let parsed = parse(src, 0);
        assert_eq!(
            messages(&parsed),
            vec![
                (0, 7, "shortcode has no name"),
                (7, 14, "shortcode has no name")
            ]
        );
        assert_eq!(show(src, &parsed.nodes), r#""{{< >}}{{% %}}""#);
    }

    #[test]
    fn spans_are_file_positions() {
        let file = "+++\ntitle = \"t\"\n+++\nline\n{{< x @ >}}";
        let body_start = file.find("line").unwrap_or(0);
        let parsed = parse(&file[body_start..], body_start);
        let index = crate::diagnostics::LineIndex::new(file);
        let at = index.position(parsed.diagnostics[0].span.start);
        assert_eq!((at.line, at.column), (5, 7));
        assert_eq!(
            parsed.nodes,
            vec![Node::Text(Span::new(body_start, file.len()))]
        );
    }

    #[test]
    fn example_post_has_five_standalone_tweets() {
        let file = crate::testdata::EXAMPLE;
        let body_start = file.find("+++\n\n").map_or(0, |i| i + 4);
        let parsed = parse(&file[body_start..], body_start);
        assert_eq!(parsed.diagnostics, vec![]);
        let ids: Vec<&Value> = parsed
            .nodes
            .iter()
            .filter_map(|node| match node {
                Node::Shortcode(sc) => {
                    assert_eq!(sc.name, "tweet");
                    assert!(sc.inner.is_none() && !sc.self_closing && !sc.markdown);
                    sc.params.get_index(0)
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            ids,
            vec![
                &Value::Int(868470099023409153),
                &Value::Int(868381608042213378),
                &Value::Int(868407332589502464),
                &Value::Int(868745584471142401),
                &Value::Int(868772520719155200),
            ]
        );
        // Text between the tweets reproduces the rest of the body exactly.
        let mut rebuilt = String::new();
        for node in &parsed.nodes {
            match node {
                Node::Text(span) => rebuilt.push_str(&file[span.start..span.end]),
                Node::Shortcode(sc) => rebuilt.push_str(&format!(
                    "{{{{< tweet {} >}}}}",
                    sc.params
                        .get_index(0)
                        .map(Value::as_string)
                        .unwrap_or_default()
                )),
                Node::Escaped { .. } => panic!("no escapes in this post"),
            }
        }
        assert_eq!(rebuilt, &file[body_start..]);
        assert_eq!(parsed.nodes.len(), 11);
    }

    /// Checks that `nodes` tile `start..end` exactly, recursing into inner
    /// content, so no byte is lost or counted twice.
    fn assert_tiles(src: &str, nodes: &[Node], start: usize, end: usize) {
        let mut cursor = start;
        for node in nodes {
            let span = node.span();
            assert_eq!(span.start, cursor, "gap or overlap in {src:?}");
            assert!(
                span.end > span.start && span.end <= end,
                "bad span in {src:?}"
            );
            assert!(src.is_char_boundary(span.start) && src.is_char_boundary(span.end));
            if let Node::Shortcode(sc) = node {
                assert_eq!(sc.open_span.start, span.start);
                if let (Some(inner), Some(inner_span)) = (&sc.inner, sc.inner_span) {
                    assert_eq!(inner_span.start, sc.open_span.end);
                    assert_tiles(src, inner, inner_span.start, inner_span.end);
                } else {
                    assert_eq!(sc.open_span, sc.span);
                }
            }
            cursor = span.end;
        }
        assert_eq!(cursor, end, "nodes do not cover {src:?}");
    }

    #[test]
    fn every_prefix_parses_into_spans_that_tile_the_input() {
        let tricky = [
            "é {{< a \"q\\\"é\" k >}}x{{% b `r\nw` %}}{{< /a >}}{{</* c */>}}{{< d />}}ü",
            "{{< a k=\"v\" >}}{{< a >}}{{< /a >}}{{% /a %}}{{< /z >}}{{ .T }}{{<",
            "{{< x @ >}}{{< >}}{{</*/* e */*/>}}{{%/* */%}}{{< y %}}{{< q \"\n\"",
            "{{< a.inline >}}{{< b.c >}}{{< /a.inline >}}{{< n p=1 p = 2 \"m\" >}}",
        ];
        for input in tricky {
            for end in (0..=input.len()).filter(|&i| input.is_char_boundary(i)) {
                let prefix = &input[..end];
                let parsed = parse(prefix, 0);
                assert_tiles(prefix, &parsed.nodes, 0, prefix.len());
                for diagnostic in &parsed.diagnostics {
                    assert!(diagnostic.span.end <= prefix.len());
                }
            }
        }
    }

    #[test]
    fn hostile_input_stays_fast_and_shallow() {
        let started = std::time::Instant::now();
        let many_errors = "{{< @ {{</* x `".repeat(20_000);
        let parsed = parse(&many_errors, 0);
        assert_eq!(parsed.nodes.len(), 1);
        assert_eq!(parsed.diagnostics.len(), 40_000);
        let unmatched_closes = "{{< a >}}".repeat(50) + &"{{< /b >}}".repeat(20_000);
        assert_eq!(parse(&unmatched_closes, 0).diagnostics.len(), 20_000);
        let deep = "{{< a >}}".repeat(1_000) + &"{{< /a >}}".repeat(1_000);
        let parsed = parse(&deep, 0);
        // 900 levels over the cap: a warning for each of those opening tags
        // and an error for each closing tag left with nothing to close.
        assert_eq!(parsed.diagnostics.len(), 1_800);
        assert_tiles(&deep, &parsed.nodes, 0, deep.len());
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    /// The body of a content file: everything after the second `---` or
    /// `+++` line.
    fn strip_front_matter(file: &str) -> (usize, &str) {
        let Some(delimiter) = ["---", "+++"].into_iter().find(|d| file.starts_with(d)) else {
            return (0, file);
        };
        let mut offset = 0;
        let mut seen = 0;
        for line in file.split_inclusive('\n') {
            offset += line.len();
            if line.trim_end() == delimiter {
                seen += 1;
                if seen == 2 {
                    return (offset, &file[offset..]);
                }
            }
        }
        (0, file)
    }

    #[test]
    fn standalone_tags_do_not_count_towards_the_nesting_cap() {
        let src = format!(
            "{}{{{{< details x >}}}}inner{{{{< /details >}}}}",
            "{{< tweet 1 >}}\n".repeat(150)
        );
        let parsed = parse(&src, 0);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let Some(Node::Shortcode(last)) = parsed.nodes.last() else {
            panic!("{:?}", parsed.nodes.last());
        };
        assert_eq!(last.name, "details");
        assert!(last.is_paired());
    }

    #[test]
    fn corpus_posts_parse_without_errors() {
        let Some(corpus) = crate::testdata::corpus() else {
            return;
        };
        let sites = std::fs::read_dir(corpus.join("posts")).expect("corpus posts");
        let mut count = 0;
        let mut shortcodes = 0;
        let mut escapes = 0;
        for site in sites.flatten() {
            let Ok(posts) = std::fs::read_dir(site.path()) else {
                continue;
            };
            for post in posts.flatten() {
                let path = post.path();
                if path.extension().is_none_or(|e| e != "md") {
                    continue;
                }
                let Ok(file) = std::fs::read_to_string(&path) else {
                    continue;
                };
                count += 1;
                let (start, body) = strip_front_matter(&file);
                let parsed = parse(body, start);
                let index = crate::diagnostics::LineIndex::new(&file);
                let errors: Vec<String> = parsed
                    .diagnostics
                    .iter()
                    .map(|d| d.display(&path.display().to_string(), &index).to_string())
                    .collect();
                assert_eq!(errors, Vec::<String>::new());
                assert_tiles(&file, &parsed.nodes, start, file.len());
                let mut stack: Vec<&Node> = parsed.nodes.iter().collect();
                while let Some(node) = stack.pop() {
                    match node {
                        Node::Shortcode(sc) => {
                            shortcodes += 1;
                            stack.extend(sc.inner.iter().flatten());
                        }
                        Node::Escaped { .. } => escapes += 1,
                        Node::Text(_) => {}
                    }
                }
            }
        }
        assert_eq!(count, 44);
        assert!(shortcodes > 50 && escapes > 50, "{shortcodes} {escapes}");
    }
}
