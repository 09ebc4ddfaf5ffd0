//! Everything that reads files (or standard input, or the clock) into the
//! core's inputs: posts, a Hugo site's config and shortcode templates.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::frontmatter::Date;
use crate::site::{Site, SiteFiles, CONFIG_FILE_NAMES};

/// Every post below content directory `dir`, as (relative path, text), sorted.
/// Symbolic links are followed only while they stay inside `dir`.
pub fn read_posts(dir: &Path) -> Result<Vec<(String, String)>, String> {
    read_content(dir).map(|(posts, _)| posts)
}

/// A content folder's posts (path, text) and other files (paths).
pub type Content = (Vec<(String, String)>, Vec<String>);

/// The posts below content directory `dir` as [`read_posts`] gives them,
/// and the paths of every other file (a page bundle's images), sorted;
/// hidden files and Folio's own `index.json` / `index-1.json` left out.
pub fn read_content(dir: &Path) -> Result<Content, String> {
    let root = dir
        .canonicalize()
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut files = Vec::new();
    let mut others = Vec::new();
    let mut seen = HashSet::from([root.clone()]);
    collect_posts(&root, dir, dir, &mut seen, &mut files, &mut others)?;
    files.sort();
    others.sort();
    Ok((files, others))
}

/// Every Markdown file below `dir`, as (path relative to `base` with `/`,
/// text); `root` is `base` canonicalized, `seen` the folders already read
/// (so a link to a parent folder does not loop).
fn collect_posts(
    root: &Path,
    base: &Path,
    dir: &Path,
    seen: &mut HashSet<PathBuf>,
    out: &mut Vec<(String, String)>,
    others: &mut Vec<String>,
) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(real) = path.canonicalize() else {
            continue; // a dangling link
        };
        if !real.starts_with(root) {
            continue; // a link out of the content folder
        }
        if real.is_dir() {
            if seen.insert(real) {
                collect_posts(root, base, &path, seen, out, others)?;
            }
        } else if !path
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown")
        {
            let relative = path.strip_prefix(base).unwrap_or(&path);
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let name = parts.last().map(String::as_str).unwrap_or_default();
            let folio_index =
                parts.len() == 1 && (name == "index.json" || name == crate::index::FIRST_PAGE_FILE);
            if !name.starts_with('.') && !folio_index {
                others.push(parts.join("/"));
            }
        } else if path
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown")
        {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if name == "_index.md" {
                continue; // section pages, not posts
            }
            let relative = path.strip_prefix(base).unwrap_or(&path);
            let relative: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            // Not UTF-8: decoded with U+FFFD rather than dropping the post
            // (rendering it reports where).
            let bytes =
                std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let text = String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            out.push((relative.join("/"), text));
        }
    }
    Ok(())
}

/// The current time as a front matter date (UTC).
pub fn now() -> Date {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    Date::from_unix_seconds(seconds)
}

/// Reads FILE, or standard input for `-`; returns the name to show in
/// diagnostics and the text.
pub fn read_input(file: &str) -> Result<(String, Vec<u8>), String> {
    if file == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        return Ok(("<stdin>".to_string(), bytes));
    }
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    Ok((file.to_string(), bytes))
}

/// Reads a Hugo site directory, or gives the default site without one.
pub fn load_site(dir: Option<&Path>) -> Result<Site, String> {
    match dir {
        Some(dir) => read_site_files(dir)?.to_site(),
        None => Ok(Site::default()),
    }
}

/// Reads a Hugo site's configuration file and shortcode templates
/// (`layouts/shortcodes/*.html`, and `layouts/_shortcodes/`, which wins),
/// or gives no files without a site.
pub fn read_site_files_or_default(dir: Option<&Path>) -> Result<SiteFiles, String> {
    match dir {
        Some(dir) => read_site_files(dir),
        None => Ok(SiteFiles::default()),
    }
}

/// Reads a Hugo site's configuration file and shortcode templates
/// (`layouts/shortcodes/*.html`, and `layouts/_shortcodes/`, which wins).
pub fn read_site_files(dir: &Path) -> Result<SiteFiles, String> {
    if !dir.is_dir() {
        return Err(format!("--site {}: not a directory", dir.display()));
    }
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let mut files = SiteFiles::default();
    if let Some(name) = CONFIG_FILE_NAMES.iter().find(|n| dir.join(n).is_file()) {
        files.config = Some((name.to_string(), read(&dir.join(name))?));
    }
    for folder in ["layouts/shortcodes", "layouts/_shortcodes"] {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().and_then(|n| n.to_str());
            if let Some(name) = name.and_then(|n| n.strip_suffix(".html")) {
                files.shortcodes.insert(name.to_string(), read(&path)?);
            }
        }
    }
    // A config the app's compact readers cannot read travels as JSON.
    Ok(files.portable())
}

/// Writes `bytes` to `path` atomically: into a temporary file beside it,
/// flushed, then renamed over it, so readers see the old or the new file,
/// never half of one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write as _;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.folio-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        format!("cannot write {}: {e}", path.display())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_example_posts_sorted_without_section_pages() {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let posts = read_posts(&content).unwrap();
        assert!(posts
            .iter()
            .any(|(path, _)| path == "posts/2017-05-28-pyconweb-may17.md"));
        assert!(posts.iter().all(|(path, _)| !path.ends_with("_index.md")));
        assert!(posts.windows(2).all(|w| w[0].0 <= w[1].0));
    }

    #[test]
    fn bundle_files_are_listed_beside_the_posts() {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/multilang/content");
        let (posts, others) = read_content(&content).unwrap();
        assert!(posts.iter().any(|(p, _)| p == "posts/bundle/index.fa.md"));
        assert_eq!(others, ["posts/bundle/dot.png", "posts/bundle/other.png"]);
    }

    #[test]
    fn missing_files_are_errors() {
        assert!(read_posts(Path::new("/nonexistent/content")).is_err());
        assert!(read_input("/nonexistent/post.md").is_err());
        assert!(load_site(Some(Path::new("/nonexistent/site"))).is_err());
        assert!(load_site(None).is_ok());
    }
}
