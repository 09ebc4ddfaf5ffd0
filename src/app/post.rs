//! The post page: find the post in the index, fetch its raw file, render it
//! with the core, show it, and make its tweets live.

use std::rc::Rc;

use yew::prelude::*;

use super::blocks::MountedBlocks;
use super::config::EmbedMode;
use super::fetch::{fetch_text, Load, NOT_FOUND};
use super::pages::{
    arrow, set_alternates, set_language, set_page_meta, FetchError, NotFound, PostMeta, Skeleton,
    TagList,
};
use super::router::{navigate, Link};
use super::AppConfig;
use super::{embeds, highlight, worker};
use crate::index::{Entry, Index, Lookup};
use crate::render::RenderedPost;
use crate::routes::Taxonomy;
use crate::site::Site;
use worker::SiteWire;

#[derive(Properties, PartialEq)]
pub struct PostRouteProps {
    pub index: Rc<Index>,
    pub path: AttrValue,
    pub config: AppConfig,
}

/// The site a reader sees, from index.json (config and shortcode templates),
/// with players that load only when the reader asks (click-to-play). The
/// post page and the editor's preview both render with it.
/// It knows the index's posts, so `ref`/`relref` find them and a page
/// bundle's files load from under the content URL (`content_base`).
pub fn reader_site(index: &Index, content_base: &str) -> Result<Rc<Site>, String> {
    index
        .site
        .to_site()
        .map(|mut site| {
            site.config.video_facades = true;
            site.links = index.links(&site.config, content_base);
            Rc::new(site)
        })
        .map_err(|e| e.to_string())
}

/// Resolves a path to a post (or an alias redirect, or the 404 page).
#[function_component(PostRoute)]
pub fn post_route(props: &PostRouteProps) -> Html {
    // The site's configuration and templates travel inside index.json.
    let site = use_memo(
        (props.index.clone(), props.config.content_base.clone()),
        |(index, base)| {
            reader_site(index, base).map(|site| {
                let wire = SiteWire::new(index.clone(), site.clone());
                (site, wire)
            })
        },
    );
    let (site, site_wire) = match &*site {
        Ok((site, wire)) => (site.clone(), wire.clone()),
        Err(reason) => {
            return html! { <FetchError what="the site configuration" reason={reason.clone()} onretry={Callback::noop()} /> }
        }
    };
    match props.index.lookup(&props.path) {
        Lookup::Post(i, entry) => {
            // The nearest posts in the post's own language.
            let (newer, older) = props.index.neighbours(i);
            let (newer, older) = (newer.cloned(), older.cloned());
            let translations: Vec<Translation> = props
                .index
                .translations(entry, &site.config)
                .into_iter()
                .map(|e| Translation::of(e, &site.config))
                .collect();
            html! {
                <PostPage entry={entry.clone()} {newer} {older} config={props.config.clone()} site={site} {site_wire} {translations} />
            }
        }
        Lookup::Alias(entry) => {
            // Hugo's aliases are redirects: replace, so Back skips them.
            navigate(&entry.url, true);
            html! { <Skeleton /> }
        }
        Lookup::Missing => html! { <NotFound /> },
    }
}

/// Another language's version of a post, for the language switcher.
#[derive(Clone, Debug, PartialEq)]
pub struct Translation {
    pub lang: AttrValue,
    /// The language's name (`languageName`).
    pub name: AttrValue,
    pub url: AttrValue,
}

impl Translation {
    pub fn of(entry: &Entry, config: &crate::site::SiteConfig) -> Translation {
        Translation {
            lang: entry.lang.clone().into(),
            name: config
                .language(&entry.lang)
                .map_or_else(|| entry.lang.clone(), |l| l.name.clone())
                .into(),
            url: entry.url.clone().into(),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct PostPageProps {
    pub entry: Entry,
    /// The post in the site's other languages.
    #[prop_or_default]
    pub translations: Vec<Translation>,
    #[prop_or_default]
    pub newer: Option<Entry>,
    #[prop_or_default]
    pub older: Option<Entry>,
    pub config: AppConfig,
    pub site: Rc<Site>,
    /// `site` as index.json's site files, for the render worker.
    pub site_wire: Rc<SiteWire>,
}

#[function_component(PostPage)]
pub fn post_page(props: &PostPageProps) -> Html {
    let state = use_state(|| Load::<Rc<RenderedPost>>::Loading);
    let attempt = use_state(|| 0u32);
    {
        let state = state.clone();
        let url = props.config.content_url(&props.entry.path);
        let path = props.entry.path.clone();
        let site = props.site.clone();
        let site_wire = props.site_wire.clone();
        let trust = props.config.trust;
        use_effect_with((url, *attempt), move |(url, _)| {
            let url = url.clone();
            state.set(Load::Loading);
            wasm_bindgen_futures::spawn_local(async move {
                // A big post renders in the worker: the tab stays responsive.
                let start = super::timing::perf_now();
                let loaded = match fetch_text(&url).await {
                    Ok(text) => Ok(Rc::new(
                        worker::render_big(
                            &text,
                            Some(&path),
                            &site,
                            &site_wire,
                            trust,
                            worker::POST_PAGE_MIN_BYTES,
                        )
                        .await,
                    )),
                    Err(e) => Err(e),
                };
                // From the request to the rendered post (tests and benchmarks).
                super::timing::phase("folio-post-render", start);
                state.set(loaded.into());
            });
        });
    }
    match &*state {
        Load::Loading => html! { <Skeleton /> },
        Load::Failed(reason) if reason == NOT_FOUND => html! { <NotFound /> },
        Load::Failed(reason) => {
            let retry = {
                let attempt = attempt.clone();
                Callback::from(move |_| attempt.set(*attempt + 1))
            };
            html! { <FetchError what="this post" reason={reason.clone()} onretry={retry} /> }
        }
        Load::Ready(post) => html! {
            <PostView post={post.clone()} config={props.config.clone()} url={props.entry.url.clone()}
                lang={AttrValue::from(props.entry.lang.clone())} translations={props.translations.clone()}
                dir={AttrValue::from(props.site.config.language(&props.entry.lang).map(|l| l.direction.clone()).unwrap_or_default())}
                prefix={AttrValue::from(props.site.config.language_prefix(&props.entry.lang))}
                edit={super::config::edit_token().map(|_| AttrValue::from(format!("/edit/{}", props.entry.path)))}
                embeds={props.config.embed_mode(&props.site.config)}
                newer={props.newer.clone()} older={props.older.clone()} />
        },
    }
}

#[derive(Properties, PartialEq)]
pub struct PostViewProps {
    pub post: Rc<RenderedPost>,
    pub config: AppConfig,
    #[prop_or(EmbedMode::Live)]
    pub embeds: EmbedMode,
    #[prop_or_default]
    pub url: Option<AttrValue>,
    #[prop_or_default]
    pub newer: Option<Entry>,
    #[prop_or_default]
    pub older: Option<Entry>,
    /// The editor's URL for this post, shown as an "Edit" link (only under
    /// `folio serve`, which can save).
    #[prop_or_default]
    pub edit: Option<AttrValue>,
    /// The post's language, on a site with `languages` (else empty).
    #[prop_or_default]
    pub lang: AttrValue,
    /// Its `languageDirection` (`rtl`), if any.
    #[prop_or_default]
    pub dir: AttrValue,
    /// Its URL prefix (`/fa`), for the tag links.
    #[prop_or_default]
    pub prefix: AttrValue,
    /// The post in the other languages: a switcher, and `hreflang` links.
    #[prop_or_default]
    pub translations: Vec<Translation>,
}

/// One top-level block of a post's content, in a `display: contents`
/// wrapper (so `.post-body`'s CSS sees the block's own elements), as a Yew
/// component: the widget's view mounts these (`PostView` mounts the same
/// markup through [`super::blocks::MountedBlocks`]). Memoised:
/// it re-renders only when its HTML or line changes, and its HTML is replaced
/// only when the HTML itself changes, so an unchanged block keeps its DOM
/// nodes (and a tweet card its live embed) while another block is edited.
#[derive(Properties)]
pub struct BlockViewProps {
    pub html: AttrValue,
    /// The 1-based line of the block in the post's file.
    pub line: usize,
}

/// The same HTML string (`PostView` reuses an unchanged block's) is equal
/// without comparing its bytes.
impl PartialEq for BlockViewProps {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.html.as_str(), other.html.as_str());
        self.line == other.line && (std::ptr::eq(a, b) || a == b)
    }
}

#[function_component(BlockView)]
pub fn block_view(props: &BlockViewProps) -> Html {
    html! {
        <div class="folio-block" data-line={props.line.to_string()}>
            { Html::from_html_unchecked(props.html.clone()) }
        </div>
    }
}

/// How much of a post's HTML is mounted at once, then per step (a timer
/// apart, so the browser paints and handles input between steps): a 1 MB
/// post does not block the tab for the whole of its DOM.
const FIRST_MOUNT_BYTES: usize = 64 * 1024;
const MOUNT_STEP_BYTES: usize = 64 * 1024;

/// The end of the blocks from `from` that hold `bytes` of HTML (at least one).
fn mount_end(blocks: &[crate::render::Block], from: usize, bytes: usize) -> usize {
    let mut end = from;
    let mut total = 0;
    while end < blocks.len() && total < bytes {
        total += blocks[end].html.len();
        end += 1;
    }
    end
}

/// A rendered post, its content mounted block by block (keyed by each
/// block's stable key); upgrades its tweet cards, video stand-ins and code
/// after it is mounted, and again after its blocks change (each step skips
/// what it has already done, so only new blocks are touched).
#[function_component(PostView)]
pub fn post_view(props: &PostViewProps) -> Html {
    let body_ref = use_node_ref();
    let dom = use_mut_ref(MountedBlocks::default);
    // The embed settings the whole body was last upgraded with.
    let upgraded = use_mut_ref(|| None::<(EmbedMode, bool)>);
    // How many blocks are mounted; `usize::MAX` once all are (then every
    // block of every later version of the post is).
    let mounted = use_state(
        || match mount_end(&props.post.blocks, 0, FIRST_MOUNT_BYTES) {
            end if end >= props.post.blocks.len() => usize::MAX,
            end => end,
        },
    );
    {
        let mounted = mounted.clone();
        let post = props.post.clone();
        use_effect_with(*mounted, move |&n| {
            let timer = (n != usize::MAX)
                .then(|| {
                    super::timing::Timer::new(1, move || {
                        let end = mount_end(&post.blocks, n, MOUNT_STEP_BYTES);
                        mounted.set(if end >= post.blocks.len() {
                            usize::MAX
                        } else {
                            end
                        });
                    })
                })
                .flatten();
            move || drop(timer)
        });
    }
    // The blocks are mounted by `MountedBlocks`, not by Yew (whose keyed
    // diff would compare every block on every render): the body has no Yew
    // children, and this effect makes its children the shown blocks,
    // touching only those that changed; then it upgrades the tweet cards,
    // videos and code of the new blocks (each step skips what it has
    // already done). A few new blocks (a keystroke) are scanned one by one;
    // else, or when the embed mode changes, the whole body is.
    {
        let body_ref = body_ref.clone();
        let dom = dom.clone();
        let post = props.post.clone();
        let n = *mounted;
        let config = props.config.clone();
        let mode = props.embeds;
        let has_tweets = props.post.embeds.iter().any(|e| e.kind == "tweet");
        let upgraded = upgraded.clone();
        use_effect_with(
            (Rc::as_ptr(&props.post) as usize, n, mode, has_tweets),
            move |_| {
                let Some(body) = body_ref.cast::<web_sys::Element>() else {
                    return;
                };
                let shown = &post.blocks[..n.min(post.blocks.len())];
                let created = dom.borrow_mut().sync(&body, shown).created;
                let upgrade = |root: &web_sys::Element| {
                    // No tweets, no widgets.js: not even a look for cards.
                    if has_tweets {
                        embeds::activate(root, &config, mode);
                    }
                    highlight::highlight_code(root, &config.highlighter);
                    embeds::activate_videos(root);
                };
                let settings = Some((mode, has_tweets));
                if created.len() > 16 || *upgraded.borrow() != settings {
                    *upgraded.borrow_mut() = settings;
                    upgrade(&body);
                } else {
                    created.iter().for_each(upgrade);
                }
            },
        );
    }
    let post = &props.post;
    let fm = &post.front_matter;
    let title = fm.title.clone().unwrap_or_default();
    let description = fm
        .description
        .clone()
        .unwrap_or_else(|| post.summary_text.trim().to_string());
    let canonical = props.url.as_ref().map(|u| props.config.absolute_url(u));
    set_page_meta(
        &if title.is_empty() {
            "Folio".to_string()
        } else {
            format!("{title} · Folio")
        },
        &description,
        canonical.as_deref(),
    );
    if !props.lang.is_empty() {
        set_language(&props.lang, &props.dir);
        let mut alternates: Vec<(String, String)> = props
            .translations
            .iter()
            .map(|t| (t.lang.to_string(), props.config.absolute_url(&t.url)))
            .collect();
        if let Some(url) = &canonical {
            alternates.insert(0, (props.lang.to_string(), url.clone()));
        }
        set_alternates(&alternates);
    }
    let date = fm.date.as_ref().map(|d| d.to_rfc3339()).unwrap_or_default();
    let prefix = props.prefix.clone();
    let reading_time = post.reading_time();
    html! {
        <article class="post">
            <header class="post-header">
                <h1 class="post-title" data-testid="post-title">{ title }</h1>
                if let Some(subtitle) = fm.subtitle.clone().filter(|s| !s.is_empty()) {
                    <p class="post-subtitle">{ subtitle }</p>
                }
                <PostMeta date={date} reading_time={reading_time} lang={props.lang.clone()} />
                <TagList tags={fm.tags.clone()} prefix={prefix.clone()} />
                <TagList tags={fm.categories.clone()} taxonomy={Taxonomy::Categories} prefix={prefix.clone()} />
                if !props.translations.is_empty() {
                    <nav class="translations" aria-label="Translations" data-testid="translations">
                        { for props.translations.iter().map(|t| html! {
                            <a href={t.url.clone()} hreflang={t.lang.clone()} lang={t.lang.clone()}>{ t.name.clone() }</a>
                        }) }
                    </nav>
                }
                if let Some(edit) = props.edit.clone() {
                    <p class="edit-link"><a href={edit} data-testid="edit-link">{ "Edit this post" }</a></p>
                }
            </header>
            <div class="post-body" data-testid="post-body" data-complete={(*mounted == usize::MAX).to_string()} ref={body_ref}></div>
            if props.newer.is_some() || props.older.is_some() {
                <nav class="post-nav" aria-label="More posts">
                    if let Some(older) = &props.older {
                        <Link class="post-nav-older" to={older.url.clone()}>
                            <span>{ arrow("←") }{ " Older" }</span>{ older.title.clone() }
                        </Link>
                    }
                    if let Some(newer) = &props.newer {
                        <Link class="post-nav-newer" to={newer.url.clone()}>
                            <span>{ "Newer " }{ arrow("→") }</span>{ newer.title.clone() }
                        </Link>
                    }
                </nav>
            }
        </article>
    }
}
