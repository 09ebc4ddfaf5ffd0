//! The site a post belongs to: Hugo's configuration (the parts Folio uses)
//! and, later, the site's own shortcode templates.
//!
//! Parsing takes text, not paths: the CLI reads files, the browser fetches
//! them, and both hand the text here.

use serde_json::{Map, Value};

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::frontmatter::{parse_data, Format};
use crate::render::{parse_shortcode, same_shortcode, ShortcodeTemplate};

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
    /// `markup.goldmark.renderer.unsafe`: keep raw HTML. Off unless the
    /// site turns it on, as in Hugo.
    pub unsafe_html: bool,
    pub enable_inline_shortcodes: bool,
    pub privacy: Privacy,
    pub ref_links_not_found_url: Option<String>,
    /// `refLinksErrorLevel = "WARNING"`: a `ref` to a missing page is a
    /// warning; Hugo's default (`ERROR`) makes it an error.
    pub ref_links_warning: bool,
    /// `languages`, by `weight` then code; empty for a one-language site.
    pub languages: Vec<Language>,
    /// `defaultContentLanguage` (Hugo's default `en`).
    pub default_language: String,
    /// `defaultContentLanguageInSubdir`: the default language's pages under
    /// `/en/` too.
    pub default_language_in_subdir: bool,
    /// Words in an automatic summary (`summaryLength`, Hugo's default 70).
    pub summary_length: usize,
    /// `hasCJKLanguage`: a post with Chinese, Japanese or Korean text counts
    /// such text character by character (word count, reading time, the
    /// automatic summary's length), as Hugo does.
    pub has_cjk_language: bool,
    /// Folio's embed policy (`embeds` or `params.embeds`): `live`,
    /// `click-to-load` or `off`; `None` leaves it to the app's default.
    pub embeds: Option<String>,
    /// Render YouTube/Vimeo players as click-to-play stand-ins (the app turns
    /// this on; `folio render` keeps Hugo's iframes).
    pub video_facades: bool,
    pub params: Map<String, Value>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: String::new(),
            base_url: "/".to_string(),
            unsafe_html: false,
            enable_inline_shortcodes: false,
            privacy: Privacy::default(),
            ref_links_not_found_url: None,
            ref_links_warning: false,
            languages: Vec::new(),
            default_language: "en".to_string(),
            default_language_in_subdir: false,
            summary_length: 70,
            has_cjk_language: false,
            embeds: None,
            video_facades: false,
            params: Map::new(),
        }
    }
}

impl SiteConfig {
    /// How this site's Markdown renders (goldmark's `unsafe` switch).
    pub fn markdown_options(&self) -> crate::markdown::Options {
        crate::markdown::Options {
            unsafe_html: self.unsafe_html,
            ..crate::markdown::Options::default()
        }
    }
}

/// One of the site's `languages`.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Language {
    /// The code (`fa`), the key under `languages`.
    pub lang: String,
    /// `languageName`, else the code.
    pub name: String,
    /// `languageDirection`: `rtl`, or empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub direction: String,
    pub weight: i64,
    /// `contentDir`, relative to the site (`content/fa`), if the language
    /// has its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_dir: Option<String>,
    /// The language's own `title`, if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl SiteConfig {
    /// Whether the site has more than one language.
    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    pub fn language(&self, lang: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.lang == lang)
    }

    /// The URL prefix of `lang`'s pages: empty for the default language
    /// (unless `defaultContentLanguageInSubdir`), else `/fa`.
    pub fn language_prefix(&self, lang: &str) -> String {
        if lang.is_empty()
            || !self.is_multilingual()
            || (lang == self.default_language && !self.default_language_in_subdir)
        {
            String::new()
        } else {
            format!("/{lang}")
        }
    }

    /// The language of the content file at `path` (relative to `content/`)
    /// and its path without the language: the language whose `contentDir`
    /// holds it (`content/fa/posts/x.md` is `fa`'s `posts/x.md`), else the
    /// one its name carries (`posts/x.fa.md`), else the default. One
    /// language only: `(default, path)` (a `.fa.md` stays a name, as the
    /// site has no `fa`).
    pub fn page_language(&self, path: &str) -> (String, String) {
        if !self.is_multilingual() {
            return (self.default_language.clone(), path.to_string());
        }
        for language in &self.languages {
            let Some(dir) = language.content_dir.as_deref() else {
                continue;
            };
            let dir = dir.trim_matches('/');
            let dir = dir.strip_prefix("content/").unwrap_or(dir);
            if let Some(rest) = path
                .strip_prefix(dir)
                .and_then(|rest| rest.strip_prefix('/'))
            {
                return (language.lang.clone(), rest.to_string());
            }
        }
        let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
        let mut parts: Vec<&str> = file.split('.').collect();
        if parts.len() >= 3 {
            let code = parts[parts.len() - 2];
            if self.language(code).is_some() {
                parts.remove(parts.len() - 2);
                let file = parts.join(".");
                let path = if dir.is_empty() {
                    file
                } else {
                    format!("{dir}/{file}")
                };
                return (code.to_string(), path);
            }
        }
        (self.default_language.clone(), path.to_string())
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

/// A config file's format, from its name's extension.
fn config_format(file_name: &str) -> Format {
    if file_name.ends_with(".toml") {
        Format::Toml
    } else if file_name.ends_with(".json") {
        Format::Json
    } else {
        Format::Yaml
    }
}

impl SiteConfig {
    /// Parses a Hugo config file; the format follows the file name's extension.
    pub fn parse(file_name: &str, text: &str) -> Result<SiteConfig, String> {
        let format = config_format(file_name);
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
        config.ref_links_warning = get(&["refLinksErrorLevel"])
            .and_then(Value::as_str)
            .is_some_and(|l| l.eq_ignore_ascii_case("warning"));
        if let Some(lang) = get(&["defaultContentLanguage"]).and_then(Value::as_str) {
            config.default_language = lang.to_lowercase();
        }
        config.default_language_in_subdir = flag(&["defaultContentLanguageInSubdir"]);
        if let Some(languages) = get(&["languages"]).and_then(Value::as_object) {
            for (code, settings) in languages {
                let field = |name: &str| {
                    settings.as_object().and_then(|o| {
                        o.iter()
                            .find(|(k, _)| k.eq_ignore_ascii_case(name))
                            .map(|(_, v)| v)
                    })
                };
                let text = |name: &str| field(name).and_then(Value::as_str).map(str::to_string);
                let language = Language {
                    lang: code.to_lowercase(),
                    name: text("languageName").unwrap_or_else(|| code.clone()),
                    direction: text("languageDirection").unwrap_or_default(),
                    weight: field("weight").and_then(Value::as_i64).unwrap_or(0),
                    content_dir: text("contentDir"),
                    title: text("title"),
                };
                // Hugo's order: by weight, a weight of 0 last, then by code
                // (an insertion, not a sort: a sort is code in the app).
                let rank = |l: &Language| {
                    (
                        if l.weight == 0 { i64::MAX } else { l.weight },
                        l.lang.clone(),
                    )
                };
                let at = config
                    .languages
                    .iter()
                    .position(|l| rank(l) > rank(&language))
                    .unwrap_or(config.languages.len());
                config.languages.insert(at, language);
            }
        }
        if let Some(n) = get(&["summaryLength"]).and_then(Value::as_u64) {
            config.summary_length = n as usize;
        }
        if let Some(cjk) = get(&["hasCJKLanguage"]).and_then(Value::as_bool) {
            config.has_cjk_language = cjk;
        }
        config.embeds = get(&["embeds"])
            .or_else(|| get(&["params", "embeds"]))
            .and_then(Value::as_str)
            .map(str::to_string);
        if let Some(p) = get(&["params"]).and_then(Value::as_object) {
            config.params = p.clone();
        }
        config
    }
}

/// A site's files as text, so they can travel (inside the app's
/// `index.json`) to wherever posts are rendered: the configuration file and
/// the shortcode templates.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SiteFiles {
    /// `(file name, text)` of `hugo.toml` or another config file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<(String, String)>,
    /// Shortcode template sources by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub shortcodes: BTreeMap<String, String>,
}

impl SiteFiles {
    /// The configuration alone (Hugo's defaults when absent or unreadable),
    /// without parsing the templates.
    pub fn to_config(&self) -> SiteConfig {
        self.config
            .as_ref()
            .and_then(|(name, text)| SiteConfig::parse(name, text).ok())
            .unwrap_or_default()
    }

    /// These files with the configuration in a form every build reads: a
    /// TOML or YAML config outside what Folio's own readers read (see
    /// [`crate::frontmatter::needs_full_parser`]) becomes the same values as
    /// JSON (`hugo.toml` → `hugo.json`), so the app's first-load wasm, which
    /// has no full parser, reads the site `folio index` wrote. Unchanged
    /// when the readers read it, or when this build cannot parse it either.
    pub fn portable(mut self) -> SiteFiles {
        if let Some((name, text)) = &self.config {
            let format = config_format(name);
            if crate::frontmatter::data_needs_full_parser(format, text) {
                if let Ok(table) = parse_data(format, text) {
                    let stem = name
                        .rsplit_once('.')
                        .map_or(name.as_str(), |(stem, _)| stem);
                    let json = serde_json::to_string_pretty(&Value::Object(table))
                        .unwrap_or_else(|_| "{}".to_owned());
                    self.config = Some((format!("{stem}.json"), json));
                }
            }
        }
        self
    }

    /// The site these files describe; only an unreadable config is an error
    /// (a broken template is reported where a post uses it).
    pub fn to_site(&self) -> Result<Site, String> {
        let mut site = Site::default();
        if let Some((name, text)) = &self.config {
            site.config = SiteConfig::parse(name, text)?;
        }
        for (name, source) in &self.shortcodes {
            site.add_shortcode(name, source);
        }
        Ok(site)
    }
}

/// Everything a post is rendered against.
#[derive(Clone, Debug, Default)]
pub struct Site {
    pub config: SiteConfig,
    /// The site's shortcode templates (`layouts/shortcodes/NAME.html`), by
    /// name; a template that failed to parse is kept as its error, reported
    /// where a post uses it. (Without the `templates` feature, names only.)
    pub shortcodes: BTreeMap<String, ShortcodeTemplate>,
    /// Shortcodes the embedding program renders itself (the widget's
    /// `registerShortcode`), by name. A site template of the same name wins;
    /// they win over the built-ins. Their output passes the trust policy like
    /// a template's (sanitised for untrusted content).
    pub host_shortcodes: HostShortcodes,
    /// The other pages of the site (for `ref`, `relref`, `.GetPage`) and how
    /// relative URLs resolve; empty when a post is rendered alone.
    pub links: crate::links::Links,
}

/// A shortcode implemented by the host: `(params, inner) -> output`, where
/// `params` is Hugo's `.Params` as JSON (`null`, an array of positional
/// values, or an object of named ones) and `inner` the expanded inner
/// content of a paired shortcode. The output is HTML for `{{< >}}` and
/// Markdown for `{{% %}}`, as for a template.
pub type HostShortcode = Rc<dyn Fn(&Value, Option<&str>) -> String>;

/// The host's shortcodes by name; equal when they hold the very same functions.
#[derive(Clone, Default)]
pub struct HostShortcodes(pub BTreeMap<String, HostShortcode>);

impl std::fmt::Debug for HostShortcodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl PartialEq for HostShortcodes {
    fn eq(&self, other: &HostShortcodes) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .iter()
                .zip(&other.0)
                .all(|((a, x), (b, y))| a == b && Rc::ptr_eq(x, y))
    }
}

/// Sites are equal when their configuration is and they share the very same
/// parsed templates (templates are compared by identity, not by source).
impl PartialEq for Site {
    fn eq(&self, other: &Site) -> bool {
        self.config == other.config
            && self.links == other.links
            && self.host_shortcodes == other.host_shortcodes
            && self.shortcodes.len() == other.shortcodes.len()
            && self
                .shortcodes
                .iter()
                .zip(&other.shortcodes)
                .all(|((a, x), (b, y))| a == b && same_shortcode(x, y))
    }
}

impl Site {
    /// Adds shortcode template `name` (the file name without `.html`).
    pub fn add_shortcode(&mut self, name: &str, source: &str) {
        self.shortcodes
            .insert(name.to_string(), parse_shortcode(name, source));
    }

    /// Whether a post of this site may need the template engine: the site
    /// has shortcode templates, or enables inline ones. (See
    /// [`crate::render::needs_engine`] for one post.)
    pub fn needs_templates(&self) -> bool {
        !self.shortcodes.is_empty() || self.config.enable_inline_shortcodes
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
    fn languages_and_where_pages_belong() {
        let text = "defaultContentLanguage = \"en\"\n\
                    [languages.fa]\nweight = 2\nlanguageName = \"فارسی\"\nlanguageDirection = \"rtl\"\n\
                    [languages.en]\nweight = 1\nlanguageName = \"English\"\n\
                    [languages.de]\ncontentDir = \"content/de\"\n";
        let config = SiteConfig::parse("hugo.toml", text).unwrap();
        let codes: Vec<&str> = config.languages.iter().map(|l| l.lang.as_str()).collect();
        assert_eq!(codes, ["en", "fa", "de"]); // weight 0 last
        assert_eq!(config.language("fa").unwrap().direction, "rtl");
        assert_eq!(config.language("fa").unwrap().name, "فارسی");
        let at = |path: &str| config.page_language(path);
        assert_eq!(at("posts/x.fa.md"), ("fa".into(), "posts/x.md".into()));
        assert_eq!(
            at("posts/b/index.fa.md"),
            ("fa".into(), "posts/b/index.md".into())
        );
        assert_eq!(at("posts/x.md"), ("en".into(), "posts/x.md".into()));
        assert_eq!(at("posts/v1.2.md"), ("en".into(), "posts/v1.2.md".into()));
        assert_eq!(at("de/posts/x.md"), ("de".into(), "posts/x.md".into()));
        assert_eq!(config.language_prefix("fa"), "/fa");
        assert_eq!(config.language_prefix("en"), "");
        // One language: a `.fa.md` is just a name.
        let one = SiteConfig::default();
        assert_eq!(
            one.page_language("posts/x.fa.md"),
            ("en".into(), "posts/x.fa.md".into())
        );
        assert_eq!(one.language_prefix("fa"), "");
    }

    #[test]
    fn embed_policy_from_top_level_or_params() {
        let top = SiteConfig::parse("hugo.toml", "embeds = \"off\"\n").unwrap();
        assert_eq!(top.embeds.as_deref(), Some("off"));
        let params = SiteConfig::parse("hugo.yaml", "params:\n  embeds: click-to-load\n").unwrap();
        assert_eq!(params.embeds.as_deref(), Some("click-to-load"));
    }

    #[test]
    fn a_config_the_compact_readers_cannot_read_travels_as_json() {
        // A YAML anchor: outside what the app's first-load wasm reads.
        let yaml = "title: &t Anchored\nparams:\n  Subtitle: *t\nenableInlineShortcodes: true\n";
        let files = SiteFiles {
            config: Some(("hugo.yaml".into(), yaml.into())),
            ..SiteFiles::default()
        };
        let portable = files.clone().portable();
        if cfg!(feature = "full-frontmatter") {
            let (name, text) = portable.config.clone().unwrap_or_default();
            assert_eq!(name, "hugo.json");
            assert!(!crate::frontmatter::data_needs_full_parser(
                Format::Json,
                &text
            ));
            assert_eq!(portable.to_config(), files.to_config());
            assert_eq!(portable.to_config().title, "Anchored");
            assert!(portable.to_config().enable_inline_shortcodes);
        } else {
            assert_eq!(portable, files);
        }
        // A config the readers read stays as written.
        let toml = SiteFiles {
            config: Some(("hugo.toml".into(), "title = \"T\"\n".into())),
            ..SiteFiles::default()
        };
        assert_eq!(toml.clone().portable(), toml);
    }

    #[test]
    fn site_files_travel_as_json_and_rebuild_the_site() {
        let mut files = SiteFiles {
            config: Some(("hugo.toml".into(), "title = \"T\"\n".into())),
            ..SiteFiles::default()
        };
        files
            .shortcodes
            .insert("hi".into(), "<b>{{ .Get 0 }}</b>".into());
        let json = serde_json::to_string(&files).unwrap();
        let back: SiteFiles = serde_json::from_str(&json).unwrap();
        let site = back.to_site().unwrap();
        assert_eq!(site.config.title, "T");
        assert!(site.needs_templates());
        #[cfg(feature = "templates")]
        assert!(matches!(site.shortcodes.get("hi"), Some(Ok(_))));
    }

    #[test]
    fn defaults_omit_raw_html_as_hugo() {
        let config = SiteConfig::parse("config.json", "{\"title\": \"x\"}").unwrap();
        assert!(!config.unsafe_html);
        assert_eq!(config.summary_length, 70);
        assert!(!config.has_cjk_language);
    }

    #[test]
    fn has_cjk_language_is_read_in_every_format() {
        for (name, text) in [
            ("hugo.toml", "hasCJKLanguage = true\n"),
            ("config.yaml", "hasCJKLanguage: true\n"),
            ("config.json", "{\"hasCJKLanguage\": true}"),
            ("hugo.toml", "hascjklanguage = true\n"),
        ] {
            let config = SiteConfig::parse(name, text).unwrap();
            assert!(config.has_cjk_language, "{name}: {text}");
        }
    }
}
