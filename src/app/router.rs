//! Client-side routing with the history API: links push a new URL, the
//! back button pops it, and every URL also works when loaded directly (the
//! server answers unknown paths with index.html).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::routes::Route;

thread_local! {
    static LISTENERS: RefCell<Vec<Rc<dyn Fn()>>> = RefCell::new(Vec::new());
}

fn current_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_else(|| "/".to_string())
}

fn notify() {
    let listeners = LISTENERS.with(|l| l.borrow().clone());
    for listener in listeners {
        listener();
    }
}

/// Goes to `path`: pushes it on the history (or replaces the current entry,
/// for redirects) and re-renders the app.
pub fn navigate(path: &str, replace: bool) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = if replace {
            history.replace_state_with_url(&JsValue::NULL, "", Some(path))
        } else {
            history.push_state_with_url(&JsValue::NULL, "", Some(path))
        };
    }
    if !replace {
        if let Some(window) = web_sys::window() {
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
    }
    notify();
}

/// The current route; the component re-renders when it changes.
#[hook]
pub fn use_route() -> Route {
    let path = use_state(current_path);
    {
        let path = path.clone();
        use_effect_with((), move |_| {
            let listener: Rc<dyn Fn()> = Rc::new(move || path.set(current_path()));
            LISTENERS.with(|l| l.borrow_mut().push(listener.clone()));
            let popstate = Closure::<dyn Fn()>::new(notify);
            let window = web_sys::window();
            if let Some(window) = &window {
                let _ = window.add_event_listener_with_callback(
                    "popstate",
                    popstate.as_ref().unchecked_ref(),
                );
                // Links inside rendered post bodies are plain <a>: catch them here.
                let click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(intercept_click);
                let _ = window
                    .add_event_listener_with_callback("click", click.as_ref().unchecked_ref());
                click.forget();
            }
            popstate.forget();
            move || LISTENERS.with(|l| l.borrow_mut().retain(|x| !Rc::ptr_eq(x, &listener)))
        });
    }
    Route::parse(&path)
}

/// Turns a click on a same-origin link into client-side navigation.
fn intercept_click(event: web_sys::MouseEvent) {
    if event.default_prevented()
        || event.button() != 0
        || event.ctrl_key()
        || event.meta_key()
        || event.shift_key()
        || event.alt_key()
    {
        return;
    }
    let Some(target) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Ok(Some(anchor)) = target.closest("a[href]") else {
        return;
    };
    if anchor.has_attribute("download")
        || anchor.get_attribute("target").is_some_and(|t| t != "_self")
    {
        return;
    }
    let href = anchor.get_attribute("href").unwrap_or_default();
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return;
    };
    let origin = location.origin().unwrap_or_default();
    let path = if let Some(rest) = href.strip_prefix(&origin) {
        rest.to_string()
    } else if href.starts_with('/') && !href.starts_with("//") {
        href
    } else {
        return;
    };
    let route_path = path.split(['?', '#']).next().unwrap_or_default();
    // Raw files (the .md and .json the app fetches) are not routes.
    let last = route_path.rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return;
    }
    // The editor is its own build (started by the page's loader when a page
    // opens on its routes): from the first-load build, a link there loads
    // the page.
    if !cfg!(feature = "editor")
        && matches!(Route::parse(route_path), Route::Edit { .. } | Route::New)
    {
        return;
    }
    event.prevent_default();
    navigate(&path, false);
}

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    pub to: AttrValue,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub children: Html,
}

/// An `<a>` that navigates client-side (via the window click handler).
#[function_component(Link)]
pub fn link(props: &LinkProps) -> Html {
    html! { <a class={props.class.clone()} href={props.to.clone()}>{ props.children.clone() }</a> }
}
