//! The post pipeline: raw file in, page out.
//!
//! `front matter → shortcode tree → Markdown source with placeholders →
//! HTML → placeholders replaced`. This mirrors Hugo: the output of a
//! `{{% %}}` shortcode is Markdown and goes into the source before Markdown
//! is rendered; the output of a `{{< >}}` shortcode is HTML and replaces a
//! placeholder token afterwards, so Markdown never touches it.

use crate::builtins::{self, escape, tweet};
use crate::diagnostics::{Diagnostic, LineIndex, Position, Severity, Span};
use crate::frontmatter::{self, FrontMatter};
use crate::markdown;
use crate::shortcode::{self, Node, Params, Shortcode};
use crate::site::Site;
use crate::template::{Host, ShortcodeContext, Template, Value as TemplateValue};
use std::collections::BTreeMap;
use std::rc::Rc;

/// Hugo's summary divider.
pub const SUMMARY_DIVIDER: &str = "<!--more-->";

/// A rendered post: what Hugo calls `.Params`, `.Summary` and `.Content`.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct RenderedPost {
    pub front_matter: FrontMatter,
    /// HTML of the summary: the part before `<!--more-->`, else the front
    /// matter `summary`, else the first words of the content.
    pub summary: String,
    /// Whether the summary is shorter than the content ("Read more").
    pub truncated: bool,
    pub content: String,
    pub diagnostics: Vec<LocatedDiagnostic>,
    pub word_count: usize,
    /// Ids of the tweets embedded in the content, in order.
    pub tweet_ids: Vec<String>,
}

impl RenderedPost {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// A diagnostic with its line and column resolved, ready to show or serialise.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LocatedDiagnostic {
    pub severity: Severity,
    pub line: usize,
    pub column: usize,
    pub span: Span,
    pub message: String,
}

impl LocatedDiagnostic {
    fn new(d: Diagnostic, index: &LineIndex) -> Self {
        let Position { line, column } = index.position(d.span.start);
        LocatedDiagnostic {
            severity: d.severity,
            line,
            column,
            span: d.span,
            message: d.message,
        }
    }

    /// `file:line:col: severity: message`.
    pub fn format(&self, file: &str) -> String {
        format!(
            "{file}:{}:{}: {}: {}",
            self.line, self.column, self.severity, self.message
        )
    }
}

/// Renders one post file against a site. Never fails: problems become
/// diagnostics, and as much of the post as can be rendered is rendered
/// (a broken front matter block still shows the body; a broken shortcode
/// stays as its source text).
pub fn render_post(src: &str, site: &Site) -> RenderedPost {
    let index = LineIndex::new(src);
    let mut diagnostics = Vec::new();
    let (front_matter, body, body_offset) = match frontmatter::parse(src) {
        Ok(doc) => (doc.front_matter, doc.body, doc.body_offset),
        Err(error) => {
            diagnostics.push(error);
            let offset = frontmatter::body_offset_after_error(src);
            (FrontMatter::default(), &src[offset..], offset)
        }
    };

    let parsed = shortcode::parse(body, body_offset);
    diagnostics.extend(parsed.diagnostics);

    let mut expander = Expander {
        src,
        site,
        index: &index,
        page: page_value(&front_matter),
        placeholders: Vec::new(),
        diagnostics: Vec::new(),
        tweet_ids: Vec::new(),
        ordinal: 0,
        parents: Vec::new(),
        inline_templates: BTreeMap::new(),
        page_params: front_matter.params.clone(),
    };
    let source = expander.expand(&parsed.nodes, true);
    diagnostics.append(&mut expander.diagnostics);

    let options = site.config.markdown_options();
    let (before_divider, has_divider) = match source.find(SUMMARY_DIVIDER) {
        Some(at) => (&source[..at], true),
        None => (source.as_str(), false),
    };
    let content_source = source.replacen(SUMMARY_DIVIDER, "", 1);
    let content = expander.fill(&markdown::render(&content_source, &options));
    let plain = plain_text(&without_embed_cards(&content));
    let word_count = plain.split_whitespace().count();

    let (summary, truncated) = if has_divider {
        (
            expander.fill(&markdown::render(before_divider, &options)),
            true,
        )
    } else if let Some(summary) = front_matter.summary.as_deref().filter(|s| !s.is_empty()) {
        (markdown::render(summary, &options), true)
    } else {
        auto_summary(&plain, site.config.summary_length)
    };

    diagnostics.sort_by_key(|d| d.span.start);
    RenderedPost {
        front_matter,
        summary,
        truncated,
        content,
        diagnostics: diagnostics
            .into_iter()
            .map(|d| LocatedDiagnostic::new(d, &index))
            .collect(),
        word_count,
        tweet_ids: expander.tweet_ids,
    }
}

/// Hugo's automatic summary: the first `words` words, continued to the end of
/// that sentence, as plain text in a paragraph.
fn auto_summary(plain: &str, words: usize) -> (String, bool) {
    let all: Vec<&str> = plain.split_whitespace().collect();
    let mut end = all.len().min(words);
    while end < all.len() && end > 0 && !all[end - 1].ends_with(['.', '!', '?']) {
        end += 1;
    }
    let text = all[..end].join(" ");
    if text.is_empty() {
        return (String::new(), false);
    }
    (format!("<p>{}</p>", escape::html(&text)), end < all.len())
}

/// The text of an HTML fragment, entities decoded for the common cases;
/// used for word counts and automatic summaries.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    crate::template::funcs::html_unescape(&out)
}

/// `html` without Folio's tweet cards: their fallback text ("View the post
/// on X") is not the author's prose, so summaries and word counts skip it.
fn without_embed_cards(html: &str) -> String {
    const OPEN: &str = "<figure class=\"folio-tweet\"";
    const CLOSE: &str = "</figure>";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(OPEN) {
        out.push_str(&rest[..start]);
        match rest[start..].find(CLOSE) {
            Some(end) => rest = &rest[start + end + CLOSE.len()..],
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Turns the shortcode tree back into Markdown source, rendering each
/// shortcode on the way.
struct Expander<'a> {
    src: &'a str,
    site: &'a Site,
    index: &'a LineIndex,
    /// `.Page` for templates.
    page: TemplateValue,
    /// The shortcodes being expanded, innermost last (`.Parent`).
    parents: Vec<Rc<ShortcodeContext>>,
    /// `name.inline` templates defined so far in this post.
    inline_templates: BTreeMap<String, Rc<Template>>,
    /// Output of each `{{< >}}` shortcode, by placeholder number.
    placeholders: Vec<Placeholder>,
    diagnostics: Vec<Diagnostic>,
    tweet_ids: Vec<String>,
    ordinal: usize,
    /// The front matter params, for the `param` built-in.
    page_params: serde_json::Map<String, serde_json::Value>,
}

/// The output of a `{{< >}}` shortcode, put in after Markdown rendering.
struct Placeholder {
    html: String,
    /// Folio's own tweet embed (a `<figure>`): when it ends a paragraph it
    /// goes after it rather than inside. Hugo never moves output, so site
    /// templates and the other built-ins stay where the author put them.
    is_tweet_embed: bool,
}

/// Placeholder for the HTML of `{{< >}}` shortcode number N: letters and
/// digits only, so no Markdown rule (emphasis, typographer, linkify) changes it.
fn placeholder(n: usize) -> String {
    format!("FOLIOSHORTCODE{n}XEND")
}

impl Expander<'_> {
    /// Markdown source for `nodes`. At the top level `{{< >}}` output becomes
    /// a placeholder; inside another shortcode it is inlined, since the
    /// parent's template decides what happens to its `.Inner`.
    fn expand(&mut self, nodes: &[Node], top_level: bool) -> String {
        let mut out = String::new();
        let mut skip_leading_close = false;
        for (i, node) in nodes.iter().enumerate() {
            match node {
                Node::Text(span) => {
                    let mut text = &self.src[span.start..span.end];
                    if std::mem::take(&mut skip_leading_close) {
                        text = strip_leading_close(text).unwrap_or(text);
                    }
                    if let Some(Node::Shortcode(next)) = nodes.get(i + 1) {
                        if let Some((kept, _)) = self.tweet_wrapper(text, next, nodes.get(i + 2)) {
                            text = kept;
                        }
                    }
                    out.push_str(text);
                }
                Node::Escaped { literal, .. } => out.push_str(literal),
                Node::Shortcode(sc) => {
                    // Align from a raw Twitter blockquote the author wrapped around it.
                    let wrapper_align =
                        match (i.checked_sub(1).map(|p| &nodes[p]), nodes.get(i + 1)) {
                            (Some(Node::Text(prev)), next) => self
                                .tweet_wrapper(&self.src[prev.start..prev.end], sc, next)
                                .map(|(_, align)| align),
                            _ => None,
                        };
                    if wrapper_align.is_some() {
                        skip_leading_close = true;
                    }
                    let html = self.render_shortcode(sc, wrapper_align.flatten());
                    if sc.markdown || !top_level {
                        out.push_str(&html);
                    } else {
                        let is_tweet_embed =
                            builtins::is_tweet(&sc.name) && !self.site_overrides(&sc.name);
                        out.push_str(&placeholder(self.placeholders.len()));
                        self.placeholders.push(Placeholder {
                            html,
                            is_tweet_embed,
                        });
                    }
                }
            }
        }
        out
    }

    /// When `text` ends with `<blockquote class="twitter-tweet …">`, `sc` is a
    /// tweet and `after` starts with `</blockquote>`, returns the text without
    /// the opening tag and the blockquote's alignment: the author pasted
    /// Twitter's markup around the shortcode, and one embed is what they meant.
    fn tweet_wrapper<'t>(
        &self,
        text: &'t str,
        sc: &Shortcode,
        after: Option<&Node>,
    ) -> Option<(&'t str, Option<tweet::Align>)> {
        if !builtins::is_tweet(&sc.name) || self.site_overrides(&sc.name) {
            return None;
        }
        let Some(Node::Text(after)) = after else {
            return None;
        };
        strip_leading_close(&self.src[after.start..after.end])?;
        let open = text.rfind('<')?;
        let align = tweet::wrapping_blockquote_align(&text[open..])?;
        Some((&text[..open], align))
    }

    fn site_overrides(&self, name: &str) -> bool {
        self.site.shortcodes.contains_key(name)
    }

    fn render_shortcode(&mut self, sc: &Shortcode, align: Option<tweet::Align>) -> String {
        let ordinal = self.ordinal;
        self.ordinal += 1;
        let source = &self.src[sc.open_span.start..sc.open_span.end];
        if let Some(template) = self.template_for(sc) {
            return match template {
                Ok(template) => self.run_template(sc, &template, ordinal),
                Err(error) => {
                    self.diagnostics.push(Diagnostic::error(
                        sc.open_span,
                        format!("shortcode '{}': template {error}", sc.name),
                    ));
                    unknown_placeholder(&sc.name, source)
                }
            };
        }
        if sc.is_inline() {
            // Inline shortcodes are off unless the site enables them (Hugo).
            self.diagnostics.push(Diagnostic::warning(
                sc.open_span,
                format!(
                    "inline shortcode '{}' ignored: the site does not set enableInlineShortcodes",
                    sc.name
                ),
            ));
            return String::new();
        }
        let inner = sc.inner.as_ref().map(|nodes| self.expand(nodes, false));
        let ctx = builtins::BuiltinContext {
            config: &self.site.config,
            page_params: &self.page_params,
        };
        match builtins::render(sc, inner.as_deref(), align, &ctx) {
            Ok(output) => {
                self.tweet_ids.extend(output.tweet_id);
                output.html
            }
            Err(builtins::Error::Unknown) => {
                self.diagnostics.push(Diagnostic::warning(
                    sc.open_span,
                    format!(
                        "unknown shortcode '{}': it is shown as a placeholder",
                        sc.name
                    ),
                ));
                unknown_placeholder(&sc.name, &self.src[sc.open_span.start..sc.open_span.end])
            }
            Err(builtins::Error::Invalid(message)) => {
                self.diagnostics
                    .push(Diagnostic::error(sc.open_span, message));
                unknown_placeholder(&sc.name, &self.src[sc.open_span.start..sc.open_span.end])
            }
        }
    }

    /// The template that renders `sc`: the site's own, or an inline one
    /// (defined here, or earlier in the post), if any.
    fn template_for(&mut self, sc: &Shortcode) -> Option<Result<Rc<Template>, String>> {
        if let Some(found) = self.site.shortcodes.get(&sc.name) {
            return Some(found.clone().map_err(|e| e.to_string()));
        }
        if !(sc.is_inline() && self.site.config.enable_inline_shortcodes) {
            return None;
        }
        if let Some(span) = sc.inner_span {
            let parsed = Template::parse(&sc.name, &self.src[span.start..span.end])
                .map(Rc::new)
                .map_err(|e| e.to_string());
            if let Ok(template) = &parsed {
                self.inline_templates
                    .insert(sc.name.clone(), template.clone());
            }
            return Some(parsed);
        }
        Some(
            self.inline_templates
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
        context.parent = self.parents.last().cloned();
        context.page = self.page.clone();
        context.site = site_value(&self.site.config);
        // Inline templates' inner text is their definition, not content.
        if !sc.is_inline() {
            if let Some(nodes) = &sc.inner {
                self.parents.push(Rc::new(context.clone()));
                let inner = self.expand(nodes, false);
                self.parents.pop();
                context = context.with_inner(inner);
            }
        }
        let host = RenderHost { site: self.site };
        match template.execute(&context.into_value(), &host) {
            Ok(html) => html,
            Err(error) => {
                self.diagnostics.push(Diagnostic::error(
                    sc.open_span,
                    format!("shortcode '{}': template {error}", sc.name),
                ));
                unknown_placeholder(&sc.name, &self.src[sc.open_span.start..sc.open_span.end])
            }
        }
    }

    /// Puts each `{{< >}}` shortcode's HTML in place of its placeholder. A
    /// placeholder alone in a paragraph replaces the paragraph, as in Hugo, so
    /// block output is not wrapped in `<p>`.
    fn fill(&self, html: &str) -> String {
        let mut out = html.to_string();
        for (
            n,
            Placeholder {
                html: output,
                is_tweet_embed,
            },
        ) in self.placeholders.iter().enumerate().rev()
        {
            let token = placeholder(n);
            let wrapped = format!("<p>{token}</p>");
            let closing = format!("{token}</p>");
            out = if out.contains(&wrapped) {
                out.replace(&wrapped, output)
            } else if *is_tweet_embed && is_block_html(output) && out.contains(&closing) {
                // Block output ending a paragraph (a tweet on the line after
                // the text it illustrates) goes after the paragraph: a
                // `<figure>` inside `<p>` is invalid and browsers split it.
                out.replace(&closing, &format!("</p>\n{output}"))
            } else {
                out.replace(&token, output)
            };
        }
        out
    }
}

/// Whether `html` starts with an element that cannot sit inside `<p>`.
fn is_block_html(html: &str) -> bool {
    const BLOCKS: [&str; 10] = [
        "<figure",
        "<div",
        "<blockquote",
        "<p",
        "<ul",
        "<ol",
        "<table",
        "<pre",
        "<iframe",
        "<section",
    ];
    let html = html.trim_start();
    BLOCKS
        .iter()
        .any(|tag| html.starts_with(tag) && html[tag.len()..].starts_with([' ', '>', '\n']))
}

/// What templates can ask of the pipeline: `markdownify`, `ref`, URLs.
struct RenderHost<'a> {
    site: &'a Site,
}

impl Host for RenderHost<'_> {
    fn markdownify(&self, md: &str) -> String {
        markdown::render(md, &self.site.config.markdown_options())
    }

    fn ref_link(&self, _path: &str, _relative: bool) -> Option<String> {
        // One post alone knows no other pages: the site's not-found URL.
        self.site.config.ref_links_not_found_url.clone()
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

/// `.Page` as templates see it.
fn page_value(fm: &FrontMatter) -> TemplateValue {
    let text = |s: &Option<String>| TemplateValue::String(s.clone().unwrap_or_default());
    TemplateValue::Map(vec![
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
    ])
}

/// `.Site` as templates see it.
fn site_value(config: &crate::site::SiteConfig) -> TemplateValue {
    TemplateValue::Map(vec![
        ("Title".into(), TemplateValue::String(config.title.clone())),
        (
            "BaseURL".into(),
            TemplateValue::String(config.base_url.clone()),
        ),
        (
            "Params".into(),
            TemplateValue::from_json(&serde_json::Value::Object(config.params.clone())),
        ),
    ])
}

fn strip_leading_close(text: &str) -> Option<&str> {
    let trimmed = text.trim_start();
    let tag = "</blockquote>";
    if trimmed.len() >= tag.len() && trimmed[..tag.len()].eq_ignore_ascii_case(tag) {
        Some(&trimmed[tag.len()..])
    } else {
        None
    }
}

/// What an unknown or broken shortcode shows: its own source, visibly marked,
/// so the reader sees something is missing and the author sees what.
fn unknown_placeholder(name: &str, source: &str) -> String {
    format!(
        "<span class=\"folio-shortcode-error\" data-shortcode=\"{}\" title=\"Shortcode '{}' could not be rendered\"><code>{}</code></span>",
        escape::html(name),
        escape::html(name),
        escape::html(source)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = crate::testdata::EXAMPLE;

    #[test]
    fn example_post_renders_five_centred_tweets() {
        let post = render_post(EXAMPLE, &Site::default());
        assert_eq!(
            post.front_matter.title.as_deref(),
            Some("PyconWeb - May'17")
        );
        assert!(post.diagnostics.is_empty(), "{:?}", post.diagnostics);
        assert_eq!(
            post.tweet_ids,
            [
                "868470099023409153",
                "868381608042213378",
                "868407332589502464",
                "868745584471142401",
                "868772520719155200"
            ]
        );
        assert_eq!(post.content.matches("data-testid=\"tweet\"").count(), 5);
        assert_eq!(post.content.matches("data-align=\"center\"").count(), 5);
        // One embed each, not a tweet inside Twitter's blockquote.
        assert!(!post.content.contains("twitter-tweet"));
        assert!(!post.content.contains("blockquote>\n"), "{}", post.content);
        assert!(!post.content.contains("FOLIOSHORTCODE"));
        assert!(post.summary.contains("Pyconweb"));
        assert!(!post.summary.contains("Ludwig"));
        assert!(post.truncated);
        assert!(post.content.contains("Ludwig Maximilian"));
        // The embeds follow their paragraphs instead of sitting inside them.
        assert!(!post.content.contains("<p><figure"));
        assert_eq!(post.content.matches("</p>\n<figure").count(), 5);
    }

    #[test]
    fn block_output_stays_in_its_paragraph_like_hugo() {
        // Hugo only unwraps a placeholder that is a whole paragraph; output
        // that ends one (here the highlight built-in) stays inside the `<p>`.
        let post = render_post(
            "Add this:\n{{< highlight bash \"linenos=false\" >}}\necho\n{{< /highlight >}}\n",
            &Site::default(),
        );
        assert_eq!(
            post.content,
            "<p>Add this:\n<div class=\"highlight\"><pre tabindex=\"0\" style=\"color:#f8f8f2;background-color:#272822;-moz-tab-size:4;-o-tab-size:4;tab-size:4;\"><code class=\"language-bash\" data-lang=\"bash\"><span style=\"display:flex;\"><span>echo</span></span></code></pre></div></p>\n"
        );
    }

    #[test]
    fn unknown_shortcodes_are_placeholders_with_a_warning() {
        let post = render_post("Hello {{< nope a=\"b\" >}} world\n", &Site::default());
        assert!(post.content.contains("folio-shortcode-error"));
        assert!(post.content.contains("world"));
        assert_eq!(post.diagnostics.len(), 1);
        let d = &post.diagnostics[0];
        assert_eq!((d.severity, d.line, d.column), (Severity::Warning, 1, 7));
        assert!(d.message.contains("'nope'"));
    }

    #[test]
    fn site_templates_render_shortcodes_and_override_built_ins() {
        let mut site = Site::default();
        site.add_shortcode(
            "note",
            "<aside class=\"{{ .Get \"kind\" }}\">{{ .Inner | markdownify }}</aside>",
        );
        site.add_shortcode("tweet", "<span>tweet {{ .Get 0 }}</span>");
        let post = render_post(
            "{{< note kind=\"warn\" >}}**Careful**{{< /note >}}\n\n{{< tweet 20 >}}\n",
            &site,
        );
        assert!(post.diagnostics.is_empty(), "{:?}", post.diagnostics);
        assert!(
            post.content
                .contains("<aside class=\"warn\"><strong>Careful</strong></aside>"),
            "{}",
            post.content
        );
        assert!(post.content.contains("<span>tweet 20</span>"));
        assert!(post.tweet_ids.is_empty());
    }

    #[test]
    fn template_errors_are_diagnostics_and_the_rest_renders() {
        let mut site = Site::default();
        site.add_shortcode("fig", "{{ partial \"x\" . }}");
        site.add_shortcode("bad", "{{ if }}");
        let post = render_post("a {{< fig >}} b {{< bad >}} c\n", &site);
        assert_eq!(post.diagnostics.len(), 2, "{:?}", post.diagnostics);
        assert!(post.diagnostics[0].message.contains("partial"));
        assert!(post.content.contains(" c"));
        assert_eq!(post.content.matches("folio-shortcode-error").count(), 2);
    }

    #[test]
    fn inline_shortcodes_need_the_site_switch() {
        let src = "{{< hi.inline >}}Hi {{ .Get 0 }}{{< /hi.inline >}} {{< hi.inline \"x\" />}}\n";
        let mut site = Site::default();
        let off = render_post(src, &site);
        assert!(!off.content.contains("Hi"));
        site.config.enable_inline_shortcodes = true;
        let on = render_post(src, &site);
        assert!(on.content.contains("Hi x"), "{}", on.content);
    }

    #[test]
    fn broken_front_matter_still_shows_the_body() {
        let post = render_post("+++\ntitle = \n+++\nBody text\n", &Site::default());
        assert!(post.has_errors());
        assert_eq!(post.diagnostics[0].line, 2);
        assert!(post.content.contains("Body text"));
    }

    #[test]
    fn standalone_shortcode_is_not_wrapped_in_a_paragraph() {
        let post = render_post("Intro\n\n{{< tweet 20 >}}\n\nOutro\n", &Site::default());
        assert!(post.content.contains("</p>\n<figure"), "{}", post.content);
        assert!(!post.content.contains("<p><figure"));
    }

    #[test]
    fn automatic_summaries_leave_tweet_cards_out() {
        let post = render_post("Before.\n\n{{< tweet 20 >}}\n\nAfter.\n", &Site::default());
        assert_eq!(post.summary, "<p>Before. After.</p>");
        assert_eq!(post.word_count, 2);
    }

    #[test]
    fn automatic_summary_ends_at_a_sentence() {
        let words = "word ".repeat(80);
        let (summary, truncated) = auto_summary(&format!("One two. {words}end. More."), 2);
        assert_eq!(summary, "<p>One two.</p>");
        assert!(truncated);
    }
}
