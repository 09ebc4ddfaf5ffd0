//! Values as Go's `encoding/json` writes them (`jsonify`, values printed in
//! scripts).

use super::value::Value;
use crate::text::format_json_float;

/// JSON as Go's `encoding/json` writes it (map keys sorted; `<`, `>`, `&`
/// escaped as `\u003c` etc.), optionally indented like `MarshalIndent`.
pub fn to_json(value: &Value, indent: Option<(&str, &str)>) -> String {
    let mut out = String::new();
    write_json(&mut out, value, indent, 0);
    out
}

fn write_json(out: &mut String, value: &Value, indent: Option<(&str, &str)>, level: usize) {
    let newline = |out: &mut String, level: usize| {
        if let Some((prefix, unit)) = indent {
            out.push('\n');
            out.push_str(prefix);
            for _ in 0..level {
                out.push_str(unit);
            }
        }
    };
    match value {
        Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&format_json_float(*f)),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, level + 1);
                write_json(out, item, indent, level + 1);
            }
            if !items.is_empty() {
                newline(out, level);
            }
            out.push(']');
        }
        Value::Map(entries) => {
            out.push('{');
            let sorted = Value::sorted_entries(entries);
            for (i, (k, v)) in sorted.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, level + 1);
                write_json_string(out, k);
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
                write_json(out, v, indent, level + 1);
            }
            if !sorted.is_empty() {
                newline(out, level);
            }
            out.push('}');
        }
        Value::Object(_) => out.push_str("{}"),
        other => write_json_string(out, other.as_text().unwrap_or("")),
    }
}

fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}
