//! Shortcode templates in the pipeline (the `templates` feature): the
//! site's `layouts/shortcodes/NAME.html` and inline `{{< name.inline >}}`
//! templates, run by the template engine (`crate::template`) with Hugo's
//! shortcode context. `no_templates.rs` is this module without the engine.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::{unknown_placeholder, Expander};
use crate::diagnostics::Diagnostic;
use crate::frontmatter::FrontMatter;
use crate::markdown;
use crate::shortcode::{self, Params, Shortcode};
use crate::site::Site;
use crate::template::{Host, ShortcodeContext, Template, TemplateError, Value as TemplateValue};

/// A site shortcode template, parsed; one that failed to parse is kept as
/// its error, reported where a post uses it.
pub type ShortcodeTemplate = Result<Rc<Template>, TemplateError>;

/// Parses site shortcode template `name`.
pub(crate) fn parse_shortcode(name: &str, source: &str) -> ShortcodeTemplate {
    Template::parse(name, source).map(Rc::new)
}

/// Templates are the same when they are the very same parse (by identity,
/// not by source), or the same error.
pub(crate) fn same_shortcode(x: &ShortcodeTemplate, y: &ShortcodeTemplate) -> bool {
    match (x, y) {
        (Ok(x), Ok(y)) => Rc::ptr_eq(x, y),
        (Err(x), Err(y)) => x.to_string() == y.to_string(),
        _ => false,
    }
}

/// What the templates of one page need while it renders.
pub(super) struct State {
    /// `.Page` for templates.
    page: TemplateValue,
    /// The shortcodes being expanded, innermost last (`.Parent`).
    parents: Vec<Rc<ShortcodeContext>>,
    /// `name.inline` templates defined so far in this post.
    inline: BTreeMap<String, Rc<Template>>,
}

impl State {
    pub(super) fn new(
        front_matter: &FrontMatter,
        site: &Site,
        page: Option<&crate::links::PageRef>,
    ) -> State {
        State {
            // Only a template reads `.Page`, and only a site with templates
            // (or inline ones on) runs one: building it for every post was
            // a fixed cost of each render.
            page: if site.needs_templates() {
                page_value(front_matter, site, page)
            } else {
                TemplateValue::default()
            },
            parents: Vec::new(),
            inline: BTreeMap::new(),
        }
    }
}

impl Expander<'_> {
    /// `sc` rendered by its template, if it has one (the site's, or an
    /// inline one); `None` for the built-ins and the host's shortcodes.
    pub(super) fn template_shortcode(&mut self, sc: &Shortcode, ordinal: usize) -> Option<String> {
        Some(match self.template_for(sc)? {
            Ok(template) => self.run_template(sc, &template, ordinal),
            Err(error) => {
                self.diagnostics.push(Diagnostic::error(
                    sc.open_span,
                    format!("shortcode '{}': template {error}", sc.name),
                ));
                unknown_placeholder(&sc.name, &self.src[sc.open_span.start..sc.open_span.end])
            }
        })
    }

    /// The template that renders `sc`: the site's own, or an inline one
    /// (defined here, or earlier in the post), if any.
    fn template_for(&mut self, sc: &Shortcode) -> Option<Result<Rc<Template>, String>> {
        if let Some(found) = self.site.shortcodes.get(&sc.name) {
            return Some(found.clone().map_err(|e| e.to_string()));
        }
        if !super::is_inline_template(self.site, sc, self.options.policy().is_untrusted()) {
            return None;
        }
        if let Some(span) = sc.inner_span {
            let parsed = Template::parse(&sc.name, &self.src[span.start..span.end])
                .map(Rc::new)
                .map_err(|e| e.to_string());
            if let Ok(template) = &parsed {
                self.templates
                    .inline
                    .insert(sc.name.clone(), template.clone());
            }
            return Some(parsed);
        }
        Some(
            self.templates
                .inline
                .get(&sc.name)
                .cloned()
                .ok_or_else(|| format!("{}: used before it is defined", sc.name)),
        )
    }

    /// Runs a shortcode template with Hugo's shortcode context as `.`.
    fn run_template(&mut self, sc: &Shortcode, template: &Template, ordinal: usize) -> String {
        let position = self.index.position(sc.open_span.start);
        let mut context = ShortcodeContext::new(&sc.name);
        match &sc.params {
            Params::Named(named) => {
                context = context.with_named(
                    named
                        .iter()
                        .map(|(k, v)| (k.clone(), template_value(&v.value)))
                        .collect(),
                )
            }
            Params::Positional(values) => {
                context = context
                    .with_positional(values.iter().map(|v| template_value(&v.value)).collect())
            }
            Params::None => {}
        }
        context.ordinal = ordinal;
        context.position = format!("{}:{}", position.line, position.column);
        context.parent = self.templates.parents.last().cloned();
        context.page = self.templates.page.clone();
        context.site = site_value(self.site, self.page_ref.as_ref());
        // Inline templates' inner text is their definition, not content.
        if !sc.is_inline() {
            if let Some(nodes) = &sc.inner {
                let nested = !self.templates.parents.is_empty();
                self.templates.parents.push(Rc::new(context.clone()));
                let mut inner = self.expand(nodes);
                self.templates.parents.pop();
                if sc.markdown && nested {
                    inner = nested_markdown_inner(&inner, self.options);
                }
                context = context.with_inner(inner);
            }
        }
        let host = RenderHost {
            site: self.site,
            options: self.options,
            page: self.page_ref.as_ref(),
        };
        match template.execute(&context.into_value(), &host) {
            Ok(html) => {
                let html = self.options.policy().template_output(&html).into_owned();
                self.options.resolve_html_urls(&html).into_owned()
            }
            Err(error) => {
                self.diagnostics.push(Diagnostic::error(
                    sc.open_span,
                    format!("shortcode '{}': template {error}", sc.name),
                ));
                unknown_placeholder(&sc.name, &self.src[sc.open_span.start..sc.open_span.end])
            }
        }
    }
}

/// The `.Inner` of a `{{% %}}` shortcode nested in another shortcode:
/// Hugo 0.111 renders it as Markdown first (`renderShortcode`, `level > 0`)
/// and, when the inner text has no newline, unwraps a lone paragraph
/// (`\A<p>(.*)</p>\n\z`). At the top level the output is spliced into the
/// page's Markdown instead (`Expander::expand_top`).
fn nested_markdown_inner(inner: &str, options: &markdown::Options) -> String {
    let html = markdown::render(inner, options);
    if !inner.contains('\n') {
        if let Some(body) = html
            .strip_prefix("<p>")
            .and_then(|rest| rest.strip_suffix("</p>\n"))
            .filter(|body| !body.contains('\n'))
        {
            return body.to_owned();
        }
    }
    html
}

/// What templates can ask of the pipeline: `markdownify`, `ref`, URLs.
struct RenderHost<'a> {
    site: &'a Site,
    options: &'a markdown::Options,
    page: Option<&'a crate::links::PageRef>,
}

impl Host for RenderHost<'_> {
    fn markdownify(&self, md: &str) -> String {
        markdown::render(md, self.options)
    }

    fn ref_link(&self, path: &str, relative: bool) -> Option<String> {
        // Not found (or a post alone): the site's not-found URL, if any.
        let (target, fragment) = path.split_once('#').unwrap_or((path, ""));
        let local = self.site.links.resources.as_ref().is_some_and(|r| r.local);
        match self
            .site
            .links
            .find(target, self.page, None, &self.site.config)
        {
            Ok(page) => Some(crate::links::ref_url(
                page,
                fragment,
                relative,
                &self.site.config,
                local,
            )),
            Err(_) => self.site.config.ref_links_not_found_url.clone(),
        }
    }

    fn base_url(&self) -> String {
        self.site.config.base_url.clone()
    }
}

fn template_value(value: &shortcode::Value) -> TemplateValue {
    match value {
        shortcode::Value::String(s) => TemplateValue::String(s.clone()),
        shortcode::Value::Int(i) => TemplateValue::Int(*i),
        shortcode::Value::Float(f) => TemplateValue::Float(*f),
        shortcode::Value::Bool(b) => TemplateValue::Bool(*b),
    }
}

/// `.Page` as templates see it: its front matter, its URLs when the site's
/// pages are known, and `.GetPage`.
fn page_value(
    fm: &FrontMatter,
    site: &Site,
    page: Option<&crate::links::PageRef>,
) -> TemplateValue {
    let text = |s: &Option<String>| TemplateValue::String(s.clone().unwrap_or_default());
    let mut fields = vec![
        ("Title".into(), text(&fm.title)),
        ("Description".into(), text(&fm.description)),
        (
            "Date".into(),
            TemplateValue::String(fm.date.as_ref().map(|d| d.to_rfc3339()).unwrap_or_default()),
        ),
        (
            "Params".into(),
            TemplateValue::from_json(&serde_json::Value::Object(fm.params.clone())),
        ),
    ];
    if let Some(page) = page {
        fields.extend(
            page_fields(page, &site.config, &site.links)
                .into_iter()
                .skip(1),
        );
    }
    SiteObject::value(fields, site, page)
}

/// A found page's fields (`.Title`, `.RelPermalink`, `.Permalink`, `.Lang`).
fn page_fields(
    page: &crate::links::PageRef,
    config: &crate::site::SiteConfig,
    links: &crate::links::Links,
) -> Vec<(String, TemplateValue)> {
    let local = links.resources.as_ref().is_some_and(|r| r.local);
    let url = |relative| crate::links::ref_url(page, "", relative, config, local);
    vec![
        ("Title".into(), TemplateValue::String(page.title.clone())),
        ("RelPermalink".into(), TemplateValue::String(url(true))),
        ("Permalink".into(), TemplateValue::String(url(false))),
        ("Lang".into(), TemplateValue::String(page.lang.clone())),
    ]
}

/// `.Site` as templates see it.
fn site_value(site: &Site, page: Option<&crate::links::PageRef>) -> TemplateValue {
    let config = &site.config;
    SiteObject::value(
        vec![
            ("Title".into(), TemplateValue::String(config.title.clone())),
            (
                "BaseURL".into(),
                TemplateValue::String(config.base_url.clone()),
            ),
            (
                "Params".into(),
                TemplateValue::from_json(&serde_json::Value::Object(config.params.clone())),
            ),
        ],
        site,
        page,
    )
}

/// `.Site` and `.Page`: their fields, and `.GetPage "path"` (a page with
/// `.Title`, `.RelPermalink`, `.Permalink`, `.Lang`, or nil), looked up
/// from the page as `ref` does.
struct SiteObject {
    fields: Vec<(String, TemplateValue)>,
    config: crate::site::SiteConfig,
    links: crate::links::Links,
    page: Option<crate::links::PageRef>,
}

/// By name only (a derived `Debug` would carry the whole site's `Debug`
/// code into the app).
impl std::fmt::Debug for SiteObject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SiteObject")
    }
}

impl SiteObject {
    fn value(
        fields: Vec<(String, TemplateValue)>,
        site: &Site,
        page: Option<&crate::links::PageRef>,
    ) -> TemplateValue {
        if site.links.pages.is_empty() {
            return TemplateValue::Map(fields);
        }
        // Only what a lookup needs travels (not the templates).
        TemplateValue::Object(Rc::new(SiteObject {
            fields,
            config: site.config.clone(),
            links: site.links.clone(),
            page: page.cloned(),
        }))
    }
}

impl crate::template::Object for SiteObject {
    fn field(&self, name: &str) -> Option<TemplateValue> {
        // As a map: a missing field is nil.
        (name != "GetPage").then(|| {
            TemplateValue::map_get(&self.fields, name)
                .cloned()
                .unwrap_or(TemplateValue::Nil)
        })
    }

    fn call(&self, method: &str, args: &[TemplateValue]) -> Option<Result<TemplateValue, String>> {
        if method != "GetPage" {
            return None;
        }
        let [path] = args else {
            return Some(Err(format!("GetPage takes 1 argument, got {}", args.len())));
        };
        let path = match path {
            TemplateValue::String(s) | TemplateValue::Html(s) => s.clone(),
            other => return Some(Err(format!("GetPage: {other:?} is not a path"))),
        };
        let found = self
            .links
            .find(&path, self.page.as_ref(), None, &self.config);
        Some(Ok(match found {
            Ok(page) => TemplateValue::Map(page_fields(page, &self.config, &self.links)),
            Err(_) => TemplateValue::Nil,
        }))
    }

    fn type_name(&self) -> String {
        "*hugolib.Page".to_string()
    }
}
