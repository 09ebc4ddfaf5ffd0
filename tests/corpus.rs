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

#[test]
fn corpus_matches_hugo_at_least_as_well_as_recorded() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.join("compare.py").is_file() {
        eprintln!("skipped: no corpus at {}", corpus.display());
        return;
    }
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
