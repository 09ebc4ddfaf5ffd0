//! `folio serve`: serves the built app together with any Hugo site's
//! `content/` on 127.0.0.1, so a site owner can read their own site in
//! Folio without copying files. `index.json` is built fresh on every request,
//! so adding, editing or removing a post shows on the next reload.
//!
//! It is a small development server (one thread per connection, GET and
//! HEAD only), not a production web server: for hosting, run `folio index`
//! and put the files on any static host (see the README).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::index::{self, Include};
use crate::site::SiteFiles;

/// What to serve.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The built app (Trunk's `dist/`).
    pub dist: PathBuf,
    /// The posts (a Hugo site's `content/`).
    pub content: PathBuf,
    /// The Hugo site (config, shortcode templates), if any.
    pub site: Option<PathBuf>,
    pub include: Include,
}

/// How one request is answered.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A fresh `index.json` of the content directory.
    Index,
    /// A file, with its content type.
    File(PathBuf, &'static str),
    /// The app's page, for client-side routes.
    App,
    NotFound,
}

/// Maps a request path to what answers it; never leaves the served folders.
pub fn resolve(options: &ServeOptions, path: &str) -> Target {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let decoded = crate::routes::percent_decode(path);
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return if decoded == "/" {
            Target::App
        } else {
            Target::NotFound
        };
    }
    if let Ok(rest) = relative.strip_prefix("content") {
        if rest == Path::new("index.json") {
            return Target::Index;
        }
        let file = options.content.join(rest);
        return if file.is_file() {
            Target::File(file, content_type(rest))
        } else {
            Target::NotFound
        };
    }
    let file = options.dist.join(relative);
    if file.is_file() {
        return Target::File(file, content_type(relative));
    }
    // Paths with an extension are files; the rest are the app's routes.
    if relative.extension().is_some() {
        Target::NotFound
    } else {
        Target::App
    }
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
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        _ => "application/octet-stream",
    }
}

/// Serves until the process ends; prints the URL first.
pub fn serve(
    options: ServeOptions,
    address: &str,
    now: crate::frontmatter::Date,
) -> Result<(), String> {
    let listener =
        TcpListener::bind(address).map_err(|e| format!("cannot listen on {address}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    println!(
        "Folio: serving {} on http://{local}/",
        options.content.display()
    );
    let options = Arc::new(options);
    for stream in listener.incoming().flatten() {
        let options = options.clone();
        let now = now.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, &options, &now);
        });
    }
    Ok(())
}

fn handle(
    mut stream: TcpStream,
    options: &ServeOptions,
    now: &crate::frontmatter::Date,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers; nothing in them changes the answer.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, path) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or("/"),
    );
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"GET only\n",
            method,
        );
    }
    match resolve(options, path) {
        Target::Index => match build_index(options, now) {
            Ok(json) => respond(
                &mut stream,
                "200 OK",
                "application/json",
                json.as_bytes(),
                method,
            ),
            Err(e) => respond(
                &mut stream,
                "500 Internal Server Error",
                "text/plain",
                e.as_bytes(),
                method,
            ),
        },
        Target::File(file, kind) => match std::fs::read(&file) {
            Ok(body) => respond(&mut stream, "200 OK", kind, &body, method),
            Err(_) => respond(
                &mut stream,
                "404 Not Found",
                "text/plain",
                b"not found\n",
                method,
            ),
        },
        Target::App => match std::fs::read(options.dist.join("index.html")) {
            Ok(body) => respond(
                &mut stream,
                "200 OK",
                "text/html; charset=utf-8",
                &body,
                method,
            ),
            Err(_) => respond(
                &mut stream,
                "500 Internal Server Error",
                "text/plain",
                b"no index.html in the app folder: build it with trunk build\n",
                method,
            ),
        },
        Target::NotFound => respond(
            &mut stream,
            "404 Not Found",
            "text/plain",
            b"not found\n",
            method,
        ),
    }
}

fn build_index(options: &ServeOptions, now: &crate::frontmatter::Date) -> Result<String, String> {
    let site_files = match &options.site {
        Some(dir) => crate::cli::read_site_files(dir)?,
        None => SiteFiles::default(),
    };
    let site = site_files.to_site()?;
    let files = crate::cli::read_posts(&options.content)?;
    let (mut index, _) = index::build(&files, &site, options.include, now);
    index.site = site_files;
    serde_json::to_string(&index).map_err(|e| e.to_string())
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    kind: &str,
    body: &[u8],
    method: &str,
) -> std::io::Result<()> {
    // Content may be read from another origin (a page embedding Folio).
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(body)?;
    }
    stream.flush()
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
        }
    }

    #[test]
    fn routes_requests_without_leaving_the_folders() {
        let o = options();
        assert_eq!(resolve(&o, "/content/index.json"), Target::Index);
        assert!(matches!(
            resolve(&o, "/content/posts/2017-05-28-pyconweb-may17.md"),
            Target::File(_, "text/markdown; charset=utf-8")
        ));
        assert!(matches!(
            resolve(&o, "/main.css"),
            Target::File(_, "text/css")
        ));
        assert_eq!(resolve(&o, "/posts/some-post/"), Target::App);
        assert_eq!(resolve(&o, "/"), Target::App);
        assert_eq!(resolve(&o, "/missing.js"), Target::NotFound);
        assert_eq!(resolve(&o, "/content/../Cargo.toml"), Target::NotFound);
        assert_eq!(resolve(&o, "/content/%2e%2e/Cargo.toml"), Target::NotFound);
    }

    #[test]
    fn index_is_built_fresh_with_the_posts() {
        let now = crate::frontmatter::Date::parse("2026-01-01T00:00:00Z").unwrap();
        let json = build_index(&options(), &now).unwrap();
        let index: crate::index::Index = serde_json::from_str(&json).unwrap();
        assert!(index.posts.iter().any(|p| p.title == "PyconWeb - May'17"));
    }
}
