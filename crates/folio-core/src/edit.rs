//! What the author's editor and `folio serve`'s save endpoint share: the
//! version tag of a file's content (an HTTP ETag, so a save can tell that
//! the file changed since it was loaded) and a new post's starting text.

use crate::frontmatter::Date;

/// The ETag of a file's content: its [`crate::hash::stable_hash`] in hex,
/// quoted. The editor computes it of the text it loaded and sends it as
/// `If-Match`; the server computes it of the file on disk, so no header has
/// to be read back.
pub fn etag(bytes: &[u8]) -> String {
    let hash = crate::hash::stable_hash(bytes);
    format!("\"{hash:016x}\"")
}

/// A new post's text: the site's archetype (`archetypes/posts.md` or
/// `archetypes/default.md`) with Hugo's usual template actions filled in —
/// `{{ .Date }}` with `now`, anything naming `.Name`, `.File.ContentBaseName`
/// or `.Title` with `title` (quoted as the archetype quotes it) — else TOML
/// front matter with the title, the date and `draft = true`.
pub fn new_post(archetype: Option<&str>, title: &str, now: &Date) -> String {
    let date = now.to_rfc3339();
    let Some(archetype) = archetype.filter(|a| !a.trim().is_empty()) else {
        return format!(
            "+++\ntitle = \"{}\"\ndate = {date}\ndraft = true\ntags = []\n+++\n\n",
            title.replace('\\', "\\\\").replace('"', "\\\"")
        );
    };
    let mut out = String::with_capacity(archetype.len());
    let mut rest = archetype;
    while let Some(open) = rest.find("{{") {
        let Some(close) = rest[open..].find("}}").map(|c| open + c + 2) else {
            break;
        };
        out.push_str(&rest[..open]);
        let action = &rest[open..close];
        if action.contains(".Date") {
            out.push_str(&date);
        } else if action.contains(".Name")
            || action.contains("ContentBaseName")
            || action.contains(".Title")
        {
            out.push_str(title);
        }
        // Any other action prints nothing, as an unset field would.
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// Where a new post titled `title` is saved in the content directory:
/// `posts/<slug>.md`, the slug being Hugo's `urlize` of the title (the one
/// slug function) with anything but letters, digits, `_` and `%` made a
/// hyphen (no separator, no dot); `posts/new-post.md` for a title with
/// nothing left.
pub fn new_post_path(title: &str) -> String {
    let mut slug = String::new();
    for c in crate::text::urlize(title.trim()).chars() {
        // Only letters, digits, `_` and `%` (urlize's escapes) in a file
        // name: separators and dots become one hyphen.
        if c.is_alphanumeric() || c == '_' || c == '%' {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "posts/new-post.md".to_string()
    } else {
        format!("posts/{slug}.md")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_post_paths_come_from_the_title() {
        assert_eq!(new_post_path("My First Post"), "posts/my-first-post.md");
        assert_eq!(new_post_path("a/b: c?"), "posts/a-b-c.md");
        assert_eq!(new_post_path("  "), "posts/new-post.md");
        assert_eq!(new_post_path("../.."), "posts/new-post.md");
        assert_eq!(new_post_path("x/../../etc"), "posts/x-etc.md");
        assert_eq!(new_post_path("Café au lait"), "posts/caf%C3%A9-au-lait.md");
    }

    #[test]
    fn etags_differ_with_the_content() {
        assert_eq!(etag(b"a"), etag(b"a"));
        assert_ne!(etag(b"a"), etag(b"b"));
        assert_eq!(etag(b"").len(), 18);
    }

    #[test]
    fn new_posts_from_an_archetype_or_the_default() {
        let now = Date::parse("2026-01-02T03:04:05Z").unwrap();
        let hugo = "---\ntitle: \"{{ replace .File.ContentBaseName \"-\" \" \" | title }}\"\ndate: {{ .Date }}\ndraft: true\n---\n";
        let post = new_post(Some(hugo), "My post", &now);
        assert_eq!(
            post,
            format!(
                "---\ntitle: \"My post\"\ndate: {}\ndraft: true\n---\n",
                now.to_rfc3339()
            )
        );
        let post = new_post(None, "A \"quoted\" title", &now);
        let rendered = crate::render_post(&post, &crate::site::Site::default());
        assert!(
            rendered.diagnostics.is_empty(),
            "{:?}",
            rendered.diagnostics
        );
        assert!(rendered.front_matter.draft);
        assert_eq!(
            rendered.front_matter.title.as_deref(),
            Some("A \"quoted\" title")
        );
        assert!(rendered.front_matter.date.is_some());
    }
}
