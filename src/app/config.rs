//! Settings the host page gives the app through `<meta name="folio:…">` tags,
//! so a site owner (or a test) changes them without rebuilding:
//!
//! | meta name            | default                                   |
//! |----------------------|-------------------------------------------|
//! | `folio:content`      | `/content/` (may be another origin: CORS) |
//! | `folio:tweet-script` | `https://platform.twitter.com/widgets.js` |
//! | `folio:embeds`       | the site's `embeds`, else `live`          |
//! | `folio:title`        | `Folio`                                   |
//! | `folio:highlighter`  | `/vendor/highlight.min.js`                |
//! | `folio:trust`        | `site`; `untrusted` renders posts and index summaries as untrusted content |

use web_sys::window;

use crate::policy::Trust;

pub const DEFAULT_TWEET_SCRIPT: &str = "https://platform.twitter.com/widgets.js";

/// How third-party embeds load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmbedMode {
    /// Load Twitter's script as soon as a page has a tweet.
    Live,
    /// Load nothing from Twitter until the reader clicks.
    ClickToLoad,
    /// Never load; show the fallback cards.
    Off,
}

impl EmbedMode {
    pub fn parse(word: &str) -> Option<EmbedMode> {
        match word {
            "live" => Some(EmbedMode::Live),
            "click-to-load" => Some(EmbedMode::ClickToLoad),
            "off" => Some(EmbedMode::Off),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppConfig {
    pub content_base: String,
    pub tweet_script: String,
    /// Set by the page; wins over the site configuration's `embeds`.
    pub embeds: Option<EmbedMode>,
    pub site_title: String,
    /// The code highlighter script, loaded by pages with code.
    pub highlighter: String,
    /// Whose content the posts are: `untrusted` (`folio:trust`) renders
    /// them so that nothing in them can run script, and sanitises the
    /// index's summaries.
    pub trust: Trust,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            content_base: "/content/".to_string(),
            tweet_script: DEFAULT_TWEET_SCRIPT.to_string(),
            embeds: None,
            site_title: "Folio".to_string(),
            highlighter: "/vendor/highlight.min.js".to_string(),
            trust: Trust::Site,
        }
    }
}

impl AppConfig {
    pub fn from_document() -> AppConfig {
        let defaults = AppConfig::default();
        let mut content_base = meta("folio:content").unwrap_or(defaults.content_base);
        if !content_base.ends_with('/') {
            content_base.push('/');
        }
        AppConfig {
            content_base,
            tweet_script: meta("folio:tweet-script").unwrap_or(defaults.tweet_script),
            embeds: meta("folio:embeds").as_deref().and_then(EmbedMode::parse),
            site_title: meta("folio:title").unwrap_or(defaults.site_title),
            highlighter: meta("folio:highlighter").unwrap_or(defaults.highlighter),
            trust: trust_from_document(),
        }
    }

    /// The embed policy: the page's, else the site's, else live.
    pub fn embed_mode(&self, site: &crate::site::SiteConfig) -> EmbedMode {
        self.embeds
            .or_else(|| site.embeds.as_deref().and_then(EmbedMode::parse))
            .unwrap_or(EmbedMode::Live)
    }

    pub fn index_url(&self) -> String {
        format!("{}index.json", self.content_base)
    }

    /// URL of a post file given its path relative to the content directory.
    pub fn content_url(&self, path: &str) -> String {
        let encoded: Vec<String> = path
            .split('/')
            .map(|s| String::from(js_sys::encode_uri_component(s)))
            .collect();
        format!("{}{}", self.content_base, encoded.join("/"))
    }

    pub fn absolute_url(&self, path: &str) -> String {
        let origin = window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        format!("{origin}{path}")
    }
}

/// `folio:trust`: `untrusted` (any case, spaces trimmed) or the site's own
/// content. An unknown word is treated as `untrusted`: a typo must not
/// turn protection off.
pub fn trust_from_document() -> Trust {
    match meta("folio:trust") {
        None => Trust::Site,
        Some(word) if word.trim().eq_ignore_ascii_case("site") => Trust::Site,
        Some(_) => Trust::Untrusted,
    }
}

/// Whether the page has `<meta name="{name}">` at all.
pub fn meta_present(name: &str) -> bool {
    window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(&format!("meta[name=\"{name}\"]"))
                .ok()
                .flatten()
        })
        .is_some()
}

/// The `content` of `<meta name="{name}">`, if set and not empty.
pub fn meta(name: &str) -> Option<String> {
    let document = window()?.document()?;
    let element = document
        .query_selector(&format!("meta[name=\"{name}\"]"))
        .ok()??;
    element.get_attribute("content").filter(|c| !c.is_empty())
}

/// The token `folio serve` puts in the page; saving needs it.
pub fn edit_token() -> Option<String> {
    meta("folio:edit-token")
}
