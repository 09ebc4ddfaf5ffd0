//! The `figure` built-in, with Hugo 0.111's template output byte for byte:
//! an `<img>` in a `<figure>`, optionally linked, with an optional
//! `<figcaption>` holding an `<h4>` title and a `<p>` of caption and
//! attribution (both Markdown).

use super::{markdownify, BuiltinContext};
use crate::shortcode::{Params, Value};
use crate::text;

pub fn render(params: &Params, ctx: &BuiltinContext) -> Result<String, String> {
    if !params.is_named() && !params.is_empty() {
        return Err(
            "figure shortcode takes named parameters, e.g. {{< figure src=\"a.jpg\" >}}".into(),
        );
    }
    // `.Get` of an absent parameter is empty, and empty is false in templates.
    let get = |name: &str| {
        params
            .get(name)
            .map(Value::as_string)
            .filter(|v| !v.is_empty())
    };
    let src = get("src").ok_or("figure shortcode needs a src")?;
    let mut html = String::from("<figure");
    if let Some(class) = get("class") {
        html.push_str(&format!(" class=\"{}\"", text::html_template(&class)));
    }
    html.push('>');
    let link = get("link");
    if let Some(link) = &link {
        let link = ctx.markdown.resolve_url(link);
        html.push_str(&format!("<a href=\"{}\"", text::url_attr(&link)));
        if let Some(target) = get("target") {
            html.push_str(&format!(" target=\"{}\"", text::html_template(&target)));
        }
        if let Some(rel) = get("rel") {
            html.push_str(&format!(" rel=\"{}\"", text::html_template(&rel)));
        }
        html.push('>');
    }
    let src = ctx.markdown.resolve_url(&src);
    html.push_str(&format!("<img src=\"{}\"", text::url_attr(&src)));
    let caption = get("caption");
    let alt = get("alt").or_else(|| {
        caption
            .as_deref()
            .map(|c| text::strip_html(&markdownify(c, ctx)))
    });
    if let Some(alt) = alt {
        html.push_str(&format!("\n         alt=\"{}\"", text::html_template(&alt)));
    }
    for attribute in ["width", "height", "loading"] {
        if let Some(value) = get(attribute) {
            html.push_str(&format!(" {attribute}=\"{}\"", text::html_template(&value)));
        }
    }
    html.push_str("/>");
    if link.is_some() {
        html.push_str("</a>");
    }
    let title = get("title");
    let attr = get("attr");
    if title.is_some() || caption.is_some() || attr.is_some() {
        html.push_str("<figcaption>\n            ");
        if let Some(title) = title {
            html.push_str(&format!("<h4>{}</h4>", text::html_template(&title)));
        }
        if caption.is_some() || attr.is_some() {
            html.push_str("<p>");
            if let Some(caption) = &caption {
                html.push_str(&markdownify(caption, ctx));
            }
            let attrlink = get("attrlink");
            if let Some(attrlink) = &attrlink {
                html.push_str(&format!(
                    "\n                    <a href=\"{}\">",
                    text::url_attr(attrlink)
                ));
            }
            if let Some(attr) = &attr {
                html.push_str(&markdownify(attr, ctx));
            }
            if attrlink.is_some() {
                html.push_str("</a>");
            }
            html.push_str("</p>");
        }
        html.push_str("\n        </figcaption>");
    }
    html.push_str("\n</figure>\n");
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{context, named};
    use super::*;

    #[test]
    fn linked_figure_with_caption() {
        let params = named(&[
            ("src", "/images/zion.jpg"),
            ("alt", "A photograph of Zion National Park"),
            ("link", "https://www.nps.gov/zion/index.htm"),
            ("caption", "Zion National Park"),
            ("class", "ma0 w-75"),
        ]);
        assert_eq!(
            render(&params, &context()).unwrap(),
            "<figure class=\"ma0 w-75\"><a href=\"https://www.nps.gov/zion/index.htm\"><img src=\"/images/zion.jpg\"\n         alt=\"A photograph of Zion National Park\"/></a><figcaption>\n            <p>Zion National Park</p>\n        </figcaption>\n</figure>\n"
        );
    }

    #[test]
    fn every_parameter() {
        let params = named(&[
            ("src", "a b.png"),
            ("link", "/big"),
            ("target", "_blank"),
            ("rel", "noopener"),
            ("title", "T & U"),
            ("caption", "*Nice* view"),
            ("attr", "Jo"),
            ("attrlink", "https://jo.example"),
            ("width", "300"),
            ("height", "200"),
            ("loading", "lazy"),
        ]);
        assert_eq!(
            render(&params, &context()).unwrap(),
            "<figure><a href=\"/big\" target=\"_blank\" rel=\"noopener\"><img src=\"a%20b.png\"\n         alt=\"Nice view\" width=\"300\" height=\"200\" loading=\"lazy\"/></a><figcaption>\n            <h4>T &amp; U</h4><p><em>Nice</em> view\n                    <a href=\"https://jo.example\">Jo</a></p>\n        </figcaption>\n</figure>\n"
        );
    }

    #[test]
    fn bare_image_and_missing_src() {
        assert_eq!(
            render(&named(&[("src", "x.jpg")]), &context()).unwrap(),
            "<figure><img src=\"x.jpg\"/>\n</figure>\n"
        );
        assert!(render(&named(&[("alt", "x")]), &context())
            .unwrap_err()
            .contains("needs a src"));
    }
}
