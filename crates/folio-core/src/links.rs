//! Links between a site's pages and to the files beside them: what `ref`,
//! `relref` and `.GetPage` find (Hugo's lookup rules), and where a post's
//! relative URLs point once it is shown somewhere other than Hugo's output
//! folder (the app, an index summary on a list page).
//!
//! Hugo itself rewrites no URL in content: `![](dot.png)` in a page bundle
//! stays `src="dot.png"` and works because Hugo publishes the bundle's files
//! beside the page (`/posts/bundle/dot.png`). `folio render` keeps that
//! byte for byte. Where the page is not at its permalink, or its files are
//! not published beside it (a static host serving the raw `content/`),
//! [`PageUrls::resolve`] makes a relative URL absolute against the
//! permalink, and a URL that names one of the bundle's files points at the
//! file itself under the content URL.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::routes::percent_decode;
use crate::site::SiteConfig;

/// One page of the site, as references see it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PageRef {
    /// The file, relative to `content/` (`posts/x.fa.md`).
    pub path: String,
    /// The file's path without its language (`posts/x.md`): translations
    /// share it, and `ref` looks pages up by it.
    pub key: String,
    /// The permalink's path (`/fa/posts/x/`).
    pub url: String,
    pub title: String,
    /// The page's language code (the site's default on a one-language site).
    pub lang: String,
    /// A bundle's files (not its Markdown), relative to its folder.
    pub resources: Vec<String>,
}

impl PageRef {
    /// Whether the page is a leaf bundle (`…/index.md`).
    pub fn is_bundle(&self) -> bool {
        let file = self.key.rsplit('/').next().unwrap_or_default();
        file.rsplit_once('.').map_or(file, |(stem, _)| stem) == "index"
    }

    /// The folder of the file in `content/`, with a trailing `/` (empty at
    /// the top).
    pub fn dir(&self) -> &str {
        self.path.rsplit_once('/').map_or("", |(dir, _)| dir)
    }
}

/// What the renderer knows about the rest of the site.
#[derive(Clone, Debug, Default)]
pub struct Links {
    /// Every page that is built (drafts only with `--drafts`, as Hugo);
    /// empty when a post is rendered alone. Read-only: the lookups below
    /// are made from it ([`Links::new`] makes a new set).
    pub pages: Rc<Vec<PageRef>>,
    /// Where relative URLs go (`None`: left as written, as Hugo's output).
    pub resources: Option<ResourceBase>,
    /// `pages` by path, built on the first [`Links::page`] (shared by the
    /// clones), so a big site's lookups are not quadratic.
    by_path: Rc<OnceCell<HashMap<String, usize>>>,
    /// What `ref` looks pages up by, built on the first [`Links::find`]:
    /// most posts have no reference, and for a 10,000-page site these maps
    /// cost as much as parsing the whole index (so a post page without a
    /// reference never builds them).
    lookups: Rc<OnceCell<Lookups>>,
}

/// The maps behind [`Links::find`], keys `lang` NUL a lower-case lookup
/// path or short name. (One map type for all, so the app carries one hash
/// table's code.)
#[derive(Debug, Default)]
struct Lookups {
    by_ref: HashMap<String, usize>,
    /// [`AMBIGUOUS`] for a name several pages have.
    by_name: HashMap<String, usize>,
}

impl PartialEq for Links {
    /// The lookups are made from the pages, so they are not compared.
    fn eq(&self, other: &Links) -> bool {
        self.pages == other.pages && self.resources == other.resources
    }
}

/// In `Lookups::by_name`: more than one page has this name.
const AMBIGUOUS: usize = usize::MAX;

/// A lookup key: the language and a path or name.
fn lang_key(lang: &str, key: &str) -> String {
    let mut out = String::with_capacity(lang.len() + 1 + key.len());
    out.push_str(lang);
    out.push('\0');
    out.push_str(key);
    out
}

/// How a page's relative URLs are rewritten (the app, index summaries).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResourceBase {
    /// The URL the raw content folder is served at (`/content/`): a bundle's
    /// files are fetched from there.
    pub content_url: String,
    /// `ref`/`relref` give paths on the app's own origin (as `hugo server`
    /// replaces `baseURL`), not `baseURL`'s.
    pub local: bool,
}

/// What a reference resolved to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefError {
    /// The site's pages are not known (a post rendered alone).
    Unknown,
    NotFound,
    /// A short name (`index.md`) that several pages have.
    Ambiguous,
}

impl Links {
    pub fn new(pages: Vec<PageRef>, resources: Option<ResourceBase>) -> Links {
        Links {
            pages: Rc::new(pages),
            resources,
            by_path: Rc::default(),
            lookups: Rc::default(),
        }
    }

    /// The page at content path `path`, if known.
    pub fn page(&self, path: &str) -> Option<&PageRef> {
        let by_path = self.by_path.get_or_init(|| {
            self.pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.path.clone(), i))
                .collect()
        });
        by_path.get(path).and_then(|&i| self.pages.get(i))
    }

    fn lookups(&self) -> &Lookups {
        self.lookups.get_or_init(|| {
            let mut lookups = Lookups::default();
            for (i, page) in self.pages.iter().enumerate() {
                for key in page_paths(page) {
                    lookups
                        .by_ref
                        .entry(lang_key(&page.lang, &key))
                        .or_insert(i);
                }
                for name in short_names(page) {
                    let slot = lookups
                        .by_name
                        .entry(lang_key(&page.lang, &name))
                        .or_insert(i);
                    if *slot != i {
                        *slot = AMBIGUOUS;
                    }
                }
            }
            lookups
        })
    }

    /// Hugo's page lookup (`ref`, `relref`, `.GetPage`): `target` is a path
    /// in `content/` with or without its extension, a bundle's folder, or
    /// (without a leading `/`) first relative to the page `from`'s folder,
    /// then from the top, then a unique file or bundle name; case ignored;
    /// among the pages of language `lang` (else `from`'s, else the default).
    pub fn find(
        &self,
        target: &str,
        from: Option<&PageRef>,
        lang: Option<&str>,
        config: &SiteConfig,
    ) -> Result<&PageRef, RefError> {
        if self.pages.is_empty() {
            return Err(RefError::Unknown);
        }
        let lang = lang
            .map(str::to_string)
            .or_else(|| from.map(|p| p.lang.clone()))
            .unwrap_or_else(|| config.default_language.clone());
        let target = target.trim().to_lowercase();
        let target = target.trim_end_matches('/');
        let lookups = self.lookups();
        let by_path = |path: String| {
            lookups
                .by_ref
                .get(&lang_key(&lang, &path))
                .and_then(|&i| self.pages.get(i))
        };
        if target.starts_with('/') {
            return by_path(clean_path(target)).ok_or(RefError::NotFound);
        }
        if let Some(from) = from {
            let dir = from.key.rsplit_once('/').map_or("", |(dir, _)| dir);
            let dir = dir.to_lowercase();
            if let Some(page) = by_path(clean_path(&format!("/{dir}/{target}"))) {
                return Ok(page);
            }
        }
        if let Some(page) = by_path(clean_path(&format!("/{target}"))) {
            return Ok(page);
        }
        match lookups.by_name.get(&lang_key(&lang, target)) {
            Some(&AMBIGUOUS) => Err(RefError::Ambiguous),
            Some(&i) => self.pages.get(i).ok_or(RefError::NotFound),
            None => Err(RefError::NotFound),
        }
    }

    /// The pages with the same file as `page` in the other languages, in
    /// the site's language order.
    pub fn translations<'a>(&'a self, page: &PageRef, config: &SiteConfig) -> Vec<&'a PageRef> {
        // In the languages' order, without a sort (each sort is code in
        // the app's download).
        config
            .languages
            .iter()
            .filter(|l| l.lang != page.lang)
            .filter_map(|l| {
                self.pages
                    .iter()
                    .find(|p| p.key == page.key && p.lang == l.lang)
            })
            .collect()
    }

    /// How a page's relative URLs resolve, when the site asks for it.
    pub fn page_urls(&self, path: &str) -> Option<PageUrls> {
        let base = self.resources.as_ref()?;
        let page = self.page(path)?;
        Some(PageUrls {
            permalink: page.url.clone(),
            bundle: page.is_bundle().then(|| {
                let dir = page.dir();
                if dir.is_empty() {
                    String::new()
                } else {
                    format!("{dir}/")
                }
            }),
            resources: page.resources.clone(),
            content_url: base.content_url.clone(),
        })
    }
}

/// `ref`'s URL for `page` plus an optional `#fragment`: `relref` is the
/// permalink's path (under `baseURL`'s path), `ref` the whole URL; with
/// `local`, both on the app's own origin.
pub fn ref_url(
    page: &PageRef,
    fragment: &str,
    relative: bool,
    config: &SiteConfig,
    local: bool,
) -> String {
    let mut url = if local {
        page.url.clone()
    } else {
        let base = config.base_url.trim_end_matches('/');
        let (origin, path) = match base.find("://") {
            Some(i) => match base[i + 3..].find('/') {
                Some(slash) => base.split_at(i + 3 + slash),
                None => (base, ""),
            },
            None => ("", base),
        };
        if relative {
            format!("{path}{}", page.url)
        } else {
            format!("{origin}{path}{}", page.url)
        }
    };
    if !fragment.is_empty() {
        url.push('#');
        url.push_str(fragment);
    }
    url
}

/// The paths a page is found by: `/posts/x.md`, `/posts/x`, and a
/// bundle's folder `/posts/b` (all lower-case).
fn page_paths(page: &PageRef) -> impl Iterator<Item = String> {
    let key = format!("/{}", page.key.to_lowercase());
    let file_start = key.rfind('/').map_or(0, |i| i + 1);
    let stem = match key[file_start..].rfind('.') {
        Some(dot) => key[..file_start + dot].to_string(),
        None => key.clone(),
    };
    let folder = page.is_bundle().then(|| {
        key.rsplit_once('/')
            .map_or(String::new(), |(d, _)| d.to_string())
    });
    [Some(key), Some(stem), folder].into_iter().flatten()
}

/// The names a page is found by when they are unique: the file name with
/// and without its extension, and a bundle's folder name.
fn short_names(page: &PageRef) -> impl Iterator<Item = String> {
    let key = page.key.to_lowercase();
    let mut parts = key.rsplit('/');
    let file = parts.next().unwrap_or_default().to_string();
    let stem = file
        .rsplit_once('.')
        .map_or(file.clone(), |(s, _)| s.to_string());
    let folder = page
        .is_bundle()
        .then(|| parts.next().map(str::to_string))
        .flatten();
    [Some(file), Some(stem), folder].into_iter().flatten()
}

/// `/a/./b/../c` → `/a/c`, no trailing `/`.
fn clean_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Where one page's relative URLs point.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageUrls {
    /// The page's permalink path: relative URLs resolve against it, as the
    /// browser resolves them on Hugo's page.
    pub permalink: String,
    /// For a bundle, its folder in `content/` (`posts/bundle/`).
    pub bundle: Option<String>,
    /// The bundle's files, relative to its folder.
    pub resources: Vec<String>,
    /// Where the content folder is served (`/content/`).
    pub content_url: String,
}

impl PageUrls {
    /// `url` resolved, or `None` when it stays as written: absolute URLs
    /// (`/x`, `https:`, `mailto:`, `//host`), fragments and queries alone.
    pub fn resolve(&self, url: &str) -> Option<String> {
        if !is_relative(url) {
            return None;
        }
        let cut = url.find(['?', '#']).unwrap_or(url.len());
        let (path, suffix) = url.split_at(cut);
        let joined = join(&self.permalink, path);
        if let Some(dir) = &self.bundle {
            if let Some(rest) = joined.strip_prefix(self.permalink.as_str()) {
                let name = percent_decode(rest);
                if self.resources.contains(&name) {
                    return Some(format!("{}{dir}{rest}{suffix}", self.content_url));
                }
            }
        }
        Some(format!("{joined}{suffix}"))
    }
}

/// A URL with no scheme, not starting with `/`, `#` or `?`.
pub fn is_relative(url: &str) -> bool {
    let Some(first) = url.chars().next() else {
        return false;
    };
    if matches!(first, '/' | '#' | '?' | '\\') {
        return false;
    }
    // A scheme: letters, digits, `+.-`, then `:`, before any `/?#`.
    let head = url.split(['/', '?', '#']).next().unwrap_or_default();
    !(head.contains(':')
        && first.is_ascii_alphabetic()
        && head.split(':').next().is_some_and(|s| {
            s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(&b))
        }))
}

/// `base` (a directory path ending in `/`) joined with relative `path`,
/// dot segments removed; a trailing `/` kept.
fn join(base: &str, path: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {}
            ".." => {
                parts.pop();
            }
            // An empty segment stays (`a//b`, as the browser resolves it),
            // but for the last one: the trailing `/`.
            "" if i == last => {}
            s => parts.push(s),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if matches!(segments[last], "" | "." | "..") && out.len() > 1 {
        out.push('/');
    }
    out
}

/// Rewrites the `src`, `href` and `poster` attributes of the tags in raw
/// HTML with `resolve` (given the unescaped value; `None` keeps it). Only
/// those values change; everything else is copied byte for byte. A tag
/// split across two raw-HTML events is left as written.
pub fn rewrite_html_urls<'h>(
    html: &'h str,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> Cow<'h, str> {
    let bytes = html.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|p| p + i) {
        i = lt + 1;
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        // The tag name, then attributes until `>`.
        while bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
        {
            i += 1;
        }
        loop {
            while bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
            {
                i += 1;
            }
            match bytes.get(i) {
                None => break,
                Some(b'>') => {
                    i += 1;
                    break;
                }
                _ => {}
            }
            let name_start = i;
            while bytes
                .get(i)
                .is_some_and(|b| !b.is_ascii_whitespace() && !b"=>/".contains(b))
            {
                i += 1;
            }
            if i == name_start {
                i += 1; // a stray byte: skip it
                continue;
            }
            let name = &html[name_start..i];
            while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            if bytes.get(i) != Some(&b'=') {
                continue;
            }
            i += 1;
            while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            let (value_start, value_end, quoted) = match bytes.get(i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let start = i + 1;
                    let end = html[start..]
                        .find(q as char)
                        .map_or(html.len(), |p| p + start);
                    i = (end + 1).min(html.len());
                    (start, end, true)
                }
                _ => {
                    let start = i;
                    while bytes
                        .get(i)
                        .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                    {
                        i += 1;
                    }
                    (start, i, false)
                }
            };
            let is_url = ["src", "href", "poster"]
                .iter()
                .any(|n| name.eq_ignore_ascii_case(n));
            if is_url {
                let value = crate::text::unescape_html(&html[value_start..value_end]);
                if let Some(new) = resolve(&value) {
                    out.push_str(&html[copied..value_start]);
                    let flavor = if quoted {
                        crate::text::Html::Template
                    } else {
                        crate::text::Html::TemplateNospace
                    };
                    out.push_str(&crate::text::escape_html(&new, flavor));
                    copied = value_end;
                }
            }
        }
    }
    if copied == 0 {
        Cow::Borrowed(html)
    } else {
        out.push_str(&html[copied..]);
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, url: &str, lang: &str) -> PageRef {
        let config = SiteConfig::parse(
            "hugo.toml",
            "[languages.en]\nweight = 1\n[languages.fa]\nweight = 2\n",
        )
        .unwrap();
        PageRef {
            path: path.into(),
            key: config.page_language(path).1,
            url: url.into(),
            title: path.into(),
            lang: lang.into(),
            resources: Vec::new(),
        }
    }

    fn links() -> Links {
        Links::new(
            vec![
                page("posts/bundle/index.md", "/posts/bundle/", "en"),
                page("posts/bundle/index.fa.md", "/fa/posts/bundle/", "fa"),
                page("posts/other/index.md", "/posts/other/", "en"),
                page("posts/plain.md", "/posts/plain/", "en"),
                page("posts/plain.fa.md", "/fa/posts/plain/", "fa"),
                page("about.md", "/about/", "en"),
            ],
            None,
        )
    }

    /// Hugo 0.111.3 on `tests/sites/multilang` (and a page with missing
    /// references): what each `ref`/`relref` printed.
    #[test]
    fn lookup_follows_hugo() {
        let links = links();
        let config = SiteConfig::default();
        let from = links.page("posts/bundle/index.md").cloned();
        let find = |target: &str, from: Option<&PageRef>| {
            links
                .find(target, from, None, &config)
                .map(|p| p.url.as_str())
        };
        assert_eq!(find("other", from.as_ref()), Ok("/posts/other/"));
        assert_eq!(find("/posts/plain.md", from.as_ref()), Ok("/posts/plain/"));
        assert_eq!(find("plain.md", from.as_ref()), Ok("/posts/plain/"));
        assert_eq!(find("posts/bundle", None), Ok("/posts/bundle/"));
        assert_eq!(find("/posts/bundle/index.md", None), Ok("/posts/bundle/"));
        assert_eq!(find("/Posts/Plain/", None), Ok("/posts/plain/"));
        assert_eq!(find("../plain", from.as_ref()), Ok("/posts/plain/"));
        assert_eq!(find("nope", from.as_ref()), Err(RefError::NotFound));
        assert_eq!(find("index.md", None), Err(RefError::Ambiguous));
        // From a Farsi page, Farsi pages.
        let fa = links.page("posts/bundle/index.fa.md").cloned();
        assert_eq!(find("plain", fa.as_ref()), Ok("/fa/posts/plain/"));
        assert_eq!(find("other", fa.as_ref()), Err(RefError::NotFound));
        assert_eq!(
            Links::default().find("x", None, None, &config),
            Err(RefError::Unknown)
        );
    }

    /// The maps are built on first use, once for all clones (the app
    /// clones the site per render), and a path lookup builds no `ref` maps.
    #[test]
    fn lookups_are_built_on_first_use_and_shared_by_clones() {
        let links = links();
        assert!(links.by_path.get().is_none() && links.lookups.get().is_none());
        let copy = links.clone();
        assert_eq!(
            copy.page("posts/plain.md").map(|p| p.url.as_str()),
            Some("/posts/plain/")
        );
        assert!(links.by_path.get().is_some(), "the clone's map is shared");
        assert!(
            links.lookups.get().is_none(),
            "no ref maps for a path lookup"
        );
        let config = SiteConfig::default();
        assert!(links.find("plain.md", None, None, &config).is_ok());
        assert!(
            copy.lookups.get().is_some(),
            "the original's maps are shared"
        );
        assert_eq!(links, Links::new((*links.pages).clone(), None));
    }

    #[test]
    fn ref_urls_as_hugo_prints_them() {
        let config = SiteConfig::parse("hugo.toml", "baseURL = \"https://example.org/\"").unwrap();
        let links = links();
        let bundle = links.page("posts/bundle/index.md").unwrap();
        assert_eq!(
            ref_url(bundle, "sec", false, &config, false),
            "https://example.org/posts/bundle/#sec"
        );
        assert_eq!(ref_url(bundle, "", true, &config, false), "/posts/bundle/");
        let sub = SiteConfig::parse("hugo.toml", "baseURL = \"https://x.org/blog/\"").unwrap();
        assert_eq!(
            ref_url(bundle, "", true, &sub, false),
            "/blog/posts/bundle/"
        );
        assert_eq!(ref_url(bundle, "", false, &sub, true), "/posts/bundle/");
    }

    #[test]
    fn translations_share_the_file() {
        let links = links();
        let config = SiteConfig::parse(
            "hugo.toml",
            "[languages.en]\nweight = 1\n[languages.fa]\nweight = 2\n",
        )
        .unwrap();
        let en = links.page("posts/plain.md").unwrap();
        let found: Vec<&str> = links
            .translations(en, &config)
            .iter()
            .map(|p| p.url.as_str())
            .collect();
        assert_eq!(found, ["/fa/posts/plain/"]);
    }

    #[test]
    fn relative_urls_resolve_against_the_permalink_and_bundle_files() {
        let urls = PageUrls {
            permalink: "/posts/bundle/".into(),
            bundle: Some("posts/bundle/".into()),
            resources: vec!["dot.png".into(), "a b.png".into(), "img/x.jpg".into()],
            content_url: "/content/".into(),
        };
        let r = |u: &str| urls.resolve(u);
        assert_eq!(
            r("dot.png").as_deref(),
            Some("/content/posts/bundle/dot.png")
        );
        assert_eq!(
            r("./dot.png#x").as_deref(),
            Some("/content/posts/bundle/dot.png#x")
        );
        assert_eq!(
            r("a%20b.png").as_deref(),
            Some("/content/posts/bundle/a%20b.png")
        );
        assert_eq!(
            r("img/x.jpg").as_deref(),
            Some("/content/posts/bundle/img/x.jpg")
        );
        assert_eq!(r("../plain/").as_deref(), Some("/posts/plain/"));
        assert_eq!(
            r("missing.png").as_deref(),
            Some("/posts/bundle/missing.png")
        );
        assert_eq!(r(".").as_deref(), Some("/posts/bundle/"));
        for unchanged in [
            "/images/x.png",
            "https://x.org/a.png",
            "#top",
            "?q",
            "mailto:a@b",
            "//cdn/x",
            "",
        ] {
            assert_eq!(r(unchanged), None, "{unchanged}");
        }
        let plain = PageUrls {
            permalink: "/posts/plain/".into(),
            ..PageUrls::default()
        };
        assert_eq!(
            plain.resolve("x.png").as_deref(),
            Some("/posts/plain/x.png")
        );
        assert_eq!(plain.resolve("../../../x.png").as_deref(), Some("/x.png"));
    }

    #[test]
    fn raw_html_urls_are_rewritten_in_place() {
        let resolve = |u: &str| (u == "a.png").then(|| "/c/a.png".to_string());
        assert_eq!(
            rewrite_html_urls(
                "<p><img src=\"a.png\" alt=\"a.png\"> <a href='a.png' title=x>a.png</a></p>",
                &resolve
            ),
            "<p><img src=\"/c/a.png\" alt=\"a.png\"> <a href='/c/a.png' title=x>a.png</a></p>"
        );
        assert_eq!(
            rewrite_html_urls("<img src=a.png>", &resolve),
            "<img src=/c/a.png>"
        );
        assert!(matches!(
            rewrite_html_urls("<b>x</b> a < b", &resolve),
            Cow::Borrowed(_)
        ));
        // Broken tags and non-ASCII never panic.
        for html in [
            "<img src=\"a.png",
            "<img src=",
            "<é src=a.png>",
            "<a href=\"é\"",
            "<x =y>",
            "<a\u{300}",
        ] {
            let _ = rewrite_html_urls(html, &resolve);
        }
    }
}
