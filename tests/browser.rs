//! Browser tests: components mounted in headless Chromium
//! (`cargo test --target wasm32-unknown-unknown --test browser`).
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use folio::app::post::{PostView, PostViewProps};
use folio::app::AppConfig;
use folio::render::render_post;
use folio::site::Site;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use yew::AppHandle;

wasm_bindgen_test_configure!(run_in_browser);

const EXAMPLE: &str = include_str!("../content/posts/2017-05-28-pyconweb-may17.md");

fn props(src: &str) -> PostViewProps {
    PostViewProps {
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
        edit: None,
        lang: Default::default(),
        dir: Default::default(),
        prefix: Default::default(),
        translations: Vec::new(),
    }
}

fn mount_with_handle(src: &str) -> (web_sys::Element, AppHandle<PostView>) {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<PostView>::with_root_and_props(root.clone(), props(src)).render();
    (root, handle)
}

fn mount(src: &str) -> web_sys::Element {
    mount_with_handle(src).0
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

#[wasm_bindgen_test]
async fn editing_one_block_keeps_the_other_blocks_nodes() {
    let (root, mut handle) = mount_with_handle(EXAMPLE);
    next_tick().await;
    let body = root
        .query_selector("[data-testid=post-body]")
        .unwrap()
        .unwrap();
    let tweet = root
        .query_selector("figure[data-testid=tweet]")
        .unwrap()
        .unwrap();
    let first_paragraph = body.query_selector("p").unwrap().unwrap();
    assert!(first_paragraph
        .text_content()
        .unwrap()
        .contains("conference took place"));
    // The card was seen once (the script never loads: it is given up on).
    assert!(tweet.get_attribute("data-embed").is_some());

    let edited = EXAMPLE.replacen("conference took place", "conference happened", 1);
    assert_ne!(edited, EXAMPLE);
    let next = props(&edited);
    let blocks = next.post.blocks.len();
    handle.update(next);
    next_tick().await;

    let text = body.text_content().unwrap();
    assert!(text.contains("conference happened"));
    assert!(!text.contains("conference took place"));
    let tweet_now = root
        .query_selector("figure[data-testid=tweet]")
        .unwrap()
        .unwrap();
    assert!(
        tweet_now.is_same_node(Some(&tweet)),
        "the tweet card was re-created"
    );
    // Its upgrade was not redone, nor a second live embed put in it.
    assert!(
        tweet_now
            .query_selector_all(".folio-tweet-live")
            .unwrap()
            .length()
            <= 1
    );
    // The edited paragraph is new; one wrapper per block, nothing left over.
    let paragraph_now = body.query_selector("p").unwrap().unwrap();
    assert!(!paragraph_now.is_same_node(Some(&first_paragraph)));
    let wrappers = body.query_selector_all(":scope > .folio-block").unwrap();
    assert_eq!(wrappers.length() as usize, blocks);
    assert_eq!(body.children().length() as usize, blocks);
    let first = wrappers
        .item(0)
        .unwrap()
        .dyn_into::<web_sys::Element>()
        .unwrap();
    assert!(first.get_attribute("data-line").is_some());
    assert_eq!(
        root.query_selector_all("[data-testid=tweet]")
            .unwrap()
            .length(),
        5
    );

    // Blocks added at both ends: the others move, keyed, without being
    // rebuilt (Yew lines unkeyed lists up from the end, so the start alone
    // would not show that the keys are used).
    let inserted = format!(
        "{}\nA new last paragraph.\n",
        edited.replacen(
            "The [Pyconweb]",
            "A new first paragraph.\n\nThe [Pyconweb]",
            1,
        )
    );
    let next = props(&inserted);
    let blocks = next.post.blocks.len();
    handle.update(next);
    next_tick().await;
    assert_eq!(body.children().length() as usize, blocks);
    let first_text = body
        .query_selector("p")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(first_text, "A new first paragraph.");
    assert_eq!(
        body.last_element_child()
            .unwrap()
            .text_content()
            .unwrap()
            .trim(),
        "A new last paragraph."
    );
    assert!(body
        .query_selector("figure[data-testid=tweet]")
        .unwrap()
        .unwrap()
        .is_same_node(Some(&tweet)));
    assert!(body
        .query_selector_all("p")
        .unwrap()
        .item(1)
        .unwrap()
        .is_same_node(Some(&paragraph_now)));
}

#[wasm_bindgen_test]
async fn post_view_without_tweets_loads_no_tweet_script() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let mut props = props("+++\ntitle = \"T\"\n+++\nJust words.\n\nMore words.\n");
    props.config.tweet_script = "/__tweet_free_post__.js".into();
    assert!(props.post.embeds.is_empty());
    yew::Renderer::<PostView>::with_root_and_props(root.clone(), props).render();
    next_tick().await;
    let body = root
        .query_selector("[data-testid=post-body]")
        .unwrap()
        .unwrap();
    assert_eq!(body.children().length(), 2);
    assert_eq!(
        body.text_content()
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>(),
        ["Just", "words.", "More", "words."]
    );
    assert!(document
        .query_selector("script[src*='__tweet_free_post__']")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn re_activation_after_an_update_touches_only_new_cards() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let with_mode = |src: &str| {
        let mut props = props(src);
        props.embeds = folio::app::config::EmbedMode::ClickToLoad;
        props
    };
    let mut handle =
        yew::Renderer::<PostView>::with_root_and_props(root.clone(), with_mode(EXAMPLE)).render();
    next_tick().await;
    let buttons = || {
        root.query_selector_all(".folio-embed-load")
            .unwrap()
            .length()
    };
    assert_eq!(buttons(), 5);

    // An edit elsewhere and a new tweet at the end: the five cards keep their
    // one button each, the new card gets its own.
    let edited = format!(
        "{}\n{{{{< tweet 1234567890 >}}}}\n",
        EXAMPLE.replacen("conference took place", "conference happened", 1)
    );
    let next = with_mode(&edited);
    assert_eq!(next.post.tweet_ids().len(), 6);
    handle.update(next);
    next_tick().await;
    let cards = root.query_selector_all("[data-testid=tweet]").unwrap();
    assert_eq!(cards.length(), 6);
    for i in 0..cards.length() {
        let card = cards
            .item(i)
            .unwrap()
            .dyn_into::<web_sys::Element>()
            .unwrap();
        assert_eq!(
            card.query_selector_all(".folio-embed-load")
                .unwrap()
                .length(),
            1,
            "card {i}"
        );
        assert_eq!(
            card.get_attribute("data-embed").as_deref(),
            Some("click-to-load")
        );
    }
    assert_eq!(buttons(), 6);
}

#[wasm_bindgen_test]
async fn mounted_blocks_keep_nodes_through_moves_inserts_and_removals() {
    use folio::app::blocks::MountedBlocks;
    let document = web_sys::window().unwrap().document().unwrap();
    let container = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&container).unwrap();
    let blocks = render_post("A\n\nB\n\nC\n\nD\n\nE\n", &Site::default()).blocks;
    let extra = render_post("X\n\nY\n", &Site::default()).blocks;
    assert_eq!((blocks.len(), extra.len()), (5, 2));
    let texts = |c: &web_sys::Element| -> Vec<String> {
        let children = c.children();
        (0..children.length())
            .map(|i| {
                children
                    .item(i)
                    .unwrap()
                    .text_content()
                    .unwrap()
                    .trim()
                    .to_string()
            })
            .collect()
    };
    let node = |c: &web_sys::Element, text: &str| {
        let children = c.children();
        (0..children.length())
            .map(|i| children.item(i).unwrap())
            .find(|e| e.text_content().unwrap().trim() == text)
            .unwrap()
    };
    let mut dom = MountedBlocks::default();
    let stats = dom.sync(&container, &blocks);
    assert_eq!(stats.created.len(), 5);
    assert_eq!(texts(&container), ["A", "B", "C", "D", "E"]);
    let (a, c, d, e) = (
        node(&container, "A"),
        node(&container, "C"),
        node(&container, "D"),
        node(&container, "E"),
    );
    // D moves to the front, B goes, X comes in the middle, Y at the end.
    let next = vec![
        blocks[3].clone(),
        blocks[0].clone(),
        extra[0].clone(),
        blocks[2].clone(),
        blocks[4].clone(),
        extra[1].clone(),
    ];
    let stats = dom.sync(&container, &next);
    assert_eq!(texts(&container), ["D", "A", "X", "C", "E", "Y"]);
    assert_eq!((stats.created.len(), stats.removed), (2, 1));
    for (kept, text) in [(&a, "A"), (&c, "C"), (&d, "D"), (&e, "E")] {
        assert!(
            node(&container, text).is_same_node(Some(kept)),
            "{text} was re-created"
        );
    }
    // The same list again touches nothing; an empty list empties it.
    let stats = dom.sync(&container, &next);
    assert_eq!((stats.created.len(), stats.removed, stats.moved), (0, 0, 0));
    dom.sync(&container, &[]);
    assert_eq!(container.children().length(), 0);
}
