//! The list pages (home, taxonomies), the 404 page and the shared loading
//! and error states.

use std::rc::Rc;

use yew::prelude::*;

use crate::policy::Trust;

use super::router::Link;
use crate::frontmatter::Date;
use crate::index::{term_url, Entry, Index};
use crate::routes::{paginate, Route, Taxonomy};

/// Sets `document.title` and the meta description.
pub fn set_page_meta(title: &str, description: &str, canonical: Option<&str>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    document.set_title(title);
    // Looked for in <head> only: a miss in the whole document walks every
    // node of a long post (the editor's preview has no canonical link, and
    // renders per keystroke).
    let head = document.head();
    let find = |selector: &str| {
        head.as_ref()
            .and_then(|head| head.query_selector(selector).ok().flatten())
    };
    let set_meta =
        |selector: &str, attr: &str, value: &str, make: &dyn Fn() -> Option<web_sys::Element>| {
            let element = find(selector).or_else(make);
            if let Some(element) = element {
                let _ = element.set_attribute(attr, value);
            }
        };
    let create = |tag: &str, attrs: &[(&str, &str)]| -> Option<web_sys::Element> {
        let element = document.create_element(tag).ok()?;
        for (k, v) in attrs {
            let _ = element.set_attribute(k, v);
        }
        head.as_ref()?.append_child(&element).ok()?;
        Some(element)
    };
    set_meta("meta[name=description]", "content", description, &|| {
        create("meta", &[("name", "description")])
    });
    match canonical {
        Some(url) => set_meta("link[rel=canonical]", "href", url, &|| {
            create("link", &[("rel", "canonical")])
        }),
        None => {
            if let Some(link) = find("link[rel=canonical]") {
                link.remove();
            }
        }
    }
}

/// `<html lang dir>` for the page's language (`dir="rtl"` from the
/// language's `languageDirection`, else `ltr`).
pub fn set_language(lang: &str, dir: &str) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    if !lang.is_empty() {
        let _ = root.set_attribute("lang", lang);
    }
    let _ = root.set_attribute("dir", if dir == "rtl" { "rtl" } else { "ltr" });
}

/// The `<link rel="alternate" hreflang>` of the page's translations
/// (itself included, as Hugo's `.AllTranslations`), replacing the last
/// page's.
pub fn set_alternates(links: &[(String, String)]) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(old) = document.query_selector_all("link[rel=alternate][hreflang]") {
        for i in 0..old.length() {
            if let Some(node) = old.item(i) {
                if let Some(parent) = node.parent_node() {
                    let _ = parent.remove_child(&node);
                }
            }
        }
    }
    let Some(head) = document.head() else {
        return;
    };
    if links.len() < 2 {
        return;
    }
    for (lang, url) in links {
        if let Ok(link) = document.create_element("link") {
            let _ = link.set_attribute("rel", "alternate");
            let _ = link.set_attribute("hreflang", lang);
            let _ = link.set_attribute("href", url);
            let _ = head.append_child(&link);
        }
    }
}

#[function_component(Skeleton)]
pub fn skeleton() -> Html {
    html! {
        <div class="skeleton" aria-busy="true" aria-label="Loading">
            <div class="skeleton-line skeleton-title"></div>
            <div class="skeleton-line"></div>
            <div class="skeleton-line"></div>
            <div class="skeleton-line skeleton-short"></div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct FetchErrorProps {
    pub what: AttrValue,
    pub reason: AttrValue,
    pub onretry: Callback<MouseEvent>,
}

#[function_component(FetchError)]
pub fn fetch_error(props: &FetchErrorProps) -> Html {
    html! {
        <div class="fetch-error" data-testid="fetch-error" role="alert">
            <h1>{ "Something went wrong" }</h1>
            <p>{ format!("Folio could not load {}: {}.", props.what, props.reason) }</p>
            <button type="button" onclick={props.onretry.clone()}>{ "Try again" }</button>
        </div>
    }
}

#[function_component(NotFound)]
pub fn not_found() -> Html {
    set_page_meta("Page not found · Folio", "", None);
    html! {
        <div class="not-found" data-testid="not-found">
            <h1>{ "Page not found" }</h1>
            <p>{ "There is no post at this address. It may have moved, or the link may be mistyped." }</p>
            <p><Link to="/">{ "See all posts" }</Link></p>
        </div>
    }
}

/// "May 28, 2017" for an RFC 3339 date, or nothing.
pub fn long_date(rfc3339: &str) -> Option<(String, String)> {
    Date::parse(rfc3339).map(|d| (d.ymd(), d.format_long()))
}

/// [`long_date`] as the page's language writes it (`lang`, a site language
/// code such as `fa` or `pt-br`): the browser's `Intl` with the Gregorian
/// calendar, as Hugo's localised month names are (`۲۸ مهٔ ۲۰۱۷`); English
/// (or no language, or a code `Intl` refuses) keeps "May 28, 2017".
pub fn long_date_in(rfc3339: &str, lang: &str) -> Option<(String, String)> {
    let (ymd, english) = long_date(rfc3339)?;
    if lang.is_empty() || lang.starts_with("en") {
        return Some((ymd, english));
    }
    let local = intl::date(&ymd, lang).unwrap_or(english);
    Some((ymd, local))
}

mod intl {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
        type DateFormat;
        /// Throws (a value here) for a language tag it does not accept.
        #[wasm_bindgen(catch, constructor, js_namespace = Intl, js_class = "DateTimeFormat")]
        fn new(locale: &str, options: &JsValue) -> Result<DateFormat, JsValue>;
        #[wasm_bindgen(method, catch, js_class = "DateTimeFormat")]
        fn format(this: &DateFormat, date: &js_sys::Date) -> Result<String, JsValue>;
    }

    /// `ymd` (`2017-05-28`, UTC) in `lang`'s long date form, Gregorian.
    pub fn date(ymd: &str, lang: &str) -> Option<String> {
        let options = js_sys::Object::new();
        for (key, value) in [("dateStyle", "long"), ("timeZone", "UTC")] {
            js_sys::Reflect::set(&options, &key.into(), &value.into()).ok()?;
        }
        let format = DateFormat::new(&format!("{lang}-u-ca-gregory"), &options).ok()?;
        let date = js_sys::Date::new(&JsValue::from_str(&format!("{ymd}T00:00:00Z")));
        format.format(&date).ok()
    }
}

#[derive(Properties, PartialEq)]
pub struct PostMetaProps {
    pub date: AttrValue,
    pub reading_time: usize,
    /// The post's language (its date is written in it).
    #[prop_or_default]
    pub lang: AttrValue,
}

#[function_component(PostMeta)]
pub fn post_meta(props: &PostMetaProps) -> Html {
    html! {
        <p class="post-meta">
            if let Some((ymd, long)) = long_date_in(&props.date, &props.lang) {
                <time datetime={ymd}>{ long }</time>{ " · " }
            }
            { format!("{} min read", props.reading_time) }
        </p>
    }
}

#[derive(Properties, PartialEq)]
pub struct TagListProps {
    pub tags: Vec<String>,
    #[prop_or(Taxonomy::Tags)]
    pub taxonomy: Taxonomy,
    /// The language's URL prefix (`/fa`), or empty.
    #[prop_or_default]
    pub prefix: AttrValue,
}

#[function_component(TagList)]
pub fn tag_list(props: &TagListProps) -> Html {
    if props.tags.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="tag-list" data-testid="tag-list" aria-label={props.taxonomy.title()}>
            { for props.tags.iter().map(|t| html! {
                <li><Link class="tag" to={format!("{}{}", props.prefix, term_url(props.taxonomy.path(), t))}>{ format!("#{t}") }</Link></li>
            }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
struct PostItemProps {
    entry: Entry,
    prefix: AttrValue,
}

#[function_component(PostItem)]
fn post_item(props: &PostItemProps) -> Html {
    let e = &props.entry;
    // The index may have been built with the site's trust (`folio index`,
    // `folio serve`); an untrusted page sanitises what it inserts.
    let summary = match super::config::trust_from_document() {
        Trust::Untrusted => crate::sanitize::sanitize(&e.summary),
        Trust::Site => e.summary.clone(),
    };
    let summary = Html::from_html_unchecked(AttrValue::from(summary));
    html! {
        <li class="post-item" data-testid="post-item">
            <h2 class="post-item-title"><Link to={e.url.clone()}>{ e.title.clone() }</Link></h2>
            <PostMeta date={e.date.clone()} reading_time={e.reading_time} lang={e.lang.clone()} />
            <div class="post-item-summary">{ summary }</div>
            <TagList tags={e.tags.clone()} prefix={props.prefix.clone()} />
            if e.truncated {
                <p class="read-more"><Link to={e.url.clone()}>{ "Read more " }{ arrow("→") }</Link></p>
            }
        </li>
    }
}

fn post_list<'a>(posts: impl Iterator<Item = &'a Entry>, prefix: &AttrValue) -> Html {
    html! {
        <ul class="post-list" data-testid="post-list">
            { for posts.map(|e| html! { <PostItem entry={e.clone()} prefix={prefix.clone()} /> }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
pub struct HomeProps {
    pub index: Rc<Index>,
    pub page: usize,
    /// The language's URL prefix (`/fa`) on its own home page, or empty.
    #[prop_or_default]
    pub prefix: AttrValue,
}

#[function_component(Home)]
pub fn home(props: &HomeProps) -> Html {
    // From a first page (index-1.json) too: `len` is the whole site's.
    let Some((range, pages)) = paginate(props.index.len(), props.page) else {
        return html! { <NotFound /> };
    };
    set_page_meta("Folio", "Posts, rendered in your browser.", None);
    let page = props.page;
    html! {
        <>
            <h1 class="visually-hidden">{ "Posts" }</h1>
            if props.index.is_empty() {
                <p class="empty">{ "No posts yet." }</p>
            }
            { post_list(props.index.posts[range].iter(), &props.prefix) }
            if pages > 1 {
                <nav class="pagination" aria-label="Pages">
                    if page > 1 { <Link to={format!("{}{}", props.prefix, Route::Home { page: page - 1 }.to_path())}>{ arrow("←") }{ " Newer" }</Link> }
                    <span class="page-count">{ format!("Page {page} of {pages}") }</span>
                    if page < pages { <Link to={format!("{}{}", props.prefix, Route::Home { page: page + 1 }.to_path())}>{ "Older " }{ arrow("→") }</Link> }
                </nav>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct TermsProps {
    pub index: Rc<Index>,
    pub taxonomy: Taxonomy,
    #[prop_or_default]
    pub prefix: AttrValue,
}

#[function_component(Terms)]
pub fn terms(props: &TermsProps) -> Html {
    let title = props.taxonomy.title();
    set_page_meta(&format!("{title} · Folio"), "", None);
    let terms = props.index.terms(props.taxonomy);
    html! {
        <section class="terms">
            <h1>{ title }</h1>
            if terms.is_empty() { <p class="empty">{ format!("No {} yet.", title.to_lowercase()) }</p> }
            <ul class="term-list" data-testid="tag-list">
                { for terms.iter().map(|(term, count)| html! {
                    <li><Link to={format!("{}{}", props.prefix, term_url(props.taxonomy.path(), term))}>{ term.clone() }</Link>
                        <span class="count">{ format!(" ({count})") }</span></li>
                }) }
            </ul>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct TermProps {
    pub index: Rc<Index>,
    pub taxonomy: Taxonomy,
    pub term: AttrValue,
    #[prop_or(1)]
    pub page: usize,
    #[prop_or_default]
    pub prefix: AttrValue,
}

/// One term's posts, [`crate::routes::PAGE_SIZE`] a page, as the home page
/// (a category of 477 posts is 48 pages, not one).
#[function_component(Term)]
pub fn term(props: &TermProps) -> Html {
    let (name, posts) = props.index.with_term(props.taxonomy, &props.term);
    let Some(name) = name else {
        return html! { <NotFound /> };
    };
    let Some((range, pages)) = paginate(posts.len(), props.page) else {
        return html! { <NotFound /> };
    };
    set_page_meta(&format!("{name} · Folio"), "", None);
    let page = props.page;
    let first = format!("{}{}", props.prefix, term_url(props.taxonomy.path(), &name));
    let link = |page: usize| match page {
        1 => first.clone(),
        n => format!("{first}page/{n}/"),
    };
    html! {
        <section class="term">
            <p class="term-kind"><Link to={format!("{}{}", props.prefix, Route::Terms(props.taxonomy).to_path())}>{ props.taxonomy.title() }</Link></p>
            <h1>{ format!("#{name}") }</h1>
            { post_list(posts[range].iter().copied(), &props.prefix) }
            if pages > 1 {
                <nav class="pagination" aria-label="Pages">
                    if page > 1 { <Link to={link(page - 1)}>{ arrow("←") }{ " Newer" }</Link> }
                    <span class="page-count">{ format!("Page {page} of {pages}") }</span>
                    if page < pages { <Link to={link(page + 1)}>{ "Older " }{ arrow("→") }</Link> }
                </nav>
            }
        </section>
    }
}

/// An arrow in the page's chrome ("Older →"): it points the other way on a
/// right-to-left page (styles: `[dir="rtl"] .arrow`), where the links it
/// labels sit mirrored.
pub fn arrow(glyph: &'static str) -> Html {
    html! { <span class="arrow" aria-hidden="true">{ glyph }</span> }
}
