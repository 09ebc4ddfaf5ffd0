//! The allowlist sanitiser of untrusted mode: raw HTML in, HTML that cannot
//! run script out.
//!
//! Why hand-written: `ammonia` (html5ever) would roughly double the app's
//! wasm, and a sanitiser here sees one raw-HTML event at a time anyway. It is
//! safe by construction rather than by parsing like a browser: it tokenises
//! tags leniently, then *re-serialises* only what is on the allowlists
//! (element names, attribute names per element, URL schemes), with every
//! attribute value quoted and escaped and every `<` in text escaped. What
//! the browser parses is therefore exactly what was checked; comments,
//! processing instructions, unknown tags and foreign content (SVG, MathML)
//! never reach it, which rules out the mXSS tricks that rely on the
//! browser re-parsing markup differently.
//!
//! Fragments can be fed one at a time ([`Sanitizer::push`]): HTML blocks
//! arrive line by line, and a tag split across lines is held until it ends.

use crate::text::unescape_html;

/// Elements kept (their attributes are filtered by [`allowed_attribute`]).
const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "audio",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "iframe",
    "img",
    "ins",
    "kbd",
    "li",
    "main",
    "mark",
    "nav",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
];

/// Elements dropped together with everything inside them.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script",
    "style",
    "template",
    "textarea",
    "title",
    "xmp",
    "noscript",
    "noembed",
    "noframes",
    "iframe",
    "object",
    "svg",
    "math",
    "select",
    "plaintext",
    "frameset",
    "head",
];

/// Void elements: no end tag.
const VOID: &[&str] = &[
    "br", "col", "hr", "img", "source", "track", "wbr", "embed", "input", "meta", "link", "base",
    "area", "param",
];

/// Hosts whose players may be framed (`<iframe src>`), with the path they
/// must start with.
const FRAME_HOSTS: &[(&str, &str)] = &[
    ("www.youtube.com", "/embed/"),
    ("www.youtube-nocookie.com", "/embed/"),
    ("youtube.com", "/embed/"),
    ("player.vimeo.com", "/video/"),
];

/// Attributes any kept element may carry.
const GLOBAL_ATTRIBUTES: &[&str] = &["class", "id", "title", "lang", "dir", "role", "hidden"];

fn allowed_attribute(element: &str, name: &str) -> bool {
    if GLOBAL_ATTRIBUTES.contains(&name) || name.starts_with("aria-") {
        return true;
    }
    let per_element: &[&str] = match element {
        "a" => &["href", "hreflang", "rel", "target", "name"],
        "img" => &["src", "alt", "width", "height", "loading", "decoding"],
        "iframe" => &[
            "src",
            "width",
            "height",
            "allow",
            "allowfullscreen",
            "frameborder",
            "loading",
            "referrerpolicy",
        ],
        "video" => &[
            "src",
            "poster",
            "controls",
            "width",
            "height",
            "loop",
            "muted",
            "preload",
            "playsinline",
        ],
        "audio" => &["src", "controls", "loop", "muted", "preload"],
        "source" | "track" => &[
            "src", "type", "media", "kind", "label", "srclang", "default",
        ],
        "td" | "th" => &["align", "colspan", "rowspan", "scope"],
        "col" | "colgroup" => &["span"],
        "ol" => &["start", "type", "reversed"],
        "li" => &["value"],
        "time" | "del" | "ins" => &["datetime", "cite"],
        "q" | "blockquote" => &["cite"],
        "details" => &["open"],
        "data" => &["value"],
        "table" | "tr" | "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => &["align"],
        _ => &[],
    };
    per_element.contains(&name)
}

fn is_url_attribute(name: &str) -> bool {
    matches!(name, "href" | "src" | "cite" | "poster")
}

/// The URL to write, or `None` when it is not allowed: `http`, `https`,
/// `mailto` and relative URLs; `data:image/{png,gif,jpeg,webp}` for images;
/// frames only from [`FRAME_HOSTS`]. `value` is the attribute value with
/// character references decoded, as the browser will see it.
pub fn safe_url(value: &str, element: &str, attribute: &str) -> Option<String> {
    // Browsers drop tabs and new lines anywhere in a URL and trim controls
    // and spaces at the ends, so `java\tscript:` is `javascript:`.
    let url: String = value
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if url.chars().any(|c| c.is_control()) {
        return None;
    }
    let scheme_end = url.find([':', '/', '?', '#']);
    let scheme = match scheme_end {
        Some(at) if url[at..].starts_with(':') => Some(url[..at].to_ascii_lowercase()),
        _ => None,
    };
    if element == "iframe" {
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("//"))?;
        let (host, path) = rest.split_at(rest.find('/')?);
        return FRAME_HOSTS
            .iter()
            .any(|(h, p)| host.eq_ignore_ascii_case(h) && path.starts_with(p))
            .then_some(url);
    }
    match scheme.as_deref() {
        None => Some(url),
        Some("http" | "https") => Some(url),
        Some("mailto") if attribute == "href" => Some(url),
        Some("data") if element == "img" && attribute == "src" => {
            crate::policy::is_safe_data_image(&url).then_some(url)
        }
        Some(_) => None,
    }
}

/// Escapes an attribute value for a double-quoted attribute.
fn push_attribute_value(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '`' => out.push_str("&#96;"),
            c => out.push(c),
        }
    }
}

/// Writes text: `<` and `>` escaped; `&` kept only where it starts a
/// character reference, else escaped.
fn push_text(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['<', '>', '&']) {
        out.push_str(&rest[..at]);
        let c = rest.as_bytes()[at];
        rest = &rest[at + 1..];
        match c {
            b'<' => out.push_str("&lt;"),
            b'>' => out.push_str("&gt;"),
            _ => {
                let reference =
                    rest.find(';')
                        .filter(|&end| {
                            end > 0
                                && end <= 32
                                && rest[..end].bytes().enumerate().all(|(i, b)| {
                                    b.is_ascii_alphanumeric() || (i == 0 && b == b'#')
                                })
                        })
                        .is_some();
                out.push_str(if reference { "&" } else { "&amp;" });
            }
        }
    }
    out.push_str(rest);
}

/// A streaming sanitiser for one run of raw HTML (an HTML block, or one
/// inline tag).
#[derive(Debug, Default)]
pub struct Sanitizer {
    /// The start of a tag or comment not yet ended by the fragments so far.
    pending: String,
    /// Inside an element dropped with its content: its name and nesting.
    dropping: Option<(String, usize)>,
}

/// One token of raw HTML.
enum Token<'h> {
    Text(&'h str),
    Start {
        name: String,
        attributes: Vec<(String, String)>,
    },
    End(String),
    /// A comment, doctype or processing instruction: dropped.
    Skipped,
}

impl Sanitizer {
    /// Sanitises `html` (the next fragment) into `out`.
    pub fn push(&mut self, html: &str, out: &mut String) {
        let joined;
        let mut input = html;
        if !self.pending.is_empty() {
            joined = std::mem::take(&mut self.pending) + html;
            input = &joined;
        }
        let mut rest = input;
        while !rest.is_empty() {
            match next_token(rest) {
                Some((token, used)) => {
                    self.write(token, out);
                    rest = &rest[used..];
                }
                None => {
                    // An unfinished tag or comment: wait for the next fragment.
                    self.pending = rest.to_string();
                    return;
                }
            }
        }
    }

    /// Ends the run: an unfinished tag is written as text.
    pub fn finish(&mut self, out: &mut String) {
        let pending = std::mem::take(&mut self.pending);
        if self.dropping.take().is_none() && !pending.starts_with("<!--") {
            push_text(out, &pending);
        }
    }

    fn write(&mut self, token: Token<'_>, out: &mut String) {
        if let Some((dropped, depth)) = &mut self.dropping {
            match &token {
                Token::Start { name, .. } if name == dropped => *depth += 1,
                Token::End(name) if name == dropped => {
                    *depth -= 1;
                    if *depth == 0 {
                        self.dropping = None;
                    }
                }
                _ => {}
            }
            return;
        }
        match token {
            Token::Text(text) => push_text(out, text),
            Token::Skipped => {}
            Token::End(name) => {
                if ELEMENTS.contains(&name.as_str()) && !VOID.contains(&name.as_str()) {
                    out.push_str("</");
                    out.push_str(&name);
                    out.push('>');
                }
            }
            Token::Start { name, attributes } => {
                if DROPPED_WITH_CONTENT.contains(&name.as_str())
                    && !(name == "iframe" && frame_allowed(&attributes))
                {
                    self.dropping = Some((name, 1));
                    return;
                }
                if !ELEMENTS.contains(&name.as_str()) {
                    return;
                }
                out.push('<');
                out.push_str(&name);
                for (attribute, value) in attributes {
                    if !allowed_attribute(&name, &attribute) {
                        continue;
                    }
                    let value = unescape_html(&value);
                    let value = if is_url_attribute(&attribute) {
                        match safe_url(&value, &name, &attribute) {
                            Some(url) => url,
                            None => continue,
                        }
                    } else {
                        value
                    };
                    out.push(' ');
                    out.push_str(&attribute);
                    out.push_str("=\"");
                    push_attribute_value(out, &value);
                    out.push('"');
                }
                if name == "a" {
                    // Links out of someone else's content never get the
                    // page's `window.opener` or its referrer.
                    out.push_str(" rel=\"nofollow noopener noreferrer\"");
                }
                out.push('>');
            }
        }
    }
}

fn frame_allowed(attributes: &[(String, String)]) -> bool {
    attributes.iter().any(|(name, value)| {
        name == "src" && safe_url(&unescape_html(value), "iframe", "src").is_some()
    })
}

/// Sanitises one complete piece of HTML (a shortcode's output).
pub fn sanitize(html: &str) -> String {
    let mut sanitizer = Sanitizer::default();
    let mut out = String::with_capacity(html.len());
    sanitizer.push(html, &mut out);
    sanitizer.finish(&mut out);
    out
}

/// The next token of `input` and the bytes it takes, or `None` when
/// `input` starts a tag or comment that does not end in it.
fn next_token(input: &str) -> Option<(Token<'_>, usize)> {
    if !input.starts_with('<') {
        let end = input.find('<').unwrap_or(input.len());
        return Some((Token::Text(&input[..end]), end));
    }
    let after = &input[1..];
    if let Some(comment) = after.strip_prefix("!--") {
        // `<!-->` and `<!--->` end at once, as in browsers.
        if comment.starts_with('>') {
            return Some((Token::Skipped, 5));
        }
        if comment.starts_with("->") {
            return Some((Token::Skipped, 6));
        }
        let end = comment.find("-->")?;
        return Some((Token::Skipped, 4 + end + 3));
    }
    if after.starts_with(['!', '?']) {
        let end = after.find('>')?;
        return Some((Token::Skipped, end + 2));
    }
    let (closing, name_start) = match after.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    if !name_start.starts_with(|c: char| c.is_ascii_alphabetic()) {
        // Not a tag: a literal `<`.
        return Some((Token::Text("<"), 1));
    }
    let name_len = name_start
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(name_start.len());
    let name = name_start[..name_len].to_ascii_lowercase();
    let offset = input.len() - name_start.len() + name_len;
    let (attributes, used) = parse_attributes(&input[offset..])?;
    let token = if closing {
        Token::End(name)
    } else {
        Token::Start { name, attributes }
    };
    Some((token, offset + used))
}

/// Attributes up to and including the tag's `>`; `None` if it never ends.
fn parse_attributes(input: &str) -> Option<(Vec<(String, String)>, usize)> {
    let bytes = input.as_bytes();
    let mut attributes = Vec::new();
    let mut i = 0;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        if bytes[i] == b'>' {
            return Some((attributes, i + 1));
        }
        let name_start = i;
        // The first character may be `=` (HTML's attribute-name rules).
        i += 1;
        while i < bytes.len()
            && !matches!(
                bytes[i],
                b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>' | b'='
            )
        {
            i += 1;
        }
        let name = input[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i >= bytes.len() {
                return None;
            }
            match bytes[i] {
                quote @ (b'"' | b'\'') => {
                    let end = input[i + 1..].find(char::from(quote))?;
                    value = input[i + 1..i + 1 + end].to_string();
                    i += end + 2;
                }
                _ => {
                    let start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = input[start..i].to_string();
                }
            }
        }
        if !attributes
            .iter()
            .any(|(n, _): &(String, String)| *n == name)
        {
            attributes.push((name, value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_formatting_and_drops_script() {
        assert_eq!(
            sanitize("<p class=x onclick=alert(1)>Hi <b>there</b><script>alert(1)</script></p>"),
            "<p class=\"x\">Hi <b>there</b></p>"
        );
        assert_eq!(sanitize("<img src=x onerror=alert(1)>"), "<img src=\"x\">");
        assert_eq!(
            sanitize("<a href=\"javascript:alert(1)\">x</a>"),
            "<a rel=\"nofollow noopener noreferrer\">x</a>"
        );
        assert_eq!(
            sanitize("<a href=\"&#106;avascript:alert(1)\">x</a>"),
            "<a rel=\"nofollow noopener noreferrer\">x</a>"
        );
        assert_eq!(
            sanitize("<a href=\"java\tscript:alert(1)\">x</a>"),
            "<a rel=\"nofollow noopener noreferrer\">x</a>"
        );
        assert_eq!(sanitize("<svg><script>alert(1)</script></svg>ok"), "ok");
        assert_eq!(sanitize("<!--<img src=x onerror=alert(1)>-->ok"), "ok");
        assert_eq!(sanitize("a < b && c > d"), "a &lt; b &amp;&amp; c &gt; d");
    }

    #[test]
    fn frames_only_from_embed_hosts() {
        assert_eq!(
            sanitize("<iframe src=\"https://www.youtube.com/embed/x\"></iframe>"),
            "<iframe src=\"https://www.youtube.com/embed/x\"></iframe>"
        );
        assert_eq!(
            sanitize("<iframe src=\"https://evil.example/\">t</iframe>ok"),
            "ok"
        );
    }

    #[test]
    fn tags_split_across_fragments_are_held() {
        let mut s = Sanitizer::default();
        let mut out = String::new();
        s.push("<img\n", &mut out);
        s.push(" src=\"a.png\"\n", &mut out);
        s.push(" onerror=\"alert(1)\">\n", &mut out);
        s.finish(&mut out);
        assert_eq!(out, "<img src=\"a.png\">\n");
    }

    #[test]
    fn twitter_blockquotes_and_data_images_stay() {
        assert_eq!(
            sanitize("<blockquote class=\"twitter-tweet tw-align-center\"><p>x</p></blockquote>"),
            "<blockquote class=\"twitter-tweet tw-align-center\"><p>x</p></blockquote>"
        );
        assert_eq!(
            sanitize("<img src=\"data:image/png;base64,AA\">"),
            "<img src=\"data:image/png;base64,AA\">"
        );
        assert_eq!(sanitize("<img src=\"data:text/html,x\">"), "<img>");
    }
}
