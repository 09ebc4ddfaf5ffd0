//! Live tweet embeds: Folio renders each tweet as a fallback card
//! (`figure[data-testid=tweet]`, written by the core's `tweet` built-in); here the
//! card is upgraded with Twitter's `widgets.js` when that script loads. If it
//! never loads, or `createTweet` resolves to nothing (deleted tweet, blocked
//! script), the card stays: the reader never sees an empty hole.
//!
//! Every function here may run again over the same root (the post view does
//! so after each change of its blocks): a card or video stand-in is marked
//! when first seen (`data-embed`, `data-ready`) and skipped from then on, so
//! only cards in new or changed blocks are touched.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{window, Element};

use super::config::{AppConfig, EmbedMode};
use super::script;

/// Makes the tweet cards under `root` live as the site's embed mode says:
/// at once, on a click on each card's button, or never.
pub fn activate(root: &Element, config: &AppConfig, mode: EmbedMode) {
    match mode {
        EmbedMode::Live => upgrade_tweets(root, &config.tweet_script),
        EmbedMode::Off => {}
        EmbedMode::ClickToLoad => add_load_buttons(root, &config.tweet_script),
    }
}

/// Makes each click-to-play video stand-in (see
/// the core's `video_facade` built-in) swap itself for the real player,
/// autoplaying, when clicked.
/// An `https` URL of a YouTube or Vimeo player (the hosts the core's
/// sanitiser lets frame).
pub fn is_player_url(src: &str) -> bool {
    src.starts_with("https://")
        && crate::sanitize::safe_url(src, "iframe", "src").is_some_and(|url| url == src)
}

pub fn activate_videos(root: &Element) {
    let Ok(facades) = root.query_selector_all(".folio-video[data-src]:not([data-ready])") else {
        return;
    };
    for i in 0..facades.length() {
        let Some(facade) = facades.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let _ = facade.set_attribute("data-ready", "");
        let target = facade.clone();
        let onclick = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
            event.prevent_default();
            let (Some(src), Some(document)) =
                (target.get_attribute("data-src"), target.owner_document())
            else {
                return;
            };
            // Only a player on a known host becomes a frame: raw HTML in a
            // post can carry a `.folio-video` of its own.
            if !is_player_url(&src) {
                return;
            }
            let Ok(frame) = document.create_element("iframe") else {
                return;
            };
            let separator = if src.contains('?') { '&' } else { '?' };
            let _ = frame.set_attribute("src", &format!("{src}{separator}autoplay=1"));
            let _ = frame.set_attribute(
                "title",
                &target.get_attribute("data-title").unwrap_or_default(),
            );
            let _ = frame.set_attribute("allow", "autoplay; fullscreen; picture-in-picture");
            let _ = frame.set_attribute("allowfullscreen", "");
            frame.set_class_name("folio-video-frame");
            target.set_inner_html("");
            let _ = target.append_child(&frame);
            let _ = target.set_attribute("data-playing", "");
        });
        if let Ok(Some(link)) = facade.query_selector(".folio-video-play") {
            let _ =
                link.add_event_listener_with_callback("click", onclick.as_ref().unchecked_ref());
        }
        onclick.forget();
    }
}

/// Puts a "Load post from X" button on each card; nothing is fetched from
/// Twitter until one is clicked, and then only for that card.
fn add_load_buttons(root: &Element, script_url: &str) {
    let Ok(cards) = root.query_selector_all("figure[data-testid=\"tweet\"]:not([data-embed])")
    else {
        return;
    };
    for i in 0..cards.length() {
        let Some(card) = cards.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let _ = card.set_attribute("data-embed", "click-to-load");
        let Some(document) = card.owner_document() else {
            continue;
        };
        let Ok(button) = document.create_element("button") else {
            continue;
        };
        let _ = button.set_attribute("type", "button");
        button.set_class_name("folio-embed-load");
        button.set_text_content(Some("Load post from X"));
        let script_url = script_url.to_string();
        let target = card.clone();
        let onclick = Closure::<dyn Fn()>::new(move || {
            let _ = target.remove_attribute("data-embed");
            if let Some(parent) = target.parent_element() {
                upgrade_tweets(&parent, &script_url);
            }
        });
        let _ = button.add_event_listener_with_callback("click", onclick.as_ref().unchecked_ref());
        onclick.forget();
        if let Ok(Some(fallback)) = card.query_selector(".folio-tweet-fallback") {
            let _ = fallback.append_child(&button);
        }
    }
}

/// Upgrades every tweet card under `root` that is not yet upgraded, loading
/// the script first (once per page) if needed.
pub fn upgrade_tweets(root: &Element, script_url: &str) {
    let Ok(cards) = root.query_selector_all("figure[data-testid=\"tweet\"]:not([data-embed])")
    else {
        return;
    };
    let mut found = Vec::new();
    for i in 0..cards.length() {
        if let Some(card) = cards.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            let _ = card.set_attribute("data-embed", "pending");
            found.push(card);
        }
    }
    if found.is_empty() {
        return;
    }
    let Some(loaded) = script::load_once(script_url) else {
        return found.iter().for_each(mark_unavailable);
    };
    wasm_bindgen_futures::spawn_local(async move {
        // widgets.js that loads but defines no createTweet is as good as failed.
        let ready = JsFuture::from(loaded).await.is_ok() && create_tweet_fn().is_some();
        for card in found {
            if ready {
                embed(card);
            } else {
                mark_unavailable(&card);
            }
        }
    });
}

fn create_tweet_fn() -> Option<(JsValue, Function)> {
    let window = window()?;
    let twttr = Reflect::get(&window, &"twttr".into()).ok()?;
    let widgets = Reflect::get(&twttr, &"widgets".into()).ok()?;
    let create = Reflect::get(&widgets, &"createTweet".into()).ok()?;
    Some((widgets, create.dyn_into().ok()?))
}

fn mark_unavailable(card: &Element) {
    let _ = card.set_attribute("data-embed", "unavailable");
}

/// Calls `twttr.widgets.createTweet(id, target, { align, theme, dnt })`.
fn embed(card: Element) {
    let Some((widgets, create)) = create_tweet_fn() else {
        return mark_unavailable(&card);
    };
    let id = card.get_attribute("data-tweet-id").unwrap_or_default();
    let Some(document) = card.owner_document() else {
        return;
    };
    let Ok(target) = document.create_element("div") else {
        return;
    };
    target.set_class_name("folio-tweet-live");
    let _ = card.append_child(&target);
    let options = Object::new();
    if let Some(align) = card.get_attribute("data-align") {
        let _ = Reflect::set(&options, &"align".into(), &align.into());
    }
    // The nearest explicit theme (a widget's `theme` attribute sets it on its
    // container), else the page's colour scheme.
    let theme = card
        .closest("[data-theme]")
        .ok()
        .flatten()
        .and_then(|e| e.get_attribute("data-theme"))
        .filter(|t| t == "dark" || t == "light")
        .unwrap_or_else(|| color_scheme().to_string());
    let _ = Reflect::set(&options, &"theme".into(), &theme.as_str().into());
    let _ = Reflect::set(&options, &"dnt".into(), &true.into());
    let result = create.call3(&widgets, &id.into(), &target, &options);
    let Ok(promise) = result.and_then(|r| r.dyn_into::<Promise>()) else {
        return mark_unavailable(&card);
    };
    wasm_bindgen_futures::spawn_local(async move {
        match JsFuture::from(promise).await {
            Ok(element) if !element.is_undefined() && !element.is_null() => {
                let _ = card.set_attribute("data-embed", "live");
            }
            _ => {
                target.remove();
                mark_unavailable(&card);
            }
        }
    });
}

/// "dark" or "light", following the page's colour scheme.
pub fn color_scheme() -> &'static str {
    let dark_attr = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("data-theme"));
    match dark_attr.as_deref() {
        Some("dark") => return "dark",
        Some("light") => return "light",
        _ => {}
    }
    let prefers_dark = window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches());
    if prefers_dark {
        "dark"
    } else {
        "light"
    }
}
