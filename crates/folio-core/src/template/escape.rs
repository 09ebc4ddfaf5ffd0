//! Contextual auto-escaping, after Go's html/template: a small HTML state
//! machine follows the literal template text, and each action's output is
//! escaped for the context it lands in (text, attribute, URL, script, style).
//! Like html/template, HTML comments in the template text are dropped.

use super::json::to_json;
use super::value::Value;
use crate::text::{escape_html, strip_tags, url_filter, url_process, Html};

/// Where in an HTML document the output currently is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Text,
    /// Inside a tag, between attributes.
    Tag,
    /// After an attribute name, before `=`.
    AfterName,
    /// After `=`, before the value.
    BeforeValue,
    /// Inside an attribute value.
    Attr,
    /// Inside `<!-- … -->` in text: elided from output.
    Comment,
    /// Body of `<script>`.
    Script,
    /// Body of `<style>`.
    Style,
    /// Body of `<textarea>` / `<title>`: text, no tags.
    Rcdata,
}

/// The kind of an attribute's value, from its name (Go's `attrType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttrKind {
    Plain,
    Url,
    Js,
    Css,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delim {
    Double,
    Single,
    /// Unquoted: ends at white space or `>`.
    Space,
}

/// For URL attributes: how far into the URL the value is, which decides
/// between filtering a scheme, normalising and fully escaping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlPart {
    Start,
    BeforeQuery,
    QueryOrFragment,
}

/// Where in JavaScript (a script body or an `on…` attribute) the output is,
/// after html/template's `jsCtx` states.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Js {
    /// Between tokens; `regexp` is whether a `/` here starts a regular
    /// expression literal (after an operator or `(`) rather than dividing.
    Expr { regexp: bool },
    /// Inside a string literal with this quote byte.
    Str(u8),
    /// Inside a template literal (`` ` ``): values are refused, as Go does.
    Template,
    /// Inside a regular expression literal; `class` inside `[…]`.
    Regexp { class: bool },
    /// `// …` up to the end of the line: values are blanked.
    LineComment,
    /// `/* … */`; `star` after a `*`, `opened` false on the `*` of `/*`.
    BlockComment { star: bool, opened: bool },
}

impl Js {
    const START: Js = Js::Expr { regexp: true };
}

// Elements whose body is not ordinary HTML: the tag stripper's.
use crate::text::strip::{element_named, Element};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Context {
    pub state: State,
    pub attr: AttrKind,
    pub delim: Delim,
    pub url_part: UrlPart,
    /// Where in JavaScript, in a script or an event handler attribute.
    pub js: Js,
    element: Element,
}

impl Default for Context {
    fn default() -> Self {
        Context {
            state: State::Text,
            attr: AttrKind::Plain,
            delim: Delim::Double,
            url_part: UrlPart::Start,
            js: Js::START,
            element: Element::None,
        }
    }
}

fn attr_kind(name: &str) -> AttrKind {
    let name = name.to_ascii_lowercase();
    let name = if let Some(rest) = name.strip_prefix("data-") {
        rest.to_string()
    } else if let Some((prefix, short)) = name.split_once(':') {
        if prefix == "xmlns" {
            return AttrKind::Url;
        }
        short.to_string()
    } else {
        name
    };
    match name.as_str() {
        "action" | "archive" | "background" | "cite" | "classid" | "codebase" | "data"
        | "formaction" | "href" | "icon" | "longdesc" | "manifest" | "poster" | "profile"
        | "src" | "srcset" | "usemap" | "xmlns" => AttrKind::Url,
        "style" => AttrKind::Css,
        n if n.starts_with("on") => AttrKind::Js,
        n if n.contains("src") || n.contains("uri") || n.contains("url") => AttrKind::Url,
        _ => AttrKind::Plain,
    }
}

fn starts_with_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.len() >= needle.len() && haystack[..needle.len()].eq_ignore_ascii_case(needle)
}

impl Context {
    /// Advances over literal template `text`, returning the text to emit
    /// (HTML comments removed, as html/template does).
    pub fn advance(&mut self, text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        // Byte offset of the first not-yet-copied byte; we only ever cut at
        // ASCII bytes so slicing stays on char boundaries.
        let mut copied = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            match self.state {
                State::Text => {
                    if b == b'<' {
                        if bytes[i..].starts_with(b"<!--") {
                            out.push_str(&text[copied..i]);
                            self.state = State::Comment;
                            i += 4;
                            copied = i;
                            continue;
                        }
                        let after = &bytes[i + 1..];
                        let (is_end, name_start) = if after.first() == Some(&b'/') {
                            (true, 1)
                        } else {
                            (false, 0)
                        };
                        let name_len = after[name_start..]
                            .iter()
                            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
                            .count();
                        if name_len > 0 && after[name_start].is_ascii_alphabetic() {
                            let name = &after[name_start..name_start + name_len];
                            self.element = if is_end {
                                Element::None
                            } else {
                                element_named(name)
                            };
                            self.state = State::Tag;
                            i += 1 + name_start + name_len;
                            continue;
                        }
                    }
                    i += 1;
                }
                State::Comment => {
                    if bytes[i..].starts_with(b"-->") {
                        self.state = State::Text;
                        i += 3;
                        copied = i;
                    } else {
                        i += 1;
                        copied = i;
                    }
                }
                State::Tag => {
                    if b == b'>' {
                        self.end_tag();
                    } else if !b.is_ascii_whitespace() && b != b'/' {
                        let name_len = bytes[i..]
                            .iter()
                            .take_while(|c| {
                                !c.is_ascii_whitespace() && !matches!(c, b'=' | b'>' | b'/')
                            })
                            .count()
                            .max(1);
                        self.attr = attr_kind(&text[i..i + name_len]);
                        self.state = State::AfterName;
                        i += name_len;
                        continue;
                    }
                    i += 1;
                }
                State::AfterName => {
                    if b == b'=' {
                        self.state = State::BeforeValue;
                    } else if b == b'>' {
                        self.end_tag();
                    } else if !b.is_ascii_whitespace() {
                        // Another attribute without a value.
                        self.state = State::Tag;
                        continue;
                    }
                    i += 1;
                }
                State::BeforeValue => {
                    if b.is_ascii_whitespace() {
                        i += 1;
                        continue;
                    }
                    self.state = State::Attr;
                    self.url_part = UrlPart::Start;
                    self.js = Js::START;
                    match b {
                        b'"' => {
                            self.delim = Delim::Double;
                            i += 1;
                        }
                        b'\'' => {
                            self.delim = Delim::Single;
                            i += 1;
                        }
                        _ => self.delim = Delim::Space,
                    }
                }
                State::Attr => {
                    let ends = match self.delim {
                        Delim::Double => b == b'"',
                        Delim::Single => b == b'\'',
                        Delim::Space => b.is_ascii_whitespace() || b == b'>',
                    };
                    if ends {
                        self.state = State::Tag;
                        self.attr = AttrKind::Plain;
                        if self.delim != Delim::Space {
                            i += 1;
                        }
                        continue;
                    }
                    self.note_attr_byte(b, bytes.get(i + 1).copied());
                    if b == b'\\' && self.attr == AttrKind::Js && self.js_escapes() {
                        i += 1;
                    }
                    i += 1;
                }
                State::Script | State::Style | State::Rcdata => {
                    let closer: &[u8] = match self.element {
                        Element::Script => b"</script",
                        Element::Style => b"</style",
                        Element::Textarea => b"</textarea",
                        _ => b"</title",
                    };
                    if b == b'<' && starts_with_ignore_case(&bytes[i..], closer) {
                        self.element = Element::None;
                        self.js = Js::START;
                        self.state = State::Tag;
                        i += closer.len();
                        continue;
                    }
                    if self.state == State::Script {
                        self.note_js_byte(b, bytes.get(i + 1).copied());
                        if b == b'\\' && self.js_escapes() {
                            i += 1;
                        }
                    }
                    i += 1;
                }
            }
        }
        if self.state != State::Comment && copied < text.len() {
            out.push_str(&text[copied..]);
        }
        out
    }

    fn end_tag(&mut self) {
        self.attr = AttrKind::Plain;
        self.js = Js::START;
        self.state = match self.element {
            Element::Script => State::Script,
            Element::Style => State::Style,
            Element::Textarea | Element::Title => State::Rcdata,
            Element::None => State::Text,
        };
    }

    /// Whether a backslash in the current JS state escapes the next byte.
    fn js_escapes(&self) -> bool {
        matches!(self.js, Js::Str(_) | Js::Template | Js::Regexp { .. })
    }

    /// Tracks URL position inside a URL attribute value.
    fn note_attr_byte(&mut self, b: u8, next: Option<u8>) {
        match self.attr {
            AttrKind::Url => {
                if b == b'?' || b == b'#' {
                    self.url_part = UrlPart::QueryOrFragment;
                } else if self.url_part == UrlPart::Start {
                    self.url_part = UrlPart::BeforeQuery;
                }
            }
            AttrKind::Js => self.note_js_byte(b, next),
            _ => {}
        }
    }

    /// Follows script text through strings, template literals, regular
    /// expressions and comments (a backslash's next byte is skipped by the
    /// caller).
    fn note_js_byte(&mut self, b: u8, next: Option<u8>) {
        self.js = match self.js {
            Js::Str(q) if b == q => Js::Expr { regexp: false },
            Js::Str(q) => Js::Str(q),
            Js::Template if b == b'`' => Js::Expr { regexp: false },
            Js::Template => Js::Template,
            Js::Regexp { class } => match b {
                b'[' => Js::Regexp { class: true },
                b']' => Js::Regexp { class: false },
                b'/' if !class => Js::Expr { regexp: false },
                _ => Js::Regexp { class },
            },
            Js::LineComment if matches!(b, b'\n' | b'\r') => Js::START,
            Js::LineComment => Js::LineComment,
            Js::BlockComment { opened: false, .. } => Js::BlockComment {
                star: false,
                opened: true,
            },
            Js::BlockComment { star: true, .. } if b == b'/' => Js::START,
            Js::BlockComment { .. } => Js::BlockComment {
                star: b == b'*',
                opened: true,
            },
            Js::Expr { regexp } => match b {
                b'"' | b'\'' => Js::Str(b),
                b'`' => Js::Template,
                b'/' if next == Some(b'/') => Js::LineComment,
                b'/' if next == Some(b'*') => Js::BlockComment {
                    star: false,
                    opened: false,
                },
                b'/' if regexp => Js::Regexp { class: false },
                b'/' => Js::START,
                b if b.is_ascii_whitespace() => Js::Expr { regexp },
                b if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b')' | b']') => {
                    Js::Expr { regexp: false }
                }
                _ => Js::START,
            },
        };
    }

    /// The escaper for a value in JavaScript, or an error where no value
    /// may go (a template literal, as Go's `ErrJSTemplate`).
    fn escape_js(&self, value: &Value) -> Result<String, String> {
        match self.js {
            Js::Str(_) => Ok(js_string_escape(&stringify(value))),
            Js::Template => Err(
                "a value in a JS template literal (`…`) is not allowed (as html/template's ErrJSTemplate): use a quoted string"
                    .into(),
            ),
            Js::Regexp { .. } => Ok(js_regexp_escape(&stringify(value))),
            Js::LineComment | Js::BlockComment { .. } => Ok(String::new()),
            Js::Expr { .. } => Ok(js_value_escape(value)),
        }
    }

    /// Escapes an action's value for this context; an error where a value
    /// cannot safely go.
    pub fn escape(&self, value: &Value) -> Result<String, String> {
        Ok(match self.state {
            State::Text => match value {
                Value::Html(s) => s.clone(),
                other => escape_html(&stringify(other), Html::Template),
            },
            State::Rcdata => escape_html(&stringify(value), Html::Template),
            State::Comment => String::new(),
            State::Tag | State::AfterName => match value {
                Value::HtmlAttr(s) => s.clone(),
                other => attr_name_filter(&stringify(other)),
            },
            State::BeforeValue => self.escape_attr_value(value, Delim::Space)?,
            State::Attr => self.escape_attr_value(value, self.delim)?,
            State::Script => self.escape_js(value)?,
            State::Style => css_value_filter(value),
        })
    }

    fn escape_attr_value(&self, value: &Value, delim: Delim) -> Result<String, String> {
        let inner: Value = match self.attr {
            AttrKind::Plain => value.clone(),
            AttrKind::Url => {
                let text = stringify(value);
                Value::String(match self.url_part {
                    UrlPart::Start if !matches!(value, Value::Url(_)) => match url_filter(&text) {
                        Some(ok) => url_process(ok, true),
                        None => "#ZgotmplZ".to_string(),
                    },
                    UrlPart::QueryOrFragment => url_process(&text, false),
                    _ => url_process(&text, true),
                })
            }
            AttrKind::Js => Value::String(self.escape_js(value)?),
            AttrKind::Css => Value::String(css_value_filter(value)),
        };
        let (escaper, normalizer) = if delim == Delim::Space {
            (Html::TemplateNospace, Html::TemplateNospaceNormalizer)
        } else {
            (Html::Template, Html::TemplateNormalizer)
        };
        Ok(match inner {
            // Trusted HTML in an attribute loses its tags but keeps entities.
            Value::Html(s) => escape_html(&strip_tags(&s), normalizer),
            other => escape_html(&stringify(&other), escaper),
        })
    }
}

/// Text of a value as html/template sees it: a top-level nil prints as
/// nothing, everything else as Go's `fmt.Sprint`.
pub fn stringify(value: &Value) -> String {
    match value {
        Value::Nil => String::new(),
        other => other.to_go_string(),
    }
}

fn attr_name_filter(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let ok = !lower.is_empty()
        && lower
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && attr_kind(&lower) == AttrKind::Plain;
    if ok {
        lower
    } else {
        "ZgotmplZ".into()
    }
}

/// Escapes text for inside a JS string literal (html/template's jsStrEscaper).
pub fn js_string_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\0' => out.push_str("\\u0000"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{b}' => out.push_str("\\u000b"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '"' => out.push_str("\\u0022"),
            '&' => out.push_str("\\u0026"),
            '\'' => out.push_str("\\u0027"),
            '+' => out.push_str("\\u002b"),
            '/' => out.push_str("\\/"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '\\' => out.push_str("\\\\"),
            '`' => out.push_str("\\u0060"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for inside a JS regular expression literal
/// (html/template's jsRegexpEscaper): the string escapes plus every regular
/// expression metacharacter, so a value matches itself literally and `/`
/// cannot end the literal; empty becomes `(?:)`.
pub fn js_regexp_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '$' | '(' | ')' | '*' | '-' | '.' | '?' | '[' | ']' | '^' | '{' | '|' | '}' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push_str(&js_string_escape(c.encode_utf8(&mut [0; 4]))),
        }
    }
    if out.is_empty() {
        out.push_str("(?:)");
    }
    out
}

/// A value as a JS expression (html/template's jsValEscaper): JSON, padded
/// with spaces when it could run into a neighbouring identifier.
pub fn js_value_escape(value: &Value) -> String {
    if let Value::Js(s) = value {
        return s.clone();
    }
    let json = match value {
        Value::Nil => "null".to_string(),
        other => to_json(other, None),
    };
    let is_ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
    if is_ident(json.chars().next()) || is_ident(json.chars().last()) {
        format!(" {json} ")
    } else {
        json
    }
}

/// html/template's cssValueFilter: trusted CSS passes, anything that could
/// break out of a property value becomes `ZgotmplZ`.
pub fn css_value_filter(value: &Value) -> String {
    if let Value::Css(s) = value {
        return s.clone();
    }
    let s = stringify(value);
    let bytes = s.as_bytes();
    let mut ident = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            0 | b'"' | b'\'' | b'(' | b')' | b'/' | b';' | b'@' | b'[' | b'\\' | b']' | b'`'
            | b'{' | b'}' | b'<' | b'>' => return "ZgotmplZ".into(),
            b'-' if i > 0 && bytes[i - 1] == b'-' => return "ZgotmplZ".into(),
            b if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' => {
                ident.push(b.to_ascii_lowercase())
            }
            _ => {}
        }
    }
    let ident = String::from_utf8_lossy(&ident);
    if ident.contains("expression") || ident.contains("mozbinding") {
        return "ZgotmplZ".into();
    }
    s
}
