//! What `folio-widget.js` calls. Every export catches its own failures and
//! returns them as values (or a JS exception the caller catches): nothing
//! here throws into the host page on its own.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use folio::app::config::{EmbedMode, DEFAULT_TWEET_SCRIPT};
use folio_core::diagnostics::Severity;
use folio_core::index::Index;
use folio_core::policy::Trust;
use folio_core::render::{render_with, Rendered};
use folio_core::site::{HostShortcode, Site, SiteFiles};
use folio_core::text::{escape_html, Html as Flavor};
use js_sys::{Function, Reflect, JSON};
use wasm_bindgen::prelude::*;
use yew::AppHandle;
use yew::AttrValue;

use crate::view::{WidgetPost, WidgetPostProps};

thread_local! {
    /// Shortcodes registered from JavaScript, by name.
    static HOST_SHORTCODES: RefCell<BTreeMap<String, HostShortcode>> = RefCell::new(BTreeMap::new());
    /// The last site given in `options.site`, parsed (its JSON and the
    /// result), so re-rendering on every keystroke does not re-parse the
    /// shortcode templates.
    static SITE_CACHE: RefCell<Option<(String, Result<Site, String>)>> = const { RefCell::new(None) };
}

/// The options every entry point takes (a plain JS object; all optional).
#[derive(Clone, Debug, PartialEq)]
struct Options {
    /// Someone else's content: no raw HTML, no script (default false).
    untrusted: bool,
    /// Raw HTML in the Markdown is kept (goldmark's `unsafe`), through the
    /// allowlist sanitiser when untrusted. Default false: omitted, as in Hugo.
    unsafe_html: bool,
    /// `live` (default), `click-to-load` or `off`.
    embeds: EmbedMode,
    tweet_script: String,
    highlighter: Option<String>,
    base: Option<String>,
    /// `<folio-list>`: at most this many posts.
    limit: Option<usize>,
    /// The site's files (config and shortcode templates) as JSON, in the
    /// form of an `index.json`'s `site` (`folio index --site`).
    site: Option<String>,
}

impl Options {
    fn from_js(value: &JsValue) -> Options {
        let get = |name: &str| -> JsValue {
            if value.is_object() {
                Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
            } else {
                JsValue::UNDEFINED
            }
        };
        let string = |name: &str| get(name).as_string().filter(|s| !s.is_empty());
        Options {
            untrusted: get("untrusted").is_truthy(),
            unsafe_html: get("unsafe").is_truthy(),
            embeds: string("embeds")
                .as_deref()
                .and_then(EmbedMode::parse)
                .unwrap_or(EmbedMode::Live),
            tweet_script: string("tweetScript").unwrap_or_else(|| DEFAULT_TWEET_SCRIPT.to_string()),
            highlighter: string("highlighter"),
            base: string("base"),
            limit: get("limit")
                .as_f64()
                .filter(|n| *n >= 0.0)
                .map(|n| n as usize),
            site: Some(get("site"))
                .filter(|v| v.is_object())
                .and_then(|v| JSON::stringify(&v).ok())
                .and_then(|v| v.as_string()),
        }
    }

    fn trust(&self) -> Trust {
        if self.untrusted {
            Trust::Untrusted
        } else {
            Trust::Site
        }
    }
}

/// The site every widget renders against: the site given in
/// `options.site` (its config and shortcode templates) or Hugo's defaults,
/// click-to-play videos, and the shortcodes registered from JavaScript.
/// A site that cannot be read is an error, shown where the post would be.
fn site(options: &Options) -> Result<Site, String> {
    let mut site = match &options.site {
        None => Site::default(),
        Some(json) => SITE_CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            match cache.as_ref() {
                Some((key, site)) if key == json => site.clone(),
                _ => {
                    let parsed = serde_json::from_str::<SiteFiles>(json)
                        .map_err(|e| {
                            format!("options.site is not a site (config, shortcodes): {e}")
                        })
                        .and_then(|files| files.to_site());
                    *cache = Some((json.clone(), parsed.clone()));
                    parsed
                }
            }
        })?,
    };
    site.config.video_facades = true;
    if options.unsafe_html {
        site.config.unsafe_html = true;
    }
    site.host_shortcodes.0 = HOST_SHORTCODES.with(|s| s.borrow().clone());
    Ok(site)
}

fn render(markdown: &str, options: &Options) -> Rendered {
    match site(options) {
        Ok(site) => render_with(markdown, &site, options.trust()),
        Err(message) => {
            // Rendered as far as possible without the site, with the reason.
            let fallback = Options {
                site: None,
                ..options.clone()
            };
            let mut post = render(markdown, &fallback);
            post.diagnostics.insert(
                0,
                folio_core::LocatedDiagnostic {
                    severity: Severity::Error,
                    line: 1,
                    column: 1,
                    span: folio_core::Span::new(0, 0),
                    message,
                },
            );
            post
        }
    }
}

/// Registers `f(params, inner) -> html` as shortcode `name` for every
/// widget rendered from now on. `params` is `null`, an array (positional)
/// or an object (named); `inner` is the inner content or `undefined`. What
/// it returns is HTML for `{{< >}}`, Markdown for `{{% %}}`; for untrusted
/// content it is sanitised. A function that throws renders as an error mark.
#[wasm_bindgen(js_name = registerShortcode)]
pub fn register_shortcode(name: String, f: Function) {
    let shortcode_name = name.clone();
    let hook: HostShortcode = Rc::new(move |params, inner| {
        let params = JSON::parse(&params.to_string()).unwrap_or(JsValue::NULL);
        let inner = inner.map(JsValue::from_str).unwrap_or(JsValue::UNDEFINED);
        match f.call2(&JsValue::NULL, &params, &inner) {
            Ok(out) => out.as_string().unwrap_or_default(),
            Err(_) => format!(
                "<span class=\"folio-shortcode-error\">shortcode {} failed</span>",
                escape_html(&shortcode_name, Flavor::Template)
            ),
        }
    });
    HOST_SHORTCODES.with(|s| s.borrow_mut().insert(name, hook));
}

/// Forgets shortcode `name` registered from JavaScript.
#[wasm_bindgen(js_name = unregisterShortcode)]
pub fn unregister_shortcode(name: &str) {
    HOST_SHORTCODES.with(|s| s.borrow_mut().remove(name));
}

/// The widget's stylesheet, for a shadow root's adopted style sheet.
#[wasm_bindgen]
pub fn stylesheet() -> String {
    crate::STYLESHEET.to_string()
}

/// A post (front matter optional) as HTML: the same article the mounted
/// widget shows (errors, title, meta, content), with nothing live.
#[wasm_bindgen(js_name = renderToString)]
pub fn render_to_string(markdown: &str, options: JsValue) -> String {
    let options = Options::from_js(&options);
    let post = render(markdown, &options);
    let mut out = String::from("<article class=\"post\" part=\"post\">");
    let errors: Vec<_> = post
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        out.push_str("<div class=\"folio-error\" part=\"error\" role=\"alert\"><p>This post has errors:</p><ul>");
        for d in errors {
            out.push_str(&format!(
                "<li>line {}:{}: {}</li>",
                d.line,
                d.column,
                escape_html(&d.message, Flavor::Template)
            ));
        }
        out.push_str("</ul></div>");
    }
    if let Some(title) = post.front_matter.title.as_deref().filter(|t| !t.is_empty()) {
        out.push_str(&format!(
            "<header class=\"post-header\" part=\"header\"><h1 class=\"post-title\" part=\"title\">{}</h1></header>",
            escape_html(title, Flavor::Template)
        ));
    }
    out.push_str("<div class=\"post-body\" part=\"body\">");
    out.push_str(&post.content());
    out.push_str("</div></article>");
    out
}

/// A post mounted in an element (see [`mount`]).
#[wasm_bindgen]
pub struct Handle {
    app: Option<AppHandle<WidgetPost>>,
    options: Options,
}

fn props(post: Rendered, options: &Options) -> WidgetPostProps {
    WidgetPostProps {
        post: Rc::new(post),
        embeds: options.embeds,
        tweet_script: AttrValue::from(options.tweet_script.clone()),
        highlighter: options.highlighter.clone().map(AttrValue::from),
        base: options.base.clone().map(AttrValue::from),
    }
}

#[wasm_bindgen]
impl Handle {
    /// Renders new Markdown (and, if given, new options) in place: blocks
    /// whose HTML is unchanged keep their DOM nodes (and live tweets).
    pub fn update(&mut self, markdown: &str, options: JsValue) {
        if !options.is_undefined() && !options.is_null() {
            self.options = Options::from_js(&options);
        }
        let post = render(markdown, &self.options);
        if let Some(app) = self.app.as_mut() {
            app.update(props(post, &self.options));
        }
    }

    /// Unmounts the post and frees its app; later calls do nothing.
    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }

    /// Whether the handle still holds a mounted post.
    #[wasm_bindgen(getter)]
    pub fn mounted(&self) -> bool {
        self.app.is_some()
    }
}

/// Mounts the post rendered from `markdown` in `element` (its children are
/// Folio's from then on) and returns its handle.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, markdown: &str, options: JsValue) -> Handle {
    let options = Options::from_js(&options);
    let post = render(markdown, &options);
    let app =
        yew::Renderer::<WidgetPost>::with_root_and_props(element, props(post, &options)).render();
    Handle {
        app: Some(app),
        options,
    }
}

/// An `index.json` (as `folio index` writes it) as a list of posts, newest
/// first as in the index: title (linking to `base` + the post's URL), date
/// and summary. Summaries are sanitised for untrusted indexes.
#[wasm_bindgen(js_name = renderList)]
pub fn render_list(index_json: &str, options: JsValue) -> Result<String, JsValue> {
    let options = Options::from_js(&options);
    let index: Index = serde_json::from_str(index_json)
        .map_err(|e| JsValue::from_str(&format!("the post index is not valid JSON: {e}")))?;
    let base = options.base.clone().unwrap_or_default();
    let base = base.trim_end_matches('/');
    let limit = options.limit.unwrap_or(usize::MAX);
    let esc = |s: &str| escape_html(s, Flavor::Template);
    let mut out = String::from("<ul class=\"post-list\" part=\"list\">");
    for entry in index.posts.iter().filter(|e| !e.draft).take(limit) {
        let summary = if options.untrusted {
            folio_core::sanitize::sanitize(&entry.summary)
        } else {
            entry.summary.clone()
        };
        let url = if folio_core::policy::is_dangerous_url(&entry.url) {
            "#"
        } else {
            entry.url.as_str()
        };
        out.push_str("<li class=\"post-item\" part=\"item\">");
        out.push_str(&format!(
            "<h2 class=\"post-item-title\" part=\"item-title\"><a href=\"{}{}\">{}</a></h2>",
            esc(base),
            esc(url),
            esc(&entry.title)
        ));
        if let Some((ymd, long)) = folio::app::pages::long_date(&entry.date) {
            out.push_str(&format!(
                "<p class=\"post-meta\" part=\"meta\"><time datetime=\"{}\">{}</time></p>",
                esc(&ymd),
                esc(&long)
            ));
        }
        out.push_str(&format!(
            "<div class=\"post-item-summary\" part=\"summary\">{summary}</div></li>"
        ));
    }
    out.push_str("</ul>");
    Ok(out)
}
