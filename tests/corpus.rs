//! Conformance with Hugo: renders the 44 real posts of `../shared/corpus`
//! with `folio render --site ../shared/corpus/site` and scores the output
//! against Hugo 0.111's HTML with the corpus's own `compare.py`. A score
//! below the one recorded in CONFORMANCE.md fails: a regression.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use std::process::Command;

/// The numbers recorded in CONFORMANCE.md.
const MIN_IDENTICAL: usize = 43;
const MIN_MEAN_SIMILARITY: f64 = 0.9991;

/// `../shared/corpus`, beside the repository; `None` (a skip) when it is
/// not there, except under CI (`CI=true`), where that is a failure.
fn corpus() -> Option<std::path::PathBuf> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if corpus.join("compare.py").is_file() {
        return Some(corpus);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "no corpus at {} (CI=true: ../shared must be beside the repository)",
        corpus.display()
    );
    eprintln!("skipped: no corpus at {}", corpus.display());
    None
}

#[test]
fn corpus_matches_hugo_at_least_as_well_as_recorded() {
    let Some(corpus) = corpus() else {
        return;
    };
    let renderer = format!(
        "{} render --site {}",
        env!("CARGO_BIN_EXE_folio"),
        corpus.join("site").display()
    );
    let output = Command::new("python3")
        .arg(corpus.join("compare.py"))
        .arg("--posts")
        .arg(corpus.join("posts"))
        .arg("--reference")
        .arg(corpus.join("hugo-0.111.3-html"))
        .arg("--renderer")
        .arg(&renderer)
        .output()
        .expect("python3 runs compare.py");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with("posts "))
        .unwrap_or_else(|| panic!("no summary line in compare.py output:\n{stdout}"));
    let field = |name: &str| -> f64 {
        let words: Vec<&str> = summary.split_whitespace().collect();
        let at = words.iter().position(|w| *w == name).expect(name);
        words[at + 1].parse().expect(name)
    };
    let (identical, errors, mean) = (
        field("identical") as usize,
        field("renderer-errors") as usize,
        field("mean-similarity"),
    );
    println!("{summary}");
    assert_eq!(errors, 0, "the renderer failed on some posts:\n{stdout}");
    assert!(
        identical >= MIN_IDENTICAL && mean >= MIN_MEAN_SIMILARITY,
        "conformance regressed: {summary} (recorded: identical {MIN_IDENTICAL}, mean {MIN_MEAN_SIMILARITY})"
    );
}

/// A summary compared as a reader reads it: its text (tags dropped: Hugo
/// colours code with Chroma), entities decoded, white space runs made one.
fn seen(html: &str) -> String {
    folio_core::text::plain_text(html)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Each corpus post's summary, truncation and word count are Hugo's
/// (`tests/fixtures/corpus_summaries.json`, written by
/// `scripts/summary-fixture` from Hugo 0.111.3 and the corpus's site).
#[test]
fn corpus_summaries_and_word_counts_are_hugos() {
    let Some(corpus) = corpus() else {
        return;
    };
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/corpus_summaries.json")).expect("fixture");
    let posts = fixture["posts"].as_object().expect("posts");
    assert_eq!(posts.len(), 44, "the fixture lost posts");
    let mut wrong = Vec::new();
    for (path, hugo) in posts {
        let output = Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(["render", "--json", "--site"])
            .arg(corpus.join("site"))
            .arg(corpus.join("posts").join(path))
            .output()
            .expect("folio render runs");
        let folio: serde_json::Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("{path}: no JSON ({e})"));
        let summary = hugo["summary"].as_str().expect("summary");
        if seen(folio["summary"].as_str().unwrap_or_default()) != seen(summary) {
            wrong.push(format!(
                "{path}: summary\n  hugo:  {summary:?}\n  folio: {}",
                folio["summary"]
            ));
        }
        if folio["truncated"] != hugo["truncated"] {
            wrong.push(format!(
                "{path}: truncated: hugo {}, folio {}",
                hugo["truncated"], folio["truncated"]
            ));
        }
        if folio["word_count"] != hugo["words"] {
            wrong.push(format!(
                "{path}: words: hugo {}, folio {}",
                hugo["words"], folio["word_count"]
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
