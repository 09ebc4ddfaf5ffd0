//! The video and third-party embeds: `youtube`, `vimeo`, `gist` and
//! `instagram`, shaped like Hugo 0.111's templates and honouring the site's
//! `privacy` switches (a disabled service renders nothing).

use super::BuiltinContext;
use crate::shortcode::{Params, Value};
use crate::text;

const RESPONSIVE_BOX: &str =
    "position: relative; padding-bottom: 56.25%; height: 0; overflow: hidden;";
const RESPONSIVE_FRAME: &str =
    "position: absolute; top: 0; left: 0; width: 100%; height: 100%; border:0;";

/// A named parameter, else the positional one at `index`; empty counts as absent.
fn get(params: &Params, name: &str, index: usize) -> Option<String> {
    params
        .get(name)
        .or_else(|| params.get_index(index))
        .map(Value::as_string)
        .filter(|v| !v.is_empty())
}

fn named(params: &Params, name: &str) -> Option<String> {
    params
        .get(name)
        .map(Value::as_string)
        .filter(|v| !v.is_empty())
}

fn is_true(params: &Params, name: &str) -> bool {
    named(params, name).is_some_and(|v| v == "true")
}

fn is_false(params: &Params, name: &str) -> bool {
    named(params, name).is_some_and(|v| v == "false")
}

/// The id of a video or post: it goes into a URL path, so only the
/// characters the services use are accepted.
fn id(params: &Params, shortcode: &str) -> Result<String, String> {
    let id = get(params, "id", 0).ok_or_else(|| {
        format!("{shortcode} shortcode needs an id, e.g. {{{{< {shortcode} ID >}}}}")
    })?;
    if !id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(format!(
            "{shortcode} id must be letters, digits, - and _, got {id:?}"
        ));
    }
    Ok(id)
}

/// `{{< youtube ID >}}` or named `id`, `class`, `title`, `autoplay`,
/// `start`, `end`, `mute`, `loop`, `controls`, `loading`, `allowFullScreen`.
pub fn youtube(params: &Params, ctx: &BuiltinContext) -> Result<String, String> {
    let privacy = &ctx.config.privacy;
    if privacy.youtube_disable {
        return Ok(String::new());
    }
    let id = id(params, "youtube")?;
    let host = if privacy.youtube_privacy_enhanced {
        "www.youtube-nocookie.com"
    } else {
        "www.youtube.com"
    };
    let class = get(params, "class", 1);
    let title = named(params, "title").unwrap_or_else(|| "YouTube Video".to_string());
    // Query parameters in Go's `url.Values` order (sorted by key).
    let mut query: Vec<(String, String)> = Vec::new();
    if is_true(params, "autoplay") {
        query.push(("autoplay".into(), "1".into()));
    }
    if is_false(params, "controls") {
        query.push(("controls".into(), "0".into()));
    }
    for key in ["end", "start"] {
        if let Some(seconds) = named(params, key) {
            if !seconds.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("youtube {key} must be seconds, got {seconds:?}"));
            }
            query.push((key.into(), seconds));
        }
    }
    if is_true(params, "loop") {
        query.push(("loop".into(), "1".into()));
        // YouTube loops a single video only as a one-item playlist.
        query.push(("playlist".into(), id.clone()));
    }
    if is_true(params, "mute") {
        query.push(("mute".into(), "1".into()));
    }
    query.sort_by(|a, b| a.0.cmp(&b.0));
    let mut src = format!("https://{host}/embed/{id}");
    for (i, (key, value)) in query.iter().enumerate() {
        src.push(if i == 0 { '?' } else { '&' });
        src.push_str(&format!("{key}={value}"));
    }
    if ctx.config.video_facades {
        return Ok(video_facade("youtube", &src, &title));
    }
    let mut html = String::from("\n<div ");
    match &class {
        Some(class) => html.push_str(&format!("class=\"{}\"", text::html_template(class))),
        None => html.push_str(&format!("style=\"{RESPONSIVE_BOX}\"")),
    }
    html.push_str(&format!(">\n  <iframe src=\"{}\" ", text::url_attr(&src)));
    if class.is_none() {
        html.push_str(&format!("style=\"{RESPONSIVE_FRAME}\" "));
    }
    if !is_false(params, "allowFullScreen") {
        html.push_str("allowfullscreen ");
    }
    if let Some(loading) = named(params, "loading") {
        html.push_str(&format!("loading=\"{}\" ", text::html_template(&loading)));
    }
    html.push_str(&format!(
        "title=\"{}\"></iframe>\n</div>\n",
        text::html_template(&title)
    ));
    Ok(html)
}

/// The click-to-play stand-in the app uses instead of a player iframe:
/// nothing loads from the video host until the reader asks for it, and the
/// link works without JavaScript. The app swaps in
/// `<iframe src="{data-src}">` (autoplaying) on click.
pub fn video_facade(provider: &str, src: &str, title: &str) -> String {
    format!(
        "<div class=\"folio-video\" data-testid=\"video\" data-provider=\"{provider}\" data-src=\"{src}\" data-title=\"{title}\">\
         <a class=\"folio-video-play\" href=\"{src}\"><span aria-hidden=\"true\">▶</span> Play video: {title}</a></div>\n",
        src = text::url_attr(src),
        title = text::html_template(title),
    )
}

/// `{{< vimeo ID [class] [title] >}}` or named `id`, `class`, `title`.
pub fn vimeo(params: &Params, ctx: &BuiltinContext) -> Result<String, String> {
    if ctx.config.privacy.vimeo_disable {
        return Ok(String::new());
    }
    let id = id(params, "vimeo")?;
    let class = get(params, "class", 1);
    let title = get(params, "title", 2).unwrap_or_else(|| "vimeo video".to_string());
    if ctx.config.video_facades {
        return Ok(video_facade(
            "vimeo",
            &format!("https://player.vimeo.com/video/{id}"),
            &title,
        ));
    }
    let mut html = String::from("<div ");
    match &class {
        Some(class) => html.push_str(&format!("class=\"{}\"", text::html_template(class))),
        None => html.push_str(&format!("style=\"{RESPONSIVE_BOX}\"")),
    }
    html.push_str(&format!(
        ">\n  <iframe src=\"https://player.vimeo.com/video/{id}\" "
    ));
    if class.is_none() {
        html.push_str(&format!("style=\"{RESPONSIVE_FRAME}\" "));
    }
    html.push_str(&format!(
        "title=\"{}\" webkitallowfullscreen mozallowfullscreen allowfullscreen></iframe>\n</div>\n",
        text::html_template(&title)
    ));
    Ok(html)
}

/// `{{< gist USER ID [FILE] >}}`: GitHub's embed script; for untrusted
/// content a link to the gist instead (no third-party script chosen by
/// someone else's text).
pub fn gist(params: &Params, ctx: &BuiltinContext) -> Result<String, String> {
    let user = get(params, "user", 0);
    let id = get(params, "id", 1);
    let (Some(user), Some(id)) = (user, id) else {
        return Err(
            "gist shortcode needs a user and an id, e.g. {{< gist spf13 7896402 >}}".into(),
        );
    };
    let mut src = format!(
        "https://gist.github.com/{}/{}.js",
        text::url_attr(&user),
        text::url_attr(&id)
    );
    if ctx.markdown.policy().is_untrusted() {
        let href = src.trim_end_matches(".js");
        return Ok(format!(
            "<p><a href=\"{href}\" rel=\"nofollow noopener noreferrer\">{}</a></p>\n",
            text::html_template(&format!("Gist {user}/{id}"))
        ));
    }
    if let Some(file) = get(params, "file", 2) {
        src.push_str(&format!("?file={}", text::url_query(&file)));
    }
    Ok(format!(
        "<script type=\"application/javascript\" src=\"{src}\"></script>\n"
    ))
}

/// `{{< instagram ID [hidecaption] >}}`. Hugo 0.111 fetched the embed from
/// Instagram's API at build time; Folio renders Instagram's blockquote
/// markup, which Instagram's script upgrades in the browser.
pub fn instagram(params: &Params, ctx: &BuiltinContext) -> Result<String, String> {
    if ctx.config.privacy.instagram_disable {
        return Ok(String::new());
    }
    let id = id(params, "instagram")?;
    let captioned =
        if get(params, "hidecaption", 1).is_some_and(|v| v == "hidecaption" || v == "true") {
            ""
        } else {
            " data-instgrm-captioned"
        };
    Ok(format!(
        "<blockquote class=\"instagram-media\"{captioned} data-instgrm-permalink=\"https://www.instagram.com/p/{id}/\" data-instgrm-version=\"14\"><a href=\"https://www.instagram.com/p/{id}/\">View this post on Instagram</a></blockquote>\n"
    ))
}

#[cfg(test)]
mod facade_tests {
    use super::*;

    #[test]
    fn facades_replace_players_when_asked() {
        let facade = video_facade(
            "youtube",
            "https://www.youtube.com/embed/abc?start=1&end=2",
            "A <b>",
        );
        assert_eq!(
            facade,
            "<div class=\"folio-video\" data-testid=\"video\" data-provider=\"youtube\" data-src=\"https://www.youtube.com/embed/abc?start=1&amp;end=2\" data-title=\"A &lt;b&gt;\"><a class=\"folio-video-play\" href=\"https://www.youtube.com/embed/abc?start=1&amp;end=2\"><span aria-hidden=\"true\">▶</span> Play video: A &lt;b&gt;</a></div>\n"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{context, named, positional};
    use super::*;
    use crate::site::SiteConfig;

    #[test]
    fn youtube_positional() {
        assert_eq!(
            youtube(&positional(&["0RKpf3rK57I"]), &context()).unwrap(),
            "\n<div style=\"position: relative; padding-bottom: 56.25%; height: 0; overflow: hidden;\">\n  <iframe src=\"https://www.youtube.com/embed/0RKpf3rK57I\" style=\"position: absolute; top: 0; left: 0; width: 100%; height: 100%; border:0;\" allowfullscreen title=\"YouTube Video\"></iframe>\n</div>\n"
        );
    }

    #[test]
    fn youtube_named_options_and_privacy() {
        let mut config = SiteConfig::default();
        config.privacy.youtube_privacy_enhanced = true;
        let params = named(&[
            ("id", "abc"),
            ("class", "video"),
            ("title", "A & B"),
            ("autoplay", "true"),
            ("start", "10"),
            ("mute", "true"),
            ("allowFullScreen", "false"),
            ("loading", "lazy"),
        ]);
        let page_params = serde_json::Map::new();
        let ctx = BuiltinContext {
            config: &config,
            page_params: &page_params,
            markdown: &crate::markdown::Options::default(),
        };
        assert_eq!(
            youtube(&params, &ctx).unwrap(),
            "\n<div class=\"video\">\n  <iframe src=\"https://www.youtube-nocookie.com/embed/abc?autoplay=1&amp;mute=1&amp;start=10\" loading=\"lazy\" title=\"A &amp; B\"></iframe>\n</div>\n"
        );
        config.privacy.youtube_disable = true;
        let ctx = BuiltinContext {
            config: &config,
            page_params: &page_params,
            markdown: &crate::markdown::Options::default(),
        };
        assert_eq!(youtube(&params, &ctx).unwrap(), "");
        assert!(youtube(&named(&[("class", "x")]), &context())
            .unwrap_err()
            .contains("needs an id"));
    }

    #[test]
    fn vimeo_positional_and_named() {
        assert_eq!(
            vimeo(&positional(&["19899678"]), &context()).unwrap(),
            "<div style=\"position: relative; padding-bottom: 56.25%; height: 0; overflow: hidden;\">\n  <iframe src=\"https://player.vimeo.com/video/19899678\" style=\"position: absolute; top: 0; left: 0; width: 100%; height: 100%; border:0;\" title=\"vimeo video\" webkitallowfullscreen mozallowfullscreen allowfullscreen></iframe>\n</div>\n"
        );
        assert_eq!(
            vimeo(&named(&[("id", "1"), ("class", "v"), ("title", "T")]), &context()).unwrap(),
            "<div class=\"v\">\n  <iframe src=\"https://player.vimeo.com/video/1\" title=\"T\" webkitallowfullscreen mozallowfullscreen allowfullscreen></iframe>\n</div>\n"
        );
    }

    #[test]
    fn gist_with_file() {
        assert_eq!(
            gist(&positional(&["spf13", "7896402", "img.html"]), &context()).unwrap(),
            "<script type=\"application/javascript\" src=\"https://gist.github.com/spf13/7896402.js?file=img.html\"></script>\n"
        );
        assert!(gist(&positional(&["spf13"]), &context()).is_err());
    }

    #[test]
    fn instagram_disabled_renders_nothing() {
        let mut config = SiteConfig::default();
        config.privacy.instagram_disable = true;
        let page_params = serde_json::Map::new();
        let ctx = BuiltinContext {
            config: &config,
            page_params: &page_params,
            markdown: &crate::markdown::Options::default(),
        };
        assert_eq!(instagram(&positional(&["CxOWiQNP2MO"]), &ctx).unwrap(), "");
        assert_eq!(
            instagram(&positional(&["CxOWiQNP2MO", "hidecaption"]), &context()).unwrap(),
            "<blockquote class=\"instagram-media\" data-instgrm-permalink=\"https://www.instagram.com/p/CxOWiQNP2MO/\" data-instgrm-version=\"14\"><a href=\"https://www.instagram.com/p/CxOWiQNP2MO/\">View this post on Instagram</a></blockquote>\n"
        );
    }
}
