//! The full parsers behind folio-core's `full-frontmatter` feature: the
//! `toml` and `yaml-rust2` crates, for front matter Folio's own readers
//! (`read_toml.rs`, `read_yaml.rs`) do not read, and for their errors with
//! the crates' messages. The app's first-load wasm is built without them;
//! the readers are checked against them (tests/frontmatter.rs).

use serde_json::{Map, Number, Value};
use toml::de::{DeTable, DeValue};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;
use yaml_rust2::scanner::TScalarStyle;
use yaml_rust2::{Yaml, YamlLoader};

use super::formats::{char_span, humanize, rest_of_line, LocalError};
use crate::diagnostics::{LineIndex, Span};

// ---------------------------------------------------------------- TOML

pub(super) fn parse_toml(text: &str) -> Result<Map<String, Value>, LocalError> {
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

pub(super) fn toml_value_span(text: &str, key: &str) -> Option<Span> {
    let table = DeTable::parse(text).ok()?;
    table
        .get_ref()
        .iter()
        .find(|(k, _)| k.get_ref().to_lowercase() == key)
        .map(|(_, v)| Span::new(v.span().start, v.span().end))
}

// ---------------------------------------------------------------- YAML

pub(super) fn parse_yaml(text: &str) -> Result<Map<String, Value>, LocalError> {
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

pub(super) fn yaml_value_span(text: &str, key: &str) -> Option<Span> {
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
