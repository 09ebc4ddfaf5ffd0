//! The content index: one entry per post, so the app can list, sort, tag and
//! route posts without fetching every file. `folio index CONTENT_DIR` writes
//! it as `index.json`; the app fetches it once. It also writes
//! `index-1.json` ([`FIRST_PAGE_FILE`], [`Index::first_page`]): the home
//! page's posts, the site and the number of posts, so the app shows the home
//! page of a 10,000-post site without fetching and parsing the whole index
//! (it loads `index.json` after, for every other page).
//!
//! Which posts are listed follows Hugo: drafts, posts dated in the future and
//! expired posts are left out unless asked for.

use crate::frontmatter::Date;
use crate::links::{Links, PageRef, ResourceBase};
use crate::policy::Trust;
use crate::render::{render_page, LocatedDiagnostic};
use crate::routes::Taxonomy;
use crate::site::SiteConfig;
use crate::site::{Site, SiteFiles};
use crate::text::urlize;

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    /// The post file, relative to the content directory (`posts/x.md`).
    pub path: String,
    /// The last path segment of `url`.
    pub slug: String,
    /// Where the post lives in the app, Hugo-style (`/posts/x/`).
    pub url: String,
    pub title: String,
    /// RFC 3339, or empty for an undated post.
    pub date: String,
    pub lastmod: String,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub aliases: Vec<String>,
    /// Rendered HTML.
    pub summary: String,
    pub truncated: bool,
    pub word_count: usize,
    /// Minutes, as Hugo counts them (213 words a minute, rounded up).
    pub reading_time: usize,
    pub draft: bool,
    pub description: String,
    /// The page's language code, on a site with `languages` (else empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lang: String,
    /// The file's path without its language (`posts/x.md` for
    /// `posts/x.fa.md`), when it differs from `path`: translations share it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key: String,
    /// A page bundle's files (`dot.png`), relative to its folder; Hugo
    /// publishes them beside the page (`/posts/bundle/dot.png`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<String>,
}

impl Entry {
    /// The file's path without its language: translations share it.
    pub fn key(&self) -> &str {
        if self.key.is_empty() {
            &self.path
        } else {
            &self.key
        }
    }

    /// The entry as references see it.
    pub fn page_ref(&self, default_language: &str) -> PageRef {
        PageRef {
            path: self.path.clone(),
            key: self.key().to_string(),
            url: self.url.clone(),
            title: self.title.clone(),
            lang: if self.lang.is_empty() {
                default_language.to_string()
            } else {
                self.lang.clone()
            },
            resources: self.resources.clone(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Index {
    pub posts: Vec<Entry>,
    /// The site's configuration and shortcode templates, so the app renders
    /// posts exactly as `folio render --site` does.
    #[serde(default)]
    pub site: SiteFiles,
    /// Set in a first page ([`Index::first_page`]): how many posts the whole
    /// index has. `None` in the whole index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<usize>,
}

/// The first page's file name, next to `index.json`.
pub const FIRST_PAGE_FILE: &str = "index-1.json";

/// What a URL path points at in the index.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Lookup<'a> {
    Post(usize, &'a Entry),
    /// An alias of a post: the app redirects to the post's URL.
    Alias(&'a Entry),
    Missing,
}

impl Index {
    /// The home page's share of the index: the first
    /// [`crate::routes::PAGE_SIZE`] posts, the site, and `total`.
    pub fn first_page(&self) -> Index {
        Index {
            posts: self
                .posts
                .iter()
                .take(crate::routes::PAGE_SIZE)
                .cloned()
                .collect(),
            site: self.site.clone(),
            total: Some(self.len()),
        }
    }

    /// What references and relative URLs in the app resolve against: these
    /// posts, their files under `content_url`, links on the app's origin.
    pub fn links(&self, config: &SiteConfig, content_url: &str) -> Links {
        Links::new(
            self.posts
                .iter()
                .map(|e| e.page_ref(&config.default_language))
                .collect(),
            Some(ResourceBase {
                content_url: content_url.to_string(),
                local: true,
            }),
        )
    }

    /// The posts of language `lang` (all of them on a one-language site).
    pub fn in_language(&self, lang: &str, config: &SiteConfig) -> Index {
        if !config.is_multilingual() {
            return self.clone();
        }
        let of =
            |e: &Entry| e.lang == lang || (e.lang.is_empty() && lang == config.default_language);
        let posts: Vec<Entry> = self.posts.iter().filter(|e| of(e)).cloned().collect();
        Index {
            total: self.total.map(|_| posts.len()),
            posts,
            site: self.site.clone(),
        }
    }

    /// The other languages' versions of `entry`, in the site's language
    /// order.
    pub fn translations(&self, entry: &Entry, config: &SiteConfig) -> Vec<&Entry> {
        config
            .languages
            .iter()
            .filter(|l| l.lang != entry.lang)
            .filter_map(|l| {
                self.posts
                    .iter()
                    .find(|e| e.key() == entry.key() && e.lang == l.lang)
            })
            .collect()
    }

    /// How many posts the whole index has (also from a first page).
    pub fn len(&self) -> usize {
        self.total.unwrap_or(self.posts.len())
    }

    /// Whether the index has no posts.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether this is only a first page ([`Index::first_page`]).
    pub fn is_partial(&self) -> bool {
        self.total.is_some_and(|t| t > self.posts.len())
    }

    /// The post at `path` (normalised, `/posts/x/`), or the post that lists
    /// `path` among its aliases.
    pub fn lookup(&self, path: &str) -> Lookup<'_> {
        let path = crate::routes::normalise(path);
        if let Some((i, entry)) = self
            .posts
            .iter()
            .enumerate()
            .find(|(_, e)| crate::routes::normalise(&e.url) == path)
        {
            return Lookup::Post(i, entry);
        }
        self.posts
            .iter()
            .find(|e| {
                e.aliases
                    .iter()
                    .any(|a| crate::routes::normalise(a) == path)
            })
            .map_or(Lookup::Missing, Lookup::Alias)
    }

    /// The newer and the older neighbour of post `i` (the list is newest
    /// first) in its own language (on a one-language site, the posts next
    /// to it).
    pub fn neighbours(&self, i: usize) -> (Option<&Entry>, Option<&Entry>) {
        let Some(entry) = self.posts.get(i) else {
            return (None, None);
        };
        let same = |e: &&Entry| e.lang == entry.lang;
        (
            self.posts[..i].iter().rev().find(same),
            self.posts[i + 1..].iter().find(same),
        )
    }

    /// Every term of a taxonomy with its number of posts, by name.
    pub fn terms(&self, taxonomy: Taxonomy) -> Vec<(String, usize)> {
        let mut counts: std::collections::BTreeMap<String, (String, usize)> = Default::default();
        for entry in &self.posts {
            for term in terms_of(entry, taxonomy) {
                let slot = counts
                    .entry(urlize(term))
                    .or_insert_with(|| (term.clone(), 0));
                slot.1 += 1;
            }
        }
        counts.into_values().collect()
    }

    /// The posts with `term` (as written, or as in its URL), newest first;
    /// and the term as the authors wrote it.
    pub fn with_term(&self, taxonomy: Taxonomy, term: &str) -> (Option<String>, Vec<&Entry>) {
        let key = urlize(term);
        let mut name = None;
        let posts = self
            .posts
            .iter()
            .filter(|e| {
                terms_of(e, taxonomy).any(|t| {
                    let hit = urlize(t) == key;
                    if hit && name.is_none() {
                        name = Some(t.clone());
                    }
                    hit
                })
            })
            .collect();
        (name, posts)
    }
}

fn terms_of(entry: &Entry, taxonomy: Taxonomy) -> impl Iterator<Item = &String> {
    match taxonomy {
        Taxonomy::Tags => entry.tags.iter(),
        Taxonomy::Categories => entry.categories.iter(),
    }
}

/// Which posts to leave out, as Hugo's `--buildDrafts` & co.
#[derive(Clone, Copy, Debug, Default)]
pub struct Include {
    pub drafts: bool,
    pub future: bool,
    pub expired: bool,
}

/// One file's problems, for the CLI to print.
pub struct FileDiagnostics {
    pub path: String,
    pub diagnostics: Vec<LocatedDiagnostic>,
}

/// Whether a post with this front matter is built, as Hugo decides.
fn is_built(fm: &crate::frontmatter::FrontMatter, include: Include, now: &Date) -> bool {
    let publish = fm.publish_date.as_ref().or(fm.date.as_ref());
    let left_out = (fm.draft && !include.drafts)
        || (!include.future && publish.is_some_and(|d| d > now))
        || (!include.expired && fm.expiry_date.as_ref().is_some_and(|d| d <= now));
    !left_out
}

/// The site's pages as references see them, from the front matter alone
/// (no rendering): `files` are the posts as for [`build`], `resources`
/// every other file of `content/` (paths relative to it), handed to the
/// page bundles that hold them. Pages that are not built are left out.
pub fn pages(
    files: &[(String, String)],
    resources: &[String],
    config: &SiteConfig,
    include: Include,
    now: &Date,
) -> Vec<PageRef> {
    let mut pages = Vec::new();
    for (path, text) in files {
        let fm = match crate::frontmatter::parse(text) {
            Ok(doc) => doc.front_matter,
            Err(_) => crate::frontmatter::FrontMatter::default(),
        };
        if !is_built(&fm, include, now) {
            continue;
        }
        let (lang, key) = config.page_language(path);
        let url = language_permalink(config, &lang, &key, fm.slug.as_deref(), fm.url.as_deref());
        let mut page = PageRef {
            path: path.clone(),
            key,
            url,
            title: fm.title.clone().unwrap_or_default(),
            lang,
            resources: Vec::new(),
        };
        if page.is_bundle() {
            let dir = format!("{}/", page.dir());
            let dir = if dir == "/" { String::new() } else { dir };
            page.resources = resources
                .iter()
                .filter_map(|r| r.strip_prefix(dir.as_str()))
                .map(str::to_string)
                .collect();
        }
        pages.push(page);
    }
    pages
}

/// A page's permalink in its language: `/fa/posts/x/` (no prefix for the
/// default language unless `defaultContentLanguageInSubdir`; a front
/// matter `url` as written).
pub fn language_permalink(
    config: &SiteConfig,
    lang: &str,
    key: &str,
    slug: Option<&str>,
    url: Option<&str>,
) -> String {
    let link = permalink(key, slug, url);
    if url.is_some_and(|u| !u.is_empty()) {
        return link;
    }
    format!("{}{link}", config.language_prefix(lang))
}

/// Builds the index from `(path relative to content, file text)` pairs.
/// Posts come out newest first (undated last), then by title. References
/// resolve against `site.links` (else against these files' pages).
pub fn build(
    files: &[(String, String)],
    site: &Site,
    include: Include,
    now: &Date,
) -> (Index, Vec<FileDiagnostics>) {
    build_with(files, site, include, now, Trust::Site)
}

/// [`build`] for posts of the given trust: with [`Trust::Untrusted`] every
/// summary is rendered under the untrusted policy (raw HTML through the
/// sanitiser, script URLs dropped, no inline shortcodes), so the index
/// carries nothing that runs script even to a reader that trusts it.
pub fn build_with(
    files: &[(String, String)],
    site: &Site,
    include: Include,
    now: &Date,
    trust: Trust,
) -> (Index, Vec<FileDiagnostics>) {
    let known;
    let site = if site.links.pages.is_empty() {
        let mut with_pages = site.clone();
        with_pages.links = Links::new(
            pages(files, &[], &site.config, include, now),
            site.links.resources.clone(),
        );
        known = with_pages;
        &known
    } else {
        site
    };
    let multilingual = site.config.is_multilingual();
    let mut posts = Vec::new();
    let mut problems = Vec::new();
    for (path, text) in files {
        let post = render_page(text, site, trust, Some(path));
        if !post.diagnostics.is_empty() {
            problems.push(FileDiagnostics {
                path: path.clone(),
                diagnostics: post.diagnostics.clone(),
            });
        }
        let fm = &post.front_matter;
        if !is_built(fm, include, now) {
            continue;
        }
        let (lang, key) = site.config.page_language(path);
        let page = site.links.page(path);
        let url = language_permalink(
            &site.config,
            &lang,
            &key,
            fm.slug.as_deref(),
            fm.url.as_deref(),
        );
        posts.push(Entry {
            path: path.clone(),
            slug: url
                .trim_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string(),
            url,
            title: fm.title.clone().unwrap_or_default(),
            date: fm.date.as_ref().map(Date::to_rfc3339).unwrap_or_default(),
            lastmod: fm
                .lastmod
                .as_ref()
                .map(Date::to_rfc3339)
                .unwrap_or_default(),
            tags: fm.tags.clone(),
            categories: fm.categories.clone(),
            aliases: fm.aliases.clone(),
            summary: post.summary.clone(),
            truncated: post.truncated,
            word_count: post.word_count,
            reading_time: post.reading_time(),
            draft: fm.draft,
            description: fm.description.clone().unwrap_or_default(),
            lang: if multilingual { lang } else { String::new() },
            key: if key != *path { key } else { String::new() },
            resources: page.map(|p| p.resources.clone()).unwrap_or_default(),
        });
    }
    sort(&mut posts);
    (
        Index {
            posts,
            site: SiteFiles::default(),
            total: None,
        },
        problems,
    )
}

/// Puts posts in the index's order: newest first (undated last), then by
/// title. [`build`] does; a caller that builds an index in parts (the CLI,
/// one part a core) sorts the joined posts again.
pub fn sort(posts: &mut [Entry]) {
    posts.sort_by(|a, b| {
        let undated = |e: &Entry| e.date.is_empty();
        undated(a)
            .cmp(&undated(b))
            .then_with(|| sort_key(&b.date).cmp(&sort_key(&a.date)))
            .then_with(|| a.title.cmp(&b.title))
    });
}

/// Minutes to read `words` words, as Hugo counts them (213 a minute,
/// rounded up, at least one).
pub fn reading_time(words: usize) -> usize {
    words.div_ceil(213).max(1)
}

fn sort_key(date: &str) -> Option<Date> {
    Date::parse(date)
}

/// Hugo's default permalink: `url` as given, else the section plus the slug
/// (or the file name, or the bundle's folder for `index.md`), lower-cased.
pub fn permalink(path: &str, slug: Option<&str>, url: Option<&str>) -> String {
    if let Some(url) = url.filter(|u| !u.is_empty()) {
        let mut url = url.to_string();
        if !url.starts_with('/') {
            url.insert(0, '/');
        }
        return url;
    }
    let path = path.trim_start_matches('/');
    let mut parts: Vec<&str> = path.split('/').collect();
    let file = parts.pop().unwrap_or_default();
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let name = match slug.filter(|s| !s.is_empty()) {
        Some(slug) => slug.to_string(),
        None if stem == "index" || stem == "_index" => parts.pop().unwrap_or_default().to_string(),
        None => stem.to_string(),
    };
    let mut url = String::from("/");
    for part in parts.iter().chain(std::iter::once(&name.as_str())) {
        if !part.is_empty() {
            url.push_str(&urlize(part));
            url.push('/');
        }
    }
    url
}

/// Term URLs: `/tags/<term>/`, Hugo's urlized term (`node.js` stays
/// `node.js`, as on a Hugo site).
pub fn term_url(taxonomy: &str, term: &str) -> String {
    format!("/{taxonomy}/{}/", urlize(term))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Date {
        Date::parse("2026-01-01T00:00:00Z").unwrap()
    }

    #[test]
    fn permalinks_follow_hugo() {
        assert_eq!(
            permalink("posts/2017-05-28-pyconweb-may17.md", None, None),
            "/posts/2017-05-28-pyconweb-may17/"
        );
        assert_eq!(
            permalink("posts/a.md", Some("nice-slug"), None),
            "/posts/nice-slug/"
        );
        assert_eq!(
            permalink("posts/bundle/index.md", None, None),
            "/posts/bundle/"
        );
        assert_eq!(
            permalink("posts/a.md", None, Some("/custom/place/")),
            "/custom/place/"
        );
        assert_eq!(permalink("posts/My Post.md", None, None), "/posts/my-post/");
    }

    #[test]
    fn drafts_future_and_expired_are_left_out_by_default() {
        let files = vec![
            (
                "posts/old.md".to_string(),
                "+++\ntitle = \"Old\"\ndate = 2020-01-01\n+++\nx\n".to_string(),
            ),
            (
                "posts/new.md".to_string(),
                "+++\ntitle = \"New\"\ndate = 2021-01-01\n+++\nx\n".to_string(),
            ),
            (
                "posts/draft.md".to_string(),
                "+++\ntitle = \"D\"\ndraft = true\n+++\nx\n".to_string(),
            ),
            (
                "posts/future.md".to_string(),
                "+++\ntitle = \"F\"\ndate = 2099-01-01\n+++\nx\n".to_string(),
            ),
            (
                "posts/gone.md".to_string(),
                "+++\ntitle = \"G\"\nexpiryDate = 2021-01-01\n+++\nx\n".to_string(),
            ),
        ];
        let (index, _) = build(&files, &Site::default(), Include::default(), &now());
        let titles: Vec<&str> = index.posts.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles, ["New", "Old"]);
        let all = Include {
            drafts: true,
            future: true,
            expired: true,
        };
        let (index, _) = build(&files, &Site::default(), all, &now());
        assert_eq!(index.posts.len(), 5);
        assert_eq!(index.posts[0].title, "F");
    }

    fn sample() -> Index {
        let files = vec![
            ("posts/a.md".to_string(), "+++\ntitle = \"A\"\ndate = 2020-01-01\ntags = [\"Rust\", \"Web Dev\"]\n+++\nx\n".to_string()),
            ("posts/b.md".to_string(), "+++\ntitle = \"B\"\ndate = 2021-01-01\ntags = [\"rust\"]\naliases = [\"/old/b\"]\n+++\nx\n".to_string()),
        ];
        build(&files, &Site::default(), Include::default(), &now()).0
    }

    #[test]
    fn lookup_finds_posts_and_aliases() {
        let index = sample();
        assert!(matches!(index.lookup("/posts/a"), Lookup::Post(1, e) if e.title == "A"));
        assert!(matches!(index.lookup("/old/b/"), Lookup::Alias(e) if e.url == "/posts/b/"));
        assert_eq!(index.lookup("/nope/"), Lookup::Missing);
        let (newer, older) = index.neighbours(0);
        assert!(newer.is_none());
        assert_eq!(older.map(|e| e.title.as_str()), Some("A"));
    }

    #[test]
    fn translations_and_neighbours_stay_in_their_language() {
        let config = "[languages.en]\nweight = 1\n[languages.fa]\nweight = 2\n";
        let site = SiteFiles {
            config: Some(("hugo.toml".into(), config.into())),
            ..SiteFiles::default()
        }
        .to_site()
        .unwrap();
        let post = |path: &str, date: &str| {
            (
                path.to_string(),
                format!("+++\ntitle = \"{path}\"\ndate = {date}\n+++\nx\n"),
            )
        };
        let files = vec![
            post("posts/a.md", "2020-01-03"),
            post("posts/a.fa.md", "2020-01-03"),
            post("posts/b.fa.md", "2020-01-02"),
            post("posts/c.md", "2020-01-01"),
        ];
        let (index, _) = build(&files, &site, Include::default(), &now());
        let at = |path: &str| index.posts.iter().position(|e| e.path == path).unwrap();
        let a = &index.posts[at("posts/a.md")];
        assert_eq!(
            (a.url.as_str(), a.lang.as_str(), a.key()),
            ("/posts/a/", "en", "posts/a.md")
        );
        let fa = &index.posts[at("posts/a.fa.md")];
        assert_eq!(
            (fa.url.as_str(), fa.lang.as_str(), fa.key()),
            ("/fa/posts/a/", "fa", "posts/a.md")
        );
        let urls = |v: Vec<&Entry>| v.iter().map(|e| e.url.clone()).collect::<Vec<_>>();
        assert_eq!(urls(index.translations(a, &site.config)), ["/fa/posts/a/"]);
        assert_eq!(urls(index.translations(fa, &site.config)), ["/posts/a/"]);
        let (newer, older) = index.neighbours(at("posts/a.md"));
        assert_eq!(
            (newer, older.map(|e| e.path.as_str())),
            (None, Some("posts/c.md"))
        );
        let (_, older) = index.neighbours(at("posts/a.fa.md"));
        assert_eq!(older.map(|e| e.path.as_str()), Some("posts/b.fa.md"));
        let fa_only = index.in_language("fa", &site.config);
        assert_eq!(fa_only.posts.len(), 2);
        assert_eq!(index.in_language("en", &site.config).posts.len(), 2);
    }

    #[test]
    fn first_page_keeps_the_newest_posts_and_the_total() {
        let files: Vec<(String, String)> = (0..25)
            .map(|i| {
                (
                    format!("posts/p{i:02}.md"),
                    format!(
                        "+++\ntitle = \"P{i:02}\"\ndate = 2020-01-{:02}\n+++\nx\n",
                        i + 1
                    ),
                )
            })
            .collect();
        let (index, _) = build(&files, &Site::default(), Include::default(), &now());
        assert!(!index.is_partial());
        let first = index.first_page();
        assert_eq!(first.posts.len(), crate::routes::PAGE_SIZE);
        assert_eq!(first.posts[0].title, "P24");
        assert_eq!((first.len(), first.total), (25, Some(25)));
        assert!(first.is_partial());
        let json = serde_json::to_string(&first).unwrap();
        assert_eq!(serde_json::from_str::<Index>(&json).unwrap(), first);
        // The whole index has no `total`, and a small site's first page is whole.
        assert!(!serde_json::to_string(&index).unwrap().contains("\"total\""));
        assert!(!sample().first_page().is_partial());
    }

    #[test]
    fn terms_are_counted_case_insensitively() {
        let index = sample();
        assert_eq!(
            index.terms(Taxonomy::Tags),
            [("rust".to_string(), 2), ("Web Dev".to_string(), 1)]
        );
        let (name, posts) = index.with_term(Taxonomy::Tags, "web-dev");
        assert_eq!(name.as_deref(), Some("Web Dev"));
        assert_eq!(posts.len(), 1);
        assert!(index.with_term(Taxonomy::Categories, "x").1.is_empty());
    }

    #[test]
    fn example_post_entry() {
        let text = crate::testdata::EXAMPLE;
        let files = vec![(
            "posts/2017-05-28-pyconweb-may17.md".to_string(),
            text.to_string(),
        )];
        let (index, problems) = build(&files, &Site::default(), Include::default(), &now());
        assert!(problems.is_empty());
        let entry = &index.posts[0];
        assert_eq!(entry.slug, "2017-05-28-pyconweb-may17");
        assert_eq!(entry.title, "PyconWeb - May'17");
        assert!(entry.date.starts_with("2017-05-28T18:34:25"));
        assert!(entry.truncated);
        assert_eq!(entry.reading_time, 2);
    }
}
