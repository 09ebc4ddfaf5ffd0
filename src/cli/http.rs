//! The HTTP/1.1 transport of `folio serve`: sockets in, [`Request`]s to a
//! handler, [`Response`]s out. It knows nothing of posts or routes
//! (`serve.rs` maps a request to a response), and it is built for a
//! development server that slow or hostile clients must not take down:
//!
//! - **A bounded worker pool.** One thread accepts connections and hands
//!   them to [`Limits::workers`] worker threads through a queue of
//!   [`Limits::queue`] connections; when the queue is full, a new
//!   connection is answered 503 at once and closed. The thread count never
//!   grows with the number of clients.
//! - **Timeouts on each accepted connection** (never on the listening
//!   socket, whose accept must wait forever): the whole request head must
//!   arrive within [`Limits::head_timeout`] (else 408 and close, so a client
//!   that sends half a request line and stalls holds its worker that long
//!   and no longer), and every later read or write of the connection waits
//!   at most [`Limits::io_timeout`].
//! - **Size limits**: a head over [`Limits::max_head`] bytes (or with more
//!   than 64 header lines) is 431 and close; a body over
//!   [`Limits::max_body`] is 413. A body needs `Content-Length`
//!   (`Transfer-Encoding` gets 411, two different lengths 400), and is read
//!   only as far as the handler asks.
//! - **One request per connection** (`Connection: close` on every answer):
//!   a kept-alive idle connection would hold a worker, and on the loopback
//!   a new connection costs little. `HEAD` gets the headers of `GET` without
//!   the body; `Expect: 100-continue` is honoured when the handler reads the
//!   body.
//!
//! The request head is parsed by `httparse`; a handler that panics costs
//! its request a 500, not its worker.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc::{self, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The bounds of the transport.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Connections served at once.
    pub workers: usize,
    /// Accepted connections waiting for a worker; one more gets 503.
    pub queue: usize,
    /// How long the whole request head may take to arrive.
    pub head_timeout: Duration,
    /// How long any later read or write may wait.
    pub io_timeout: Duration,
    /// How long the whole answer may take to send: a client that reads a
    /// little now and then (each write finishing within `io_timeout`)
    /// still cannot hold a worker longer than this.
    pub response_timeout: Duration,
    /// The largest request head (request line and headers), in bytes.
    pub max_head: usize,
    /// The largest request body, in bytes.
    pub max_body: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            workers: 16,
            queue: 64,
            head_timeout: Duration::from_secs(10),
            io_timeout: Duration::from_secs(10),
            response_timeout: Duration::from_secs(60),
            max_head: 16 * 1024,
            max_body: 32 * 1024 * 1024,
        }
    }
}

/// The most header lines a request may have.
const MAX_HEADERS: usize = 64;

/// After an answer sent before the request was read to its end, how long
/// and how much of the rest is read and dropped so that closing does not
/// reset the connection before the client has read the answer.
const LINGER_TIME: Duration = Duration::from_secs(2);
const LINGER_BYTES: u64 = 16 * 1024 * 1024;

/// One request: its head, and its body as a reader (read on demand).
pub struct Request<'a> {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    remote: SocketAddr,
    body: Body<'a>,
}

impl Request<'_> {
    /// `GET`, `HEAD`, `PUT`…, as sent (methods are case-sensitive).
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The request target: the path and the query.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The value of the first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The address of the client.
    pub fn remote_addr(&self) -> SocketAddr {
        self.remote
    }

    /// The body's length (its `Content-Length`; 0 when it has none).
    pub fn body_length(&self) -> u64 {
        self.body.length
    }

    /// The body, at most [`Request::body_length`] bytes.
    pub fn body(&mut self) -> &mut dyn Read {
        &mut self.body
    }
}

/// A request body: what came with the head, then the connection, up to
/// its length; sends `100 Continue` before the first read if asked to.
struct Body<'a> {
    stream: &'a TcpStream,
    early: Vec<u8>,
    early_at: usize,
    length: u64,
    remaining: u64,
    send_continue: bool,
}

impl Read for Body<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.remaining == 0 || buf.is_empty() {
            return Ok(0);
        }
        let most = buf
            .len()
            .min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
        let n = if self.early_at < self.early.len() {
            let n = most.min(self.early.len() - self.early_at);
            buf[..n].copy_from_slice(&self.early[self.early_at..self.early_at + n]);
            self.early_at += n;
            n
        } else {
            if self.send_continue {
                self.send_continue = false;
                let mut stream = self.stream;
                stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
            }
            let mut stream = self.stream;
            let n = stream.read(&mut buf[..most])?;
            if n == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the body ended early",
                ));
            }
            n
        };
        self.remaining -= n as u64;
        Ok(n)
    }
}

/// An answer: a status, headers, and a body of a known length.
pub struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Box<dyn Read + Send>,
    length: u64,
}

impl Response {
    /// An answer of `length` bytes read from `body`.
    pub fn new(
        status: u16,
        content_type: &str,
        body: Box<dyn Read + Send>,
        length: u64,
    ) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body,
            length,
        }
        .with_header("Content-Type", content_type)
    }

    /// An answer whose body is `body`.
    pub fn bytes(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        let length = body.len() as u64;
        Response::new(
            status,
            content_type,
            Box::new(io::Cursor::new(body)),
            length,
        )
    }

    /// A plain-text answer.
    pub fn text(status: u16, body: &str) -> Response {
        Response::bytes(
            status,
            "text/plain; charset=utf-8",
            body.as_bytes().to_vec(),
        )
    }

    /// Adds a header; one whose name or value could break the head (a line
    /// break, a control character) is left out, and `Content-Length` and
    /// `Connection` are the transport's.
    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        let ours = ["content-length", "connection", "transfer-encoding"];
        if valid_header_name(name)
            && valid_header_value(value)
            && !ours.iter().any(|o| o.eq_ignore_ascii_case(name))
        {
            self.headers.push((name.to_string(), value.to_string()));
        }
        self
    }

    pub fn status(&self) -> u16 {
        self.status
    }

    /// The value of the first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The head as sent: status line, headers, `Content-Length`,
    /// `Connection: close`, blank line.
    fn head(&self) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            self.length
        ));
        head.into_bytes()
    }
}

/// Whether `name` is a header name (an RFC 9110 token).
pub fn valid_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Whether `value` can be sent as a header value: visible ASCII, spaces
/// and tabs, nothing at either end that a parser would trim.
pub fn valid_header_value(value: &str) -> bool {
    value
        .bytes()
        .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
        && value.trim() == value
}

fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        204 => "No Content",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// Serves `listener` with `handler` until the process ends (or accepting
/// fails for good).
pub fn run<H>(listener: TcpListener, limits: Limits, handler: H) -> io::Result<()>
where
    H: Fn(&mut Request) -> Response + Send + Sync + 'static,
{
    let (sender, receiver) = mpsc::sync_channel::<TcpStream>(limits.queue);
    let receiver = Arc::new(Mutex::new(receiver));
    let handler = Arc::new(handler);
    for _ in 0..limits.workers.max(1) {
        let (receiver, handler) = (receiver.clone(), handler.clone());
        std::thread::spawn(move || loop {
            let next = receiver.lock().unwrap_or_else(|e| e.into_inner()).recv();
            let Ok(stream) = next else { return };
            connection(stream, &limits, &*handler);
        });
    }
    for stream in listener.incoming() {
        match stream {
            Ok(stream) => match sender.try_send(stream) {
                Ok(()) => {}
                Err(TrySendError::Full(stream)) => busy(stream),
                Err(TrySendError::Disconnected(_)) => {
                    return Err(io::Error::other("every worker has stopped"))
                }
            },
            // A connection reset before it was accepted, or out of file
            // descriptors for a moment: keep accepting.
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    Ok(())
}

/// 503 to a connection no worker can take, from the accepting thread: it
/// must not wait on the client, so the socket is non-blocking.
fn busy(stream: TcpStream) {
    if stream.set_nonblocking(true).is_err() {
        return;
    }
    let answer = Response::text(503, "busy: too many connections, try again\n")
        .with_header("Retry-After", "1");
    let mut out = answer.head();
    out.extend_from_slice(b"busy: too many connections, try again\n");
    let _ = (&stream).write_all(&out);
    let _ = stream.shutdown(Shutdown::Write);
    // What the client has sent already, so that closing does not reset
    // the connection before it reads the answer.
    let mut sink = [0u8; 4096];
    for _ in 0..16 {
        match (&stream).read(&mut sink) {
            Ok(n) if n > 0 => {}
            _ => break,
        }
    }
}

/// What reading the head came to.
enum Head {
    /// The head is `buffer[..len]`; the rest is the body's beginning.
    Complete(usize),
    /// Answer this status and close.
    Refuse(u16, &'static str),
    /// The client went away, or the connection failed: close quietly.
    Gone,
}

/// Serves one connection: one request, one answer.
fn connection<H>(stream: TcpStream, limits: &Limits, handler: &H)
where
    H: Fn(&mut Request) -> Response,
{
    let Ok(remote) = stream.peer_addr() else {
        return;
    };
    let _ = stream.set_nodelay(true);
    if stream.set_write_timeout(Some(limits.io_timeout)).is_err() {
        return;
    }
    let mut buffer = Vec::with_capacity(2048);
    let (len, parsed) = match read_head(&stream, &mut buffer, limits) {
        Head::Complete(len) => (len, parse_head(&buffer[..len])),
        Head::Refuse(status, why) => return refuse(&stream, status, why),
        Head::Gone => return,
    };
    let (method, url, headers) = match parsed {
        Ok(head) => head,
        Err((status, why)) => return refuse(&stream, status, why),
    };
    if headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("Transfer-Encoding"))
    {
        return refuse(&stream, 411, "send the body with a Content-Length\n");
    }
    let lengths: Vec<&str> = headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
        .map(|(_, v)| v.as_str())
        .collect();
    let length = match lengths.as_slice() {
        [] => 0,
        [first, rest @ ..] if rest.iter().all(|v| v == first) => match first.parse::<u64>() {
            Ok(n) if first.bytes().all(|b| b.is_ascii_digit()) => n,
            _ => return refuse(&stream, 400, "bad Content-Length\n"),
        },
        _ => return refuse(&stream, 400, "conflicting Content-Length\n"),
    };
    if length > limits.max_body {
        return refuse(&stream, 413, "the body is too large\n");
    }
    let _ = stream.set_read_timeout(Some(limits.io_timeout));
    let send_continue = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("Expect") && v.eq_ignore_ascii_case("100-continue"));
    let head_request = method == "HEAD";
    let mut request = Request {
        method,
        url,
        headers,
        remote,
        body: Body {
            stream: &stream,
            early: buffer.split_off(len),
            early_at: 0,
            length,
            remaining: length,
            send_continue: send_continue && length > 0,
        },
    };
    let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(&mut request)))
        .unwrap_or_else(|_| Response::text(500, "the server failed on this request\n"));
    let unread = request.body.remaining;
    let until = Instant::now() + limits.response_timeout;
    if send(&stream, answer, head_request, until, limits.io_timeout).is_ok() && unread > 0 {
        linger(&stream);
    }
}

/// Reads until the end of the request head, within the head's time and
/// size limits.
fn read_head(stream: &TcpStream, buffer: &mut Vec<u8>, limits: &Limits) -> Head {
    let deadline = Instant::now() + limits.head_timeout;
    let mut chunk = [0u8; 4096];
    loop {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        match httparse::Request::new(&mut headers).parse(buffer) {
            Ok(httparse::Status::Complete(len)) => return Head::Complete(len),
            Ok(httparse::Status::Partial) => {}
            Err(httparse::Error::TooManyHeaders) => {
                return Head::Refuse(431, "too many header lines\n")
            }
            Err(_) => return Head::Refuse(400, "not an HTTP request\n"),
        }
        if buffer.len() >= limits.max_head {
            return Head::Refuse(431, "the request head is too large\n");
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Head::Refuse(408, "the request took too long\n");
        }
        let room = (limits.max_head - buffer.len()).min(chunk.len());
        match Read::read(&mut { stream }, &mut chunk[..room]) {
            Ok(0) => return Head::Gone,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Head::Refuse(408, "the request took too long\n")
            }
            Err(_) => return Head::Gone,
        }
    }
}

/// The method, target and headers of a complete head.
type Parsed = (String, String, Vec<(String, String)>);

fn parse_head(head: &[u8]) -> Result<Parsed, (u16, &'static str)> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        _ => return Err((400, "not an HTTP request\n")),
    }
    if request.version != Some(1) && request.version != Some(0) {
        return Err((505, "HTTP/1.1 only\n"));
    }
    let method = request.method.unwrap_or_default().to_string();
    let url = request.path.unwrap_or_default().to_string();
    let headers = request
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_string(),
                String::from_utf8_lossy(h.value).trim().to_string(),
            )
        })
        .collect();
    Ok((method, url, headers))
}

/// Answers `status` to a request that is not read to its end, and closes.
fn refuse(stream: &TcpStream, status: u16, why: &str) {
    let until = Instant::now() + LINGER_TIME;
    if send(
        stream,
        Response::text(status, why),
        false,
        until,
        LINGER_TIME,
    )
    .is_ok()
    {
        linger(stream);
    }
}

/// Writes the answer: the head, then the body unless it answers `HEAD`;
/// gives up (an error) at `until`, each write waiting at most `io_timeout`.
fn send(
    stream: &TcpStream,
    mut answer: Response,
    head_request: bool,
    until: Instant,
    io_timeout: Duration,
) -> io::Result<()> {
    let deadline = Deadline {
        stream,
        until,
        io_timeout,
    };
    let mut out = io::BufWriter::with_capacity(64 * 1024, deadline);
    out.write_all(&answer.head())?;
    if !head_request {
        let length = answer.length;
        let sent = io::copy(&mut (&mut answer.body).take(length), &mut out)?;
        if sent < length {
            // The file shrank while it was sent: the client sees a short
            // body; do not pretend otherwise.
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "short body"));
        }
    }
    out.flush()
}

/// A writer to `stream` that stops at `until`: each write may wait only
/// for what is left of the time (and at most `io_timeout`).
struct Deadline<'a> {
    stream: &'a TcpStream,
    until: Instant,
    io_timeout: Duration,
}

impl Write for Deadline<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the answer took longer than the server allows",
            ));
        }
        self.stream
            .set_write_timeout(Some(left.min(self.io_timeout)))?;
        let mut stream = self.stream;
        stream.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        let mut stream = self.stream;
        stream.flush()
    }
}

/// Closes our side, then reads and drops what the client still sends
/// (for a while, up to a size), so that the answer is not lost to a reset.
fn linger(stream: &TcpStream) {
    if stream.shutdown(Shutdown::Write).is_err() {
        return;
    }
    let deadline = Instant::now() + LINGER_TIME;
    let mut drained = 0u64;
    let mut sink = [0u8; 16 * 1024];
    while drained < LINGER_BYTES {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match Read::read(&mut { stream }, &mut sink) {
            Ok(0) => return,
            Ok(n) => drained += n as u64,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A client that reads a little now and then (so no single write times
    /// out) is cut off when the whole answer has taken `response_timeout`.
    #[test]
    fn a_slow_reader_is_cut_off_at_the_response_deadline() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let limits = Limits {
            response_timeout: Duration::from_millis(500),
            ..Limits::default()
        };
        std::thread::spawn(move || {
            run(listener, limits, |_| {
                Response::bytes(200, "application/octet-stream", vec![b'x'; 64 << 20])
            })
        });
        let mut client = TcpStream::connect(address).unwrap();
        client
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        client
            .write_all(b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        let start = Instant::now();
        let mut received = 0usize;
        // ~6 MB/s: 64 MB would take ~10 s; with the deadline the server
        // stops after 0.5 s (the kernel's buffers then drain to the client).
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            match client.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => received += n,
            }
            assert!(start.elapsed() < Duration::from_secs(20), "never cut off");
            std::thread::sleep(Duration::from_millis(10));
        }
        let took = start.elapsed();
        assert!(received < 32 << 20, "{received} bytes sent in {took:?}");
        assert!(took < Duration::from_secs(8), "cut off after {took:?}");
    }

    #[test]
    fn parses_a_head() {
        let (method, url, headers) =
            parse_head(b"GET /a?b=1 HTTP/1.1\r\nHost: x\r\nAccept:  text/html \r\n\r\n").unwrap();
        assert_eq!((method.as_str(), url.as_str()), ("GET", "/a?b=1"));
        assert_eq!(headers[1], ("Accept".to_string(), "text/html".to_string()));
        assert!(parse_head(b"GET / HTTP/2.0\r\n\r\n").is_err());
        assert!(parse_head(b"GET /\r\n\r\n").is_err());
    }

    #[test]
    fn never_sends_a_header_that_breaks_the_head() {
        let r = Response::text(200, "x")
            .with_header("X-Ok", "fine")
            .with_header("X-Bad", "a\r\nSet-Cookie: x=1")
            .with_header("Bad Name", "v")
            .with_header("Content-Length", "99")
            .with_header("X-Utf8", "é");
        let head = String::from_utf8(r.head()).unwrap();
        assert_eq!(
            head,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nX-Ok: fine\r\n\
             Content-Length: 1\r\nConnection: close\r\n\r\n"
        );
        assert!(valid_header_value("https://blog.example"));
        assert!(!valid_header_value(" x"));
    }
}
