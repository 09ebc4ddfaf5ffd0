//! The native `folio` command: the same pipeline as the app, on files.
//!
//! ```text
//! folio render [--site DIR] [--json] FILE|-   print the post body HTML
//! folio check [--site DIR] FILE...            print diagnostics
//! folio index [--site DIR] [...] CONTENT_DIR  write index.json and index-1.json
//! folio serve [--site DIR] [...]              serve the app with a site
//! ```
//!
//! Exit status: 0 rendered (warnings allowed), 1 errors in the input,
//! 2 bad usage or unreadable files.
//!
//! `args` parses the arguments, `load` reads files into the core's inputs,
//! `serve` is the HTTP server; this module dispatches and writes output.
//! Neither of them depends on this one, and `serve` only on `load`.

pub mod args;
pub mod http;
pub mod load;
pub mod serve;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostics::Severity;
use crate::index::{self, Include};
use crate::policy::Trust;
use crate::render::{render_bytes_at, Rendered};

fn trust(untrusted: bool) -> Trust {
    if untrusted {
        Trust::Untrusted
    } else {
        Trust::Site
    }
}

pub use args::USAGE;
use args::{Command, ServeArgs};

/// Exit statuses.
const OK: i32 = 0;
const INPUT_ERRORS: i32 = 1;
const USAGE_ERROR: i32 = 2;

/// Runs the CLI; returns the exit status.
pub fn run(args: &[String], stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32 {
    let result = args::parse(args).and_then(|command| match command {
        Command::Help => {
            let _ = stdout.write_all(USAGE.as_bytes());
            Ok(OK)
        }
        Command::Render {
            site,
            json,
            untrusted,
            file,
        } => render_command(
            site.as_deref(),
            trust(untrusted),
            json,
            &file,
            stdout,
            stderr,
        ),
        Command::Check {
            site,
            untrusted,
            fix,
            files,
        } => check_command(site.as_deref(), trust(untrusted), fix, &files, stdout),
        Command::Index {
            site,
            untrusted,
            include,
            output,
            content_url,
            dir,
        } => index_command(
            site.as_deref(),
            trust(untrusted),
            include,
            output,
            &content_url,
            &dir,
            stderr,
        ),
        Command::Serve(args) => serve_command(args),
    });
    result.unwrap_or_else(|message| {
        let _ = writeln!(stderr, "folio: {message}\n\n{USAGE}");
        USAGE_ERROR
    })
}

/// When `files` lie in the site's `content/`: gives `site` the site's pages
/// (so `ref`/`relref` find them, as in Hugo's build) and returns each
/// file's path in `content/` (`None` for the others).
fn with_site_pages(
    site: &mut crate::site::Site,
    site_dir: Option<&Path>,
    files: &[&str],
) -> Result<Vec<Option<String>>, String> {
    let Some(content) = site_dir.map(|d| d.join("content")) else {
        return Ok(vec![None; files.len()]);
    };
    let Ok(root) = content.canonicalize() else {
        return Ok(vec![None; files.len()]);
    };
    let paths: Vec<Option<String>> = files
        .iter()
        .map(|file| {
            let real = Path::new(file).canonicalize().ok()?;
            let relative = real.strip_prefix(&root).ok()?;
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            Some(parts.join("/"))
        })
        .collect();
    if paths.iter().any(Option::is_some) {
        let (posts, others) = load::read_content(&content)?;
        let pages = index::pages(
            &posts,
            &others,
            &site.config,
            Include::default(),
            &load::now(),
        );
        site.links = crate::links::Links::new(pages, None);
    }
    Ok(paths)
}

fn render_command(
    site_dir: Option<&Path>,
    trust: Trust,
    json: bool,
    file: &str,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<i32, String> {
    let mut site = load::load_site(site_dir)?;
    let page = with_site_pages(&mut site, site_dir, &[file])?;
    let (name, text) = load::read_input(file)?;
    let post = json_output(
        &render_bytes_at(&text, &site, trust, page[0].as_deref()),
        &name,
        json,
    );
    for line in &post.diagnostics {
        let _ = writeln!(stderr, "{line}");
    }
    stdout
        .write_all(post.text.as_bytes())
        .map_err(|e| format!("cannot write output: {e}"))?;
    Ok(if post.has_errors { INPUT_ERRORS } else { OK })
}

/// What the CLI prints of a rendered post.
struct PostOutput {
    /// The body HTML, or the whole post as JSON.
    text: String,
    /// Each diagnostic as `name:line:col: severity: message`.
    diagnostics: Vec<String>,
    has_errors: bool,
}

/// The one place that reads a rendered post: what `render` prints (the body
/// HTML, or with `json` the whole post as JSON) and its diagnostics, shown
/// against file `name`.
fn json_output(post: &Rendered, name: &str, json: bool) -> PostOutput {
    let text = if json {
        // The whole typed value: front matter, summary, content, blocks
        // (start, end, line, key, html), headings, embeds, links, diagnostics.
        let mut text = serde_json::to_string_pretty(post).unwrap_or_default();
        text.push('\n');
        text
    } else {
        post.content()
    };
    PostOutput {
        text,
        diagnostics: post.diagnostics.iter().map(|d| d.format(name)).collect(),
        has_errors: post.has_errors(),
    }
}

/// `folio check`: the render's diagnostics and the lints of
/// [`crate::lints`], one line each; with `fix`, each file is rewritten with
/// the certain fixes applied (through a temporary file renamed over it, so
/// a crash never leaves half a post) and what is left is printed.
fn check_command(
    site_dir: Option<&Path>,
    trust: Trust,
    fix: bool,
    files: &[String],
    stdout: &mut dyn Write,
) -> Result<i32, String> {
    let mut site = load::load_site(site_dir)?;
    let names: Vec<&str> = files.iter().map(String::as_str).collect();
    let pages = with_site_pages(&mut site, site_dir, &names)?;
    let mut status = OK;
    for (file, page) in files.iter().zip(&pages) {
        let page = page.as_deref();
        let (name, bytes) = load::read_input(file)?;
        let mut post = render_bytes_at(&bytes, &site, trust, page);
        let mut text = String::from_utf8_lossy(&bytes).into_owned();
        let mut lints = crate::lints::check(&text, &post);
        if fix {
            let (fixed, applied) =
                crate::lints::apply_fixes(&text, lints.iter().filter_map(|l| l.fix.as_ref()));
            // Invalid UTF-8 is never rewritten: the lossy text would lose bytes.
            if applied > 0 && std::str::from_utf8(&bytes).is_ok() {
                load::write_atomic(Path::new(file), fixed.as_bytes())?;
                let _ = writeln!(stdout, "{name}: applied {applied} fix(es)");
                text = fixed;
                post = render_bytes_at(text.as_bytes(), &site, trust, page);
                lints = crate::lints::check(&text, &post);
            }
        }
        for lint in &lints {
            let _ = writeln!(stdout, "{}", lint.format(&name));
        }
        if post.has_errors() {
            status = INPUT_ERRORS;
        }
    }
    Ok(status)
}

fn index_command(
    site: Option<&Path>,
    trust: Trust,
    include: Include,
    output: Option<PathBuf>,
    content_url: &str,
    dir: &Path,
    stderr: &mut dyn Write,
) -> Result<i32, String> {
    let site_files = load::read_site_files_or_default(site)?;
    let site = site_files.to_site()?;
    let (files, others) = load::read_content(dir)?;
    let pages = pages_parallel(&files, &others, &site.config, include);
    let base = crate::links::ResourceBase {
        content_url: content_url.to_string(),
        local: true,
    };
    let (mut index, mut problems) =
        build_parallel(&files, &site_files, site, include, (pages, base), trust)?;
    index.site = site_files;
    report_invalid_utf8(dir, &files, &mut problems);
    let mut status = OK;
    for file in &problems {
        for d in &file.diagnostics {
            let _ = writeln!(
                stderr,
                "{}",
                d.format(&dir.join(&file.path).display().to_string())
            );
            if d.severity == Severity::Error {
                status = INPUT_ERRORS;
            }
        }
    }
    let output = output.unwrap_or_else(|| dir.join("index.json"));
    // The home page's share next to it (index-1.json): the app shows the
    // home page from it without parsing the whole index.
    let first = output.with_file_name(index::FIRST_PAGE_FILE);
    write_json(&first, &index.first_page())?;
    write_json(&output, &index)?;
    Ok(status)
}

/// Adds the invalid-UTF-8 warning (file, line and column of the first bad
/// byte) of each post that `load::read_posts` decoded with U+FFFD: only
/// files whose text has a U+FFFD are read again to tell.
fn report_invalid_utf8(
    dir: &Path,
    files: &[(String, String)],
    problems: &mut Vec<index::FileDiagnostics>,
) {
    for (path, text) in files {
        if !text.contains('\u{FFFD}') {
            continue;
        }
        let Some(warning) = std::fs::read(dir.join(path))
            .ok()
            .and_then(|bytes| crate::render::utf8_warning(&bytes))
        else {
            continue;
        };
        match problems.iter_mut().find(|p| &p.path == path) {
            Some(file) => {
                let at = file
                    .diagnostics
                    .partition_point(|d| d.span.start <= warning.span.start);
                file.diagnostics.insert(at, warning);
            }
            None => {
                let at = problems.partition_point(|p| p.path < *path);
                problems.insert(
                    at,
                    index::FileDiagnostics {
                        path: path.clone(),
                        diagnostics: vec![warning],
                    },
                );
            }
        }
    }
}

/// How many threads a big site's index is built on: parts of at least 256
/// files, at most 8.
fn threads_for(files: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
        .min(files / 256)
        .max(1)
}

/// [`index::pages`] (the front matter pass) on every core, in file order.
fn pages_parallel(
    files: &[(String, String)],
    others: &[String],
    config: &crate::site::SiteConfig,
    include: Include,
) -> Vec<crate::links::PageRef> {
    let now = load::now();
    let threads = threads_for(files.len());
    if threads == 1 {
        return index::pages(files, others, config, include, &now);
    }
    let chunk = files.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                let now = &now;
                scope.spawn(move || index::pages(part, others, config, include, now))
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// [`index::build`] on every core for a big site: the files in one
/// contiguous part a thread, each with its own [`crate::site::Site`] (it is
/// not `Sync`) knowing all the site's pages, the posts joined and sorted
/// again, the diagnostics kept in file order. The same index as one
/// `build` (a test checks).
fn build_parallel(
    files: &[(String, String)],
    site_files: &crate::site::SiteFiles,
    mut site: crate::site::Site,
    include: Include,
    (pages, base): (Vec<crate::links::PageRef>, crate::links::ResourceBase),
    trust: Trust,
) -> Result<(index::Index, Vec<index::FileDiagnostics>), String> {
    site.links = crate::links::Links::new(pages.clone(), Some(base.clone()));
    let now = load::now();
    let threads = threads_for(files.len());
    if threads == 1 {
        return Ok(index::build_with(files, &site, include, &now, trust));
    }
    let chunk = files.len().div_ceil(threads);
    let parts: Vec<Result<_, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                let (now, pages, base) = (&now, &pages, &base);
                scope.spawn(move || {
                    let mut site = site_files.to_site()?;
                    site.links = crate::links::Links::new(pages.clone(), Some(base.clone()));
                    Ok(index::build_with(part, &site, include, now, trust))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut index = index::Index::default();
    let mut problems = Vec::new();
    for part in parts {
        let (part, part_problems) = part?;
        index.posts.extend(part.posts);
        problems.extend(part_problems);
    }
    index::sort(&mut index.posts);
    Ok((index, problems))
}

/// Writes `value` as JSON (pretty up to 1,000 posts' worth of text; compact
/// above, where indentation is megabytes), only on change, so a watcher that
/// rebuilds on content changes does not loop on its own output.
fn write_json(output: &Path, value: &index::Index) -> Result<(), String> {
    let mut json = if value.posts.len() <= 1000 {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    }
    .map_err(|e| e.to_string())?;
    json.push('\n');
    if std::fs::read_to_string(output).ok().as_deref() != Some(json.as_str()) {
        std::fs::write(output, json)
            .map_err(|e| format!("cannot write {}: {e}", output.display()))?;
    }
    Ok(())
}

fn serve_command(args: ServeArgs) -> Result<i32, String> {
    let content = args
        .content
        .or_else(|| args.site.as_ref().map(|s| s.join("content")))
        .unwrap_or_else(|| PathBuf::from("content"));
    if !content.is_dir() {
        return Err(format!("{}: no such content directory", content.display()));
    }
    if let Some(site) = &args.site {
        // Fail at start-up, not on the first request.
        load::read_site_files(site)?.to_site()?;
    }
    serve::serve(serve::ServeOptions {
        dist: args.dist,
        content,
        site: args.site,
        include: args.include,
        address: args.addr,
        cors: args.cors,
        token: Some(serve::new_token()?),
    })?;
    Ok(OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parallel_index_is_the_single_one() {
        // 1,000 posts, some with the same date and title (file order decides
        // among them) and some undated, one with an error diagnostic.
        let files: Vec<(String, String)> = (0..1000)
            .map(|i| {
                let date = match i % 7 {
                    0 => String::new(),
                    _ => format!("date = 2020-01-{:02}\n", i % 28 + 1),
                };
                // A reference across the threads' parts.
                let body = match i {
                    500 => "{{< nope >}}",
                    3 => "[last]({{< relref \"p0999\" >}})\n\n<!--more-->\n\nx",
                    _ => "x",
                };
                (
                    format!("posts/p{i:04}.md"),
                    format!("+++\ntitle = \"T{}\"\n{date}+++\n{body}\n", i % 50),
                )
            })
            .collect();
        let site_files = crate::site::SiteFiles::default();
        let site = site_files.to_site().unwrap();
        let pages = index::pages(&files, &[], &site.config, Include::default(), &load::now());
        assert_eq!(
            pages_parallel(&files, &[], &site.config, Include::default()),
            pages
        );
        let base = crate::links::ResourceBase {
            content_url: "/content/".into(),
            local: true,
        };
        let mut whole = site.clone();
        whole.links = crate::links::Links::new(pages.clone(), Some(base.clone()));
        let (one, one_problems) = index::build(&files, &whole, Include::default(), &load::now());
        let (parts, problems) = build_parallel(
            &files,
            &site_files,
            site,
            Include::default(),
            (pages, base),
            Trust::Site,
        )
        .unwrap();
        assert_eq!(parts, one);
        let p3 = parts
            .posts
            .iter()
            .find(|p| p.path == "posts/p0003.md")
            .unwrap();
        assert!(
            p3.summary.contains("href=\"/posts/p0999/\""),
            "{}",
            p3.summary
        );
        let paths =
            |p: &[index::FileDiagnostics]| p.iter().map(|d| d.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&problems), paths(&one_problems));
        assert_eq!(paths(&problems), ["posts/p0500.md"]);
    }

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
    fn bad_usage_exits_2_with_the_usage() {
        for args in [
            &[][..],
            &["render"],
            &["render", "--bogus", "x"],
            &["frobnicate"],
            &["render", "/nonexistent/post.md"],
            &["check"],
            &["index"],
            &["serve", "--content", "/nonexistent/content"],
            &["serve", "--port", "x"],
        ] {
            let (status, out, err) = run_args(args);
            assert_eq!(status, 2, "{args:?}");
            assert!(out.is_empty(), "{args:?}");
            assert!(err.starts_with("folio: "), "{args:?}: {err}");
            assert!(err.contains("usage: folio render"), "{args:?}");
        }
    }

    #[test]
    fn help_prints_usage() {
        let (status, out, _) = run_args(&["--help"]);
        assert_eq!(status, 0);
        assert!(out.contains("folio render"));
        assert!(out.contains("--cors ORIGIN"));
    }

    #[test]
    fn render_prints_html_or_json() {
        let post = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/content/posts/2017-05-28-pyconweb-may17.md"
        );
        let (status, html, _) = run_args(&["render", post]);
        assert_eq!(status, 0);
        assert!(html.contains("<p>"));
        let (status, json, _) = run_args(&["render", "--json", post]);
        assert_eq!(status, 0);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["content"], html);
        assert!(value["front_matter"].is_object());
        // Warnings (a broken link, mojibake) do not fail the check.
        let (status, out, _) = run_args(&["check", post]);
        assert_eq!(status, 0);
        assert_eq!(out.lines().count(), 2, "{out}");
        assert!(out.contains(":9:"), "{out}");
    }

    #[test]
    fn check_fix_rewrites_the_file_with_the_certain_fixes() {
        let dir = std::env::temp_dir().join(format!("folio-check-fix-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("post.md");
        std::fs::write(
            &file,
            include_str!("../../content/posts/2017-05-28-pyconweb-may17.md"),
        )
        .unwrap();
        let path = file.to_str().unwrap();
        let (status, out, _) = run_args(&["check", "--fix", path]);
        assert_eq!(status, 0);
        assert!(out.contains("applied 2 fix(es)"), "{out}");
        let fixed = std::fs::read_to_string(&file).unwrap();
        assert!(fixed.contains("(https://pyconweb.com)"));
        assert!(fixed.contains("[Hofbräuhaus]"));
        // Nothing left to fix, and no temporary file left behind.
        let (_, out, _) = run_args(&["check", "--fix", path]);
        assert!(
            !out.contains("applied") && !out.contains("[fixable]"),
            "{out}"
        );
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
