//! The `param` built-in: prints a page parameter, falling back to the
//! site's `params`, like Hugo's `.Page.Param`.

use serde_json::{Map, Value as Json};

use super::BuiltinContext;
use crate::shortcode::{Params, Value};
use crate::text;

/// `{{< param KEY >}}`; `KEY` may be dotted (`author.name`) and is
/// case-insensitive.
pub fn render(params: &Params, ctx: &BuiltinContext) -> Result<String, String> {
    let key = params
        .get_index(0)
        .or_else(|| params.get("name"))
        .map(Value::as_string)
        .filter(|k| !k.is_empty())
        .ok_or("param shortcode needs a key, e.g. {{< param description >}}")?;
    // Front matter keys, then a front matter `params` table (Hugo 0.123+
    // puts custom keys there), then the site's params.
    let value = lookup(ctx.page_params, &key)
        .or_else(|| lookup(ctx.page_params, &format!("params.{key}")))
        .or_else(|| lookup(&ctx.config.params, &key))
        .filter(|v| !v.is_null())
        .ok_or_else(|| format!("param {key:?} not found in the page or site params"))?;
    Ok(text::html_template(&go_print(value)))
}

fn lookup<'a>(map: &'a Map<String, Json>, key: &str) -> Option<&'a Json> {
    let mut parts = key.split('.');
    let first = parts.next()?;
    let mut value = find(map, first)?;
    for part in parts {
        value = find(value.as_object()?, part)?;
    }
    Some(value)
}

fn find<'a>(map: &'a Map<String, Json>, key: &str) -> Option<&'a Json> {
    map.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

/// A value as Go's `fmt` prints it in a template (`[a b]` for lists).
fn go_print(value: &Json) -> String {
    match value {
        Json::String(s) => s.clone(),
        Json::Array(items) => format!(
            "[{}]",
            items.iter().map(go_print).collect::<Vec<_>>().join(" ")
        ),
        Json::Object(map) => format!(
            "map[{}]",
            map.iter()
                .map(|(k, v)| format!("{k}:{}", go_print(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        Json::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::positional;
    use super::*;
    use crate::site::SiteConfig;

    #[test]
    fn page_then_site_params() {
        let mut config = SiteConfig::default();
        config.params.insert(
            "author".into(),
            serde_json::json!({"name": "Site <Author>"}),
        );
        config.params.insert("color".into(), "blue".into());
        let mut page_params = Map::new();
        page_params.insert("Color".into(), "red".into());
        page_params.insert("tags".into(), serde_json::json!(["a", "b"]));
        page_params.insert("params".into(), serde_json::json!({"mood": "sunny"}));
        let ctx = BuiltinContext {
            config: &config,
            page_params: &page_params,
            markdown: &crate::markdown::Options::default(),
        };
        assert_eq!(render(&positional(&["color"]), &ctx).unwrap(), "red");
        assert_eq!(
            render(&positional(&["author.name"]), &ctx).unwrap(),
            "Site &lt;Author&gt;"
        );
        assert_eq!(render(&positional(&["tags"]), &ctx).unwrap(), "[a b]");
        assert_eq!(render(&positional(&["mood"]), &ctx).unwrap(), "sunny");
        assert!(render(&positional(&["nope"]), &ctx)
            .unwrap_err()
            .contains("not found"));
        assert!(render(&Params::None, &ctx).is_err());
    }
}
