//! `folio_core::incremental`: for random documents and random edits, the
//! incrementally updated post equals a full `render_with` of the new text
//! (blocks with their HTML, keys, spans and lines; headings, links, embeds,
//! diagnostics, word count), and most small edits of plain documents are
//! actually incremental.
//!
//! Cases: 256 per property by default; `PROPTEST_CASES=10000 cargo test -p
//! folio-core --test incremental` for a longer run.

#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use folio_core::incremental::Incremental;
use folio_core::policy::Trust;
use folio_core::render::render_with;
use folio_core::site::Site;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

mod common;

/// Lines that build documents: every kind of block, the constructs that
/// continue across blank lines or pull lines in (lists, quotes, fences,
/// HTML blocks, setext underlines, tables, definition lists), and the ones
/// with document-wide effects (link definitions, footnotes, headings with
/// the same text, shortcodes, `<!--more-->`).
const LINES: &[&str] = &[
    "Plain words here.",
    "Another *emphasised* line with `code`.",
    "A [link](https://example.com) and https://example.org.",
    "\"Quotes\" -- and... more",
    "中文 text 👩‍💻 café",
    "# Title",
    "## Same",
    "## Same",
    "### Other {#custom}",
    "Setext",
    "===",
    "---",
    "- item",
    "- item two",
    "  continued item",
    "1. first",
    "2. second",
    "> quote",
    "> more quote",
    "lazy line",
    "```",
    "```go",
    "~~~",
    "    indented code",
    "<div>",
    "</div>",
    "<!-- comment",
    "-->",
    "<pre>",
    "</pre>",
    "| a | b |",
    "|---|---|",
    "| 1 | 2 |",
    "Term",
    ": Definition",
    "[ref]: https://example.com/ref",
    "Use [ref] here.",
    "A note[^1].",
    "[^1]: The note.",
    "{{< tweet 1 >}}",
    "{{< details summary=\"s\" >}}",
    "{{< /details >}}",
    "{{% md x %}}",
    "<!--more-->",
    "* * *",
    "",
    "",
    "",
];

/// Fragments an edit inserts.
const INSERTS: &[&str] = &[
    "x",
    "x",
    "x",
    "word ",
    " ",
    "\n",
    "\n\n",
    "```",
    "# ",
    "- ",
    "> ",
    "===",
    "---",
    "|",
    "<div>",
    "<!--",
    "-->",
    "[a]",
    "[a]: /u",
    "[^1]",
    "{{< tweet 2 >}}",
    "*",
    "    ",
    "中",
    "\"",
    "Same",
    "## Same",
    ": ",
];

fn front_matter() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "+++\ntitle = \"T\"\n+++\n",
        "---\ntitle: T\n---\n",
        "",
        "+++\ntitle = \n+++\n",
    ])
    .prop_map(str::to_string)
}

fn document() -> impl Strategy<Value = String> {
    (
        front_matter(),
        prop::collection::vec(prop::sample::select(LINES), 0..40),
    )
        .prop_map(|(fm, lines)| format!("{fm}{}\n", lines.join("\n")))
}

/// A plain document: paragraphs and simple blocks only (most edits of it
/// should be incremental).
fn plain_document() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "Plain words here.",
            "Another *emphasised* line.",
            "# Heading one",
            "## Heading two",
            "- item\n- item",
            "> quote",
            "```\ncode\n```",
        ]),
        1..30,
    )
    .prop_map(|blocks| {
        // Headings with distinct texts (equal ones share ids, made unique
        // across the document: that falls back, rightly).
        let blocks: Vec<String> = blocks
            .iter()
            .enumerate()
            .map(|(i, b)| {
                if b.starts_with('#') {
                    format!(
                        "{b} {}{}",
                        char::from(b'a' + (i / 26) as u8),
                        char::from(b'a' + (i % 26) as u8)
                    )
                } else {
                    b.to_string()
                }
            })
            .collect();
        format!("+++\ntitle = \"T\"\n+++\n\n{}\n", blocks.join("\n\n"))
    })
}

/// An edit: where (a fraction of the length), how much to delete, what to insert.
fn edit() -> impl Strategy<Value = (f64, usize, &'static str)> {
    (
        0.0..1.0f64,
        prop_oneof![3 => Just(0usize), 1 => 0..6usize, 1 => 0..40usize],
        prop_oneof![1 => Just(""), 4 => prop::sample::select(INSERTS)],
    )
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn check(inc: &Incremental, site: &Site) -> Result<(), TestCaseError> {
    let full = render_with(inc.source(), site, Trust::Site);
    let post = inc.post();
    prop_assert_eq!(&post.blocks, &full.blocks, "source: {:?}", inc.source());
    prop_assert_eq!(&post.headings, &full.headings, "source: {:?}", inc.source());
    prop_assert_eq!(&post.links, &full.links, "source: {:?}", inc.source());
    prop_assert_eq!(&post.embeds, &full.embeds, "source: {:?}", inc.source());
    prop_assert_eq!(
        &post.diagnostics,
        &full.diagnostics,
        "source: {:?}",
        inc.source()
    );
    prop_assert_eq!(
        post.word_count,
        full.word_count,
        "source: {:?}",
        inc.source()
    );
    prop_assert_eq!(&post.front_matter, &full.front_matter);
    Ok(())
}

fn sites() -> Vec<Rc<Site>> {
    let mut with_md = Site::default();
    with_md.add_shortcode("md", "a *{{ .Get 0 }}*\n\n> b\n\n- c");
    vec![Rc::new(Site::default()), Rc::new(with_md)]
}

proptest! {
    #![proptest_config(common::proptest_config("incremental"))]

    /// Random edits, one after another, through `edit`.
    #[test]
    fn edits_match_a_full_render(doc in document(), edits in prop::collection::vec(edit(), 1..6)) {
        for site in sites() {
            let mut inc = Incremental::new(doc.clone(), site.clone(), Trust::Site);
            for &(at, delete, insert) in &edits {
                let len = inc.source().len();
                let a = floor_boundary(inc.source(), (at * len as f64) as usize);
                let b = floor_boundary(inc.source(), a + delete);
                inc.edit(a..b, insert);
                check(&inc, &site)?;
            }
        }
    }

    /// The same through `set_text` (the editor hands over whole texts).
    #[test]
    fn whole_texts_match_a_full_render(doc in document(), edits in prop::collection::vec(edit(), 1..6)) {
        let site = Rc::new(Site::default());
        let mut inc = Incremental::new(doc.clone(), site.clone(), Trust::Site);
        let mut text = doc;
        for &(at, delete, insert) in &edits {
            let a = floor_boundary(&text, (at * text.len() as f64) as usize);
            let b = floor_boundary(&text, a + delete);
            text.replace_range(a..b, insert);
            inc.set_text(text.clone());
            prop_assert_eq!(inc.source(), text.as_str());
            check(&inc, &site)?;
        }
    }

    /// Typing letters into a plain document is incremental.
    #[test]
    fn typing_in_plain_documents_is_incremental(doc in plain_document(), at in 0.0..1.0f64) {
        let site = Rc::new(Site::default());
        let mut inc = Incremental::new(doc, site.clone(), Trust::Site);
        let body = inc.source().find("\n\n").unwrap() + 2;
        let len = inc.source().len();
        let a = floor_boundary(inc.source(), body + ((len - body) as f64 * at) as usize);
        for i in 0..5 {
            inc.edit(a + i..a + i, "x");
            check(&inc, &site)?;
        }
        prop_assert!(inc.counts.0 >= 4, "counts {:?} source {:?}", inc.counts, inc.source());
    }
}

/// Found by `edits_match_a_full_render`: `: ` typed before `<!--more-->`
/// at the start of the body.
/// Found by the proptest (CI, 2026-11-25): a quote left open in one
/// paragraph (`"Quotes`) lets a later `"` close, across blocks, as goldmark
/// does (Hugo 0.111.3 gives `<p>==&rdquo;</p>` here, and `==&quot;` for the
/// paragraph alone); the edited window, rendered alone, said `&quot;`.
#[test]
fn a_quote_open_before_the_window_closes_in_it() {
    let doc = "+++\ntitle = \"T\"\n+++\n- item two\n1. first\n\"Quotes=== -- and... more\n> more quote\n===\n=\n\n==\n```go\n";
    let site = Rc::new(Site::default());
    let mut inc = Incremental::new(doc.to_string(), site.clone(), Trust::Site);
    let at = inc.source().find("==\n```").unwrap() + 2;
    inc.edit(at..at, "\"");
    let full = render_with(inc.source(), &site, Trust::Site);
    assert!(
        full.content().contains("<p>==&rdquo;</p>"),
        "{}",
        full.content()
    );
    assert_eq!(inc.post().blocks, full.blocks, "source: {:?}", inc.source());
    // And a quote typed in a window opens one for the blocks after it.
    let doc = "+++\ntitle = \"T\"\n+++\nfirst\n\nsecond\n\nthird\n\nfourth\n\nfifth ==\"\n";
    let mut inc = Incremental::new(doc.to_string(), site.clone(), Trust::Site);
    let at = inc.source().find("second").unwrap();
    inc.edit(at..at, "\"");
    let full = render_with(inc.source(), &site, Trust::Site);
    assert_eq!(inc.post().blocks, full.blocks, "source: {:?}", inc.source());
    // Apostrophes inside words never touch the count: still incremental.
    let doc = "+++\ntitle = \"T\"\n+++\nfirst\n\nit's here\n\nthird\n\nfourth\n";
    let mut inc = Incremental::new(doc.to_string(), site.clone(), Trust::Site);
    let at = inc.source().find("here").unwrap();
    let before = inc.counts;
    inc.edit(at..at, "x");
    assert_eq!(inc.counts.0, before.0 + 1, "incremental");
    let full = render_with(inc.source(), &site, Trust::Site);
    assert_eq!(inc.post().blocks, full.blocks);
}

#[test]
fn a_definition_marker_before_the_summary_marker() {
    let doc = "<!--more-->\nSetext\n\n* * *\n# Title\n1. first\n## Same\nSetext\n===\n- item\n\n```\n| a | b |\n# Title\n# Title\n# Title\n";
    let site = Rc::new(Site::default());
    let mut inc = Incremental::new(doc.to_string(), site.clone(), Trust::Site);
    for (at, insert) in [(0.10424774888484381, ": "), (0.20286000214504132, "\n")] {
        let len = inc.source().len();
        let a = floor_boundary(inc.source(), (at * len as f64) as usize);
        inc.edit(a..a, insert);
        let full = render_with(inc.source(), &site, Trust::Site);
        assert_eq!(inc.post().blocks, full.blocks, "source: {:?}", inc.source());
    }
}
