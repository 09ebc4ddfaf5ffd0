//! The `folio` binary on hostile input: invalid UTF-8 and NUL bytes (on
//! standard input and in a content folder), and `folio index --untrusted`.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// A post whose line 5 has two bytes that are not UTF-8 and line 6 a NUL.
const BROKEN: &[u8] = b"---\ntitle: Broken bytes\n---\nline one\nbad \xff\xfe byte\nnul \0 here\n";

fn folio(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("folio starts");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

/// A content folder under the temporary folder, removed on drop.
struct Content(PathBuf);

impl Content {
    fn new(name: &str, posts: &[(&str, &[u8])]) -> Content {
        let dir = std::env::temp_dir().join(format!("folio-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, bytes) in posts {
            let file = dir.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, bytes).unwrap();
        }
        Content(dir)
    }

    fn index(&self) -> serde_json::Value {
        let json = std::fs::read_to_string(self.0.join("index.json")).unwrap();
        serde_json::from_str(&json).unwrap()
    }
}

impl Drop for Content {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn render_from_stdin_replaces_bad_bytes_and_nul_with_a_warning_each() {
    let out = folio(&["render", "-"], BROKEN);
    assert_eq!(out.status.code(), Some(0));
    let html = String::from_utf8(out.stdout).expect("the output is UTF-8");
    assert!(html.contains("bad \u{FFFD}\u{FFFD} byte"), "{html}");
    assert!(html.contains("nul \u{FFFD} here"), "{html}");
    assert!(!html.contains('\0'));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("<stdin>:5:5: warning: invalid UTF-8"), "{err}");
    assert!(err.contains("<stdin>:6:5: warning: NUL character"), "{err}");
    assert!(!err.contains("usage"), "{err}");
}

#[test]
fn index_keeps_a_post_with_bad_bytes_and_says_where() {
    let content = Content::new(
        "utf8",
        &[
            ("posts/broken.md", BROKEN),
            (
                "posts/fine.md",
                b"---\ntitle: Fine\n---\nA \xef\xbf\xbd in UTF-8 is fine.\n",
            ),
        ],
    );
    let out = folio(&["index", content.0.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8(out.stderr).unwrap();
    let broken = content.0.join("posts/broken.md");
    assert!(
        err.contains(&format!(
            "{}:5:5: warning: invalid UTF-8 from here",
            broken.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}:6:5: warning: NUL", broken.display())),
        "{err}"
    );
    // A U+FFFD written in valid UTF-8 is not a decoding problem.
    assert!(!err.contains("fine.md"), "{err}");
    let index = content.index();
    let summary = index["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["title"] == "Broken bytes")
        .unwrap()["summary"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(summary.contains("bad \u{FFFD}\u{FFFD} byte"), "{summary}");
    assert!(summary.contains("nul \u{FFFD} here"), "{summary}");
}

#[test]
fn index_untrusted_sanitises_the_summaries() {
    let hostile: &[u8] = b"+++\ntitle = \"Hostile\"\n+++\n\n\
        # Head {onclick=alert(1)}\n\n\
        Text <img src=x onerror=alert(2)> and [a link](javascript:alert(3)).\n\n\
        <script>alert(4)</script>\n\n\
        <iframe src=\"https://evil.example/\"></iframe>\n\n\
        <!--more-->\n\nThe rest.\n";
    let front: &[u8] = b"+++\ntitle = \"Front\"\nsummary = \"<b>bold</b> <svg onload=alert(5)></svg>\"\n+++\n\nBody.\n";
    let content = Content::new(
        "untrusted",
        &[("posts/hostile.md", hostile), ("posts/front.md", front)],
    );
    let site = Content::new(
        "untrusted-site",
        &[(
            "hugo.toml",
            b"[markup.goldmark.renderer]\nunsafe = true\n" as &[u8],
        )],
    );
    let dir = content.0.to_str().unwrap();
    let summaries = |index: &serde_json::Value| -> String {
        index["posts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["summary"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    // The site's own posts, with raw HTML on: kept as written.
    let out = folio(&["index", "--site", site.0.to_str().unwrap(), dir], b"");
    assert_eq!(out.status.code(), Some(0));
    let trusted = summaries(&content.index());
    assert!(trusted.contains("onerror"), "{trusted}");
    // Untrusted: nothing in them runs script, and the text stays.
    let out = folio(
        &[
            "index",
            "--untrusted",
            "--site",
            site.0.to_str().unwrap(),
            dir,
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
    let index = content.index();
    let untrusted = summaries(&index);
    for bad in [
        "onclick",
        "onerror",
        "onload",
        "javascript:",
        "<script",
        "alert(4)",
        "evil.example",
        "<svg",
    ] {
        assert!(
            !untrusted.to_ascii_lowercase().contains(bad),
            "{bad} in {untrusted}"
        );
    }
    assert!(untrusted.contains("Head"), "{untrusted}");
    assert!(untrusted.contains("a link"), "{untrusted}");
    assert!(untrusted.contains("<b>bold</b>"), "{untrusted}");
    assert!(!untrusted.contains("The rest."), "{untrusted}");
    // index-1.json is the same posts.
    let first: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(content.0.join("index-1.json")).unwrap())
            .unwrap();
    assert_eq!(summaries(&first), untrusted);
}
