//! The post page: fetch the raw file, render it with the core, show it.

use gloo_net::http::Request;
use yew::prelude::*;

use super::embeds;
use super::AppConfig;
use crate::render::{render_post, RenderedPost};
use crate::site::Site;

#[derive(Properties, PartialEq)]
pub struct PostPageProps {
    /// URL of the raw post file, relative to the app.
    pub path: AttrValue,
    pub config: AppConfig,
}

/// Fetches the post file and its text, or says why not.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let response = Request::get(url)
        .send()
        .await
        .map_err(|e| format!("network error: {e}"))?;
    if !response.ok() {
        return Err(format!("{} {}", response.status(), response.status_text()));
    }
    response
        .text()
        .await
        .map_err(|e| format!("cannot read the response: {e}"))
}

#[derive(Clone, PartialEq)]
enum Load {
    Loading,
    Failed(String),
    Ready(std::rc::Rc<RenderedPost>),
}

#[function_component(PostPage)]
pub fn post_page(props: &PostPageProps) -> Html {
    let state = use_state(|| Load::Loading);
    let attempt = use_state(|| 0u32);
    {
        let state = state.clone();
        let path = props.path.clone();
        use_effect_with((path, *attempt), move |(path, _)| {
            let path = path.to_string();
            state.set(Load::Loading);
            wasm_bindgen_futures::spawn_local(async move {
                match fetch_text(&path).await {
                    Ok(text) => state.set(Load::Ready(std::rc::Rc::new(render_post(
                        &text,
                        &Site::default(),
                    )))),
                    Err(e) => state.set(Load::Failed(e)),
                }
            });
        });
    }
    match &*state {
        Load::Loading => {
            html! { <div class="post-skeleton" aria-busy="true" aria-label="Loading"></div> }
        }
        Load::Failed(reason) => {
            let retry = {
                let attempt = attempt.clone();
                Callback::from(move |_| attempt.set(*attempt + 1))
            };
            html! {
                <div class="fetch-error" data-testid="fetch-error" role="alert">
                    <p>{ format!("Could not load this post: {reason}.") }</p>
                    <button onclick={retry}>{ "Try again" }</button>
                </div>
            }
        }
        Load::Ready(post) => {
            html! { <PostView post={post.clone()} config={props.config.clone()} /> }
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct PostViewProps {
    pub post: std::rc::Rc<RenderedPost>,
    pub config: AppConfig,
}

/// A rendered post; upgrades its tweet cards after it is mounted.
#[function_component(PostView)]
pub fn post_view(props: &PostViewProps) -> Html {
    let body_ref = use_node_ref();
    {
        let body_ref = body_ref.clone();
        let script = props.config.tweet_script.clone();
        use_effect_with(props.post.clone(), move |_| {
            if let Some(body) = body_ref.cast::<web_sys::Element>() {
                embeds::upgrade_tweets(&body, &script);
            }
        });
    }
    let fm = &props.post.front_matter;
    let title = fm.title.clone().unwrap_or_default();
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&if title.is_empty() {
            "Folio".to_string()
        } else {
            format!("{title} · Folio")
        });
    }
    let content = Html::from_html_unchecked(AttrValue::from(props.post.content.clone()));
    html! {
        <article class="post">
            <header class="post-header">
                <h1 class="post-title" data-testid="post-title">{ title }</h1>
                if let Some(subtitle) = fm.subtitle.clone().filter(|s| !s.is_empty()) {
                    <p class="post-subtitle">{ subtitle }</p>
                }
                if let Some(date) = &fm.date {
                    <p class="post-meta"><time datetime={date.to_rfc3339()}>{ date.format_long() }</time></p>
                }
            </header>
            <div class="post-body" data-testid="post-body" ref={body_ref}>{ content }</div>
        </article>
    }
}
