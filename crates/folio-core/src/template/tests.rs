//! One test per supported construct, asserting exact output.

use super::*;
use std::rc::Rc;

struct TestHost;

impl Host for TestHost {
    fn markdownify(&self, md: &str) -> String {
        // A tiny stand-in: `**x**` becomes <strong>, wrapped in a paragraph.
        let mut out = String::new();
        for (i, part) in md.split("**").enumerate() {
            if i % 2 == 1 {
                out.push_str(&format!("<strong>{part}</strong>"));
            } else {
                out.push_str(part);
            }
        }
        format!("<p>{out}</p>\n")
    }
    fn ref_link(&self, path: &str, relative: bool) -> Option<String> {
        (path == "/about").then(|| {
            if relative {
                "/about/".into()
            } else {
                "https://example.org/about/".into()
            }
        })
    }
    fn base_url(&self) -> String {
        "https://example.org/blog/".into()
    }
}

fn render(src: &str, dot: &Value) -> String {
    match Template::parse("t", src) {
        Ok(t) => t
            .execute(dot, &TestHost)
            .unwrap_or_else(|e| format!("EXEC ERROR {e}")),
        Err(e) => format!("PARSE ERROR {e}"),
    }
}

fn map(entries: &[(&str, Value)]) -> Value {
    Value::Map(
        entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

fn s(text: &str) -> Value {
    Value::str(text)
}

fn sc_named(pairs: &[(&str, Value)]) -> Value {
    ShortcodeContext::new("x")
        .with_named(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
        .into_value()
}

fn r(src: &str) -> String {
    render(src, &Value::Nil)
}

#[test]
fn text_only() {
    assert_eq!(r("plain <b>text</b>"), "plain <b>text</b>");
}

#[test]
fn trim_markers() {
    assert_eq!(r("a  \n {{- 1 -}} \n  b"), "a1b");
    assert_eq!(r("a {{ 1 }} b"), "a 1 b");
    assert_eq!(r("{{-3}}"), "-3");
}

#[test]
fn comments() {
    assert_eq!(r("a{{/* hidden }} */}}b"), "ab");
    assert_eq!(r("a {{- /* x */ -}} b"), "ab");
}

#[test]
fn pipelines() {
    assert_eq!(r(r#"{{ "Hello" | upper | printf "%s!" }}"#), "HELLO!");
}

#[test]
fn parenthesised_pipelines() {
    assert_eq!(r(r#"{{ printf "%d-%s" (add 1 2) ("x" | upper) }}"#), "3-X");
}

#[test]
fn variables_declare_assign_and_root() {
    let dot = map(&[("A", s("root"))]);
    assert_eq!(
        render(r#"{{ $x := 1 }}{{ $x = add $x 1 }}{{ $x }}"#, &dot),
        "2"
    );
    assert_eq!(
        render(r#"{{ with "inner" }}{{ . }}/{{ $.A }}{{ end }}"#, &dot),
        "inner/root"
    );
    assert!(r("{{ $y = 1 }}").contains("undefined variable: $y"));
}

#[test]
fn variable_scope_ends_at_end() {
    assert!(r(r#"{{ if true }}{{ $v := 1 }}{{ end }}{{ $v }}"#).contains("undefined variable"));
    assert_eq!(
        r(r#"{{ $v := 1 }}{{ if true }}{{ $v = 2 }}{{ end }}{{ $v }}"#),
        "2"
    );
}

#[test]
fn field_chains() {
    let dot = map(&[("Page", map(&[("Params", map(&[("color", s("red"))]))]))]);
    assert_eq!(render("{{ .Page.Params.color }}", &dot), "red");
    // Hugo params maps are case-insensitive.
    assert_eq!(render("{{ .Page.Params.Color }}", &dot), "red");
    assert_eq!(
        render("{{ $p := .Page }}{{ $p.Params.color }}", &dot),
        "red"
    );
    assert_eq!(render("[{{ .Missing.Deeper }}]", &dot), "[]");
}

#[test]
fn method_calls_with_args() {
    let ctx = ShortcodeContext::new("x")
        .with_positional(vec![s("zero"), s("one")])
        .into_value();
    assert_eq!(
        render(
            r#"{{ .Get 1 }} {{ (.Get 0) | upper }} [{{ .Get 5 }}]"#,
            &ctx
        ),
        "one ZERO []"
    );
    let named = sc_named(&[("src", s("a.png"))]);
    assert_eq!(
        render(r#"{{ .Get "src" }}|{{ .Get "nope" }}|{{ .Get 0 }}"#, &named),
        "a.png||"
    );
}

#[test]
fn literals() {
    assert_eq!(r(r#"{{ "a\tb\u00e9\x41" }}"#), "a\tbéA");
    assert_eq!(r("{{ `raw\\n` }}"), "raw\\n");
    assert_eq!(
        r("{{ 42 }} {{ -7 }} {{ 0x1F }} {{ 1.5 }} {{ 1e3 }}"),
        "42 -7 31 1.5 1000"
    );
    assert_eq!(
        r("{{ true }} {{ false }} [{{ nil }}] {{ 'a' }}"),
        "true false [] 97"
    );
}

#[test]
fn if_else_if_else() {
    let t = r#"{{ if eq . 1 }}one{{ else if eq . 2 }}two{{ else }}many{{ end }}"#;
    assert_eq!(render(t, &Value::Int(1)), "one");
    assert_eq!(render(t, &Value::Int(2)), "two");
    assert_eq!(render(t, &Value::Int(3)), "many");
}

#[test]
fn with_else_and_else_with() {
    let t = r#"{{ with .a }}A={{ . }}{{ else with .b }}B={{ . }}{{ else }}none{{ end }}"#;
    assert_eq!(render(t, &map(&[("a", s("1"))])), "A=1");
    assert_eq!(render(t, &map(&[("b", s("2"))])), "B=2");
    assert_eq!(render(t, &map(&[])), "none");
    assert_eq!(r(r#"{{ with $x := "v" }}{{ $x }}{{ end }}"#), "v");
}

#[test]
fn range_lists_maps_else_break_continue() {
    let list = Value::List(vec![s("a"), s("b"), s("c")]);
    assert_eq!(
        render("{{ range . }}[{{ . }}]{{ end }}", &list),
        "[a][b][c]"
    );
    assert_eq!(
        render("{{ range $i, $v := . }}{{ $i }}={{ $v }};{{ end }}", &list),
        "0=a;1=b;2=c;"
    );
    assert_eq!(render("{{ range $v := . }}{{ $v }}{{ end }}", &list), "abc");
    // Go ranges over maps in key order.
    let m = map(&[("b", Value::Int(2)), ("a", Value::Int(1))]);
    assert_eq!(
        render("{{ range $k, $v := . }}{{ $k }}{{ $v }}{{ end }}", &m),
        "a1b2"
    );
    assert_eq!(
        render(
            "{{ range . }}x{{ else }}empty{{ end }}",
            &Value::List(vec![])
        ),
        "empty"
    );
    assert_eq!(
        render("{{ range . }}{{ if eq . \"b\" }}{{ continue }}{{ end }}{{ if eq . \"c\" }}{{ break }}{{ end }}{{ . }}{{ end }}", &list),
        "a"
    );
}

#[test]
fn define_template_and_block() {
    let t = r#"{{ define "item" }}<i>{{ . }}</i>{{ end }}{{ template "item" "x" }}{{ block "b" 5 }}[{{ . }}]{{ end }}"#;
    assert_eq!(r(t), "<i>x</i>[5]");
}

#[test]
fn runaway_recursion_stops() {
    let out = r(r#"{{ define "loop" }}{{ template "loop" . }}{{ end }}{{ template "loop" . }}"#);
    assert!(out.contains("exceeded maximum template depth"), "{out}");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep_parens = format!("{{{{ {}1{} }}}}", "(".repeat(5000), ")".repeat(5000));
    assert!(r(&deep_parens).contains("nests more than"));
    let deep_ifs = format!("{}x{}", "{{ if 1 }}".repeat(5000), "{{ end }}".repeat(5000));
    assert!(r(&deep_ifs).contains("nests more than"));
    let ok = format!("{}x{}", "{{ if 1 }}".repeat(50), "{{ end }}".repeat(50));
    assert_eq!(r(&ok), "x");
}

#[test]
fn truthiness() {
    let t = "{{ if . }}T{{ else }}F{{ end }}";
    for (v, want) in [
        (s(""), "F"),
        (s("x"), "T"),
        (Value::Int(0), "F"),
        (Value::Float(0.5), "T"),
        (Value::List(vec![]), "F"),
        (map(&[]), "F"),
        (Value::Nil, "F"),
        (Value::Bool(false), "F"),
    ] {
        assert_eq!(render(t, &v), want, "{v:?}");
    }
}

#[test]
fn logic_and_comparison() {
    assert_eq!(
        r(r#"{{ and 1 "" 2 }}|{{ or 0 "" "x" }}|{{ not 0 }}"#),
        "|x|true"
    );
    assert_eq!(r("{{ eq 1 1.0 }} {{ ne 1 2 }} {{ lt 1 2 }} {{ le 2 2 }} {{ gt \"b\" \"a\" }} {{ ge 1 2 }}"), "true true true true true false");
    assert_eq!(r(r#"{{ eq "a" "b" "a" }}"#), "true");
}

#[test]
fn collection_functions() {
    assert_eq!(r(r#"{{ len "héllo" }} {{ len (slice 1 2) }}"#), "6 2");
    assert_eq!(
        r(r#"{{ index (slice "a" "b") 1 }} {{ index (dict "k" "v") "k" }}"#),
        "b v"
    );
    assert_eq!(
        r(r#"{{ first 2 (slice 1 2 3) }} {{ last 1 (slice 1 2 3) }}"#),
        "[1 2] [3]"
    );
    assert_eq!(
        r(r#"{{ delimit (slice "a" "b" "c") ", " " and " }}"#),
        "a, b and c"
    );
    assert_eq!(
        r(r#"{{ in (slice "a" "b") "b" }} {{ in "hello" "ell" }}"#),
        "true true"
    );
    assert_eq!(
        r(r#"{{ append 3 (slice 1 2) }} {{ slice 1 2 | append 3 4 }}"#),
        "[1 2 3] [1 2 3 4]"
    );
    assert_eq!(r(r#"{{ dict "b" 1 "a" 2 }}"#), "map[a:2 b:1]");
    assert_eq!(
        r(r#"{{ collections.Dictionary "k" "v" | jsonify }}"#),
        "{\"k\":\"v\"}"
    );
    assert_eq!(
        r(r#"{{ seq 3 }} {{ isset (dict "a" 1) "a" }}"#),
        "[1 2 3] true"
    );
}

#[test]
fn default_and_cond() {
    assert_eq!(
        r(
            r#"{{ default "d" "" }} {{ default "d" "g" }} {{ "" | default "p" }} {{ default true false }}"#
        ),
        "d g p false"
    );
    assert_eq!(r(r#"{{ cond true "y" "n" }}"#), "y");
}

#[test]
fn print_functions() {
    assert_eq!(r(r#"{{ print "a" 1 2 "b" }}"#), "a1 2b");
    assert_eq!(r(r#"{{ println "a" 1 }}"#), "a 1\n");
    assert_eq!(
        r(
            r#"{{ printf "%s|%d|%v|%q|%f|%.2f|%x|%%|%5d|%-3s|" "s" 42 1.5 "q" 3.14159 2.0 255 7 "a" }}"#
        ),
        "s|42|1.5|&#34;q&#34;|3.141590|2.00|ff|%|    7|a  |"
    );
    assert_eq!(r(r#"{{ printf "%d" }}"#), "%!d(MISSING)");
}

#[test]
fn safe_functions_skip_escaping() {
    assert_eq!(r(r#"{{ "<b>" }}{{ "<b>" | safeHTML }}"#), "&lt;b&gt;<b>");
    assert_eq!(
        r(r#"<a href="{{ "javascript:x" | safeURL }}">"#),
        r#"<a href="javascript:x">"#
    );
    assert_eq!(
        r(r#"<p style="{{ "color: red;" | safeCSS }}">"#),
        r#"<p style="color: red;">"#
    );
    assert_eq!(
        r(r#"<script>var x = {{ "f()" | safeJS }};</script>"#),
        "<script>var x = f();</script>"
    );
    assert_eq!(
        r(r#"<p {{ "data-x=\"1\"" | safeHTMLAttr }}>"#),
        r#"<p data-x="1">"#
    );
}

#[test]
fn html_escape_unescape_plainify() {
    assert_eq!(
        r(r#"{{ htmlEscape "<a&b>" }}"#),
        "&amp;lt;a&amp;amp;b&amp;gt;"
    );
    assert_eq!(
        r(r#"{{ htmlUnescape "&lt;b&gt; &amp; &#39;" | safeHTML }}"#),
        "<b> & '"
    );
    assert_eq!(
        r(r#"{{ plainify "<p>Hello <b>world</b></p>" }}"#),
        "Hello world\n"
    );
}

#[test]
fn markdownify_uses_host_and_strips_single_paragraph() {
    assert_eq!(
        r(r#"{{ markdownify "**bold**" }}"#),
        "<strong>bold</strong>"
    );
    assert_eq!(
        r(r#"{{ "**x**" | transform.Markdownify }}"#),
        "<strong>x</strong>"
    );
}

#[test]
fn jsonify_sorts_keys_and_escapes_like_go() {
    let v = map(&[
        ("z", Value::Int(1)),
        ("a", s("<&>")),
        ("f", Value::Float(2.5)),
        ("l", Value::List(vec![Value::Bool(true), Value::Nil])),
    ]);
    assert_eq!(
        render("{{ . | jsonify | safeHTML }}", &v),
        r#"{"a":"\u003c\u0026\u003e","f":2.5,"l":[true,null],"z":1}"#
    );
    assert_eq!(
        render(
            r#"{{ jsonify (dict "indent" "  ") . }}"#,
            &map(&[("a", Value::List(vec![Value::Int(1)]))])
        ),
        "{\n  \"a\": [\n    1\n  ]\n}"
    );
}

#[test]
fn string_functions() {
    assert_eq!(
        r(r#"{{ humanize "my-first-post" }}|{{ humanize "myCamelPost" }}|{{ humanize 3 }}"#),
        "My first post|My camel post|3rd"
    );
    assert_eq!(
        r(r#"{{ title "the lord of the rings" }}"#),
        "The Lord of the Rings"
    );
    assert_eq!(
        r(r#"{{ lower "AbC" }}{{ upper "x" }}|{{ trim "--a--" "-" }}|{{ replace "aaa" "a" "b" }}"#),
        "abcX|a|bbb"
    );
    assert_eq!(
        r(r#"{{ replaceRE "(\\d+)" "<$1>" "a1b22" }}"#),
        "a&lt;1&gt;b&lt;22&gt;"
    );
    assert_eq!(r(r#"{{ findRE "[a-z]+" "ab 12 cd" }}"#), "[ab cd]");
    assert_eq!(r(r#"{{ split "a,b" "," }}"#), "[a b]");
    assert_eq!(
        r(
            r#"{{ strings.ToLower "A" }}{{ strings.TrimSpace "  b  " }}{{ strings.HasPrefix "abc" "ab" }}{{ strings.Contains "abc" "z" }}"#
        ),
        "abtruefalse"
    );
    assert_eq!(
        r(r#"{{ substr "hello" 1 3 }} {{ strings.Repeat 2 "ab" }}"#),
        "ell abab"
    );
}

#[test]
fn urlize_and_anchorize() {
    assert_eq!(
        r(r#"{{ anchorize "Hello, World! Foo_bar-baz" }}"#),
        "hello-world-foo_bar-baz"
    );
    assert_eq!(r(r#"{{ urlize "My Post Title?" }}"#), "my-post-title");
    assert_eq!(r(r#"{{ urls.Anchorize "A B" }}"#), "a-b");
}

#[test]
fn rel_and_abs_url_and_refs() {
    assert_eq!(
        r(r#"{{ relURL "img/x.png" }} {{ absURL "/img/x.png" }} {{ urls.RelURL "https://a.b/" }}"#),
        "/blog/img/x.png https://example.org/blog/img/x.png https://a.b/"
    );
    assert_eq!(
        r(r#"{{ relref . "/about" }} {{ ref . "/about" }}"#),
        "/about/ https://example.org/about/"
    );
    assert!(r(r#"{{ relref . "/nope" }}"#).contains("REF_NOT_FOUND"));
}

#[test]
fn math_functions() {
    assert_eq!(
        r("{{ add 1 2 }} {{ sub 5 7 }} {{ mul 3 4 }} {{ div 7 2 }} {{ div 7 2.0 }} {{ mod 7 3 }}"),
        "3 -2 12 3 3.5 1"
    );
    assert_eq!(
        r("{{ math.Floor 2.7 }} {{ math.Ceil 2.1 }} {{ math.Round 2.5 }} {{ math.Add 1 1 }}"),
        "2 3 3 2"
    );
    assert!(r("{{ div 1 0 }}").contains("divide"));
}

#[test]
fn unsupported_function_is_error_with_position() {
    let t = Template::parse("fig", "line1\n  {{ partial \"x\" . }}").expect("parses");
    let err = t.execute(&Value::Nil, &TestHost).expect_err("must fail");
    assert_eq!(
        err.to_string(),
        "fig:2:6: function \"partial\" is not supported in Folio shortcode templates"
    );
    let t = Template::parse("r", r#"{{ resources.Get "a" }}"#).expect("parses");
    let err = t.execute(&Value::Nil, &TestHost).expect_err("must fail");
    assert!(
        err.message.contains("\"resources.Get\" is not supported"),
        "{err}"
    );
}

#[test]
fn parse_errors_have_positions() {
    let err = Template::parse("p", "ok\n{{ if true }}x").expect_err("unclosed");
    assert_eq!(err.to_string(), "p:2:1: unclosed {{if}}: missing {{end}}");
    let err = Template::parse("p", "{{ \"abc }}").expect_err("bad string");
    assert_eq!((err.line, err.column), (1, 4));
    assert!(Template::parse("p", "{{ end }}").is_err());
    assert!(Template::parse("p", "{{ 1 ").is_err());
}

#[test]
fn never_panics_on_garbage() {
    for src in [
        "{{",
        "}}",
        "{{(",
        "{{)}}",
        "{{ $ := }}",
        "{{ . . }}",
        "{{'",
        "{{ 0x }}",
        "{{ \"\\u12\" }}",
        "{{/*",
        "{{ .A.B( }}",
        "é{{ é }}",
        "{{ range }}{{ end }}",
    ] {
        if let Ok(t) = Template::parse("g", src) {
            let _ = t.execute(&Value::Nil, &TestHost);
        }
    }
}

#[test]
fn escaping_text_and_attributes() {
    let dot = s(r#"<a href="x">'Tom' & +1</a>"#);
    assert_eq!(
        render("{{ . }}", &dot),
        "&lt;a href=&#34;x&#34;&gt;&#39;Tom&#39; &amp; &#43;1&lt;/a&gt;"
    );
    assert_eq!(
        render(r#"<p title="{{ . }}">"#, &dot),
        r#"<p title="&lt;a href=&#34;x&#34;&gt;&#39;Tom&#39; &amp; &#43;1&lt;/a&gt;">"#
    );
    assert_eq!(
        render("<p title={{ \"a b\" }}>", &Value::Nil),
        "<p title=a&#32;b>"
    );
    // Trusted HTML in an attribute loses its tags, keeps its entities.
    assert_eq!(
        r(r#"<p title="{{ "<b>A&amp;B</b>" | safeHTML }}">"#),
        r#"<p title="A&amp;B">"#
    );
}

#[test]
fn escaping_urls() {
    assert_eq!(
        r(r#"<a href="{{ "javascript:alert(1)" }}">"#),
        r##"<a href="#ZgotmplZ">"##
    );
    assert_eq!(
        r(r#"<a href="{{ "/a b?x=1&y=<2>" }}">"#),
        r#"<a href="/a%20b?x=1&amp;y=%3c2%3e">"#
    );
    assert_eq!(
        r(r#"<a href="/search?q={{ "a&b c" }}">"#),
        r#"<a href="/search?q=a%26b%20c">"#
    );
    assert_eq!(
        r(r#"<img src="{{ "https://x.org/é.png" }}">"#),
        r#"<img src="https://x.org/%c3%a9.png">"#
    );
    assert_eq!(
        r(r#"<a href="{{ "mailto:a@b.c" }}">"#),
        r#"<a href="mailto:a@b.c">"#
    );
}

#[test]
fn escaping_script_and_style() {
    assert_eq!(
        r(r#"<script>var s = {{ "</script>" }}; var n = {{ 3 }};</script>"#),
        r#"<script>var s = "\u003c/script\u003e"; var n =  3 ;</script>"#
    );
    assert_eq!(
        r(r#"<script>var s = "{{ "a\"b" }}";</script>"#),
        r#"<script>var s = "a\u0022b";</script>"#
    );
    assert_eq!(
        r(r#"<p style="color: {{ "red" }}">"#),
        r#"<p style="color: red">"#
    );
    assert_eq!(
        r(r#"<p style="color: {{ "red;}" }}">"#),
        r#"<p style="color: ZgotmplZ">"#
    );
    assert_eq!(
        r(r#"<style>p { color: {{ "expression(x)" }} }</style>"#),
        "<style>p { color: ZgotmplZ }</style>"
    );
}

#[test]
fn html_comments_are_dropped() {
    assert_eq!(r("a<!-- note {{ 1 }} -->b"), "ab");
}

#[test]
fn shortcode_context_fields() {
    let parent = Rc::new(ShortcodeContext::new("outer"));
    let mut ctx = ShortcodeContext::new("inner")
        .with_positional(vec![s("p0")])
        .with_inner("  x\n    y\n");
    ctx.parent = Some(parent);
    ctx.ordinal = 3;
    ctx.position = "p.md:4:1".into();
    ctx.page = map(&[("Title", s("Page T"))]);
    ctx.site = map(&[("Title", s("Site T"))]);
    let out = render(
        "{{ .Name }}|{{ .Parent.Name }}|{{ .Ordinal }}|{{ .Position }}|{{ .IsNamedParams }}|{{ .Params }}|{{ .Page.Title }}|{{ .Site.Title }}|{{ site.Title }}|{{ .InnerDeindent }}",
        &ctx.into_value(),
    );
    assert_eq!(
        out,
        "inner|outer|3|p.md:4:1|false|[p0]|Page T|Site T|Site T|x\n  y\n"
    );
}

// ---- The corpus stub templates, against Hugo 0.111's output. ----

fn corpus_shortcodes() -> Option<std::path::PathBuf> {
    Some(crate::testdata::corpus()?.join("site/layouts/shortcodes"))
}

fn corpus_template(name: &str) -> Option<Template> {
    let src = std::fs::read_to_string(corpus_shortcodes()?.join(format!("{name}.html")))
        .expect("corpus template readable");
    Some(Template::parse(name, &src).expect("corpus template parses"))
}

#[test]
fn corpus_templates_all_parse() {
    let Some(dir) = corpus_shortcodes() else {
        return;
    };
    let dir = std::fs::read_dir(dir).expect("corpus shortcodes");
    for entry in dir.flatten() {
        let path = entry.path();
        let src = std::fs::read_to_string(&path).expect("readable");
        if let Err(e) = Template::parse(&path.display().to_string(), &src) {
            panic!("{e}");
        }
    }
}

#[test]
fn corpus_span_stub_with_named_params() {
    // hugo-PaperMod papermod-installation: {{< inTextImg url="…" height="14" >}}
    let Some(t) = corpus_template("inTextImg") else {
        return;
    };
    let ctx = sc_named(&[
        ("url", s("https://raw.githubusercontent.com/gohugoio/hugoDocs/master/static/img/hugo-logo.png")),
        ("height", s("14")),
    ]);
    assert_eq!(
        t.execute(&ctx, &TestHost).expect("runs"),
        r#"<span class="sc-stub" data-sc="inTextImg" data-params="{&#34;height&#34;:&#34;14&#34;,&#34;url&#34;:&#34;https://raw.githubusercontent.com/gohugoio/hugoDocs/master/static/img/hugo-logo.png&#34;}"></span>"#
    );
}

#[test]
fn corpus_stub_typed_params_plus_sign_and_none() {
    let Some(qr) = corpus_template("qr") else {
        return;
    };
    let ctx = ShortcodeContext::new("qr")
        .with_named(vec![
            ("text".into(), s("tel:+12065550101")),
            ("class".into(), s("qrcode")),
            ("targetDir".into(), s("images/qr")),
        ])
        .with_inner("");
    assert_eq!(
        qr.execute(&ctx.into_value(), &TestHost).expect("runs"),
        r#"<div class="sc-stub" data-sc="qr" data-params="{&#34;class&#34;:&#34;qrcode&#34;,&#34;targetDir&#34;:&#34;images/qr&#34;,&#34;text&#34;:&#34;tel:&#43;12065550101&#34;}"></div>"#
    );
    let Some(img) = corpus_template("img") else {
        return;
    };
    let ctx = sc_named(&[
        ("src", s("a.png")),
        ("simple", Value::Bool(true)),
        ("scale", Value::Int(2)),
    ]);
    assert_eq!(
        img.execute(&ctx, &TestHost).expect("runs"),
        r#"<span class="sc-stub" data-sc="img" data-params="{&#34;scale&#34;:2,&#34;simple&#34;:true,&#34;src&#34;:&#34;a.png&#34;}"></span>"#
    );
    let ctx = ShortcodeContext::new("img").into_value();
    assert_eq!(
        img.execute(&ctx, &TestHost).expect("runs"),
        r#"<span class="sc-stub" data-sc="img" data-params="null"></span>"#
    );
}

#[test]
fn corpus_paired_stub_inserts_inner_raw() {
    // hugo-PaperMod: {{< collapse summary="**Expand Method 1 - Git Clone**" >}}…{{</ collapse >}}
    let Some(t) = corpus_template("collapse") else {
        return;
    };
    let inner = "\n\n   **INSTALL** : run `git clone <url>` & wait\n\n   ";
    let ctx = ShortcodeContext::new("collapse")
        .with_named(vec![(
            "summary".into(),
            s("**Expand Method 1 - Git Clone**"),
        )])
        .with_inner(inner);
    assert_eq!(
        t.execute(&ctx.into_value(), &TestHost).expect("runs"),
        format!(
            r#"<div class="sc-stub" data-sc="collapse" data-params="{{&#34;summary&#34;:&#34;**Expand Method 1 - Git Clone**&#34;}}">{inner}</div>"#
        )
    );
    let Some(new_in) = corpus_template("new-in") else {
        return;
    };
    let ctx = ShortcodeContext::new("new-in")
        .with_positional(vec![s("0.140.0")])
        .into_value();
    assert_eq!(
        new_in.execute(&ctx, &TestHost).expect("runs"),
        r#"<span class="sc-stub" data-sc="new-in" data-params="[&#34;0.140.0&#34;]"></span>"#
    );
}

#[test]
fn random_fragment_soup_never_panics() {
    const PIECES: &[&str] = &[
        "{{",
        "}}",
        "{{-",
        " -}}",
        "{{/*",
        "*/}}",
        " ",
        "if",
        "else",
        "end",
        "range",
        "with",
        "define",
        "template",
        "\"x\"",
        "`r`",
        "'c'",
        "$",
        "$v",
        ":=",
        "=",
        ",",
        "|",
        "(",
        ")",
        ".",
        ".A",
        ".Get",
        "0",
        "-1",
        "1.5",
        "0x",
        "printf",
        "\"%d %s %.2f\"",
        "index",
        "slice",
        "dict",
        "add",
        "div",
        "<a href=\"",
        "\">",
        "<script>",
        "</script>",
        "<style>",
        "<!--",
        "-->",
        "é",
        "\\",
        "\"",
        "jsonify",
        "seq",
        "substr",
        "truncate",
        "break",
    ];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let ctx = ShortcodeContext::new("f")
        .with_positional(vec![s("a"), Value::Int(2)])
        .into_value();
    for _ in 0..4000 {
        let mut src = String::new();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = 1 + (state % 14) as usize;
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            src.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
        }
        if let Ok(t) = Template::parse("soup", &src) {
            let _ = t.execute(&ctx, &TestHost);
        }
    }
}

#[test]
fn doc_example() {
    let t = Template::parse(
        "stub",
        r#"<span data-params="{{ .Params | jsonify }}">{{ .Get "a" }}</span>"#,
    )
    .unwrap();
    let ctx = ShortcodeContext::new("stub").with_named(vec![("a".into(), Value::str("<b>"))]);
    assert_eq!(
        t.execute(&ctx.into_value(), &NoHost).unwrap(),
        r#"<span data-params="{&#34;a&#34;:&#34;\u003cb\u003e&#34;}">&lt;b&gt;</span>"#
    );
}

// ---------------------------------------------------------------------------
// Limits and JavaScript contexts (the hostile-input issue)

#[test]
fn a_string_doubling_in_a_loop_stops_with_an_error_naming_the_line() {
    let out =
        r("{{ $s := \"ab\" }}\n{{ range seq 100 }}\n{{ $s = print $s $s }}{{ end }}{{ len $s }}");
    assert!(out.starts_with("EXEC ERROR t:3:"), "{out}");
    assert!(out.contains("larger than"), "{out}");
}

#[test]
fn a_list_doubling_in_a_loop_stops_with_an_error() {
    let out =
        r("{{ $l := slice 1 2 }}{{ range seq 100 }}{{ $l = append $l $l }}{{ end }}{{ len $l }}");
    assert!(out.starts_with("EXEC ERROR t:1:"), "{out}");
    assert!(out.contains("larger than"), "{out}");
    // Ordinary growth is fine.
    assert_eq!(
        r("{{ $l := slice }}{{ range seq 100 }}{{ $l = $l | append . }}{{ end }}{{ len $l }}"),
        "100"
    );
}

#[test]
fn values_in_js_comments_are_blanked() {
    let dot = sc_named(&[("x", s("*/alert(1)//\n"))]);
    assert_eq!(
        render(
            "<script>var a = 1; // {{ .Get \"x\" }}\nvar b = {{ .Get \"x\" }};</script>",
            &dot
        ),
        "<script>var a = 1; // \nvar b = \"*/alert(1)//\\n\";</script>"
    );
    assert_eq!(
        render("<script>/* {{ .Get \"x\" }} */ f()</script>", &dot),
        "<script>/*  */ f()</script>"
    );
    assert_eq!(
        render("<a onclick=\"f() /* {{ .Get \"x\" }} */\">x</a>", &dot),
        "<a onclick=\"f() /*  */\">x</a>"
    );
}

#[test]
fn values_in_js_regular_expressions_are_escaped() {
    let dot = sc_named(&[("x", s("a/b.c(d)"))]);
    assert_eq!(
        render("<script>var re = /^{{ .Get \"x\" }}$/;</script>", &dot),
        "<script>var re = /^a\\/b\\.c\\(d\\)$/;</script>"
    );
    // After a value a `/` divides.
    assert_eq!(
        render("<script>var n = x / {{ 2 }};</script>", &Value::Nil),
        "<script>var n = x /  2 ;</script>"
    );
    assert_eq!(
        render("<script>var re = /{{ \"\" }}/;</script>", &Value::Nil),
        "<script>var re = /(?:)/;</script>"
    );
}

#[test]
fn values_in_js_template_literals_are_refused() {
    let dot = sc_named(&[("x", s("${alert(1)}"))]);
    let out = render(
        "<script>\nvar s = `hi ${name} {{ .Get \"x\" }}`;</script>",
        &dot,
    );
    assert!(out.starts_with("EXEC ERROR t:2:"), "{out}");
    assert!(out.contains("template literal"), "{out}");
    let out = render("<button onclick=\"f(`{{ .Get \"x\" }}`)\">b</button>", &dot);
    assert!(out.contains("template literal"), "{out}");
    // Strings after a closed template literal are fine.
    assert_eq!(
        render(
            "<script>var s = `a`; var t = \"{{ .Get \"x\" }}\";</script>",
            &dot
        ),
        "<script>var s = `a`; var t = \"${alert(1)}\";</script>"
    );
}
