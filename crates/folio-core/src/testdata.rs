//! Test fixtures shared by the unit tests: the example post, and the shared
//! corpus found relative to the repository (`../shared/corpus` beside the
//! checkout). A missing corpus skips the corpus tests on a developer's
//! machine but fails them under CI (`CI=true`), so CI can never pass by
//! silently testing nothing.

use std::path::PathBuf;

/// The example post of `content/`.
pub const EXAMPLE: &str = include_str!("../../../content/posts/2017-05-28-pyconweb-may17.md");

/// `../shared/corpus` relative to the repository root, when present.
/// Panics when it is missing and `CI=true`.
pub fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if dir.join("posts").is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "the shared corpus is missing at {} (CI=true)",
            dir.display()
        );
    }
    eprintln!("skipped: no corpus at {}", dir.display());
    None
}
