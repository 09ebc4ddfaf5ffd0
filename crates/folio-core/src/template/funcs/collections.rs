//! Hugo's `collections` namespace: building, searching and slicing lists
//! and maps (`dict`, `slice`, `seq`, `first`, `where`-free subset…).

use super::{arity, func, int, text, Func, FuncResult};
use crate::template::value::{loose_eq, Value};
use crate::template::Host;
use crate::text::url_process;

pub(super) const FUNCS: &[Func] = &[
    func("index", &["collections.Index"], index),
    func("in", &["collections.In"], in_),
    func("first", &["collections.First"], |a, _| take(a, Take::First)),
    func("last", &["collections.Last"], |a, _| take(a, Take::Last)),
    func("after", &["collections.After"], |a, _| take(a, Take::After)),
    func("delimit", &["collections.Delimit"], delimit),
    func("slice", &["collections.Slice"], |a, _| {
        Ok(Value::List(a.to_vec()))
    }),
    func("dict", &["collections.Dictionary"], dict),
    func("append", &["collections.Append"], append),
    func("seq", &["collections.Seq"], seq),
    func("isset", &["collections.IsSet"], isset),
    func("uniq", &["collections.Uniq"], uniq),
    func("collections.Reverse", &[], reverse),
    func("querify", &["collections.Querify"], querify),
];

fn index(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 1, usize::MAX)?;
    let mut current = a[0].clone();
    let keys: Vec<Value> = match &a[1..] {
        [Value::List(keys)] => keys.clone(),
        keys => keys.to_vec(),
    };
    for key in &keys {
        current = index_one(&current, key)?;
    }
    Ok(current)
}

fn in_(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 2, 2)?;
    Ok(Value::Bool(match &a[0] {
        Value::List(items) => items.iter().any(|i| loose_eq(i, &a[1])),
        Value::Nil => false,
        set => match (set.as_text(), &a[1]) {
            (Some(s), item) => s.contains(text(item)?.as_str()),
            (None, _) => return Err(format!("can't search in type {}", set.type_name())),
        },
    }))
}

#[derive(Clone, Copy)]
enum Take {
    First,
    Last,
    After,
}

/// `first`, `last` and `after`: the count comes first, the list last.
fn take(a: &[Value], which: Take) -> FuncResult {
    arity(a, 2, 2)?;
    let n = int(&a[0])?;
    if n < 0 {
        return Err("sequence length must be non-negative".into());
    }
    let n = n as usize;
    let items = match &a[1] {
        Value::List(items) => items,
        Value::Nil => return Err("can't iterate over <nil>".into()),
        other => return Err(format!("can't iterate over {}", other.to_go_string())),
    };
    let n = n.min(items.len());
    Ok(Value::List(match which {
        Take::First => items[..n].to_vec(),
        Take::Last => items[items.len() - n..].to_vec(),
        Take::After => items[n..].to_vec(),
    }))
}

fn delimit(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 2, 3)?;
    let items: Vec<Value> = match &a[0] {
        Value::List(items) => items.clone(),
        Value::Map(m) => Value::sorted_entries(m)
            .into_iter()
            .map(|(_, v)| v.clone())
            .collect(),
        other => return Err(format!("can't iterate over {}", other.to_go_string())),
    };
    let sep = text(&a[1])?;
    let last_sep = match a.get(2) {
        Some(v) => text(v)?,
        None => sep.clone(),
    };
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == items.len() {
                &last_sep
            } else {
                &sep
            });
        }
        out.push_str(&item.to_go_string());
    }
    Ok(Value::Html(out))
}

fn dict(a: &[Value], _: &dyn Host) -> FuncResult {
    if a.len() % 2 != 0 {
        return Err("invalid dictionary call: needs an even number of arguments".into());
    }
    let mut entries: Vec<(String, Value)> = Vec::new();
    for pair in a.chunks(2) {
        let Some(key) = pair[0].as_text() else {
            return Err(format!(
                "dictionary keys must be strings, got {}",
                pair[0].type_name()
            ));
        };
        entries.retain(|(k, _)| k != key);
        entries.push((key.to_string(), pair[1].clone()));
    }
    Ok(Value::Map(entries))
}

fn append(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 2, usize::MAX)?;
    let (target, items) = a.split_last().ok_or("append needs arguments")?;
    let mut list = match target {
        Value::List(l) => l.clone(),
        Value::Nil => Vec::new(),
        other => return Err(format!("expected a slice, got {}", other.type_name())),
    };
    match items {
        // `append $other $list` appends the elements of a slice.
        [Value::List(more)] => list.extend(more.iter().cloned()),
        _ => list.extend(items.iter().cloned()),
    }
    Ok(Value::List(list))
}

fn seq(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 1, 3)?;
    let nums: Vec<i64> = a.iter().map(int).collect::<Result<_, _>>()?;
    let (first, step, last) = match nums.as_slice() {
        [n] if *n >= 0 => (1, 1, *n),
        [n] => (-1, -1, *n),
        [f, l] => (*f, if f <= l { 1 } else { -1 }, *l),
        [f, s, l] => (*f, *s, *l),
        _ => return Err("invalid arguments to seq".into()),
    };
    if step == 0 || (step > 0 && first > last) || (step < 0 && first < last) {
        return Ok(Value::List(Vec::new()));
    }
    let size = (last.abs_diff(first) / step.unsigned_abs()) + 1;
    if size > 2000 {
        return Err("size of result exceeds limit".into());
    }
    Ok(Value::List(
        (0..size as i64)
            .map(|i| Value::Int(first + i * step))
            .collect(),
    ))
}

fn isset(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 2, 2)?;
    Ok(Value::Bool(match &a[0] {
        Value::List(l) => a[1]
            .as_i64()
            .is_some_and(|i| i >= 0 && (i as usize) < l.len()),
        Value::Map(m) => Value::map_get(m, &text(&a[1])?).is_some(),
        _ => false,
    }))
}

fn uniq(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 1, 1)?;
    let Value::List(items) = &a[0] else {
        return Err(format!("type {} not supported", a[0].type_name()));
    };
    let mut out: Vec<Value> = Vec::new();
    for item in items {
        if !out.iter().any(|o| loose_eq(o, item)) {
            out.push(item.clone());
        }
    }
    Ok(Value::List(out))
}

fn reverse(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 1, 1)?;
    match &a[0] {
        Value::List(items) => Ok(Value::List(items.iter().rev().cloned().collect())),
        other => Err(format!("type {} not supported", other.type_name())),
    }
}

fn querify(a: &[Value], _: &dyn Host) -> FuncResult {
    let pairs: Vec<Value> = match a {
        [Value::List(l)] => l.clone(),
        [Value::Map(m)] => Value::sorted_entries(m)
            .into_iter()
            .flat_map(|(k, v)| [Value::str(k.clone()), v.clone()])
            .collect(),
        _ => a.to_vec(),
    };
    if pairs.len() % 2 != 0 {
        return Err("querify needs an even number of arguments".into());
    }
    let mut parts: Vec<(String, String)> = Vec::new();
    for pair in pairs.chunks(2) {
        parts.push((text(&pair[0])?, text(&pair[1])?));
    }
    parts.sort();
    let encode = |s: &str| url_process(s, false).replace("%20", "+");
    Ok(Value::String(
        parts
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&"),
    ))
}

fn index_one(collection: &Value, key: &Value) -> FuncResult {
    match collection {
        Value::Nil => Ok(Value::Nil),
        Value::List(items) => {
            let i = key
                .as_i64()
                .ok_or_else(|| format!("cannot index slice with {}", key.type_name()))?;
            usize::try_from(i)
                .ok()
                .and_then(|i| items.get(i))
                .cloned()
                .ok_or_else(|| format!("index out of range: {i}"))
        }
        Value::Map(entries) => {
            let key = text(key)?;
            Ok(Value::map_get(entries, &key).cloned().unwrap_or(Value::Nil))
        }
        Value::Object(o) => {
            let key = text(key)?;
            Ok(o.field(&key).unwrap_or(Value::Nil))
        }
        other => match other.as_text() {
            Some(s) => {
                let i = int(key)?;
                usize::try_from(i)
                    .ok()
                    .and_then(|i| s.as_bytes().get(i))
                    .map(|&b| Value::Int(b as i64))
                    .ok_or_else(|| format!("index out of range: {i}"))
            }
            None => Err(format!("can't index item of type {}", other.type_name())),
        },
    }
}
