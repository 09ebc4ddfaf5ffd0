//! Hugo's `cast` namespace: `string`, `int`, `float`.

use super::{arity, float, func, int, text, Func, FuncResult};
use crate::template::value::Value;
use crate::template::Host;

pub(super) const FUNCS: &[Func] = &[
    func("string", &["cast.ToString"], to_string),
    func("int", &["cast.ToInt"], to_int),
    func("float", &["cast.ToFloat"], to_float),
];

fn to_string(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 1, 1)?;
    Ok(Value::String(text(&a[0])?))
}

fn to_int(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 1, 1)?;
    Ok(Value::Int(match &a[0] {
        Value::Bool(b) => *b as i64,
        Value::Nil => 0,
        other => int(other)?,
    }))
}

fn to_float(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 1, 1)?;
    Ok(Value::Float(match &a[0] {
        Value::Bool(b) => *b as i64 as f64,
        Value::Nil => 0.0,
        other => float(other)?,
    }))
}
