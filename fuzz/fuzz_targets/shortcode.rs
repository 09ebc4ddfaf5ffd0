//! The shortcode parser on any text: never panics, and its nodes' spans
//! lie inside the text on character boundaries.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|src: &str| {
    let parsed = folio_core::shortcode::parse(src, 0);
    for node in &parsed.nodes {
        if let folio_core::shortcode::Node::Text(span) = node {
            assert!(src.get(span.start..span.end).is_some(), "{span:?}");
        }
    }
});
