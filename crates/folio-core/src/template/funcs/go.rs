//! text/template's own builtins that Hugo has no namespace for.

use super::{arity, func, Func, FuncResult};
use crate::template::value::Value;
use crate::template::Host;

pub(super) const FUNCS: &[Func] = &[func("not", &[], not), func("len", &[], len)];

fn not(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 1, 1)?;
    Ok(Value::Bool(!a[0].is_truthy()))
}

fn len(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 1, 1)?;
    Ok(Value::Int(match &a[0] {
        Value::List(l) => l.len(),
        Value::Map(m) => m.len(),
        Value::Nil => 0,
        other => match other.as_text() {
            Some(s) => s.len(),
            None => return Err(format!("len of type {}", other.type_name())),
        },
    } as i64))
}
