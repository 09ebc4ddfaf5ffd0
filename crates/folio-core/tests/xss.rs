//! The XSS corpus (`tests/xss/payloads.txt`): every payload is rendered as
//! untrusted content on a site that keeps raw HTML (`unsafe = true`, with
//! shortcode templates that put parameters in every context), and as the
//! site's own content under Hugo's defaults (`unsafe` off), and the HTML
//! (content and summary) is scanned for anything that could run script.
//!
//! The scanner reads tags the way a browser's tokenizer does (attributes
//! split on white space and `/`, quotes optional, character references
//! decoded in values) and is stricter than needed: it flags dangerous
//! elements, any `on…` attribute and any script-bearing URL scheme in any
//! attribute value, wherever it is.
//!
//! The payloads call `__xss()`: the browser test (`tests/e2e/xss.test.mjs`)
//! serves the same file and watches that canary.

#![cfg(not(target_arch = "wasm32"))]

use folio_core::policy::Trust;
use folio_core::render::{render_with, Rendered};
use folio_core::site::Site;
use folio_core::text::unescape_html;

/// The payloads: records separated by a line `%%`; the first line (a `%%`
/// comment) describes the file.
pub fn payloads() -> Vec<String> {
    let text = include_str!("xss/payloads.txt");
    let body = text.split_once('\n').map_or("", |(_, rest)| rest);
    body.strip_suffix('\n')
        .unwrap_or(body)
        .split("\n%%\n")
        .map(str::to_string)
        .collect()
}

/// A tag as the browser tokenizes it.
#[derive(Debug)]
struct Tag {
    name: String,
    attributes: Vec<(String, String)>,
}

/// Every start tag in `html`, comments skipped as the browser ends them.
fn tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &html[i..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            // `<!-->` and `<!--->` end at once; else at `-->` or `--!>`.
            if comment.starts_with('>') || comment.starts_with("->") {
                i += 4;
                continue;
            }
            let end = [comment.find("-->"), comment.find("--!>")]
                .into_iter()
                .flatten()
                .min();
            match end {
                Some(end) => i += 4 + end + 3,
                None => break,
            }
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            // Bogus comments and end tags: up to `>`; end tags carry no
            // attributes that matter.
            match rest.find('>') {
                Some(end) => i += end + 1,
                None => break,
            }
            continue;
        }
        if !rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            i += 1;
            continue;
        }
        let (tag, used) = read_tag(&rest[1..]);
        out.push(tag);
        i += 1 + used;
    }
    out
}

fn read_tag(input: &str) -> (Tag, usize) {
    let b = input.as_bytes();
    let is_space = |c: u8| matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ');
    let mut i = 0;
    while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let name = input[..i].to_ascii_lowercase();
    let mut attributes = Vec::new();
    loop {
        while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        if b[i] == b'>' {
            i += 1;
            break;
        }
        let start = i;
        i += 1;
        while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let attribute = input[start..i].to_ascii_lowercase();
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let quote = b[i] as char;
                let end = input[i + 1..].find(quote).map_or(b.len(), |e| i + 1 + e);
                value = input[i + 1..end].to_string();
                i = (end + 1).min(b.len());
            } else {
                let start = i;
                while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                    i += 1;
                }
                value = input[start..i].to_string();
            }
        }
        attributes.push((attribute, unescape_html(&value)));
    }
    (Tag { name, attributes }, i)
}

const DANGEROUS_ELEMENTS: &[&str] = &[
    "script", "iframe", "object", "embed", "base", "meta", "form", "svg", "math", "style", "link",
    "frame", "frameset", "applet", "isindex", "button", "input", "textarea", "select", "template",
];

/// Frames a post may carry: the video players.
fn allowed_frame(src: &str) -> bool {
    [
        "https://www.youtube.com/embed/",
        "https://www.youtube-nocookie.com/embed/",
        "https://player.vimeo.com/video/",
    ]
    .iter()
    .any(|prefix| src.starts_with(prefix))
}

/// What is wrong with `html`, if anything.
fn problems(html: &str, trust: Trust) -> Vec<String> {
    let mut found = Vec::new();
    for tag in tags(html) {
        let attribute = |name: &str| {
            tag.attributes
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        if DANGEROUS_ELEMENTS.contains(&tag.name.as_str()) {
            let allowed = match tag.name.as_str() {
                "iframe" => {
                    attribute("src").is_some_and(allowed_frame) && attribute("srcdoc").is_none()
                }
                // Hugo's gist shortcode is GitHub's script; the site's own
                // posts may use it, untrusted ones may not.
                "script" => {
                    trust == Trust::Site
                        && attribute("src")
                            .is_some_and(|s| s.starts_with("https://gist.github.com/"))
                }
                _ => false,
            };
            if !allowed {
                found.push(format!("element <{}> {:?}", tag.name, tag.attributes));
            }
        }
        for (name, value) in &tag.attributes {
            let lower = name.to_ascii_lowercase();
            // Text shown to the reader, never followed or run.
            if matches!(
                lower.as_str(),
                "title" | "alt" | "aria-label" | "data-title"
            ) {
                continue;
            }
            if lower.starts_with("on") || lower == "srcdoc" || lower == "formaction" {
                found.push(format!("attribute {name}={value:?} on <{}>", tag.name));
            }
            let squeezed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            // An SVG image (the qr shortcode's) runs no script.
            let image = tag.name == "img" && lower == "src";
            for scheme in [
                "javascript:",
                "vbscript:",
                "data:text",
                "data:image/svg",
                "expression(",
            ] {
                if squeezed.contains(scheme) && !(image && scheme == "data:image/svg") {
                    found.push(format!("{scheme} in {name}={value:?} on <{}>", tag.name));
                }
            }
        }
    }
    found
}

/// The untrusted site: raw HTML kept, inline shortcodes on, and shortcode
/// templates with parameters in URL, attribute, CSS, JS and raw contexts.
fn open_site() -> Site {
    let mut site = Site::default();
    site.config.unsafe_html = true;
    site.config.enable_inline_shortcodes = true;
    site.add_shortcode("link", "<a href=\"{{ .Get 0 }}\" title={{ .Get 0 }}>x</a>");
    site.add_shortcode("title", "<title>{{ .Get 0 }}</title><p>{{ .Get 0 }}</p>");
    site.add_shortcode("jsvar", "<script>var x = {{ .Get 0 }};</script>");
    site.add_shortcode("raw", "{{ .Get 0 | safeHTML }}");
    site.add_shortcode("style", "<p style=\"color: {{ .Get 0 }}\">x</p>");
    site
}

fn outputs(r: &Rendered) -> [String; 2] {
    [r.content(), r.summary.clone()]
}

fn check(cases: &[(Site, Trust, &str)]) {
    let payloads = payloads();
    assert!(payloads.len() >= 150, "{} payloads", payloads.len());
    let mut failures = Vec::new();
    for (site, trust, label) in cases {
        for (n, payload) in payloads.iter().enumerate() {
            let r = render_with(payload, site, *trust);
            for html in outputs(&r) {
                let found = problems(&html, *trust);
                if !found.is_empty() {
                    failures.push(format!(
                        "[{label}] payload {n}: {payload:?}\n  html: {html:?}\n  {}",
                        found.join("\n  ")
                    ));
                }
            }
            for link in &r.links {
                let href = link.href.to_ascii_lowercase();
                if ["javascript:", "vbscript:", "data:text"]
                    .iter()
                    .any(|s| href.contains(s))
                {
                    failures.push(format!("[{label}] payload {n}: link {:?}", link.href));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn untrusted_content_on_an_unsafe_site_cannot_run_script() {
    check(&[(open_site(), Trust::Untrusted, "untrusted, unsafe site")]);
}

#[test]
fn site_content_under_hugo_defaults_cannot_run_script() {
    check(&[(Site::default(), Trust::Site, "site, defaults")]);
}

#[test]
fn untrusted_content_on_a_default_site_cannot_run_script() {
    check(&[(Site::default(), Trust::Untrusted, "untrusted, defaults")]);
}

#[test]
fn the_scanner_sees_what_the_browser_sees() {
    let bad = [
        "<img src=x onerror=y>",
        "<a/href=javascript:x>",
        "<a href=\"&#106;avascript:x\">",
        "<a href=\"java\tscript:x\">",
        "<svg>",
        "<iframe src=\"https://evil.example/\">",
        "<p title='a'onclick='x'>",
        "<!-- --!><img src=x onerror=y>",
        "<!--><img src=x onerror=y>",
    ];
    for html in bad {
        assert!(!problems(html, Trust::Site).is_empty(), "{html}");
    }
    let good = [
        "<p title=\"onclick=x\">javascript:x</p>",
        "<iframe src=\"https://www.youtube.com/embed/x\"></iframe>",
        "<!-- <script> -->",
        "<code>&lt;script&gt;</code>",
    ];
    for html in good {
        assert!(problems(html, Trust::Untrusted).is_empty(), "{html}");
    }
}
