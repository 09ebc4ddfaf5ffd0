//! Front matter (TOML, YAML, JSON) of any text: never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|src: &str| {
    let _ = folio_core::frontmatter::parse(src);
});
