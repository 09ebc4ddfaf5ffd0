//! Fetching text over HTTP, and the loading state pages show while they do.
//!
//! Networks fail: every fetch has a timeout (15 s, or the page's
//! `folio:fetch-timeout` in seconds) and is tried up to four times, after
//! 0.5 s, 1 s and 2 s, when it fails on the network, times out or gets a
//! 5xx; a 404 or other 4xx is an answer, not retried. An HTML page where a
//! file was asked for (a host's single-page fallback standing in for a
//! missing `index.json` or post) is an error that says so, never content.
//! While it tries, the page shows its skeleton; when it gives up, the page
//! shows the error with a "Try again" button.

use gloo_net::http::Request;
use wasm_bindgen::{JsCast, JsValue};

/// Something being fetched: the page shows a skeleton, an error with a
/// retry button, or the thing.
#[derive(Clone, Debug, PartialEq)]
pub enum Load<T> {
    Loading,
    Failed(String),
    Ready(T),
}

impl<T> From<Result<T, String>> for Load<T> {
    fn from(result: Result<T, String>) -> Self {
        match result {
            Ok(value) => Load::Ready(value),
            Err(reason) => Load::Failed(reason),
        }
    }
}

/// The error text of a 404, which pages turn into their not-found page.
pub const NOT_FOUND: &str = "not found";

/// The error when an HTML page came instead of the file.
pub const HTML_INSTEAD: &str =
    "the server sent a web page instead of the file (it may be missing on the server)";

/// The waits before the second, third and fourth tries, in milliseconds.
const BACKOFF_MS: [i32; 3] = [500, 1000, 2000];

/// How long one try may take, unless the page says otherwise.
const DEFAULT_TIMEOUT_MS: i32 = 15_000;

/// How one try ended.
enum Try {
    Done(Result<String, String>),
    /// A network error, a timeout or a 5xx: worth another try.
    Again(String),
}

/// GETs `url` as text, retrying as the module documentation says; a
/// failure is an error that says what happened (a 404 is [`NOT_FOUND`]).
/// `no-cache` revalidates, so an edited post shows on reload.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let timeout = timeout_ms();
    // The boot script's prefetch, if any, is the first try.
    let mut last = match prefetched(url, timeout).await {
        Some(Try::Done(result)) => return result,
        Some(Try::Again(why)) => Some(why),
        None => None,
    };
    if last.is_none() {
        match try_once(url, timeout).await {
            Try::Done(result) => return result,
            Try::Again(why) => last = Some(why),
        }
    }
    for wait in BACKOFF_MS {
        sleep(wait).await;
        match try_once(url, timeout).await {
            Try::Done(result) => return result,
            Try::Again(why) => last = Some(why),
        }
    }
    Err(last.unwrap_or_else(|| "network error".to_string()))
}

/// One GET, aborted after `timeout` milliseconds.
async fn try_once(url: &str, timeout: i32) -> Try {
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(|c| c.signal());
    let timer = controller.and_then(|c| {
        let abort = wasm_bindgen::closure::Closure::once_into_js(move || c.abort());
        web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), timeout)
            .ok()
    });
    let timed_out = || signal.as_ref().is_some_and(|s| s.aborted());
    let outcome = async {
        let response = match Request::get(url)
            .cache(web_sys::RequestCache::NoCache)
            .abort_signal(signal.as_ref())
            .send()
            .await
        {
            Ok(response) => response,
            Err(_) if timed_out() => return Try::Again(timeout_error(timeout)),
            Err(e) => return Try::Again(format!("network error ({e})")),
        };
        let status = response.status();
        let kind = response.headers().get("content-type").unwrap_or_default();
        match response.text().await {
            Ok(text) => judge(status, &response.status_text(), &kind, text),
            Err(_) if timed_out() => Try::Again(timeout_error(timeout)),
            Err(e) => Try::Again(format!("cannot read the response ({e})")),
        }
    }
    .await;
    if let (Some(timer), Some(window)) = (timer, web_sys::window()) {
        window.clear_timeout_with_handle(timer);
    }
    outcome
}

fn timeout_error(timeout: i32) -> String {
    format!(
        "the server did not answer within {} s",
        (timeout as f64 / 1000.0 * 10.0).round() / 10.0
    )
}

/// What an answer means: its text, an error, or a reason to try again.
fn judge(status: u16, status_text: &str, content_type: &str, text: String) -> Try {
    if status == 404 {
        Try::Done(Err(NOT_FOUND.to_string()))
    } else if status >= 500 {
        Try::Again(format!("the server answered {status} {status_text}"))
    } else if !(200..300).contains(&status) {
        Try::Done(Err(format!("the server answered {status} {status_text}")))
    } else if is_html_page(content_type, &text) {
        Try::Done(Err(HTML_INSTEAD.to_string()))
    } else {
        Try::Done(Ok(text))
    }
}

/// Whether an answer is a web page: served as `text/html` and starting
/// (after white space) with `<!doctype html` or `<html`. Folio asks only
/// for Markdown and JSON, so such an answer is a host's fallback page.
fn is_html_page(content_type: &str, text: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if !essence.eq_ignore_ascii_case("text/html") {
        return false;
    }
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let head: String = start
        .chars()
        .take(14)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// The try `boot.js` already started for `url`, taken once (`None` when
/// there is none), awaited at most `timeout` milliseconds.
async fn prefetched(url: &str, timeout: i32) -> Option<Try> {
    use js_sys::Reflect;
    let window: JsValue = web_sys::window()?.into();
    let store = Reflect::get(&window, &JsValue::from_str("__folioPrefetch")).ok()?;
    let store: js_sys::Object = store.dyn_into().ok()?;
    let key = JsValue::from_str(url);
    let promise: js_sys::Promise = Reflect::get(&store, &key).ok()?.dyn_into().ok()?;
    let _ = Reflect::delete_property(&store, &key);
    // A prefetch that hangs counts as a try that timed out.
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, timeout);
        }
    });
    let race = js_sys::Promise::race(&js_sys::Array::of2(&promise, &timer));
    let response = match wasm_bindgen_futures::JsFuture::from(race).await {
        Ok(response) if response.is_undefined() => return Some(Try::Again(timeout_error(timeout))),
        Ok(response) => response,
        Err(_) => return Some(Try::Again("network error".to_string())),
    };
    let field = |name: &str| Reflect::get(&response, &JsValue::from_str(name)).ok();
    let status = field("status")?.as_f64()? as u16;
    let text = field("text")?.as_string()?;
    let status_text = field("statusText")
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    let kind = field("type")
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    Some(judge(status, &status_text, &kind, text))
}

/// The page's `folio:fetch-timeout` (seconds), else 15 s.
fn timeout_ms() -> i32 {
    super::config::meta("folio:fetch-timeout")
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .map_or(DEFAULT_TIMEOUT_MS, |s| (s * 1000.0).min(600_000.0) as i32)
}

/// Resolves after `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
