//! Properties of links between pages and URL resolution (`folio_core::links`)
//! over arbitrary input: nothing panics, a resolved URL is absolute, raw HTML
//! is only changed where a URL is, and a post rendered for the app has no
//! relative image left.

#![cfg(not(target_arch = "wasm32"))]

use folio_core::links::{rewrite_html_urls, Links, PageRef, PageUrls, ResourceBase};
use folio_core::render::render_page;
use folio_core::site::{Site, SiteConfig};
use folio_core::Trust;
use proptest::prelude::*;

mod common;

fn page_urls() -> PageUrls {
    PageUrls {
        permalink: "/posts/bundle/".into(),
        bundle: Some("posts/bundle/".into()),
        resources: vec!["dot.png".into(), "é x.png".into()],
        content_url: "/content/".into(),
    }
}

fn site() -> Site {
    let config = SiteConfig::parse(
        "hugo.toml",
        "[markup.goldmark.renderer]\nunsafe = true\n[languages.en]\nweight = 1\n[languages.fa]\nweight = 2\n",
    )
    .unwrap();
    let page = |path: &str, key: &str, url: &str, lang: &str, resources: &[&str]| PageRef {
        path: path.into(),
        key: key.into(),
        url: url.into(),
        title: path.into(),
        lang: lang.into(),
        resources: resources.iter().map(|r| r.to_string()).collect(),
    };
    let links = Links::new(
        vec![
            page(
                "posts/bundle/index.md",
                "posts/bundle/index.md",
                "/posts/bundle/",
                "en",
                &["dot.png"],
            ),
            page(
                "posts/bundle/index.fa.md",
                "posts/bundle/index.md",
                "/fa/posts/bundle/",
                "fa",
                &["dot.png"],
            ),
            page(
                "posts/plain.md",
                "posts/plain.md",
                "/posts/plain/",
                "en",
                &[],
            ),
        ],
        Some(ResourceBase {
            content_url: "/content/".into(),
            local: true,
        }),
    );
    Site {
        config,
        links,
        ..Site::default()
    }
}

/// Markdown and HTML fragments with relative URLs, references and junk.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("![a](dot.png)".to_string()),
        Just("<img src=\"dot.png\">".to_string()),
        Just("<img src='./dot.png' alt=x>".to_string()),
        Just("{{< figure src=\"dot.png\" >}}".to_string()),
        Just("[p]({{< relref \"plain\" >}})".to_string()),
        Just("{{< ref \"nope\" >}}".to_string()),
        Just("<a href=".to_string()),
        Just("\n\n".to_string()),
        Just("<".to_string()),
        "[ -~é<>\"'=/]{0,12}",
    ]
}

proptest! {
    #![proptest_config(common::proptest_config("links"))]

    #[test]
    fn rewriting_raw_html_never_panics_and_changes_only_urls(html in "\\PC{0,64}") {
        let none = rewrite_html_urls(&html, &|_| None);
        prop_assert_eq!(none.as_ref(), html.as_str());
        let _ = rewrite_html_urls(&html, &|u| Some(format!("/x/{u}")));
    }

    #[test]
    fn resolved_urls_are_absolute(url in "\\PC{0,32}") {
        if let Some(resolved) = page_urls().resolve(&url) {
            prop_assert!(resolved.starts_with('/'), "{} -> {}", url, resolved);
        }
    }

    #[test]
    fn lookups_never_panic(target in "\\PC{0,32}") {
        let site = site();
        let from = site.links.page("posts/bundle/index.fa.md");
        let _ = site.links.find(&target, from, None, &site.config);
        let _ = site.links.find(&target, None, Some("fa"), &site.config);
    }

    #[test]
    fn a_bundle_post_rendered_for_the_app_has_no_relative_image(parts in prop::collection::vec(fragment(), 0..12)) {
        let site = site();
        let src = format!("+++\ntitle = \"t\"\n+++\n{}", parts.concat());
        for page in ["posts/bundle/index.md", "posts/bundle/index.fa.md"] {
            let post = render_page(&src, &site, Trust::Site, Some(page));
            let html = post.content();
            // As tags (in a code span the text is `&lt;img`, not a tag).
            prop_assert!(!html.contains("<img src=\"dot.png\""), "{}", html);
            prop_assert!(!html.contains("<img src='./dot.png'"), "{}", html);
        }
    }
}

#[test]
fn bundle_post_for_the_app() {
    let site = site();
    let src = "+++\ntitle = \"t\"\n+++\n![a](dot.png) <img src=\"dot.png\">\n\n{{< figure src=\"dot.png\" >}}\n\n[p]({{< relref \"plain\" >}}) [q]({{< relref \"plain\" >}})\n";
    let en = render_page(src, &site, Trust::Site, Some("posts/bundle/index.md")).content();
    assert_eq!(
        en.matches("src=\"/content/posts/bundle/dot.png\"").count(),
        3,
        "{en}"
    );
    assert!(en.contains("href=\"/posts/plain/\""), "{en}");
    // The Farsi page: the same files, its own language's pages (no Farsi
    // plain post here: Hugo's REF_NOT_FOUND, an error).
    let fa = render_page(src, &site, Trust::Site, Some("posts/bundle/index.fa.md"));
    assert!(fa
        .content()
        .contains("src=\"/content/posts/bundle/dot.png\""));
    assert!(fa.has_errors());
    assert!(fa.diagnostics[0].message.starts_with("REF_NOT_FOUND"));
    // `links` keep the URL as written (the lints read it), the HTML has it resolved.
    let typo = render_page(
        "[x](https//example.org)\n",
        &site,
        Trust::Site,
        Some("posts/plain.md"),
    );
    assert_eq!(typo.links[0].href, "https//example.org");
    assert!(typo
        .content()
        .contains("href=\"/posts/plain/https//example.org\""));
    // Without a page, or rendered as Hugo does (no ResourceBase), nothing moves.
    let alone = render_page(src, &site, Trust::Site, None).content();
    assert!(alone.contains("src=\"dot.png\""));
    let mut hugo = site.clone();
    hugo.links.resources = None;
    let as_hugo = render_page(src, &hugo, Trust::Site, Some("posts/bundle/index.md")).content();
    assert!(
        as_hugo.contains("<img src=\"dot.png\" alt=\"a\">"),
        "{as_hugo}"
    );
    assert!(as_hugo.contains("href=\"/posts/plain/\""), "{as_hugo}");
}

// Runs a site or inline template (the `templates` feature).
#[cfg(feature = "templates")]
#[test]
fn templates_get_pages() {
    let mut site = site();
    site.add_shortcode(
        "card",
        "{{ with .Site.GetPage (.Get 0) }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ else }}none{{ end }} {{ with site.GetPage \"/posts/bundle\" }}{{ .Permalink }}{{ end }} {{ relref . \"plain\" }}",
    );
    let post = render_page(
        "{{< card \"plain\" >}} {{< card \"nope\" >}}",
        &site,
        Trust::Site,
        Some("posts/bundle/index.md"),
    );
    let html = post.content();
    assert!(
        html.contains("<a href=\"/posts/plain/\">posts/plain.md</a> /posts/bundle/ /posts/plain/"),
        "{html}"
    );
    assert!(html.contains("none /posts/bundle/"), "{html}");
}
