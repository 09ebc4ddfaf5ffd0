//! Hugo's `strings` namespace: case, trimming, searching, replacing
//! (with `regex-lite` for the `RE` functions), counting and truncating.

use super::{arity, func, int, text, Func, FuncResult};
use crate::template::value::Value;
use crate::template::Host;
use crate::template::MAX_OUTPUT_BYTES;
use crate::text::strip_html;

pub(super) const FUNCS: &[Func] = &[
    func("title", &["strings.Title"], title),
    func("lower", &["strings.ToLower"], |a, _| {
        map_text(a, |s| s.to_lowercase())
    }),
    func("upper", &["strings.ToUpper"], |a, _| {
        map_text(a, |s| s.to_uppercase())
    }),
    func("strings.TrimSpace", &[], |a, _| {
        map_text(a, |s| s.trim().to_string())
    }),
    func("strings.FirstUpper", &[], |a, _| map_text(a, first_upper)),
    func("trim", &["strings.Trim"], |a, _| {
        trim(a, |s, cut| s.trim_matches(cut))
    }),
    func("strings.TrimLeft", &[], |a, _| {
        trim(a, |s, cut| s.trim_start_matches(cut))
    }),
    func("strings.TrimRight", &[], |a, _| {
        trim(a, |s, cut| s.trim_end_matches(cut))
    }),
    func("strings.TrimPrefix", &[], |a, _| {
        trim_affix(a, |s, affix| s.strip_prefix(affix))
    }),
    func("strings.TrimSuffix", &[], |a, _| {
        trim_affix(a, |s, affix| s.strip_suffix(affix))
    }),
    func("replace", &["strings.Replace"], replace),
    func("replaceRE", &["strings.ReplaceRE"], replace_re),
    func("findRE", &["strings.FindRE"], find_re),
    func("split", &["strings.Split"], split),
    func("hasPrefix", &["strings.HasPrefix"], |a, _| {
        test(a, |s, t| s.starts_with(t))
    }),
    func("hasSuffix", &["strings.HasSuffix"], |a, _| {
        test(a, |s, t| s.ends_with(t))
    }),
    func("strings.Contains", &[], |a, _| {
        test(a, |s, t| s.contains(t))
    }),
    func("strings.ContainsAny", &[], |a, _| {
        test(a, |s, t| s.contains(|c: char| t.contains(c)))
    }),
    func("strings.Repeat", &[], repeat),
    func("strings.Count", &[], count),
    func("strings.RuneCount", &[], rune_count),
    func("countrunes", &["strings.CountRunes"], countrunes),
    func("countwords", &["strings.CountWords"], countwords),
    func("substr", &["strings.Substr"], substr),
    func("truncate", &["strings.Truncate"], truncate),
];

fn title(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 1, 1)?;
    Ok(Value::String(title_case(&text(&a[0])?)))
}

/// One string in, one string out.
fn map_text(a: &[Value], f: fn(&str) -> String) -> FuncResult {
    arity(a, 1, 1)?;
    Ok(Value::String(f(&text(&a[0])?)))
}

fn first_upper(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `trim`, `trimLeft`, `trimRight`: the string, then the cut set.
fn trim(a: &[Value], f: for<'s> fn(&'s str, &dyn Fn(char) -> bool) -> &'s str) -> FuncResult {
    arity(a, 2, 2)?;
    let s = text(&a[0])?;
    let cutset: Vec<char> = text(&a[1])?.chars().collect();
    let is_cut = |c: char| cutset.contains(&c);
    Ok(Value::String(f(&s, &is_cut).to_string()))
}

/// `trimPrefix`, `trimSuffix`: Hugo's order, the affix first, the string last.
fn trim_affix(a: &[Value], f: for<'s> fn(&'s str, &str) -> Option<&'s str>) -> FuncResult {
    arity(a, 2, 2)?;
    let affix = text(&a[0])?;
    let s = text(&a[1])?;
    Ok(Value::String(f(&s, &affix).unwrap_or(&s).to_string()))
}

/// `hasPrefix`, `hasSuffix`, `contains`, `containsAny`.
fn test(a: &[Value], f: fn(&str, &str) -> bool) -> FuncResult {
    arity(a, 2, 2)?;
    let s = text(&a[0])?;
    let t = text(&a[1])?;
    Ok(Value::Bool(f(&s, &t)))
}

fn replace(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 3, 4)?;
    let s = text(&a[0])?;
    let old = text(&a[1])?;
    let new = text(&a[2])?;
    Ok(Value::String(match a.get(3) {
        Some(limit) => s.replacen(old.as_str(), &new, int(limit)?.max(0) as usize),
        None => s.replace(old.as_str(), &new),
    }))
}

fn replace_re(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 3, 4)?;
    let re = regex(&text(&a[0])?)?;
    let replacement = text(&a[1])?;
    let s = text(&a[2])?;
    let limit = match a.get(3) {
        Some(l) => int(l)?,
        None => -1,
    };
    let limit = if limit < 0 { 0 } else { limit as usize };
    Ok(Value::String(
        re.replacen(&s, limit, replacement.as_str()).into_owned(),
    ))
}

fn find_re(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 2, 3)?;
    let re = regex(&text(&a[0])?)?;
    let s = text(&a[1])?;
    let limit = match a.get(2) {
        Some(l) => int(l)?,
        None => -1,
    };
    let matches = re.find_iter(&s).map(|m| Value::str(m.as_str()));
    Ok(Value::List(if limit < 0 {
        matches.collect()
    } else {
        matches.take(limit as usize).collect()
    }))
}

fn split(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 2, 2)?;
    let s = text(&a[0])?;
    let sep = text(&a[1])?;
    Ok(Value::List(if sep.is_empty() {
        s.chars().map(|c| Value::String(c.to_string())).collect()
    } else {
        s.split(sep.as_str()).map(Value::str).collect()
    }))
}

fn repeat(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 2, 2)?;
    let n = int(&a[0])?;
    let s = text(&a[1])?;
    if n < 0 {
        return Err("the count must be non-negative".into());
    }
    if (n as u128) * (s.len() as u128) > MAX_OUTPUT_BYTES as u128 {
        return Err("result too large".into());
    }
    Ok(Value::String(s.repeat(n as usize)))
}

fn count(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 2, 2)?;
    let sub = text(&a[0])?;
    let s = text(&a[1])?;
    Ok(Value::Int(if sub.is_empty() {
        s.chars().count() as i64 + 1
    } else {
        s.matches(sub.as_str()).count() as i64
    }))
}

fn rune_count(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 1, 1)?;
    Ok(Value::Int(text(&a[0])?.chars().count() as i64))
}

fn countrunes(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 1, 1)?;
    Ok(Value::Int(
        strip_html(&text(&a[0])?)
            .chars()
            .filter(|c| !c.is_whitespace())
            .count() as i64,
    ))
}

fn countwords(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 1, 1)?;
    Ok(Value::Int(
        strip_html(&text(&a[0])?).split_whitespace().count() as i64,
    ))
}

fn substr(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 2, 3)?;
    let chars: Vec<char> = text(&a[0])?.chars().collect();
    let len = chars.len() as i64;
    let mut start = int(&a[1])?;
    if start < 0 {
        start = (len + start).max(0);
    }
    let start = start.min(len);
    let end = match a.get(2) {
        Some(l) => {
            let l = int(l)?;
            if l < 0 {
                (len + l).max(start)
            } else {
                (start + l).min(len)
            }
        }
        None => len,
    };
    Ok(Value::String(
        chars[start as usize..end as usize].iter().collect(),
    ))
}

fn truncate(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 2, 3)?;
    let size = int(&a[0])?.max(0) as usize;
    let (ellipsis, s) = if a.len() == 3 {
        (text(&a[1])?, &a[2])
    } else {
        (" …".to_string(), &a[1])
    };
    let is_html = matches!(s, Value::Html(_));
    let s = text(s)?;
    if s.chars().count() <= size {
        return Ok(if is_html {
            Value::Html(s)
        } else {
            Value::String(s)
        });
    }
    let cut: String = s.chars().take(size).collect();
    // Cut at the last word boundary, as Hugo does.
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if s[cut.len()..].starts_with(|c: char| !c.is_whitespace()) => cut[..i].to_string(),
        _ => cut,
    };
    let out = format!("{}{}", cut.trim_end(), ellipsis);
    Ok(if is_html {
        Value::Html(out)
    } else {
        Value::String(out)
    })
}

/// AP-style title case (Hugo's default `titleCaseStyle`): small words stay
/// lower case except first and last.
fn title_case(s: &str) -> String {
    const SMALL: &[&str] = &[
        "a", "an", "and", "at", "but", "by", "en", "for", "if", "in", "nor", "of", "on", "or",
        "per", "the", "to", "v", "vs", "via",
    ];
    let words: Vec<&str> = s.split(' ').collect();
    let count = words.len();
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i != 0 && i + 1 != count && SMALL.contains(&lower.as_str()) {
                lower
            } else {
                let mut chars = w.chars();
                match chars.next() {
                    Some(c) => c.to_uppercase().chain(chars).collect(),
                    None => String::new(),
                }
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn regex(pattern: &str) -> Result<regex_lite::Regex, String> {
    regex_lite::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| format!("invalid regular expression {pattern:?}: {e}"))
}
