//! The `ref` and `relref` built-ins. Folio renders one post at a time with
//! no index of the others, so a reference resolves as Hugo resolves one it
//! cannot find: to the site's `refLinksNotFoundURL`, or to an error.

use super::BuiltinContext;
use crate::shortcode::{Params, Value};
use crate::text;

/// `{{< ref "path" >}}` / `{{< relref path="…" >}}`.
pub fn render(name: &str, params: &Params, ctx: &BuiltinContext) -> Result<String, String> {
    let target = params
        .get_index(0)
        .or_else(|| params.get("path"))
        .map(Value::as_string)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            format!("{name} shortcode needs a path, e.g. {{{{< {name} \"posts/hello.md\" >}}}}")
        })?;
    match &ctx.config.ref_links_not_found_url {
        Some(url) => Ok(text::html_template(url)),
        None => Err(format!(
            "{name} {target:?}: page not found (Folio renders posts alone; set refLinksNotFoundURL to link such references somewhere)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{context, positional};
    use super::*;
    use crate::site::SiteConfig;

    #[test]
    fn not_found_url_or_error() {
        let config = SiteConfig {
            ref_links_not_found_url: Some("#REF_NOT_FOUND".into()),
            ..SiteConfig::default()
        };
        let page_params = serde_json::Map::new();
        let ctx = BuiltinContext {
            config: &config,
            page_params: &page_params,
            markdown: &crate::markdown::Options::default(),
        };
        assert_eq!(
            render("ref", &positional(&["about.md"]), &ctx).unwrap(),
            "#REF_NOT_FOUND"
        );
        assert!(render("relref", &positional(&["about.md"]), &context())
            .unwrap_err()
            .contains("page not found"));
    }
}
