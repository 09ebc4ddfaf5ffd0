//! Folio's own reader for TOML front matter: the subset real posts and site
//! configurations use, read into exactly the values the `toml` crate's path
//! gives (see `full.rs`), in a few kilobytes of code instead of the crate's
//! fifty.
//!
//! Key/value pairs with bare, quoted and dotted keys; basic, literal and
//! multi-line strings with TOML's escapes; integers (with `_`, hex, octal,
//! binary), floats, booleans; offset and local date-times and dates; arrays
//! (over several lines, with a trailing comma); one-line inline tables;
//! `[table]` and `[[array of tables]]` headers; comments.
//!
//! Anything else, and anything invalid, is `None` ("not read here"): the
//! caller then uses the full parser, or sends the post to the engine that has
//! it. The reader never guesses: a table defined in a way whose key order or
//! validity needs the full rules (a super-table after its sub-table, a header
//! into a dotted-key table, TOML 1.1's multi-line inline tables, `inf`,
//! integers past `i64`) is `None` too.

use serde_json::{Map, Number, Value};

use super::formats::Read;
use crate::diagnostics::Span;

/// Reads `text`, or `None` when it is outside the subset or invalid.
pub(super) fn read(text: &str) -> Option<Read> {
    let bytes = text.as_bytes();
    // Control characters (other than tab and CRLF's CR) are errors in TOML
    // or need its finer rules: not read here.
    for (i, &b) in bytes.iter().enumerate() {
        if (b < 0x20
            && b != b'\t'
            && b != b'\n'
            && !(b == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
            || b == 0x7f
        {
            return None;
        }
    }
    let mut reader = Reader {
        s: text,
        b: bytes,
        i: 0,
        depth: 0,
    };
    let mut root = Table::new(Kind::Header);
    let mut spans = Vec::new();
    // The keys of the current `[table]` (empty: the root).
    let mut current: Vec<String> = Vec::new();
    loop {
        reader.blank_lines()?;
        match reader.peek() {
            None => break,
            Some(b'[') => {
                let array = reader.b.get(reader.i + 1) == Some(&b'[');
                reader.i += if array { 2 } else { 1 };
                reader.spaces();
                let keys = reader.dotted_key()?;
                reader.spaces();
                reader.expect(b']')?;
                if array {
                    reader.expect(b']')?;
                }
                reader.end_of_line()?;
                define_header(&mut root, &keys, array)?;
                current = keys;
            }
            Some(_) => {
                let keys = reader.dotted_key()?;
                reader.spaces();
                reader.expect(b'=')?;
                reader.spaces();
                let start = reader.i;
                let value = reader.value()?;
                let end = reader.i;
                reader.end_of_line()?;
                if current.is_empty() && keys.len() == 1 {
                    spans.push((keys[0].to_lowercase(), Span::new(start, end)));
                }
                let table = table_at(&mut root, &current)?;
                insert_dotted(table, &keys, value, Kind::Dotted)?;
            }
        }
    }
    Some(Read {
        map: root.into_map()?,
        spans,
    })
}

/// How a table came to be, for TOML's rules on defining it again.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `[a]`, an element of `[[a]]`, or the root.
    Header,
    /// `a` in `[a.b]` before any `[a]`.
    Implicit,
    /// `a` in `a.b = 1`.
    Dotted,
}

struct Table {
    kind: Kind,
    /// Keys as written (TOML keys are case-sensitive), in the order they
    /// first appear, which is the order the full path gives back.
    entries: Vec<(String, Item)>,
}

enum Item {
    Value(Value),
    Table(Table),
    /// `[[a]]`'s tables.
    Tables(Vec<Table>),
}

impl Table {
    fn new(kind: Kind) -> Table {
        Table {
            kind,
            entries: Vec::new(),
        }
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.entries.iter().position(|(k, _)| k == key)
    }

    /// Where `key` is, after adding it as an empty table of `kind` if it was
    /// not there (the parents of a header or a dotted key).
    fn child(&mut self, key: &str, kind: Kind) -> usize {
        self.position(key).unwrap_or_else(|| {
            self.entries
                .push((key.to_owned(), Item::Table(Table::new(kind))));
            self.entries.len() - 1
        })
    }

    /// The JSON object, keys lower-cased; `None` when two keys differ only
    /// in case (the full path keeps the later value at the earlier place:
    /// left to it).
    fn into_map(self) -> Option<Map<String, Value>> {
        let mut map = Map::with_capacity(self.entries.len());
        for (key, item) in self.entries {
            let value = match item {
                Item::Value(value) => value,
                Item::Table(table) => Value::Object(table.into_map()?),
                Item::Tables(tables) => Value::Array(
                    tables
                        .into_iter()
                        .map(|t| t.into_map().map(Value::Object))
                        .collect::<Option<_>>()?,
                ),
            };
            // Most keys are lower case already: kept, not copied.
            let key = if key
                .bytes()
                .any(|b| !b.is_ascii_lowercase() && !b.is_ascii_digit() && b != b'_' && b != b'-')
            {
                key.to_lowercase()
            } else {
                key
            };
            if map.insert(key, value).is_some() {
                return None;
            }
        }
        Some(map)
    }
}

/// The table the key/value lines after header `path` go to.
fn table_at<'t>(root: &'t mut Table, path: &[String]) -> Option<&'t mut Table> {
    let mut table = root;
    for key in path {
        let at = table.position(key)?;
        table = match &mut table.entries[at].1 {
            Item::Table(t) => t,
            Item::Tables(ts) => ts.last_mut()?,
            Item::Value(_) => return None,
        };
    }
    Some(table)
}

/// `[keys]` or `[[keys]]`.
fn define_header(root: &mut Table, keys: &[String], array: bool) -> Option<()> {
    let (last, parents) = keys.split_last()?;
    let mut table = root;
    for key in parents {
        let at = table.child(key, Kind::Implicit);
        table = match &mut table.entries[at].1 {
            Item::Table(t) if t.kind != Kind::Dotted => t,
            Item::Tables(ts) => ts.last_mut()?,
            _ => return None,
        };
    }
    match (table.position(last), array) {
        (None, false) => table
            .entries
            .push((last.clone(), Item::Table(Table::new(Kind::Header)))),
        (None, true) => table
            .entries
            .push((last.clone(), Item::Tables(vec![Table::new(Kind::Header)]))),
        (Some(at), true) => match &mut table.entries[at].1 {
            Item::Tables(ts) => ts.push(Table::new(Kind::Header)),
            _ => return None,
        },
        // Defined again, or a super-table after its sub-table: the full
        // rules decide.
        (Some(_), false) => return None,
    }
    Some(())
}

/// `a.b.c = value` in `table`: the intermediate tables are created as
/// `kind` or must already be of that kind.
fn insert_dotted(table: &mut Table, keys: &[String], value: Value, kind: Kind) -> Option<()> {
    let (last, parents) = keys.split_last()?;
    let mut table = table;
    for key in parents {
        let at = table.child(key, kind);
        table = match &mut table.entries[at].1 {
            Item::Table(t) if t.kind == kind => t,
            _ => return None,
        };
    }
    if table.position(last).is_some() {
        return None;
    }
    table.entries.push((last.clone(), Item::Value(value)));
    Some(())
}

struct Reader<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    /// How deep in arrays and inline tables the cursor is.
    depth: usize,
}

/// How deep arrays and inline tables may nest here (deeper is left to the
/// full parser, so the reader's recursion stays shallow).
const MAX_DEPTH: usize = 64;

/// After a `\` in a basic string: the escaped character (TOML 1.0's
/// escapes; `\e` and `\x` are TOML 1.1's, left to the full parser).
fn escape(s: &str, i: &mut usize) -> Option<char> {
    let c = *s.as_bytes().get(*i)?;
    *i += 1;
    Some(match c {
        b'b' => '\u{8}',
        b't' => '\t',
        b'n' => '\n',
        b'f' => '\u{c}',
        b'r' => '\r',
        b'"' => '"',
        b'\\' => '\\',
        b'u' => super::hex_escape(s, i, 4)?,
        b'U' => super::hex_escape(s, i, 8)?,
        _ => return None,
    })
}

fn is_bare(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        (self.peek() == Some(b)).then(|| self.i += 1)
    }

    fn spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    /// A line break (LF or CRLF) at the cursor, consumed.
    fn newline(&mut self) -> bool {
        match self.peek() {
            Some(b'\n') => self.i += 1,
            Some(b'\r') => self.i += 2,
            _ => return false,
        }
        true
    }

    fn comment(&mut self) {
        if self.peek() == Some(b'#') {
            while !matches!(self.peek(), None | Some(b'\n' | b'\r')) {
                self.i += 1;
            }
        }
    }

    /// Spaces, a comment, then the end of the line or of the text.
    fn end_of_line(&mut self) -> Option<()> {
        self.spaces();
        self.comment();
        (self.peek().is_none() || self.newline()).then_some(())
    }

    /// Skips lines holding only spaces and comments.
    fn blank_lines(&mut self) -> Option<()> {
        loop {
            let start = self.i;
            self.spaces();
            self.comment();
            if self.peek().is_none() {
                return Some(());
            }
            if !self.newline() {
                self.i = start;
                self.spaces();
                return Some(());
            }
        }
    }

    /// Spaces, newlines and comments inside an array.
    fn array_space(&mut self) {
        loop {
            self.spaces();
            self.comment();
            if !self.newline() {
                return;
            }
        }
    }

    fn dotted_key(&mut self) -> Option<Vec<String>> {
        let mut keys = vec![self.simple_key()?];
        loop {
            let save = self.i;
            self.spaces();
            if self.peek() != Some(b'.') {
                self.i = save;
                return Some(keys);
            }
            self.i += 1;
            self.spaces();
            keys.push(self.simple_key()?);
        }
    }

    fn simple_key(&mut self) -> Option<String> {
        match self.peek()? {
            b'"' => {
                self.i += 1;
                self.basic_string()
            }
            b'\'' => {
                self.i += 1;
                self.literal_string()
            }
            b if is_bare(b) => {
                let start = self.i;
                while self.peek().is_some_and(is_bare) {
                    self.i += 1;
                }
                Some(self.s[start..self.i].to_owned())
            }
            _ => None,
        }
    }

    fn value(&mut self) -> Option<Value> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let value = self.value_here();
        self.depth -= 1;
        value
    }

    fn value_here(&mut self) -> Option<Value> {
        match self.peek()? {
            b'"' if self.b[self.i..].starts_with(b"\"\"\"") => {
                self.i += 3;
                self.multi_line_string(b'"').map(Value::String)
            }
            b'\'' if self.b[self.i..].starts_with(b"'''") => {
                self.i += 3;
                self.multi_line_string(b'\'').map(Value::String)
            }
            b'"' => {
                self.i += 1;
                self.basic_string().map(Value::String)
            }
            b'\'' => {
                self.i += 1;
                self.literal_string().map(Value::String)
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.array_space();
                    if self.expect(b']').is_some() {
                        return Some(Value::Array(items));
                    }
                    items.push(self.value()?);
                    self.array_space();
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
            b'{' => {
                self.i += 1;
                let mut table = Table::new(Kind::Header);
                self.spaces();
                if self.expect(b'}').is_some() {
                    return Some(Value::Object(Map::new()));
                }
                loop {
                    self.spaces();
                    let keys = self.dotted_key()?;
                    self.spaces();
                    self.expect(b'=')?;
                    self.spaces();
                    let value = self.value()?;
                    insert_dotted(&mut table, &keys, value, Kind::Dotted)?;
                    self.spaces();
                    match self.peek()? {
                        // (TOML 1.1's trailing comma is left to the full
                        // parser.)
                        b',' => self.i += 1,
                        b'}' => {
                            self.i += 1;
                            return table.into_map().map(Value::Object);
                        }
                        _ => return None,
                    }
                }
            }
            _ => self.scalar(),
        }
    }

    /// After the opening `"`: the string up to the closing one, on one line.
    fn basic_string(&mut self) -> Option<String> {
        super::quoted_on_line(self.s, &mut self.i, escape)
    }

    fn literal_string(&mut self) -> Option<String> {
        let start = self.i;
        loop {
            match self.peek()? {
                b'\'' => {
                    self.i += 1;
                    return Some(self.s[start..self.i - 1].to_owned());
                }
                b'\n' | b'\r' => return None,
                _ => self.i += 1,
            }
        }
    }

    /// After `"""` or `'''`: the string up to the closing delimiter.
    fn multi_line_string(&mut self, quote: u8) -> Option<String> {
        // A newline right after the opening delimiter is not content.
        self.newline();
        let mut out = String::new();
        let mut start = self.i;
        loop {
            match self.peek()? {
                // How CRLF inside the string reads is left to the full parser.
                b'\r' => return None,
                q if q == quote => {
                    let run = self.b[self.i..].iter().take_while(|&&b| b == quote).count();
                    if run < 3 {
                        self.i += run;
                        continue;
                    }
                    if run > 5 {
                        return None;
                    }
                    // Up to two quotes just before the delimiter are content.
                    out.push_str(&self.s[start..self.i + run - 3]);
                    self.i += run;
                    return Some(out);
                }
                b'\\' if quote == b'"' => {
                    out.push_str(&self.s[start..self.i]);
                    self.i += 1;
                    let save = self.i;
                    self.spaces();
                    if matches!(self.peek(), Some(b'\n' | b'\r')) {
                        // A line-ending backslash: the break and the white
                        // space after it go.
                        loop {
                            self.spaces();
                            if !self.newline() {
                                break;
                            }
                        }
                    } else {
                        self.i = save;
                        out.push(escape(self.s, &mut self.i)?);
                    }
                    start = self.i;
                }
                _ => self.i += 1,
            }
        }
    }

    /// A number, boolean or date-time, up to the next delimiter.
    fn scalar(&mut self) -> Option<Value> {
        let start = self.i;
        let token_byte =
            |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-' | b'.' | b':');
        while self.peek().is_some_and(token_byte) {
            self.i += 1;
        }
        // `1979-05-27 07:32:00`: a space between date and time.
        let date_like = |t: &[u8]| {
            t.len() == 10
                && t[4] == b'-'
                && t[7] == b'-'
                && t.iter().filter(|b| b.is_ascii_digit()).count() == 8
        };
        if date_like(&self.b[start..self.i])
            && self.peek() == Some(b' ')
            && self
                .b
                .get(self.i + 1..self.i + 4)
                .is_some_and(|t| t[0].is_ascii_digit() && t[1].is_ascii_digit() && t[2] == b':')
        {
            self.i += 1;
            while self.peek().is_some_and(token_byte) {
                self.i += 1;
            }
        }
        if !matches!(
            self.peek(),
            None | Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'}' | b'#')
        ) {
            return None;
        }
        let token = &self.s[start..self.i];
        match token {
            "true" => return Some(Value::Bool(true)),
            "false" => return Some(Value::Bool(false)),
            _ => {}
        }
        if date_like(token.get(..10.min(token.len()))?.as_bytes()) {
            return datetime(token).map(Value::String);
        }
        if token.as_bytes().get(2) == Some(&b':') {
            // A local time.
            let mut out = String::new();
            return (time(token, &mut out)? == token.len()).then_some(Value::String(out));
        }
        number(token)
    }
}

/// Digits of `radix` with single `_` between digits; the digits alone.
fn digits(text: &str, radix: u32) -> Option<String> {
    let bytes = text.as_bytes();
    let digit = |b: &u8| (*b as char).is_digit(radix);
    if !bytes.first().is_some_and(digit) || !bytes.last().is_some_and(digit) {
        return None;
    }
    if bytes.windows(2).any(|w| w[0] == b'_' && w[1] == b'_') {
        return None;
    }
    if !bytes.iter().all(|b| digit(b) || *b == b'_') {
        return None;
    }
    Some(text.replace('_', ""))
}

fn number(token: &str) -> Option<Value> {
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = token.strip_prefix(prefix) {
            let value = i64::from_str_radix(&digits(rest, radix)?, radix).ok()?;
            return Some(Value::from(value));
        }
    }
    let unsigned = token.strip_prefix(['+', '-']).unwrap_or(token);
    // The integer part: no leading zeros.
    let int_len = unsigned
        .bytes()
        .position(|b| b == b'.' || b == b'e' || b == b'E')
        .unwrap_or(unsigned.len());
    let int_part = digits(&unsigned[..int_len], 10)?;
    if int_part.len() > 1 && int_part.starts_with('0') {
        return None;
    }
    let rest = &unsigned[int_len..];
    if rest.is_empty() {
        let sign = if token.starts_with('-') { "-" } else { "" };
        return format!("{sign}{int_part}")
            .parse::<i64>()
            .ok()
            .map(Value::from);
    }
    let (fraction, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    let mut clean = String::with_capacity(token.len());
    if token.starts_with('-') {
        clean.push('-');
    }
    clean.push_str(&int_part);
    if !fraction.is_empty() {
        clean.push('.');
        clean.push_str(&digits(fraction.strip_prefix('.')?, 10)?);
    }
    if let Some(exponent) = exponent {
        clean.push('e');
        let unsigned = match exponent.strip_prefix(['+', '-']) {
            Some(rest) => {
                clean.push_str(&exponent[..1]);
                rest
            }
            None => exponent,
        };
        clean.push_str(&digits(unsigned, 10)?);
    }
    let float: f64 = clean.parse().ok()?;
    // `inf`, `nan` and overflow to infinity are left to the full path.
    Number::from_f64(float)
        .filter(|_| float.is_finite())
        .map(Value::Number)
}

/// Two ASCII digits at `at` of `b`, as a number.
fn two_digits(b: &[u8], at: usize) -> Option<u32> {
    match b.get(at..at + 2)? {
        [x, y] if x.is_ascii_digit() && y.is_ascii_digit() => {
            Some(u32::from(x - b'0') * 10 + u32::from(y - b'0'))
        }
        _ => None,
    }
}

/// `HH:MM:SS[.fraction]` at the start of `text` (seconds required here),
/// appended to `out` as the `toml` crate prints it; returns its length.
fn time(text: &str, out: &mut String) -> Option<usize> {
    let b = text.as_bytes();
    if b.get(2) != Some(&b':') || b.get(5) != Some(&b':') {
        return None;
    }
    let (hour, minute, second) = (two_digits(b, 0)?, two_digits(b, 3)?, two_digits(b, 6)?);
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    out.push_str(&text[..8]);
    let mut at = 8;
    if b.get(at) == Some(&b'.') {
        let len = b[at + 1..]
            .iter()
            .take_while(|d| d.is_ascii_digit())
            .count();
        if !(1..=9).contains(&len) {
            return None;
        }
        let fraction = text[at + 1..at + 1 + len].trim_end_matches('0');
        out.push('.');
        out.push_str(if fraction.is_empty() { "0" } else { fraction });
        at += 1 + len;
    }
    Some(at)
}

/// A TOML date, or date-time with seconds, printed as the `toml` crate
/// prints it (RFC 3339, `T` between date and time, `Z` upper-case, the
/// fraction without trailing zeros).
fn datetime(token: &str) -> Option<String> {
    let b = token.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(range)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    if day == 0 || day > days {
        return None;
    }
    let mut out = token[..10].to_owned();
    if b.len() == 10 {
        return Some(out);
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    out.push('T');
    let at = 11 + time(&token[11..], &mut out)?;
    match b.get(at) {
        None => {}
        Some(b'Z' | b'z') if b.len() == at + 1 => out.push('Z'),
        Some(sign @ (b'+' | b'-')) if b.len() == at + 6 && b[at + 3] == b':' => {
            let (hours, minutes) = (num(at + 1..at + 3)?, num(at + 4..at + 6)?);
            // `-00:00` prints as `+00:00`: left to the full path.
            if hours > 23 || minutes > 59 || (hours == 0 && minutes == 0 && *sign == b'-') {
                return None;
            }
            out.push_str(&token[at..]);
        }
        _ => return None,
    }
    Some(out)
}
