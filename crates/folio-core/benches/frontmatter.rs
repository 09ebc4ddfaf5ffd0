//! Folio's own front matter readers against the full parsers (the `toml`
//! and `yaml-rust2` path) on the same front matter, in the same run
//! (interleaved rounds, medians of the thread's CPU time):
//!
//!     cargo bench -p folio-core --bench frontmatter
//!
//! Inputs: every front matter block of the shared corpus posts and the seed
//! post, and the corpus site's `hugo.toml` (`../shared`, beside the repo),
//! else a few built-in ones.
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use folio_core::frontmatter::{readers, Format};

mod common;
use common::cpu_time;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// (format, text between the delimiters) of a post's front matter.
fn block(src: &str) -> Option<(Format, String)> {
    for (delimiter, format) in [("+++", Format::Toml), ("---", Format::Yaml)] {
        let Some(rest) = src.strip_prefix(delimiter) else {
            continue;
        };
        let rest = rest.trim_start_matches([' ', '\t', '\r']);
        let rest = rest.strip_prefix('\n')?;
        let mut at = 0;
        for line in rest.split_inclusive('\n') {
            if line.trim_end() == delimiter {
                return Some((format, rest[..at].to_owned()));
            }
            at += line.len();
        }
        return None;
    }
    None
}

fn inputs() -> Vec<(Format, String)> {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let mut paths = Vec::new();
    files(&shared.join("corpus/posts"), &mut paths);
    files(&shared.join("seed"), &mut paths);
    let mut out: Vec<(Format, String)> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter_map(|src| block(src.trim_start_matches('\u{feff}')))
        .collect();
    if let Ok(config) = std::fs::read_to_string(shared.join("corpus/site/hugo.toml")) {
        out.push((Format::Toml, config));
    }
    if out.is_empty() {
        eprintln!("no ../shared corpus: built-in samples");
        out.push((Format::Toml, "title = \"PyconWeb\"\ndate = \"2017-05-28T18:34:25+02:00\"\ntags = [\"a\", \"b\"]\n[params]\nx = 1\n".into()));
        out.push((Format::Yaml, "title: \"Hello\"\ndate: 2021-01-20\ntags: [a, b]\ncategories:\n  - x\nparams:\n  toc: true\n".into()));
    }
    out
}

fn main() {
    let inputs = inputs();
    for (format, text) in &inputs {
        let own = readers::own(*format, text).map(|(map, _)| map);
        assert_eq!(
            own.as_ref(),
            readers::full(*format, text).ok().as_ref(),
            "{text}"
        );
    }
    let bytes: usize = inputs.iter().map(|(_, t)| t.len()).sum();
    let reps = 200;
    let run_own = || {
        for _ in 0..reps {
            for (format, text) in &inputs {
                black_box(readers::own(*format, black_box(text)));
            }
        }
    };
    let run_full = || {
        for _ in 0..reps {
            for (format, text) in &inputs {
                black_box(readers::full(*format, black_box(text)).ok());
            }
        }
    };
    let (mut own, mut full) = (Vec::new(), Vec::new());
    for _ in 0..15 {
        let t = cpu_time();
        run_own();
        own.push(cpu_time() - t);
        let t = cpu_time();
        run_full();
        full.push(cpu_time() - t);
    }
    own.sort();
    full.sort();
    let (own, full) = (own[own.len() / 2], full[full.len() / 2]);
    let per = |d: Duration| d.as_secs_f64() * 1e6 / (reps * inputs.len()) as f64;
    println!(
        "{} front matter blocks, {bytes} bytes; {reps} passes, median of 15 interleaved rounds",
        inputs.len()
    );
    println!("own readers   {:>8.2} µs a block", per(own));
    println!("full parsers  {:>8.2} µs a block", per(full));
    println!(
        "own / full: {:.2}× the time ({:.1}× faster)",
        own.as_secs_f64() / full.as_secs_f64(),
        full.as_secs_f64() / own.as_secs_f64()
    );
}
