//! `folio serve`: serves the built app together with any Hugo site's
//! `content/` on 127.0.0.1, so a site owner can read their own site in
//! Folio without copying files. `index.json` is cached and rebuilt when a
//! file under the content folder or the site's config or shortcodes changes
//! (a scan of names, sizes and modification times per request), or when it
//! is a minute old (so a future post goes live on time); adding, editing or
//! removing a post shows on the next reload.
//!
//! Raw post files are served only for posts in the index: a draft (or a
//! future or expired post) is a 404 unless `--drafts` (`--future`,
//! `--expired`) puts it there.
//!
//! Slow and hostile clients: the HTTP transport is Folio's own
//! (`super::http`, on `std::net` with `httparse`): a bounded pool of 16
//! workers behind a queue of 64 connections (503 beyond it), a 10 s limit
//! on receiving a request head and on every later read or write, 60 s for
//! a whole answer, a 16 KiB
//! limit on the head (431) and the save size on the body (413), one request
//! per connection. This module only maps a request to a response
//! ([`answer`]). It is a development server (GET and HEAD, plus the
//! editor's save), bound to 127.0.0.1 by default, not a production web
//! server: for hosting, run `folio index` and put the files on any static
//! host (see the README).
//!
//! Saving from the editor: each run makes a secret token and prints the URL
//! `http://127.0.0.1:PORT/?folio-token=TOKEN`. Opening it sets an
//! `HttpOnly; SameSite=Strict` cookie, and the app's page is then served
//! with `<meta name="folio:edit-token">` (posts get an "Edit" link).
//! `PUT /__folio/save?path=posts/x.md` writes a post when: the client is on
//! the loopback interface and calls it by a loopback `Host` (no DNS
//! rebinding), the `X-Folio-Token` header is the token, the path is a `.md`
//! file inside the content folder (no `..`, no symbolic link out), and
//! `If-Match` is the ETag of the file's current content (else 409 with the
//! file's text, so the editor can show both). The write is atomic (a
//! temporary file renamed over the post). `GET /__folio/archetype` is the
//! site's `archetypes/posts.md` or `archetypes/default.md`, for new posts.
//!
//! Routes: `/content/index.json` is the fresh index; `/content/PATH` a file
//! of the content folder; any other path a file of the app folder, else a
//! file of the site's `static/` (Hugo publishes it at `/`), else a page
//! bundle's file at its page's URL (`/posts/bundle/dot.png`,
//! `/fa/posts/bundle/dot.png`, where Hugo publishes it), or else the app's
//! `index.html` (the single-page fallback, whatever the path looks like). Files are resolved to
//! their real path and served only if that lies inside the folder, so a
//! symbolic link out of it is not followed.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::http::{self, Request, Response};
use super::load;
use crate::index::{self, Include};

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
    /// The secret the editor's saves must carry; `None` disables saving.
    pub token: Option<String>,
}

/// The largest post a save accepts.
const MAX_SAVE: u64 = 32 * 1024 * 1024;

/// A fresh secret: 128 bits from the system's random source.
pub fn new_token() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes))
        .map_err(|e| format!("cannot read /dev/urandom for the edit token: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// How one request is answered.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A fresh `index.json` of the content directory.
    Index,
    /// Its first page, `index-1.json` (`folio index` writes both).
    FirstPage,
    /// A file (its real path), with its content type.
    File(PathBuf, &'static str),
    /// A post file of the content folder (its real path, and its path in
    /// the folder as the index names it): served only if it is in the index.
    Post(PathBuf, String),
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
        if rest == Path::new(index::FIRST_PAGE_FILE) {
            return Target::FirstPage;
        }
        return match file_inside(&options.content, rest) {
            Some(file) if is_markdown(rest) => {
                let name: Vec<String> = rest
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                Target::Post(file, name.join("/"))
            }
            Some(file) => Target::File(file, content_type(rest)),
            None => Target::NotFound,
        };
    }
    if let Some(file) = file_inside(&options.dist, relative) {
        return Target::File(file, content_type(relative));
    }
    // The site's `static/`, at `/` as Hugo publishes it (after the app's
    // own files).
    if let Some(file) = options
        .site
        .as_ref()
        .and_then(|site| file_inside(&site.join("static"), relative))
    {
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

fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown")
    )
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
        // Decap CMS reads admin/config.yml only when served as YAML.
        "yml" | "yaml" => "text/yaml; charset=utf-8",
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
        if !http::valid_header_value(origin) {
            return Err(format!("--cors {origin}: not a valid header value"));
        }
    }
    let listener = std::net::TcpListener::bind(&options.address)
        .map_err(|e| format!("cannot listen on {}: {e}", options.address))?;
    let local = listener
        .local_addr()
        .map_or_else(|_| options.address.clone(), |a| a.to_string());
    // One write, both lines: the first is what scripts parse.
    let mut banner = format!(
        "Folio: serving {} on http://{local}/",
        options.content.display()
    );
    if let Some(token) = &options.token {
        banner.push_str(&format!(
            "\nFolio: edit posts at http://{local}/?folio-token={token}"
        ));
    }
    println!("{banner}");
    let state = State::new(options);
    let limits = http::Limits {
        max_body: MAX_SAVE,
        ..http::Limits::default()
    };
    http::run(listener, limits, move |request| answer(request, &state))
        .map_err(|e| format!("folio serve stopped: {e}"))
}

/// The options and the cached index, shared by the workers.
pub struct State {
    pub options: ServeOptions,
    index: Mutex<Option<CachedIndex>>,
}

impl State {
    pub fn new(options: ServeOptions) -> State {
        State {
            options,
            index: Mutex::new(None),
        }
    }

    /// The index JSON and its posts' paths: the cached one while no file
    /// changed and it is under a minute old, else built now.
    pub fn index(&self) -> Result<(Arc<String>, Arc<HashSet<String>>), String> {
        self.cached().map(|c| (c.json, c.posts))
    }

    /// The first page's JSON (`index-1.json`), from the same cached index.
    pub fn first_page(&self) -> Result<Arc<String>, String> {
        self.cached().map(|c| c.first)
    }

    fn cached(&self) -> Result<CachedIndex, String> {
        let stamp = files_stamp(&self.options);
        let mut cached = self.index.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = cached.as_ref() {
            if c.stamp == stamp && c.built.elapsed() < MAX_INDEX_AGE {
                return Ok(c.clone());
            }
        }
        let built = build_index(&self.options, &load::now())?;
        let fresh = CachedIndex {
            stamp,
            built: Instant::now(),
            json: Arc::new(built.json),
            first: Arc::new(built.first),
            posts: Arc::new(built.posts),
            resources: Arc::new(built.resources),
        };
        *cached = Some(fresh.clone());
        Ok(fresh)
    }
}

/// How long a cached index is used when no file changed: the clock decides
/// which future and expired posts are in it.
const MAX_INDEX_AGE: Duration = Duration::from_secs(60);

#[derive(Clone)]
struct CachedIndex {
    stamp: u64,
    built: Instant,
    json: Arc<String>,
    first: Arc<String>,
    posts: Arc<HashSet<String>>,
    /// Page bundles' files by their published URL path
    /// (`/posts/bundle/dot.png`), as paths in the content folder.
    resources: Arc<HashMap<String, String>>,
}

/// A hash of the name, size and modification time of every file under the
/// content folder and the site's config and shortcode folder.
fn files_stamp(options: &ServeOptions) -> u64 {
    fn walk(dir: &Path, hasher: &mut std::collections::hash_map::DefaultHasher, depth: usize) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let Ok(meta) = entry.metadata() else { continue };
            entry.file_name().hash(hasher);
            if meta.is_dir() {
                if depth < 32 {
                    walk(&entry.path(), hasher, depth + 1);
                }
            } else {
                meta.len().hash(hasher);
                meta.modified().ok().hash(hasher);
            }
        }
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    walk(&options.content, &mut hasher, 0);
    if let Some(site) = &options.site {
        for name in [
            "hugo.toml",
            "hugo.yaml",
            "hugo.yml",
            "hugo.json",
            "config.toml",
            "config.yaml",
            "config.yml",
            "config.json",
        ] {
            let meta = std::fs::metadata(site.join(name)).ok();
            meta.map(|m| (m.len(), m.modified().ok())).hash(&mut hasher);
        }
        walk(&site.join("layouts").join("shortcodes"), &mut hasher, 0);
    }
    hasher.finish()
}

/// Answers one request (`http` sends the answer).
pub fn answer(request: &mut Request, state: &State) -> Response {
    let options = &state.options;
    let method = request.method().to_string();
    let url = request.url().to_string();
    let route = url.split('?').next().unwrap_or_default().to_string();
    let mut set_cookie = None;
    let response = if route == "/__folio/save" {
        if method == "PUT" {
            save(request, options)
        } else {
            text(405, "PUT only\n").with_header("Allow", "PUT")
        }
    } else if method != "GET" && method != "HEAD" {
        text(405, "GET only\n").with_header("Allow", "GET, HEAD")
    } else if route == "/__folio/archetype" {
        archetype(options)
    } else {
        let wants_html = request
            .header("Accept")
            .is_some_and(|v| v.contains("text/html"));
        let mut target = resolve(options, &url, wants_html);
        if matches!(target, Target::App | Target::NotFound) {
            if let Some(file) = bundle_resource(state, &url) {
                target = file;
            }
        }
        let is_app_page = match &target {
            Target::App => true,
            Target::File(path, _) => {
                path.file_name().is_some_and(|n| n == "index.html")
                    && path.parent() == options.dist.canonicalize().ok().as_deref()
            }
            _ => false,
        };
        let token = options
            .token
            .as_deref()
            .filter(|_| is_app_page && loopback_host(request));
        match token {
            Some(token) => {
                let from_query = query_param(&url, "folio-token").is_some_and(|t| same(&t, token));
                if from_query {
                    set_cookie = Some(format!(
                        "folio-token={token}; Path=/; HttpOnly; SameSite=Strict"
                    ));
                }
                if from_query || cookie(request, "folio-token").is_some_and(|t| same(&t, token)) {
                    app_page_with_token(&target, state, token)
                } else {
                    respond_to(target, state)
                }
            }
            None => respond_to(target, state),
        }
    };
    let mut response = response
        .with_header("Cache-Control", "no-cache")
        .with_header("X-Content-Type-Options", "nosniff");
    if let Some(cookie) = set_cookie {
        response = response.with_header("Set-Cookie", &cookie);
    }
    if let Some(origin) = &options.cors {
        response = response.with_header("Access-Control-Allow-Origin", origin);
    }
    response
}

/// A page bundle's file asked for at its page's URL (where Hugo publishes
/// it): the file in the content folder, if the index lists it.
fn bundle_resource(state: &State, url: &str) -> Option<Target> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let decoded = crate::routes::percent_decode(path);
    let resources = state.cached().ok()?.resources;
    let relative = resources.get(&decoded)?;
    let file = file_inside(&state.options.content, Path::new(relative))?;
    Some(Target::File(file, content_type(Path::new(relative))))
}

/// Constant-time string comparison, for the token.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn request_header(request: &Request, name: &str) -> Option<String> {
    request.header(name).map(str::to_string)
}

fn cookie(request: &Request, name: &str) -> Option<String> {
    request_header(request, "Cookie")?
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

fn query_param(url: &str, name: &str) -> Option<String> {
    url.split_once('?')?
        .1
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| crate::routes::percent_decode(v))
}

/// Whether the client called a loopback name (`127.0.0.1`, `[::1]`,
/// `localhost`): a page of another site that resolves its own name to
/// 127.0.0.1 (DNS rebinding) sends its own name.
fn loopback_host(request: &Request) -> bool {
    let Some(host) = request_header(request, "Host") else {
        return false;
    };
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host.as_str(),
    };
    matches!(name, "127.0.0.1" | "localhost" | "[::1]")
}

/// The app's page with the edit token in a `<meta>` tag.
fn app_page_with_token(target: &Target, state: &State, token: &str) -> Answer {
    let options = &state.options;
    let page = match target {
        Target::File(path, _) => Some(path.clone()),
        _ => file_inside(&options.dist, Path::new("index.html")),
    };
    let Some(html) = page.and_then(|p| std::fs::read_to_string(p).ok()) else {
        return respond_to(Target::App, state);
    };
    let tag = format!("<meta name=\"folio:edit-token\" content=\"{token}\">");
    let html = match html.find("</head>") {
        Some(i) => format!("{}{tag}\n{}", &html[..i], &html[i..]),
        None => format!("{tag}\n{html}"),
    };
    bytes(200, "text/html; charset=utf-8", html.into_bytes())
}

/// The site's archetype for new posts, if it has one.
fn archetype(options: &ServeOptions) -> Answer {
    let found = options.site.as_ref().and_then(|site| {
        ["archetypes/posts.md", "archetypes/default.md"]
            .iter()
            .find_map(|a| std::fs::read(site.join(a)).ok())
    });
    match found {
        Some(body) => bytes(200, "text/markdown; charset=utf-8", body),
        None => text(404, "no archetype\n"),
    }
}

/// Where a save may write `relative` (a path in the content folder): a
/// `.md` file whose folder is inside the content folder once symbolic links
/// are resolved, and which is not itself a symbolic link.
pub fn save_target(content: &Path, relative: &str) -> Result<PathBuf, String> {
    let relative = Path::new(relative);
    if relative.as_os_str().is_empty()
        || relative
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err("the path must be relative, without `..`".into());
    }
    if relative.extension().and_then(|e| e.to_str()) != Some("md") {
        return Err("only .md files can be saved".into());
    }
    let root = content
        .canonicalize()
        .map_err(|e| format!("content folder: {e}"))?;
    let parent = root
        .join(relative.parent().unwrap_or(Path::new("")))
        .canonicalize()
        .map_err(|_| "no such folder in the content folder".to_string())?;
    if !parent.starts_with(&root) {
        return Err("outside the content folder".into());
    }
    let file = parent.join(relative.file_name().unwrap_or_default());
    if let Ok(meta) = std::fs::symlink_metadata(&file) {
        if !meta.is_file() {
            return Err("not a regular file".into());
        }
    }
    Ok(file)
}

/// `PUT /__folio/save?path=…`: see the module documentation.
fn save(request: &mut Request, options: &ServeOptions) -> Answer {
    let Some(token) = options.token.as_deref() else {
        return text(404, "saving is off\n");
    };
    let loopback_peer = request.remote_addr().ip().is_loopback();
    if !loopback_peer || !loopback_host(request) {
        return text(
            403,
            "saves only from this machine, by 127.0.0.1 or localhost\n",
        );
    }
    if !request_header(request, "X-Folio-Token").is_some_and(|t| same(&t, token)) {
        return text(403, "missing or wrong X-Folio-Token\n");
    }
    let Some(relative) = query_param(request.url(), "path") else {
        return text(400, "missing ?path=\n");
    };
    let file = match save_target(&options.content, &relative) {
        Ok(file) => file,
        Err(why) => return text(403, &format!("{relative}: {why}\n")),
    };
    if request.body_length() > MAX_SAVE {
        return text(413, "too large\n");
    }
    let mut body = Vec::new();
    if std::io::Read::read_to_end(
        &mut std::io::Read::take(request.body(), MAX_SAVE + 1),
        &mut body,
    )
    .is_err()
        || body.len() as u64 > MAX_SAVE
    {
        return text(400, "cannot read the body\n");
    }
    if std::str::from_utf8(&body).is_err() {
        return text(400, "the post must be UTF-8\n");
    }
    let current = std::fs::read(&file).ok();
    let expected = request_header(request, "If-Match");
    match (&current, expected.as_deref()) {
        (Some(current), Some(tag)) if tag != crate::edit::etag(current) => {
            return bytes(409, "text/markdown; charset=utf-8", current.clone());
        }
        (Some(current), None) => {
            // Overwriting needs to say which version it replaces.
            return bytes(409, "text/markdown; charset=utf-8", current.clone());
        }
        (None, Some(tag)) if tag != "*" && tag != crate::edit::etag(b"") => {
            return text(409, "the file no longer exists\n");
        }
        _ => {}
    }
    match load::write_atomic(&file, &body) {
        Ok(()) => text(200, "saved\n").with_header("ETag", &crate::edit::etag(&body)),
        Err(e) => text(500, &format!("{e}\n")),
    }
}

type Answer = Response;

fn respond_to(target: Target, state: &State) -> Answer {
    let options = &state.options;
    match target {
        Target::Index => match state.index() {
            Ok((json, _)) => bytes(200, "application/json", json.as_bytes().to_vec()),
            Err(e) => text(500, &format!("{e}\n")),
        },
        Target::FirstPage => match state.first_page() {
            Ok(json) => bytes(200, "application/json", json.as_bytes().to_vec()),
            Err(e) => text(500, &format!("{e}\n")),
        },
        Target::Post(path, name) => match state.index() {
            Ok((_, posts)) if posts.contains(&name) => {
                file(&path, content_type(&path)).unwrap_or_else(|| text(404, "not found\n"))
            }
            // A draft (or future or expired post) is not published.
            Ok(_) => text(404, "not found\n"),
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
    Some(Response::new(200, kind, Box::new(file), length))
}

fn text(status: u16, body: &str) -> Answer {
    Response::text(status, body)
}

fn bytes(status: u16, kind: &'static str, body: Vec<u8>) -> Answer {
    Response::bytes(status, kind, body)
}

/// The content folder's `index.json`, built now, its first page
/// (`index-1.json`) and the paths of the posts in it.
/// What one build of the index gives the server.
struct BuiltIndex {
    json: String,
    first: String,
    posts: HashSet<String>,
    resources: HashMap<String, String>,
}

fn build_index(
    options: &ServeOptions,
    now: &crate::frontmatter::Date,
) -> Result<BuiltIndex, String> {
    let site_files = load::read_site_files_or_default(options.site.as_deref())?;
    let mut site = site_files.to_site()?;
    let (files, others) = load::read_content(&options.content)?;
    let pages = index::pages(&files, &others, &site.config, options.include, now);
    site.links = crate::links::Links::new(
        pages,
        Some(crate::links::ResourceBase {
            content_url: "/content/".to_string(),
            local: true,
        }),
    );
    let (mut index, _) = index::build(&files, &site, options.include, now);
    index.site = site_files;
    let posts = index.posts.iter().map(|p| p.path.clone()).collect();
    let mut resources = HashMap::new();
    for post in &index.posts {
        let dir = post.path.rsplit_once('/').map_or("", |(dir, _)| dir);
        for resource in &post.resources {
            let file = if dir.is_empty() {
                resource.clone()
            } else {
                format!("{dir}/{resource}")
            };
            let url = crate::routes::normalise(&post.url);
            resources.insert(format!("{url}{resource}"), file);
        }
    }
    let json = serde_json::to_string(&index).map_err(|e| e.to_string())?;
    let first = serde_json::to_string(&index.first_page()).map_err(|e| e.to_string())?;
    Ok(BuiltIndex {
        json,
        first,
        posts,
        resources,
    })
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
            token: None,
        }
    }

    #[test]
    fn serves_decap_config_as_yaml() {
        assert_eq!(
            content_type(Path::new("examples/decap-cms/admin/config.yml")),
            "text/yaml; charset=utf-8"
        );
    }

    #[test]
    fn routes_requests_without_leaving_the_folders() {
        let o = options();
        assert_eq!(resolve(&o, "/content/index.json", false), Target::Index);
        assert_eq!(
            resolve(&o, "/content/index-1.json", false),
            Target::FirstPage
        );
        assert!(matches!(
            resolve(&o, "/content/posts/2017-05-28-pyconweb-may17.md", false),
            Target::Post(_, name) if name == "posts/2017-05-28-pyconweb-may17.md"
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
    fn saves_stay_inside_the_content_folder() {
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        assert!(save_target(&content, "posts/new.md").is_ok());
        assert!(save_target(&content, "posts/2017-05-28-pyconweb-may17.md").is_ok());
        for bad in [
            "../x.md",
            "posts/../../x.md",
            "/etc/x.md",
            "posts/x.txt",
            "",
            "nosuchdir/x.md",
            "posts",
        ] {
            assert!(save_target(&content, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn index_is_built_fresh_with_the_posts() {
        let now = crate::frontmatter::Date::parse("2026-01-01T00:00:00Z").unwrap();
        let built = build_index(&options(), &now).unwrap();
        assert!(built.posts.contains("posts/2017-05-28-pyconweb-may17.md"));
        let index: crate::index::Index = serde_json::from_str(&built.json).unwrap();
        assert!(index.posts.iter().any(|p| p.title == "PyconWeb - May'17"));
        let first: crate::index::Index = serde_json::from_str(&built.first).unwrap();
        assert_eq!(first.total, Some(index.posts.len()));
    }

    /// `tests/sites/multilang`: its `static/` at `/`, the bundle's files at
    /// the page's URL in both languages, the app's page for the rest.
    #[test]
    fn static_files_and_bundle_files_where_hugo_publishes_them() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let site = root.join("tests/sites/multilang");
        let options = ServeOptions {
            content: site.join("content"),
            site: Some(site.clone()),
            ..options()
        };
        assert_eq!(
            resolve(&options, "/images/x.png", false),
            Target::File(
                site.join("static/images/x.png").canonicalize().unwrap(),
                "image/png"
            )
        );
        let state = State::new(options.clone());
        let now = crate::frontmatter::Date::parse("2026-01-01T00:00:00Z").unwrap();
        let built = build_index(&options, &now).unwrap();
        assert_eq!(
            built
                .resources
                .get("/fa/posts/bundle/dot.png")
                .map(String::as_str),
            Some("posts/bundle/dot.png")
        );
        let dot = site
            .join("content/posts/bundle/dot.png")
            .canonicalize()
            .unwrap();
        for url in ["/posts/bundle/dot.png", "/fa/posts/bundle/dot.png?x=1"] {
            assert_eq!(
                bundle_resource(&state, url),
                Some(Target::File(dot.clone(), "image/png")),
                "{url}"
            );
        }
        assert_eq!(bundle_resource(&state, "/posts/plain/dot.png"), None);
        // Language-prefixed pages, and paths with dots, are the app's.
        assert_eq!(resolve(&options, "/fa/posts/plain/", false), Target::App);
        assert_eq!(resolve(&options, "/posts/x.fa/", false), Target::App);
        assert_eq!(resolve(&options, "/posts/v1.2", true), Target::App);
        let index: crate::index::Index = serde_json::from_str(&built.json).unwrap();
        let fa = index
            .posts
            .iter()
            .find(|p| p.path == "posts/plain.fa.md")
            .unwrap();
        assert_eq!(
            (fa.url.as_str(), fa.lang.as_str()),
            ("/fa/posts/plain/", "fa")
        );
        let bundle = index
            .posts
            .iter()
            .find(|p| p.path == "posts/bundle/index.md")
            .unwrap();
        assert_eq!(bundle.resources, ["dot.png", "other.png"]);
        assert!(
            bundle
                .summary
                .contains("src=\"/content/posts/bundle/dot.png\""),
            "{}",
            bundle.summary
        );
    }
}
