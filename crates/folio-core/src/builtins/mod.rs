//! Hugo's built-in shortcodes, rendered natively.
//!
//! A site template of the same name overrides a built-in, as in Hugo; that
//! decision is the caller's ([`crate::render`]).

pub mod details;
pub mod embeds;
pub mod figure;

pub mod param;
pub mod qr;
pub mod refs;
pub mod tweet;

use serde_json::{Map, Value as Json};

use crate::markdown::{self, highlight};
use crate::shortcode::Shortcode;
use crate::site::SiteConfig;

/// What a built-in may read besides its own parameters.
#[derive(Clone, Copy, Debug)]
pub struct BuiltinContext<'a> {
    pub config: &'a SiteConfig,
    /// The page's front matter params (`.Page.Params`), for `param`.
    pub page_params: &'a Map<String, Json>,
    /// How Markdown inside a built-in renders (the post's trust included).
    pub markdown: &'a markdown::Options,
}

/// Hugo's `markdownify`: Markdown to HTML, without the `<p>` around a
/// single paragraph, so the result fits inline.
pub fn markdownify(text: &str, ctx: &BuiltinContext) -> String {
    let html = markdown::render(text, ctx.markdown);
    let trimmed = html.trim_end_matches('\n');
    match trimmed
        .strip_prefix("<p>")
        .and_then(|rest| rest.strip_suffix("</p>"))
    {
        Some(body) if !body.contains("<p>") => body.to_string(),
        _ => html,
    }
}

/// What a built-in produced.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    pub html: String,
    /// Set for tweet embeds, so the app knows it needs Twitter's script.
    pub tweet_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Error {
    /// No built-in of that name.
    Unknown,
    /// The built-in exists but its parameters are wrong.
    Invalid(String),
}

pub fn is_tweet(name: &str) -> bool {
    matches!(name, "tweet" | "twitter" | "x")
}

/// Renders built-in `sc`. `inner` is its expanded inner content, if paired;
/// `align` comes from a raw Twitter blockquote wrapped around a tweet.
pub fn render(
    sc: &Shortcode,
    inner: Option<&str>,
    align: Option<tweet::Align>,
    ctx: &BuiltinContext,
) -> Result<Output, Error> {
    let config = ctx.config;
    let html = |result: Result<String, String>| {
        result
            .map(|html| Output {
                html,
                tweet_id: None,
            })
            .map_err(Error::Invalid)
    };
    let params = &sc.params;
    match sc.name.as_str() {
        "highlight" => {
            return html(highlight::from_params(params).map(|(lang, options)| {
                highlight::render(
                    highlight::trim_inner(inner.unwrap_or_default()),
                    &lang,
                    &options,
                )
            }))
        }
        "figure" => return html(figure::render(params, ctx)),
        "youtube" => return html(embeds::youtube(params, ctx)),
        "vimeo" => return html(embeds::vimeo(params, ctx)),
        "gist" => return html(embeds::gist(params, ctx)),
        "instagram" => return html(embeds::instagram(params, ctx)),
        "details" => return html(details::render(params, inner, ctx)),
        "param" => return html(param::render(params, ctx)),
        "qr" => return html(qr::render(params, inner)),
        _ => {}
    }
    if is_tweet(&sc.name) {
        if config.privacy.twitter_disable {
            return Ok(Output::default());
        }
        let mut tweet = tweet::Tweet::from_params(&sc.params)
            .map_err(|e| Error::Invalid(format!("{} shortcode: {e}", sc.name)))?;
        tweet.align = tweet.align.or(align);
        return Ok(Output {
            html: tweet.to_html(),
            tweet_id: Some(tweet.id),
        });
    }
    Err(Error::Unknown)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::diagnostics::Span;
    use crate::shortcode::{ParamValue, Params, Value};

    /// A context with the default site and no page params.
    pub fn context() -> BuiltinContext<'static> {
        BuiltinContext {
            config: Box::leak(Box::default()),
            page_params: Box::leak(Box::default()),
            markdown: Box::leak(Box::default()),
        }
    }

    fn param(value: &str) -> ParamValue {
        ParamValue {
            value: Value::String(value.to_string()),
            span: Span::default(),
        }
    }

    pub fn named(pairs: &[(&str, &str)]) -> Params {
        Params::Named(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), param(v)))
                .collect(),
        )
    }

    pub fn positional(values: &[&str]) -> Params {
        Params::Positional(values.iter().map(|v| param(v)).collect())
    }

    #[test]
    fn pipeline_renders_builtins_with_page_params() {
        let post = crate::render::render_post(
            "---\nparams:\n  color: red\n---\nColour: {{< param color >}}\n\n{{< gist u 1 >}}\n\n{{< youtube >}}\n",
            &crate::site::Site::default(),
        );
        assert!(
            post.content().contains("<p>Colour: red</p>"),
            "{}",
            post.content()
        );
        assert!(post.content().contains("https://gist.github.com/u/1.js"));
        assert_eq!(post.diagnostics.len(), 1, "{:?}", post.diagnostics);
        assert!(post.diagnostics[0]
            .message
            .contains("youtube shortcode needs an id"));
    }

    #[test]
    fn huge_line_number_start_does_not_overflow() {
        let options =
            highlight::Options::parse(&format!("linenos=table,linenostart={}", usize::MAX))
                .unwrap();
        assert!(highlight::render("a\nb", "go", &options).contains(&usize::MAX.to_string()));
    }

    #[test]
    fn markdownify_unwraps_one_paragraph() {
        assert_eq!(markdownify("*a*", &context()), "<em>a</em>");
        assert_eq!(markdownify("a\n\nb", &context()), "<p>a</p>\n<p>b</p>\n");
    }
}
