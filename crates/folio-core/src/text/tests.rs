//! The shared text functions against the Go components they reproduce.

use super::*;

#[test]
fn html_flavors() {
    let s = "a<b>&\"'+\0 =`";
    assert_eq!(
        escape_html(s, Html::Template),
        "a&lt;b&gt;&amp;&#34;&#39;&#43;\u{FFFD} =`"
    );
    assert_eq!(html_template(s), escape_html(s, Html::Template));
    assert_eq!(
        escape_html("&amp; <b>+", Html::TemplateNormalizer),
        "&amp; &lt;b&gt;&#43;"
    );
    assert_eq!(
        escape_html(s, Html::TemplateNospace),
        "a&lt;b&gt;&amp;&#34;&#39;&#43;\u{FFFD}&#32;&#61;&#96;"
    );
    assert_eq!(
        escape_html("&amp; x\t", Html::TemplateNospaceNormalizer),
        "&amp;&#32;x&#9;"
    );
    assert_eq!(
        escape_html(s, Html::EscapeString),
        "a&lt;b&gt;&amp;&#34;&#39;+\0 =`"
    );
    assert_eq!(
        escape_html(s, Html::Chroma),
        "a&lt;b&gt;&amp;&#34;&#39;+\u{FFFD} =`"
    );
    assert_eq!(
        escape_html(s, Html::Goldmark),
        "a&lt;b&gt;&amp;&quot;'+\0 =`"
    );
}

#[test]
fn unescapes_references() {
    assert_eq!(
        unescape_html("a &amp; b &#39;c&#x27; &hellip; &bogus; & x"),
        "a & b 'c' … &bogus; & x"
    );
}

#[test]
fn strippers() {
    let html = "<p>Hello <em>big</em>\n  world</p>\n<p>Next&amp;</p>";
    assert_eq!(strip_html(html), "Hello big world\nNext&amp;\n");
    assert_eq!(strip_html("no tags\n"), "no tags\n");
    assert_eq!(
        strip_tags("a <b>bold</b> 1 < 2 &amp;"),
        "a bold 1 < 2 &amp;"
    );
    assert_eq!(plain_text("<p>a</p><p>b&amp;c</p>"), "a\nb&c\n");
    assert_eq!(plain_text("foo<em>bar</em>"), "foobar");
}

#[test]
fn slugs() {
    assert_eq!(
        anchorize("Other Elements — abbr, sub"),
        "other-elements--abbr-sub"
    );
    assert_eq!(
        anchorize("  Hello, World! Foo_bar-baz "),
        "hello-world-foo_bar-baz"
    );
    assert_eq!(anchorize("Ünïcode 123"), "ünïcode-123");
    assert_eq!(urlize("node.js"), "node.js");
    assert_eq!(urlize("My Post Title?"), "my-post-title");
    assert_eq!(urlize(" Go  Lang "), "go-lang");
    assert_eq!(urlize("Café"), "caf%C3%A9");
}

#[test]
fn urls() {
    assert_eq!(url_attr("/a b/é?x=1&y=2"), "/a%20b/%c3%a9?x=1&amp;y=2");
    assert_eq!(url_attr("javascript:alert(1)"), "#ZgotmplZ");
    assert_eq!(url_query("a b&c"), "a%20b%26c");
    let mut out = String::new();
    url::push_goldmark_url(&mut out, "/a b?x=1&y='é'");
    assert_eq!(out, "/a%20b?x=1&amp;y='%C3%A9'");
}

#[test]
fn go_floats() {
    assert_eq!(format_go_float(f64::NAN), "NaN");
    assert_eq!(format_go_float(f64::INFINITY), "+Inf");
    assert_eq!(format_go_float(f64::NEG_INFINITY), "-Inf");
    assert_eq!(format_go_float(-0.0), "-0");
    assert_eq!(format_go_float(0.0), "0");
    assert_eq!(format_go_float(1e21), "1e+21");
    assert_eq!(format_go_float(1.5e21), "1.5e+21");
    assert_eq!(format_go_float(1e20), "100000000000000000000");
    assert_eq!(format_go_float(1e-7), "1e-07");
    assert_eq!(format_go_float(-1.5e-7), "-1.5e-07");
    assert_eq!(format_go_float(0.0001), "0.0001");
    assert_eq!(format_go_float(0.00001), "1e-05");
    assert_eq!(format_go_float(2.5), "2.5");
    assert_eq!(format_go_float(1e300), "1e+300");
    assert_eq!(format_json_float(f64::NAN), "null");
    assert_eq!(format_json_float(f64::NEG_INFINITY), "null");
    assert_eq!(format_json_float(0.00001), "0.00001");
    assert_eq!(format_json_float(1e-7), "1e-07");
    assert_eq!(format_json_float(1e21), "1e+21");
    assert_eq!(format_json_float(-0.0), "-0");
}

#[test]
fn count_words_is_split_whitespace() {
    for text in [
        "",
        " ",
        "one",
        " two  words ",
        "tab\tnew\nline\rcr\u{b}vt\u{c}ff",
        "nbsp\u{a0}ideo\u{3000}graphic\u{2028}sep\u{85}nel",
        "caf\u{e9} na\u{ef}ve \u{1f600} emoji",
        "\u{1680}\u{2000}\u{200a}\u{202f}\u{205f}",
        "\u{200b}zero\u{200b}width",
    ] {
        assert_eq!(
            count_words(text),
            text.split_whitespace().count(),
            "{text:?}"
        );
    }
    // Longer than one 64-byte block, words across block boundaries.
    let long = format!("{}é\u{a0}{}", "word ".repeat(40), "x\ty  ".repeat(30));
    for start in 0..8 {
        let text = &long[start..];
        assert_eq!(
            count_words(text),
            text.split_whitespace().count(),
            "{text:?}"
        );
    }
}

#[cfg(not(target_arch = "wasm32"))]
proptest::proptest! {
    #[test]
    fn count_words_matches_split_whitespace(text in "(\\PC|[ \t\n\r\u{a0}\u{3000}\u{85}])*") {
        proptest::prop_assert_eq!(count_words(&text), text.split_whitespace().count());
    }
}

#[cfg(not(target_arch = "wasm32"))]
proptest::proptest! {
    /// The one-pass reading of a post's plain text (word count, automatic
    /// summary) is the definition's: strip, then count and truncate.
    #[test]
    fn read_plain_is_strip_then_count_and_truncate(
        parts in proptest::collection::vec(
            "(<p>|</p>|<br>|<br />|<em>|</em>|<a href=\"x>y\">|<!-- c -->|<script>a<b</script>|<textarea>t</textarea>|<|>|[a-z]{1,6}|[.?!\"]|[ \n\t]|\u{a0}|\u{4e2d}|&amp;)",
            0..80,
        ),
        words in 0usize..12,
    ) {
        let html: String = parts.concat();
        let (mut pre, mut breaks) = (String::new(), Vec::new());
        strip::push_pre_replaced(&mut pre, &html, &mut breaks);
        let had_tags = html.contains(['<', '>']);
        let (count, summary, truncated) = strip::read_plain(&pre, &breaks, had_tags, Some(words), false);
        let plain = strip_html(&html);
        let (want, want_truncated) = strip::truncate_to_whole_sentence(&plain, words);
        proptest::prop_assert_eq!(count, count_words(&plain), "{:?}", html);
        proptest::prop_assert_eq!(summary.as_str(), want, "{:?}", html);
        proptest::prop_assert_eq!(truncated, want_truncated, "{:?}", html);
        // No summary asked for: the same count, no summary.
        let none = strip::read_plain(&pre, &breaks, had_tags, None, false);
        proptest::prop_assert_eq!(none, (count, String::new(), false), "{:?}", html);
    }
}

/// The byte-at-a-time form of goldmark's link escaping that
/// `push_goldmark_url` copies runs of; they must agree.
#[cfg(not(target_arch = "wasm32"))]
fn goldmark_url_reference(url: &str) -> String {
    const KEEP: &[u8] = b";/?:@&=+$,-_.!~*'()#";
    let bytes = url.as_bytes();
    let mut out = String::new();
    for (i, &byte) in bytes.iter().enumerate() {
        let kept_percent = byte == b'%' && i + 2 < bytes.len() && bytes[i + 1].is_ascii_hexdigit();
        if byte.is_ascii_alphanumeric() || KEEP.contains(&byte) || kept_percent {
            escape::push_html_char(&mut out, char::from(byte), Html::Goldmark);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(not(target_arch = "wasm32"))]
proptest::proptest! {
    #[test]
    fn goldmark_url_escaping_matches_the_reference(url in "(\\PC|[%&<>\"' ]|%[0-9a-fA-F]{0,2})*") {
        let mut out = String::new();
        url::push_goldmark_url(&mut out, &url);
        proptest::prop_assert_eq!(out, goldmark_url_reference(&url));
    }

    #[test]
    fn html_escaping_matches_char_by_char(text in "(\\PC|[<>&\"'+\\x00\\t\\n =`])*") {
        for flavor in [Html::Template, Html::TemplateNormalizer, Html::TemplateNospace,
            Html::TemplateNospaceNormalizer, Html::EscapeString, Html::Chroma, Html::Goldmark] {
            let mut by_char = String::new();
            for c in text.chars() {
                escape::push_html_char(&mut by_char, c, flavor);
            }
            proptest::prop_assert_eq!(escape_html(&text, flavor), by_char);
        }
    }
}

#[test]
fn decimals_match_to_string() {
    for n in [0, 1, 9, 10, 99, 100, 12_345, usize::MAX] {
        let mut out = String::from("k-");
        super::push_decimal(&mut out, n);
        assert_eq!(out, format!("k-{n}"));
    }
}

#[test]
fn cjk_scripts_are_found() {
    for text in [
        "中文",
        "日本語",
        "ひらがな",
        "カタカナ",
        "한국어",
        "ｶﾀｶﾅ",
        "a 々 b",
        "𠀋",
    ] {
        assert!(has_cjk(text), "{text}");
    }
    for text in [
        "",
        "English",
        "café naïve",
        "Ελληνικά",
        "русский",
        "→ … “”",
        "😀",
    ] {
        assert!(!has_cjk(text), "{text}");
    }
}

#[test]
fn cjk_words_count_and_cut_as_hugo() {
    use strip::{count_cjk_words, truncate_words_by_rune};
    // A one-byte word counts one; any other word one per character.
    assert_eq!(count_cjk_words(&["hello", "中文", "café"]), 1 + 2 + 4);
    assert_eq!(
        truncate_words_by_rune(&["ab", "中文字"], 3),
        ("ab 中文".to_string(), true)
    );
    assert_eq!(
        truncate_words_by_rune(&["中", "文"], 5),
        ("中 文".to_string(), false)
    );
    assert_eq!(
        truncate_words_by_rune(&["中文", "x"], 2),
        ("中文".to_string(), true)
    );
}
