//! The escaping Go's `html/template` applies to values in Hugo's embedded
//! shortcode templates, so built-ins print values the way Hugo does.

use crate::template::escape as template_escape;

/// `html/template`'s escaper for text and quoted attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '+' => out.push_str("&#43;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A value in a URL attribute (`src`, `href`): unsafe schemes such as
/// `javascript:` become `#ZgotmplZ`, characters a URL may not hold are
/// percent-encoded, and the result is attribute-escaped. The URL rules are
/// the template engine's, so built-ins and site templates agree.
pub fn url_attr(url: &str) -> String {
    let filtered = template_escape::url_filter(url).unwrap_or("#ZgotmplZ");
    html(&template_escape::url_process(filtered, true))
}

/// `html/template`'s escaping of a value inside a URL's query part (after
/// `?`): everything but unreserved characters is percent-encoded.
pub fn url_query(value: &str) -> String {
    template_escape::url_process(value, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_html_template() {
        assert_eq!(html("a<b>&\"'+"), "a&lt;b&gt;&amp;&#34;&#39;&#43;");
        assert_eq!(url_attr("/a b/é?x=1&y=2"), "/a%20b/%c3%a9?x=1&amp;y=2");
        assert_eq!(url_attr("javascript:alert(1)"), "#ZgotmplZ");
        assert_eq!(url_attr("https://x.org/p"), "https://x.org/p");
        assert_eq!(url_query("a b&c"), "a%20b%26c");
    }
}
