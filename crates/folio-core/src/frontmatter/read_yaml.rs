//! Folio's own reader for YAML front matter: the subset real posts and site
//! configurations use, read into exactly the values the `yaml-rust2` path
//! gives (see `full.rs`: YAML 1.2's core types for plain scalars, plus YAML
//! 1.1's `yes`/`no`/`on`/`off` booleans as Hugo's go-yaml reads them).
//!
//! Block mappings and sequences by indentation (a sequence may sit at its
//! key's indentation), `- ` items holding mappings or sequences, flow `[a, b]`
//! and `{a: b}` (over several lines, with a trailing comma), plain scalars
//! (continued on more-indented lines), single- and double-quoted scalars on
//! one line with their escapes, literal `|` and folded `>` block scalars with
//! chomping indicators, comments.
//!
//! Anything else (anchors, aliases, tags, complex keys, directives, several
//! documents, tabs, multi-line quoted scalars, a folded scalar with
//! more-indented lines, keys equal once lower-cased) and anything invalid is
//! `None`: the caller then uses the full parser, or sends the post to the
//! engine that has it. Never a guessed value.

use serde_json::{Map, Number, Value};

use super::formats::{rest_of_line, Read};
use crate::diagnostics::Span;

/// Reads `text`, or `None` when it is outside the subset or invalid.
pub(super) fn read(text: &str) -> Option<Read> {
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let printable = match c {
            '\n' | ' '..='~' => true,
            '\r' => bytes.get(i + 1) == Some(&b'\n'),
            // No tabs (indentation rules), NEL or line/paragraph separators
            // (line breaks in YAML 1.1), BOMs or other non-printables.
            '\u{a0}'..='\u{2027}' | '\u{202a}'..='\u{d7ff}' => true,
            '\u{e000}'..='\u{fffd}' => c != '\u{feff}',
            c => c >= '\u{10000}',
        };
        if !printable {
            return None;
        }
    }
    let mut reader = Reader {
        s: text,
        b: bytes,
        i: 0,
        depth: 0,
        spans: Vec::new(),
        root_keys: Vec::new(),
    };
    reader.skip_to_content()?;
    let map = match reader.indent() {
        None => Map::new(),
        Some(indent) if reader.key_here() => match reader.mapping(indent)? {
            Value::Object(map) => map,
            _ => return None,
        },
        // A document that is not a mapping is an error, or `~`: left to
        // the full path.
        Some(_) => return None,
    };
    if reader.i < bytes.len() {
        return None;
    }
    Some(Read {
        map,
        spans: reader.spans,
    })
}

/// A plain scalar's value as the `yaml-rust2` path types it.
enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Real(String),
    Str(String),
}

/// yaml-rust2's `parse_f64`.
fn parse_f64(v: &str) -> Option<f64> {
    match v {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => Some(f64::NAN),
        _ if v.bytes().any(|b| b.is_ascii_digit()) => v.parse::<f64>().ok(),
        _ => None,
    }
}

/// A plain scalar typed as `full.rs` has yaml-rust2 type it: YAML 1.1's
/// booleans first, then yaml-rust2's `Yaml::from_str`.
fn plain_scalar(v: &str) -> Scalar {
    let v = match v {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => "true",
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => "false",
        _ => v,
    };
    from_str(v)
}

/// A key written `raw` (its text, unquoted) as the JSON object has it,
/// with its identities in yaml-rust2's two loads of the text (with YAML
/// 1.1's booleans and without, `full.rs`): a duplicate in either is the
/// full path's business (`"y"` and `y` are one key in the first).
fn typed_key(raw: &str, quoted: bool) -> (String, [String; 2]) {
    let (typed, untyped) = if quoted {
        (Scalar::Str(raw.to_owned()), Scalar::Str(raw.to_owned()))
    } else {
        (plain_scalar(raw), from_str(raw))
    };
    let identities = [typed.identity(), untyped.identity()];
    (typed.into_key(), identities)
}

/// yaml-rust2's `Yaml::from_str`.
fn from_str(v: &str) -> Scalar {
    let radix = |prefix: &str, radix: u32| {
        v.strip_prefix(prefix)
            .and_then(|n| i64::from_str_radix(n, radix).ok())
    };
    if let Some(i) = radix("0x", 16).or_else(|| radix("0o", 8)) {
        return Scalar::Int(i);
    }
    if let Some(i) = v
        .strip_prefix('+')
        .filter(|_| !v.starts_with("0x") && !v.starts_with("0o"))
        .and_then(|n| n.parse::<i64>().ok())
    {
        return Scalar::Int(i);
    }
    match v {
        "" | "~" | "null" => Scalar::Null,
        "true" | "True" | "TRUE" => Scalar::Bool(true),
        "false" | "False" | "FALSE" => Scalar::Bool(false),
        _ => {
            if let Ok(i) = v.parse::<i64>() {
                Scalar::Int(i)
            } else if parse_f64(v).is_some() {
                Scalar::Real(v.to_owned())
            } else {
                Scalar::Str(v.to_owned())
            }
        }
    }
}

impl Scalar {
    /// The key's identity in yaml-rust2's mapping, where `1`, `"1"` and
    /// `1.0` are three keys.
    fn identity(&self) -> String {
        match self {
            Scalar::Null => "~".to_owned(),
            Scalar::Bool(b) => format!("b{b}"),
            Scalar::Int(i) => format!("i{i}"),
            Scalar::Real(s) => format!("r{s}"),
            Scalar::Str(s) => format!("s{s}"),
        }
    }

    fn into_value(self) -> Value {
        match self {
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => Value::Bool(b),
            Scalar::Int(i) => Value::from(i),
            Scalar::Real(s) => parse_f64(&s)
                .and_then(Number::from_f64)
                .map_or(Value::String(s), Value::Number),
            Scalar::Str(s) => Value::String(s),
        }
    }

    /// The key as `full.rs` writes it in the JSON object.
    fn into_key(self) -> String {
        match self {
            Scalar::Str(s) | Scalar::Real(s) => s.to_lowercase(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Null => "null".to_owned(),
        }
    }
}

/// How deep collections may nest here.
const MAX_DEPTH: usize = 64;

struct Reader<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    /// Nesting depth: 0 while reading the root mapping's own values.
    depth: usize,
    /// The root mapping's keys with their values' spans.
    spans: Vec<(String, Span)>,
    /// The root mapping's keys as written, lower-cased.
    root_keys: Vec<String>,
}

/// Bytes that cannot start a plain scalar here (or whose meaning the reader
/// leaves to the full parser).
fn indicator(b: u8) -> bool {
    matches!(
        b,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

/// After a `\` in a double-quoted scalar: the escaped character (the
/// escapes the full parser reads alike; `\N`, `\_`, `\L`, `\P` and a
/// line-ending `\` are left to it).
fn escape(s: &str, i: &mut usize) -> Option<char> {
    let c = *s.as_bytes().get(*i)?;
    *i += 1;
    Some(match c {
        b'0' => '\0',
        b'a' => '\u{7}',
        b'b' => '\u{8}',
        b't' => '\t',
        b'n' => '\n',
        b'v' => '\u{b}',
        b'f' => '\u{c}',
        b'r' => '\r',
        b'e' => '\u{1b}',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        b'x' => super::hex_escape(s, i, 2)?,
        b'u' => super::hex_escape(s, i, 4)?,
        b'U' => super::hex_escape(s, i, 8)?,
        _ => return None,
    })
}

impl Reader<'_> {
    /// Whether the byte at the cursor cannot start a plain scalar: an
    /// indicator, except a `-` not followed by a space (`-2`, `-x`).
    fn indicator_here(&self) -> bool {
        match self.peek() {
            Some(b'-') => matches!(self.at(self.i + 1), None | Some(b' ' | b'\n' | b'\r')),
            Some(b) => indicator(b),
            None => true,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    /// Whether byte `i` ends a line (a line break or the end of the text).
    fn eol_at(&self, i: usize) -> bool {
        matches!(self.at(i), None | Some(b'\n' | b'\r'))
    }

    fn spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
    }

    fn column(&self) -> usize {
        self.i - self.s[..self.i].rfind('\n').map_or(0, |n| n + 1)
    }

    /// The indentation of the content at the cursor, `None` at the end.
    fn indent(&self) -> Option<usize> {
        (self.i < self.b.len()).then(|| self.column())
    }

    /// After a value: spaces, an optional comment (after a space), then the
    /// line break (consumed) or the end.
    fn end_line(&mut self) -> Option<()> {
        let before = self.i;
        self.spaces();
        if self.peek() == Some(b'#') {
            if self.i == before && before > 0 && !matches!(self.at(before - 1), Some(b' ' | b'\n'))
            {
                return None;
            }
            while !self.eol_at(self.i) {
                self.i += 1;
            }
        }
        self.line_break()
    }

    fn line_break(&mut self) -> Option<()> {
        match self.peek() {
            None => {}
            Some(b'\n') => self.i += 1,
            Some(b'\r') => self.i += 2,
            _ => return None,
        }
        Some(())
    }

    /// From the start of a line: skips blank and comment lines and leaves
    /// the cursor on the first content of the next line that has some (or
    /// at the end). Document markers and directives are not read here.
    fn skip_to_content(&mut self) -> Option<()> {
        loop {
            let line = self.i;
            if (self.b[line..].starts_with(b"---") || self.b[line..].starts_with(b"..."))
                && matches!(self.at(line + 3), None | Some(b' ' | b'\n' | b'\r'))
            {
                return None;
            }
            if self.peek() == Some(b'%') {
                return None;
            }
            self.spaces();
            match self.peek() {
                None => return Some(()),
                Some(b'#') => {
                    while !self.eol_at(self.i) {
                        self.i += 1;
                    }
                    self.line_break()?;
                }
                Some(b'\n' | b'\r') => self.line_break()?,
                Some(_) => return Some(()),
            }
        }
    }

    fn seq_entry_here(&self) -> bool {
        self.peek() == Some(b'-')
            && matches!(self.at(self.i + 1), None | Some(b' ' | b'\n' | b'\r'))
    }

    /// Whether a `key:` starts at the cursor.
    fn key_here(&mut self) -> bool {
        let save = self.i;
        let found = self.key().is_some();
        self.i = save;
        found
    }

    /// A mapping key and its `:`, the cursor left after the `:`.
    fn key(&mut self) -> Option<String> {
        self.key_and_text().map(|(key, ..)| key)
    }

    /// A mapping key as the JSON object has it, and as written (unquoted,
    /// lower-cased: how the full path's span finder names it), with its
    /// `:`; the cursor is left after the `:`.
    fn key_and_text(&mut self) -> Option<(String, String, [String; 2])> {
        let quoted = matches!(self.peek(), Some(b'"' | b'\''));
        let key = match self.peek()? {
            b'"' => Scalar::Str(self.double_quoted()?),
            b'\'' => Scalar::Str(self.single_quoted()?),
            _ if self.indicator_here() => return None,
            _ => {
                let start = self.i;
                loop {
                    match self.peek() {
                        None | Some(b'\n' | b'\r') => return None,
                        Some(b':')
                            if matches!(self.at(self.i + 1), None | Some(b' ' | b'\n' | b'\r')) =>
                        {
                            break
                        }
                        Some(b'[' | b']' | b'{' | b'}' | b',' | b'#' | b'"' | b'\'') => {
                            return None
                        }
                        Some(_) => self.i += 1,
                    }
                }
                let text = self.s[start..self.i].trim_end_matches(' ');
                Scalar::Str(text.to_owned())
            }
        };
        self.spaces();
        if self.peek() != Some(b':')
            || !matches!(self.at(self.i + 1), None | Some(b' ' | b'\n' | b'\r'))
        {
            return None;
        }
        self.i += 1;
        let Scalar::Str(raw) = key else {
            return None;
        };
        let (key, identities) = typed_key(&raw, quoted);
        Some((key, raw.to_lowercase(), identities))
    }

    /// A block mapping whose keys are at column `indent`, the cursor on its
    /// first key. Leaves the cursor on the next content after it.
    fn mapping(&mut self, indent: usize) -> Option<Value> {
        let mut map = Map::new();
        let mut identities = Vec::new();
        loop {
            let (key, text, ids) = self.key_and_text()?;
            for (n, id) in ids.into_iter().enumerate() {
                if identities.contains(&(n, id.clone())) {
                    return None;
                }
                identities.push((n, id));
            }
            let (value, span) = self.map_value(indent)?;
            // (The full path places a key written twice, `y` and `"Y"`, at
            // its first value, placed here or not.)
            if self.depth == 0 && !self.root_keys.contains(&text) {
                if let Some(span) = span {
                    self.spans.push((text.clone(), span));
                }
                self.root_keys.push(text);
            }
            if map.insert(key, value).is_some() {
                // A duplicate is an error; keys equal only once lower-cased
                // keep the later value at the earlier place: left to the
                // full path either way.
                return None;
            }
            match self.indent() {
                Some(c) if c == indent => {}
                Some(c) if c < indent => break,
                None => break,
                Some(_) => return None,
            }
        }
        Some(Value::Object(map))
    }

    /// The value after a mapping key's `:` (mapping at column `indent`),
    /// with the span the full path reports for it when it is one this
    /// reader reproduces.
    fn map_value(&mut self, indent: usize) -> Option<(Value, Option<Span>)> {
        self.spaces();
        if self.eol_at(self.i) || self.peek() == Some(b'#') {
            self.end_line()?;
            self.skip_to_content()?;
            let start = self.i;
            // Where the full path places a block value: a sequence at its
            // first `-`, a mapping at its first key's `:` (where the
            // scanner knows it is a mapping); a sequence at the key's own
            // indentation is not placed here.
            let (value, span) = match self.indent() {
                Some(c) if c > indent && self.seq_entry_here() => (
                    self.nested(|r| r.sequence(c))?,
                    Some(rest_of_line(self.s, start)),
                ),
                Some(c) if c > indent => {
                    let colon = self.key().map(|_| self.i - 1);
                    self.i = start;
                    let value = self.nested(|r| r.block_node(c))?;
                    (value, colon.map(|at| rest_of_line(self.s, at)))
                }
                Some(c) if c == indent && self.seq_entry_here() => {
                    (self.nested(|r| r.sequence(c))?, None)
                }
                _ => return Some((Value::Null, None)),
            };
            return Some((value, span));
        }
        if self.seq_entry_here() {
            return None;
        }
        self.inline_value(indent)
    }

    /// Runs `f` one level deeper; deep nesting is left to the full parser
    /// (which refuses it), so the reader's recursion stays shallow.
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let out = f(self);
        self.depth -= 1;
        out
    }

    /// A mapping or sequence starting at the cursor, at column `indent`.
    fn block_node(&mut self, indent: usize) -> Option<Value> {
        if self.seq_entry_here() {
            self.sequence(indent)
        } else if self.key_here() {
            self.mapping(indent)
        } else {
            None
        }
    }

    /// A block sequence whose `-` are at column `indent`, the cursor on the
    /// first. Leaves the cursor on the next content after it.
    fn sequence(&mut self, indent: usize) -> Option<Value> {
        let mut items = Vec::new();
        loop {
            self.i += 1;
            self.spaces();
            let item = if self.eol_at(self.i) || self.peek() == Some(b'#') {
                self.end_line()?;
                self.skip_to_content()?;
                match self.indent() {
                    Some(c) if c > indent => self.nested(|r| r.block_node(c))?,
                    _ => Value::Null,
                }
            } else if self.seq_entry_here() {
                let c = self.column();
                self.nested(|r| r.sequence(c))?
            } else if self.key_here() {
                let c = self.column();
                self.nested(|r| r.mapping(c))?
            } else {
                self.nested(|r| r.inline_value(indent))?.0
            };
            items.push(item);
            match self.indent() {
                Some(c) if c == indent && self.seq_entry_here() => {}
                Some(c) if c <= indent => break,
                None => break,
                Some(_) => return None,
            }
        }
        Some(Value::Array(items))
    }

    /// A value that starts on the current line (flow collection, quoted,
    /// block or plain scalar) inside a collection at column `indent`.
    /// Leaves the cursor on the next content after it.
    fn inline_value(&mut self, indent: usize) -> Option<(Value, Option<Span>)> {
        let start = self.i;
        let value = match self.peek()? {
            b'[' | b'{' => {
                let value = self.nested(|r| r.flow(indent))?;
                self.end_line()?;
                value
            }
            b'"' | b'\'' => {
                let value = if self.peek() == Some(b'"') {
                    self.double_quoted()?
                } else {
                    self.single_quoted()?
                };
                self.end_line()?;
                // The full path's span: the value's text when it starts
                // there, else the rest of the line.
                let span = if !value.is_empty() && self.s[start..].starts_with(value.as_str()) {
                    Span::new(start, start + value.len())
                } else {
                    rest_of_line(self.s, start)
                };
                self.skip_to_content()?;
                return Some((Value::String(value), Some(span)));
            }
            b'|' | b'>' => {
                let value = self.block_scalar(indent)?;
                self.skip_to_content()?;
                return Some((Value::String(value), None));
            }
            _ if self.indicator_here() => return None,
            _ => {
                let text = self.plain(indent)?;
                let span = if !text.is_empty() && self.s[start..].starts_with(text.as_str()) {
                    Span::new(start, start + text.len())
                } else {
                    rest_of_line(self.s, start)
                };
                self.skip_to_content()?;
                return Some((plain_scalar(&text).into_value(), Some(span)));
            }
        };
        self.skip_to_content()?;
        Some((value, Some(rest_of_line(self.s, start))))
    }

    /// A plain scalar in a block collection at column `indent`, continued
    /// on more-indented lines; the cursor is left at the start of the line
    /// after it. Returns its text, lines folded.
    fn plain(&mut self, indent: usize) -> Option<String> {
        let first = self.plain_line()?;
        let mut text = first.0.to_owned();
        let mut commented = first.1;
        self.end_line()?;
        let mut empty_lines = 0usize;
        loop {
            let line = self.i;
            self.spaces();
            if self.peek().is_none() {
                break;
            }
            if matches!(self.peek(), Some(b'\n' | b'\r')) {
                self.line_break()?;
                empty_lines += 1;
                continue;
            }
            if self.column() <= indent || self.peek() == Some(b'#') {
                self.i = line;
                break;
            }
            // A more-indented line continues the scalar, unless a comment
            // ended it (an error) or it starts with an indicator.
            if commented || self.indicator_here() {
                return None;
            }
            let (more, comment) = self.plain_line()?;
            if empty_lines == 0 {
                text.push(' ');
            } else {
                text.extend(std::iter::repeat_n('\n', empty_lines));
            }
            text.push_str(more);
            commented = comment;
            empty_lines = 0;
            self.end_line()?;
        }
        Some(text)
    }

    /// One line of a plain scalar from the cursor: its text without
    /// trailing spaces, and whether a comment follows; the cursor is left
    /// at the comment or line end.
    fn plain_line(&mut self) -> Option<(&str, bool)> {
        let start = self.i;
        let mut comment = false;
        loop {
            match self.peek() {
                None | Some(b'\n' | b'\r') => break,
                Some(b':') if matches!(self.at(self.i + 1), None | Some(b' ' | b'\n' | b'\r')) => {
                    return None
                }
                Some(b' ') if self.at(self.i + 1) == Some(b'#') => {
                    comment = true;
                    break;
                }
                Some(_) => self.i += 1,
            }
        }
        let text = self.s[start..self.i].trim_end_matches(' ');
        Some((text, comment))
    }

    /// After `"`: the scalar up to the closing `"`, on this line.
    fn double_quoted(&mut self) -> Option<String> {
        self.i += 1;
        super::quoted_on_line(self.s, &mut self.i, escape)
    }

    /// After `'`: the scalar up to the closing `'`, on this line.
    fn single_quoted(&mut self) -> Option<String> {
        self.i += 1;
        let mut out = String::new();
        let mut start = self.i;
        loop {
            match self.peek()? {
                b'\'' if self.at(self.i + 1) == Some(b'\'') => {
                    out.push_str(&self.s[start..=self.i]);
                    self.i += 2;
                    start = self.i;
                }
                b'\'' => {
                    out.push_str(&self.s[start..self.i]);
                    self.i += 1;
                    return Some(out);
                }
                b'\n' | b'\r' => return None,
                _ => self.i += 1,
            }
        }
    }

    /// A `|` or `>` block scalar whose parent collection is at column
    /// `indent`; the cursor is left at the start of the line after it.
    fn block_scalar(&mut self, indent: usize) -> Option<String> {
        let folded = self.peek() == Some(b'>');
        self.i += 1;
        let chomp = match self.peek() {
            Some(c @ (b'-' | b'+')) => {
                self.i += 1;
                c
            }
            _ => b' ',
        };
        if !matches!(self.peek(), None | Some(b' ' | b'\n' | b'\r')) {
            // An indentation indicator, or anything else.
            return None;
        }
        self.end_line()?;
        // The lines: `None` for an empty one, else the text after the
        // block's indentation.
        let mut lines: Vec<Option<&str>> = Vec::new();
        let mut block_indent = None;
        let mut leading_max = 0;
        loop {
            let line = self.i;
            self.spaces();
            let spaces = self.i - line;
            if self.peek().is_none() && spaces == 0 {
                break;
            }
            if self.eol_at(self.i) {
                match block_indent {
                    None => leading_max = leading_max.max(spaces),
                    // White space beyond the indentation is content.
                    Some(n) if spaces > n => return None,
                    Some(_) => {}
                }
                lines.push(None);
                self.line_break()?;
                continue;
            }
            let n = *block_indent.get_or_insert(spaces);
            if spaces < n {
                if spaces > indent {
                    return None;
                }
                self.i = line;
                break;
            }
            if spaces <= indent || leading_max > n {
                return None;
            }
            let end = self.s[self.i..]
                .find(['\n', '\r'])
                .map_or(self.s.len(), |e| self.i + e);
            let text = &self.s[line + n..end];
            if folded && text.starts_with(' ') {
                return None;
            }
            lines.push(Some(text));
            self.i = end;
            self.line_break()?;
        }
        // The empty lines at the end, which only chomping decides about.
        let content_end = lines.iter().rposition(Option::is_some).map_or(0, |p| p + 1);
        if content_end == 0 {
            return None;
        }
        let trailing = lines.len() - content_end;
        // Literal: the lines joined with breaks (an empty line is one
        // break). Folded: a single break between two lines is a space, a
        // run of empty lines is that many breaks; leading empty lines are
        // breaks in both.
        let mut out = String::new();
        let mut previous_text = false;
        let mut empty_run = 0;
        for line in &lines[..content_end] {
            match line {
                None => {
                    empty_run += 1;
                    if !folded || !previous_text {
                        out.push('\n');
                    }
                }
                Some(text) => {
                    if previous_text {
                        if !folded {
                            out.push('\n');
                        } else if empty_run == 0 {
                            out.push(' ');
                        } else {
                            out.extend(std::iter::repeat_n('\n', empty_run));
                        }
                    }
                    out.push_str(text);
                    previous_text = true;
                    empty_run = 0;
                }
            }
        }
        match chomp {
            b'-' => {}
            b'+' => out.extend(std::iter::repeat_n('\n', 1 + trailing)),
            _ => out.push('\n'),
        }
        Some(out)
    }

    /// A flow collection at the cursor (`[` or `{`) inside a block
    /// collection at column `indent`; continuation lines must be indented
    /// more. The cursor is left after the closing bracket.
    fn flow(&mut self, indent: usize) -> Option<Value> {
        let open = self.peek()?;
        self.i += 1;
        if open == b'[' {
            let mut items = Vec::new();
            loop {
                self.flow_space(indent)?;
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return Some(Value::Array(items));
                }
                items.push(self.flow_node(indent)?);
                self.flow_space(indent)?;
                match self.peek()? {
                    b',' => self.i += 1,
                    b']' => {
                        self.i += 1;
                        return Some(Value::Array(items));
                    }
                    _ => return None,
                }
            }
        }
        let mut map = Map::new();
        let mut identities = Vec::new();
        loop {
            self.flow_space(indent)?;
            if self.peek() == Some(b'}') {
                self.i += 1;
                return Some(Value::Object(map));
            }
            let (key, ids) = match self.peek()? {
                b'"' => typed_key(&self.double_quoted()?, true),
                b'\'' => typed_key(&self.single_quoted()?, true),
                _ => typed_key(self.flow_plain(true)?, false),
            };
            for (n, id) in ids.into_iter().enumerate() {
                if identities.contains(&(n, id.clone())) {
                    return None;
                }
                identities.push((n, id));
            }
            self.spaces();
            if self.peek() != Some(b':') || self.at(self.i + 1) != Some(b' ') {
                return None;
            }
            self.i += 1;
            self.flow_space(indent)?;
            let value = self.flow_node(indent)?;
            if map.insert(key, value).is_some() {
                return None;
            }
            self.flow_space(indent)?;
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    return Some(Value::Object(map));
                }
                _ => return None,
            }
        }
    }

    /// Spaces, comments and line breaks inside a flow collection.
    fn flow_space(&mut self, indent: usize) -> Option<()> {
        loop {
            let before = self.i;
            self.spaces();
            if self.peek() == Some(b'#') {
                if self.i == before {
                    return None;
                }
                while !self.eol_at(self.i) {
                    self.i += 1;
                }
            }
            if !matches!(self.peek(), Some(b'\n' | b'\r')) {
                return Some(());
            }
            self.line_break()?;
            let line = self.i;
            self.spaces();
            // Continuation lines are indented more than the collection
            // holding the flow, a closing bracket too (yaml-rust2 takes one
            // at the key's column at the end of the text, not before a next
            // key: left to it).
            if !self.eol_at(self.i) && self.i - line <= indent {
                return None;
            }
        }
    }

    fn flow_node(&mut self, indent: usize) -> Option<Value> {
        match self.peek()? {
            b'[' | b'{' => self.nested(|r| r.flow(indent)),
            b'"' => self.double_quoted().map(Value::String),
            b'\'' => self.single_quoted().map(Value::String),
            _ => Some(plain_scalar(self.flow_plain(false)?).into_value()),
        }
    }

    /// A plain scalar inside a flow collection, on one line; a key ends at
    /// `: `, and a `:` anywhere in a value is left to the full parser.
    fn flow_plain(&mut self, key: bool) -> Option<&str> {
        if self.indicator_here() {
            return None;
        }
        let start = self.i;
        loop {
            match self.peek() {
                None | Some(b'\n' | b'\r' | b',' | b'[' | b']' | b'{' | b'}') => break,
                Some(b':') if key && self.at(self.i + 1) == Some(b' ') => break,
                // (yaml-rust2 refuses `-` before a flow indicator.)
                Some(b'-')
                    if matches!(self.at(self.i + 1), Some(b',' | b'[' | b']' | b'{' | b'}')) =>
                {
                    return None
                }
                Some(b':' | b'#' | b'"' | b'\'') => return None,
                Some(_) => self.i += 1,
            }
        }
        let text = self.s[start..self.i].trim_end_matches(' ');
        (!text.is_empty()).then_some(text)
    }
}
