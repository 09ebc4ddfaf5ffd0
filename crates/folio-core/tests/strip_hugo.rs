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
