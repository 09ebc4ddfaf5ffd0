use super::*;
use crate::diagnostics::{LineIndex, Position};

fn ok(src: &str) -> Document<'_> {
    match parse(src) {
        Ok(document) => document,
        Err(error) => panic!("{src:?} should parse, got {error:?}"),
    }
}

fn err(src: &str) -> Diagnostic {
    match parse(src) {
        Ok(document) => panic!("{src:?} should fail, got {document:?}"),
        Err(error) => error,
    }
}

fn date(s: &str) -> Option<Date> {
    Date::parse(s)
}

/// The error's message, 1-based line:column and the text its span covers;
/// for a value Hugo reads leniently, the same of the first warning, its
/// message without the "; fallback, as Hugo does" ending.
fn located(src: &str) -> (String, Position, &str) {
    let error = match parse(src) {
        Err(error) => error,
        Ok(document) => {
            let warning = document.warnings.first().cloned();
            let mut warning = warning.unwrap_or_else(|| panic!("{src:?}: no warning"));
            assert!(!warning.is_error());
            let end = warning.message.rfind("; ").expect("a fallback");
            assert!(warning.message.ends_with(", as Hugo does"));
            warning.message.truncate(end);
            warning
        }
    };
    let position = LineIndex::new(src).position(error.span.start);
    (
        error.message,
        position,
        &src[error.span.start..error.span.end],
    )
}

#[test]
fn values_hugo_builds_with_are_warnings_with_hugos_fallback() {
    for (src, weight, draft) in [
        ("---\nweight: ''\n---\n", 0, false),
        ("{\"weight\": \"\"}\n", 0, false),
        ("+++\nweight = \"heavy\"\n+++\n", 0, false),
        ("---\ndraft: maybe\n---\n", 0, false),
        ("---\ndate: Mar 4, 2021\ntags: {a: 1}\n---\n", 0, false),
    ] {
        let doc = ok(src);
        assert_eq!(
            (doc.front_matter.weight, doc.front_matter.draft),
            (weight, draft)
        );
        assert!(!doc.warnings.is_empty(), "{src:?}");
        assert!(doc.warnings.iter().all(|w| !w.is_error()), "{src:?}");
    }
    assert_eq!(ok("---\ndate: Mar 4, 2021\n---\n").front_matter.date, None);
}

fn pos(line: usize, column: usize) -> Position {
    Position { line, column }
}

#[test]
fn toml_between_plus_lines() {
    let src = "+++\ntitle = \"Hello\"\ntags = [\"a\", \"b\"]\n+++\nBody\n";
    let doc = ok(src);
    assert_eq!(doc.format, Some(Format::Toml));
    assert_eq!(doc.front_matter.title.as_deref(), Some("Hello"));
    assert_eq!(doc.front_matter.tags, ["a", "b"]);
    assert_eq!(doc.body, "Body\n");
    assert_eq!(doc.body_offset, src.len() - "Body\n".len());
}

#[test]
fn yaml_between_dash_lines() {
    let src = "---\ntitle: Hello\ncategories:\n  - x\n---\n\nBody";
    let doc = ok(src);
    assert_eq!(doc.format, Some(Format::Yaml));
    assert_eq!(doc.front_matter.title.as_deref(), Some("Hello"));
    assert_eq!(doc.front_matter.categories, ["x"]);
    assert_eq!(doc.body, "\nBody");
}

#[test]
fn json_object_with_braces_in_strings() {
    let src = "{\n  \"title\": \"a } and { and \\\" quote }\",\n  \"nested\": {\"x\": [1, 2]}\n}\nBody {not json}\n";
    let doc = ok(src);
    assert_eq!(doc.format, Some(Format::Json));
    assert_eq!(
        doc.front_matter.title.as_deref(),
        Some("a } and { and \" quote }")
    );
    assert_eq!(doc.front_matter.params["nested"]["x"][1], 2);
    assert_eq!(doc.body, "Body {not json}\n");
    // Text on the closing line stays in the body.
    assert_eq!(ok("{\"title\": \"t\"} tail\n").body, " tail\n");
    assert_eq!(ok("{\"title\": \"t\"}  \r\nx").body, "x");
}

#[test]
fn bom_and_leading_blank_lines_are_skipped() {
    let src = "\u{feff}\n  \n\t\n+++\ntitle = \"t\"\n+++\nBody";
    let doc = ok(src);
    assert_eq!(doc.front_matter.title.as_deref(), Some("t"));
    assert_eq!(doc.body, "Body");
    assert_eq!(&src[doc.body_offset..], "Body");
    let doc = ok("\u{feff}---\ntitle: w\n---\nB");
    assert_eq!(doc.front_matter.title.as_deref(), Some("w"));
    assert_eq!(doc.body, "B");
}

#[test]
fn crlf_line_endings_work() {
    let doc = ok("+++\r\ntitle = \"t\"\r\n+++\r\nLine 1\r\nLine 2\r\n");
    assert_eq!(doc.front_matter.title.as_deref(), Some("t"));
    assert_eq!(doc.body, "Line 1\r\nLine 2\r\n");
    let doc = ok("\r\n---\r\ntitle: w\r\ntags:\r\n  - a\r\n---\r\nB\r\n");
    assert_eq!(doc.front_matter.title.as_deref(), Some("w"));
    assert_eq!(doc.front_matter.tags, ["a"]);
    assert_eq!(doc.body, "B\r\n");
    let doc = ok("{\r\n\"title\": \"j\"\r\n}\r\nB");
    assert_eq!(doc.front_matter.title.as_deref(), Some("j"));
    assert_eq!(doc.body, "B");
}

#[test]
fn empty_blocks_are_valid() {
    for (src, format) in [
        ("+++\n+++\nB", Format::Toml),
        ("---\n---\nB", Format::Yaml),
        ("{}\nB", Format::Json),
        ("+++\n\n+++\nB", Format::Toml),
        ("---\n# only a comment\n---\nB", Format::Yaml),
    ] {
        let doc = ok(src);
        assert_eq!(doc.format, Some(format));
        assert_eq!(doc.front_matter, FrontMatter::default());
        assert_eq!(doc.body, "B");
    }
    // A closing delimiter at the very end, without a newline.
    assert_eq!(ok("+++\ntitle = \"t\"\n+++").body, "");
}

#[test]
fn delimiters_may_have_trailing_blanks() {
    let doc = ok("+++ \t\ntitle = \"t\"\n+++  \nB");
    assert_eq!(doc.front_matter.title.as_deref(), Some("t"));
    assert_eq!(doc.body, "B");
    let doc = ok("---\t\ntitle: w\n--- \nB");
    assert_eq!(doc.front_matter.title.as_deref(), Some("w"));
    assert_eq!(doc.body, "B");
}

#[test]
fn no_front_matter_means_whole_text_is_body() {
    for src in [
        "Just text\n",
        "",
        "\n\n# Title\n",
        "++++\nx\n",
        "--- x\n",
        "{{< figure src=\"a.png\" >}}\n",
    ] {
        let doc = ok(src);
        assert_eq!(doc.format, None);
        assert_eq!(doc.front_matter, FrontMatter::default());
        assert_eq!(doc.body, src);
        assert_eq!(doc.body_offset, 0);
    }
    let doc = ok("\u{feff}Text");
    assert_eq!((doc.body, doc.body_offset), ("Text", 3));
}

#[test]
fn missing_closing_delimiter_points_at_opening() {
    let (message, position, text) = located("\n+++\ntitle = \"t\"\n");
    assert_eq!(message, "front matter (TOML): no closing `+++` line");
    assert_eq!((position, text), (pos(2, 1), "+++"));
    let (message, position, text) = located("---\ntitle: t\n--\n");
    assert_eq!(message, "front matter (YAML): no closing `---` line");
    assert_eq!((position, text), (pos(1, 1), "---"));
    let (message, position, text) = located("{\"title\": \"}\n");
    assert_eq!(
        message,
        "front matter (JSON): no closing `}` for the opening `{`"
    );
    assert_eq!((position, text), (pos(1, 1), "{"));
    assert_eq!(
        err("+++").message,
        "front matter (TOML): no closing `+++` line"
    );
}

#[test]
fn keys_are_case_insensitive_and_params_lower_cased() {
    let doc = ok("+++\nTitle = \"T\"\npublishdate = 2020-01-02\nexpirydate = 2030-01-02\nlastMod = 2021-01-02\nDRAFT = true\n[Author]\nName = \"N\"\n[[Links]]\nHref = \"h\"\n+++\n");
    let fm = &doc.front_matter;
    assert_eq!(fm.title.as_deref(), Some("T"));
    assert_eq!(fm.publish_date, date("2020-01-02"));
    assert_eq!(fm.expiry_date, date("2030-01-02"));
    assert_eq!(fm.lastmod, date("2021-01-02"));
    assert!(fm.draft);
    assert_eq!(
        Value::Object(fm.params.clone()).to_string(),
        r#"{"title":"T","publishdate":"2020-01-02","expirydate":"2030-01-02","lastmod":"2021-01-02","draft":true,"author":{"name":"N"},"links":[{"href":"h"}]}"#
    );
    let doc = ok("---\npublishDate: 2020-01-02\nParams:\n  Deep: {Er: 1}\n---\n");
    assert_eq!(doc.front_matter.publish_date, date("2020-01-02"));
    assert_eq!(doc.front_matter.params["params"]["deep"]["er"], 1);
    let doc = ok("{\"ExpiryDate\": \"2030-01-02\", \"X\": [{\"Y\": 1}]}");
    assert_eq!(doc.front_matter.expiry_date, date("2030-01-02"));
    assert_eq!(doc.front_matter.params["x"][0]["y"], 1);
}

#[test]
fn lists_accept_a_single_string() {
    let doc = ok("---\ntags: one\ncategories: [a, b]\nkeywords: 42\naliases: /old/\nimages: [i.png]\nbigimg: big.png\n---\n");
    let fm = &doc.front_matter;
    assert_eq!(fm.tags, ["one"]);
    assert_eq!(fm.categories, ["a", "b"]);
    assert_eq!(fm.keywords, ["42"]);
    assert_eq!(fm.aliases, ["/old/"]);
    assert_eq!(fm.images, ["i.png", "big.png"]);
    let doc = ok("+++\nimages = \"one.png\"\nbigimg = [{src = \"x\"}]\n+++\n");
    assert_eq!(doc.front_matter.images, ["one.png"]);
    let (message, position, text) = located("---\ntitle: t\ntags: {a: 1}\n---\n");
    assert_eq!(
        message,
        "front matter (YAML): `tags`: expected a list of text, found a table"
    );
    assert_eq!((position, text), (pos(3, 7), "{a: 1}"));
}

#[test]
fn weight_accepts_numbers_and_numeric_strings() {
    assert_eq!(ok("+++\nweight = 40\n+++\n").front_matter.weight, 40);
    assert_eq!(ok("---\nweight: \"40\"\n---\n").front_matter.weight, 40);
    assert_eq!(ok("{\"weight\": -3}").front_matter.weight, -3);
    assert_eq!(ok("---\nweight: 2.0\n---\n").front_matter.weight, 2);
    assert_eq!(ok("---\ntitle: x\n---\n").front_matter.weight, 0);
    let (message, position, text) = located("+++\ntitle = \"x\"\nweight = \"heavy\"\n+++\n");
    assert_eq!(
        message,
        "front matter (TOML): `weight`: expected a whole number, found \"heavy\""
    );
    assert_eq!((position, text), (pos(3, 10), "\"heavy\""));
    let (_, position, text) = located("---\nWeight: heavy\n---\n");
    assert_eq!((position, text), (pos(2, 9), "heavy"));
    let (_, position, text) = located("{\"title\": \"x\",\n \"weight\": \"heavy\"}\n");
    assert_eq!((position, text), (pos(2, 12), "\"heavy\""));
}

#[test]
fn draft_accepts_bools_and_bool_strings() {
    assert!(ok("+++\ndraft = true\n+++\n").front_matter.draft);
    assert!(ok("---\ndraft: \"true\"\n---\n").front_matter.draft);
    assert!(!ok("---\ndraft: \"false\"\n---\n").front_matter.draft);
    assert!(!ok("---\ntitle: t\n---\n").front_matter.draft);
    // Hugo's undocumented `published` flag; `draft` wins over it.
    assert!(ok("---\npublished: false\n---\n").front_matter.draft);
    assert!(
        !ok("---\npublished: false\ndraft: false\n---\n")
            .front_matter
            .draft
    );
    let doc = ok("---\npublished: 2020-01-02\n---\n");
    assert!(!doc.front_matter.draft);
    assert_eq!(doc.front_matter.publish_date, date("2020-01-02"));
    let (message, position, _) = located("---\ndraft: maybe\n---\n");
    assert_eq!(
        message,
        "front matter (YAML): `draft`: expected true or false, found \"maybe\""
    );
    assert_eq!(position, pos(2, 8));
}

#[test]
fn toml_native_datetimes() {
    let doc = ok("+++\ndate = 2017-05-28T18:34:25+02:00\npublishDate = 2017-05-28T18:34:25\nlastmod = 2017-05-29\nexpiryDate = 2017-05-28 18:34:25.5Z\n+++\n");
    let fm = &doc.front_matter;
    assert_eq!(fm.date, date("2017-05-28T18:34:25+02:00"));
    assert_eq!(fm.publish_date, date("2017-05-28T18:34:25"));
    assert_eq!(fm.lastmod, date("2017-05-29"));
    assert_eq!(fm.expiry_date, date("2017-05-28T18:34:25.5Z"));
    assert_eq!(fm.params["date"], "2017-05-28T18:34:25+02:00");
    assert_eq!(fm.params["expirydate"], "2017-05-28T18:34:25.5Z");
}

#[test]
fn date_strings_in_every_hugo_layout() {
    for text in [
        "2017-05-28T18:34:25+02:00",
        "2017-05-28T18:34:25Z",
        "2017-05-28T18:34:25.123Z",
        "2017-05-28T18:34:25",
        "2017-05-28",
        "2017-05-28 18:34:25",
        "2018-05-25 05:13:41 -1100",
        "2018-05-25 05:13:41 -11:00",
        "2017-05-28T18:34:25-0700",
    ] {
        let expected = date(text);
        assert!(expected.is_some(), "{text}");
        let toml = format!("+++\ndate = \"{text}\"\n+++\n");
        assert_eq!(ok(&toml).front_matter.date, expected, "{toml}");
        let yaml_unquoted = format!("---\ndate: {text}\n---\n");
        let doc = ok(&yaml_unquoted);
        assert_eq!(doc.front_matter.date, expected, "{yaml_unquoted}");
        assert_eq!(doc.front_matter.params["date"], text);
        let json = format!("{{\"date\": \"{text}\"}}");
        assert_eq!(ok(&json).front_matter.date, expected, "{json}");
    }
}

#[test]
fn no_date_is_valid_and_fallbacks_follow_hugo() {
    let fm = ok("---\ntitle: t\n---\n").front_matter;
    assert_eq!((&fm.date, fm.effective_date()), (&None, None));
    let fm = ok("---\nlastmod: 2020-01-02\npublishDate: 2019-01-02\n---\n").front_matter;
    assert_eq!(fm.effective_date(), date("2019-01-02").as_ref());
    assert_eq!(fm.effective_lastmod(), date("2020-01-02").as_ref());
    assert_eq!(fm.effective_publish_date(), date("2019-01-02").as_ref());
    assert_eq!(ok("---\ndate: \"\"\n---\n").front_matter.date, None);
}

#[test]
fn unparseable_date_names_key_and_value() {
    let (message, position, text) = located("---\ntitle: t\ndate: 2017-13-45\n---\n");
    assert_eq!(
        message,
        "front matter (YAML): `date`: \"2017-13-45\" is not a date (expected e.g. 2017-05-28 or 2017-05-28T18:34:25+02:00)"
    );
    assert_eq!((position, text), (pos(3, 7), "2017-13-45"));
    let (message, position, text) = located("+++\nlastmod = \"soon\"\n+++\n");
    assert!(message.starts_with("front matter (TOML): `lastmod`: \"soon\" is not a date"));
    assert_eq!((position, text), (pos(2, 11), "\"soon\""));
    let (message, position, _) = located("{\"pubdate\": true}");
    assert_eq!(
        message,
        "front matter (JSON): `pubdate`: expected a date, found true"
    );
    assert_eq!(position, pos(1, 13));
    let (message, _, _) = located("+++\ndate = 07:32:00\n+++\n");
    assert!(message.contains("\"07:32:00\" is not a date"), "{message}");
}

#[test]
#[cfg(feature = "full-frontmatter")] // the full parsers word these errors
fn toml_syntax_error_position_and_message() {
    let (message, position, _) = located("+++\ntitle = \"x\"\nbad line\n+++\n");
    assert!(message.starts_with("front matter (TOML): "), "{message}");
    assert!(!message.contains("TOML parse error"), "{message}");
    assert!(!message.contains('\n'), "{message}");
    assert_eq!(position.line, 3);
    assert!((1..=9).contains(&position.column), "{position:?}");
    // BOM and blank lines before the block are accounted for.
    let (_, position, _) = located("\u{feff}\n\n+++\ntitle = \"x\"\ntitle = \"y\"\n+++\n");
    assert_eq!(position.line, 5);
}

#[test]
#[cfg(feature = "full-frontmatter")] // the full parsers word these errors
fn yaml_syntax_error_position_and_message() {
    let (message, position, _) = located("---\ntitle: x\nbad: [unclosed\nz: 1\n---\n");
    assert!(message.starts_with("front matter (YAML): "), "{message}");
    assert!((3..=5).contains(&position.line), "{position:?}");
    let (message, position, _) = located("---\ntitle: x\n  bad: indent: here\n---\n");
    assert_eq!(
        message,
        "front matter (YAML): mapping values are not allowed in this context"
    );
    // "x\n  bad" continues the plain scalar `x`; its first `:` is the error.
    assert_eq!(position, pos(3, 6));
    let (message, position, _) = located("---\na: 1\na: 2\n---\n");
    assert_eq!(message, "front matter (YAML): duplicate key \"a\"");
    assert_eq!(position.line, 3);
    // Columns count characters, not bytes.
    let (_, position, text) = located("---\né: x: y\n---\n");
    assert_eq!((position, text), (pos(2, 5), ":"));
}

#[test]
fn json_syntax_error_position_and_message() {
    let (message, position, _) = located("{\n  \"title\": \"x\",\n  bad\n}\nBody");
    assert_eq!(message, "front matter (JSON): key must be a string");
    assert_eq!(position, pos(3, 3));
}

#[test]
#[cfg(feature = "full-frontmatter")] // the full parsers word these errors
fn front_matter_must_be_a_mapping() {
    let (message, position, _) = located("---\n- a\n- b\n---\n");
    assert_eq!(
        message,
        "front matter (YAML): expected key: value pairs, found a list"
    );
    assert_eq!(position, pos(2, 1));
    let (message, _, _) = located("---\njust text\n---\n");
    assert_eq!(
        message,
        "front matter (YAML): expected key: value pairs, found a single value"
    );
}

#[test]
fn text_fields_take_scalars_and_reject_tables() {
    let fm = ok("---\ntitle: 2017\nslug: my-slug\nurl: /x/\nsummary: s\ndescription: d\nsubtitle: sub\n---\n")
        .front_matter;
    assert_eq!(fm.title.as_deref(), Some("2017"));
    assert_eq!(fm.slug.as_deref(), Some("my-slug"));
    assert_eq!(fm.url.as_deref(), Some("/x/"));
    assert_eq!(fm.summary.as_deref(), Some("s"));
    assert_eq!(fm.description.as_deref(), Some("d"));
    assert_eq!(fm.subtitle.as_deref(), Some("sub"));
    let (message, _, _) = located("+++\n[title]\nx = 1\n+++\n");
    assert_eq!(
        message,
        "front matter (TOML): `title`: expected text, found a table"
    );
}

#[test]
fn serializes_with_hugo_key_names() {
    let fm = ok("+++\ntitle = \"t\"\npublishDate = 2020-01-02T03:04:05Z\nexpiryDate = \"2030-01-02\"\nlastmod = 2021-01-01T00:00:00+01:00\n+++\n")
        .front_matter;
    let json = serde_json::to_value(&fm).unwrap_or_default();
    assert_eq!(json["publishDate"], "2020-01-02T03:04:05Z");
    assert_eq!(json["expiryDate"], "2030-01-02T00:00:00");
    assert_eq!(json["lastmod"], "2021-01-01T00:00:00+01:00");
    assert_eq!(json["title"], "t");
    assert_eq!(json["date"], Value::Null);
    assert_eq!(json["params"]["publishdate"], "2020-01-02T03:04:05Z");
    assert_eq!(
        serde_json::to_value(Format::Yaml).ok(),
        Some(Value::from("yaml"))
    );
}

#[test]
fn never_panics_on_prefixes_and_garbage() {
    let samples = [
        crate::testdata::EXAMPLE,
        "\u{feff}\r\n---\r\ntitle: \"é ü\"\r\ntags: [a, b]\r\ndate: 2018-05-25 05:13:41 -11:00\r\nweight: \"4\"\r\n---\r\nBody ✓\r\n",
        "{\n \"title\": \"a } \\\" {\", \"date\": \"2017-05-28\", \"x\": [{\"y\": \"ß\"}]\n}\nBody",
        "+++\ntitle = 'x'\ndate = 2017-05-28T18:34:25.123-07:00\n[a.b]\nc = [1, 2.5, \"ü\"]\n+++\n",
        "---\na: &anchor {b: 1}\nc: *anchor\nd: !!str 5\ne: |\n  block ✓\n---\n",
    ];
    for sample in samples {
        for (end, _) in sample.char_indices().chain([(sample.len(), ' ')]) {
            let _ = parse(&sample[..end]);
            let _ = parse(&sample[end..]);
        }
    }
    let garbage = [
        "{",
        "}",
        "{\"",
        "{\"\\",
        "+++",
        "---",
        "+++\n",
        "---\n",
        "\u{feff}",
        "\u{feff}{",
        "---\n: : :\n---\n",
        "---\n[[[[\n---\n",
        "---\n*x\n---\n",
        "---\n&a\n---\n",
        "+++\n= =\n+++\n",
        "+++\n[[\n+++\n",
        "{\"a\":}",
        "{]}",
        "{\"a\": [}",
        "---\n\t\u{0}\n---\n",
        "+++\r+++\r",
        "---\n? [a, b]\n: c\n---\n",
        "---\ndate: 9999-12-31T23:59:59.999999999+23:59\n---\n",
        "---\nweight: 1e400\n---\n",
        "+++\nweight = 1e300\n+++\n",
        "---\nweight: 99999999999999999999\n---\n",
    ];
    for text in garbage {
        let _ = parse(text);
    }
    let deep_json = format!("{{\"a\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(parse(&deep_json).is_err());
    let deep_yaml = format!("---\na: {}\n---\n", "[".repeat(10_000));
    assert!(parse(&deep_yaml).is_err());
}

#[test]
fn example_post() {
    let src = crate::testdata::EXAMPLE;
    let doc = ok(src);
    let fm = &doc.front_matter;
    assert_eq!(doc.format, Some(Format::Toml));
    assert_eq!(fm.title.as_deref(), Some("PyconWeb - May'17"));
    assert_eq!(fm.subtitle.as_deref(), Some(""));
    assert_eq!(fm.date, date("2017-05-28T18:34:25+02:00"));
    assert_eq!(
        fm.date.as_ref().map(Date::to_rfc3339).as_deref(),
        Some("2017-05-28T18:34:25+02:00")
    );
    assert!(fm.images.is_empty());
    assert_eq!(fm.params["bigimg"], "");
    assert!(doc
        .body
        .starts_with("\nThe [Pyconweb](https//pyconweb.com) conference"));
    assert_eq!(&src[doc.body_offset..], doc.body);
}

#[test]
fn corpus_posts_all_parse() {
    let Some(corpus) = crate::testdata::corpus() else {
        return;
    };
    let owners = std::fs::read_dir(corpus.join("posts")).expect("corpus posts");
    let mut count = 0;
    for owner in owners.flatten() {
        let Ok(files) = std::fs::read_dir(owner.path()) else {
            continue;
        };
        for file in files.flatten() {
            let path = file.path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            count += 1;
            let doc = match parse(&text) {
                Ok(doc) => doc,
                Err(error) => panic!("{}: {error:?}", path.display()),
            };
            assert!(doc.front_matter.title.is_some(), "{}", path.display());
        }
    }
    assert_eq!(count, 44);
}

#[test]
fn yaml_reads_yaml_11_booleans_as_hugo_does() {
    // Hugo 0.111.3 (yaml.v2): plain yes/y/on are true, no/n/off false;
    // quoted they are strings (`cast.ToBool("yes")` is false).
    for (src, draft) in [
        ("---\ndraft: yes\n---\n", true),
        ("---\ndraft: Y\n---\n", true),
        ("---\ndraft: On\n---\n", true),
        ("---\ndraft: NO\n---\n", false),
        ("---\ndraft: off\n---\n", false),
    ] {
        let doc = ok(src);
        assert_eq!(doc.front_matter.draft, draft, "{src:?}");
        assert!(doc.warnings.is_empty(), "{src:?}");
    }
    let doc = ok("---\ndraft: 'yes'\nflag: n\n---\n");
    assert!(!doc.front_matter.draft);
    assert_eq!(
        doc.front_matter.params.get("flag"),
        Some(&serde_json::Value::Bool(false))
    );
}

#[test]
fn front_matter_the_readers_leave_needs_the_full_parser_only_without_it() {
    let unread = "---\nbase: &b\n  x: 1\ncopy: *b\ntitle: t\n---\nBody\n";
    let read = "---\ntitle: t\ntags: [a, b]\n---\nBody\n";
    assert!(!needs_full_parser(read));
    assert!(!needs_full_parser("{\"title\": \"t\"}\n"));
    assert!(!needs_full_parser("no front matter\n"));
    assert_eq!(
        needs_full_parser(unread),
        !cfg!(feature = "full-frontmatter")
    );
    // The app's main thread sends such a post to the full engine.
    let site = crate::site::Site::default();
    assert_eq!(
        crate::render::needs_engine(unread, &site),
        !cfg!(feature = "full-frontmatter")
    );
    assert!(!crate::render::needs_engine(read, &site));
    assert_eq!(
        needs_full_parser("+++\nbad line\n+++\n"),
        !cfg!(feature = "full-frontmatter")
    );
    assert!(data_needs_full_parser(Format::Yaml, "a: &x 1\n"));
    assert!(!data_needs_full_parser(Format::Toml, "a = 1\n"));
    assert!(!data_needs_full_parser(Format::Json, "{]"));
    assert_eq!(ok(read).front_matter.tags, ["a", "b"]);
    if cfg!(feature = "full-frontmatter") {
        let doc = ok(unread);
        assert_eq!(doc.front_matter.title.as_deref(), Some("t"));
        assert_eq!(doc.front_matter.params["copy"]["x"], 1);
    } else {
        // Never a wrong value: an error on the block, and the body after it.
        let (message, position, _) = located(unread);
        assert!(message.starts_with("front matter (YAML): "), "{message}");
        assert!(message.contains("full parser"), "{message}");
        assert_eq!(position, pos(2, 1));
        assert_eq!(
            body_offset_after_error(unread),
            unread.len() - "Body\n".len()
        );
    }
}
