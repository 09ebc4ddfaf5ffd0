//! Hugo's `transform` namespace: HTML escaping and unescaping, `plainify`
//! and `markdownify` (the host renders the Markdown).

use super::{arity, func, text, Func, FuncResult};
use crate::template::value::Value;
use crate::template::Host;
use crate::text::{escape_html, strip_html, unescape_html, Html};

pub(super) const FUNCS: &[Func] = &[
    func("htmlEscape", &["transform.HTMLEscape"], html_escape),
    func("htmlUnescape", &["transform.HTMLUnescape"], html_unescape),
    func("plainify", &["transform.Plainify"], plainify),
    func("markdownify", &["transform.Markdownify"], markdownify),
];

fn html_escape(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 1, 1)?;
    Ok(Value::String(escape_html(
        &text(&a[0])?,
        Html::EscapeString,
    )))
}

fn html_unescape(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 1, 1)?;
    Ok(Value::String(unescape_html(&text(&a[0])?)))
}

fn plainify(a: &[Value], _: &dyn Host) -> FuncResult {
    arity(a, 1, 1)?;
    Ok(Value::String(strip_html(&text(&a[0])?)))
}

fn markdownify(a: &[Value], host: &dyn Host) -> FuncResult {
    arity(a, 1, 1)?;
    let html = host.markdownify(&text(&a[0])?);
    Ok(Value::Html(trim_short_html(&html)))
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
