//! The one argument parser of the `folio` command (with `lexopt`): turns the
//! arguments into a [`Command`], or a usage error message. Nothing here reads
//! a file.

use std::ffi::OsString;
use std::path::PathBuf;

use lexopt::prelude::*;

use crate::index::Include;

pub const USAGE: &str = "\
usage: folio render [--site DIR] [--json] [--untrusted] FILE|-
       folio check [--site DIR] [--untrusted] [--fix] FILE...
       folio index [--site DIR] [--drafts] [--future] [--expired] [--untrusted]
                   [-o FILE] [--content-url URL] CONTENT_DIR
       folio serve [--site DIR] [--content DIR] [--dist DIR] [--addr HOST:PORT]
                   [--port PORT] [--cors ORIGIN] [--drafts] [--future] [--expired]

  render   print the post's body HTML (Hugo's .Content); --json prints
           {front_matter, summary, content, blocks, headings, embeds, links,
           word_count, diagnostics}; --untrusted renders someone else's post
           so that nothing in it can run script (raw HTML sanitised or
           omitted, only http(s)/mailto/relative URLs, no inline shortcodes)
  check    print every diagnostic and lint (broken-looking links, mojibake,
           images without alt text, unknown shortcodes) as
           file:line:col: severity: message; --fix rewrites each FILE with
           the certain fixes (those marked [fixable]) applied
  index    write CONTENT_DIR/index.json (or -o FILE): every post's path,
           url, title, dates, tags, summary, reading time; drafts, future and
           expired posts only with --drafts, --future, --expired; and
           index-1.json next to it (the first 10 posts, for the home page);
           --untrusted renders the summaries as render --untrusted does;
           summaries point at page bundles' files under --content-url
           (where the app finds the content, default /content/)
  serve    serve the built app (--dist, default dist) with a site's posts
           (--content, default SITE/content or ./content) on --addr
           (default 127.0.0.1:8080; --port sets the port, 0 for any free
           one; the URL is printed); index.json is rebuilt when a post
           changes; --cors lets pages of ORIGIN read the content
  --site   a Hugo site directory (hugo.toml/config.*, layouts/shortcodes);
           render and check of a file in SITE/content resolve ref/relref
           against the site's other pages
";

/// The default address of `folio serve`.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// What the arguments ask for.
#[derive(Debug)]
pub enum Command {
    Help,
    Render {
        site: Option<PathBuf>,
        json: bool,
        untrusted: bool,
        /// A file name, or `-` for standard input.
        file: String,
    },
    Check {
        site: Option<PathBuf>,
        untrusted: bool,
        fix: bool,
        files: Vec<String>,
    },
    Index {
        site: Option<PathBuf>,
        /// Summaries rendered as untrusted content.
        untrusted: bool,
        include: Include,
        output: Option<PathBuf>,
        /// Where the app fetches the content (bundle files in summaries).
        content_url: String,
        dir: PathBuf,
    },
    Serve(ServeArgs),
}

/// `folio serve`'s arguments, before any file is looked at.
#[derive(Debug)]
pub struct ServeArgs {
    pub site: Option<PathBuf>,
    pub content: Option<PathBuf>,
    pub dist: PathBuf,
    /// `HOST:PORT`.
    pub addr: String,
    pub include: Include,
    /// The origin allowed to read the served files (CORS), if any.
    pub cors: Option<String>,
}

/// Which command is being parsed: decides which options are accepted.
#[derive(Clone, Copy, PartialEq)]
enum Name {
    Render,
    Check,
    Index,
    Serve,
}

/// Everything any command may be given; each command takes its part.
#[derive(Default)]
struct Parsed {
    site: Option<PathBuf>,
    json: bool,
    untrusted: bool,
    fix: bool,
    include: Include,
    output: Option<PathBuf>,
    content_url: Option<String>,
    content: Option<PathBuf>,
    dist: Option<PathBuf>,
    addr: Option<String>,
    port: Option<u16>,
    cors: Option<String>,
    operands: Vec<String>,
    help: bool,
}

/// Parses the arguments after the program name.
pub fn parse(args: &[String]) -> Result<Command, String> {
    let mut parser = lexopt::Parser::from_args(args);
    let name = match parser.next().map_err(|e| e.to_string())? {
        None => return Err("no command given".to_string()),
        Some(Short('h') | Long("help")) => return Ok(Command::Help),
        Some(Value(value)) => match value.to_str() {
            Some("help") => return Ok(Command::Help),
            Some("render") => Name::Render,
            Some("check") => Name::Check,
            Some("index") => Name::Index,
            Some("serve") => Name::Serve,
            _ => return Err(format!("unknown command '{}'", value.to_string_lossy())),
        },
        Some(arg) => return Err(arg.unexpected().to_string()),
    };
    let parsed = parse_options(&mut parser, name).map_err(|e| e.to_string())?;
    if parsed.help {
        return Ok(Command::Help);
    }
    command(name, parsed)
}

fn parse_options(parser: &mut lexopt::Parser, name: Name) -> Result<Parsed, lexopt::Error> {
    let mut p = Parsed::default();
    let serve = name == Name::Serve;
    let index = name == Name::Index;
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => p.help = true,
            Long("site") => p.site = Some(path(parser.value()?)),
            Long("json") if name == Name::Render => p.json = true,
            Long("untrusted") if matches!(name, Name::Render | Name::Check | Name::Index) => {
                p.untrusted = true;
            }
            Long("fix") if name == Name::Check => p.fix = true,
            Long("drafts") if index || serve => p.include.drafts = true,
            Long("future") if index || serve => p.include.future = true,
            Long("expired") if index || serve => p.include.expired = true,
            Short('o') | Long("output") if index => p.output = Some(path(parser.value()?)),
            Long("content-url") if index => p.content_url = Some(parser.value()?.string()?),
            Long("content") if serve => p.content = Some(path(parser.value()?)),
            Long("dist") if serve => p.dist = Some(path(parser.value()?)),
            Long("addr") if serve => p.addr = Some(parser.value()?.string()?),
            Long("port") if serve => p.port = Some(parser.value()?.parse()?),
            Long("cors") if serve => p.cors = Some(parser.value()?.string()?),
            Value(value) => p.operands.push(value.string()?),
            _ => return Err(arg.unexpected()),
        }
    }
    Ok(p)
}

fn path(value: OsString) -> PathBuf {
    PathBuf::from(value)
}

/// Checks the operands and builds the command.
fn command(name: Name, p: Parsed) -> Result<Command, String> {
    match name {
        Name::Render => {
            let [file] = <[String; 1]>::try_from(p.operands).map_err(|_| {
                "render takes exactly one FILE (or - for standard input)".to_string()
            })?;
            Ok(Command::Render {
                site: p.site,
                json: p.json,
                untrusted: p.untrusted,
                file,
            })
        }
        Name::Check => {
            if p.operands.is_empty() {
                return Err("check needs at least one FILE".to_string());
            }
            if p.fix && p.operands.iter().any(|f| f == "-") {
                return Err("check --fix needs files, not standard input".to_string());
            }
            Ok(Command::Check {
                site: p.site,
                untrusted: p.untrusted,
                fix: p.fix,
                files: p.operands,
            })
        }
        Name::Index => {
            let [dir] = <[String; 1]>::try_from(p.operands)
                .map_err(|_| "index takes exactly one CONTENT_DIR".to_string())?;
            Ok(Command::Index {
                site: p.site,
                untrusted: p.untrusted,
                include: p.include,
                output: p.output,
                content_url: {
                    let mut url = p.content_url.unwrap_or_else(|| "/content/".to_string());
                    if !url.ends_with('/') {
                        url.push('/');
                    }
                    url
                },
                dir: PathBuf::from(dir),
            })
        }
        Name::Serve => {
            if let Some(operand) = p.operands.first() {
                return Err(format!("serve takes no operand, got '{operand}'"));
            }
            let mut addr = p.addr.unwrap_or_else(|| DEFAULT_ADDR.to_string());
            if let Some(port) = p.port {
                let host = addr
                    .rsplit_once(':')
                    .map_or(addr.as_str(), |(host, _)| host);
                addr = format!("{host}:{port}");
            }
            Ok(Command::Serve(ServeArgs {
                site: p.site,
                content: p.content,
                dist: p.dist.unwrap_or_else(|| PathBuf::from("dist")),
                addr,
                include: p.include,
                cors: p.cors,
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Command, String> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        parse(&args)
    }

    #[test]
    fn render_takes_one_file_or_stdin() {
        let Ok(Command::Render {
            site, json, file, ..
        }) = parse_strs(&["render", "--json", "--site", "s", "-"])
        else {
            panic!("render parses");
        };
        assert_eq!(
            (site, json, file.as_str()),
            (Some(PathBuf::from("s")), true, "-")
        );
        let Ok(Command::Render {
            site, json, file, ..
        }) = parse_strs(&["render", "--site=s", "a.md"])
        else {
            panic!("render parses");
        };
        assert_eq!(
            (site, json, file.as_str()),
            (Some(PathBuf::from("s")), false, "a.md")
        );
        assert!(parse_strs(&["render"]).is_err());
        assert!(parse_strs(&["render", "a.md", "b.md"]).is_err());
        assert!(parse_strs(&["render", "--site"]).is_err());
        assert!(parse_strs(&["render", "--drafts", "a.md"]).is_err());
    }

    #[test]
    fn options_belong_to_their_command() {
        assert!(parse_strs(&["check", "--json", "a.md"]).is_err());
        assert!(parse_strs(&["render", "-o", "x", "a.md"]).is_err());
        assert!(parse_strs(&["index", "--dist", "d", "content"]).is_err());
        assert!(parse_strs(&["serve", "--untrusted"]).is_err());
        let Ok(Command::Index {
            site,
            untrusted,
            include,
            output,
            content_url,
            dir,
        }) = parse_strs(&[
            "index",
            "--drafts",
            "--untrusted",
            "--expired",
            "-o",
            "out.json",
            "--content-url",
            "https://cdn.example/c",
            "content",
        ])
        else {
            panic!("index parses");
        };
        assert_eq!(site, None);
        assert!(untrusted);
        assert_eq!(content_url, "https://cdn.example/c/");
        assert!(include.drafts && !include.future && include.expired);
        assert_eq!(output, Some(PathBuf::from("out.json")));
        assert_eq!(dir, PathBuf::from("content"));
        let Ok(Command::Check { files, .. }) = parse_strs(&["check", "a.md", "-", "b.md"]) else {
            panic!("check parses");
        };
        assert_eq!(files, ["a.md", "-", "b.md"]);
    }

    #[test]
    fn serve_defaults_and_port() {
        let Ok(Command::Serve(args)) = parse_strs(&["serve"]) else {
            panic!("serve parses");
        };
        assert_eq!(args.addr, DEFAULT_ADDR);
        assert_eq!(args.dist, PathBuf::from("dist"));
        assert_eq!(args.cors, None);
        let Ok(Command::Serve(args)) =
            parse_strs(&["serve", "--port", "0", "--cors", "https://a.example"])
        else {
            panic!("serve parses");
        };
        assert_eq!(args.addr, "127.0.0.1:0");
        assert_eq!(args.cors.as_deref(), Some("https://a.example"));
        let Ok(Command::Serve(args)) =
            parse_strs(&["serve", "--addr", "0.0.0.0:1", "--port", "9000"])
        else {
            panic!("serve parses");
        };
        assert_eq!(args.addr, "0.0.0.0:9000");
        assert!(parse_strs(&["serve", "--port", "http"]).is_err());
        assert!(parse_strs(&["serve", "extra"]).is_err());
    }

    #[test]
    fn help_anywhere() {
        for args in [&["--help"][..], &["-h"], &["help"], &["render", "--help"]] {
            assert!(matches!(parse_strs(args), Ok(Command::Help)), "{args:?}");
        }
        assert!(parse_strs(&[]).is_err());
        assert!(parse_strs(&["frobnicate"]).is_err());
        assert!(parse_strs(&["--bogus"]).is_err());
    }
}
