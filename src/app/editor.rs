//! The author's live preview (`/edit/<path in content>` and `/new`): the
//! post's source in CodeMirror beside the post rendered by the same core,
//! with the site's configuration and shortcode templates, on every change.
//!
//! - The editor is CodeMirror 6, bundled by `scripts/setup` into one ES
//!   module (`editor/folio-editor.js`, copied by Trunk to
//!   `/vendor/folio-editor.js`, the `folio:editor` meta tag), imported here
//!   with a dynamic `import()` only on these routes: readers never download
//!   it. If it cannot load, a plain `<textarea>` takes its place.
//! - The preview is [`PostView`]: blocks keyed by their stable key, so an
//!   unchanged block (a live tweet) keeps its DOM node while another is
//!   edited.
//! - The diagnostics panel lists [`crate::lints::check`] (what `folio check`
//!   prints); a click moves the cursor to the line, "Fix" applies a certain
//!   fix as one undoable edit.
//! - Every change is kept in localStorage (per post path) and offered back
//!   after a reload; under `folio serve` (a `folio:edit-token` meta tag)
//!   "Save" writes the file, refusing when it changed on disk meanwhile.
//!
//! Performance marks: the editor marks `folio-keystroke` on each change;
//! after the preview is updated the app measures `folio-preview` from it.

use std::rc::Rc;

use gloo_net::http::Request;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use super::fetch::{fetch_text, Load, NOT_FOUND};
use super::pages::{FetchError, NotFound, Skeleton};
use super::post::PostView;
use super::AppConfig;
use crate::edit;
use crate::frontmatter::Date;
use crate::index::Index;
use crate::lints::{self, Lint};
use crate::render::{render_post, RenderedPost};
use crate::site::Site;

/// The value of `<meta name="NAME">`, if set and not empty.
pub fn meta(name: &str) -> Option<String> {
    let document = web_sys::window()?.document()?;
    let element = document
        .query_selector(&format!("meta[name=\"{name}\"]"))
        .ok()??;
    element.get_attribute("content").filter(|c| !c.is_empty())
}

/// The token `folio serve` puts in the page; saving needs it.
pub fn edit_token() -> Option<String> {
    meta("folio:edit-token")
}

#[derive(Properties, PartialEq)]
pub struct EditorRouteProps {
    pub index: Rc<Index>,
    /// The post's path in the content directory; `None` for a new post.
    #[prop_or_default]
    pub path: Option<AttrValue>,
    pub config: AppConfig,
}

/// Loads the post's source (or starts a new post), then shows the editor.
#[function_component(EditorRoute)]
pub fn editor_route(props: &EditorRouteProps) -> Html {
    let site = use_memo(props.index.clone(), |index| {
        index
            .site
            .to_site()
            .map(|mut site| {
                site.config.video_facades = true;
                Rc::new(site)
            })
            .map_err(|e| e.to_string())
    });
    let source = use_state(|| Load::<(Rc<String>, bool)>::Loading);
    {
        let source = source.clone();
        let path = props.path.clone();
        let config = props.config.clone();
        use_effect_with(path.clone(), move |_| {
            source.set(Load::Loading);
            wasm_bindgen_futures::spawn_local(async move {
                let loaded = match &path {
                    Some(path) => fetch_text(&config.content_url(path))
                        .await
                        .map(|text| (Rc::new(text), true)),
                    None => {
                        // The site's archetype, when `folio serve` offers it.
                        let archetype = if edit_token().is_some() {
                            fetch_text("/__folio/archetype").await.ok()
                        } else {
                            None
                        };
                        let now = Date::from_unix_seconds((js_sys::Date::now() / 1000.0) as i64);
                        Ok((
                            Rc::new(edit::new_post(archetype.as_deref(), "New post", &now)),
                            false,
                        ))
                    }
                };
                source.set(loaded.into());
            });
        });
    }
    let site = match &*site {
        Ok(site) => site.clone(),
        Err(reason) => {
            return html! { <FetchError what="the site configuration" reason={reason.clone()} onretry={Callback::noop()} /> }
        }
    };
    match &*source {
        Load::Loading => html! { <Skeleton /> },
        Load::Failed(reason) if reason == NOT_FOUND => html! { <NotFound /> },
        Load::Failed(reason) => {
            html! { <FetchError what="this post's source" reason={reason.clone()} onretry={Callback::noop()} /> }
        }
        Load::Ready((text, exists)) => {
            let path = props.path.clone().unwrap_or_else(|| AttrValue::from(""));
            html! {
                <Editor key={path.to_string()} site={site} base={text.clone()} path={path.clone()}
                    exists={*exists} config={props.config.clone()} />
            }
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub site: Rc<Site>,
    /// The text loaded (the file on disk, for saves' conflict detection).
    pub base: Rc<String>,
    /// The post's path in the content directory; empty for a new post.
    pub path: AttrValue,
    /// Whether the file exists (false for a new post).
    pub exists: bool,
    pub config: AppConfig,
}

/// The CodeMirror handle, or the textarea fallback.
#[derive(Clone, Debug, PartialEq)]
enum Surface {
    Loading,
    CodeMirror,
    Textarea(String),
}

/// A draft kept in localStorage.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Draft {
    text: String,
    /// Milliseconds since the epoch.
    saved: f64,
}

fn draft_key(path: &str) -> String {
    if path.is_empty() {
        "folio-draft:new".to_string()
    } else {
        format!("folio-draft:{path}")
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn read_draft(path: &str) -> Option<Draft> {
    let text = storage()?.get_item(&draft_key(path)).ok()??;
    serde_json::from_str(&text).ok()
}

fn write_draft(path: &str, text: &str) {
    let draft = Draft {
        text: text.to_string(),
        saved: js_sys::Date::now(),
    };
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(&draft)) {
        let _ = storage.set_item(&draft_key(path), &json);
    }
}

fn remove_draft(path: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(&draft_key(path));
    }
}

/// "3 minutes ago".
fn age(saved: f64) -> String {
    let seconds = ((js_sys::Date::now() - saved) / 1000.0).max(0.0) as u64;
    let (n, unit) = match seconds {
        0..=59 => (seconds, "second"),
        60..=3599 => (seconds / 60, "minute"),
        3600..=86_399 => (seconds / 3600, "hour"),
        _ => (seconds / 86_400, "day"),
    };
    format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" })
}

/// `byte` (an offset into `text`) in UTF-16 code units, CodeMirror's unit.
fn utf16_offset(text: &str, byte: usize) -> u32 {
    let byte = (0..=byte.min(text.len()))
        .rev()
        .find(|&b| text.is_char_boundary(b))
        .unwrap_or(0);
    text[..byte].encode_utf16().count() as u32
}

/// Calls `handle.method(args…)` on the CodeMirror handle.
fn call(handle: &JsValue, method: &str, args: &[JsValue]) {
    let Ok(function) = Reflect::get(handle, &JsValue::from_str(method)) else {
        return;
    };
    let Ok(function) = function.dyn_into::<Function>() else {
        return;
    };
    let args: js_sys::Array = args.iter().collect();
    let _ = function.apply(handle, &args);
}

/// `performance.measure('folio-preview')` from the last `folio-keystroke`
/// mark, which is then cleared (so each keystroke is measured once).
fn measure_preview() {
    thread_local! {
        static MEASURE: Option<Function> = Function::new_no_args(
            "try { performance.mark('folio-preview-done');\
                   performance.measure('folio-preview', 'folio-keystroke', 'folio-preview-done');\
                   performance.clearMarks('folio-keystroke'); } catch (e) {}",
        )
        .into();
    }
    MEASURE.with(|m| {
        if let Some(m) = m {
            let _ = m.call0(&JsValue::NULL);
        }
    });
}

/// `import(url)`, as a promise of the module.
fn import(url: &str) -> Option<Promise> {
    let import = Function::new_with_args("url", "return import(url)");
    import
        .call1(&JsValue::NULL, &JsValue::from_str(url))
        .ok()?
        .dyn_into()
        .ok()
}

/// The state of a save to `folio serve`.
#[derive(Clone, Debug, PartialEq)]
enum SaveState {
    Idle,
    Saving,
    Saved,
    Failed(String),
    /// The file changed on disk: its text now.
    Conflict(String),
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let text = use_state(|| props.base.clone());
    // The file's text as last loaded or saved: the ETag sent with a save.
    let base = use_mut_ref(|| props.base.clone());
    let surface = use_state(|| Surface::Loading);
    let handle = use_mut_ref(|| None::<JsValue>);
    let on_change_closure = use_mut_ref(|| None::<Closure<dyn FnMut(String)>>);
    let mount_ref = use_node_ref();
    let tab = use_state(|| "source");
    let offered = use_state(|| read_draft(&props.path).filter(|d| d.text != *props.base));
    let save_state = use_state(|| SaveState::Idle);
    let autosave_timer = use_mut_ref(|| None::<(i32, Closure<dyn FnMut()>)>);

    // Every change: the preview follows, the draft is kept (debounced).
    let on_change: Rc<dyn Fn(String)> = {
        let text = text.clone();
        let path = props.path.to_string();
        let autosave_timer = autosave_timer.clone();
        Rc::new(move |new: String| {
            let new = Rc::new(new);
            text.set(new.clone());
            let Some(window) = web_sys::window() else {
                return;
            };
            if let Some((id, _)) = autosave_timer.borrow_mut().take() {
                window.clear_timeout_with_handle(id);
            }
            let path = path.clone();
            let closure = Closure::<dyn FnMut()>::new(move || write_draft(&path, &new));
            if let Ok(id) = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                closure.as_ref().unchecked_ref(),
                300,
            ) {
                *autosave_timer.borrow_mut() = Some((id, closure));
            }
        })
    };

    // Load CodeMirror once, and mount it.
    {
        let surface = surface.clone();
        let handle = handle.clone();
        let mount_ref = mount_ref.clone();
        let initial = props.base.clone();
        let on_change = on_change.clone();
        let on_change_closure = on_change_closure.clone();
        use_effect_with((), move |_| {
            let url = meta("folio:editor").unwrap_or_else(|| "/vendor/folio-editor.js".into());
            let handle_for_cleanup = handle.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let module = match import(&url) {
                    Some(promise) => JsFuture::from(promise).await.ok(),
                    None => None,
                };
                let create = module
                    .and_then(|m| Reflect::get(&m, &JsValue::from_str("createEditor")).ok())
                    .and_then(|f| f.dyn_into::<Function>().ok());
                let (Some(create), Some(parent)) = (create, mount_ref.cast::<web_sys::Element>())
                else {
                    web_sys::console::warn_1(&JsValue::from_str(
                        "Folio: the editor could not load; using a plain text area",
                    ));
                    surface.set(Surface::Textarea(initial.to_string()));
                    return;
                };
                let closure = Closure::<dyn FnMut(String)>::new(move |s: String| on_change(s));
                let created = create.call3(
                    &JsValue::NULL,
                    &parent,
                    &JsValue::from_str(&initial),
                    closure.as_ref(),
                );
                *on_change_closure.borrow_mut() = Some(closure);
                match created {
                    Ok(h) => {
                        *handle.borrow_mut() = Some(h);
                        surface.set(Surface::CodeMirror);
                    }
                    Err(_) => surface.set(Surface::Textarea(initial.to_string())),
                }
            });
            move || {
                if let Some(h) = handle_for_cleanup.borrow_mut().take() {
                    call(&h, "destroy", &[]);
                }
            }
        });
    }

    let rendered = use_memo((*text).clone(), |text| {
        let post = Rc::new(render_post(text, &props.site));
        let lints = Rc::new(lints::check(text, &post));
        (post, lints)
    });
    let (post, lints): (Rc<RenderedPost>, Rc<Vec<Lint>>) = (*rendered).clone();
    use_effect_with((*text).clone(), |_| measure_preview());

    // Replaces text[from..to] (bytes) by `with`, as one undoable edit.
    let edit: Rc<dyn Fn(usize, usize, String)> = {
        let handle = handle.clone();
        let text = text.clone();
        let surface = surface.clone();
        let on_change = on_change.clone();
        Rc::new(move |from: usize, to: usize, with: String| {
            let current = (*text).clone();
            if let Some(h) = handle.borrow().as_ref() {
                call(
                    h,
                    "applyEdit",
                    &[
                        utf16_offset(&current, from).into(),
                        utf16_offset(&current, to).into(),
                        JsValue::from_str(&with),
                    ],
                );
            } else if current.get(from..to).is_some() {
                let new = format!("{}{with}{}", &current[..from], &current[to..]);
                surface.set(Surface::Textarea(new.clone()));
                on_change(new);
            }
        })
    };
    let replace_all: Rc<dyn Fn(String)> = {
        let edit = edit.clone();
        let text = text.clone();
        Rc::new(move |new: String| edit(0, text.len(), new))
    };

    let goto = {
        let handle = handle.clone();
        Callback::from(move |line: usize| {
            if let Some(h) = handle.borrow().as_ref() {
                call(h, "setCursor", &[JsValue::from(line as u32)]);
            }
        })
    };

    let diagnostics = lints.iter().map(|lint| {
        let line = lint.line;
        let onclick = {
            let goto = goto.clone();
            Callback::from(move |_: MouseEvent| goto.emit(line))
        };
        let fix = lint.fix.clone().map(|fix| {
            let edit = edit.clone();
            let onclick = Callback::from(move |e: MouseEvent| {
                e.stop_propagation();
                edit(fix.span.start, fix.span.end, fix.replacement.clone());
            });
            html! { <button type="button" class="fix" data-testid="fix" {onclick}>{ "Fix" }</button> }
        });
        html! {
            <li class={classes!("diagnostic", lint.severity.to_string())} data-testid="diagnostic"
                data-line={line.to_string()} data-code={lint.code} {onclick}
                title="Go to this line">
                <span class="diagnostic-where">{ format!("{}:{}", lint.line, lint.column) }</span>
                <span class="diagnostic-message">{ lint.message.clone() }</span>
                { for fix }
            </li>
        }
    });

    let restore = offered.as_ref().map(|draft| {
        let on_restore = {
            let offered = offered.clone();
            let replace_all = replace_all.clone();
            let draft = draft.text.clone();
            Callback::from(move |_: MouseEvent| {
                replace_all(draft.clone());
                offered.set(None);
            })
        };
        let on_discard = {
            let offered = offered.clone();
            let path = props.path.to_string();
            Callback::from(move |_: MouseEvent| {
                remove_draft(&path);
                offered.set(None);
            })
        };
        html! {
            <div class="restore-draft" data-testid="restore-draft" role="status">
                <span>{ format!("You have unsaved changes from {}.", age(draft.saved)) }</span>
                <button type="button" data-testid="restore" onclick={on_restore}>{ "Restore them" }</button>
                <button type="button" data-testid="discard" onclick={on_discard}>{ "Discard" }</button>
            </div>
        }
    });

    let token = edit_token();
    let save = {
        let text = text.clone();
        let base = base.clone();
        let save_state = save_state.clone();
        let path = props.path.to_string();
        let token = token.clone();
        Rc::new(move |force_against: Option<String>| {
            let Some(token) = token.clone() else {
                return;
            };
            let body = (*text).clone();
            let expected = force_against.unwrap_or_else(|| base.borrow().to_string());
            let etag = edit::etag(expected.as_bytes());
            let url = format!(
                "/__folio/save?path={}",
                String::from(js_sys::encode_uri_component(&path))
            );
            let base = base.clone();
            let save_state = save_state.clone();
            let path = path.clone();
            save_state.set(SaveState::Saving);
            wasm_bindgen_futures::spawn_local(async move {
                let request = Request::put(&url)
                    .header("X-Folio-Token", &token)
                    .header("If-Match", &etag)
                    .header("Content-Type", "text/markdown; charset=utf-8")
                    .body(body.to_string());
                let response = match request {
                    Ok(r) => r.send().await,
                    Err(e) => Err(e),
                };
                let state = match response {
                    Ok(r) if r.ok() => {
                        *base.borrow_mut() = body.clone();
                        remove_draft(&path);
                        SaveState::Saved
                    }
                    Ok(r) if r.status() == 409 => {
                        SaveState::Conflict(r.text().await.unwrap_or_default())
                    }
                    Ok(r) => SaveState::Failed(format!(
                        "the server answered {} {}: {}",
                        r.status(),
                        r.status_text(),
                        r.text().await.unwrap_or_default().trim()
                    )),
                    Err(e) => SaveState::Failed(format!("network error ({e})")),
                };
                save_state.set(state);
            });
        })
    };
    let save_bar = token.as_ref().filter(|_| !props.path.is_empty()).map(|_| {
        let onclick = {
            let save = save.clone();
            Callback::from(move |_: MouseEvent| save(None))
        };
        let status = match &*save_state {
            SaveState::Idle => String::new(),
            SaveState::Saving => "Saving…".into(),
            SaveState::Saved => "Saved.".into(),
            SaveState::Failed(why) => format!("Not saved: {why}"),
            SaveState::Conflict(_) => "The file changed on disk since you opened it.".into(),
        };
        html! {
            <div class="save-bar">
                <button type="button" data-testid="save" {onclick}>{ "Save" }</button>
                <span class="save-status" data-testid="save-status" role="status">{ status }</span>
            </div>
        }
    });
    let conflict = match &*save_state {
        SaveState::Conflict(disk) => {
            let overwrite = {
                let save = save.clone();
                let disk = disk.clone();
                Callback::from(move |_: MouseEvent| save(Some(disk.clone())))
            };
            let take_theirs = {
                let replace_all = replace_all.clone();
                let base = base.clone();
                let save_state = save_state.clone();
                let disk = disk.clone();
                Callback::from(move |_: MouseEvent| {
                    *base.borrow_mut() = Rc::new(disk.clone());
                    replace_all(disk.clone());
                    save_state.set(SaveState::Idle);
                })
            };
            html! {
                <div class="conflict" data-testid="conflict" role="alert">
                    <p>{ "The file changed on disk since you opened it. Keep which version?" }</p>
                    <div class="conflict-versions">
                        <figure><figcaption>{ "Yours" }</figcaption><pre data-testid="conflict-mine">{ (*text).to_string() }</pre></figure>
                        <figure><figcaption>{ "On disk" }</figcaption><pre data-testid="conflict-theirs">{ disk.clone() }</pre></figure>
                    </div>
                    <button type="button" data-testid="overwrite" onclick={overwrite}>{ "Keep mine (overwrite)" }</button>
                    <button type="button" data-testid="take-theirs" onclick={take_theirs}>{ "Take the file's" }</button>
                </div>
            }
        }
        _ => Html::default(),
    };

    let textarea = match &*surface {
        Surface::Textarea(value) => {
            let on_change = on_change.clone();
            let oninput = Callback::from(move |e: InputEvent| {
                if let Some(area) = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
                {
                    on_change(area.value());
                }
            });
            html! { <textarea class="editor-fallback" data-testid="editor-input" aria-label="Post source" value={value.clone()} {oninput} /> }
        }
        _ => Html::default(),
    };

    let fm = &post.front_matter;
    let card = html! {
        <dl class="front-matter-card" data-testid="front-matter">
            <dt>{ "Title" }</dt><dd data-testid="fm-title">{ fm.title.clone().unwrap_or_default() }</dd>
            <dt>{ "Date" }</dt><dd>{ fm.date.as_ref().map(|d| d.format_long()).unwrap_or_else(|| "—".into()) }</dd>
            <dt>{ "Draft" }</dt><dd data-testid="fm-draft">{ if fm.draft { "yes" } else { "no" } }</dd>
            <dt>{ "Tags" }</dt><dd>{ if fm.tags.is_empty() { "—".to_string() } else { fm.tags.join(", ") } }</dd>
            <dt>{ "Words" }</dt><dd data-testid="word-count">{ format!("{} ({} min read)", post.word_count, crate::index::reading_time(post.word_count)) }</dd>
        </dl>
    };

    let tab_button = |name: &'static str, label: &'static str| {
        let tab = tab.clone();
        let selected = *tab == name;
        let onclick = Callback::from(move |_: MouseEvent| tab.set(name));
        html! {
            <button type="button" role="tab" aria-selected={selected.to_string()}
                data-testid={format!("tab-{name}")} {onclick}>{ label }</button>
        }
    };
    let title = if props.path.is_empty() {
        "New post".to_string()
    } else {
        format!("Editing {}", props.path)
    };
    html! {
        <section class="editor-page" data-tab={*tab}>
            <h1 class="visually-hidden">{ title }</h1>
            { for restore }
            { conflict }
            <div class="editor-tabs" role="tablist">
                { tab_button("source", "Edit") }
                { tab_button("preview", "Preview") }
            </div>
            <div class="editor-layout">
                <div class="editor-pane">
                    { for save_bar }
                    <div class="editor" data-testid="editor" data-ready={(*surface == Surface::CodeMirror).to_string()} ref={mount_ref}>
                        if *surface == Surface::Loading { <p class="editor-loading">{ "Loading the editor…" }</p> }
                    </div>
                    { textarea }
                    <section class="diagnostics-panel" aria-label="Problems">
                        <h2>{ format!("Problems ({})", lints.len()) }</h2>
                        <ul class="diagnostics" data-testid="diagnostics">{ for diagnostics }</ul>
                    </section>
                </div>
                <div class="preview-pane" data-testid="preview">
                    { card }
                    <PostView post={post.clone()} config={props.config.clone()}
                        embeds={props.config.embed_mode(&props.site.config)} />
                </div>
            </div>
        </section>
    }
}
