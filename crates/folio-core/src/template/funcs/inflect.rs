//! Hugo's `inflect` namespace: `humanize`.

use super::{arity, func, text, Func, FuncResult};
use crate::template::value::Value;
use crate::template::Host;

pub(super) const FUNCS: &[Func] = &[func("humanize", &["inflect.Humanize"], humanize)];

fn humanize(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 1, 1)?;
    Ok(Value::String(humanized(&a[0])?))
}

fn humanized(value: &Value) -> Result<String, String> {
    let s = text(value)?;
    if let Ok(n) = s.trim().parse::<i64>() {
        let suffix = match (n.abs() % 10, n.abs() % 100) {
            (_, 11..=13) => "th",
            (1, _) => "st",
            (2, _) => "nd",
            (3, _) => "rd",
            _ => "th",
        };
        return Ok(format!("{n}{suffix}"));
    }
    // Split on separators and camelCase boundaries, then sentence-case.
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c == '-' || c == '_' || c.is_whitespace() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    let sentence = words
        .iter()
        .map(|w| {
            if w.chars().all(|c| !c.is_lowercase()) && w.len() > 1 {
                w.clone()
            } else {
                w.to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut chars = sentence.chars();
    Ok(match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    })
}
