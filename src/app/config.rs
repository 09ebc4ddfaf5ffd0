//! Settings the host page gives the app through `<meta name="folio:…">` tags,
//! so a site owner (or a test) changes them without rebuilding.

use web_sys::window;

/// Twitter/X's embed script, unless the page says otherwise.
pub const DEFAULT_TWEET_SCRIPT: &str = "https://platform.twitter.com/widgets.js";

#[derive(Clone, Debug, PartialEq)]
pub struct AppConfig {
    /// URL of the script that defines `twttr.widgets.createTweet`.
    pub tweet_script: String,
}

impl AppConfig {
    pub fn from_document() -> AppConfig {
        AppConfig {
            tweet_script: meta("folio:tweet-script")
                .unwrap_or_else(|| DEFAULT_TWEET_SCRIPT.to_string()),
        }
    }
}

fn meta(name: &str) -> Option<String> {
    let document = window()?.document()?;
    let element = document
        .query_selector(&format!("meta[name=\"{name}\"]"))
        .ok()??;
    element.get_attribute("content").filter(|c| !c.is_empty())
}
