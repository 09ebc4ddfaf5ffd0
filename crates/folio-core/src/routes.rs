//! The app's URLs, as plain data: parsing and printing them is core logic,
//! tested natively; the browser shell only feeds it `location.pathname`.

/// Posts per page on the home page.
pub const PAGE_SIZE: usize = 10;

/// A taxonomy the app has pages for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Taxonomy {
    Tags,
    Categories,
}

impl Taxonomy {
    pub fn path(self) -> &'static str {
        match self {
            Taxonomy::Tags => "tags",
            Taxonomy::Categories => "categories",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Taxonomy::Tags => "Tags",
            Taxonomy::Categories => "Categories",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The post list; pages count from 1 (`/`, `/page/2/`).
    Home { page: usize },
    /// Every term of a taxonomy with its post count (`/tags/`).
    Terms(Taxonomy),
    /// The posts of one term (`/tags/python/`, `/tags/python/page/2/`);
    /// the term as in the URL; pages count from 1.
    Term {
        taxonomy: Taxonomy,
        term: String,
        page: usize,
    },
    /// The author's editor on a post file, by its path in the content
    /// directory (`/edit/posts/x.md` edits `posts/x.md`).
    Edit { path: String },
    /// The author's editor on a new post (`/new`).
    New,
    /// Anything else: a post's URL (`/posts/slug/`, or a custom `url`), an
    /// alias, or nothing at all (the app decides with the index).
    Page { path: String },
}

impl Route {
    /// Parses a URL path (no query or fragment). Paths are normalised to end
    /// in `/`, as Hugo's pretty URLs do. (Never inlined: the app calls it
    /// from two places, and one copy is smaller to download.)
    #[inline(never)]
    pub fn parse(path: &str) -> Route {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let segments: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(percent_decode)
            .collect();
        let taxonomy = |s: &str| match s {
            "tags" => Some(Taxonomy::Tags),
            "categories" => Some(Taxonomy::Categories),
            _ => None,
        };
        match segments.as_slice() {
            [] => Route::Home { page: 1 },
            [page, n] if page == "page" => match n.parse::<usize>() {
                Ok(n) if n >= 1 => Route::Home { page: n },
                _ => Route::Page {
                    path: normalise(path),
                },
            },
            [edit, rest @ ..] if edit == "edit" && !rest.is_empty() => Route::Edit {
                path: rest.join("/"),
            },
            [new] if new == "new" => Route::New,
            [t] if taxonomy(t).is_some() => Route::Terms(taxonomy(t).unwrap_or(Taxonomy::Tags)),
            [t, term] if taxonomy(t).is_some() => Route::Term {
                taxonomy: taxonomy(t).unwrap_or(Taxonomy::Tags),
                term: term.clone(),
                page: 1,
            },
            [t, term, page, n] if taxonomy(t).is_some() && page == "page" => {
                match n.parse::<usize>() {
                    Ok(n) if n >= 1 => Route::Term {
                        taxonomy: taxonomy(t).unwrap_or(Taxonomy::Tags),
                        term: term.clone(),
                        page: n,
                    },
                    _ => Route::Page {
                        path: normalise(path),
                    },
                }
            }
            _ => Route::Page {
                path: normalise(path),
            },
        }
    }

    pub fn to_path(&self) -> String {
        match self {
            Route::Home { page: 1 } => "/".to_string(),
            Route::Home { page } => format!("/page/{page}/"),
            Route::Terms(t) => format!("/{}/", t.path()),
            Route::Term {
                taxonomy,
                term,
                page: 1,
            } => format!("/{}/{}/", taxonomy.path(), term),
            Route::Term {
                taxonomy,
                term,
                page,
            } => format!("/{}/{}/page/{page}/", taxonomy.path(), term),
            Route::Edit { path } => format!("/edit/{path}"),
            Route::New => "/new".to_string(),
            Route::Page { path } => path.clone(),
        }
    }
}

/// A path under a language's prefix (`/fa/tags/x/` on a site with `fa`):
/// the language and the path without the prefix (`/tags/x/`). `None` for
/// the default language's paths (no prefix unless
/// `defaultContentLanguageInSubdir`) and on a one-language site.
pub fn split_language(path: &str, config: &crate::site::SiteConfig) -> Option<(String, String)> {
    if !config.is_multilingual() {
        return None;
    }
    let trimmed = path.trim_start_matches('/');
    let (first, rest) = trimmed.split_once('/').unwrap_or((trimmed, ""));
    let language = config.language(first)?;
    if config.language_prefix(&language.lang).is_empty() {
        return None;
    }
    Some((language.lang.clone(), format!("/{rest}")))
}

/// `/posts/x` and `/posts/x/` are the same page.
pub fn normalise(path: &str) -> String {
    let mut out = String::from("/");
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        out.push_str(segment);
        out.push('/');
    }
    out
}

/// Decodes `%XX` escapes in a URL path; malformed escapes stay as written
/// and invalid UTF-8 becomes U+FFFD (the `percent-encoding` crate, which the
/// app's HTTP stack already links, so it costs no wasm).
#[inline(never)]
pub fn percent_decode(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8_lossy()
        .into_owned()
}

/// Which posts one page of a list shows, and whether there are more.
pub fn paginate(total: usize, page: usize) -> Option<(std::ops::Range<usize>, usize)> {
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    if page == 0 || page > pages {
        return None;
    }
    let start = (page - 1) * PAGE_SIZE;
    Some((start..(start + PAGE_SIZE).min(total), pages))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_routes() {
        let edit = Route::parse("/edit/posts/2017-05-28-pyconweb-may17.md");
        assert_eq!(
            edit,
            Route::Edit {
                path: "posts/2017-05-28-pyconweb-may17.md".to_string()
            }
        );
        assert_eq!(Route::parse(&edit.to_path()), edit);
        assert_eq!(
            Route::parse("/edit/posts/caf%C3%A9.md").to_path(),
            "/edit/posts/café.md"
        );
        assert_eq!(Route::parse("/new"), Route::New);
        assert_eq!(Route::parse("/new/"), Route::New);
        assert!(matches!(Route::parse("/edit/"), Route::Page { .. }));
    }

    #[test]
    fn parses_every_kind_of_route() {
        assert_eq!(Route::parse("/"), Route::Home { page: 1 });
        assert_eq!(Route::parse("/page/3/"), Route::Home { page: 3 });
        assert_eq!(Route::parse("/tags/"), Route::Terms(Taxonomy::Tags));
        assert_eq!(
            Route::parse("/categories"),
            Route::Terms(Taxonomy::Categories)
        );
        assert_eq!(
            Route::parse("/tags/web%20dev/"),
            Route::Term {
                taxonomy: Taxonomy::Tags,
                term: "web dev".into(),
                page: 1,
            }
        );
        assert_eq!(
            Route::parse("/categories/python/page/3/"),
            Route::Term {
                taxonomy: Taxonomy::Categories,
                term: "python".into(),
                page: 3,
            }
        );
        assert_eq!(
            Route::parse("/categories/python/page/3/").to_path(),
            "/categories/python/page/3/"
        );
        assert_eq!(
            Route::parse("/tags/python/page/0/"),
            Route::Page {
                path: "/tags/python/page/0/".into()
            }
        );
        assert_eq!(
            Route::parse("/posts/x"),
            Route::Page {
                path: "/posts/x/".into()
            }
        );
        assert_eq!(
            Route::parse("/page/zero/"),
            Route::Page {
                path: "/page/zero/".into()
            }
        );
        assert_eq!(
            Route::parse("/posts/x/?q=1#top"),
            Route::Page {
                path: "/posts/x/".into()
            }
        );
    }

    #[test]
    fn routes_print_back_to_their_paths() {
        for path in [
            "/",
            "/page/2/",
            "/tags/",
            "/categories/news/",
            "/posts/hello/",
        ] {
            assert_eq!(Route::parse(path).to_path(), path);
        }
    }

    #[test]
    fn pagination_bounds() {
        assert_eq!(paginate(0, 1), Some((0..0, 1)));
        assert_eq!(paginate(25, 3), Some((20..25, 3)));
        assert_eq!(paginate(25, 4), None);
        assert_eq!(paginate(25, 0), None);
    }

    #[test]
    fn language_prefixes() {
        let config = crate::site::SiteConfig::parse(
            "hugo.toml",
            "[languages.en]\nweight = 1\n[languages.fa]\nweight = 2\n",
        )
        .unwrap();
        assert_eq!(
            split_language("/fa/tags/x/", &config),
            Some(("fa".to_string(), "/tags/x/".to_string()))
        );
        assert_eq!(
            split_language("/fa", &config),
            Some(("fa".to_string(), "/".to_string()))
        );
        assert_eq!(split_language("/en/tags/", &config), None);
        assert_eq!(split_language("/fashion/", &config), None);
        assert_eq!(
            split_language("/fa/", &crate::site::SiteConfig::default()),
            None
        );
        let subdir = crate::site::SiteConfig::parse(
            "hugo.toml",
            "defaultContentLanguageInSubdir = true\n[languages.en]\nweight = 1\n[languages.fa]\nweight = 2\n",
        )
        .unwrap();
        assert_eq!(
            split_language("/en/page/2/", &subdir),
            Some(("en".to_string(), "/page/2/".to_string()))
        );
    }

    #[test]
    fn bad_percent_escapes_are_kept() {
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%C3%A9"), "é");
    }
}
