//! Properties of the post pipeline (`render_post`) over generated posts:
//! arbitrary strings, a soup of Hugo/Markdown syntax fragments, and
//! structured Hugo-flavoured posts (front matter, paragraphs, headings,
//! lists, fences, raw HTML, links, `<!--more-->`, shortcodes).
//!
//! Every input is rendered with Hugo's defaults (`Site::default()`) and with
//! raw HTML kept and a site shortcode template. The checks:
//!
//! - (a) rendering never panics;
//! - (b) the blocks tile the content and none is empty;
//! - (c) block (and heading, link, embed) spans lie in the file, on char
//!   boundaries, in order and without overlap, each with the right line;
//! - (d) the injection token never reaches any output;
//! - (e) rendering is deterministic, keys included;
//! - (f) editing one paragraph keeps the keys of the blocks before it;
//! - (g) an embed's span is its shortcode's text.
//!
//! Cases: 256 per property by default; `PROPTEST_CASES=10000 cargo test -p
//! folio-core --test properties` for a longer run. Failures are persisted in
//! `proptest-regressions/properties.txt` and replayed first.

#![cfg(not(target_arch = "wasm32"))]

use folio_core::diagnostics::LineIndex;
use folio_core::render::{render_post, Rendered};
use folio_core::site::Site;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

mod common;

/// The injection token's text (`HAHAHUGOSHORTCODE-s<N>-HBHB`).
const TOKEN_TEXT: &str = "HAHAHUGOSHORTCODE";

// ---------------------------------------------------------------------------
// Sites

/// The sites every input is rendered with: Hugo's defaults, and a site that
/// keeps raw HTML and has a `hello` shortcode template.
fn sites() -> Vec<(&'static str, Site)> {
    let mut unsafe_site = Site::default();
    unsafe_site.config.unsafe_html = true;
    let mut safe_with_template = Site::default();
    for site in [&mut unsafe_site, &mut safe_with_template] {
        site.add_shortcode("hello", "<b>{{ .Get 0 }}</b>");
        // Markdown output of several blocks, for `{{% md %}}`.
        site.add_shortcode("md", "a *{{ .Get 0 }}*\n\n> b\n\n- c");
    }
    vec![
        ("default", Site::default()),
        ("default+template", safe_with_template),
        ("unsafe+template", unsafe_site),
    ]
}

// ---------------------------------------------------------------------------
// Checks

macro_rules! check {
    ($cond:expr, $($fmt:tt)*) => {
        prop_assert!($cond, $($fmt)*)
    };
}

/// (b), (c), (d), (g), plus the spans of headings and links.
fn check_invariants(src: &str, site_name: &str, r: &Rendered) -> Result<(), TestCaseError> {
    let index = LineIndex::new(src);
    let ctx = |what: &str| format!("[{site_name}] {what}\nsrc: {src:?}\nrendered: {r:#?}");

    // (b) The blocks tile the content; no block is empty.
    let concat: String = r.blocks.iter().map(|b| b.html.as_str()).collect();
    check!(
        concat == r.content(),
        "{}",
        ctx("blocks do not tile content")
    );
    for (i, b) in r.blocks.iter().enumerate() {
        check!(
            !b.html.is_empty(),
            "{}",
            ctx(&format!("block {i} is empty"))
        );
    }

    // (c) Block spans: in the file, on char boundaries, ordered, disjoint,
    // with the line of their start.
    for (i, b) in r.blocks.iter().enumerate() {
        check!(
            b.start <= b.end && b.end <= src.len(),
            "{}",
            ctx(&format!(
                "block {i} span {}..{} outside the file",
                b.start, b.end
            ))
        );
        check!(
            src.is_char_boundary(b.start) && src.is_char_boundary(b.end),
            "{}",
            ctx(&format!(
                "block {i} span {}..{} not on char boundaries",
                b.start, b.end
            ))
        );
        check!(
            b.line == index.position(b.start).line,
            "{}",
            ctx(&format!(
                "block {i} line {} but its start {} is on line {}",
                b.line,
                b.start,
                index.position(b.start).line
            ))
        );
    }
    // Blocks follow the source, with two exceptions that are by design:
    // the footnotes block comes last but spans its definitions wherever
    // they are written, and the blocks of one shortcode's (or escaped
    // shortcode's) Markdown output all map to that shortcode's span, so
    // they may overlap where a block starts at `{{`.
    let ordered = match r.blocks.last() {
        Some(last) if is_footnotes(&last.html) => &r.blocks[..r.blocks.len() - 1],
        _ => &r.blocks[..],
    };
    for (i, w) in ordered.windows(2).enumerate() {
        check!(
            w[0].start <= w[1].start,
            "{}",
            ctx(&format!("block {} starts after block {}", i, i + 1))
        );
        let shared_shortcode = src[w[1].start..].starts_with("{{");
        check!(
            w[0].end <= w[1].start || shared_shortcode,
            "{}",
            ctx(&format!(
                "block {} ({}..{}) overlaps block {} ({}..{})",
                i,
                w[0].start,
                w[0].end,
                i + 1,
                w[1].start,
                w[1].end
            ))
        );
    }

    // Headings and links: spans in the file, on char boundaries.
    for h in &r.headings {
        check!(
            h.start <= h.end && h.end <= src.len(),
            "{}",
            ctx("heading span outside the file")
        );
        check!(
            src.is_char_boundary(h.start) && src.is_char_boundary(h.end),
            "{}",
            ctx("heading span not on char boundaries")
        );
        check!(
            h.line == index.position(h.start).line,
            "{}",
            ctx("heading line")
        );
        check!((1..=6).contains(&h.level), "{}", ctx("heading level"));
    }
    for l in &r.links {
        check!(
            l.start <= l.end && l.end <= src.len(),
            "{}",
            ctx("link span outside the file")
        );
        check!(
            src.is_char_boundary(l.start) && src.is_char_boundary(l.end),
            "{}",
            ctx("link span not on char boundaries")
        );
    }

    // (g) An embed's span is the text of its shortcode.
    for e in &r.embeds {
        check!(
            e.start <= e.end && e.end <= src.len(),
            "{}",
            ctx("embed span outside the file")
        );
        let Some(text) = src.get(e.start..e.end) else {
            return Err(TestCaseError::fail(ctx(
                "embed span not on char boundaries",
            )));
        };
        check!(
            text.starts_with("{{<") || text.starts_with("{{%"),
            "{}",
            ctx(&format!("embed span {text:?} is not a shortcode"))
        );
        let names: &[&str] = match e.kind.as_str() {
            "tweet" => &["tweet", "twitter", "x"],
            "youtube" => &["youtube"],
            "vimeo" => &["vimeo"],
            other => {
                return Err(TestCaseError::fail(ctx(&format!(
                    "unknown embed kind {other}"
                ))))
            }
        };
        check!(
            names.iter().any(|n| text.contains(n)),
            "{}",
            ctx(&format!("embed span {text:?} does not name {}", e.kind))
        );
        check!(
            text.contains(e.id.as_str()),
            "{}",
            ctx(&format!(
                "embed span {text:?} does not contain id {:?}",
                e.id
            ))
        );
    }

    // (d) The injection token never leaks (unless the author wrote it).
    if !src.contains(TOKEN_TEXT) {
        let mut fields: Vec<(&str, &str)> =
            vec![("summary", &r.summary), ("summary_text", &r.summary_text)];
        let content = r.content();
        fields.push(("content", &content));
        for h in &r.headings {
            fields.push(("heading id", &h.id));
            fields.push(("heading text", &h.text));
        }
        for l in &r.links {
            fields.push(("link href", &l.href));
        }
        for e in &r.embeds {
            fields.push(("embed kind", &e.kind));
            fields.push(("embed id", &e.id));
        }
        for d in &r.diagnostics {
            fields.push(("diagnostic", &d.message));
        }
        for (name, value) in fields {
            // Case-sensitive: a heading id made from a heading with a
            // `{{< >}}` in it is `…-hahahugoshortcodes0hbhb-…`, as in Hugo
            // (see `heading_ids_keep_hugos_lower_case_placeholder`).
            let leaked = value.contains(TOKEN_TEXT);
            check!(
                !leaked,
                "{}",
                ctx(&format!("token leaked into {name}: {value:?}"))
            );
        }
    }
    Ok(())
}

/// goldmark's footnotes section, which Folio writes as the last block.
fn is_footnotes(html: &str) -> bool {
    // After a code block (whose HTML ends without a newline, as Hugo's
    // highlighter writes it) the footnotes block begins with that newline.
    html.trim_start_matches('\n')
        .starts_with("<div class=\"footnotes\"")
}

/// (a) + (e) + the invariants, for every site.
fn check_all(src: &str) -> Result<(), TestCaseError> {
    for (name, site) in sites() {
        let first = render_post(src, &site);
        check_invariants(src, name, &first)?;
        let second = render_post(src, &site);
        prop_assert_eq!(&first, &second, "[{}] not deterministic: {:?}", name, src);
        let keys = |r: &Rendered| r.blocks.iter().map(|b| b.key.clone()).collect::<Vec<_>>();
        prop_assert_eq!(keys(&first), keys(&second));
        prop_assert_eq!(
            serde_json::to_value(&first).unwrap(),
            serde_json::to_value(&second).unwrap()
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Generators

/// Syntax fragments, concatenated at random: far likelier than arbitrary
/// text to hit shortcode, front matter and Markdown edge cases.
const FRAGMENTS: &[&str] = &[
    "{{<",
    ">}}",
    "{{%",
    "%}}",
    "{{</*",
    "*/>}}",
    " /",
    "/",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    "\0",
    "\u{1b}",
    "\u{feff}",
    "tweet",
    "youtube",
    "vimeo",
    "figure",
    "details",
    "param",
    "hello",
    "md",
    "highlight",
    "nope",
    " 123 ",
    " abc ",
    " src=\"a.png\" ",
    " summary=\"x\" ",
    "\"",
    "'",
    "=",
    "---",
    "+++",
    "{",
    "}",
    "\"title\": \"t\"",
    "title = \"t\"",
    "title: t",
    "<!--more-->",
    "<!--",
    "-->",
    "[",
    "]",
    "(",
    ")",
    "](",
    "![",
    "<",
    ">",
    "`",
    "```",
    "~~~",
    "*",
    "_",
    "#",
    "# ",
    "- ",
    "1. ",
    "> ",
    "| a | b |\n|---|---|\n",
    "[^1]",
    "[^1]: ",
    "\\",
    "&amp;",
    "&",
    "<div>",
    "</div>",
    "<script>",
    "</script>",
    "<blockquote class=\"twitter-tweet\">",
    "</blockquote>",
    "javascript:",
    "https://example.com",
    "www.example.com",
    "中文",
    "这是一个很好的推文。",
    "日本語",
    "한국어",
    "🎉",
    "👩‍💻",
    "é",
    "\u{301}",
    "{#id}",
    "{.cls}",
    "HAHAHUGOSHORTCODE-s0-HBHB",
    "HAHAHUGOSHORTCODE-s",
    "-HBHB",
    "word",
    "Word.",
    "--",
    "...",
    "<<",
    ">>",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40).prop_map(|v| v.concat())
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-z]{1,8}",
        1 => "[A-Z][a-z]{0,6}[.!?]",
        2 => prop::sample::select(vec![
            "这是一个很好的推文。", "中文", "日本語のテキスト", "한국어", "🎉", "👩‍💻", "café",
            "naïve", "\"quoted\"", "'single'", "it's", "--", "---", "...", "<<", ">>", "a -- b",
            "«fr»", "\u{200b}", "x\u{301}",
        ])
        .prop_map(str::to_string),
    ]
}

/// Plain paragraph text: words only, nothing that can open Markdown or
/// shortcode syntax (so replacing it cannot change the blocks before it).
fn plain_text() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..12).prop_map(|w| format!("Start {}", w.join(" ")))
}

fn shortcode_inline() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "{{< tweet 123 >}}",
        "{{< tweet user=\"u\" id=\"868470099023409153\" >}}",
        "{{< youtube abc >}}",
        "{{< youtube id=\"xyz\" >}}",
        "{{< vimeo 4567 >}}",
        "{{< figure src=\"a.png\" >}}",
        "{{< figure src=\"a.png\" title=\"T\" caption=\"*c*\" >}}",
        "{{< param x >}}",
        "{{< param missing >}}",
        "{{% param x %}}",
        "{{< hello \"w\" >}}",
        "{{< hello \"<i>x</i>\" >}}",
        "{{% md \"m\" %}}",
        "{{< md \"m\" >}}",
        "{{< nope a=\"b\" >}}",
        "{{% nope %}}",
        "{{</* tweet 1 */>}}",
        "{{< tweet >}}",
        "{{< tweet 1 2 3 >}}",
        "{{< x 99 >}}",
        "{{% tweet 5 %}}",
    ])
    .prop_map(str::to_string)
}

fn inline() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => word(),
        1 => word().prop_map(|w| format!("*{w}*")),
        1 => word().prop_map(|w| format!("**{w}**")),
        1 => word().prop_map(|w| format!("_{w}_")),
        1 => "[a-z]{1,6}".prop_map(|w| format!("`{w}`")),
        1 => "[a-z]{1,6}".prop_map(|w| format!("`{{{{< tweet 1 >}}}} {w}`")),
        2 => shortcode_inline(),
        1 => prop::sample::select(vec![
            "[link](https://example.com)",
            "[link](https://example.com \"title\")",
            "[dyn]({{< param x >}})",
            "[fig]({{< figure src=\"y.png\" >}})",
            "[tw]({{< tweet 77 >}} \"t\")",
            "![img](a.png)",
            "![alt {{< tweet 1 >}}](a.png)",
            "![i]({{< param x >}})",
            "![i](javascript:x)",
            "[a](javascript:alert(1))",
            "<https://example.org/a?b=c>",
            "<javascript:alert(1)>",
            "<me@example.com>",
            "https://example.com/path",
            "www.example.com",
            "<span class=\"x\">s</span>",
            "<img src=x onerror=alert(1)>",
            "<b onclick=\"alert(1)\">b</b>",
            "<!--more-->",
            "[^1]",
            "[ref][r]",
            "\\*not em\\*",
            "&copy; &amp; &#x4e2d;",
            "a  \nhard break",
        ])
        .prop_map(str::to_string),
    ]
}

fn inline_text() -> impl Strategy<Value = String> {
    prop::collection::vec(inline(), 1..10).prop_map(|v| format!("Start {}", v.join(" ")))
}

/// One top-level chunk of a post body.
#[derive(Clone, Debug)]
enum Chunk {
    /// A paragraph whose text starts with a plain word.
    Paragraph(String),
    Other(String),
}

impl Chunk {
    fn text(&self) -> &str {
        match self {
            Chunk::Paragraph(s) | Chunk::Other(s) => s,
        }
    }
}

fn heading() -> impl Strategy<Value = String> {
    (1usize..=6, inline_text(), 0..4u8).prop_map(|(level, text, suffix)| {
        let suffix = match suffix {
            0 => "",
            1 => " {#custom-id}",
            2 => " {onclick=alert(1)}",
            _ => " {.cls}",
        };
        format!("{} {text}{suffix}", "#".repeat(level))
    })
}

fn list() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(inline_text(), 1..4),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(items, ordered, nested)| {
            let mut out = String::new();
            for (i, item) in items.iter().enumerate() {
                if ordered {
                    out.push_str(&format!("{}. {item}\n", i + 1));
                } else {
                    out.push_str(&format!("- {item}\n"));
                }
                if nested && i == 0 {
                    out.push_str("  - [ ] nested {{< tweet 5 >}}\n  - [x] done\n");
                }
            }
            out.pop();
            out
        })
}

fn fence() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["```", "~~~", "````"]),
        prop::sample::select(vec!["", "rust", "go {hl_lines=[1]}", "html"]),
        prop::collection::vec(inline(), 0..5),
        0..4u8,
    )
        .prop_map(|(marker, lang, body, close)| {
            let body = body.join("\n");
            match close {
                // Unclosed: runs to the end of the document.
                0 => format!("{marker}{lang}\n{body}"),
                _ => format!("{marker}{lang}\n{body}\n{marker}"),
            }
        })
}

fn raw_html() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "<div class=\"note\">\n*md* inside\n</div>",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<blockquote class=\"twitter-tweet tw-align-center\">{{< tweet 868470099023409153 >}}</blockquote>",
        "<blockquote class=\"twitter-tweet\">\n{{< tweet 42 >}}\n</blockquote>",
        "<!-- a comment -->",
        "<!-- unclosed comment",
        "<pre>\n{{< tweet 3 >}}\n</pre>",
        "<iframe src=\"https://example.com\"></iframe>",
        "<table><tr><td>{{< youtube abc >}}</td></tr></table>",
    ])
    .prop_map(str::to_string)
}

fn block_shortcode() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => shortcode_inline(),
        1 => inline_text().prop_map(|t| format!("{{{{% details summary=\"x\" %}}}}\n{t}\n{{{{% /details %}}}}")),
        1 => inline_text().prop_map(|t| format!("{{{{< details summary=\"*y*\" open=true >}}}}\n{t}\n{{{{< /details >}}}}")),
        1 => inline_text().prop_map(|t| format!("{{{{< highlight go >}}}}\n{t}\n{{{{< /highlight >}}}}")),
        1 => prop::sample::select(vec![
            "{{< tweet 1",
            "{{% details summary=\"unclosed\" %}}\nbody",
            "{{< /details >}}",
            "{{< hello >}}",
            "{{< hello \"a\" >}}inner{{< /hello >}}",
            "{{< qr >}}https://example.com{{< /qr >}}",
            "{{< tweet 1 >}}{{< tweet 2 >}}",
            "{{< youtube >}}",
        ])
        .prop_map(str::to_string),
    ]
}

fn chunk() -> impl Strategy<Value = Chunk> {
    prop_oneof![
        6 => inline_text().prop_map(Chunk::Paragraph),
        2 => plain_text().prop_map(Chunk::Paragraph),
        2 => heading().prop_map(Chunk::Other),
        1 => inline_text().prop_map(|t| Chunk::Other(format!("{t}\n====="))),
        2 => list().prop_map(Chunk::Other),
        1 => fence().prop_map(Chunk::Other),
        1 => raw_html().prop_map(Chunk::Other),
        3 => block_shortcode().prop_map(Chunk::Other),
        1 => inline_text().prop_map(|t| Chunk::Other(format!("> {t}\n> {{{{< tweet 9 >}}}}"))),
        1 => Just(Chunk::Other("<!--more-->".into())),
        1 => Just(Chunk::Other("| a | b |\n|---|---|\n| {{< param x >}} | 中文 |".into())),
        1 => Just(Chunk::Other("[^1]: The *note* {{< tweet 8 >}}".into())),
        1 => Just(Chunk::Other("[r]: https://example.com/ref".into())),
        1 => Just(Chunk::Other("***".into())),
        1 => Just(Chunk::Other("    indented {{< tweet 4 >}}".into())),
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    (0..5u8, "[a-zA-Z 中文]{0,10}", any::<bool>()).prop_map(|(kind, title, summary)| {
        let title = title.replace('"', "");
        match kind {
            0 => String::new(),
            1 => format!(
                "+++\ntitle = \"{title}\"\nx = \"https://example.com/p\"\n{}+++\n",
                if summary {
                    "summary = \"A *summary*\"\n"
                } else {
                    ""
                }
            ),
            2 => format!(
                "---\ntitle: \"{title}\"\nx: <b>param</b>\n{}---\n",
                if summary { "summary: A summary\n" } else { "" }
            ),
            3 => format!("{{\n  \"title\": \"{title}\",\n  \"x\": \"val\"\n}}\n"),
            // Broken front matter: the body still renders.
            _ => "+++\ntitle = \n+++\n".to_string(),
        }
    })
}

/// A structured post: front matter, then chunks separated by blank lines.
#[derive(Clone, Debug)]
struct Post {
    front_matter: String,
    chunks: Vec<Chunk>,
    crlf: bool,
}

impl Post {
    fn source(&self) -> String {
        self.source_with(None)
    }

    /// The source, chunk `replace.0` replaced by `replace.1`; and where that
    /// chunk starts.
    fn source_with(&self, replace: Option<(usize, &str)>) -> String {
        self.layout(replace).0
    }

    fn layout(&self, replace: Option<(usize, &str)>) -> (String, Vec<usize>) {
        let mut out = self.front_matter.clone();
        out.push('\n');
        let mut starts = Vec::new();
        for (i, chunk) in self.chunks.iter().enumerate() {
            if i > 0 {
                out.push_str("\n\n");
            }
            starts.push(out.len());
            match replace {
                Some((j, text)) if j == i => out.push_str(text),
                _ => out.push_str(chunk.text()),
            }
        }
        out.push('\n');
        if self.crlf {
            // Chunk starts move: recompute them on the converted text.
            let mut converted = String::with_capacity(out.len());
            let mut new_starts = Vec::new();
            let mut it = starts.iter().peekable();
            for (i, c) in out.char_indices() {
                while it.peek().is_some_and(|&&s| s == i) {
                    new_starts.push(converted.len());
                    it.next();
                }
                if c == '\n' {
                    converted.push('\r');
                }
                converted.push(c);
            }
            return (converted, new_starts);
        }
        (out, starts)
    }
}

fn post() -> impl Strategy<Value = Post> {
    (
        front_matter(),
        prop::collection::vec(chunk(), 0..10),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(front_matter, chunks, crlf)| Post {
            front_matter,
            chunks,
            crlf,
        })
}

// ---------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(common::proptest_config("properties"))]

    /// Arbitrary Unicode (CJK, emoji, control characters included).
    #[test]
    fn arbitrary_strings_render(src in any::<String>()) {
        check_all(&src)?;
    }

    /// Arbitrary text with a front matter fence and a shortcode around it.
    #[test]
    fn arbitrary_strings_with_syntax_render(
        fm in front_matter(),
        a in any::<String>(),
        sc in shortcode_inline(),
        b in any::<String>(),
    ) {
        check_all(&format!("{fm}{a}\n\n{sc}{b}"))?;
    }

    /// Random concatenations of syntax fragments.
    #[test]
    fn syntax_soup_renders(src in soup()) {
        check_all(&src)?;
    }

    /// Structured Hugo posts.
    #[test]
    fn structured_posts_render(post in post()) {
        check_all(&post.source())?;
    }

    /// (f) Replacing the text of one paragraph keeps the blocks before it,
    /// keys and spans included.
    #[test]
    fn editing_a_paragraph_keeps_earlier_keys(
        mut post in post(),
        extra in inline_text(),
        at in any::<prop::sample::Index>(),
        pick in any::<prop::sample::Index>(),
        new_text in plain_text(),
    ) {
        // At least one paragraph to edit.
        let at = at.index(post.chunks.len() + 1);
        post.chunks.insert(at, Chunk::Paragraph(extra));
        let paragraphs: Vec<usize> = post
            .chunks
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c, Chunk::Paragraph(_)))
            .map(|(i, _)| i)
            .collect();
        let target = paragraphs[pick.index(paragraphs.len())];
        let (before_src, starts) = post.layout(None);
        let (after_src, _) = post.layout(Some((target, &new_text)));
        let edit_at = starts[target];
        for (name, site) in sites() {
            let before = render_post(&before_src, &site);
            let after = render_post(&after_src, &site);
            check_invariants(&after_src, name, &after)?;
            for (i, b) in before.blocks.iter().enumerate() {
                if b.end > edit_at {
                    break;
                }
                let a = after.blocks.get(i);
                prop_assert!(
                    a.is_some_and(|a| a.key == b.key && a.start == b.start && a.end == b.end),
                    "[{}] block {} before the edit at {} changed\nbefore: {:?}\nafter: {:?}\n\
                     src before: {:?}\nsrc after: {:?}",
                    name, i, edit_at, b, a, before_src, after_src
                );
            }
        }
    }
}
