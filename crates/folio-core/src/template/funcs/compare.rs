//! Hugo's `compare` namespace: Go's comparison builtins (with Hugo's loose
//! numeric equality), `default` and `cond`.

use std::cmp::Ordering;

use super::{arity, func, Func, FuncResult};
use crate::template::value::{loose_eq, Value};
use crate::template::Host;

pub(super) const FUNCS: &[Func] = &[
    func("eq", &["compare.Eq"], eq),
    func("ne", &["compare.Ne"], ne),
    func("lt", &["compare.Lt"], |a, _| ordered(a, Ordering::is_lt)),
    func("le", &["compare.Le"], |a, _| ordered(a, Ordering::is_le)),
    func("gt", &["compare.Gt"], |a, _| ordered(a, Ordering::is_gt)),
    func("ge", &["compare.Ge"], |a, _| ordered(a, Ordering::is_ge)),
    func("default", &["compare.Default"], default),
    func("cond", &["compare.Conditional"], cond),
];

fn eq(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 2, usize::MAX)?;
    Ok(Value::Bool(a[1..].iter().any(|b| loose_eq(&a[0], b))))
}

fn ne(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 2, 2)?;
    Ok(Value::Bool(!loose_eq(&a[0], &a[1])))
}

/// `lt`, `le`, `gt`, `ge`: the first argument against each of the others.
fn ordered(a: &[Value], ok: fn(Ordering) -> bool) -> FuncResult {
    arity(a, 2, usize::MAX)?;
    for b in &a[1..] {
        if !ok(compare(&a[0], b)?) {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn default(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 1, 2)?;
    let Some(given) = a.get(1) else {
        return Ok(a[0].clone());
    };
    // Hugo: booleans always count as set; other values when non-zero.
    let set = match given {
        Value::Nil => false,
        Value::Bool(_) => true,
        other => other.is_truthy(),
    };
    Ok(if set { given.clone() } else { a[0].clone() })
}

fn cond(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 3, 3)?;
    Ok(if a[0].is_truthy() {
        a[1].clone()
    } else {
        a[2].clone()
    })
}

fn compare(a: &Value, b: &Value) -> Result<Ordering, String> {
    let numeric = |v: &Value| matches!(v, Value::Int(_) | Value::Float(_));
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        return Ok(x.cmp(y));
    }
    if numeric(a) && numeric(b) {
        let (x, y) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
        return x
            .partial_cmp(&y)
            .ok_or_else(|| "can't compare NaN".to_string());
    }
    match (a.as_text(), b.as_text()) {
        (Some(x), Some(y)) => Ok(x.cmp(y)),
        _ => Err(format!(
            "incompatible types for comparison: {} and {}",
            a.type_name(),
            b.type_name()
        )),
    }
}
