//! The trust policy: the one gate every raw-HTML event, every link and image
//! URL, every attribute from an attribute list and every shortcode output
//! passes before the Markdown writer puts it in the page.
//!
//! Keeping the decision in one place means a stricter mode (content from
//! people the site does not trust) is one more policy, not patches spread
//! over the writer. Today the policy reproduces Hugo's defaults exactly:
//!
//! - raw HTML is kept only when the site sets goldmark's `unsafe = true`
//!   (Hugo's default is off: `<!-- raw HTML omitted -->`);
//! - with `unsafe` off, dangerous URLs (`javascript:`, `vbscript:`, `file:`,
//!   `data:` other than a few image types) become empty, as goldmark's
//!   `IsDangerousURL` makes them;
//! - attribute lists (`# T {onclick=…}`, fence attributes) never carry event
//!   handlers: headings keep goldmark's allowed attributes only.
//!
//! *Untrusted* content (`folio render --untrusted`, the widget's `untrusted`
//! attribute, posts from origins the site does not list) is stricter: raw
//! HTML is omitted, or, where the site keeps raw HTML, goes through the
//! allowlist [`crate::sanitize`]r; link and image URLs must be `http(s)`,
//! `mailto`, relative or a data image; site templates' output is sanitised
//! too (Folio's own built-ins escape their parameters); inline shortcodes
//! are off; attribute lists lose `style` as well.

use std::borrow::Cow;

/// Whose content is rendered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Trust {
    /// The site's own posts: as trusted as Hugo trusts them.
    #[default]
    Site,
    /// Someone else's text: nothing in it may run script.
    Untrusted,
}

/// What happens to raw HTML written in a post.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawHtml {
    Keep,
    /// `<!-- raw HTML omitted -->`, as goldmark without `unsafe`.
    Omit,
    /// Through the allowlist sanitiser.
    Sanitize,
}

/// What the site allows and whose content it is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    /// goldmark `markup.goldmark.renderer.unsafe`.
    pub unsafe_html: bool,
    pub trust: Trust,
}

/// Where a URL is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlKind {
    Link,
    Image,
}

impl Policy {
    /// Whether raw HTML (HTML blocks and inline tags written by the author)
    /// is written as it is; otherwise the writer omits it as goldmark does.
    pub fn raw_html(&self) -> RawHtml {
        match (self.unsafe_html, self.trust) {
            (false, _) => RawHtml::Omit,
            (true, Trust::Site) => RawHtml::Keep,
            (true, Trust::Untrusted) => RawHtml::Sanitize,
        }
    }

    pub fn is_untrusted(&self) -> bool {
        self.trust == Trust::Untrusted
    }

    /// The URL to write for a link or image destination: the URL itself, or
    /// an empty one when it is dangerous and the site is not `unsafe`.
    pub fn url<'u>(&self, url: &'u str, kind: UrlKind) -> Cow<'u, str> {
        if self.is_untrusted() {
            let (element, attribute) = match kind {
                UrlKind::Link => ("a", "href"),
                UrlKind::Image => ("img", "src"),
            };
            return crate::sanitize::safe_url(url, element, attribute)
                .map_or(Cow::Borrowed(""), Cow::Owned);
        }
        if !self.unsafe_html && is_dangerous_url(url) {
            Cow::Borrowed("")
        } else {
            Cow::Borrowed(url)
        }
    }

    /// Whether an attribute from a heading's attribute list is written:
    /// goldmark's `HeadingAttributeFilter` (the global attributes, `align`)
    /// plus any `data-*`; event handlers never.
    pub fn heading_attribute(&self, name: &str) -> bool {
        if !is_attribute_name(name) {
            return false;
        }
        const ALLOWED: [&str; 27] = [
            "accesskey",
            "autocapitalize",
            "autofocus",
            "class",
            "contenteditable",
            "dir",
            "draggable",
            "enterkeyhint",
            "hidden",
            "id",
            "inert",
            "inputmode",
            "is",
            "itemid",
            "itemprop",
            "itemref",
            "itemscope",
            "itemtype",
            "lang",
            "part",
            "role",
            "slot",
            "spellcheck",
            "style",
            "tabindex",
            "title",
            "translate",
        ];
        if self.is_untrusted() && (name == "style" || name.starts_with("data-")) {
            return false;
        }
        name.starts_with("data-") || name == "align" || ALLOWED.contains(&name)
    }

    /// Whether an attribute from a code fence's attribute list goes on the
    /// highlighter's wrapper: anything but an event handler.
    pub fn fence_attribute(&self, name: &str) -> bool {
        if !is_attribute_name(name) {
            return false;
        }
        let style = name.eq_ignore_ascii_case("style");
        !(is_event_handler(name) || (self.is_untrusted() && style))
    }

    /// Whether an attribute-list value (`# T {style=…}`, fence attributes)
    /// is written: unless the site is `unsafe` and the content its own, a
    /// value that carries a script URL or a CSS `expression(` is dropped,
    /// as goldmark drops dangerous link URLs (goldmark itself writes such
    /// values; browsers today ignore `url(javascript:…)`, but it costs a
    /// reader nothing to be sure).
    pub fn attribute_value(&self, value: &str) -> bool {
        if self.unsafe_html && !self.is_untrusted() {
            return true;
        }
        let squeezed: String = crate::text::unescape_html(value)
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control() && *c != '\\')
            .collect::<String>()
            .to_ascii_lowercase();
        !["javascript:", "vbscript:", "data:text", "expression("]
            .iter()
            .any(|bad| squeezed.contains(bad))
    }

    /// The HTML a site template (or an inline shortcode) made from the
    /// post's parameters: as it is for the site's own posts (Hugo trusts its
    /// templates), sanitised for untrusted content. Folio's built-ins escape
    /// their parameters and are not passed here.
    pub fn template_output<'h>(&self, html: &'h str) -> Cow<'h, str> {
        if self.is_untrusted() {
            Cow::Owned(crate::sanitize::sanitize(html))
        } else {
            Cow::Borrowed(html)
        }
    }
}

/// A plain attribute name (`[A-Za-z_:][A-Za-z0-9_:.-]*`): anything else,
/// written into a tag, could end the name early and start another
/// attribute (a fuzzer found `{h<a/onclick="…"}` on a fence: the browser
/// reads `h&lt;a` then `onclick`).
pub fn is_attribute_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_' || b == b':')
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'.' | b'-'))
}

/// `on…` attributes run script.
pub fn is_event_handler(name: &str) -> bool {
    name.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("on"))
}

/// Whether `url` is a `data:` URL of a PNG, GIF, JPEG or WebP image (ASCII
/// case ignored): the only `data:` URLs goldmark, and the sanitiser, let
/// through.
pub fn is_safe_data_image(url: &str) -> bool {
    // Bytes, not `str` slices: what follows the prefix may be any text.
    let bytes = url.as_bytes();
    let has = |at: usize, prefix: &str| {
        bytes
            .get(at..at + prefix.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    const PREFIX: &str = "data:image/";
    has(0, PREFIX)
        && ["png;", "gif;", "jpeg;", "webp;"]
            .iter()
            .any(|kind| has(PREFIX.len(), kind))
}

/// goldmark's `IsDangerousURL`: `javascript:`, `vbscript:`, `file:` and
/// `data:` URLs, except `data:image/` PNG, GIF, JPEG and WebP.
pub fn is_dangerous_url(url: &str) -> bool {
    let has_prefix = |s: &str, prefix: &str| {
        s.len() >= prefix.len()
            && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
    };
    if has_prefix(url, "data:image/") {
        return !is_safe_data_image(url);
    }
    ["javascript:", "vbscript:", "file:", "data:"]
        .iter()
        .any(|scheme| has_prefix(url, scheme))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangerous_urls_as_goldmark() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "vbscript:x",
            "file:///etc/passwd",
            "data:text/html,<script>",
            "data:image/svg+xml;base64,AAA",
        ] {
            assert!(is_dangerous_url(url), "{url}");
        }
        for url in [
            "https://x.org",
            "/a",
            "#f",
            "data:image/png;base64,AAA",
            "mailto:a@b",
            "",
        ] {
            assert!(!is_dangerous_url(url), "{url}");
        }
        let site = Policy::default();
        assert_eq!(site.url("javascript:x", UrlKind::Link), "");
        let open = Policy {
            unsafe_html: true,
            ..Policy::default()
        };
        assert_eq!(open.url("javascript:x", UrlKind::Link), "javascript:x");
        let untrusted = Policy {
            unsafe_html: true,
            trust: Trust::Untrusted,
        };
        assert_eq!(untrusted.url("javascript:x", UrlKind::Link), "");
        assert_eq!(untrusted.url("vbscript:x", UrlKind::Link), "");
        assert_eq!(untrusted.url("/a b", UrlKind::Link), "/a b");
        assert_eq!(untrusted.raw_html(), RawHtml::Sanitize);
    }

    #[test]
    fn attribute_lists_never_carry_handlers() {
        let p = Policy::default();
        assert!(!p.heading_attribute("onclick"));
        assert!(p.heading_attribute("class") && p.heading_attribute("data-x"));
        assert!(!p.fence_attribute("OnMouseOver"));
        assert!(!p.fence_attribute("h<a/onclick"));
        assert!(!p.heading_attribute("x\"onclick"));
        assert!(p.fence_attribute("data-line.no"));
        assert!(p.fence_attribute("style"));
        assert!(!p.attribute_value("background:url(JAVA\tscript:x)"));
        assert!(!p.attribute_value("width:ex\\pression(x)"));
        assert!(p.attribute_value("color: red"));
    }
}
