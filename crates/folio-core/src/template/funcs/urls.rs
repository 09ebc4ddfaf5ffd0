//! Hugo's `urls` namespace: slugs (`urlize`, `anchorize`, implemented once
//! in [`crate::text::slug`]), site-relative URLs and page references.

use super::{arity, func, text, Func, FuncResult};
use crate::template::value::Value;
use crate::template::Host;
use crate::text::{anchorize, urlize};

pub(super) const FUNCS: &[Func] = &[
    func("urlize", &["urls.URLize"], |a, _| slug(a, urlize)),
    func("anchorize", &["urls.Anchorize"], |a, _| slug(a, anchorize)),
    func("relURL", &["urls.RelURL"], |a, host| {
        site_relative(a, host, false)
    }),
    func("absURL", &["urls.AbsURL"], |a, host| {
        site_relative(a, host, true)
    }),
    func("ref", &["urls.Ref"], |a, host| reference(a, host, false)),
    func("relref", &["urls.RelRef"], |a, host| {
        reference(a, host, true)
    }),
];

fn slug(a: &[Value], f: fn(&str) -> String) -> FuncResult {
    arity(a, 1, 1)?;
    Ok(Value::String(f(&text(&a[0])?)))
}

fn site_relative(a: &[Value], host: &dyn Host, absolute: bool) -> FuncResult {
    arity(a, 1, 1)?;
    Ok(Value::Html(site_url(
        &text(&a[0])?,
        &host.base_url(),
        absolute,
    )))
}

fn reference(a: &[Value], host: &dyn Host, relative: bool) -> FuncResult {
    arity(a, 2, 2)?;
    let path = match &a[1] {
        Value::Map(m) => Value::map_get(m, "path")
            .map(text)
            .transpose()?
            .unwrap_or_default(),
        other => text(other)?,
    };
    match host.ref_link(&path, relative) {
        Some(link) => Ok(Value::Html(link)),
        None => Err(format!("REF_NOT_FOUND: Ref {path:?}: page not found")),
    }
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
