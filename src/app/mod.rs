//! The browser shell: fetches raw post files, hands them to the core
//! ([`crate::render`], [`crate::index`], [`crate::routes`]) and mounts the
//! result. Nothing here parses or renders posts; it only fetches, routes,
//! mounts and embeds.

pub mod blocks;
pub mod config;
#[cfg(feature = "editor")]
pub mod editor;
pub mod embeds;
pub mod fetch;
pub mod highlight;
pub mod pages;
pub mod post;
pub mod router;
pub mod script;
pub mod timing;
pub mod worker;

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

pub use config::AppConfig;

use crate::index::Index;
use crate::routes::{self, Route};
use fetch::{fetch_text, Load};

#[function_component(App)]
fn app() -> Html {
    let config = use_memo((), |_| AppConfig::from_document());
    // The page's frame shown while the wasm downloaded (index.html's
    // #folio-boot) goes once the app's own is in the page: effects run after
    // the first render, in the same task, so no frame shows both or neither.
    use_effect_with((), |_| remove_boot_frame());
    let route = router::use_route();
    let index = use_state(|| Load::<Rc<Index>>::Loading);
    // Why the whole index failed to load after the first page was shown.
    let rest_failed = use_state(|| None::<String>);
    let attempt = use_state(|| 0u32);
    {
        let index = index.clone();
        let rest_failed = rest_failed.clone();
        let url = config.index_url();
        let first_url = first_page_url(&url);
        // The home page needs only the first page (index-1.json, written by
        // `folio index`): show it, then load the whole index for the other
        // pages. Any other page waits for the whole index.
        let home = route == Route::Home { page: 1 };
        use_effect_with(*attempt, move |_| {
            index.set(Load::Loading);
            rest_failed.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                let mut shown = false;
                if home {
                    if let Ok(Ok(first)) = fetch_text(&first_url).await.map(|t| parse_index(&t)) {
                        let whole = !first.is_partial();
                        index.set(Load::Ready(first));
                        if whole {
                            return;
                        }
                        shown = true;
                        // Let the first page paint before parsing the rest.
                        next_frame().await;
                    }
                }
                let loaded = match fetch_text(&url).await {
                    Ok(text) => parse_index(&text),
                    Err(e) => Err(e),
                };
                match loaded {
                    Err(e) if shown => rest_failed.set(Some(e)),
                    loaded => index.set(loaded.into()),
                }
            });
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_| attempt.set(*attempt + 1))
    };
    // A first page serves only the home page; other routes wait for the rest.
    let partial =
        matches!(&*index, Load::Ready(i) if i.is_partial()) && route != Route::Home { page: 1 };
    // The site's config, read once here for the header and the routes
    // (the default, one language, until the index is there).
    let site_config = match &*index {
        Load::Ready(index) => index.site.to_config(),
        _ => crate::site::SiteConfig::default(),
    };
    // The language of the page: the header's links stay in it (`/fa/`,
    // `/fa/tags/`), as a Hugo site's menus are per language.
    let lang_prefix = match routes::split_language(&route.to_path(), &site_config) {
        Some((lang, _)) => site_config.language_prefix(&lang),
        None => site_config.language_prefix(&site_config.default_language),
    };
    let body = match &*index {
        _ if partial => match &*rest_failed {
            None => html! { <pages::Skeleton /> },
            Some(reason) => {
                html! { <pages::FetchError what="the list of posts" reason={reason.clone()} onretry={retry} /> }
            }
        },
        Load::Loading => html! { <pages::Skeleton /> },
        Load::Failed(reason) => {
            html! { <pages::FetchError what="the list of posts" reason={reason.clone()} onretry={retry} /> }
        }
        Load::Ready(index) => {
            let config = (*config).clone();
            match &route {
                Route::Home { .. } | Route::Terms(_) | Route::Term { .. }
                    if !lang_prefix.is_empty() =>
                {
                    // `defaultContentLanguageInSubdir`: Hugo's `/` redirects
                    // to `/en/`, and list pages live only under the prefix.
                    router::navigate(&format!("{lang_prefix}{}", route.to_path()), true);
                    html! { <pages::Skeleton /> }
                }
                Route::Home { .. } | Route::Terms(_) | Route::Term { .. } => {
                    list_route(index, &site_config, &route, None)
                }
                Route::Edit { .. } | Route::New => editor_route(index, &route, config),
                Route::Page { path } => {
                    // `/fa/`, `/fa/tags/x/`: a language's own list pages.
                    match routes::split_language(path, &site_config)
                        .map(|(lang, rest)| (lang, Route::parse(&rest)))
                    {
                        Some((
                            lang,
                            list @ (Route::Home { .. } | Route::Terms(_) | Route::Term { .. }),
                        )) => list_route(index, &site_config, &list, Some(lang)),
                        _ => {
                            html! { <post::PostRoute index={index.clone()} path={path.clone()} config={config} /> }
                        }
                    }
                }
            }
        }
    };
    html! {
        <div class="folio">
            <a class="skip-link" href="#main">{ "Skip to content" }</a>
            <header class="site-header">
                <router::Link class="site-title" to={format!("{lang_prefix}/")}>{ config.site_title.clone() }</router::Link>
                <nav class="site-nav" aria-label="Site">
                    <router::Link to={format!("{lang_prefix}/")}>{ "Posts" }</router::Link>
                    <router::Link to={format!("{lang_prefix}/tags/")}>{ "Tags" }</router::Link>
                    <router::Link to={format!("{lang_prefix}/categories/")}>{ "Categories" }</router::Link>
                    <ThemeToggle />
                </nav>
            </header>
            <main id="main" class="site-main">{ body }</main>
            <footer class="site-footer">
                <p>{ "Rendered in your browser by Folio, straight from the raw post files." }</p>
            </footer>
        </div>
    }
}

/// A list page (home, terms, term) in one language (`lang`; `None`: the
/// default): on a site with `languages`, only that language's posts (as
/// Hugo builds a home and taxonomy pages per language), links under its
/// prefix, `<html lang dir>` set. A function, not a component: one
/// component fewer in the download.
fn list_route(
    index: &Rc<Index>,
    config: &crate::site::SiteConfig,
    route: &Route,
    lang: Option<String>,
) -> Html {
    let lang = lang.unwrap_or_else(|| config.default_language.clone());
    let prefix = AttrValue::from(config.language_prefix(&lang));
    let index = if config.is_multilingual() {
        let dir = config
            .language(&lang)
            .map(|l| l.direction.clone())
            .unwrap_or_default();
        pages::set_language(&lang, &dir);
        pages::set_alternates(&[]);
        Rc::new(index.in_language(&lang, config))
    } else {
        index.clone()
    };
    match route {
        Route::Home { page } => html! { <pages::Home {index} page={*page} {prefix} /> },
        Route::Terms(taxonomy) => html! { <pages::Terms {index} taxonomy={*taxonomy} {prefix} /> },
        Route::Term {
            taxonomy,
            term,
            page,
        } => html! {
            <pages::Term {index} taxonomy={*taxonomy} term={term.clone()} page={*page} {prefix} />
        },
        _ => html! { <pages::NotFound /> },
    }
}

/// The editor's routes (`/edit/…`, `/new`).
#[cfg(feature = "editor")]
fn editor_route(index: &Rc<Index>, route: &Route, config: AppConfig) -> Html {
    let path = match route {
        Route::Edit { path } => Some(AttrValue::from(path.clone())),
        _ => None,
    };
    html! { <editor::EditorRoute index={index.clone()} {path} {config} /> }
}

/// The first-load build has no editor: the editor is its own build, which
/// the page's loader (Trunk.toml's `pattern_script`) starts instead when a
/// page opens on an editor route, and
/// the router makes a link there a full page load. So this shows only when
/// the editor's build did not load (the page's loader then started this
/// one): a link that tries again.
#[cfg(not(feature = "editor"))]
fn editor_route(_index: &Rc<Index>, route: &Route, _config: AppConfig) -> Html {
    html! {
        <section class="fetch-error" role="alert" data-testid="editor-missing">
            <p>{ "The editor is a separate download, and it did not load." }</p>
            <p><a href={route.to_path()}>{ "Try again" }</a></p>
        </section>
    }
}

fn parse_index(text: &str) -> Result<Rc<Index>, String> {
    serde_json::from_str::<Index>(text)
        .map(Rc::new)
        .map_err(|e| format!("the post index is not valid JSON: {e}"))
}

/// `…/index-1.json` next to `…/index.json`.
fn first_page_url(index_url: &str) -> String {
    let dir = index_url.rsplit_once('/').map_or("", |(dir, _)| dir);
    format!("{dir}/{}", crate::index::FIRST_PAGE_FILE)
}

/// Resolves after the next frame is painted (requestAnimationFrame, then a
/// task), or at once without a window.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Some(window) = web_sys::window() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            return;
        };
        let after_paint = wasm_bindgen::closure::Closure::once_into_js(move || {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback(&resolve);
            }
        });
        let _ = window.request_animation_frame(after_paint.unchecked_ref());
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Removes index.html's loading frame (`#folio-boot`), if the page has one.
fn remove_boot_frame() {
    if let Some(frame) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("folio-boot"))
    {
        frame.remove();
    }
}

/// Light/dark switch; the choice is kept in localStorage and applied as
/// `data-theme` on `<html>` (CSS follows `prefers-color-scheme` otherwise).
#[function_component(ThemeToggle)]
fn theme_toggle() -> Html {
    let dark = use_state(|| embeds::color_scheme() == "dark");
    let onclick = {
        let dark = dark.clone();
        Callback::from(move |_| {
            let next = if *dark { "light" } else { "dark" };
            if let Some(window) = web_sys::window() {
                if let Some(root) = window.document().and_then(|d| d.document_element()) {
                    let _ = root.set_attribute("data-theme", next);
                }
                if let Ok(Some(storage)) = window.local_storage() {
                    let _ = storage.set_item("folio-theme", next);
                }
            }
            dark.set(!*dark);
        })
    };
    let label = if *dark {
        "Switch to light theme"
    } else {
        "Switch to dark theme"
    };
    html! {
        <button class="theme-toggle" type="button" aria-label={label} title={label} {onclick}>
            { if *dark { "☀" } else { "☾" } }
        </button>
    }
}

/// Shows `message` in a visible panel (`data-testid="fatal-error"`) on top
/// of whatever the page shows: after a panic the app is dead (wasm aborts),
/// and a reader should see why rather than a frozen page.
pub fn show_fatal_error(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    let Ok(panel) = document.create_element("div") else {
        return;
    };
    panel.set_class_name("fatal-error");
    let _ = panel.set_attribute("data-testid", "fatal-error");
    let _ = panel.set_attribute("role", "alert");
    let _ = panel.set_attribute(
        "style",
        "position:fixed;inset:auto 1rem 1rem 1rem;z-index:1000;padding:1rem;\
         background:#fee;color:#600;border:2px solid #c00;border-radius:6px;\
         font:14px/1.4 system-ui,sans-serif;white-space:pre-wrap",
    );
    if let Ok(title) = document.create_element("strong") {
        title.set_text_content(Some(
            "Folio stopped because of an internal error. Reload the page to try again.\n",
        ));
        let _ = panel.append_child(&title);
    }
    if let Ok(detail) = document.create_element("code") {
        // Text, never HTML: the message may quote a post.
        detail.set_text_content(Some(message));
        let _ = panel.append_child(&detail);
    }
    let _ = body.append_child(&panel);
}

/// Installs the panic hook: the message goes to the console and into a
/// visible error panel. Through Yew's `set_custom_panic_hook`: a plain
/// `std::panic::set_hook` is replaced by Yew's console-only hook when the
/// app mounts.
fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&message.as_str().into());
        show_fatal_error(&message);
    }));
}

/// Mounts the app on `<body>`, after applying the saved theme.
pub fn start() {
    // Outside a window (a worker): no app.
    if web_sys::window().is_none() {
        return;
    }
    install_panic_hook();
    // The reader's saved theme (`folio-theme`) is applied by boot.js, in
    // the page's head, before the first paint (index.html's loading frame
    // is painted in it).
    yew::Renderer::<App>::new().render();
    if config::meta_present("folio:debug-panic") {
        // For the browser tests of the panic hook.
        panic!("panic requested by <meta name=\"folio:debug-panic\">");
    }
}
