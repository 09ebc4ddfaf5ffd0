//! `folio serve`: serves the built app together with any Hugo site's
//! `content/` on 127.0.0.1, so a site owner can read their own site in
//! Folio without copying files. `index.json` is built fresh on every request
//! (with the clock read then), so adding, editing or removing a post shows on
//! the next reload.
//!
//! It is a small development server on `tiny_http` (GET and HEAD only, a
//! fixed pool of worker threads), not a production web server: for hosting,
//! run `folio index` and put the files on any static host (see the README).
//!
//! Routes: `/content/index.json` is the fresh index; `/content/PATH` a file
//! of the content folder; any other path a file of the app folder, or else
//! the app's `index.html` (the single-page fallback). Files are resolved to
//! their real path and served only if that lies inside the folder, so a
//! symbolic link out of it is not followed.

use std::fs::File;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use super::load;
use crate::index::{self, Include};

/// How many requests are answered at once.
const WORKERS: usize = 4;

/// What to serve, and where.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The built app (Trunk's `dist/`).
    pub dist: PathBuf,
    /// The posts (a Hugo site's `content/`).
    pub content: PathBuf,
    /// The Hugo site (config, shortcode templates), if any.
    pub site: Option<PathBuf>,
    pub include: Include,
    /// `HOST:PORT` to listen on; port 0 takes any free port.
    pub address: String,
    /// The origin allowed to read the files from its pages (CORS), if any.
    pub cors: Option<String>,
}

/// How one request is answered.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A fresh `index.json` of the content directory.
    Index,
    /// A file (its real path), with its content type.
    File(PathBuf, &'static str),
    /// The app's page, for client-side routes.
    App,
    NotFound,
}

/// Maps a request path to what answers it; never leaves the served folders.
/// `wants_html` is whether the client accepts HTML (a browser navigating):
/// then a missing file of the app folder gets the app's page, as does any
/// path whose last segment has no extension or that ends in `/`; a missing
/// `/x.js` asked for by a script gets a 404.
pub fn resolve(options: &ServeOptions, path: &str, wants_html: bool) -> Target {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let decoded = crate::routes::percent_decode(path);
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Target::NotFound;
    }
    if let Ok(rest) = relative.strip_prefix("content") {
        if rest == Path::new("index.json") {
            return Target::Index;
        }
        return match file_inside(&options.content, rest) {
            Some(file) => Target::File(file, content_type(rest)),
            None => Target::NotFound,
        };
    }
    if let Some(file) = file_inside(&options.dist, relative) {
        return Target::File(file, content_type(relative));
    }
    let last = decoded.rsplit('/').next().unwrap_or_default();
    if wants_html || !last.contains('.') {
        Target::App
    } else {
        Target::NotFound
    }
}

/// `root/relative` as a real path, if it is a file inside `root` once every
/// symbolic link is resolved.
fn file_inside(root: &Path, relative: &Path) -> Option<PathBuf> {
    let root = root.canonicalize().ok()?;
    let file = root.join(relative).canonicalize().ok()?;
    (file.starts_with(&root) && file.is_file()).then_some(file)
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "json" => "application/json",
        "md" | "markdown" => "text/markdown; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// Serves until the process ends; prints the URL first (with the port
/// actually bound, when asked for port 0).
pub fn serve(options: ServeOptions) -> Result<(), String> {
    if let Some(origin) = &options.cors {
        header("Access-Control-Allow-Origin", origin)
            .map_err(|_| format!("--cors {origin}: not a valid header value"))?;
    }
    let server = Server::http(&options.address)
        .map_err(|e| format!("cannot listen on {}: {e}", options.address))?;
    let local = server
        .server_addr()
        .to_ip()
        .map_or_else(|| options.address.clone(), |a| a.to_string());
    println!(
        "Folio: serving {} on http://{local}/",
        options.content.display()
    );
    let server = Arc::new(server);
    let options = Arc::new(options);
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (server, options) = (server.clone(), options.clone());
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    answer(request, &options);
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.join();
    }
    Ok(())
}

fn header(name: &str, value: &str) -> Result<Header, ()> {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
}

/// Answers one request; a client that went away is not an error here.
fn answer(request: Request, options: &ServeOptions) {
    let method = request.method().clone();
    let response = if method != Method::Get && method != Method::Head {
        text(405, "GET only\n").with_header(header("Allow", "GET, HEAD").expect("valid header"))
    } else {
        let wants_html = request
            .headers()
            .iter()
            .find(|h| h.field.equiv("Accept"))
            .is_some_and(|h| h.value.as_str().contains("text/html"));
        respond_to(resolve(options, request.url(), wants_html), options)
    };
    let mut response = response
        .with_header(header("Cache-Control", "no-cache").expect("valid header"))
        .with_header(header("X-Content-Type-Options", "nosniff").expect("valid header"));
    if let Some(origin) = &options.cors {
        if let Ok(allow) = header("Access-Control-Allow-Origin", origin) {
            response.add_header(allow);
        }
    }
    let _ = request.respond(response);
}

type Answer = Response<Box<dyn std::io::Read + Send>>;

fn respond_to(target: Target, options: &ServeOptions) -> Answer {
    match target {
        Target::Index => match build_index(options, &load::now()) {
            Ok(json) => bytes(200, "application/json", json.into_bytes()),
            Err(e) => text(500, &format!("{e}\n")),
        },
        Target::File(path, kind) => match file(&path, kind) {
            Some(response) => response,
            None => text(404, "not found\n"),
        },
        Target::App => match file_inside(&options.dist, Path::new("index.html"))
            .and_then(|page| file(&page, "text/html; charset=utf-8"))
        {
            Some(response) => response,
            None => text(
                500,
                "no index.html in the app folder: build it with trunk build\n",
            ),
        },
        Target::NotFound => text(404, "not found\n"),
    }
}

fn file(path: &Path, kind: &'static str) -> Option<Answer> {
    let file = File::open(path).ok()?;
    let length = file.metadata().ok()?.len();
    let response = Response::new(
        StatusCode(200),
        vec![header("Content-Type", kind).expect("valid header")],
        Box::new(file) as Box<dyn std::io::Read + Send>,
        usize::try_from(length).ok(),
        None,
    );
    Some(response)
}

fn text(status: u16, body: &str) -> Answer {
    bytes(
        status,
        "text/plain; charset=utf-8",
        body.as_bytes().to_vec(),
    )
}

fn bytes(status: u16, kind: &'static str, body: Vec<u8>) -> Answer {
    let length = body.len();
    Response::new(
        StatusCode(status),
        vec![header("Content-Type", kind).expect("valid header")],
        Box::new(std::io::Cursor::new(body)) as Box<dyn std::io::Read + Send>,
        Some(length),
        None,
    )
}

/// The content folder's `index.json`, built now.
fn build_index(options: &ServeOptions, now: &crate::frontmatter::Date) -> Result<String, String> {
    let site_files = load::read_site_files_or_default(options.site.as_deref())?;
    let site = site_files.to_site()?;
    let files = load::read_posts(&options.content)?;
    let (mut index, _) = index::build(&files, &site, options.include, now);
    index.site = site_files;
    serde_json::to_string(&index).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> ServeOptions {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        ServeOptions {
            dist: root.join("styles"),
            content: root.join("content"),
            site: None,
            include: Include::default(),
            address: "127.0.0.1:0".to_string(),
            cors: None,
        }
    }

    #[test]
    fn routes_requests_without_leaving_the_folders() {
        let o = options();
        assert_eq!(resolve(&o, "/content/index.json", false), Target::Index);
        assert!(matches!(
            resolve(&o, "/content/posts/2017-05-28-pyconweb-may17.md", false),
            Target::File(_, "text/markdown; charset=utf-8")
        ));
        assert!(matches!(
            resolve(&o, "/main.css?v=1", false),
            Target::File(_, "text/css")
        ));
        assert_eq!(resolve(&o, "/posts/some-post/", false), Target::App);
        assert_eq!(
            resolve(&o, "/posts/markdown-syntax.fa/", false),
            Target::App
        );
        assert_eq!(resolve(&o, "/", false), Target::App);
        assert_eq!(resolve(&o, "/missing.js", false), Target::NotFound);
        assert_eq!(resolve(&o, "/post.fa", true), Target::App);
        assert_eq!(resolve(&o, "/content/missing.md", true), Target::NotFound);
        assert_eq!(resolve(&o, "/content/posts", false), Target::NotFound);
        assert_eq!(
            resolve(&o, "/content/../Cargo.toml", false),
            Target::NotFound
        );
        assert_eq!(
            resolve(&o, "/content/%2e%2e/Cargo.toml", false),
            Target::NotFound
        );
        assert_eq!(resolve(&o, "/%2e%2e/Cargo.toml", true), Target::NotFound);
    }

    #[test]
    fn index_is_built_fresh_with_the_posts() {
        let now = crate::frontmatter::Date::parse("2026-01-01T00:00:00Z").unwrap();
        let json = build_index(&options(), &now).unwrap();
        let index: crate::index::Index = serde_json::from_str(&json).unwrap();
        assert!(index.posts.iter().any(|p| p.title == "PyconWeb - May'17"));
    }
}
