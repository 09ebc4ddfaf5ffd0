//! A site shortcode template of any text, used by a post: parsing and
//! running it never panics (errors are diagnostics), and the output of an
//! untrusted post has no script.
#![no_main]
use folio_core::policy::Trust;
use folio_core::render::render_with;
use folio_core::site::Site;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|template: &str| {
    let mut site = Site::default();
    site.config.unsafe_html = true;
    site.add_shortcode("t", template);
    let post = "a {{< t \"x\" y >}} b\n\n{{< t k=\"<script>\" >}}inner *md*{{< /t >}}\n";
    let _ = render_with(post, &site, Trust::Site);
    let untrusted = render_with(post, &site, Trust::Untrusted);
    let html = untrusted.content().to_ascii_lowercase();
    assert!(!html.contains("<script"), "{html}");
});
