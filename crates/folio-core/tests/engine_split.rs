//! Which posts need the full engine (`render::needs_engine`): on the
//! corpus, with the corpus site's shortcode templates, a post the check
//! lets through renders in this build without a template placeholder. In
//! the build without the template engine (`cargo test -p folio-core
//! --no-default-features`, the app's first-load wasm) this is the
//! invariant "the main thread never renders a post that needs templates";
//! with the engine no post needs it and every template runs.

#![cfg(not(target_arch = "wasm32"))]

use folio_core::render::{needs_engine, render_post};
use folio_core::site::{Site, SiteConfig};

mod common;

const NOT_LOADED: &str = "needs Folio's full engine";

#[test]
fn the_corpus_posts_the_check_lets_through_render_without_the_engine() {
    let Some(shared) = common::shared() else {
        return;
    };
    let site_dir = shared.join("corpus/site");
    let config = std::fs::read_to_string(site_dir.join("hugo.toml")).expect("hugo.toml");
    let mut site = Site {
        config: SiteConfig::parse("hugo.toml", &config).expect("the corpus site's config"),
        ..Site::default()
    };
    let mut templates = Vec::new();
    common::files(&site_dir.join("layouts/shortcodes"), &mut templates);
    for path in &templates {
        let name = path.file_stem().and_then(|s| s.to_str()).expect("a name");
        site.add_shortcode(name, &std::fs::read_to_string(path).expect("a template"));
    }
    assert!(
        site.needs_templates(),
        "the corpus site has shortcode templates"
    );

    let mut posts = Vec::new();
    common::files(&shared.join("corpus/posts"), &mut posts);
    posts.retain(|p| p.extension().is_some_and(|e| e == "md"));
    assert!(posts.len() > 20, "{} corpus posts", posts.len());
    let (mut sent, mut here) = (0, 0);
    for path in &posts {
        let src = std::fs::read_to_string(path).expect("a post");
        if needs_engine(&src, &site) {
            sent += 1;
            continue;
        }
        here += 1;
        let post = render_post(&src, &site);
        assert!(
            !post
                .diagnostics
                .iter()
                .any(|d| d.message.contains(NOT_LOADED)),
            "{} was let through but needs a template: {:?}",
            path.display(),
            post.diagnostics
        );
    }
    if cfg!(feature = "templates") {
        assert_eq!(sent, 0, "with the engine no post needs it");
    } else {
        // Both kinds are in the corpus: posts that run the site's
        // templates, and posts with only built-ins or no shortcode at all
        // (before the check looked at names, every post with `{{` went).
        assert!(sent > 0 && here > 0, "sent {sent}, rendered here {here}");
    }
    eprintln!("corpus: {here} posts rendered here, {sent} need the engine");
}
