//! The template function library: Go's builtins plus the Hugo functions
//! shortcode templates use, under their bare names and their namespaced
//! names (`lower` = `strings.ToLower`). Each function takes evaluated
//! arguments (a piped value comes last) and returns a value or a message.

use super::value::{format_go_float, format_json_float, loose_eq, Value};
use super::Host;

type FuncResult = Result<Value, String>;

/// Maps every accepted spelling to one canonical name.
fn canonical(name: &str) -> Option<&'static str> {
    Some(match name {
        "not" => "not",
        "len" => "len",
        "index" | "collections.Index" => "index",
        "print" | "fmt.Print" => "print",
        "printf" | "fmt.Printf" => "printf",
        "println" | "fmt.Println" => "println",
        "errorf" | "fmt.Errorf" => "errorf",
        "warnf" | "fmt.Warnf" | "erroridf" | "fmt.Erroridf" | "warnidf" | "fmt.Warnidf" => "warnf",
        "eq" | "compare.Eq" => "eq",
        "ne" | "compare.Ne" => "ne",
        "lt" | "compare.Lt" => "lt",
        "le" | "compare.Le" => "le",
        "gt" | "compare.Gt" => "gt",
        "ge" | "compare.Ge" => "ge",
        "default" | "compare.Default" => "default",
        "cond" | "compare.Conditional" => "cond",
        "in" | "collections.In" => "in",
        "first" | "collections.First" => "first",
        "last" | "collections.Last" => "last",
        "after" | "collections.After" => "after",
        "delimit" | "collections.Delimit" => "delimit",
        "slice" | "collections.Slice" => "slice",
        "dict" | "collections.Dictionary" => "dict",
        "append" | "collections.Append" => "append",
        "seq" | "collections.Seq" => "seq",
        "isset" | "collections.IsSet" => "isset",
        "uniq" | "collections.Uniq" => "uniq",
        "collections.Reverse" => "reverse",
        "querify" | "collections.Querify" => "querify",
        "safeHTML" | "safe.HTML" => "safeHTML",
        "safeHTMLAttr" | "safe.HTMLAttr" => "safeHTMLAttr",
        "safeCSS" | "safe.CSS" => "safeCSS",
        "safeJS" | "safe.JS" => "safeJS",
        "safeURL" | "safe.URL" => "safeURL",
        "htmlEscape" | "transform.HTMLEscape" => "htmlEscape",
        "htmlUnescape" | "transform.HTMLUnescape" => "htmlUnescape",
        "plainify" | "transform.Plainify" => "plainify",
        "markdownify" | "transform.Markdownify" => "markdownify",
        "jsonify" | "encoding.Jsonify" => "jsonify",
        "humanize" | "inflect.Humanize" => "humanize",
        "title" | "strings.Title" => "title",
        "lower" | "strings.ToLower" => "lower",
        "upper" | "strings.ToUpper" => "upper",
        "trim" | "strings.Trim" => "trim",
        "strings.TrimSpace" => "trimSpace",
        "strings.TrimLeft" => "trimLeft",
        "strings.TrimRight" => "trimRight",
        "strings.TrimPrefix" => "trimPrefix",
        "strings.TrimSuffix" => "trimSuffix",
        "replace" | "strings.Replace" => "replace",
        "replaceRE" | "strings.ReplaceRE" => "replaceRE",
        "findRE" | "strings.FindRE" => "findRE",
        "split" | "strings.Split" => "split",
        "hasPrefix" | "strings.HasPrefix" => "hasPrefix",
        "hasSuffix" | "strings.HasSuffix" => "hasSuffix",
        "strings.Contains" => "contains",
        "strings.ContainsAny" => "containsAny",
        "strings.Repeat" => "repeat",
        "strings.Count" => "count",
        "strings.RuneCount" => "runeCount",
        "countrunes" | "strings.CountRunes" => "countrunes",
        "countwords" | "strings.CountWords" => "countwords",
        "substr" | "strings.Substr" => "substr",
        "truncate" | "strings.Truncate" => "truncate",
        "strings.FirstUpper" => "firstUpper",
        "urlize" | "urls.URLize" => "urlize",
        "anchorize" | "urls.Anchorize" => "anchorize",
        "relURL" | "urls.RelURL" => "relURL",
        "absURL" | "urls.AbsURL" => "absURL",
        "ref" | "urls.Ref" => "ref",
        "relref" | "urls.RelRef" => "relref",
        "add" | "math.Add" => "add",
        "sub" | "math.Sub" => "sub",
        "mul" | "math.Mul" => "mul",
        "div" | "math.Div" => "div",
        "mod" | "math.Mod" => "mod",
        "math.Floor" => "floor",
        "math.Ceil" => "ceil",
        "math.Round" => "round",
        "math.Max" => "max",
        "math.Min" => "min",
        "math.Abs" => "abs",
        "math.Sqrt" => "sqrt",
        "math.Pow" => "pow",
        "string" | "cast.ToString" => "string",
        "int" | "cast.ToInt" => "int",
        "float" | "cast.ToFloat" => "float",
        _ => return None,
    })
}

/// Whether `name` is a function the interpreter knows (including the ones
/// the executor handles itself).
pub fn is_function(name: &str) -> bool {
    matches!(name, "and" | "or" | "site" | "page") || canonical(name).is_some()
}

fn arity(args: &[Value], min: usize, max: usize) -> Result<(), String> {
    if args.len() < min || args.len() > max {
        let want = if min == max {
            format!("{min}")
        } else if max == usize::MAX {
            format!("at least {min}")
        } else {
            format!("{min} to {max}")
        };
        return Err(format!(
            "wrong number of args: want {want} got {}",
            args.len()
        ));
    }
    Ok(())
}

/// The text of a value for string functions (numbers convert, like Hugo's
/// `cast.ToString`).
fn text(value: &Value) -> Result<String, String> {
    match value {
        Value::Nil => Ok(String::new()),
        Value::Bool(_) | Value::Int(_) | Value::Float(_) => Ok(value.to_go_string()),
        other => other
            .as_text()
            .map(str::to_string)
            .ok_or_else(|| format!("unable to cast {} to string", other.to_go_string())),
    }
}

fn int(value: &Value) -> Result<i64, String> {
    value.as_i64().ok_or_else(|| {
        format!(
            "unable to cast {:?} of type {} to int",
            value.to_go_string(),
            value.type_name()
        )
    })
}

fn float(value: &Value) -> Result<f64, String> {
    value.as_f64().ok_or_else(|| {
        format!(
            "unable to cast {:?} of type {} to float64",
            value.to_go_string(),
            value.type_name()
        )
    })
}

/// Calls function `name`; `None` when it is not a supported function.
pub fn call(name: &str, args: &[Value], host: &dyn Host) -> Option<FuncResult> {
    let canonical = canonical(name)?;
    Some(dispatch(canonical, args, host))
}

fn dispatch(name: &str, args: &[Value], host: &dyn Host) -> FuncResult {
    let a = args;
    match name {
        "not" => {
            arity(a, 1, 1)?;
            Ok(Value::Bool(!a[0].is_truthy()))
        }
        "len" => {
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
        "index" => {
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
        "print" => Ok(Value::String(go_sprint(a))),
        "println" => Ok(Value::String(
            a.iter()
                .map(Value::to_go_string)
                .collect::<Vec<_>>()
                .join(" ")
                + "\n",
        )),
        "printf" => {
            arity(a, 1, usize::MAX)?;
            Ok(Value::String(sprintf(&text(&a[0])?, &a[1..])))
        }
        "errorf" => {
            arity(a, 1, usize::MAX)?;
            Err(sprintf(&text(&a[0])?, &a[1..]))
        }
        "warnf" => Ok(Value::String(String::new())),
        "eq" => {
            arity(a, 2, usize::MAX)?;
            Ok(Value::Bool(a[1..].iter().any(|b| loose_eq(&a[0], b))))
        }
        "ne" => {
            arity(a, 2, 2)?;
            Ok(Value::Bool(!loose_eq(&a[0], &a[1])))
        }
        "lt" | "le" | "gt" | "ge" => {
            arity(a, 2, usize::MAX)?;
            for b in &a[1..] {
                let ord = compare(&a[0], b)?;
                let ok = match name {
                    "lt" => ord.is_lt(),
                    "le" => ord.is_le(),
                    "gt" => ord.is_gt(),
                    _ => ord.is_ge(),
                };
                if !ok {
                    return Ok(Value::Bool(false));
                }
            }
            Ok(Value::Bool(true))
        }
        "default" => {
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
        "cond" => {
            arity(a, 3, 3)?;
            Ok(if a[0].is_truthy() {
                a[1].clone()
            } else {
                a[2].clone()
            })
        }
        "in" => {
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
        "first" | "last" | "after" => {
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
            Ok(Value::List(match name {
                "first" => items[..n].to_vec(),
                "last" => items[items.len() - n..].to_vec(),
                _ => items[n..].to_vec(),
            }))
        }
        "delimit" => {
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
        "slice" => Ok(Value::List(a.to_vec())),
        "dict" => {
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
        "append" => {
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
        "seq" => {
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
        "isset" => {
            arity(a, 2, 2)?;
            Ok(Value::Bool(match &a[0] {
                Value::List(l) => a[1]
                    .as_i64()
                    .is_some_and(|i| i >= 0 && (i as usize) < l.len()),
                Value::Map(m) => Value::map_get(m, &text(&a[1])?).is_some(),
                _ => false,
            }))
        }
        "uniq" => {
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
        "reverse" => {
            arity(a, 1, 1)?;
            match &a[0] {
                Value::List(items) => Ok(Value::List(items.iter().rev().cloned().collect())),
                other => Err(format!("type {} not supported", other.type_name())),
            }
        }
        "querify" => {
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
            let encode = |s: &str| super::escape::url_process(s, false).replace("%20", "+");
            Ok(Value::String(
                parts
                    .iter()
                    .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
                    .collect::<Vec<_>>()
                    .join("&"),
            ))
        }
        "safeHTML" | "safeHTMLAttr" | "safeCSS" | "safeJS" | "safeURL" => {
            arity(a, 1, 1)?;
            let s = text(&a[0])?;
            Ok(match name {
                "safeHTML" => Value::Html(s),
                "safeHTMLAttr" => Value::HtmlAttr(s),
                "safeCSS" => Value::Css(s),
                "safeJS" => Value::Js(s),
                _ => Value::Url(s),
            })
        }
        "htmlEscape" => {
            arity(a, 1, 1)?;
            Ok(Value::String(html_escape_string(&text(&a[0])?)))
        }
        "htmlUnescape" => {
            arity(a, 1, 1)?;
            Ok(Value::String(html_unescape(&text(&a[0])?)))
        }
        "plainify" => {
            arity(a, 1, 1)?;
            Ok(Value::String(strip_html(&text(&a[0])?)))
        }
        "markdownify" => {
            arity(a, 1, 1)?;
            let html = host.markdownify(&text(&a[0])?);
            Ok(Value::Html(trim_short_html(&html)))
        }
        "jsonify" => {
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
                Some(other) => {
                    return Err(format!("options must be a map, got {}", other.type_name()))
                }
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
        "humanize" => {
            arity(a, 1, 1)?;
            Ok(Value::String(humanize(&a[0])?))
        }
        "title" => {
            arity(a, 1, 1)?;
            Ok(Value::String(title_case(&text(&a[0])?)))
        }
        "lower" | "upper" | "trimSpace" | "firstUpper" => {
            arity(a, 1, 1)?;
            let s = text(&a[0])?;
            Ok(Value::String(match name {
                "lower" => s.to_lowercase(),
                "upper" => s.to_uppercase(),
                "trimSpace" => s.trim().to_string(),
                _ => {
                    let mut chars = s.chars();
                    match chars.next() {
                        Some(c) => c.to_uppercase().chain(chars).collect(),
                        None => String::new(),
                    }
                }
            }))
        }
        "trim" | "trimLeft" | "trimRight" => {
            arity(a, 2, 2)?;
            let s = text(&a[0])?;
            let cutset: Vec<char> = text(&a[1])?.chars().collect();
            let is_cut = |c: char| cutset.contains(&c);
            Ok(Value::String(
                match name {
                    "trim" => s.trim_matches(is_cut),
                    "trimLeft" => s.trim_start_matches(is_cut),
                    _ => s.trim_end_matches(is_cut),
                }
                .to_string(),
            ))
        }
        "trimPrefix" | "trimSuffix" => {
            arity(a, 2, 2)?;
            // Hugo's order: the prefix first, the string last.
            let affix = text(&a[0])?;
            let s = text(&a[1])?;
            Ok(Value::String(
                if name == "trimPrefix" {
                    s.strip_prefix(affix.as_str())
                } else {
                    s.strip_suffix(affix.as_str())
                }
                .unwrap_or(&s)
                .to_string(),
            ))
        }
        "replace" => {
            arity(a, 3, 4)?;
            let s = text(&a[0])?;
            let old = text(&a[1])?;
            let new = text(&a[2])?;
            Ok(Value::String(match a.get(3) {
                Some(limit) => s.replacen(old.as_str(), &new, int(limit)?.max(0) as usize),
                None => s.replace(old.as_str(), &new),
            }))
        }
        "replaceRE" => {
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
        "findRE" => {
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
        "split" => {
            arity(a, 2, 2)?;
            let s = text(&a[0])?;
            let sep = text(&a[1])?;
            Ok(Value::List(if sep.is_empty() {
                s.chars().map(|c| Value::String(c.to_string())).collect()
            } else {
                s.split(sep.as_str()).map(Value::str).collect()
            }))
        }
        "hasPrefix" | "hasSuffix" | "contains" | "containsAny" => {
            arity(a, 2, 2)?;
            let s = text(&a[0])?;
            let t = text(&a[1])?;
            Ok(Value::Bool(match name {
                "hasPrefix" => s.starts_with(t.as_str()),
                "hasSuffix" => s.ends_with(t.as_str()),
                "contains" => s.contains(t.as_str()),
                _ => s.contains(|c: char| t.contains(c)),
            }))
        }
        "repeat" => {
            arity(a, 2, 2)?;
            let n = int(&a[0])?;
            let s = text(&a[1])?;
            if n < 0 {
                return Err("the count must be non-negative".into());
            }
            if (n as u128) * (s.len() as u128) > super::exec::MAX_OUTPUT_BYTES as u128 {
                return Err("result too large".into());
            }
            Ok(Value::String(s.repeat(n as usize)))
        }
        "count" => {
            arity(a, 2, 2)?;
            let sub = text(&a[0])?;
            let s = text(&a[1])?;
            Ok(Value::Int(if sub.is_empty() {
                s.chars().count() as i64 + 1
            } else {
                s.matches(sub.as_str()).count() as i64
            }))
        }
        "runeCount" => {
            arity(a, 1, 1)?;
            Ok(Value::Int(text(&a[0])?.chars().count() as i64))
        }
        "countrunes" => {
            arity(a, 1, 1)?;
            Ok(Value::Int(
                strip_html(&text(&a[0])?)
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .count() as i64,
            ))
        }
        "countwords" => {
            arity(a, 1, 1)?;
            Ok(Value::Int(
                strip_html(&text(&a[0])?).split_whitespace().count() as i64,
            ))
        }
        "substr" => {
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
        "truncate" => {
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
                Some(i) if s[cut.len()..].starts_with(|c: char| !c.is_whitespace()) => {
                    cut[..i].to_string()
                }
                _ => cut,
            };
            let out = format!("{}{}", cut.trim_end(), ellipsis);
            Ok(if is_html {
                Value::Html(out)
            } else {
                Value::String(out)
            })
        }
        "urlize" => {
            arity(a, 1, 1)?;
            Ok(Value::String(urlize(&text(&a[0])?)))
        }
        "anchorize" => {
            arity(a, 1, 1)?;
            Ok(Value::String(anchorize(&text(&a[0])?)))
        }
        "relURL" | "absURL" => {
            arity(a, 1, 1)?;
            Ok(Value::Html(site_url(
                &text(&a[0])?,
                &host.base_url(),
                name == "absURL",
            )))
        }
        "ref" | "relref" => {
            arity(a, 2, 2)?;
            let path = match &a[1] {
                Value::Map(m) => Value::map_get(m, "path")
                    .map(text)
                    .transpose()?
                    .unwrap_or_default(),
                other => text(other)?,
            };
            match host.ref_link(&path, name == "relref") {
                Some(link) => Ok(Value::Html(link)),
                None => Err(format!("REF_NOT_FOUND: Ref {path:?}: page not found")),
            }
        }
        "add" | "sub" | "mul" | "div" => {
            arity(a, 2, usize::MAX)?;
            let mut acc = a[0].clone();
            for b in &a[1..] {
                acc = arithmetic(name, &acc, b)?;
            }
            Ok(acc)
        }
        "mod" => {
            arity(a, 2, 2)?;
            let (x, y) = (int(&a[0])?, int(&a[1])?);
            if y == 0 {
                return Err("the number can't be divided by zero at modulo operation".into());
            }
            Ok(Value::Int(x.wrapping_rem(y)))
        }
        "floor" | "ceil" | "round" | "abs" | "sqrt" => {
            arity(a, 1, 1)?;
            let x = float(&a[0])?;
            Ok(Value::Float(match name {
                "floor" => x.floor(),
                "ceil" => x.ceil(),
                "round" => x.round(),
                "abs" => x.abs(),
                _ => x.sqrt(),
            }))
        }
        "pow" => {
            arity(a, 2, 2)?;
            Ok(Value::Float(float(&a[0])?.powf(float(&a[1])?)))
        }
        "max" | "min" => {
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
            let pick = if name == "max" { f64::max } else { f64::min };
            nums.into_iter()
                .reduce(pick)
                .map(Value::Float)
                .ok_or_else(|| "no numbers given".to_string())
        }
        "string" => {
            arity(a, 1, 1)?;
            Ok(Value::String(text(&a[0])?))
        }
        "int" => {
            arity(a, 1, 1)?;
            Ok(Value::Int(match &a[0] {
                Value::Bool(b) => *b as i64,
                Value::Nil => 0,
                other => int(other)?,
            }))
        }
        "float" => {
            arity(a, 1, 1)?;
            Ok(Value::Float(match &a[0] {
                Value::Bool(b) => *b as i64 as f64,
                Value::Nil => 0.0,
                other => float(other)?,
            }))
        }
        other => Err(format!("function {other:?} has no implementation")),
    }
}

fn regex(pattern: &str) -> Result<regex_lite::Regex, String> {
    regex_lite::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| format!("invalid regular expression {pattern:?}: {e}"))
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

fn compare(a: &Value, b: &Value) -> Result<std::cmp::Ordering, String> {
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

fn arithmetic(op: &str, a: &Value, b: &Value) -> FuncResult {
    if op == "add" {
        if let (Some(x), Some(y)) = (a.as_text(), b.as_text()) {
            return Ok(Value::String(format!("{x}{y}")));
        }
    }
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => {
            let result = match op {
                "add" => x.checked_add(*y),
                "sub" => x.checked_sub(*y),
                "mul" => x.checked_mul(*y),
                _ => {
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
                "add" => x + y,
                "sub" => x - y,
                "mul" => x * y,
                _ => {
                    if y == 0.0 {
                        return Err("can't divide the value by 0".into());
                    }
                    x / y
                }
            }))
        }
    }
}

/// Go's `fmt.Sprint`: spaces between operands when neither is a string.
pub fn go_sprint(args: &[Value]) -> String {
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
pub fn sprintf(format: &str, args: &[Value]) -> String {
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

/// Go's `html.EscapeString` (what Hugo's `htmlEscape` uses).
fn html_escape_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#39;"),
            '"' => out.push_str("&#34;"),
            c => out.push(c),
        }
    }
    out
}

/// Decodes numeric character references and the common named entities.
pub fn html_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 32);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = if let Some(num) = name.strip_prefix('#') {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse().ok(),
                }?;
                char::from_u32(code).map(String::from)
            } else {
                named_entity(name).map(String::from)
            }?;
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push_str(&c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "hellip" => "…",
        "mdash" => "—",
        "ndash" => "–",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "laquo" => "«",
        "raquo" => "»",
        "middot" => "·",
        "bull" => "•",
        "times" => "×",
        "deg" => "°",
        "euro" => "€",
        _ => return None,
    })
}

/// Hugo's `helpers.StripHTML`: drops tags, turns paragraph and line breaks
/// into new lines, and collapses runs of white space.
pub fn strip_html(s: &str) -> String {
    if !s.contains(['<', '>']) {
        return s.to_string();
    }
    let s = s
        .replace('\n', " ")
        .replace("</p>", "\n")
        .replace("<br>", "\n")
        .replace("<br />", "\n");
    let mut out = String::with_capacity(s.len());
    let (mut in_tag, mut is_space, mut was_space) = (false, false, false);
    for c in s.chars() {
        // Like Go's loop: the space flag only resets outside tags.
        if !in_tag {
            is_space = false;
        }
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c => {
                if c.is_whitespace() {
                    is_space = true;
                }
                if !in_tag && (!is_space || !was_space) {
                    out.push(c);
                }
            }
        }
        was_space = is_space;
    }
    out
}

/// Hugo's `TrimShortHTML`: a single paragraph loses its `<p>` wrapper.
fn trim_short_html(html: &str) -> String {
    if html.matches("<p>").count() == 1 {
        let trimmed = html.trim();
        if let Some(inner) = trimmed
            .strip_prefix("<p>")
            .and_then(|t| t.strip_suffix("</p>"))
        {
            return inner.to_string();
        }
    }
    html.to_string()
}

fn humanize(value: &Value) -> Result<String, String> {
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

/// Hugo's `anchorize` (GitHub-style heading ids): trimmed, lower-cased,
/// spaces to `-`, only letters, digits, `_` and `-` kept.
pub fn anchorize(s: &str) -> String {
    s.trim()
        .chars()
        .filter_map(|c| match c {
            '-' | ' ' => Some(vec!['-']),
            c if c == '_' || c.is_alphanumeric() => Some(c.to_lowercase().collect()),
            _ => None,
        })
        .flatten()
        .collect()
}

/// Hugo's `urlize`: path-sanitised (spaces to `-`, unsafe characters
/// dropped), lower-cased, and percent-encoded where a URL needs it.
pub fn urlize(s: &str) -> String {
    let allowed = |i: usize, c: char| {
        c != ' '
            && (c.is_alphanumeric()
                || matches!(c, '.' | '/' | '\\' | '_' | '#' | '+' | '~' | '-' | '@')
                || (c == '%'
                    && s.as_bytes().get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && s.as_bytes().get(i + 2).is_some_and(u8::is_ascii_hexdigit)))
    };
    let mut sanitized = String::with_capacity(s.len());
    let (mut prepend_hyphen, mut was_hyphen) = (false, false);
    for (i, c) in s.char_indices() {
        if allowed(i, c) {
            was_hyphen = c == '-';
            if prepend_hyphen {
                if !was_hyphen {
                    sanitized.push('-');
                }
                prepend_hyphen = false;
            }
            sanitized.push(c);
        } else if !sanitized.is_empty() && !was_hyphen && c.is_whitespace() {
            prepend_hyphen = true;
        }
    }
    let lower = sanitized.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        if c.is_ascii() && c != '\\' {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// `relURL` / `absURL` against the site's base URL.
fn site_url(input: &str, base_url: &str, absolute: bool) -> String {
    let has_scheme = input.starts_with("//")
        || input.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
    if has_scheme {
        return input.to_string();
    }
    let (origin, base_path) = match base_url.find("://") {
        Some(i) => {
            let after = &base_url[i + 3..];
            match after.find('/') {
                Some(slash) => (&base_url[..i + 3 + slash], &after[slash..]),
                None => (base_url, ""),
            }
        }
        None => ("", base_url),
    };
    let path = format!(
        "{}/{}",
        base_path.trim_end_matches('/'),
        input.trim_start_matches('/')
    );
    if absolute {
        format!("{origin}{path}")
    } else {
        path
    }
}
