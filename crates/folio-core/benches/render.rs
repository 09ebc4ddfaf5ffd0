//! Render throughput against plain pulldown-cmark, on the same text, in the
//! same run (interleaved, medians), so the ratio holds on any machine.
//!
//!     cargo bench -p folio-core --bench render            # full table
//!     cargo bench -p folio-core --bench render -- quick   # fewer sizes
//!
//! Inputs are generated (seeded, no files): the example post repeated to a
//! size, one 1 MB line of prose, and posts with N tweet shortcodes.
use std::hint::black_box;
use std::time::{Duration, Instant};

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

/// Median wall time of `f` over enough runs to fill about `budget`.
fn median(budget: Duration, mut f: impl FnMut()) -> Duration {
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < 3 || (start.elapsed() < budget && times.len() < 50) {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
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

fn main() {
    let quick = std::env::args().any(|a| a == "quick");
    let site = Site::default();
    let mut cases: Vec<(String, String)> = Vec::new();
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
        cases.push((
            format!("example x {} KB", size >> 10),
            repeated_example(size),
        ));
    }
    cases.push(("one 1 MB line".into(), one_line(1 << 20)));
    let counts: &[usize] = if quick {
        &[12_500]
    } else {
        &[12_500, 25_000, 50_000, 100_000]
    };
    for &n in counts {
        cases.push((format!("{n} tweets"), tweets(n)));
    }
    println!("| input | size | Folio render_post | MB/s | pulldown-cmark push_html | ratio |");
    println!("|---|---|---|---|---|---|");
    for (name, src) in &cases {
        let budget = Duration::from_millis(if quick { 300 } else { 2000 });
        let mut folio = Vec::new();
        let mut peer = Vec::new();
        // Interleave, so both see the same machine state.
        for _ in 0..3 {
            folio.push(median(budget / 3, || {
                black_box(render_post(black_box(src), &site));
            }));
            peer.push(median(budget / 3, || {
                black_box(pulldown(black_box(src)));
            }));
        }
        folio.sort();
        peer.sort();
        let (f, p) = (folio[1], peer[1]);
        let mb = src.len() as f64 / (1 << 20) as f64;
        println!(
            "| {name} | {:.2} MB | {:.2} ms | {:.1} | {:.2} ms | {:.2}x |",
            mb,
            f.as_secs_f64() * 1e3,
            mb / f.as_secs_f64(),
            p.as_secs_f64() * 1e3,
            f.as_secs_f64() / p.as_secs_f64()
        );
    }
}
