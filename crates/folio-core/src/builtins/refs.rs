//! The `ref` and `relref` built-ins: the URL of another page of the site,
//! found with Hugo's lookup rules ([`crate::links::Links::find`]) among the
//! pages Folio knows (the app's index, `folio index`, `folio serve`,
//! `folio render --site` with the site's `content/`).
//!
//! A missing page is Hugo's `REF_NOT_FOUND`: an error, or a warning with
//! `refLinksErrorLevel = "WARNING"`, and the site's `refLinksNotFoundURL`
//! (Hugo's default: empty). A post rendered alone knows no other page: its
//! references give the not-found URL when the site sets one, else an error.

use crate::links::{ref_url, Links, PageRef, RefError};
use crate::shortcode::{Params, Value};
use crate::site::SiteConfig;
use crate::text;

/// What a reference became.
#[derive(Debug, PartialEq)]
pub struct Resolved {
    /// The URL, escaped for HTML.
    pub html: String,
    /// Why the page was not found (a diagnostic, error or warning as the
    /// site says), if it was not.
    pub problem: Option<Problem>,
}

#[derive(Debug, PartialEq)]
pub struct Problem {
    pub message: String,
    /// `refLinksErrorLevel = "WARNING"`.
    pub warning: bool,
}

/// `{{< ref "path" >}}` / `{{< relref path="…" lang="fa" >}}` from page `from`.
pub fn render(
    name: &str,
    params: &Params,
    config: &SiteConfig,
    links: &Links,
    from: Option<&PageRef>,
) -> Result<Resolved, String> {
    let target = params
        .get_index(0)
        .or_else(|| params.get("path"))
        .map(Value::as_string)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            format!("{name} shortcode needs a path, e.g. {{{{< {name} \"posts/hello.md\" >}}}}")
        })?;
    let lang = params.get("lang").map(Value::as_string);
    let relative = name == "relref";
    let (path, fragment) = target.split_once('#').unwrap_or((&target, ""));
    let local = links.resources.as_ref().is_some_and(|r| r.local);
    let found = if path.is_empty() {
        // `#anchor` alone: on this page.
        return Ok(Resolved {
            html: text::html_template(&format!("#{fragment}")),
            problem: None,
        });
    } else {
        links.find(path, from, lang.as_deref(), config)
    };
    let not_found = config.ref_links_not_found_url.clone().unwrap_or_default();
    let problem = |why: &str| Problem {
        message: format!("REF_NOT_FOUND: Ref {target:?}: {why}"),
        warning: config.ref_links_warning,
    };
    Ok(match found {
        Ok(page) => Resolved {
            html: text::html_template(&ref_url(page, fragment, relative, config, local)),
            problem: None,
        },
        Err(RefError::Unknown) if config.ref_links_not_found_url.is_some() => Resolved {
            html: text::html_template(&not_found),
            problem: None,
        },
        Err(RefError::Unknown) => Resolved {
            html: String::new(),
            problem: Some(Problem {
                message: format!(
                    "{name} {target:?}: page not found (Folio renders this post alone: give it the site's content, or set refLinksNotFoundURL)"
                ),
                warning: false,
            }),
        },
        Err(RefError::NotFound) => Resolved {
            html: text::html_template(&not_found),
            problem: Some(problem("page not found")),
        },
        Err(RefError::Ambiguous) => Resolved {
            html: text::html_template(&not_found),
            problem: Some(problem("more than one page has this name")),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::positional;
    use super::*;

    fn links() -> Links {
        let page = |path: &str, url: &str| PageRef {
            path: path.into(),
            key: path.into(),
            url: url.into(),
            title: path.into(),
            lang: "en".into(),
            resources: Vec::new(),
        };
        Links::new(
            vec![
                page("posts/bundle/index.md", "/posts/bundle/"),
                page("posts/plain.md", "/posts/plain/"),
            ],
            None,
        )
    }

    #[test]
    fn alone_it_is_the_not_found_url_or_an_error() {
        let config = SiteConfig {
            ref_links_not_found_url: Some("#REF_NOT_FOUND".into()),
            ..SiteConfig::default()
        };
        let none = Links::default();
        let got = render("ref", &positional(&["about.md"]), &config, &none, None).unwrap();
        assert_eq!(got.html, "#REF_NOT_FOUND");
        assert!(got.problem.is_none());
        let got = render(
            "relref",
            &positional(&["about.md"]),
            &SiteConfig::default(),
            &none,
            None,
        )
        .unwrap();
        assert!(got.problem.unwrap().message.contains("page not found"));
    }

    /// What Hugo 0.111.3 printed for these on `tests/sites/multilang`
    /// (`baseURL = "https://example.org/"`).
    #[test]
    fn against_the_site_as_hugo() {
        let config =
            SiteConfig::parse("hugo.toml", "baseURL = \"https://example.org/\"\n").unwrap();
        let links = links();
        let from = links.page("posts/bundle/index.md");
        let r = |name: &str, target: &str| {
            render(name, &positional(&[target]), &config, &links, from).unwrap()
        };
        assert_eq!(
            r("ref", "posts/bundle#sec").html,
            "https://example.org/posts/bundle/#sec"
        );
        assert_eq!(r("relref", "/posts/plain.md").html, "/posts/plain/");
        assert_eq!(
            r("relref", "plain.md#a-section").html,
            "/posts/plain/#a-section"
        );
        assert_eq!(r("relref", "#here").html, "#here");
        let missing = r("relref", "nope");
        assert_eq!(missing.html, "");
        let problem = missing.problem.unwrap();
        assert_eq!(
            problem.message,
            "REF_NOT_FOUND: Ref \"nope\": page not found"
        );
        assert!(!problem.warning);
        let warn = SiteConfig::parse(
            "hugo.toml",
            "refLinksErrorLevel = \"warning\"\nrefLinksNotFoundURL = \"/404\"",
        )
        .unwrap();
        let got = render("ref", &positional(&["nope"]), &warn, &links, from).unwrap();
        assert_eq!(got.html, "/404");
        assert!(got.problem.unwrap().warning);
    }
}
