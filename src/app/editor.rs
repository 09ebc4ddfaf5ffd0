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
//! Keystroke to preview (BENCHMARKS.md): CodeMirror keeps every keystroke;
//! the editor module hands the latest text over at most once per animation
//! frame (debounced when a preview costs more than the budget), and only the
//! render and the preview's diff happen then. The lints (and their panel)
//! and the draft wait until typing pauses ([`IDLE_MS`]); the panel is its
//! own component, compared by the identity of its lints, and an offscreen
//! preview block skips style and layout (`content-visibility: auto`).
//!
//! Performance marks: the editor marks `folio-keystroke` at the first change
//! the preview does not show yet and `folio-flush` when it hands the text
//! over; after the preview is updated the app measures `folio-preview` from
//! the keystroke, and phases as `folio-phase-*` (`doc`, `render`, `view`,
//! `total`, `lints`).

use std::rc::Rc;

use gloo_net::http::Request;
use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use super::config::{edit_token, meta};
use super::fetch::{fetch_text, Load, NOT_FOUND};
use super::pages::{FetchError, NotFound, Skeleton};
use super::post::PostView;
use super::script::import;
use super::timing::{perf_now, phase, Timer};
use super::AppConfig;
use crate::edit;
use crate::frontmatter::Date;
use crate::index::Index;
use crate::lints::{self, Lint};
use crate::policy::Trust;
use crate::render::{needs_engine, render_page, RenderedPost};
use crate::site::Site;
use folio_core::incremental::Incremental;

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
    let site = use_memo(
        (props.index.clone(), props.config.content_base.clone()),
        |(index, base)| {
            super::post::reader_site(index, base).map(|site| {
                let wire = super::worker::SiteWire::new(index.clone(), site.clone());
                (site, wire)
            })
        },
    );
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
    let (site, site_wire) = match &*site {
        Ok((site, wire)) => (site.clone(), wire.clone()),
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
                <Editor key={path.to_string()} site={site} site_wire={site_wire} base={text.clone()} path={path.clone()}
                    exists={*exists} config={props.config.clone()} />
            }
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub site: Rc<Site>,
    /// `site` as index.json's site files, for the render worker.
    pub site_wire: Rc<super::worker::SiteWire>,
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

/// How long typing must pause before the lints and the draft are updated.
const IDLE_MS: i32 = 300;

/// `performance.measure('folio-preview')` from the last `folio-keystroke`
/// mark, which is then cleared (so each keystroke is measured once), and
/// `folio-phase-total` from `folio-flush` (the text handed over): what the
/// preview cost, returned so the editor can pick its scheduling.
fn measure_preview() -> Option<f64> {
    thread_local! {
        static MEASURE: Option<Function> = Function::new_no_args(
            "try { performance.mark('folio-preview-done');\
                   performance.measure('folio-preview', 'folio-keystroke', 'folio-preview-done');\
                   performance.clearMarks('folio-keystroke'); } catch (e) {}\
             try { const m = performance.measure('folio-phase-total', 'folio-flush', 'folio-preview-done');\
                   performance.clearMarks('folio-flush'); return m.duration; } catch (e) { return undefined; }",
        )
        .into();
    }
    MEASURE.with(|m| m.as_ref()?.call0(&JsValue::NULL).ok()?.as_f64())
}

/// The problems of one text, and that text (fixes' spans are its bytes).
pub struct Checked {
    source: Rc<String>,
    lints: Vec<Lint>,
}

impl Checked {
    fn new(source: Rc<String>, post: &RenderedPost) -> Checked {
        let start = perf_now();
        let lints = lints::check(&source, post);
        phase("folio-phase-lints", start);
        Checked { source, lints }
    }
}

#[derive(Properties)]
struct DiagnosticsProps {
    checked: Option<Rc<Checked>>,
    /// A line to go to.
    on_goto: Callback<usize>,
    /// The lint (an index in `checked`) whose fix to apply.
    on_fix: Callback<(Rc<Checked>, usize)>,
}

/// Compared by the identity of the lints only: the callbacks hold nothing
/// that changes between renders (handles and shared cells), so the panel
/// is diffed only when new lints arrive, not on every keystroke.
impl PartialEq for DiagnosticsProps {
    fn eq(&self, other: &Self) -> bool {
        match (&self.checked, &other.checked) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

/// The problems panel.
#[function_component(Diagnostics)]
fn diagnostics(props: &DiagnosticsProps) -> Html {
    let Some(checked) = props.checked.clone() else {
        return html! {
            <section class="diagnostics-panel" aria-label="Problems">
                <h2>{ "Problems" }</h2>
                <ul class="diagnostics" data-testid="diagnostics"></ul>
            </section>
        };
    };
    let items = checked.lints.iter().enumerate().map(|(i, lint)| {
        let line = lint.line;
        let onclick = props.on_goto.reform(move |_: MouseEvent| line);
        let fix = lint.fix.as_ref().map(|_| {
            let on_fix = props.on_fix.clone();
            let checked = checked.clone();
            let onclick = Callback::from(move |e: MouseEvent| {
                e.stop_propagation();
                on_fix.emit((checked.clone(), i));
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
    html! {
        <section class="diagnostics-panel" aria-label="Problems">
            <h2>{ format!("Problems ({})", checked.lints.len()) }</h2>
            <ul class="diagnostics" data-testid="diagnostics">{ for items }</ul>
        </section>
    }
}

/// Editor-only style: a preview block out of view skips style and layout, so
/// an edit in a long post does not lay the whole preview out again.
const PREVIEW_STYLE: &str = ".preview-pane .post-body > .folio-block > * \
    { content-visibility: auto; contain-intrinsic-size: auto 3em; }";

/// `edit(source, from, to, with)`: see `Editor`.
type EditFn = dyn Fn(&str, usize, usize, String);

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
    // The post kept rendered across edits: an edit re-renders the blocks
    // around it when that is provably exact (folio_core::incremental).
    // The post's path, so its references and bundle images resolve as on
    // its page.
    let page: Rc<Option<String>> =
        Rc::new((!props.path.is_empty()).then(|| props.path.to_string()));
    // The post needs the template engine, which this wasm leaves out: the
    // first render is the worker's (this thread renders no template).
    let engine_first = use_mut_ref(|| needs_engine(&props.base, &props.site));
    let inc = use_mut_ref(|| {
        let first = if *engine_first.borrow() {
            String::new()
        } else {
            props.base.to_string()
        };
        Incremental::new_at(first, props.site.clone(), Trust::Site, (*page).clone())
    });
    // A full render of a big post is running in the worker.
    let busy = use_mut_ref(|| false);
    // The rendered `text`: rendered as the text is handed over, outside
    // Yew's scheduler (which would yield to the browser mid-update).
    let post = use_state(|| Rc::new(inc.borrow().post().clone()));
    // The latest text handed over, also between renders.
    let current = use_mut_ref(|| props.base.clone());
    // The file's text as last loaded or saved: the ETag sent with a save.
    // (Empty for a new post: the file does not exist yet.)
    let base = use_mut_ref(|| {
        if props.exists {
            props.base.clone()
        } else {
            Rc::new(String::new())
        }
    });
    // A new post's file: as the author typed it (else from the title), and
    // once saved, where it was saved.
    let new_path = use_state(|| None::<String>);
    let saved_path = use_state(|| None::<String>);
    let surface = use_state(|| Surface::Loading);
    let handle = use_mut_ref(|| None::<JsValue>);
    let on_change_closure = use_mut_ref(|| None::<Closure<dyn FnMut(String)>>);
    let mount_ref = use_node_ref();
    let preview_ref = use_node_ref();
    let scroll_sync = use_state(|| true);
    let tab = use_state(|| "source");
    let offered = use_state(|| read_draft(&props.path).filter(|d| d.text != *props.base));
    let save_state = use_state(|| SaveState::Idle);
    // The idle work (lints, draft) of the text shown; a change cancels it.
    let idle = use_mut_ref(|| None::<Timer>);
    let checked = use_state(|| None::<Rc<Checked>>);
    let view_start = use_mut_ref(|| None::<f64>);
    // Set by a fix: the panel is re-checked as soon as the preview shows it
    // (the author may click the next Fix at once).
    let lint_now = use_mut_ref(|| false);

    // Every change (coalesced by the editor module): rendered now, and the
    // preview follows; the idle work waits for the preview and a pause.
    //
    // An edit that can be rendered incrementally is rendered here; a full
    // render of a big post goes to the worker (typing never waits for it):
    // while it runs, changes only update `current`, and when it is done the
    // latest text is caught up from it (incrementally, or by another worker
    // render). The preview shows each state it reaches.
    let on_change: Rc<dyn Fn(String)> = {
        let text = text.clone();
        let post = post.clone();
        let current = current.clone();
        let idle = idle.clone();
        let view_start = view_start.clone();
        let site = props.site.clone();
        let site_wire = props.site_wire.clone();
        let inc = inc.clone();
        let busy = busy.clone();
        let page = page.clone();
        let engine_first = engine_first.clone();
        Rc::new(move |new: String| {
            idle.borrow_mut().take();
            let new = Rc::new(new);
            *current.borrow_mut() = new.clone();
            if *busy.borrow() {
                return;
            }
            let show = {
                let post = post.clone();
                let text = text.clone();
                let view_start = view_start.clone();
                move |shown: Rc<String>, rendered: Rc<RenderedPost>| {
                    *view_start.borrow_mut() = Some(perf_now());
                    post.set(rendered);
                    text.set(shown);
                }
            };
            let start = perf_now();
            // A post that needs the template engine is rendered here only
            // incrementally (an edit away from its shortcodes), else in the
            // worker, as a big post is.
            let attempt = {
                let mut inc = inc.borrow_mut();
                if *engine_first.borrow() {
                    Err(String::new())
                } else if new.len() >= super::worker::EDITOR_MIN_BYTES || needs_engine(&new, &site)
                {
                    inc.try_set_text(new.to_string()).map(|_| ())
                } else {
                    inc.set_text(new.to_string());
                    Ok(())
                }
            };
            if attempt.is_ok() {
                let rendered = Rc::new(inc.borrow().post().clone());
                phase("folio-phase-render", start);
                show(new, rendered);
                return;
            }
            *busy.borrow_mut() = true;
            let (inc, busy, current) = (inc.clone(), busy.clone(), current.clone());
            let (site, site_wire, page) = (site.clone(), site_wire.clone(), page.clone());
            let engine_first = engine_first.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let mut target = new;
                loop {
                    let start = perf_now();
                    let rendered = match super::worker::render(
                        &target,
                        page.as_deref(),
                        &site_wire,
                        Trust::Site,
                    )
                    .await
                    {
                        Some(rendered) => rendered,
                        None => render_page(&target, &site, Trust::Site, page.as_deref()),
                    };
                    phase("folio-phase-worker", start);
                    inc.borrow_mut().install(target.to_string(), rendered);
                    *engine_first.borrow_mut() = false;
                    let latest = current.borrow().clone();
                    let caught_up = Rc::ptr_eq(&latest, &target)
                        || inc.borrow_mut().try_set_text(latest.to_string()).is_ok();
                    if caught_up {
                        let rendered = Rc::new(inc.borrow().post().clone());
                        show(latest, rendered);
                        break;
                    }
                    target = latest;
                }
                *busy.borrow_mut() = false;
            });
        })
    };
    // The first render of a post that needs the template engine: the worker's.
    {
        let on_change = on_change.clone();
        let base = props.base.clone();
        let engine_first = engine_first.clone();
        use_effect_with((), move |_| {
            if *engine_first.borrow() {
                on_change(base.to_string());
            }
        });
    }
    // Hands CodeMirror's pending change over now, so `current` is its text.
    let flush = {
        let handle = handle.clone();
        move || {
            if let Some(h) = handle.borrow().as_ref() {
                call(h, "flush", &[]);
            }
        }
    };

    // Load CodeMirror once, and mount it.
    {
        let surface = surface.clone();
        let handle = handle.clone();
        let mount_ref = mount_ref.clone();
        let initial = props.base.clone();
        let on_change = on_change.clone();
        let on_change_closure = on_change_closure.clone();
        let preview_ref = preview_ref.clone();
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
                        // Scroll sync by source line, both ways (the toggle
                        // below turns it off and on).
                        if let Some(pane) = preview_ref.cast::<web_sys::Element>() {
                            call(&h, "syncScroll", &[pane.into()]);
                        }
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

    let post: Rc<RenderedPost> = (*post).clone();
    // After the preview shows a change: the measures, then (at once the
    // first time) the idle work: the lints, and the draft.
    {
        let handle = handle.clone();
        let view_start = view_start.clone();
        let checked = checked.clone();
        let idle = idle.clone();
        let post = post.clone();
        let first = checked.is_none();
        let path = props.path.to_string();
        let base = props.base.clone();
        let lint_now = lint_now.clone();
        use_effect_with((*text).clone(), move |text| {
            if let Some(start) = view_start.borrow_mut().take() {
                phase("folio-phase-view", start);
            }
            if let (Some(cost), Some(h)) = (measure_preview(), handle.borrow().as_ref()) {
                call(h, "previewCost", &[cost.into()]);
            }
            let text = text.clone();
            let immediate = first || std::mem::take(&mut *lint_now.borrow_mut());
            if immediate {
                checked.set(Some(Rc::new(Checked::new(text.clone(), &post))));
            }
            if !first {
                let timer = Timer::new(IDLE_MS, move || {
                    if !Rc::ptr_eq(&text, &base) {
                        write_draft(&path, &text);
                    }
                    if !immediate {
                        checked.set(Some(Rc::new(Checked::new(text, &post))));
                    }
                });
                *idle.borrow_mut() = timer;
            }
        });
    }

    // Replaces source[from..to] (bytes; `source` is the editor's text) by
    // `with`, as one undoable edit.
    let edit: Rc<EditFn> = {
        let handle = handle.clone();
        let surface = surface.clone();
        let on_change = on_change.clone();
        Rc::new(move |source: &str, from: usize, to: usize, with: String| {
            if let Some(h) = handle.borrow().as_ref() {
                call(
                    h,
                    "applyEdit",
                    &[
                        utf16_offset(source, from).into(),
                        utf16_offset(source, to).into(),
                        JsValue::from_str(&with),
                    ],
                );
            } else if source.get(from..to).is_some() {
                let new = format!("{}{with}{}", &source[..from], &source[to..]);
                surface.set(Surface::Textarea(new.clone()));
                on_change(new);
            }
        })
    };
    let replace_all: Rc<dyn Fn(String)> = {
        let edit = edit.clone();
        let current = current.clone();
        let flush = flush.clone();
        Rc::new(move |new: String| {
            flush();
            let now = current.borrow().clone();
            edit(&now, 0, now.len(), new)
        })
    };
    // A fix from the panel. Lints lag the text while typing: when they are
    // not the current text's, the text is checked now and the same
    // problem's fix (nearest to the old one) applied.
    let on_fix = {
        let current = current.clone();
        let edit = edit.clone();
        let site = props.site.clone();
        let page = page.clone();
        let checked_state = checked.clone();
        let flush = flush.clone();
        let lint_now = lint_now.clone();
        Callback::from(move |(checked, i): (Rc<Checked>, usize)| {
            let Some(lint) = checked.lints.get(i) else {
                return;
            };
            flush();
            *lint_now.borrow_mut() = true;
            let now = current.borrow().clone();
            if Rc::ptr_eq(&checked.source, &now) {
                if let Some(fix) = &lint.fix {
                    edit(&now, fix.span.start, fix.span.end, fix.replacement.clone());
                }
                return;
            }
            let fresh = Rc::new(Checked::new(
                now.clone(),
                &render_page(&now, &site, Trust::Site, page.as_deref()),
            ));
            let same = fresh
                .lints
                .iter()
                .filter(|l| l.code == lint.code && l.message == lint.message)
                .filter_map(|l| l.fix.as_ref())
                .min_by_key(|f| f.span.start.abs_diff(lint.span.start))
                .cloned();
            checked_state.set(Some(fresh));
            if let Some(fix) = same {
                edit(&now, fix.span.start, fix.span.end, fix.replacement);
            }
        })
    };

    let goto = {
        let handle = handle.clone();
        Callback::from(move |line: usize| {
            if let Some(h) = handle.borrow().as_ref() {
                call(h, "setCursor", &[JsValue::from(line as u32)]);
            }
        })
    };

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

    // Read once: without the meta tag, a query scans the whole (long) page.
    let token = (*use_memo((), |_| edit_token())).clone();
    // Where a save writes: the post's path; for a new post the file asked
    // for (`posts/<slug of the title>.md` until the author changes it).
    let save_path = if !props.path.is_empty() {
        props.path.to_string()
    } else if let Some(saved) = &*saved_path {
        saved.clone()
    } else {
        (*new_path).clone().unwrap_or_else(|| {
            edit::new_post_path(post.front_matter.title.as_deref().unwrap_or(""))
        })
    };
    let save = {
        let current = current.clone();
        let flush = flush.clone();
        let base = base.clone();
        let save_state = save_state.clone();
        let path = save_path.clone();
        let draft_path = props.path.to_string();
        let saved_path = saved_path.clone();
        let token = token.clone();
        Rc::new(move |force_against: Option<String>| {
            let Some(token) = token.clone() else {
                return;
            };
            flush();
            let body = current.borrow().clone();
            let expected = force_against.unwrap_or_else(|| base.borrow().to_string());
            let etag = edit::etag(expected.as_bytes());
            let url = format!(
                "/__folio/save?path={}",
                String::from(js_sys::encode_uri_component(&path))
            );
            let base = base.clone();
            let save_state = save_state.clone();
            let (path, draft_path, saved_path) =
                (path.clone(), draft_path.clone(), saved_path.clone());
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
                        remove_draft(&draft_path);
                        saved_path.set(Some(path));
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
    let save_bar = token.as_ref().map(|_| {
        // A new post asks where to save it, until it is saved.
        let file = (props.path.is_empty() && saved_path.is_none()).then(|| {
            let new_path = new_path.clone();
            let oninput = Callback::from(move |e: InputEvent| {
                if let Some(input) = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                {
                    new_path.set(Some(input.value()));
                }
            });
            html! {
                <label class="new-path">{ "File in content/: " }
                    <input type="text" data-testid="new-path" value={save_path.clone()} {oninput} />
                </label>
            }
        });
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
                { for file }
                <button type="button" data-testid="save" {onclick}>{ "Save" }</button>
                <span class="save-status" data-testid="save-status" role="status">{ status }</span>
            </div>
        }
    });
    // Without `folio serve` (a static host): the post goes out as a
    // download and comes in from a local file (a file picker here, or a
    // file dropped on the editor, which the editor module handles).
    let file_bar = (token.is_none() && *surface == Surface::CodeMirror).then(|| {
        let name = props
            .path
            .rsplit('/')
            .next()
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| {
                let title = post.front_matter.title.clone().unwrap_or_default();
                let path = edit::new_post_path(&title);
                path.rsplit('/').next().unwrap_or("post.md").to_string()
            });
        let download = {
            let handle = handle.clone();
            Callback::from(move |_: MouseEvent| {
                if let Some(h) = handle.borrow().as_ref() {
                    call(h, "download", &[JsValue::from_str(&name)]);
                }
            })
        };
        let open = {
            let handle = handle.clone();
            Callback::from(move |e: Event| {
                if let (Some(h), Some(input)) = (handle.borrow().as_ref(), e.target()) {
                    call(h, "openFile", &[input.into()]);
                }
            })
        };
        html! {
            <div class="save-bar">
                <button type="button" data-testid="download" onclick={download}>{ "Download" }</button>
                <label class="open-file">{ "Open a file… " }
                    <input type="file" accept=".md,.markdown,text/markdown,text/plain" data-testid="open-file" onchange={open} />
                </label>
                <span class="save-status">{ "or drop a file on the editor" }</span>
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
            <dt>{ "Words" }</dt><dd data-testid="word-count">{ format!("{} ({} min read)", post.word_count, post.reading_time()) }</dd>
        </dl>
    };

    let on_sync = {
        let scroll_sync = scroll_sync.clone();
        let handle = handle.clone();
        Callback::from(move |_: Event| {
            let on = !*scroll_sync;
            scroll_sync.set(on);
            if let Some(h) = handle.borrow().as_ref() {
                call(h, "setScrollSync", &[JsValue::from_bool(on)]);
            }
        })
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
            <style>{ PREVIEW_STYLE }</style>
            <h1 class="visually-hidden">{ title }</h1>
            { for restore }
            { conflict }
            <div class="editor-tabs" role="tablist">
                { tab_button("source", "Edit") }
                { tab_button("preview", "Preview") }
            </div>
            <label class="scroll-sync">
                <input type="checkbox" data-testid="scroll-sync" checked={*scroll_sync} onchange={on_sync} />
                { " Scroll together" }
            </label>
            <div class="editor-layout">
                <div class="editor-pane">
                    { for save_bar }
                    { for file_bar }
                    <div class="editor" data-testid="editor" data-ready={(*surface == Surface::CodeMirror).to_string()} ref={mount_ref}>
                        if *surface == Surface::Loading { <p class="editor-loading">{ "Loading the editor…" }</p> }
                    </div>
                    { textarea }
                    <Diagnostics checked={(*checked).clone()} on_goto={goto} {on_fix} />
                </div>
                <div class="preview-pane" data-testid="preview" ref={preview_ref}>
                    { card }
                    <PostView post={post.clone()} config={props.config.clone()}
                        embeds={props.config.embed_mode(&props.site.config)} />
                </div>
            </div>
        </section>
    }
}
