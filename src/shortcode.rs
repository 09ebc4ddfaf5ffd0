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
    Escaped { span: Span, literal: String },
    Shortcode(Shortcode),
}

impl Node {
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
            Value::Float(f) => go_format_float(*f),
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
            return text
                .parse::<i64>()
                .map_or_else(|_| Value::String(text.to_owned()), Value::Int);
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

/// Go's `%v` for a float64: shortest digits, exponent form below 1e-4 or
/// from 1e21 on (`1e+21`, `1.5e-07`).
fn go_format_float(f: f64) -> String {
    if f == 0.0 || !f.is_finite() {
        return format!("{f}");
    }
    let scientific = format!("{f:e}");
    let Some((mantissa, exponent)) = scientific.split_once('e') else {
        return format!("{f}");
    };
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if (-4..21).contains(&exponent) {
        format!("{f}")
    } else {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exponent.abs())
    }
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
        while let Some(found) = src.get(search_from..).and_then(|rest| rest.find("{{")) {
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
    fn lex_escaped(&self, start: usize, right: &str) -> Result<(Token, usize), LexError> {
        let comment_start = start + 3;
        let closer = format!("*/{right}");
        let found = self.src[comment_start..].find(&closer);
        // Hugo requires at least one byte between `/*` and `*/`, so `{{</*/>}}`
        // is not an escape.
        let Some(offset) = found.filter(|&offset| offset > 1) else {
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
        let from = from.max(start + 3).min(self.src.len());
        let rest = &self.src[from..];
        let mut end = self.src.len();
        for right in [NO_MARKUP_RIGHT, MARKUP_RIGHT] {
            if let Some(i) = rest.find(right) {
                end = end.min(from + i + right.len());
            }
        }
        for left in ["{{<", "{{%"] {
            if let Some(i) = rest.find(left) {
                end = end.min(from + i);
            }
        }
        end
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
    pos: usize,
    right: &'static str,
}

impl TagLexer<'_> {
    fn peek(&self) -> Option<char> {
        self.src.get(self.pos..).and_then(|rest| rest.chars().next())
    }

    fn rest(&self) -> &str {
        self.src.get(self.pos..).unwrap_or("")
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
            if self.rest().starts_with(self.right) {
                let end = self.pos + self.right.len();
                let Some(name) = name else {
                    return Err(self.error(
                        "shortcode has no name".to_owned(),
                        (start, end),
                    ));
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
                        if !self.rest().starts_with(self.right) {
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
                    if self.rest().starts_with(self.right) {
                        kind = TagKind::SelfClosing;
                    } else {
                        self.pos = slash;
                        return Err(self.unrecognized(c));
                    }
                }
                (Some(sc_name), _) => {
                    let sc_name = sc_name.clone();
                    self.lex_param(&sc_name, &mut params)?;
                }
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
                    rest.is_empty()
                        || rest.starts_with(|c: char| !(is_name_char(c) || c == '.'))
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
            Some(c) if !self.rest().starts_with(self.right) && !is_space(c) => {
                // Hugo takes everything up to the next space; stopping at the
                // closing delimiter too lets `key=value>}}` work.
                while let Some(c) = self.peek() {
                    if is_space(c) || self.rest().starts_with(self.right) {
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
            let Some(len) = raw.find('`') else {
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
    let mixed = |kind: &str, what: &str| LexError {
        message: format!(
            "got {kind} parameter {what}in shortcode '{sc_name}': cannot mix named and positional parameters"
        ),
        at: (start, value.span.end),
        resume_search: start,
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

fn build_tree(tokens: Vec<Token>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Node> {
    let mut root: Vec<Node> = Vec::new();
    let mut stack: Vec<OpenFrame> = Vec::new();

    fn current<'s>(root: &'s mut Vec<Node>, stack: &'s mut [OpenFrame]) -> &'s mut Vec<Node> {
        match stack.last_mut() {
            Some(frame) => &mut frame.children,
            None => root,
        }
    }

    for token in tokens {
        match token {
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
                TagKind::Open => stack.push(OpenFrame {
                    tag,
                    children: Vec::new(),
                }),
                TagKind::Close => {
                    let Some(index) = stack.iter().rposition(|frame| frame.tag.name == tag.name)
                    else {
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
                            flatten_into(current(&mut root, &mut stack), frame);
                        }
                    }
                    let Some(frame) = stack.pop() else { continue };
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
                    push_node(
                        current(&mut root, &mut stack),
                        Node::Shortcode(shortcode),
                    );
                }
            },
        }
    }
    while let Some(frame) = stack.pop() {
        flatten_into(current(&mut root, &mut stack), frame);
    }
    root
}
