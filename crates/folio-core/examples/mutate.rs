//! A seeded random-mutation fuzzer for long runs (not run by CI or
//! `cargo test`): takes the XSS corpus and a few seed posts and templates,
//! mutates them (token insertion, deletion, duplication, splicing), and
//! feeds the results to the front matter parser, the shortcode parser, the
//! template engine and the whole pipeline (site and untrusted).
//!
//! It checks that nothing panics, that rendering is deterministic, that
//! untrusted output never contains a `<script`, `<iframe srcdoc`, `on…=` or
//! `javascript:` attribute, and reports the slowest input (a hint of
//! non-linear time).
//!
//! ```sh
//! cargo run --release -p folio-core --example mutate -- [SECONDS] [SEED] [TARGET]
//! # TARGET: frontmatter | shortcode | template | pipeline | all (default)
//! ```
//! A failing input is written to `target/mutate-failure-SEED-N.md`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use folio_core::policy::Trust;
use folio_core::render::render_with;
use folio_core::site::Site;

const TOKENS: &[&str] = &[
    "{{<",
    ">}}",
    "{{%",
    "%}}",
    "{{</*",
    "*/>}}",
    "{{< /",
    "---\n",
    "+++\n",
    "{\n",
    "}\n",
    "<",
    ">",
    "\"",
    "'",
    "`",
    "```",
    "\n",
    "\n\n",
    "[",
    "](",
    ")",
    "![",
    "<!--more-->",
    "<!--",
    "-->",
    "\0",
    "\u{FFFD}",
    "é",
    "这",
    "🙂",
    "\r\n",
    "\t",
    "#",
    " {#id .c onclick=x}",
    "&#106;",
    "javascript:",
    "<script>",
    "</script>",
    "<img src=x onerror=",
    "{{ .Get 0 }}",
    "{{ range seq 3 }}",
    "{{ end }}",
    "{{ $x := ",
    "HAHAHUGOSHORTCODE-s0-HBHB",
    "tweet 1",
    "youtube x",
    "figure src=",
    "title: ",
    "date: 2020-01-01\n",
    "draft: true\n",
    "- ",
    "> ",
    "    ",
    "|a|\n|-|\n",
    "[^1]",
    "\\",
];

const TEMPLATE_SEEDS: &[&str] = &[
    "<a href=\"{{ .Get 0 }}\" title={{ .Get 0 }}>{{ .Inner }}</a>",
    "<script>var x = {{ .Get 0 }}; // {{ .Get 0 }}\nvar re = /{{ .Get 0 }}/;</script>",
    "{{ $s := .Get 0 }}{{ range seq 10 }}{{ $s = print $s $s }}{{ end }}{{ len $s }}",
    "<p style=\"color: {{ .Get 0 }}\" onclick=\"f('{{ .Get 0 }}')\">{{ .Get 0 | markdownify }}</p>",
    "{{ with .Get \"x\" }}{{ . | safeHTML }}{{ else }}{{ .Page.Title }}{{ end }}",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// A char boundary at or before `at`.
fn boundary(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn mutate(rng: &mut Rng, input: &str, seeds: &[String]) -> String {
    let mut s = input.to_string();
    for _ in 0..1 + rng.below(6) {
        let at = boundary(&s, rng.below(s.len() + 1));
        match rng.below(5) {
            0 | 1 => s.insert_str(at, TOKENS[rng.below(TOKENS.len())]),
            2 => {
                let end = boundary(&s, at + rng.below(16));
                s.replace_range(at..end, "");
            }
            3 => {
                let end = boundary(&s, at + rng.below(64));
                let piece = s[at..end].to_string();
                s.insert_str(end, &piece);
            }
            _ => {
                let other = &seeds[rng.below(seeds.len())];
                let from = boundary(other, rng.below(other.len() + 1));
                let to = boundary(other, from + rng.below(128));
                s.insert_str(at, &other[from..to]);
            }
        }
        if s.len() > 64 * 1024 {
            s.truncate(boundary(&s, 64 * 1024));
        }
    }
    s
}

fn seeds() -> Vec<String> {
    let corpus = include_str!("../tests/xss/payloads.txt");
    let body = corpus.split_once('\n').map_or("", |(_, rest)| rest);
    let mut seeds: Vec<String> = body.split("\n%%\n").map(str::to_string).collect();
    seeds.push(
        "---\ntitle: \"Hello\"\ndate: 2020-01-01\ntags: [a, b]\n---\n# Hi {#x}\n\nText with \
         **bold** and [a link](https://x.org).\n\n{{< tweet user=\"x\" id=\"1\" >}}\n\n\
         {{< details summary=\"s\" >}}inner *md*{{< /details >}}\n\n```go {hl_lines=[1]}\nx\n```\n"
            .to_string(),
    );
    seeds.push(
        "+++\ntitle = \"T\"\n[params]\nx = 1\n+++\n{{% tpl \"a\" %}}body{{% /tpl %}}\n".into(),
    );
    seeds.push("{\"title\": \"J\", \"summary\": \"s\"}\n{{< tpl x=\"1\" >}}\n".into());
    seeds
}

fn unsafe_untrusted(html: &str) -> Option<&'static str> {
    let lower = html.to_ascii_lowercase();
    if lower.contains("<script") {
        return Some("<script");
    }
    // Attribute names and values inside tags (quotes respected).
    let mut rest = lower.as_str();
    while let Some(open) = rest.find('<') {
        let tail = &rest[open + 1..];
        let close = tail.find('>').unwrap_or(tail.len());
        let tag = &tail.as_bytes()[..close];
        rest = &tail[close..];
        if !tag.first().is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let mut i = 0;
        let mut last_name: Vec<u8> = Vec::new();
        while i < tag.len() {
            match tag[i] {
                q @ (b'"' | b'\'') => {
                    let end = tag[i + 1..]
                        .iter()
                        .position(|&c| c == q)
                        .map_or(tag.len(), |e| i + 1 + e);
                    let value = String::from_utf8_lossy(&tag[i + 1..end.min(tag.len())]);
                    let url = matches!(
                        last_name.as_slice(),
                        b"href" | b"src" | b"action" | b"formaction" | b"data" | b"poster"
                    );
                    if url && value.trim_start().starts_with("javascript:") {
                        return Some("javascript: attribute");
                    }
                    i = end + 1;
                }
                b' ' | b'\t' | b'\n' | b'/' => {
                    let name: Vec<u8> = tag[i + 1..]
                        .iter()
                        .copied()
                        .take_while(|c| c.is_ascii_alphabetic() || *c == b'-')
                        .collect();
                    if (name.len() > 2 && name.starts_with(b"on")) || name == b"srcdoc" {
                        return Some("on…/srcdoc attribute");
                    }
                    i += 1 + name.len();
                    last_name = name;
                }
                _ => i += 1,
            }
        }
    }
    None
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seconds: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(60);
    let seed: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let target = args.get(3).map_or("all", String::as_str).to_string();
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let seeds = seeds();
    let mut trusted = Site::default();
    trusted.config.unsafe_html = true;
    trusted.config.enable_inline_shortcodes = true;
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut runs, mut failures) = (0u64, 0u64);
    let mut slowest = (Duration::ZERO, 0usize);
    std::panic::set_hook(Box::new(|_| {}));
    while Instant::now() < deadline {
        let base = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, base, &seeds);
        let template_seed = TEMPLATE_SEEDS[rng.below(TEMPLATE_SEEDS.len())];
        let template = mutate(&mut rng, template_seed, &seeds);
        let which = match target.as_str() {
            "all" => ["frontmatter", "shortcode", "template", "pipeline"][rng.below(4)],
            t => t,
        };
        let started = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| -> Result<(), String> {
            match which {
                "frontmatter" => {
                    let _ = folio_core::frontmatter::parse(&input);
                }
                "shortcode" => {
                    let _ = folio_core::shortcode::parse(&input, 0);
                }
                "template" | "pipeline" => {
                    let mut site = trusted.clone();
                    site.add_shortcode("tpl", &template);
                    let post = format!("{input}\n{{{{< tpl \"a<b\" x=\"{}\" >}}}}\n", input.len());
                    let first = render_with(&post, &site, Trust::Site);
                    let again = render_with(&post, &site, Trust::Site);
                    if first != again {
                        return Err("rendering is not deterministic".into());
                    }
                    let untrusted = render_with(&post, &site, Trust::Untrusted);
                    for html in [untrusted.content(), untrusted.summary.clone()] {
                        if let Some(what) = unsafe_untrusted(&html) {
                            return Err(format!("untrusted output has {what}: {html}"));
                        }
                    }
                }
                other => return Err(format!("unknown target {other}")),
            }
            Ok(())
        }));
        let took = started.elapsed();
        if took > slowest.0 {
            slowest = (took, input.len());
        }
        runs += 1;
        let problem = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(problem)) => Some(problem),
            Err(panic) => Some(format!(
                "panic: {}",
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default()
            )),
        };
        if let Some(problem) = problem {
            failures += 1;
            let file = format!("target/mutate-failure-{seed}-{failures}.md");
            let _ = std::fs::write(&file, format!("{input}\n%% template:\n{template}\n"));
            eprintln!("[{which}] {problem}\n  input saved to {file}");
            if failures >= 20 {
                break;
            }
        }
    }
    println!(
        "mutate: seed {seed}, target {target}: {runs} inputs in {seconds}s, {failures} failures; slowest {:?} ({} bytes)",
        slowest.0, slowest.1
    );
    if failures > 0 {
        std::process::exit(1);
    }
}
