//! The site a post belongs to: Hugo's configuration (the parts Folio uses)
//! and, later, the site's own shortcode templates.
//!
//! Parsing takes text, not paths: the CLI reads files, the browser fetches
//! them, and both hand the text here.

use serde_json::{Map, Value};

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::frontmatter::{parse_data, Format};
use crate::template::{Template, TemplateError};

/// Hugo's `privacy.*` switches that change what the built-ins render.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Privacy {
    pub twitter_disable: bool,
    pub instagram_disable: bool,
    pub youtube_disable: bool,
    pub youtube_privacy_enhanced: bool,
    pub vimeo_disable: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SiteConfig {
    pub title: String,
    pub base_url: String,
    /// `markup.goldmark.renderer.unsafe`: keep raw HTML. Folio's default is
    /// on, because the site's own content is trusted (the widget overrides it).
    pub unsafe_html: bool,
    pub enable_inline_shortcodes: bool,
    pub privacy: Privacy,
    pub ref_links_not_found_url: Option<String>,
    /// Words in an automatic summary (`summaryLength`, Hugo's default 70).
    pub summary_length: usize,
    pub params: Map<String, Value>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: String::new(),
            base_url: "/".to_string(),
            unsafe_html: true,
            enable_inline_shortcodes: false,
            privacy: Privacy::default(),
            ref_links_not_found_url: None,
            summary_length: 70,
            params: Map::new(),
        }
    }
}

/// The site configuration file names Hugo looks for, in its order.
pub const CONFIG_FILE_NAMES: [&str; 6] = [
    "hugo.toml",
    "hugo.yaml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.json",
];

impl SiteConfig {
    /// Parses a Hugo config file; the format follows the file name's extension.
    pub fn parse(file_name: &str, text: &str) -> Result<SiteConfig, String> {
        let format = if file_name.ends_with(".toml") {
            Format::Toml
        } else if file_name.ends_with(".json") {
            Format::Json
        } else {
            Format::Yaml
        };
        let table = parse_data(format, text).map_err(|e| format!("{file_name}:{e}"))?;
        Ok(SiteConfig::from_value(&Value::Object(table)))
    }

    fn from_value(value: &Value) -> SiteConfig {
        let mut config = SiteConfig::default();
        let get = |path: &[&str]| -> Option<&Value> {
            let mut v = value;
            for key in path {
                v = v
                    .as_object()?
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
                    .map(|(_, v)| v)?;
            }
            Some(v)
        };
        let flag = |path: &[&str]| get(path).and_then(Value::as_bool).unwrap_or(false);
        if let Some(t) = get(&["title"]).and_then(Value::as_str) {
            config.title = t.to_string();
        }
        if let Some(u) = get(&["baseURL"]).and_then(Value::as_str) {
            config.base_url = u.to_string();
        }
        if let Some(u) = get(&["markup", "goldmark", "renderer", "unsafe"]).and_then(Value::as_bool)
        {
            config.unsafe_html = u;
        }
        config.enable_inline_shortcodes = flag(&["enableInlineShortcodes"]);
        config.privacy = Privacy {
            twitter_disable: flag(&["privacy", "twitter", "disable"])
                || flag(&["privacy", "x", "disable"]),
            instagram_disable: flag(&["privacy", "instagram", "disable"]),
            youtube_disable: flag(&["privacy", "youtube", "disable"]),
            youtube_privacy_enhanced: flag(&["privacy", "youtube", "privacyEnhanced"]),
            vimeo_disable: flag(&["privacy", "vimeo", "disable"]),
        };
        config.ref_links_not_found_url = get(&["refLinksNotFoundURL"])
            .and_then(Value::as_str)
            .map(str::to_string);
        if let Some(n) = get(&["summaryLength"]).and_then(Value::as_u64) {
            config.summary_length = n as usize;
        }
        if let Some(p) = get(&["params"]).and_then(Value::as_object) {
            config.params = p.clone();
        }
        config
    }
}

/// Everything a post is rendered against.
#[derive(Clone, Debug, Default)]
pub struct Site {
    pub config: SiteConfig,
    /// The site's shortcode templates (`layouts/shortcodes/NAME.html`), by
    /// name; a template that failed to parse is kept as its error, reported
    /// where a post uses it.
    pub shortcodes: BTreeMap<String, Result<Rc<Template>, TemplateError>>,
}

impl Site {
    /// Adds shortcode template `name` (the file name without `.html`).
    pub fn add_shortcode(&mut self, name: &str, source: &str) {
        let parsed = Template::parse(name, source).map(Rc::new);
        self.shortcodes.insert(name.to_string(), parsed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_corpus_site_settings() {
        let text = "baseURL = \"http://example.org/\"\ntitle = \"t\"\nenableInlineShortcodes = true\n\
                    refLinksNotFoundURL = \"#REF_NOT_FOUND\"\n[markup.goldmark.renderer]\nunsafe = false\n\
                    [privacy.twitter]\ndisable = true\n";
        let config = SiteConfig::parse("hugo.toml", text).unwrap();
        assert_eq!(config.title, "t");
        assert_eq!(config.base_url, "http://example.org/");
        assert!(config.enable_inline_shortcodes);
        assert!(!config.unsafe_html);
        assert!(config.privacy.twitter_disable);
        assert_eq!(
            config.ref_links_not_found_url.as_deref(),
            Some("#REF_NOT_FOUND")
        );
    }

    #[test]
    fn defaults_keep_raw_html() {
        let config = SiteConfig::parse("config.json", "{\"title\": \"x\"}").unwrap();
        assert!(config.unsafe_html);
        assert_eq!(config.summary_length, 70);
    }
}
