//! Hugo's `math` namespace: arithmetic (integer while both operands are
//! integers, as in Hugo), rounding, `max`/`min`, powers.

use super::{arity, float, func, int, Func, FuncResult};
use crate::template::value::Value;
use crate::template::Host;

pub(super) const FUNCS: &[Func] = &[
    func("add", &["math.Add"], |a, _| fold(a, Op::Add)),
    func("sub", &["math.Sub"], |a, _| fold(a, Op::Sub)),
    func("mul", &["math.Mul"], |a, _| fold(a, Op::Mul)),
    func("div", &["math.Div"], |a, _| fold(a, Op::Div)),
    func("mod", &["math.Mod"], modulo),
    func("math.Floor", &[], |a, _| unary(a, f64::floor)),
    func("math.Ceil", &[], |a, _| unary(a, f64::ceil)),
    func("math.Round", &[], |a, _| unary(a, f64::round)),
    func("math.Abs", &[], |a, _| unary(a, f64::abs)),
    func("math.Sqrt", &[], |a, _| unary(a, f64::sqrt)),
    func("math.Pow", &[], pow),
    func("math.Max", &[], |a, _| extreme(a, f64::max)),
    func("math.Min", &[], |a, _| extreme(a, f64::min)),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

/// `add`, `sub`, `mul`, `div` over two or more operands, left to right.
fn fold(a: &[Value], op: Op) -> FuncResult {
    arity(a, 2, usize::MAX)?;
    let mut acc = a[0].clone();
    for b in &a[1..] {
        acc = arithmetic(op, &acc, b)?;
    }
    Ok(acc)
}

fn modulo(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 2, 2)?;
    let (x, y) = (int(&a[0])?, int(&a[1])?);
    if y == 0 {
        return Err("the number can't be divided by zero at modulo operation".into());
    }
    Ok(Value::Int(x.wrapping_rem(y)))
}

fn unary(a: &[Value], f: fn(f64) -> f64) -> FuncResult {
    arity(a, 1, 1)?;
    Ok(Value::Float(f(float(&a[0])?)))
}

fn pow(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 2, 2)?;
    Ok(Value::Float(float(&a[0])?.powf(float(&a[1])?)))
}

/// `max`, `min`: over all arguments, lists flattened one level.
fn extreme(a: &[Value], pick: fn(f64, f64) -> f64) -> FuncResult {
    arity(a, 1, usize::MAX)?;
    let mut nums = Vec::new();
    for v in a {
        match v {
            Value::List(items) => {
                for item in items {
                    nums.push(float(item)?);
                }
            }
            other => nums.push(float(other)?),
        }
    }
    nums.into_iter()
        .reduce(pick)
        .map(Value::Float)
        .ok_or_else(|| "no numbers given".to_string())
}

fn arithmetic(op: Op, a: &Value, b: &Value) -> FuncResult {
    if op == Op::Add {
        if let (Some(x), Some(y)) = (a.as_text(), b.as_text()) {
            return Ok(Value::String(format!("{x}{y}")));
        }
    }
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => {
            let result = match op {
                Op::Add => x.checked_add(*y),
                Op::Sub => x.checked_sub(*y),
                Op::Mul => x.checked_mul(*y),
                Op::Div => {
                    if *y == 0 {
                        return Err("can't divide the value by 0".into());
                    }
                    x.checked_div(*y)
                }
            };
            result
                .map(Value::Int)
                .ok_or_else(|| "integer overflow".to_string())
        }
        _ => {
            let (x, y) = (float(a)?, float(b)?);
            Ok(Value::Float(match op {
                Op::Add => x + y,
                Op::Sub => x - y,
                Op::Mul => x * y,
                Op::Div => {
                    if y == 0.0 {
                        return Err("can't divide the value by 0".into());
                    }
                    x / y
                }
            }))
        }
    }
}
