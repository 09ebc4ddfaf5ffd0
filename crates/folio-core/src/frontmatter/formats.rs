//! The three front matter languages, each turned into one JSON object with
//! lower-cased keys (Hugo's params are case-insensitive), plus a way to find
//! where a top-level key's value is written, so later checks (a bad date, a
//! non-numeric weight) can point at it.
//!
//! Every span here is relative to the front matter text handed in; the
//! caller shifts it into the whole file.

use serde_json::{Map, Value};

#[cfg(feature = "full-frontmatter")]
use super::full;
use super::Format;
use super::{read_toml, read_yaml};
use crate::diagnostics::{LineIndex, Span};

/// A problem found by a format's parser, in front matter coordinates, with
/// the parser's message already made readable.
#[derive(Debug)]
pub(super) struct LocalError {
    pub span: Span,
    pub message: String,
}

/// What Folio's own readers make of TOML or YAML front matter: the object,
/// and the spans of the root's values they can place as the full path does.
#[derive(Debug)]
pub(super) struct Read {
    pub map: Map<String, Value>,
    pub spans: Vec<(String, Span)>,
}

/// Folio's own reading of `text`, or `None` when it is outside the readers'
/// subset (or invalid): then only the full parser may read it.
pub(super) fn read_own(format: Format, text: &str) -> Option<Read> {
    match format {
        Format::Toml => read_toml::read(text),
        Format::Yaml => read_yaml::read(text),
        Format::Json => None,
    }
}

/// What a build without the full parsers says of front matter its readers
/// could not read (the app's main thread never renders such a post: it goes
/// to the render worker, [`crate::render::needs_engine`]).
#[cfg(not(feature = "full-frontmatter"))]
pub(super) const NEEDS_FULL_PARSER: &str =
    "this front matter needs the full parser (Folio's compact reader does not read anchors, tags, \
     multi-line quoted text and the like); it is read by the full engine";

/// Parses front matter `text` written in `format` into a JSON object:
/// Folio's own readers first, the full parser for the rest.
pub(super) fn parse(format: Format, text: &str) -> Result<Map<String, Value>, LocalError> {
    if format == Format::Json {
        return parse_json(text);
    }
    if let Some(read) = read_own(format, text) {
        return Ok(read.map);
    }
    parse_full(format, text)
}

/// The full parser's reading of `text` (TOML or YAML).
#[cfg(feature = "full-frontmatter")]
pub(super) fn parse_full(format: Format, text: &str) -> Result<Map<String, Value>, LocalError> {
    match format {
        Format::Toml => full::parse_toml(text),
        Format::Yaml => full::parse_yaml(text),
        Format::Json => parse_json(text),
    }
}

#[cfg(not(feature = "full-frontmatter"))]
fn parse_full(_format: Format, _text: &str) -> Result<Map<String, Value>, LocalError> {
    Err(LocalError {
        span: Span::new(0, 0),
        message: NEEDS_FULL_PARSER.to_owned(),
    })
}

/// Where the value of top-level `key` (lower-case) is written, if it can be
/// found; the span covers the value, or at least the rest of its line.
pub(super) fn value_span(format: Format, text: &str, key: &str) -> Option<Span> {
    if format == Format::Json {
        return json_value_span(text, key);
    }
    let own = read_own(format, text).and_then(|read| {
        read.spans
            .into_iter()
            .find_map(|(k, span)| (k == key).then_some(span))
    });
    own.or_else(|| full_value_span(format, text, key))
}

/// The full parser's span of `key`'s value.
#[cfg(feature = "full-frontmatter")]
pub(super) fn full_value_span(format: Format, text: &str, key: &str) -> Option<Span> {
    match format {
        Format::Toml => full::toml_value_span(text, key),
        Format::Yaml => full::yaml_value_span(text, key),
        Format::Json => json_value_span(text, key),
    }
}

#[cfg(not(feature = "full-frontmatter"))]
fn full_value_span(_format: Format, _text: &str, _key: &str) -> Option<Span> {
    None
}

/// Parsers' messages are often multi-line and capitalised; a diagnostic
/// wants one line that reads on after "front matter (TOML): ".
pub(super) fn humanize(message: &str) -> String {
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
pub(super) fn char_span(text: &str, offset: usize) -> Span {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let len = text[offset..].chars().next().map_or(0, char::len_utf8);
    Span::new(offset, offset + len)
}

/// From `offset` to the end of its line, trailing white space excluded.
pub(super) fn rest_of_line(text: &str, offset: usize) -> Span {
    let start = char_span(text, offset).start;
    let line = text[start..].split('\n').next().unwrap_or("");
    Span::new(start, start + line.trim_end().len())
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
    #[cfg(feature = "full-frontmatter")] // (`inf` is the full parser's)
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
