//! The `tweet` / `twitter` / `x` built-in shortcodes.
//!
//! Folio renders every tweet as one stable embed element that the browser
//! shell upgrades to a live embed (`twttr.widgets.createTweet`) and that reads
//! fine without JavaScript:
//!
//! ```html
//! <figure class="folio-tweet" data-testid="tweet" data-tweet-id="20" data-align="center">
//!   <blockquote class="folio-tweet-fallback"><p>Post by @jack on X</p>
//!   <a href="https://x.com/jack/status/20">View the post on X</a></blockquote>
//! </figure>
//! ```
//!
//! `data-align` is `left`, `center`, `right` or absent; `data-user` is present
//! when the author gave one.

use crate::shortcode::{Params, Value};

/// Where a tweet embed sits on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

impl Align {
    pub fn parse(word: &str) -> Option<Align> {
        // Compared without a lower-case copy (one per wrapped tweet).
        let word = word.trim();
        let is = |name: &str| word.eq_ignore_ascii_case(name);
        if is("left") {
            Some(Align::Left)
        } else if is("center") || is("centre") {
            Some(Align::Center)
        } else if is("right") {
            Some(Align::Right)
        } else {
            None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Align::Left => "left",
            Align::Center => "center",
            Align::Right => "right",
        }
    }
}

/// The parameters of a tweet shortcode, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tweet {
    pub id: String,
    pub user: Option<String>,
    pub align: Option<Align>,
}

impl Tweet {
    /// Reads `{{< tweet ID >}}`, `{{< tweet user="u" id="ID" >}}` and the
    /// `twitter` / `x` spellings. The id must be digits: it ends up in a URL
    /// and in a call to Twitter's script.
    pub fn from_params(params: &Params) -> Result<Tweet, String> {
        let text = |v: &Value| v.as_string();
        let (id, user, align) = match params {
            Params::Named(_) => (
                params.get("id").map(text),
                params.get("user").map(text),
                params.get("align").map(text),
            ),
            Params::Positional(_) => match (params.get_index(0), params.get_index(1)) {
                // Legacy form: {{< tweet 868470099023409153 >}}.
                (Some(id), None) => (Some(text(id)), None, None),
                // Positional form of the new one: {{< tweet user id >}}.
                (Some(user), Some(id)) => (Some(text(id)), Some(text(user)), None),
                _ => (None, None, None),
            },
            Params::None => (None, None, None),
        };
        let id = id.ok_or_else(|| {
            "tweet shortcode needs an id, e.g. {{< tweet user=\"jack\" id=\"20\" >}}".to_string()
        })?;
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("tweet id must be digits only, got {id:?}"));
        }
        let user = user.filter(|u| !u.is_empty());
        if let Some(u) = &user {
            if !u.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                return Err(format!(
                    "tweet user must be a handle (letters, digits, _), got {u:?}"
                ));
            }
        }
        let align =
            match align {
                Some(a) => Some(Align::parse(&a).ok_or_else(|| {
                    format!("tweet align must be left, center or right, got {a:?}")
                })?),
                None => None,
            };
        Ok(Tweet { id, user, align })
    }

    #[cfg(test)]
    pub fn url(&self) -> String {
        let mut url = String::new();
        self.push_url(&mut url);
        url
    }

    fn push_url(&self, out: &mut String) {
        out.push_str("https://x.com/");
        out.push_str(self.user.as_deref().unwrap_or("i"));
        out.push_str("/status/");
        out.push_str(&self.id);
    }

    /// The embed element. Ids and handles are validated to `[0-9A-Za-z_]`, so
    /// they need no escaping.
    pub fn to_html(&self) -> String {
        // One string of the right size (a post can have thousands).
        let user = self.user.as_deref();
        let mut html = String::with_capacity(280 + 3 * user.map_or(0, str::len) + self.id.len());
        html.push_str("<figure class=\"folio-tweet\" data-testid=\"tweet\" data-tweet-id=\"");
        html.push_str(&self.id);
        html.push('"');
        if let Some(align) = self.align {
            html.push_str(" data-align=\"");
            html.push_str(align.as_str());
            html.push('"');
        }
        if let Some(user) = user {
            html.push_str(" data-user=\"");
            html.push_str(user);
            html.push('"');
        }
        html.push_str("><blockquote class=\"folio-tweet-fallback\"><p>");
        match user {
            Some(user) => {
                html.push_str("A post by @");
                html.push_str(user);
                html.push_str(" on X");
            }
            None => html.push_str("A post on X"),
        }
        html.push_str("</p><a class=\"folio-tweet-link\" href=\"");
        self.push_url(&mut html);
        html.push_str("\">View the post on X</a></blockquote></figure>");
        html
    }
}

/// Finds the alignment in a raw `<blockquote class="twitter-tweet tw-align-center">`
/// that an author wrapped around a tweet shortcode (Twitter's own embed
/// markup). Returns `None` when `tag` is not such a blockquote.
pub fn wrapping_blockquote_align(tag: &str) -> Option<Option<Align>> {
    let tag = tag.trim();
    // Checked first: the text before a shortcode is rarely such a tag, and
    // can be long.
    let opens = tag
        .get(..11)
        .is_some_and(|start| start.eq_ignore_ascii_case("<blockquote"));
    if !opens || !tag.ends_with('>') {
        return None;
    }
    // ASCII case is ignored, without a lower-case copy (a post can have
    // thousands of these).
    // Only windows that start with a `c` are compared (comparing every
    // window was most of this function, once per wrapped tweet).
    let class_start = tag
        .as_bytes()
        .windows(6)
        .position(|w| (w[0] | 0x20) == b'c' && w.eq_ignore_ascii_case(b"class="))?
        + "class=".len();
    let rest = &tag[class_start..];
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    let value = &value[..value.find(quote)?];
    // One pass over the classes: is one `twitter-tweet`, and the first
    // `tw-align-…` that names an alignment.
    let mut is_tweet = false;
    let mut align = None;
    for class in value.split_whitespace() {
        if class.eq_ignore_ascii_case("twitter-tweet") {
            is_tweet = true;
        } else if align.is_none() {
            align = class
                .get(..9)
                .filter(|prefix| prefix.eq_ignore_ascii_case("tw-align-"))
                .and_then(|_| Align::parse(&class[9..]));
        }
    }
    is_tweet.then_some(align)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Span;
    use crate::shortcode::ParamValue;

    fn pv(value: Value) -> ParamValue {
        ParamValue {
            value,
            span: Span::default(),
        }
    }

    #[test]
    fn legacy_id_only_form() {
        let params = Params::Positional(vec![pv(Value::Int(868470099023409153))]);
        let tweet = Tweet::from_params(&params).unwrap();
        assert_eq!(tweet.id, "868470099023409153");
        assert_eq!(tweet.url(), "https://x.com/i/status/868470099023409153");
    }

    #[test]
    fn named_form_with_user_and_align() {
        let params = Params::Named(vec![
            ("user".into(), pv(Value::String("jack".into()))),
            ("id".into(), pv(Value::String("20".into()))),
            ("align".into(), pv(Value::String("right".into()))),
        ]);
        let html = Tweet::from_params(&params).unwrap().to_html();
        assert!(html.contains("data-tweet-id=\"20\""));
        assert!(html.contains("data-align=\"right\""));
        assert!(html.contains("href=\"https://x.com/jack/status/20\""));
    }

    #[test]
    fn non_digit_ids_are_rejected() {
        let params = Params::Positional(vec![pv(Value::String("20\"><script>".into()))]);
        assert!(Tweet::from_params(&params)
            .unwrap_err()
            .contains("digits only"));
        let params = Params::Named(vec![("user".into(), pv(Value::String("jack".into())))]);
        assert!(Tweet::from_params(&params)
            .unwrap_err()
            .contains("needs an id"));
    }

    #[test]
    fn recognises_twitters_blockquote() {
        assert_eq!(
            wrapping_blockquote_align("<blockquote class=\"twitter-tweet tw-align-center\">"),
            Some(Some(Align::Center))
        );
        assert_eq!(
            wrapping_blockquote_align("<blockquote class='twitter-tweet'>"),
            Some(None)
        );
        assert_eq!(wrapping_blockquote_align("<blockquote>"), None);
        // Any case, any order; the first class that names an alignment.
        assert_eq!(
            wrapping_blockquote_align(
                "<BLOCKQUOTE data-x=\"c\" CLASS=\"TW-ALIGN-nope tw-align-LEFT Twitter-Tweet tw-align-right\">"
            ),
            Some(Some(Align::Left))
        );
        assert_eq!(
            wrapping_blockquote_align("<blockquote class=\"tw-align-center\">"),
            None
        );
        assert_eq!(
            wrapping_blockquote_align("<blockquote class=\"quote\">"),
            None
        );
    }
}
