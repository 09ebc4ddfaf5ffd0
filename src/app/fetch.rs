//! Fetching text over HTTP, and the loading state pages show while they do.

use gloo_net::http::Request;

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

/// GETs `url` as text; a network failure or a non-2xx status is an error
/// that says which. `no-cache` revalidates, so an edited post shows on reload.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    if let Some(result) = prefetched(url).await {
        return result;
    }
    let response = Request::get(url)
        .cache(web_sys::RequestCache::NoCache)
        .send()
        .await
        .map_err(|e| format!("network error ({e})"))?;
    if response.status() == 404 {
        return Err(NOT_FOUND.to_string());
    }
    if !response.ok() {
        return Err(format!(
            "the server answered {} {}",
            response.status(),
            response.status_text()
        ));
    }
    response
        .text()
        .await
        .map_err(|e| format!("cannot read the response ({e})"))
}

/// The response `boot.js` already fetched for `url`, taken once: `None` when
/// there is none or it failed on the network (then the caller fetches).
async fn prefetched(url: &str) -> Option<Result<String, String>> {
    use js_sys::Reflect;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::JsValue;
    let window: JsValue = web_sys::window()?.into();
    let store = Reflect::get(&window, &JsValue::from_str("__folioPrefetch")).ok()?;
    let store: js_sys::Object = store.dyn_into().ok()?;
    let key = JsValue::from_str(url);
    let promise: js_sys::Promise = Reflect::get(&store, &key).ok()?.dyn_into().ok()?;
    let _ = Reflect::delete_property(&store, &key);
    let response = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    let field = |name: &str| Reflect::get(&response, &JsValue::from_str(name)).ok();
    let status = field("status")?.as_f64()? as u16;
    let text = field("text")?.as_string()?;
    Some(if status == 404 {
        Err(NOT_FOUND.to_string())
    } else if !(200..300).contains(&status) {
        let status_text = field("statusText")
            .and_then(|s| s.as_string())
            .unwrap_or_default();
        Err(format!("the server answered {status} {status_text}"))
    } else {
        Ok(text)
    })
}

/// The error text of a 404, which pages turn into their not-found page.
pub const NOT_FOUND: &str = "not found";
