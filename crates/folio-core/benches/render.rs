//! Render throughput against plain pulldown-cmark, on the same text, in the
//! same run (interleaved, medians), so the ratio holds on any machine.
//!
//!     cargo bench -p folio-core --bench render            # full table
//!     cargo bench -p folio-core --bench render -- quick   # fewer sizes
//!
//! Times are the thread's CPU time (Linux), medians of interleaved runs.
//!
//! Inputs are generated (seeded, no files): the example post repeated to a
//! size, one 1 MB line of prose, and posts with N tweet shortcodes.
use std::hint::black_box;
use std::time::{Duration, Instant};

use folio_core::markdown;
use folio_core::render::render_post;
use folio_core::site::Site;

const EXAMPLE: &str = include_str!("../../../content/posts/2017-05-28-pyconweb-may17.md");

fn repeated_example(size: usize) -> String {
    let body = EXAMPLE.splitn(3, "+++").nth(2).unwrap_or(EXAMPLE);
    let mut out = String::from("+++\ntitle = \"Big\"\n+++\n");
    while out.len() < size {
        out.push_str(body);
    }
    out
}

fn one_line(size: usize) -> String {
    let mut out = String::from("+++\ntitle = \"Line\"\n+++\n");
    let mut i = 0;
    while out.len() < size {
        out.push_str(&format!("word{i} \"quoted\" -- x... "));
        i += 1;
    }
    out.push('\n');
    out
}

fn tweets(n: usize) -> String {
    let mut out = String::from("+++\ntitle = \"Tweets\"\n+++\n");
    for i in 0..n {
        out.push_str(&format!("Para {i} {{{{< tweet {} >}}}}\n\n", i + 1));
    }
    out
}

mod common;
use common::cpu_time;

/// Median CPU time of `f` over enough runs to fill about `budget`.
fn median(budget: Duration, mut f: impl FnMut()) -> Duration {
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < 3 || (start.elapsed() < budget && times.len() < 50) {
        let t = cpu_time();
        f();
        times.push(cpu_time().saturating_sub(t));
    }
    times.sort();
    times[times.len() / 2]
}

fn pulldown(src: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(src, pulldown_cmark::Options::all());
    let mut out = String::with_capacity(src.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out, parser);
    out
}

/// What the Folio side of a row runs.
#[derive(Clone, Copy)]
enum Layer {
    /// `render_post`: the whole pipeline.
    Post,
    /// `markdown::render` on the text (the Markdown layer alone).
    Markdown,
}

/// One row: several texts rendered in turn (the corpus is 44 files).
struct Case {
    name: String,
    layer: Layer,
    texts: Vec<String>,
}

impl Case {
    fn new(name: impl Into<String>, layer: Layer, texts: Vec<String>) -> Self {
        Case {
            name: name.into(),
            layer,
            texts,
        }
    }

    fn bytes(&self) -> usize {
        self.texts.iter().map(String::len).sum()
    }

    fn folio(&self, site: &Site, options: &markdown::Options) {
        for text in &self.texts {
            match self.layer {
                Layer::Post => {
                    black_box(render_post(black_box(text), site));
                }
                Layer::Markdown => {
                    black_box(markdown::render(black_box(text), options));
                }
            }
        }
    }

    fn peer(&self) {
        for text in &self.texts {
            black_box(pulldown(black_box(text)));
        }
    }
}

/// `../shared` (the seed post and the corpus), if this checkout has it.
fn shared_dir() -> Option<std::path::PathBuf> {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .map(|dir| dir.join("../shared"))
        .find(|dir| dir.join("seed").is_dir())
}

/// The corpus posts (`../shared/corpus/posts/*/*.md`), sorted by path.
fn corpus_posts(shared: &std::path::Path) -> Vec<String> {
    let mut paths = Vec::new();
    if let Ok(sites) = std::fs::read_dir(shared.join("corpus/posts")) {
        for site in sites.flatten() {
            if let Ok(files) = std::fs::read_dir(site.path()) {
                for file in files.flatten() {
                    if file.path().extension().is_some_and(|e| e == "md") {
                        paths.push(file.path());
                    }
                }
            }
        }
    }
    paths.sort();
    paths
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .collect()
}

/// The part of a post after its `+++` front matter.
fn body(post: &str) -> String {
    post.splitn(3, "+++").nth(2).unwrap_or(post).to_string()
}

fn main() {
    let quick = std::env::args().any(|a| a == "quick");
    let site = Site::default();
    let options = site.config.markdown_options();
    let mut cases: Vec<Case> = Vec::new();
    if let Some(shared) = shared_dir() {
        if let Ok(seed) = std::fs::read_to_string(shared.join("seed/000_dbee2052b016849a.txt")) {
            cases.push(Case::new("seed example post", Layer::Post, vec![seed]));
        }
        let corpus = corpus_posts(&shared);
        if !corpus.is_empty() {
            let name = format!("corpus ({} posts)", corpus.len());
            cases.push(Case::new(name, Layer::Post, corpus));
        }
    }
    let sizes: &[usize] = if quick {
        &[10 << 10, 1 << 20]
    } else {
        &[
            10 << 10,
            100 << 10,
            1 << 20,
            2 << 20,
            4 << 20,
            8 << 20,
            10 << 20,
        ]
    };
    for &size in sizes {
        let text = repeated_example(size);
        cases.push(Case::new(
            format!("example x {} KB", size >> 10),
            Layer::Post,
            vec![text],
        ));
    }
    cases.push(Case::new(
        "one 1 MB line",
        Layer::Post,
        vec![one_line(1 << 20)],
    ));
    let counts: &[usize] = if quick {
        &[12_500]
    } else {
        &[12_500, 25_000, 50_000, 100_000]
    };
    for &n in counts {
        cases.push(Case::new(
            format!("{n} tweets"),
            Layer::Post,
            vec![tweets(n)],
        ));
    }
    // The Markdown layer alone, on Markdown without shortcodes (the example
    // post's body without its tweets, repeated).
    let plain_body = body(EXAMPLE)
        .lines()
        .filter(|line| !line.contains("{{<"))
        .collect::<Vec<_>>()
        .join("\n");
    for &size in &[10usize << 10, 1 << 20] {
        let mut text = String::new();
        while text.len() < size {
            text.push_str(&plain_body);
            text.push('\n');
        }
        let name = format!("markdown::render, {} KB", size >> 10);
        cases.push(Case::new(name, Layer::Markdown, vec![text]));
    }
    // `-- profile NAME`: render only the cases whose name contains NAME, for
    // a few seconds each, with no peer (for `perf record`).
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "profile") {
        let filter = args.get(at + 1).map_or("", String::as_str);
        for case in cases.iter().filter(|case| case.name.contains(filter)) {
            let start = Instant::now();
            let mut runs = 0;
            while start.elapsed() < Duration::from_secs(3) {
                case.folio(&site, &options);
                runs += 1;
            }
            println!("{}: {runs} renders", case.name);
        }
        return;
    }
    println!("| input | size | Folio | MB/s | pulldown-cmark push_html | ratio |");
    println!("|---|---|---|---|---|---|");
    for case in &cases {
        let budget = Duration::from_millis(if quick { 300 } else { 2000 });
        let mut folio = Vec::new();
        let mut peer = Vec::new();
        // Interleave, so both see the same machine state.
        for _ in 0..3 {
            folio.push(median(budget / 3, || case.folio(&site, &options)));
            peer.push(median(budget / 3, || case.peer()));
        }
        folio.sort();
        peer.sort();
        let (f, p) = (folio[1], peer[1]);
        let mb = case.bytes() as f64 / (1 << 20) as f64;
        println!(
            "| {} | {:.2} MB | {:.2} ms | {:.1} | {:.2} ms | {:.2}x |",
            case.name,
            mb,
            f.as_secs_f64() * 1e3,
            mb / f.as_secs_f64(),
            p.as_secs_f64() * 1e3,
            f.as_secs_f64() / p.as_secs_f64()
        );
    }
}
