//! The browser shell: fetches raw post files, hands them to the core
//! ([`crate::render`]) and mounts the result. Nothing here parses or renders
//! posts; it only fetches, routes, mounts and embeds.

mod config;
pub mod embeds;
pub mod post;

use yew::prelude::*;

pub use config::AppConfig;

/// The example post the skeleton shows.
const EXAMPLE_POST: &str = "content/posts/2017-05-28-pyconweb-may17.md";

#[function_component(App)]
fn app() -> Html {
    let config = use_memo((), |_| AppConfig::from_document());
    html! {
        <div class="folio">
            <header class="site-header">
                <a class="site-title" href="/">{ "Folio" }</a>
            </header>
            <main class="site-main">
                <post::PostPage path={EXAMPLE_POST} config={(*config).clone()} />
            </main>
            <footer class="site-footer">
                <p>{ "Rendered in your browser by Folio, from the raw post file." }</p>
            </footer>
        </div>
    }
}

/// Mounts the app on `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
