//! Browser tests: components mounted in headless Chromium
//! (`cargo test --target wasm32-unknown-unknown --test browser`).
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use folio::app::post::{PostView, PostViewProps};
use folio::app::AppConfig;
use folio::render::render_post;
use folio::site::Site;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const EXAMPLE: &str = include_str!("../content/posts/2017-05-28-pyconweb-may17.md");

fn mount(src: &str) -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let props = PostViewProps {
        post: Rc::new(render_post(src, &Site::default())),
        // A script that never loads: the cards must stay readable.
        config: AppConfig {
            tweet_script: "/__no_such_script__.js".into(),
            ..AppConfig::default()
        },
        url: None,
        embeds: folio::app::config::EmbedMode::Live,
        newer: None,
        older: None,
    };
    yew::Renderer::<PostView>::with_root_and_props(root.clone(), props).render();
    root
}

async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn post_view_shows_title_body_and_tweet_cards() {
    let root = mount(EXAMPLE);
    next_tick().await;
    let title = root
        .query_selector("[data-testid=post-title]")
        .unwrap()
        .unwrap();
    assert_eq!(title.text_content().unwrap(), "PyconWeb - May'17");
    let tweets = root.query_selector_all("[data-testid=tweet]").unwrap();
    assert_eq!(tweets.length(), 5);
    let body = root
        .query_selector("[data-testid=post-body]")
        .unwrap()
        .unwrap();
    assert!(body
        .text_content()
        .unwrap()
        .contains("Ludwig Maximilian University"));
    // Each card carries a link that works without any script.
    let links = root
        .query_selector_all("[data-testid=tweet] a[href^='https://x.com/i/status/']")
        .unwrap();
    assert_eq!(links.length(), 5);
}

#[wasm_bindgen_test]
async fn post_view_shows_the_date() {
    let root = mount("+++\ntitle = \"T\"\ndate = 2020-01-02\n+++\nHi\n");
    next_tick().await;
    let time = root.query_selector("time").unwrap().unwrap();
    assert_eq!(
        time.get_attribute("datetime").unwrap().get(..10),
        Some("2020-01-02")
    );
}
