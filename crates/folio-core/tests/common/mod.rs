//! What the property-test files share.

use proptest::test_runner::{Config, FileFailurePersistence};

/// proptest's configuration for the test file `name`: proptest's own
/// default (256 cases, or `PROPTEST_CASES`, which proptest reads itself),
/// with failures saved to, and replayed first from, the crate's
/// `proptest-regressions/NAME.txt` (proptest's default place, next to the
/// source, cannot be found from an integration test).
pub fn proptest_config(name: &'static str) -> Config {
    let path: &'static str = Box::leak(format!("proptest-regressions/{name}.txt").into_boxed_str());
    Config {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(path))),
        ..Config::default()
    }
}
