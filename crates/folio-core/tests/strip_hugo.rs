//! `text::strip_html` against Hugo 0.111.3's own `plainify` (its
//! `StripHTML`, which also makes `.Plain`, `.WordCount` and the automatic
//! `.Summary`) on fixed and seeded HTML fragments:
//! `tests/fixtures/plainify.json`, written by `scripts/plainify-fixture`.
#![cfg(not(target_arch = "wasm32"))]

use folio_core::text::{count_words, strip_html};

#[test]
fn strip_html_is_hugos_plainify() {
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/plainify.json")).expect("fixture");
    let cases = fixture["cases"].as_array().expect("cases");
    assert!(cases.len() > 600, "the fixture lost its cases");
    let mut wrong = Vec::new();
    for case in cases {
        let html = case["html"].as_str().expect("html");
        let plain = case["plain"].as_str().expect("plain");
        let ours = strip_html(html);
        // Hugo's word count is strings.Fields over the same text.
        if ours != plain || count_words(&ours) != plain.split_whitespace().count() {
            wrong.push(format!("{html:?}\n  hugo:  {plain:?}\n  folio: {ours:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} differ from Hugo:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n")
    );
}

/// A summary compared as a reader reads it: its text (tags dropped: Hugo
/// colours code with Chroma's spans), entities decoded (Folio's HTML and
/// Hugo's may spell a character differently, `&#39;` or `'`), white space
/// runs made one space.
#[cfg(feature = "full-frontmatter")]
fn seen(html: &str) -> String {
    folio_core::text::plain_text(html)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

// Some documents' front matter needs the full parsers (the build without
// them sends such a post to the render worker's full engine).
#[cfg(feature = "full-frontmatter")]
#[test]
fn summaries_word_counts_and_truncation_are_hugos() {
    check_summaries(include_str!("fixtures/summaries.json"), 150);
}

/// The same on a `hasCJKLanguage` site: Chinese, Japanese, Korean and mixed
/// posts, some with `isCJKLanguage = false`, a front matter summary or a
/// divider.
#[cfg(feature = "full-frontmatter")]
#[test]
fn cjk_summaries_word_counts_and_truncation_are_hugos() {
    check_summaries(include_str!("fixtures/summaries_cjk.json"), 40);
}

#[cfg(feature = "full-frontmatter")]
fn check_summaries(fixture: &str, at_least: usize) {
    let fixture: serde_json::Value = serde_json::from_str(fixture).expect("fixture");
    let cases = fixture["cases"].as_array().expect("cases");
    assert!(cases.len() >= at_least, "the fixture lost its documents");
    // The site Hugo built them with: raw HTML on, hasCJKLanguage as noted.
    let mut site = folio_core::site::Site::default();
    site.config.unsafe_html = true;
    site.config.has_cjk_language = fixture["hasCJKLanguage"].as_bool().unwrap_or(false);
    let mut wrong = Vec::new();
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let post = folio_core::render::render_post(case["markdown"].as_str().expect("md"), &site);
        let (summary, truncated, words) = (
            case["summary"].as_str().expect("summary"),
            case["truncated"].as_bool().expect("truncated"),
            case["words"].as_u64().expect("words") as usize,
        );
        if seen(&post.summary) != seen(summary) {
            wrong.push(format!(
                "{name}: summary\n  hugo:  {summary:?}\n  folio: {:?}",
                post.summary
            ));
        }
        if post.truncated != truncated {
            wrong.push(format!(
                "{name}: truncated: hugo {truncated}, folio {}",
                post.truncated
            ));
        }
        if post.word_count != words {
            wrong.push(format!(
                "{name}: words: hugo {words}, folio {}",
                post.word_count
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} differences from Hugo:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
