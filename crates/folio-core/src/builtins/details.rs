//! The `details` built-in (Hugo 0.140+): a `<details>` disclosure whose
//! summary and body are Markdown.

use super::{markdownify, BuiltinContext};
use crate::markdown;
use crate::shortcode::{Params, Value};
use crate::text;

/// `{{< details summary="…" open=true class="…" name="…" title="…" >}}inner{{< /details >}}`.
pub fn render(
    params: &Params,
    inner: Option<&str>,
    ctx: &BuiltinContext,
) -> Result<String, String> {
    if !params.is_named() && !params.is_empty() {
        return Err("details shortcode takes named parameters, e.g. summary=\"More\"".into());
    }
    let get = |name: &str| {
        params
            .get(name)
            .map(Value::as_string)
            .filter(|v| !v.is_empty())
    };
    let summary = get("summary").unwrap_or_else(|| "Details".to_string());
    let open = match params.get("open") {
        Some(Value::Bool(b)) => *b,
        Some(Value::Int(n)) => *n != 0,
        Some(other) => !matches!(other.as_string().as_str(), "" | "false" | "0"),
        None => false,
    };
    let mut html = String::from("<details");
    for attribute in ["class", "name"] {
        if let Some(value) = get(attribute) {
            html.push_str(&format!(" {attribute}=\"{}\"", text::html_template(&value)));
        }
    }
    if open {
        html.push_str(" open");
    }
    if let Some(title) = get("title") {
        html.push_str(&format!(" title=\"{}\"", text::html_template(&title)));
    }
    let body = markdown::render(inner.unwrap_or_default(), ctx.markdown);
    html.push_str(&format!(
        ">\n  <summary>{}</summary>\n  {}</details>\n",
        markdownify(&summary, ctx),
        body
    ));
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{context, named};
    use super::*;

    #[test]
    fn open_details_with_markdown() {
        let params = named(&[
            ("summary", "See *this*"),
            ("class", "note"),
            ("open", "true"),
        ]);
        assert_eq!(
            render(&params, Some("Hello **there**\n"), &context()).unwrap(),
            "<details class=\"note\" open>\n  <summary>See <em>this</em></summary>\n  <p>Hello <strong>there</strong></p>\n</details>\n"
        );
    }

    #[test]
    fn closed_by_default_with_default_summary() {
        assert_eq!(
            render(&Params::None, Some("x"), &context()).unwrap(),
            "<details>\n  <summary>Details</summary>\n  <p>x</p>\n</details>\n"
        );
    }
}
