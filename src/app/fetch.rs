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

/// The error text of a 404, which pages turn into their not-found page.
pub const NOT_FOUND: &str = "not found";
