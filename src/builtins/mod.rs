//! Hugo's built-in shortcodes, rendered natively.
//!
//! A site template of the same name overrides a built-in, as in Hugo; that
//! decision is the caller's ([`crate::render`]).

pub mod tweet;

use crate::shortcode::Shortcode;
use crate::site::SiteConfig;

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
    _inner: Option<&str>,
    align: Option<tweet::Align>,
    config: &SiteConfig,
) -> Result<Output, Error> {
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
