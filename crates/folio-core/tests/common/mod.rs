//! What the property-test files share.

use std::path::{Path, PathBuf};

use proptest::test_runner::{Config, FileFailurePersistence};

/// proptest's configuration for the test file `name`: proptest's own
/// default (256 cases, or `PROPTEST_CASES`, which proptest reads itself),
/// with failures saved to, and replayed first from, the crate's
/// `proptest-regressions/NAME.txt` (proptest's default place, next to the
/// source, cannot be found from an integration test).
#[allow(dead_code)] // not every test file has properties
pub fn proptest_config(name: &'static str) -> Config {
    let path: &'static str = Box::leak(format!("proptest-regressions/{name}.txt").into_boxed_str());
    Config {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(path))),
        ..Config::default()
    }
}

/// `../shared` beside the repository (the corpus and the seed post), or
/// `None` when it is missing; under CI (`CI=true`) a missing one fails.
#[allow(dead_code)] // not every test file reads the corpus
pub fn shared() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if dir.join("corpus/posts").is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").map_or(true, |v| v != "true"),
        "the shared corpus is missing at {} (CI=true)",
        dir.display()
    );
    eprintln!("skipped: no corpus at {}", dir.display());
    None
}

/// Every file under `dir`, recursively, appended to `out`.
#[allow(dead_code)]
pub fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}
