//! Hugo's `fmt` namespace: Go's `fmt.Sprint` family as template functions.

use super::{arity, func, text, Func, FuncResult};
use crate::template::value::Value;
use crate::template::Host;
use crate::text::format_go_float;

pub(super) const FUNCS: &[Func] = &[
    func("print", &["fmt.Print"], print),
    func("printf", &["fmt.Printf"], printf),
    func("println", &["fmt.Println"], println),
    func("errorf", &["fmt.Errorf"], errorf),
    func(
        "warnf",
        &[
            "fmt.Warnf",
            "erroridf",
            "fmt.Erroridf",
            "warnidf",
            "fmt.Warnidf",
        ],
        warnf,
    ),
];

fn print(a: &[Value], _: &dyn Host) -> FuncResult {
    Ok(Value::String(go_sprint(a)))
}

fn println(a: &[Value], _: &dyn Host) -> FuncResult {
    Ok(Value::String(
        a.iter()
            .map(Value::to_go_string)
            .collect::<Vec<_>>()
            .join(" ")
            + "\n",
    ))
}

fn printf(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 1, usize::MAX)?;
    Ok(Value::String(sprintf(&text(&a[0])?, &a[1..])))
}

fn errorf(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 1, usize::MAX)?;
    Err(sprintf(&text(&a[0])?, &a[1..]))
}

/// Warnings go to Hugo's log, not the page.
fn warnf(_: &[Value], _: &dyn Host) -> FuncResult {
    Ok(Value::String(String::new()))
}

/// Go's `fmt.Sprint`: spaces between operands when neither is a string.
fn go_sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, arg) in args.iter().enumerate() {
        if i > 0 && arg.as_text().is_none() && args[i - 1].as_text().is_none() {
            out.push(' ');
        }
        out.push_str(&arg.to_go_string());
    }
    out
}

/// Go's `strconv.Quote`.
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `fmt.Sprintf` for the verbs templates use: %v %s %d %q %f %e %g %x
/// %X %t %c %o %b %T %%, with flags `-+0 #`, width and precision.
fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    let mut next_arg = 0;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let (mut minus, mut plus, mut zero, mut sharp, mut space) =
            (false, false, false, false, false);
        while let Some(&f) = chars.peek() {
            match f {
                '-' => minus = true,
                '+' => plus = true,
                '0' => zero = true,
                '#' => sharp = true,
                ' ' => space = true,
                _ => break,
            }
            chars.next();
        }
        let mut width = None;
        while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
            width = Some(
                width
                    .unwrap_or(0usize)
                    .saturating_mul(10)
                    .saturating_add(d as usize)
                    .min(10_000),
            );
            chars.next();
        }
        let mut precision = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = 0usize;
            while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                p = p.saturating_mul(10).saturating_add(d as usize).min(1_000);
                chars.next();
            }
            precision = Some(p);
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(next_arg) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        next_arg += 1;
        let bad = || format!("%!{verb}({}={})", arg.type_name(), arg.to_go_string());
        let signed = |digits: String, negative: bool| {
            if negative {
                format!("-{digits}")
            } else if plus {
                format!("+{digits}")
            } else if space {
                format!(" {digits}")
            } else {
                digits
            }
        };
        let formatted = match (verb, arg) {
            ('v', Value::Float(f)) => match precision {
                Some(p) => format!("{f:.p$}"),
                None => signed(format_go_float(f.abs()), *f < 0.0),
            },
            ('v', Value::Int(i)) | ('d', Value::Int(i)) => {
                signed(i.unsigned_abs().to_string(), *i < 0)
            }
            ('v', Value::String(s)) if sharp => go_quote(s),
            ('v', other) | ('s', other) => {
                let s = if let Value::Nil = other {
                    "<nil>".to_string()
                } else {
                    other.to_go_string()
                };
                match (verb, precision) {
                    ('s', Some(p)) => s.chars().take(p).collect(),
                    _ => s,
                }
            }
            ('q', v) if v.as_text().is_some() => go_quote(v.as_text().unwrap_or("")),
            ('q', Value::Int(i)) => match char::from_u32(*i as u32) {
                Some(c) => format!("'{c}'"),
                None => bad(),
            },
            ('t', Value::Bool(b)) => b.to_string(),
            ('f' | 'F', v) if v.as_f64().is_some() && !matches!(v, Value::String(_)) => {
                let f = v.as_f64().unwrap_or(0.0);
                let p = precision.unwrap_or(6);
                signed(format!("{:.p$}", f.abs()), f < 0.0)
            }
            ('e', v) if matches!(v, Value::Float(_) | Value::Int(_)) => {
                let f = v.as_f64().unwrap_or(0.0);
                let p = precision.unwrap_or(6);
                let s = format!("{:.p$e}", f.abs());
                let s = match s.split_once('e') {
                    Some((m, e)) => {
                        let (sign, d) = e.strip_prefix('-').map_or(('+', e), |d| ('-', d));
                        format!("{m}e{sign}{d:0>2}")
                    }
                    None => s,
                };
                signed(s, f < 0.0)
            }
            ('g', v) if matches!(v, Value::Float(_) | Value::Int(_)) => {
                let f = v.as_f64().unwrap_or(0.0);
                signed(format_go_float(f.abs()), f < 0.0)
            }
            ('x' | 'X', Value::Int(i)) => {
                let digits = if verb == 'x' {
                    format!("{:x}", i.unsigned_abs())
                } else {
                    format!("{:X}", i.unsigned_abs())
                };
                let digits = if sharp {
                    format!("0{verb}{digits}")
                } else {
                    digits
                };
                signed(digits, *i < 0)
            }
            ('x' | 'X', v) if v.as_text().is_some() => v
                .as_text()
                .unwrap_or("")
                .bytes()
                .map(|b| {
                    if verb == 'x' {
                        format!("{b:02x}")
                    } else {
                        format!("{b:02X}")
                    }
                })
                .collect(),
            ('o', Value::Int(i)) => signed(format!("{:o}", i.unsigned_abs()), *i < 0),
            ('b', Value::Int(i)) => signed(format!("{:b}", i.unsigned_abs()), *i < 0),
            ('c', Value::Int(i)) => char::from_u32(*i as u32)
                .map(String::from)
                .unwrap_or_else(|| "\u{FFFD}".into()),
            ('T', v) => match v {
                Value::List(_) => "[]interface {}".into(),
                Value::Map(_) => "map[string]interface {}".into(),
                Value::Nil => "<nil>".into(),
                other => other.type_name().into(),
            },
            _ => bad(),
        };
        let len = formatted.chars().count();
        match width {
            Some(w) if w > len => {
                let pad = w - len;
                if minus {
                    out.push_str(&formatted);
                    out.extend(std::iter::repeat_n(' ', pad));
                } else if zero && !matches!(verb, 's' | 'q' | 'v' | 'T' | 'c' | 't') {
                    // Zero padding goes after the sign.
                    let (sign, digits) = match formatted.chars().next() {
                        Some(s @ ('-' | '+' | ' ')) => (s.to_string(), &formatted[1..]),
                        _ => (String::new(), formatted.as_str()),
                    };
                    out.push_str(&sign);
                    out.extend(std::iter::repeat_n('0', pad));
                    out.push_str(digits);
                } else {
                    out.extend(std::iter::repeat_n(' ', pad));
                    out.push_str(&formatted);
                }
            }
            _ => out.push_str(&formatted),
        }
    }
    if next_arg < args.len() {
        out.push_str("%!(EXTRA ");
        let extras: Vec<String> = args[next_arg..]
            .iter()
            .map(|a| format!("{}={}", a.type_name(), a.to_go_string()))
            .collect();
        out.push_str(&extras.join(", "));
        out.push(')');
    }
    out
}
