//! The widget's post view: the reader app's blocks (`BlockView`, keyed by
//! each block's stable key) and post meta, without any page-level effect
//! (no title, meta or canonical link; tags are text, not app links).

use std::rc::Rc;

use folio::app::config::{AppConfig, EmbedMode};
use folio::app::pages::PostMeta;
use folio::app::post::BlockView;
use folio::app::{embeds, highlight};
use folio_core::diagnostics::Severity;
use folio_core::render::Rendered;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WidgetPostProps {
    pub post: Rc<Rendered>,
    pub embeds: EmbedMode,
    pub tweet_script: AttrValue,
    /// The code highlighter's URL; none: code stays plain.
    pub highlighter: Option<AttrValue>,
    /// Relative links and images in the post resolve against this URL.
    pub base: Option<AttrValue>,
}

#[function_component(WidgetPost)]
pub fn widget_post(props: &WidgetPostProps) -> Html {
    let body_ref = use_node_ref();
    {
        let body_ref = body_ref.clone();
        let mode = props.embeds;
        let config = AppConfig {
            tweet_script: props.tweet_script.to_string(),
            ..AppConfig::default()
        };
        let highlighter = props.highlighter.clone();
        let base = props.base.clone();
        let has_tweets = props.post.embeds.iter().any(|e| e.kind == "tweet");
        let keys: Vec<String> = props.post.blocks.iter().map(|b| b.key.clone()).collect();
        use_effect_with((keys, mode, has_tweets, base), move |(_, _, _, base)| {
            if let Some(body) = body_ref.cast::<web_sys::Element>() {
                if let Some(base) = base {
                    resolve_relative(&body, base);
                }
                // No tweets, no widgets.js.
                if has_tweets {
                    embeds::activate(&body, &config, mode);
                }
                if let Some(highlighter) = highlighter {
                    highlight::highlight_code(&body, &highlighter);
                }
                embeds::activate_videos(&body);
            }
        });
    }
    let post = &props.post;
    let fm = &post.front_matter;
    let title = fm.title.clone().unwrap_or_default();
    let date = fm.date.as_ref().map(|d| d.to_rfc3339()).unwrap_or_default();
    let errors = post
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            html! {
                <li>{ format!("line {}:{}: {}", d.line, d.column, d.message) }</li>
            }
        })
        .collect::<Html>();
    let has_errors = post
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    let blocks = post.blocks.iter().map(|block| {
        html! {
            <BlockView key={block.key.clone()} html={AttrValue::from(block.html.clone())} line={block.line} />
        }
    });
    let tags: Vec<String> = fm.tags.iter().chain(&fm.categories).cloned().collect();
    html! {
        <article class="post" part="post">
            if has_errors {
                <div class="folio-error" part="error" role="alert" data-testid="folio-error">
                    <p>{ "This post has errors:" }</p>
                    <ul>{ errors }</ul>
                </div>
            }
            if !title.is_empty() || !date.is_empty() {
                <header class="post-header" part="header">
                    if !title.is_empty() {
                        <h1 class="post-title" part="title" data-testid="post-title">{ title }</h1>
                    }
                    if let Some(subtitle) = fm.subtitle.clone().filter(|s| !s.is_empty()) {
                        <p class="post-subtitle" part="subtitle">{ subtitle }</p>
                    }
                    if !date.is_empty() {
                        <PostMeta date={date} reading_time={folio_core::index::reading_time(post.word_count)} />
                    }
                    if !tags.is_empty() {
                        <ul class="tag-list" part="tags">
                            { for tags.into_iter().map(|t| html! { <li><span class="tag" part="tag">{ t }</span></li> }) }
                        </ul>
                    }
                </header>
            }
            <div class="post-body" part="body" data-testid="post-body" ref={body_ref}>{ for blocks }</div>
        </article>
    }
}

/// Rewrites relative `href`/`src` attributes under `root` to absolute URLs
/// against `base` (absolute URLs, fragments and unparsable values stay).
fn resolve_relative(root: &web_sys::Element, base: &str) {
    let Ok(nodes) = root.query_selector_all("a[href], img[src], source[src], video[src]") else {
        return;
    };
    for i in 0..nodes.length() {
        let Some(el) = nodes
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let attr = if el.has_attribute("href") {
            "href"
        } else {
            "src"
        };
        let Some(value) = el.get_attribute(attr) else {
            continue;
        };
        if value.starts_with('#') || value.contains(':') && !value.starts_with('/') {
            continue;
        }
        if let Ok(url) = web_sys::Url::new_with_base(&value, base) {
            let _ = el.set_attribute(attr, &url.href());
        }
    }
}
