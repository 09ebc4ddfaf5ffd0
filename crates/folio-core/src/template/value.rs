//! Template values: the dynamic data a template reads (`.`, variables,
//! function results), Go truthiness, and how values print, mirroring Go's
//! `fmt` so output matches what Hugo would write.

use std::fmt::{self, Write as _};
use std::rc::Rc;

use crate::text::format_go_float;

/// A value seen by a template. Maps keep insertion order but are treated like
/// Go maps where Hugo would observe order (printing, `range`, `jsonify` sort
/// keys), because every map Hugo hands a template is a Go map.
#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    /// Trusted HTML (`safeHTML`, `.Inner`, `markdownify`...): not escaped in
    /// text context.
    Html(String),
    /// Trusted attribute content (`safeHTMLAttr`).
    HtmlAttr(String),
    /// Trusted CSS (`safeCSS`): passes the CSS filter unchanged.
    Css(String),
    /// Trusted JavaScript (`safeJS`): inserted as-is in scripts.
    Js(String),
    /// Trusted URL (`safeURL`): skips the scheme filter.
    Url(String),
    List(Vec<Value>),
    /// Ordered; field lookups try the exact key first, then a
    /// case-insensitive match, like Hugo's params maps.
    Map(Vec<(String, Value)>),
    Object(Rc<dyn Object>),
}

/// A host-provided value with fields and methods (the shortcode context, a
/// page...). Both lookups are by the exact template name (`Get`, `Params`).
pub trait Object: fmt::Debug {
    /// The field `name`, or `None` if there is no such field.
    fn field(&self, name: &str) -> Option<Value>;
    /// Calls method `name`; `None` means there is no such method.
    fn call(&self, method: &str, args: &[Value]) -> Option<Result<Value, String>>;
    /// A short type name for error messages.
    fn type_name(&self) -> String {
        "object".to_string()
    }
}

impl Value {
    pub fn str(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    /// About how many bytes the value holds (strings by length, lists and
    /// maps with their contents, 16 bytes per item), counting stops once
    /// past `limit`.
    pub fn approximate_size(&self, limit: usize) -> usize {
        if let Some(text) = self.as_text() {
            return text.len();
        }
        match self {
            Value::List(items) => {
                let mut total = 0;
                for item in items {
                    total += 16 + item.approximate_size(limit - total.min(limit));
                    if total > limit {
                        break;
                    }
                }
                total
            }
            Value::Map(entries) => {
                let mut total = 0;
                for (key, value) in entries {
                    total += 16 + key.len() + value.approximate_size(limit - total.min(limit));
                    if total > limit {
                        break;
                    }
                }
                total
            }
            _ => 8,
        }
    }

    /// Go truthiness: false, 0, nil and empty strings, lists and maps are false.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::String(s)
            | Value::Html(s)
            | Value::HtmlAttr(s)
            | Value::Css(s)
            | Value::Js(s)
            | Value::Url(s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.is_empty(),
            Value::Object(_) => true,
        }
    }

    /// The text of any string-like value (plain or trusted).
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::String(s)
            | Value::Html(s)
            | Value::HtmlAttr(s)
            | Value::Css(s)
            | Value::Js(s)
            | Value::Url(s) => Some(s),
            _ => None,
        }
    }

    /// The name Go would print for this value's type, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Nil => "nil",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float64",
            Value::String(_) => "string",
            Value::Html(_) => "template.HTML",
            Value::HtmlAttr(_) => "template.HTMLAttr",
            Value::Css(_) => "template.CSS",
            Value::Js(_) => "template.JS",
            Value::Url(_) => "template.URL",
            Value::List(_) => "slice",
            Value::Map(_) => "map",
            Value::Object(_) => "object",
        }
    }

    /// Looks up `key` in a map: exact key first, then case-insensitively.
    pub fn map_get<'a>(entries: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
        entries
            .iter()
            .find(|(k, _)| k == key)
            .or_else(|| entries.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)))
            .map(|(_, v)| v)
    }

    /// The field `name` of this value (map key or object field), `None` when
    /// the value has no fields at all.
    pub fn field(&self, name: &str) -> Option<Value> {
        match self {
            Value::Map(m) => Some(Value::map_get(m, name).cloned().unwrap_or(Value::Nil)),
            Value::Object(o) => o.field(name),
            _ => None,
        }
    }

    /// Map entries sorted by key, the order Go uses for maps.
    pub fn sorted_entries(entries: &[(String, Value)]) -> Vec<&(String, Value)> {
        let mut sorted: Vec<&(String, Value)> = entries.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        sorted
    }

    /// As a number, if it is one (or a string holding one).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// As an integer, if it is one (floats are truncated, strings parsed).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Float(f) if f.is_finite() => Some(*f as i64),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The value as `fmt.Sprint` would print it (`%v`).
    pub fn to_go_string(&self) -> String {
        let mut out = String::new();
        write_go(&mut out, self);
        out
    }

    /// Converts parsed JSON (front matter, data) into a template value.
    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Nil,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(0.0)),
            },
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(a) => Value::List(a.iter().map(Value::from_json).collect()),
            serde_json::Value::Object(o) => Value::Map(
                o.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }
}

/// Formats like Go's `%v` (a nil is `<nil>`; html/template's printing of a
/// top-level nil as empty is handled by the escaper).
fn write_go(out: &mut String, value: &Value) {
    match value {
        Value::Nil => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => out.push_str(&format_go_float(*f)),
        Value::String(s)
        | Value::Html(s)
        | Value::HtmlAttr(s)
        | Value::Css(s)
        | Value::Js(s)
        | Value::Url(s) => out.push_str(s),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_go(out, item);
            }
            out.push(']');
        }
        Value::Map(entries) => {
            out.push_str("map[");
            for (i, (k, v)) in Value::sorted_entries(entries).into_iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                write_go(out, v);
            }
            out.push(']');
        }
        Value::Object(o) => {
            let _ = write!(out, "{o:?}");
        }
    }
}

/// Loose equality as Hugo's `eq` does it: numbers by value, string-like
/// values by text, lists and maps element-wise.
pub fn loose_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Nil, Value::Nil) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
            a.as_f64() == b.as_f64()
        }
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| loose_eq(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.iter().any(|(k2, v2)| k == k2 && loose_eq(v, v2)))
        }
        (Value::Object(x), Value::Object(y)) => Rc::ptr_eq(x, y),
        _ => match (a.as_text(), b.as_text()) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_go_string())
    }
}
