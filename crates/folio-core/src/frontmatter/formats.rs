//! The three front matter languages, each turned into one JSON object with
//! lower-cased keys (Hugo's params are case-insensitive), plus a way to find
//! where a top-level key's value is written, so later checks (a bad date, a
//! non-numeric weight) can point at it.
//!
//! Every span here is relative to the front matter text handed in; the
//! caller shifts it into the whole file.

use serde_json::{Map, Number, Value};
use toml::de::{DeTable, DeValue};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;
use yaml_rust2::scanner::TScalarStyle;
use yaml_rust2::{Yaml, YamlLoader};

use super::Format;
use crate::diagnostics::{LineIndex, Span};

/// A problem found by a format's parser, in front matter coordinates, with
/// the parser's message already made readable.
#[derive(Debug)]
pub(super) struct LocalError {
    pub span: Span,
    pub message: String,
}

/// Parses front matter `text` written in `format` into a JSON object.
pub(super) fn parse(format: Format, text: &str) -> Result<Map<String, Value>, LocalError> {
    match format {
        Format::Toml => parse_toml(text),
        Format::Yaml => parse_yaml(text),
        Format::Json => parse_json(text),
    }
}

/// Where the value of top-level `key` (lower-case) is written, if it can be
/// found; the span covers the value, or at least the rest of its line.
pub(super) fn value_span(format: Format, text: &str, key: &str) -> Option<Span> {
    match format {
        Format::Toml => toml_value_span(text, key),
        Format::Yaml => yaml_value_span(text, key),
        Format::Json => json_value_span(text, key),
    }
}

/// Parsers' messages are often multi-line and capitalised; a diagnostic
/// wants one line that reads on after "front matter (TOML): ".
fn humanize(message: &str) -> String {
    let line = message
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("invalid syntax");
    let mut chars = line.chars();
    match (chars.next(), chars.next()) {
        // Keep acronyms such as "TOML" or "EOF" as they are.
        (Some(first), second)
            if first.is_uppercase() && !second.is_some_and(char::is_uppercase) =>
        {
            first
                .to_lowercase()
                .chain(line[first.len_utf8()..].chars())
                .collect()
        }
        _ => line.to_owned(),
    }
}

/// The span of the character at byte `offset` of `text` (empty at the end).
fn char_span(text: &str, offset: usize) -> Span {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let len = text[offset..].chars().next().map_or(0, char::len_utf8);
    Span::new(offset, offset + len)
}

/// From `offset` to the end of its line, trailing white space excluded.
fn rest_of_line(text: &str, offset: usize) -> Span {
    let start = char_span(text, offset).start;
    let line = text[start..].split('\n').next().unwrap_or("");
    Span::new(start, start + line.trim_end().len())
}

// ---------------------------------------------------------------- TOML

fn parse_toml(text: &str) -> Result<Map<String, Value>, LocalError> {
    let table = DeTable::parse(text).map_err(|error| LocalError {
        span: error
            .span()
            .map_or(Span::new(0, 0), |r| Span::new(r.start, r.end)),
        message: humanize(error.message()),
    })?;
    Ok(toml_table_to_json(table.get_ref()))
}

fn toml_table_to_json(table: &DeTable<'_>) -> Map<String, Value> {
    // The table is sorted by key; authors expect params in written order,
    // and the key spans give it back.
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
        .into_iter()
        .map(|(key, value)| (key.get_ref().to_lowercase(), toml_to_json(value.get_ref())))
        .collect()
}

fn toml_to_json(value: &DeValue<'_>) -> Value {
    match value {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .map(Value::from)
            .or_else(|_| u64::from_str_radix(i.as_str(), i.radix()).map(Value::from))
            .unwrap_or_else(|_| Value::String(i.to_string())),
        DeValue::Float(f) => f
            .as_str()
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map_or_else(|| Value::String(f.to_string()), Value::Number),
        DeValue::Boolean(b) => Value::Bool(*b),
        // Display prints RFC 3339 (or the local date / time as written).
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => items.iter().map(|v| toml_to_json(v.get_ref())).collect(),
        DeValue::Table(table) => Value::Object(toml_table_to_json(table)),
    }
}

fn toml_value_span(text: &str, key: &str) -> Option<Span> {
    let table = DeTable::parse(text).ok()?;
    table
        .get_ref()
        .iter()
        .find(|(k, _)| k.get_ref().to_lowercase() == key)
        .map(|(_, v)| Span::new(v.span().start, v.span().end))
}

// ---------------------------------------------------------------- YAML

fn parse_yaml(text: &str) -> Result<Map<String, Value>, LocalError> {
    let documents = YamlLoader::load_from_str(text).map_err(|error| LocalError {
        span: yaml_marker_span(text, error.marker()),
        message: yaml_message(error.info()),
    })?;
    // Loaded again (the first load reports errors, which the loader keeps
    // to itself when driven by hand) with YAML 1.1's booleans.
    let documents = yaml11_documents(text).unwrap_or(documents);
    match documents.into_iter().next() {
        None | Some(Yaml::Null) => Ok(Map::new()),
        Some(Yaml::Hash(hash)) => Ok(yaml_hash_to_json(&hash)),
        Some(other) => Err(LocalError {
            span: Span::new(0, text.trim_end().len()),
            message: format!("expected key: value pairs, found {}", yaml_kind(&other)),
        }),
    }
}

/// Hugo 0.111.3 reads front matter with `gopkg.in/yaml.v2`, which is YAML
/// 1.1: a plain (unquoted) `yes`, `y`, `on` is true and `no`, `n`, `off`
/// false, in three casings (`draft: yes` is a draft; `draft: 'yes'` is the
/// string, which Hugo's `cast` reads as false). yaml-rust2 is YAML 1.2, so
/// such scalars are handed to its loader as `true` / `false`.
struct Yaml11Booleans(YamlLoader);

impl MarkedEventReceiver for Yaml11Booleans {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let event = match event {
            Event::Scalar(value, TScalarStyle::Plain, anchor, None) => {
                let value = match value.as_str() {
                    "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => "true".to_string(),
                    "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => "false".to_string(),
                    _ => value,
                };
                Event::Scalar(value, TScalarStyle::Plain, anchor, None)
            }
            other => other,
        };
        self.0.on_event(event, mark);
    }
}

fn yaml11_documents(text: &str) -> Option<Vec<Yaml>> {
    let mut receiver = Yaml11Booleans(YamlLoader::default());
    Parser::new(text.chars()).load(&mut receiver, true).ok()?;
    Some(receiver.0.documents().to_vec())
}

/// yaml-rust2 words a duplicate key as `String("a"): duplicated key in
/// mapping`, showing its internal representation; say it plainly.
fn yaml_message(info: &str) -> String {
    if let Some(key) = info.strip_suffix(": duplicated key in mapping") {
        // `String("a")` or `Integer(1)`: keep what is inside the brackets.
        let key = key
            .split_once('(')
            .filter(|(variant, _)| variant.chars().all(|c| c.is_ascii_alphabetic()))
            .and_then(|(_, inner)| inner.strip_suffix(')'))
            .unwrap_or(key);
        return format!("duplicate key {key}");
    }
    humanize(info)
}

fn yaml_kind(value: &Yaml) -> &'static str {
    match value {
        Yaml::Array(_) => "a list",
        Yaml::Hash(_) => "a mapping",
        Yaml::String(_) | Yaml::Integer(_) | Yaml::Real(_) | Yaml::Boolean(_) => "a single value",
        _ => "no mapping",
    }
}

/// yaml-rust2 markers carry a 1-based line and a 0-based column counted in
/// characters.
fn yaml_marker_span(text: &str, marker: &Marker) -> Span {
    let offset = LineIndex::new(text).offset(marker.line(), marker.col() + 1);
    char_span(text, offset)
}

fn yaml_key_string(key: &Yaml) -> String {
    match key {
        Yaml::String(s) | Yaml::Real(s) => s.to_lowercase(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        Yaml::Null => "null".to_owned(),
        other => format!("{other:?}").to_lowercase(),
    }
}

fn yaml_hash_to_json(hash: &yaml_rust2::yaml::Hash) -> Map<String, Value> {
    hash.iter()
        .map(|(key, value)| (yaml_key_string(key), yaml_to_json(value)))
        .collect()
}

fn yaml_to_json(value: &Yaml) -> Value {
    match value {
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::Real(s) => value
            .as_f64()
            .and_then(Number::from_f64)
            .map_or_else(|| Value::String(s.clone()), Value::Number),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(items) => items.iter().map(yaml_to_json).collect(),
        Yaml::Hash(hash) => Value::Object(yaml_hash_to_json(hash)),
        Yaml::Alias(_) | Yaml::Null | Yaml::BadValue => Value::Null,
    }
}

/// Follows the parser's events to pair each key of the root mapping with
/// the position of its value.
#[derive(Default)]
struct YamlTopLevelKeys {
    depth: usize,
    expecting_key: bool,
    pending_key: Option<String>,
    /// Each key with its value's position and, for a scalar, its text.
    found: Vec<(String, Marker, Option<String>)>,
}

impl YamlTopLevelKeys {
    fn root_child(&mut self, mark: Marker, scalar: Option<&str>) {
        if self.expecting_key {
            self.pending_key = scalar.map(str::to_lowercase);
        } else if let Some(key) = self.pending_key.take() {
            self.found.push((key, mark, scalar.map(str::to_owned)));
        }
        self.expecting_key = !self.expecting_key;
    }
}

impl MarkedEventReceiver for YamlTopLevelKeys {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if self.depth == 0 {
                    self.expecting_key = true;
                } else if self.depth == 1 {
                    self.root_child(mark, None);
                }
                self.depth += 1;
            }
            Event::MappingEnd | Event::SequenceEnd => self.depth = self.depth.saturating_sub(1),
            Event::Scalar(value, ..) if self.depth == 1 => self.root_child(mark, Some(&value)),
            Event::Alias(_) if self.depth == 1 => self.root_child(mark, None),
            _ => {}
        }
    }
}

fn yaml_value_span(text: &str, key: &str) -> Option<Span> {
    let mut keys = YamlTopLevelKeys::default();
    Parser::new_from_str(text).load(&mut keys, false).ok()?;
    let (_, mark, scalar) = keys.found.into_iter().find(|(k, _, _)| k == key)?;
    let start = LineIndex::new(text).offset(mark.line(), mark.col() + 1);
    // A plain scalar is exactly its text, which leaves out a trailing
    // comment; anything else (quoted, block, flow) gets the rest of the line.
    match scalar {
        Some(value) if !value.is_empty() && text[start..].starts_with(value.as_str()) => {
            Some(Span::new(start, start + value.len()))
        }
        _ => Some(rest_of_line(text, start)),
    }
}

// ---------------------------------------------------------------- JSON

fn parse_json(text: &str) -> Result<Map<String, Value>, LocalError> {
    let object: Map<String, Value> = serde_json::from_str(text).map_err(|error| {
        // serde_json reports a 1-based line and a 1-based byte column.
        let index = LineIndex::new(text);
        let line_start = index.offset(error.line(), 1);
        let offset = line_start + error.column().saturating_sub(1);
        let message = error.to_string();
        let message = message
            .rfind(" at line ")
            .map_or(message.as_str(), |at| &message[..at]);
        LocalError {
            span: char_span(text, offset),
            message: humanize(message),
        }
    })?;
    Ok(lowercase_keys(object))
}

fn lowercase_keys(object: Map<String, Value>) -> Map<String, Value> {
    object
        .into_iter()
        .map(|(key, value)| (key.to_lowercase(), lowercase_value(value)))
        .collect()
}

fn lowercase_value(value: Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(lowercase_keys(object)),
        Value::Array(items) => items.into_iter().map(lowercase_value).collect(),
        other => other,
    }
}

/// The byte just past the `}` or `]` closing the bracket at `open`, skipping
/// brackets inside strings (and escaped quotes inside those strings).
pub(super) fn matching_bracket_end(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, &byte) in bytes.iter().enumerate().skip(open) {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The end of the JSON value starting at `start`: a string, an object or
/// array, or a bare scalar running to the next `,`, `}`, `]` or space.
fn json_value_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    match bytes.get(start)? {
        b'{' | b'[' => matching_bracket_end(text, start),
        b'"' => {
            let mut escaped = false;
            for (i, &byte) in bytes.iter().enumerate().skip(start + 1) {
                match byte {
                    _ if escaped => escaped = false,
                    b'\\' => escaped = true,
                    b'"' => return Some(i + 1),
                    _ => {}
                }
            }
            None
        }
        _ => Some(
            bytes[start..]
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace())
                .map_or(bytes.len(), |len| start + len),
        ),
    }
}

fn json_value_span(text: &str, key: &str) -> Option<Span> {
    let bytes = text.as_bytes();
    let skip_space = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    let mut i = skip_space(0);
    if bytes.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    loop {
        i = skip_space(i);
        if bytes.get(i) != Some(&b'"') {
            return None;
        }
        let key_end = json_value_end(text, i)?;
        let this_key: String = serde_json::from_str(text.get(i..key_end)?).ok()?;
        i = skip_space(key_end);
        if bytes.get(i) != Some(&b':') {
            return None;
        }
        let value_start = skip_space(i + 1);
        let value_end = json_value_end(text, value_start)?;
        if this_key.to_lowercase() == key {
            return Some(Span::new(value_start, value_end));
        }
        i = skip_space(value_end);
        if bytes.get(i) != Some(&b',') {
            return None;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn located<'a>(format: Format, text: &'a str, key: &str) -> Option<&'a str> {
        value_span(format, text, key).map(|s| &text[s.start..s.end])
    }

    #[test]
    fn humanize_keeps_first_line_and_lowercases() {
        assert_eq!(humanize("Expected `=`\nmore"), "expected `=`");
        assert_eq!(humanize("\n  EOF while parsing"), "EOF while parsing");
        assert_eq!(humanize(""), "invalid syntax");
        assert_eq!(humanize("Élan"), "élan");
    }

    #[test]
    fn brackets_match_outside_strings_only() {
        let text = r#"{"a": "}{\"}", "b": [1, {"c": "]"}]} tail"#;
        assert_eq!(matching_bracket_end(text, 0), Some(text.len() - 5));
        assert_eq!(matching_bracket_end("{\"a\": \"}", 0), None);
        assert_eq!(matching_bracket_end("{", 0), None);
    }

    #[test]
    fn finds_value_spans_in_each_format() {
        let toml = "Title = \"x\"\nweight = \"heavy\"\n";
        assert_eq!(located(Format::Toml, toml, "weight"), Some("\"heavy\""));
        assert_eq!(located(Format::Toml, toml, "title"), Some("\"x\""));
        let yaml = "title: x\nWeight: heavy  # comment\ntags:\n  - a\nq: \"x\" # c\n";
        assert_eq!(located(Format::Yaml, yaml, "weight"), Some("heavy"));
        assert_eq!(located(Format::Yaml, yaml, "q"), Some("\"x\" # c"));
        assert_eq!(located(Format::Yaml, yaml, "tags"), Some("- a"));
        assert_eq!(located(Format::Yaml, yaml, "missing"), None);
        let json = "{\n  \"title\": {\"a\": [1]},\n  \"Weight\" : \"heavy\"\n}";
        assert_eq!(located(Format::Json, json, "weight"), Some("\"heavy\""));
        assert_eq!(located(Format::Json, json, "title"), Some("{\"a\": [1]}"));
        assert_eq!(located(Format::Json, json, "missing"), None);
    }

    #[test]
    fn toml_keeps_written_order_and_converts_values() {
        let map = parse(
            Format::Toml,
            "Zed = 1\nalpha = 0x10\nf = 1.5\ninf = inf\nd = 1979-05-27T07:32:00Z\n[Nested]\nKey = [true]\n",
        )
        .map_err(|e| e.message)
        .unwrap_or_default();
        assert_eq!(
            Value::Object(map).to_string(),
            r#"{"zed":1,"alpha":16,"f":1.5,"inf":"inf","d":"1979-05-27T07:32:00Z","nested":{"key":[true]}}"#
        );
    }

    #[test]
    fn yaml_converts_values_and_lowercases_nested_keys() {
        let map = parse(
            Format::Yaml,
            "B: 1\na: 2.5\nc: [x, {Inner: ~}]\n1: one\nd: 2020-12-30T09:00:00-06:00\n",
        )
        .map_err(|e| e.message)
        .unwrap_or_default();
        assert_eq!(
            Value::Object(map).to_string(),
            r#"{"b":1,"a":2.5,"c":["x",{"inner":null}],"1":"one","d":"2020-12-30T09:00:00-06:00"}"#
        );
    }
}
