//! The native `folio` command: the same pipeline as the app, on files.
//!
//! ```text
//! folio render [--site DIR] [--json] FILE|-   print the post body HTML
//! folio check [--site DIR] FILE...            print diagnostics
//! ```
//!
//! Exit status: 0 rendered (warnings allowed), 1 errors in the input,
//! 2 bad usage or unreadable files.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::frontmatter::Date;
use crate::index::{self, Include};
use crate::render::{render_post, RenderedPost};
use crate::site::{Site, SiteFiles, CONFIG_FILE_NAMES};

pub const USAGE: &str = "\
usage: folio render [--site DIR] [--json] FILE|-
       folio check [--site DIR] FILE...
       folio index [--site DIR] [--drafts] [--future] [--expired] [-o FILE] CONTENT_DIR
       folio serve [--site DIR] [--content DIR] [--dist DIR] [--addr HOST:PORT]

  render   print the post's body HTML (Hugo's .Content); --json prints
           {front_matter, summary, content, diagnostics}
  check    print every diagnostic as file:line:col: severity: message
  index    write CONTENT_DIR/index.json (or -o FILE): every post's path,
           url, title, dates, tags, summary, reading time; drafts, future and
           expired posts only with --drafts, --future, --expired
  serve    serve the built app (--dist, default dist) with a site's posts
           (--content, default SITE/content or ./content) on --addr
           (default 127.0.0.1:8080); index.json is rebuilt on every request
  --site   a Hugo site directory (hugo.toml/config.*, layouts/shortcodes)
";

/// Exit statuses.
const OK: i32 = 0;
const INPUT_ERRORS: i32 = 1;
const USAGE_ERROR: i32 = 2;

#[derive(Default)]
struct Options {
    site: Option<PathBuf>,
    json: bool,
    include: Include,
    output: Option<PathBuf>,
    files: Vec<String>,
}

/// Which options a command takes, beyond `--site`.
#[derive(Clone, Copy, PartialEq)]
enum Command {
    Render,
    Check,
    Index,
}

fn parse_options(args: &[String], command: Command) -> Result<Options, String> {
    let mut options = Options::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--site" => {
                let dir = args.next().ok_or("--site needs a directory")?;
                options.site = Some(PathBuf::from(dir));
            }
            "--json" if command == Command::Render => options.json = true,
            "--drafts" if command == Command::Index => options.include.drafts = true,
            "--future" if command == Command::Index => options.include.future = true,
            "--expired" if command == Command::Index => options.include.expired = true,
            "-o" | "--output" if command == Command::Index => {
                let file = args.next().ok_or("-o needs a file")?;
                options.output = Some(PathBuf::from(file));
            }
            "-" => options.files.push(arg.clone()),
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}")),
            _ => options.files.push(arg.clone()),
        }
    }
    Ok(options)
}

/// Runs the CLI; returns the exit status.
pub fn run(args: &[String], stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let result = match args.first().map(String::as_str) {
        Some("render") => render_command(&args[1..], stdout, stderr),
        Some("check") => check_command(&args[1..], stdout),
        Some("index") => index_command(&args[1..], stderr),
        Some("serve") => serve_command(&args[1..]),
        Some("-h" | "--help" | "help") => {
            let _ = stdout.write_all(USAGE.as_bytes());
            Ok(OK)
        }
        Some(other) => Err(format!("unknown command '{other}'")),
        None => Err("no command given".to_string()),
    };
    result.unwrap_or_else(|message| {
        let _ = writeln!(stderr, "folio: {message}\n\n{USAGE}");
        USAGE_ERROR
    })
}

fn render_command(
    args: &[String],
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<i32, String> {
    let options = parse_options(args, Command::Render)?;
    let [file] = options.files.as_slice() else {
        return Err("render takes exactly one FILE (or - for standard input)".to_string());
    };
    let site = load_site(options.site.as_deref())?;
    let (name, text) = read_input(file)?;
    let post = render_post(&text, &site);
    for d in &post.diagnostics {
        let _ = writeln!(stderr, "{}", d.format(&name));
    }
    let output = if options.json {
        json_output(&post)
    } else {
        post.content.clone()
    };
    stdout
        .write_all(output.as_bytes())
        .map_err(|e| format!("cannot write output: {e}"))?;
    Ok(if post.has_errors() { INPUT_ERRORS } else { OK })
}

fn json_output(post: &RenderedPost) -> String {
    let value = serde_json::json!({
        "front_matter": post.front_matter,
        "summary": post.summary,
        "content": post.content,
        "diagnostics": post.diagnostics,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn check_command(args: &[String], stdout: &mut dyn Write) -> Result<i32, String> {
    let options = parse_options(args, Command::Check)?;
    if options.files.is_empty() {
        return Err("check needs at least one FILE".to_string());
    }
    let site = load_site(options.site.as_deref())?;
    let mut status = OK;
    for file in &options.files {
        let (name, text) = read_input(file)?;
        let post = render_post(&text, &site);
        for d in &post.diagnostics {
            let _ = writeln!(stdout, "{}", d.format(&name));
        }
        if post.has_errors() {
            status = INPUT_ERRORS;
        }
    }
    Ok(status)
}

fn serve_command(args: &[String]) -> Result<i32, String> {
    let mut options = Options::default();
    let (mut content, mut dist, mut addr) =
        (None, PathBuf::from("dist"), "127.0.0.1:8080".to_string());
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().cloned().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--site" => options.site = Some(PathBuf::from(value()?)),
            "--content" => content = Some(PathBuf::from(value()?)),
            "--dist" => dist = PathBuf::from(value()?),
            "--addr" => addr = value()?,
            "--drafts" => options.include.drafts = true,
            "--future" => options.include.future = true,
            "--expired" => options.include.expired = true,
            other => return Err(format!("unknown option {other}")),
        }
    }
    let content = content
        .or_else(|| options.site.as_ref().map(|s| s.join("content")))
        .unwrap_or_else(|| PathBuf::from("content"));
    if !content.is_dir() {
        return Err(format!("{}: no such content directory", content.display()));
    }
    let serve_options = crate::serve::ServeOptions {
        dist,
        content,
        site: options.site,
        include: options.include,
    };
    crate::serve::serve(serve_options, &addr, now())?;
    Ok(OK)
}

fn index_command(args: &[String], stderr: &mut dyn Write) -> Result<i32, String> {
    let options = parse_options(args, Command::Index)?;
    let [dir] = options.files.as_slice() else {
        return Err("index takes exactly one CONTENT_DIR".to_string());
    };
    let dir = Path::new(dir);
    let site_files = match options.site.as_deref() {
        Some(site_dir) => read_site_files(site_dir)?,
        None => SiteFiles::default(),
    };
    let site = site_files.to_site()?;
    let files = read_posts(dir)?;
    let (mut index, problems) = index::build(&files, &site, options.include, &now());
    index.site = site_files;
    let mut status = OK;
    for file in &problems {
        for d in &file.diagnostics {
            let _ = writeln!(
                stderr,
                "{}",
                d.format(&dir.join(&file.path).display().to_string())
            );
            if d.severity == crate::diagnostics::Severity::Error {
                status = INPUT_ERRORS;
            }
        }
    }
    let output = options.output.unwrap_or_else(|| dir.join("index.json"));
    let mut json = serde_json::to_string_pretty(&index).map_err(|e| e.to_string())?;
    json.push('\n');
    // Write only on change, so a watcher that rebuilds on content changes
    // does not loop on its own output.
    if std::fs::read_to_string(&output).ok().as_deref() != Some(json.as_str()) {
        std::fs::write(&output, json)
            .map_err(|e| format!("cannot write {}: {e}", output.display()))?;
    }
    Ok(status)
}

/// Every post below content directory `dir`, as (relative path, text), sorted.
pub fn read_posts(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let mut files = Vec::new();
    collect_posts(dir, dir, &mut files)?;
    files.sort();
    Ok(files)
}

/// Every Markdown file below `dir`, as (path relative to `root` with `/`, text).
fn collect_posts(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_posts(root, &path, out)?;
        } else if path
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown")
        {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if name == "_index.md" {
                continue; // section pages, not posts
            }
            let relative = path.strip_prefix(root).unwrap_or(&path);
            let relative: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            out.push((relative.join("/"), text));
        }
    }
    Ok(())
}

/// The current time as a front matter date (UTC).
pub fn now() -> Date {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    Date::from_unix_seconds(seconds)
}

/// Reads FILE, or standard input for `-`; returns the name to show in
/// diagnostics and the text.
fn read_input(file: &str) -> Result<(String, String), String> {
    if file == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        return Ok(("<stdin>".to_string(), text));
    }
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {file}: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| format!("{file} is not UTF-8 text: {e}"))?;
    Ok((file.to_string(), text))
}

/// Reads a Hugo site directory, or gives the default site without one.
pub fn load_site(dir: Option<&Path>) -> Result<Site, String> {
    match dir {
        Some(dir) => read_site_files(dir)?.to_site(),
        None => Ok(Site::default()),
    }
}

/// Reads a Hugo site's configuration file and shortcode templates
/// (`layouts/shortcodes/*.html`, and `layouts/_shortcodes/`, which wins).
pub fn read_site_files(dir: &Path) -> Result<SiteFiles, String> {
    if !dir.is_dir() {
        return Err(format!("--site {}: not a directory", dir.display()));
    }
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let mut files = SiteFiles::default();
    if let Some(name) = CONFIG_FILE_NAMES.iter().find(|n| dir.join(n).is_file()) {
        files.config = Some((name.to_string(), read(&dir.join(name))?));
    }
    for folder in ["layouts/shortcodes", "layouts/_shortcodes"] {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().and_then(|n| n.to_str());
            if let Some(name) = name.and_then(|n| n.strip_suffix(".html")) {
                files.shortcodes.insert(name.to_string(), read(&path)?);
            }
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_args(args: &[&str]) -> (i32, String, String) {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = run(&args, &mut out, &mut err);
        (
            status,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn bad_usage_exits_2() {
        assert_eq!(run_args(&[]).0, 2);
        assert_eq!(run_args(&["render"]).0, 2);
        assert_eq!(run_args(&["render", "--bogus", "x"]).0, 2);
        assert_eq!(run_args(&["frobnicate"]).0, 2);
        assert_eq!(run_args(&["render", "/nonexistent/post.md"]).0, 2);
    }

    #[test]
    fn help_prints_usage() {
        let (status, out, _) = run_args(&["--help"]);
        assert_eq!(status, 0);
        assert!(out.contains("folio render"));
    }
}
