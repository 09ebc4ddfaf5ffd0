//! Folio's own front matter readers against the full parsers (the `toml`
//! and `yaml-rust2` path), the differential oracle: for random front matter
//! (random values written as TOML or YAML in various styles, then randomly
//! mutated) the readers never panic, and whenever they accept a text their
//! value, and each root value's span they place, equals the full path's.
//! The corpus posts, the seed post and the corpus site's config are all
//! accepted, with identical values.
//!
//! Cases: 256 per property by default; `PROPTEST_CASES=10000 cargo test -p
//! folio-core --test frontmatter` for a longer run.

#![cfg(not(target_arch = "wasm32"))]
#![cfg(feature = "full-frontmatter")]

use folio_core::frontmatter::{readers, Format};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestCaseError;
use serde_json::Value;

mod common;

/// Checks the readers' contract on one text: no panic; when the own
/// reader accepts, the full parser accepts too with the same object, and
/// every span the own reader places is the full path's. Returns whether the
/// own reader accepted.
fn check(format: Format, text: &str) -> Result<bool, String> {
    let Some((own, spans)) = readers::own(format, text) else {
        return Ok(false);
    };
    match readers::full(format, text) {
        Ok(full) if full == own => {}
        Ok(full) => {
            return Err(format!(
                "{format} {text:?}\n own:  {}\n full: {}",
                Value::Object(own),
                Value::Object(full)
            ))
        }
        Err(e) => {
            return Err(format!(
                "{format} {text:?}: own reader accepted {}, full parser: {e}",
                Value::Object(own)
            ))
        }
    }
    for (key, span) in spans {
        let full = readers::full_span(format, text, &key);
        if full != Some(span) {
            return Err(format!(
                "{format} {text:?}: span of {key:?}: own {:?} {:?}, full {:?}",
                span,
                text.get(span.0..span.1),
                full.and_then(|(a, b)| text.get(a..b))
            ));
        }
    }
    Ok(true)
}

fn accepted(format: Format, text: &str) -> bool {
    match check(format, text) {
        Ok(accepted) => accepted,
        Err(e) => panic!("{e}"),
    }
}

/// Each text is read by the own reader, with the full parser's value.
fn assert_all_read(format: Format, texts: &[&str]) {
    for &text in texts {
        assert!(
            accepted(format, text),
            "not read: {text:?} (full: {:?})",
            readers::full(format, text)
        );
    }
}

/// No text is read by the own reader: each is left to the full parser.
fn assert_all_left(format: Format, texts: &[&str]) {
    for &text in texts {
        assert!(!accepted(format, text), "read, should be left: {text:?}");
    }
}

// ------------------------------------------------------------ corpus

/// The front matter block of a post: (format, text between the delimiters).
fn block(src: &str) -> Option<(Format, &str)> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    for (delimiter, format) in [("+++", Format::Toml), ("---", Format::Yaml)] {
        if let Some(rest) = src.strip_prefix(delimiter) {
            let rest = rest
                .trim_start_matches([' ', '\t', '\r'])
                .strip_prefix('\n')?;
            let mut at = 0;
            for line in rest.split_inclusive('\n') {
                if line.trim_end() == delimiter {
                    return Some((format, &rest[..at]));
                }
                at += line.len();
            }
        }
    }
    None
}

#[test]
fn corpus_seed_and_site_config_are_read_by_the_own_readers_identically() {
    let Some(shared) = common::shared() else {
        return;
    };
    let mut paths = Vec::new();
    common::files(&shared.join("corpus/posts"), &mut paths);
    common::files(&shared.join("seed"), &mut paths);
    let mut read = 0;
    for path in &paths {
        let Ok(src) = std::fs::read_to_string(path) else {
            continue;
        };
        let Some((format, text)) = block(&src) else {
            continue;
        };
        assert!(
            accepted(format, text),
            "{}: the own reader does not read its front matter",
            path.display()
        );
        read += 1;
    }
    assert!(read >= 45, "only {read} front matter blocks found");
    let config = std::fs::read_to_string(shared.join("corpus/site/hugo.toml")).expect("hugo.toml");
    assert!(
        accepted(Format::Toml, &config),
        "the corpus site's hugo.toml"
    );
}

// ------------------------------------------------------------ constructs

#[test]
fn toml_constructs_are_read_as_the_full_parser_reads_them() {
    assert_all_read(Format::Toml, &[
        "title = \"Hello\"\nTags = [\"a\", 'b',]\n",
        "# comment\n\n  a = 1 # trailing\nb = -0\nc = +17\nd = 1_000\ne = 0xDEAD_beef\nf = 0o755\ng = 0b1101\n",
        "f1 = 1.5\nf2 = -0.0\nf3 = 5e+22\nf4 = 6.626e-34\nf5 = 9_224_617.445_991\nf6 = 1E3\n",
        "t = true\nf = false\n",
        "s = \"tab\\t quote\\\" back\\\\ u\\u00e9 U\\U0001F600 \\b\\f\\r\\n\"\nl = 'C:\\path\\n'\n",
        "m = \"\"\"\nline 1\n  line 2\\\n     joined \"quoted\" \"\"\"\"\"\nn = '''\nraw \\n ''text'' '''\n",
        "t1 = 07:32:00\nt2 = 00:32:00.999900\nd1 = 1979-05-27T07:32:00Z\nd2 = 1979-05-27T00:32:00.999999-07:00\nd3 = 1979-05-27 07:32:00\nd4 = 1979-05-27\nd5 = 2020-02-29t10:00:00.500+05:30\nd6 = 1979-05-27T07:32:00.000z\n",
        "\"quoted key\" = 1\n'lit.key' = 2\na.b.c = 3\na.b.d = 4\n a . e = 5\n\"\" = 6\n",
        "inline = { x = 1, y.z = \"w\", Q = [1, {r = 2}] }\nempty = {}\narr = [\n  1, # one\n  2,\n\n]\nnested = [[1, 2], [\"a\"]]\n",
        "top = 1\n[params]\nKey = \"v\"\n[params.deep.er]\nx = 1\n[[menu.main]]\nname = \"a\"\n[[menu.main]]\nname = \"b\"\n[menu.main.sub]\nq = 1\n",
        "[a]\nx = 1\n[b]\n[a.c]\ny = 2\n",
        "a = 1\r\nb = \"x\"\r\n[t]\r\nc = [1,\r\n 2]\r\n",
        "",
        "\n# only a comment\n",
    ]);
}

#[test]
fn toml_outside_the_subset_is_left_to_the_full_parser() {
    assert_all_left(
        Format::Toml,
        &[
            "a = 1\na = 2\n",
            "A = 1\na = 2\n",
            "[a.b]\nx = 1\n[a]\ny = 2\n",
            "[a]\n[a]\n",
            "a = inf\n",
            "a = nan\n",
            "a = 9223372036854775808\n",
            "a = 1e400\n",
            "a = 07:32\n",
            "a = 1979-05-27T07:32Z\n",
            "a = 1979-05-27T07:32:00-00:00\n",
            "a = 1979-02-30\n",
            "a = { b = 1, }\n",
            "a = { b = 1,\n c = 2 }\n",
            "a = \"\\e\"\n",
            "a = \"\\x41\"\n",
            "a = 01\n",
            "a = 1__0\n",
            "a = \"unterminated\n",
            "a.b = 1\n[a.c]\n",
            "x = [\n",
            "ключ = 1\n",
            "a = \"\"\"\r\nx\r\n\"\"\"\n",
            "a = 1 b = 2\n",
        ],
    );
}

#[test]
fn yaml_constructs_are_read_as_the_full_parser_reads_them() {
    assert_all_read(Format::Yaml, &[
        "title: Hello\ntags:\n  - a\n  - b\ncategories:\n- x\n- y\nempty: []\n",
        "# c\nA: 1\nb: -2\nc: +3\nd: 0x1F\ne: 0o17\nf: 1.5\ng: 1e3\nh: .5\ni: .inf\nj: -.Inf\nk: .nan\nl: 1_000\n",
        "t: true\nf: False\ny: yes\nn: No\nflag: ON\nflag2: off\nq: 'yes'\nnull1: ~\nnull2: null\nnull3:\nlast: x\n",
        "url: https://example.com/a#b\ntime: 12:30\ndate: 2020-12-30T09:00:00-06:00\nhash: a#b\ncolon: a:b\nsp: a  b  \n",
        "dq: \"tab\\t nl\\n quote\\\" slash\\/ x\\x41 u\\u00e9 U\\U0001F600 sp\\ \"\nsq: 'it''s # not a comment'\n",
        "nested:\n  deep:\n    deeper: 1\n    list:\n    - a\n    - b: 1\n      c: 2\n  back: 2\nafter: 3\n",
        "items:\n  - name: a\n    value: 1\n  - name: b\n  -\n    name: c\n  - - x\n    - y\n",
        "flow: [a, 'b', \"c\", 1, 2.5, true, ~, [x], {k: v}]\nmap: {a: 1, b: [2, 3], \"c d\": e}\nmulti: [\n  a,\n  b,\n  ]\n",
        "m2: {\n  a: 1,\n  b: [x,\n   y]\n  }\nm3: [\n a, # c\n\n b]\n",
        "lit: |\n  line 1\n   indented\n\n  line 3\nkeep: |+\n  k\n\nstrip: |-\n  s\n\nfold: >\n  a\n  b\n\n  c\nfolds: >-\n  x\n  y\nz: 1\n",
        "plain: this is\n  continued here\n\n  and a new line\nnext: 1\n",
        "Key With Space: v\n\"quoted\": 1\n'single': 2\n1: one\n1.5: x\ntrue: t\n~: n\n",
        "a: 1\r\nb:\r\n  - x\r\nc: |\r\n  l1\r\n  l2\r\n",
        "  indented: 1\n  root: 2\n",
        "",
        "# only a comment\n\n",
        "k: v # comment\nl: [a, b] # c\nm: 'q' # c\n",
    ]);
}

#[test]
fn yaml_outside_the_subset_is_left_to_the_full_parser() {
    assert_all_left(
        Format::Yaml,
        &[
            "a: &x 1\nb: *x\n",
            "a: !!str 5\n",
            "? complex\n: key\n",
            "%YAML 1.2\n---\na: 1\n",
            "a: 1\n---\nb: 2\n",
            "a: 1\n...\n",
            "a:\tb\n",
            "a: \"multi\n  line\"\n",
            "a: 'multi\n  line'\n",
            "a: >\n  x\n    more indented\n  y\n",
            "a: |2\n   x\n",
            "a: 1\na: 2\n",
            "A: 1\na: 2\n",
            "- a\n- b\n",
            "just a scalar\n",
            "~\n",
            "a: b: c\n",
            "a: - b\n",
            "a: [b, c\n",
            "a: [b,, c]\n",
            "a: [\n  b\n]\nc: 1\n",
            "a:\n    b: {c: 1,\n}\n",
            "a: {b}\n",
            "a:\n  b: 1\n c: 2\n",
            "a: x\n  # comment\n  more\n",
            "a: \"\\N\"\n",
            "a: @x\n",
            "a: \"x\"y\n",
            "a: \u{85}\n",
        ],
    );
}

// ------------------------------------------------------------ properties

/// A random front matter value.
#[derive(Clone, Debug)]
enum V {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(String),
    List(Vec<V>),
    Map(Vec<(String, V)>),
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z][a-zA-Z0-9_]{0,7}",
        1 => "[A-Za-z0-9 _.:#'\"-]{1,8}",
        1 => prop::sample::select(vec!["title", "Date", "tags", "1", "true", "y", "null", "x.y", "é", "a b"]).prop_map(str::to_owned),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z0-9 ,.-]{0,16}",
        2 => "[a-zA-Z0-9 :#'\"\\\\/{}\\[\\],&*!|>%@`?~é✓\t\n-]{0,12}",
        1 => prop::sample::select(vec![
            "yes", "No", "on", "~", "null", "true", "1.5", "0x1F", "+5", "1e3", ".inf", "- a",
            "a: b", "# c", "2020-01-02", "", " lead", "trail ", "it's", "\"q\"", "007", "1_000",
        ]).prop_map(str::to_owned),
    ]
}

fn date() -> impl Strategy<Value = String> {
    (
        1900u32..2100,
        1u32..13,
        1u32..29,
        prop::option::of((0u32..24, 0u32..60, 0u32..60, prop::option::of("[0-9]{1,9}"))),
        prop::sample::select(vec!["", "Z", "z", "+02:00", "-07:30", "+00:00"]),
        prop::sample::select(vec!["T", "t", " "]),
    )
        .prop_map(|(y, m, d, time, zone, sep)| {
            let mut s = format!("{y:04}-{m:02}-{d:02}");
            if let Some((h, mi, se, frac)) = time {
                s.push_str(&format!("{sep}{h:02}:{mi:02}:{se:02}"));
                if let Some(frac) = frac {
                    s.push('.');
                    s.push_str(&frac);
                }
                s.push_str(zone);
            }
            s
        })
}

fn value() -> impl Strategy<Value = V> {
    let leaf = prop_oneof![
        4 => text().prop_map(V::Str),
        2 => prop_oneof![any::<i64>(), -1000i64..1000].prop_map(V::Int),
        1 => prop_oneof![-1.0e6f64..1.0e6, any::<f64>()].prop_map(V::Float),
        1 => any::<bool>().prop_map(V::Bool),
        1 => date().prop_map(V::Date),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(V::List),
            prop::collection::vec((key(), inner), 0..5).prop_map(V::Map),
        ]
    })
}

fn document() -> impl Strategy<Value = Vec<(String, V)>> {
    prop::collection::vec((key(), value()), 0..8)
}

/// Writing styles, chosen per document by a seed's bits.
struct Style(u64);

impl Style {
    fn pick(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

// --- TOML

fn toml_key(k: &str) -> String {
    if !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        k.to_owned()
    } else {
        toml_basic(k)
    }
}

fn toml_basic(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            'é' => out.push_str("\\u00e9"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_value(v: &V, style: &mut Style) -> String {
    match v {
        V::Str(s) => match style.pick(4) {
            1 if !s.contains(['\'', '\n']) => format!("'{s}'"),
            2 if !s.contains("\"\"") && !s.ends_with(['"', '\\']) => {
                format!("\"\"\"\n{}\"\"\"", s.replace('\\', "\\\\"))
            }
            3 if !s.contains("'''") && !s.ends_with('\'') => format!("'''{s}'''"),
            _ => toml_basic(s),
        },
        V::Int(i) => match style.pick(3) {
            1 if *i >= 0 => format!("0x{i:x}"),
            2 if i.abs() >= 1000 => {
                let digits = i.unsigned_abs().to_string();
                let mut out = String::new();
                for (n, c) in digits.chars().enumerate() {
                    if n > 0 && (digits.len() - n) % 3 == 0 {
                        out.push('_');
                    }
                    out.push(c);
                }
                if *i < 0 {
                    format!("-{out}")
                } else {
                    out
                }
            }
            _ => i.to_string(),
        },
        V::Float(f) => format!("{f:?}"),
        V::Bool(b) => b.to_string(),
        V::Date(d) => {
            if style.pick(2) == 0 {
                d.clone()
            } else {
                toml_basic(d)
            }
        }
        V::List(items) => {
            let sep = if style.pick(2) == 0 { ", " } else { ",\n  " };
            let items: Vec<String> = items.iter().map(|v| toml_value(v, style)).collect();
            let trailing = if style.pick(2) == 0 { "" } else { "," };
            format!("[{}{trailing}]", items.join(sep))
        }
        V::Map(entries) => {
            let items: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{} = {}", toml_key(k), toml_value(v, style)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
    }
}

fn toml_table(path: &str, entries: &[(String, V)], style: &mut Style, out: &mut String) {
    let mut later = Vec::new();
    for (k, v) in entries {
        match v {
            V::Map(inner) if style.pick(2) == 0 => later.push((k, inner)),
            _ => {
                let comment = if style.pick(5) == 0 { " # note" } else { "" };
                out.push_str(&format!(
                    "{} = {}{comment}\n",
                    toml_key(k),
                    toml_value(v, style)
                ));
            }
        }
    }
    for (k, inner) in later {
        let path = if path.is_empty() {
            toml_key(k)
        } else {
            format!("{path}.{}", toml_key(k))
        };
        out.push_str(&format!("\n[{path}]\n"));
        toml_table(&path, inner, style, out);
    }
}

// --- YAML

/// Text written plain: what real front matter writes plain (the other
/// characters go quoted, and the mutations bring in the rest).
fn yaml_plain_ok(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(['-', ' ', '.'])
        && !s.ends_with(' ')
        && s.chars()
            .all(|c| c.is_alphanumeric() || " ._-/✓".contains(c))
}

fn yaml_double(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn yaml_scalar(s: &str, style: &mut Style) -> String {
    match style.pick(3) {
        0 if yaml_plain_ok(s) => s.to_owned(),
        1 if !s.contains(['\n', '\t']) => format!("'{}'", s.replace('\'', "''")),
        _ => yaml_double(s),
    }
}

fn yaml_leaf(v: &V, style: &mut Style) -> String {
    match v {
        V::Str(s) => yaml_scalar(s, style),
        V::Int(i) => i.to_string(),
        V::Float(f) => format!("{f:?}"),
        V::Bool(b) => b.to_string(),
        V::Date(d) => d.clone(),
        V::List(items) => {
            let items: Vec<String> = items.iter().map(|v| yaml_leaf(v, style)).collect();
            let trailing = if style.pick(3) == 0 { "," } else { "" };
            format!("[{}{trailing}]", items.join(", "))
        }
        V::Map(entries) => {
            let items: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{}: {}", yaml_scalar(k, style), yaml_leaf(v, style)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
    }
}

fn yaml_block(entries: &[(String, V)], indent: usize, style: &mut Style, out: &mut String) {
    let pad = " ".repeat(indent);
    for (k, v) in entries {
        let key = yaml_scalar(k, style);
        match v {
            V::Map(inner) if !inner.is_empty() && style.pick(2) == 0 => {
                out.push_str(&format!("{pad}{key}:\n"));
                yaml_block(inner, indent + 2 + 2 * style.pick(2) as usize, style, out);
            }
            V::List(items) if !items.is_empty() && style.pick(2) == 0 => {
                out.push_str(&format!("{pad}{key}:\n"));
                let item_indent = indent + 2 * style.pick(2) as usize;
                yaml_list(items, item_indent, style, out);
            }
            V::Str(s) if s.contains('\n') && !s.starts_with([' ', '\n']) && style.pick(2) == 0 => {
                // A block scalar: literal, or folded (which reads the line
                // breaks differently: the oracle says how).
                let chomp = ["", "-", "+"][style.pick(3) as usize];
                let kind = if style.pick(2) == 0 { "|" } else { ">" };
                out.push_str(&format!("{pad}{key}: {kind}{chomp}\n"));
                for line in s.split('\n') {
                    if line.is_empty() {
                        out.push('\n');
                    } else {
                        out.push_str(&format!("{pad}  {line}\n"));
                    }
                }
            }
            V::Str(s) if yaml_plain_ok(s) && s.contains(' ') && style.pick(2) == 0 => {
                // A plain scalar over several lines.
                let words: Vec<&str> = s.split(' ').filter(|w| !w.is_empty()).collect();
                out.push_str(&format!("{pad}{key}:"));
                for (n, word) in words.iter().enumerate() {
                    if n > 0 && style.pick(2) == 0 {
                        let blank = if style.pick(4) == 0 { "\n" } else { "" };
                        out.push_str(&format!("\n{blank}{pad}  {word}"));
                    } else {
                        out.push_str(&format!(" {word}"));
                    }
                }
                out.push('\n');
            }
            _ => {
                let comment = if style.pick(5) == 0 { " # note" } else { "" };
                out.push_str(&format!("{pad}{key}: {}{comment}\n", yaml_leaf(v, style)));
            }
        }
    }
}

fn yaml_list(items: &[V], indent: usize, style: &mut Style, out: &mut String) {
    let pad = " ".repeat(indent);
    for item in items {
        match item {
            V::Map(inner) if !inner.is_empty() && style.pick(2) == 0 => {
                // `- k: v` with the rest of the mapping aligned after `- `.
                let mut block = String::new();
                yaml_block(inner, indent + 2, style, &mut block);
                out.push_str(&format!("{pad}- {}", &block[indent + 2..]));
            }
            _ => out.push_str(&format!("{pad}- {}\n", yaml_leaf(item, style))),
        }
    }
}

/// Random edits: a character that matters to TOML or YAML inserted, a
/// range deleted, a line doubled, an indentation changed.
fn mutate(text: &str, edits: &[(u8, usize, usize)]) -> String {
    const INSERTS: &[&str] = &[
        " ", "\n", "  ", "-", ":", "#", "\"", "'", "[", "]", "{", "}", ",", "=", ".", "\\", "|",
        ">", "&a ", "*a", "!", "?", "\t", "\r\n", "é", "0x", "_", "+", "e", "Z", "---\n", "[[",
        "]]",
    ];
    let mut s = text.to_owned();
    for &(kind, at, len) in edits {
        if s.is_empty() {
            s.push_str(INSERTS[at % INSERTS.len()]);
            continue;
        }
        let mut at = at % (s.len() + 1);
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        match kind % 4 {
            0 => s.insert_str(at, INSERTS[len % INSERTS.len()]),
            1 => {
                let mut end = (at + len % 6).min(s.len());
                while !s.is_char_boundary(end) {
                    end -= 1;
                }
                s.replace_range(at..end, "");
            }
            2 => {
                let start = s[..at].rfind('\n').map_or(0, |n| n + 1);
                let end = s[at..].find('\n').map_or(s.len(), |n| at + n + 1);
                let line = s[start..end].to_owned();
                s.insert_str(end, &line);
            }
            _ => {
                let start = s[..at].rfind('\n').map_or(0, |n| n + 1);
                if len % 2 == 0 {
                    s.insert(start, ' ');
                } else if s[start..].starts_with(' ') {
                    s.remove(start);
                }
            }
        }
    }
    s
}

fn run(format: Format, text: &str) -> Result<bool, TestCaseError> {
    check(format, text).map_err(TestCaseError::fail)
}

proptest! {
    #![proptest_config(common::proptest_config("frontmatter"))]

    #[test]
    fn toml_reader_agrees_with_the_toml_crate(
        doc in document(),
        seed in any::<u64>(),
        edits in prop::collection::vec((any::<u8>(), any::<usize>(), any::<usize>()), 0..4),
    ) {
        let mut style = Style(seed);
        let mut text = String::new();
        toml_table("", &doc, &mut style, &mut text);
        if style.pick(4) == 0 {
            text = text.replace('\n', "\r\n");
        }
        run(Format::Toml, &text)?;
        run(Format::Toml, &mutate(&text, &edits))?;
    }

    #[test]
    fn yaml_reader_agrees_with_yaml_rust2(
        doc in document(),
        seed in any::<u64>(),
        edits in prop::collection::vec((any::<u8>(), any::<usize>(), any::<usize>()), 0..4),
    ) {
        let mut style = Style(seed);
        let mut text = String::new();
        yaml_block(&doc, 0, &mut style, &mut text);
        if style.pick(4) == 0 {
            text = text.replace('\n', "\r\n");
        }
        run(Format::Yaml, &text)?;
        run(Format::Yaml, &mutate(&text, &edits))?;
    }

    #[test]
    fn readers_never_panic_on_garbage(text in "[a-z0-9 :=#\"'\\[\\]{},.\\\\|>&*!?\t\r\n-]{0,60}") {
        run(Format::Toml, &text)?;
        run(Format::Yaml, &text)?;
    }
}

/// Most generated front matter is in the readers' subset: the readers are
/// not so cautious that the app sends ordinary posts to the worker.
#[test]
fn most_generated_front_matter_is_read() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut toml_read, mut yaml_read, mut total) = (0, 0, 0);
    for seed in 0..300u64 {
        let doc = document()
            .new_tree(&mut runner)
            .expect("a document")
            .current();
        // Plain styles: basic strings, decimal numbers, no mutation.
        let mut text = String::new();
        toml_table("", &doc, &mut Style(seed), &mut text);
        toml_read += usize::from(accepted(Format::Toml, &text));
        let mut text = String::new();
        yaml_block(&doc, 0, &mut Style(seed), &mut text);
        let ok = accepted(Format::Yaml, &text);
        if !ok && std::env::var("SHOW").is_ok() && readers::full(Format::Yaml, &text).is_ok() {
            eprintln!("UNREAD {text:?}");
        }
        yaml_read += usize::from(ok);
        total += 1;
    }
    assert!(
        toml_read * 10 >= total * 6,
        "TOML: {toml_read} of {total} read"
    );
    assert!(
        yaml_read * 10 >= total * 6,
        "YAML: {yaml_read} of {total} read"
    );
}
