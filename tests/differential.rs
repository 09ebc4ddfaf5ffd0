//! Differential testing against the real Hugo (issue #8): the 652 CommonMark
//! spec examples (goldmark `unsafe` on and off) and 200 seeded Hugo-flavoured
//! documents, rendered by `folio render --site` and compared with Hugo
//! 0.111.3's HTML cached in `tests/differential/fixtures/` (no Hugo needed).
//! `scripts/differential --check` does the work; it fails if a number drops
//! below `tests/differential/baseline.json`, if Folio exits 1 on more posts
//! Hugo builds than recorded, or (under `CI=true`) if fixtures are missing.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use std::process::Command;

#[test]
fn differential_against_cached_hugo_output_does_not_regress() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new("python3")
        .arg(root.join("scripts/differential"))
        .arg("--check")
        .arg("--folio")
        .arg(env!("CARGO_BIN_EXE_folio"))
        .output()
        .expect("python3 runs scripts/differential");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}{stderr}");
    assert!(
        output.status.success(),
        "differential check failed:\n{stdout}{stderr}"
    );
}
