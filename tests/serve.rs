//! `folio serve` itself: starts the built binary on a temporary Hugo site
//! and a temporary app folder, on a free port of 127.0.0.1, and talks HTTP to
//! it with plain `TcpStream`s.
#![cfg(not(target_arch = "wasm32"))]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const APP_PAGE: &str = "<!doctype html><title>Folio</title><p>the app</p>\n";

/// A folder under the system's temporary folder, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir =
            std::env::temp_dir().join(format!("folio-serve-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn post(title: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\ndate = \"2020-01-02T03:04:05Z\"\n+++\n\nThe body of {title}.\n"
    )
}

/// A running `folio serve`, killed on drop.
struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    address: String,
    /// The edit token of the second line, `…/?folio-token=TOKEN`.
    token: String,
}

impl Server {
    fn start(site: &Path, dist: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
            .arg("serve")
            .arg("--site")
            .arg(site)
            .arg("--dist")
            .arg(dist)
            .args(["--port", "0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("folio starts");
        let mut line = String::new();
        let stdout = child.stdout.take().unwrap();
        let mut reader = BufReader::new(stdout);
        reader.read_line(&mut line).unwrap();
        let mut second = String::new();
        reader.read_line(&mut second).unwrap();
        let mut server = Server {
            child,
            address: String::new(),
            token: second
                .trim_end()
                .rsplit_once("?folio-token=")
                .map(|(_, t)| t.to_string())
                .unwrap_or_default(),
        };
        // "Folio: serving DIR on http://127.0.0.1:PORT/"; the guard above
        // kills the server if this fails.
        server.address = line
            .trim_end()
            .rsplit_once("http://")
            .and_then(|(_, url)| url.strip_suffix('/'))
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .to_string();
        server
    }

    fn get(&self, path: &str) -> Response {
        self.request("GET", path, "")
    }

    fn request(&self, method: &str, path: &str, headers: &str) -> Response {
        self.request_with_body(method, path, headers, "")
    }

    fn request_with_body(&self, method: &str, path: &str, headers: &str, body: &str) -> Response {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.address,
            body.len()
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8(raw).unwrap();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap();
        let mut lines = head.lines();
        let status = lines.next().unwrap().split(' ').nth(1).unwrap();
        Response {
            status: status.parse().unwrap(),
            headers: lines
                .filter_map(|l| l.split_once(':'))
                .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
                .collect(),
            body: body.to_string(),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A site with one post, an app folder with its page, and a file outside
/// both.
struct Fixture {
    site: TempDir,
    dist: TempDir,
    outside: TempDir,
}

fn fixture() -> Fixture {
    let site = TempDir::new("site");
    site.write("hugo.toml", "title = \"A test site\"\nsummaryLength = 10\n");
    site.write("content/posts/x.md", &post("Post X"));
    let dist = TempDir::new("dist");
    dist.write("index.html", APP_PAGE);
    dist.write("app.js", "console.log('app')\n");
    let outside = TempDir::new("outside");
    outside.write("secret.md", "a secret\n");
    Fixture {
        site,
        dist,
        outside,
    }
}

fn titles(index: &Response) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(&index.body).unwrap();
    value["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn serves_the_app_the_content_and_a_fresh_index() {
    let f = fixture();
    let server = Server::start(&f.site.0, &f.dist.0, &[]);

    for path in [
        "/",
        "/posts/x/",
        "/posts/a.b/",
        "/posts/markdown-syntax.fa/",
    ] {
        let page = server.get(path);
        assert_eq!(page.status, 200, "{path}");
        assert_eq!(page.body, APP_PAGE, "{path}");
        assert_eq!(
            page.header("content-type"),
            Some("text/html; charset=utf-8")
        );
    }
    let script = server.get("/app.js");
    assert_eq!(
        (script.status, script.header("content-type")),
        (200, Some("text/javascript"))
    );
    assert_eq!(server.get("/missing.js").status, 404);

    let index = server.get("/content/index.json");
    assert_eq!(index.status, 200);
    assert_eq!(index.header("content-type"), Some("application/json"));
    assert_eq!(titles(&index), ["Post X"]);
    let value: serde_json::Value = serde_json::from_str(&index.body).unwrap();
    assert_eq!(value["posts"][0]["path"], "posts/x.md");
    assert_eq!(value["posts"][0]["url"], "/posts/x/");
    assert!(value["site"]["config"][1]
        .as_str()
        .unwrap()
        .contains("A test site"));

    let raw = server.get("/content/posts/x.md");
    assert_eq!(raw.status, 200);
    assert_eq!(raw.body, post("Post X"));
    assert_eq!(
        raw.header("content-type"),
        Some("text/markdown; charset=utf-8")
    );
    assert_eq!(server.get("/content/posts/missing.md").status, 404);
    assert_eq!(server.get("/content/../hugo.toml").status, 404);
    assert_eq!(server.get("/content/%2e%2e/hugo.toml").status, 404);

    // Every answer says not to sniff, and there is no CORS without --cors.
    for response in [&index, &raw, &server.get("/"), &server.get("/nope.js")] {
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(response.header("access-control-allow-origin"), None);
    }

    // A post added while serving is in the next index.
    f.site.write("content/posts/y.md", &post("Post Y"));
    let index = server.get("/content/index.json");
    assert_eq!(titles(&index), ["Post X", "Post Y"]);

    // HEAD has no body; other methods are refused.
    let head = server.request("HEAD", "/content/posts/x.md", "");
    assert_eq!((head.status, head.body.as_str()), (200, ""));
    assert_eq!(
        server.request("POST", "/", "Content-Length: 0\r\n").status,
        405
    );
}

#[cfg(unix)]
#[test]
fn refuses_symbolic_links_out_of_the_served_folders() {
    let f = fixture();
    let secret = f.outside.0.join("secret.md");
    std::os::unix::fs::symlink(&secret, f.site.0.join("content/posts/leak.md")).unwrap();
    std::os::unix::fs::symlink(&f.outside.0, f.site.0.join("content/out")).unwrap();
    std::os::unix::fs::symlink(&secret, f.dist.0.join("leak.md")).unwrap();
    // A link that stays inside is followed.
    std::os::unix::fs::symlink(
        f.site.0.join("content/posts/x.md"),
        f.site.0.join("content/alias.md"),
    )
    .unwrap();
    let server = Server::start(&f.site.0, &f.dist.0, &[]);

    for path in [
        "/content/posts/leak.md",
        "/content/out/secret.md",
        "/leak.md",
    ] {
        let response = server.get(path);
        assert!(
            matches!(response.status, 403 | 404),
            "{path}: {}",
            response.status
        );
        assert!(!response.body.contains("a secret"), "{path}");
    }
    assert_eq!(server.get("/content/alias.md").body, post("Post X"));
    // Nor does the index read through them.
    let index = server.get("/content/index.json");
    assert!(!index.body.contains("a secret"));
    assert_eq!(titles(&index), ["Post X", "Post X"]);
}

#[test]
fn sends_cors_only_for_the_origin_given() {
    let f = fixture();
    let server = Server::start(&f.site.0, &f.dist.0, &["--cors", "https://blog.example"]);
    for path in ["/content/index.json", "/content/posts/x.md", "/"] {
        let response = server.get(path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(
            response.header("access-control-allow-origin"),
            Some("https://blog.example"),
            "{path}"
        );
    }
}

#[test]
fn bad_usage_exits_2() {
    let f = fixture();
    let status = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["serve", "--content"])
        .arg(f.site.0.join("no-such-folder"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
}

/// `PUT /__folio/save` with the token (or not) and an If-Match header.
fn save(
    server: &Server,
    path: &str,
    token: Option<&str>,
    if_match: Option<&str>,
    body: &str,
) -> Response {
    let mut headers = String::new();
    if let Some(token) = token {
        headers.push_str(&format!("X-Folio-Token: {token}\r\n"));
    }
    if let Some(tag) = if_match {
        headers.push_str(&format!("If-Match: {tag}\r\n"));
    }
    server.request_with_body("PUT", &format!("/__folio/save?path={path}"), &headers, body)
}

#[test]
fn the_editor_saves_posts_only_with_the_token_inside_the_content_folder() {
    let f = fixture();
    let server = Server::start(&f.site.0, &f.dist.0, &[]);
    assert_eq!(server.token.len(), 32, "the banner prints the edit URL");
    let file = f.site.0.join("content/posts/x.md");
    let original = std::fs::read_to_string(&file).unwrap();
    let tag = folio::edit::etag(original.as_bytes());

    // No token, a wrong token: 403, and the file is untouched.
    assert_eq!(
        save(&server, "posts/x.md", None, Some(&tag), "new").status,
        403
    );
    assert_eq!(
        save(&server, "posts/x.md", Some("0123"), Some(&tag), "new").status,
        403
    );
    // Out of the content folder, or not a post.
    let token = Some(server.token.as_str());
    for bad in [
        "../x.md",
        "..%2Fx.md",
        "posts/../../x.md",
        "/tmp/x.md",
        "posts/x.txt",
        "hugo.toml",
    ] {
        assert_eq!(save(&server, bad, token, None, "x").status, 403, "{bad}");
    }
    assert!(!f.site.0.join("x.md").exists());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);

    // A stale If-Match (or none) is a conflict that returns the file's text.
    let stale = save(
        &server,
        "posts/x.md",
        token,
        Some("\"0000000000000000\""),
        "mine",
    );
    assert_eq!(
        (stale.status, stale.body.as_str()),
        (409, original.as_str())
    );
    assert_eq!(save(&server, "posts/x.md", token, None, "mine").status, 409);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);

    // The right one writes the file, and answers its new ETag.
    let edited = post("Post X, edited");
    let ok = save(&server, "posts/x.md", token, Some(&tag), &edited);
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);
    assert_eq!(
        ok.header("etag"),
        Some(folio::edit::etag(edited.as_bytes()).as_str())
    );
    // The old tag is now stale; no temporary file is left behind.
    assert_eq!(
        save(&server, "posts/x.md", token, Some(&tag), "again").status,
        409
    );
    let names: Vec<_> = std::fs::read_dir(f.site.0.join("content/posts"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    // A new post.
    assert_eq!(
        save(&server, "posts/new.md", token, None, &post("New")).status,
        200
    );
    assert!(f.site.0.join("content/posts/new.md").is_file());
    // Other methods are refused.
    assert_eq!(server.get("/__folio/save?path=posts/x.md").status, 405);
}

#[cfg(unix)]
#[test]
fn saves_never_follow_a_symbolic_link_out() {
    let f = fixture();
    std::os::unix::fs::symlink(&f.outside.0, f.site.0.join("content/out")).unwrap();
    std::os::unix::fs::symlink(
        f.outside.0.join("secret.md"),
        f.site.0.join("content/posts/link.md"),
    )
    .unwrap();
    let server = Server::start(&f.site.0, &f.dist.0, &[]);
    let token = Some(server.token.as_str());
    assert_eq!(save(&server, "out/secret.md", token, None, "x").status, 403);
    assert_eq!(save(&server, "out/new.md", token, None, "x").status, 403);
    assert_eq!(save(&server, "posts/link.md", token, None, "x").status, 403);
    assert_eq!(
        std::fs::read_to_string(f.outside.0.join("secret.md")).unwrap(),
        "a secret\n"
    );
    assert!(!f.outside.0.join("new.md").exists());
}

#[test]
fn the_app_page_carries_the_edit_token_only_after_the_printed_url() {
    let f = fixture();
    let server = Server::start(&f.site.0, &f.dist.0, &[]);
    let plain = server.get("/posts/x/");
    assert!(!plain.body.contains("folio:edit-token"));
    let opened = server.get(&format!("/?folio-token={}", server.token));
    assert!(opened.body.contains(&format!(
        "<meta name=\"folio:edit-token\" content=\"{}\">",
        server.token
    )));
    let cookie = opened.header("set-cookie").unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let cookie = cookie.split(';').next().unwrap();
    let later = server.request(
        "GET",
        "/edit/posts/x.md",
        &format!("Accept: text/html\r\nCookie: {cookie}\r\n"),
    );
    assert!(later.body.contains("folio:edit-token"));
    // A wrong token in the URL gives nothing.
    assert!(!server
        .get("/?folio-token=nope")
        .body
        .contains("folio:edit-token"));
}

#[test]
fn drafts_are_not_served_unless_asked_for() {
    let f = fixture();
    f.site.write(
        "content/posts/draft.md",
        "+++\ntitle = \"Secret draft\"\ndate = \"2020-01-02T03:04:05Z\"\ndraft = true\n+++\n\nNot yet.\n",
    );
    let server = Server::start(&f.site.0, &f.dist.0, &[]);
    assert_eq!(titles(&server.get("/content/index.json")), ["Post X"]);
    let raw = server.get("/content/posts/draft.md");
    assert_eq!(raw.status, 404);
    assert!(!raw.body.contains("Not yet"));
    assert_eq!(server.get("/content/posts/x.md").status, 200);
    // Published by editing: served at once (the index notices the change).
    f.site.write(
        "content/posts/draft.md",
        "+++\ntitle = \"Secret draft\"\ndate = \"2020-01-02T03:04:05Z\"\n+++\n\nNow out.\n",
    );
    assert_eq!(server.get("/content/posts/draft.md").status, 200);
    drop(server);

    f.site.write(
        "content/posts/draft.md",
        "+++\ntitle = \"Secret draft\"\ndate = \"2020-01-02T03:04:05Z\"\ndraft = true\n+++\n\nNot yet.\n",
    );
    let with_drafts = Server::start(&f.site.0, &f.dist.0, &["--drafts"]);
    assert_eq!(with_drafts.get("/content/posts/draft.md").status, 200);
}

#[test]
fn the_index_follows_edits_and_removals() {
    let f = fixture();
    let server = Server::start(&f.site.0, &f.dist.0, &[]);
    assert_eq!(titles(&server.get("/content/index.json")), ["Post X"]);
    // Cached: the same bytes while nothing changes.
    let first = server.get("/content/index.json").body;
    assert_eq!(server.get("/content/index.json").body, first);
    f.site.write("content/posts/x.md", &post("Post X, edited"));
    assert_eq!(
        titles(&server.get("/content/index.json")),
        ["Post X, edited"]
    );
    std::fs::remove_file(f.site.0.join("content/posts/x.md")).unwrap();
    assert!(titles(&server.get("/content/index.json")).is_empty());
}

/// Every worker busy with a client that never finishes its request must
/// not keep others from being answered.
#[test]
fn slow_clients_do_not_hold_the_workers() {
    let f = fixture();
    let server = Server::start(&f.site.0, &f.dist.0, &[]);
    let slow: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut s = TcpStream::connect(&server.address).unwrap();
            // Half a request line, then nothing.
            s.write_all(b"GET /content/ind").unwrap();
            s
        })
        .collect();
    let started = std::time::Instant::now();
    assert_eq!(server.get("/content/posts/x.md").status, 200);
    assert!(started.elapsed() < Duration::from_secs(5));
    drop(slow);
}

/// A client that sends half a request line and stalls is answered 408 and
/// dropped once the head's time (10 s) is up; others are served meanwhile.
#[test]
fn a_stalled_client_is_dropped_after_the_timeout() {
    let f = fixture();
    let server = Server::start(&f.site.0, &f.dist.0, &[]);
    let mut slow = TcpStream::connect(&server.address).unwrap();
    let started = std::time::Instant::now();
    slow.write_all(b"GET /content/posts/x.md HT").unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    for _ in 0..3 {
        let quick = std::time::Instant::now();
        assert_eq!(server.get("/content/posts/x.md").status, 200);
        assert!(quick.elapsed() < Duration::from_secs(2));
    }
    let mut raw = Vec::new();
    slow.read_to_end(&mut raw).unwrap();
    let waited = started.elapsed();
    let raw = String::from_utf8_lossy(&raw);
    assert!(raw.starts_with("HTTP/1.1 408 "), "{raw}");
    assert!(
        waited >= Duration::from_secs(9) && waited < Duration::from_secs(20),
        "dropped after {waited:?}"
    );
    assert_eq!(server.get("/content/posts/x.md").status, 200);
}

/// The server keeps answering after it has been idle (a listening-socket
/// timeout once made the accept loop stop after 2 s of quiet).
#[test]
fn answers_after_being_idle() {
    let f = fixture();
    let server = Server::start(&f.site.0, &f.dist.0, &[]);
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(server.get("/content/posts/x.md").status, 200);
}

/// A huge request head is refused with 431 as soon as it passes 16 KiB
/// (not read whole), and the next client is served.
#[test]
fn a_huge_header_is_refused_and_the_server_stays_up() {
    let f = fixture();
    let server = Server::start(&f.site.0, &f.dist.0, &[]);
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut writer = stream.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        let big = format!("X-Big: {}\r\n", "a".repeat(4 * 1024 * 1024));
        // The server may stop reading (and reset) before all of it is sent.
        let _ = write!(
            writer,
            "GET /content/posts/x.md HTTP/1.1\r\nHost: x\r\n{big}Connection: close\r\n\r\n"
        );
    });
    let mut status = [0u8; 12];
    stream.read_exact(&mut status).unwrap();
    assert_eq!(&status, b"HTTP/1.1 431");
    drop(stream);
    let _ = sender.join();
    // So do many header lines.
    let many: String = (0..200).map(|i| format!("X-H{i}: v\r\n")).collect();
    assert_eq!(server.request("GET", "/", &many).status, 431);
    let quick = std::time::Instant::now();
    assert_eq!(server.get("/content/posts/x.md").status, 200);
    assert!(quick.elapsed() < Duration::from_secs(2));
}

/// Bodies the server will not read: too large (over the 32 MiB a save may
/// be), chunked, or with two lengths.
#[test]
fn refuses_bodies_it_will_not_read() {
    let f = fixture();
    let server = Server::start(&f.site.0, &f.dist.0, &[]);
    let raw = |head: &str| {
        let mut stream = TcpStream::connect(&server.address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        stream.write_all(head.as_bytes()).unwrap();
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    };
    let put = "PUT /__folio/save?path=posts/x.md HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    assert!(raw(&format!("{put}Content-Length: 99999999999\r\n\r\n")).starts_with("HTTP/1.1 413 "));
    assert!(
        raw(&format!("{put}Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"))
            .starts_with("HTTP/1.1 411 ")
    );
    assert!(raw(&format!(
        "{put}Content-Length: 1\r\nContent-Length: 2\r\n\r\nab"
    ))
    .starts_with("HTTP/1.1 400 "));
    assert!(raw("NONSENSE\r\n\r\n").starts_with("HTTP/1.1 400 "));
    // Every answer closes the connection and says how long it is.
    let ok = raw("GET /content/posts/x.md HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(ok.contains("\r\nConnection: close\r\n"), "{ok}");
    assert!(ok.ends_with(&post("Post X")), "{ok}");
    assert_eq!(server.get("/content/posts/x.md").status, 200);
}

/// Many connections at once: the server's threads stay bounded (16
/// workers), connections beyond the queue (64) are answered 503 at once
/// instead of waiting, and once they go away it answers again.
#[test]
fn many_connections_stay_bounded() {
    let f = fixture();
    let server = Server::start(&f.site.0, &f.dist.0, &[]);
    // Real requests, 40 at once: all answered.
    let address = server.address.clone();
    let clients: Vec<_> = (0..40)
        .map(|_| {
            let address = address.clone();
            std::thread::spawn(move || {
                let mut stream = TcpStream::connect(&address).unwrap();
                stream
                    .set_read_timeout(Some(Duration::from_secs(20)))
                    .unwrap();
                stream
                    .write_all(b"GET /content/posts/x.md HTTP/1.1\r\nHost: x\r\n\r\n")
                    .unwrap();
                let mut raw = Vec::new();
                stream.read_to_end(&mut raw).unwrap();
                String::from_utf8(raw).unwrap()
            })
        })
        .collect();
    for client in clients {
        let answer = client.join().unwrap();
        assert!(answer.starts_with("HTTP/1.1 200 "), "{answer}");
        assert!(answer.ends_with(&post("Post X")));
    }

    // 150 clients that never send a request.
    let stalled: Vec<TcpStream> = (0..150)
        .map(|_| TcpStream::connect(&server.address).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let mut turned_away = 0;
    for stream in &stalled {
        stream.set_nonblocking(true).unwrap();
        let mut head = [0u8; 12];
        if let Ok(12) = (&*stream).read(&mut head) {
            assert_eq!(&head, b"HTTP/1.1 503");
            turned_away += 1;
        }
    }
    assert!(turned_away >= 150 - (16 + 64), "{turned_away} turned away");
    #[cfg(target_os = "linux")]
    {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
        let threads: usize = status
            .lines()
            .find_map(|l| l.strip_prefix("Threads:"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert!(threads <= 16 + 2, "{threads} threads");
    }
    drop(stalled);
    let quick = std::time::Instant::now();
    assert_eq!(server.get("/content/posts/x.md").status, 200);
    assert!(quick.elapsed() < Duration::from_secs(5));
}

/// A post with bytes that are not UTF-8 and a NUL is indexed (U+FFFD for
/// each) and served as it is; the server keeps answering.
#[test]
fn a_post_that_is_not_utf8_is_indexed_and_served() {
    let f = fixture();
    let bytes: &[u8] =
        b"+++\ntitle = \"Bad bytes\"\ndate = \"2020-01-03T00:00:00Z\"\n+++\n\nbad \xff\xfe byte, nul \0 here\n";
    std::fs::write(f.site.0.join("content/posts/bad.md"), bytes).unwrap();
    let server = Server::start(&f.site.0, &f.dist.0, &[]);
    let index = server.get("/content/index.json");
    assert_eq!(index.status, 200);
    assert_eq!(titles(&index), ["Bad bytes", "Post X"]);
    let value: serde_json::Value = serde_json::from_str(&index.body).unwrap();
    let summary = value["posts"][0]["summary"].as_str().unwrap();
    assert!(
        summary.contains("bad \u{FFFD}\u{FFFD} byte, nul \u{FFFD} here"),
        "{summary}"
    );
    // The raw file, byte for byte (the app decodes it as the CLI does).
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream
        .write_all(b"GET /content/posts/bad.md HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    assert!(raw.starts_with(b"HTTP/1.1 200 "));
    assert!(raw.ends_with(bytes));
}
