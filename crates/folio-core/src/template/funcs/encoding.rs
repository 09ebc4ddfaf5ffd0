//! Hugo's `encoding` namespace: `jsonify`.

use super::{arity, func, text, Func, FuncResult};
use crate::template::json::to_json;
use crate::template::value::Value;
use crate::template::Host;

pub(super) const FUNCS: &[Func] = &[func("jsonify", &["encoding.Jsonify"], jsonify)];

fn jsonify(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 1, 2)?;
    let (options, value) = if a.len() == 2 {
        (Some(&a[0]), &a[1])
    } else {
        (None, &a[0])
    };
    let indent = match options {
        Some(Value::Map(m)) => {
            let prefix = Value::map_get(m, "prefix")
                .map(text)
                .transpose()?
                .unwrap_or_default();
            let indent = Value::map_get(m, "indent")
                .map(text)
                .transpose()?
                .unwrap_or_default();
            Some((prefix, indent))
        }
        Some(other) => return Err(format!("options must be a map, got {}", other.type_name())),
        None => None,
    };
    let json = match &indent {
        Some((prefix, indent)) if !prefix.is_empty() || !indent.is_empty() => {
            to_json(value, Some((prefix.as_str(), indent.as_str())))
        }
        _ => to_json(value, None),
    };
    Ok(Value::Html(json))
}
