//! A whole Hugo site (`tests/sites/multilang`: two languages, a page
//! bundle with its images, `static/`, `ref`/`relref` between posts)
//! through `folio render --site` and `folio index`, against what Hugo
//! 0.111.3 built from it (its `.Content` per page, checked in as
//! `tests/sites/multilang/hugo-0.111.3/`; no Hugo needed to run this).
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::Command;

fn site() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/multilang")
}

fn folio(args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .output()
        .expect("folio runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Every page's content is Hugo's, byte for byte: references resolved
/// against the site's pages in the page's language (`relref "plain"` from
/// the Farsi bundle is `/fa/posts/plain/`), `ref` absolute with `baseURL`,
/// and relative URLs (`dot.png`, `../plain.md`) left as Hugo leaves them.
#[test]
fn render_matches_hugo_on_every_page() {
    let site = site();
    for page in [
        "posts/bundle/index.md",
        "posts/bundle/index.fa.md",
        "posts/plain.md",
        "posts/plain.fa.md",
        "posts/other/index.md",
    ] {
        let file = site.join("content").join(page);
        let (ok, html, stderr) = folio(&[
            "render",
            "--site",
            site.to_str().unwrap(),
            file.to_str().unwrap(),
        ]);
        assert!(ok, "{page}: {stderr}");
        let expected = std::fs::read_to_string(
            site.join("hugo-0.111.3")
                .join(format!("{}.html", page.replace('/', "__"))),
        )
        .unwrap();
        assert_eq!(html.trim_end(), expected.trim_end(), "{page}");
    }
}

/// A reference to a missing page is Hugo's REF_NOT_FOUND error, with the
/// shortcode's line and column, and the not-found URL (Hugo's default: empty).
#[test]
fn missing_references_are_errors_with_their_line() {
    let dir = std::env::temp_dir().join(format!("folio-site-ref-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&site(), &dir);
    let post = dir.join("content/posts/broken.md");
    std::fs::write(
        &post,
        "+++\ntitle = \"Broken\"\n+++\nline\n\n[x]({{< relref \"nope\" >}}) [y]({{< relref \"other\" >}})\n",
    )
    .unwrap();
    let (ok, html, stderr) = folio(&[
        "render",
        "--site",
        dir.to_str().unwrap(),
        post.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(
        stderr.contains("broken.md:6:5: error: REF_NOT_FOUND: Ref \"nope\": page not found"),
        "{stderr}"
    );
    assert_eq!(
        html,
        "<p>line</p>\n<p><a href=\"\">x</a> <a href=\"/posts/other/\">y</a></p>\n"
    );
    // refLinksErrorLevel = "WARNING": a warning, and the render succeeds.
    let config = dir.join("hugo.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("refLinksErrorLevel = \"WARNING\"\n{text}")).unwrap();
    let (ok, _, stderr) = folio(&[
        "check",
        "--site",
        dir.to_str().unwrap(),
        post.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `folio index`: languages, translations' shared key, a bundle's files,
/// summaries whose bundle images point under `--content-url`.
#[test]
fn index_lists_languages_and_bundle_files() {
    let dir = std::env::temp_dir().join(format!("folio-site-index-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let output = dir.join("index.json");
    let site = site();
    let (ok, _, stderr) = folio(&[
        "index",
        "--site",
        site.to_str().unwrap(),
        "--content-url",
        "https://cdn.example/content",
        "-o",
        output.to_str().unwrap(),
        site.join("content").to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    let posts = index["posts"].as_array().unwrap();
    let post = |path: &str| {
        posts
            .iter()
            .find(|p| p["path"] == path)
            .unwrap_or_else(|| panic!("{path} in the index"))
    };
    assert_eq!(post("posts/bundle/index.fa.md")["url"], "/fa/posts/bundle/");
    assert_eq!(post("posts/bundle/index.fa.md")["lang"], "fa");
    assert_eq!(
        post("posts/bundle/index.fa.md")["key"],
        "posts/bundle/index.md"
    );
    assert_eq!(post("posts/plain.md")["url"], "/posts/plain/");
    assert_eq!(post("posts/plain.md")["lang"], "en");
    assert_eq!(
        post("posts/bundle/index.md")["resources"],
        serde_json::json!(["dot.png", "other.png"])
    );
    let summary = post("posts/bundle/index.md")["summary"].as_str().unwrap();
    assert!(
        summary.contains("src=\"https://cdn.example/content/posts/bundle/dot.png\""),
        "{summary}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
