//! Exact-output tests, one per goldmark feature; the expected HTML is what
//! Hugo 0.111.3 (goldmark, default settings) writes for the same input.

use super::*;

fn html(markdown: &str) -> String {
    render(markdown, &Options::default())
}

/// A site with goldmark's `unsafe = true`: raw HTML kept.
fn html_unsafe(markdown: &str) -> String {
    let options = Options {
        unsafe_html: true,
        ..Options::default()
    };
    render(markdown, &options)
}

#[test]
fn paragraphs_and_emphasis() {
    assert_eq!(
        html("Hello *world* and **bold** ~~gone~~\nnext line"),
        "<p>Hello <em>world</em> and <strong>bold</strong> <del>gone</del>\nnext line</p>\n"
    );
}

#[test]
fn anchorize_matches_hugo() {
    assert_eq!(
        anchorize("Other Elements — abbr, sub"),
        "other-elements--abbr-sub"
    );
    assert_eq!(
        anchorize("Hugo's _internal_ `code`"),
        "hugos-_internal_-code"
    );
    assert_eq!(anchorize("Ünïcode 123"), "ünïcode-123");
}

#[test]
fn heading_ids_are_unique_and_explicit_ids_win() {
    let rendered = render_document(
        "## Add a `PATH`\n\n## Add a `PATH`\n\n# Mine {#custom .wide}\n\n## _Major change_\n",
        &Options::default(),
        &[],
    );
    assert_eq!(
        rendered.html,
        "<h2 id=\"add-a-path\">Add a <code>PATH</code></h2>\n\
         <h2 id=\"add-a-path-1\">Add a <code>PATH</code></h2>\n\
         <h1 id=\"custom\" class=\"wide\">Mine</h1>\n\
         <h2 id=\"_major-change_\"><em>Major change</em></h2>\n"
    );
    assert_eq!(
        rendered.headings[0],
        Heading {
            level: 2,
            id: "add-a-path".into(),
            text: "Add a PATH".into(),
            source: 0..16,
        }
    );
}

#[test]
fn typographer_quotes_dashes_and_ellipsis() {
    assert_eq!(
        html("\"Don't\" -- 'quoted' --- wait... << a >> the '90s"),
        "<p>&ldquo;Don&rsquo;t&rdquo; &ndash; &lsquo;quoted&rsquo; &mdash; wait&hellip; &laquo; a &raquo; the &rsquo;90s</p>\n"
    );
    // Never inside code, and a lone `"` is escaped.
    assert_eq!(
        html("`\"a\" -- b` 5\" x"),
        "<p><code>&quot;a&quot; -- b</code> 5&quot; x</p>\n"
    );
}

#[test]
fn linkify_urls_www_and_email() {
    assert_eq!(
        html("See https://example.com/a_b, www.example.org. Mail me@example.com!"),
        "<p>See <a href=\"https://example.com/a_b\">https://example.com/a_b</a>, \
         <a href=\"https://www.example.org\">www.example.org</a>. \
         Mail <a href=\"mailto:me@example.com\">me@example.com</a>!</p>\n"
    );
    // Not inside links or code; a closing parenthesis stays outside.
    assert_eq!(
        html("[https://a.com](https://b.com) `https://c.com` (https://d.com)"),
        "<p><a href=\"https://b.com\">https://a.com</a> <code>https://c.com</code> \
         (<a href=\"https://d.com\">https://d.com</a>)</p>\n"
    );
}

#[test]
fn autolinks() {
    assert_eq!(
        html("<https://x.org/a--b> <me@x.org>"),
        "<p><a href=\"https://x.org/a--b\">https://x.org/a--b</a> <a href=\"mailto:me@x.org\">me@x.org</a></p>\n"
    );
}

#[test]
fn tables_with_alignment() {
    assert_eq!(
        html("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n"),
        "<table>\n<thead>\n<tr>\n<th style=\"text-align:left\">a</th>\n\
         <th style=\"text-align:center\">b</th>\n<th style=\"text-align:right\">c</th>\n\
         </tr>\n</thead>\n<tbody>\n<tr>\n<td style=\"text-align:left\">1</td>\n\
         <td style=\"text-align:center\">2</td>\n<td style=\"text-align:right\">3</td>\n\
         </tr>\n</tbody>\n</table>\n"
    );
}

#[test]
fn task_lists() {
    assert_eq!(
        html("- [x] done\n- [ ] todo\n"),
        "<ul>\n<li><input checked=\"\" disabled=\"\" type=\"checkbox\"> done</li>\n\
         <li><input disabled=\"\" type=\"checkbox\"> todo</li>\n</ul>\n"
    );
}

#[test]
fn definition_lists_tight_and_loose() {
    assert_eq!(
        html("Term\n: Tight one\n\nOther\n\n: Loose one\n"),
        "<dl>\n<dt>Term</dt>\n<dd>Tight one</dd>\n<dt>Other</dt>\n<dd>\n<p>Loose one</p>\n</dd>\n</dl>\n"
    );
}

#[test]
fn footnotes() {
    assert_eq!(
        html("A[^n] b[^m].\n\n[^m]: Second.\n[^n]: First.\n"),
        "<p>A<sup id=\"fnref:1\"><a href=\"#fn:1\" class=\"footnote-ref\" role=\"doc-noteref\">1</a></sup> \
         b<sup id=\"fnref:2\"><a href=\"#fn:2\" class=\"footnote-ref\" role=\"doc-noteref\">2</a></sup>.</p>\n\
         <div class=\"footnotes\" role=\"doc-endnotes\">\n<hr>\n<ol>\n\
         <li id=\"fn:1\">\n<p>First.&#160;<a href=\"#fnref:1\" class=\"footnote-backref\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a></p>\n</li>\n\
         <li id=\"fn:2\">\n<p>Second.&#160;<a href=\"#fnref:2\" class=\"footnote-backref\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a></p>\n</li>\n\
         </ol>\n</div>\n"
    );
}

#[test]
fn images_links_and_empty_alt() {
    assert_eq!(
        html("![A \"cat\"](cat.png \"Title\") ![](x.png) [t](/a b \"T\")"),
        "<p><img src=\"cat.png\" alt=\"A &ldquo;cat&rdquo;\" title=\"Title\"> <img src=\"x.png\" alt=\"\"> [t](/a b &ldquo;T&rdquo;)</p>\n"
    );
    assert_eq!(
        html("[a & b](/p?x=1&y=2 \"t\")"),
        "<p><a href=\"/p?x=1&amp;y=2\" title=\"t\">a &amp; b</a></p>\n"
    );
}

#[test]
fn rules_breaks_and_code_blocks() {
    assert_eq!(
        html("a  \nb\n\n---\n\n```go\nx < 1\n```\n\n    indented\n"),
        "<p>a<br>\nb</p>\n<hr>\n<pre tabindex=\"0\"><code class=\"language-go\" data-lang=\"go\">x &lt; 1\n</code></pre><pre><code>indented\n</code></pre>\n"
    );
}

#[test]
fn raw_html_kept_or_omitted() {
    let input = "<div>\nblock\n</div>\n\nand <b>inline</b>\n";
    assert_eq!(
        html_unsafe(input),
        "<div>\nblock\n</div>\n<p>and <b>inline</b></p>\n"
    );
    let safe = Options {
        unsafe_html: false,
        ..Options::default()
    };
    assert_eq!(
        render(input, &safe),
        "<!-- raw HTML omitted -->\n<p>and <!-- raw HTML omitted -->inline<!-- raw HTML omitted --></p>\n"
    );
}

#[test]
fn nested_tight_and_loose_lists() {
    assert_eq!(
        html("- Fruit\n  - Apple\n- Dairy\n"),
        "<ul>\n<li>Fruit\n<ul>\n<li>Apple</li>\n</ul>\n</li>\n<li>Dairy</li>\n</ul>\n"
    );
    assert_eq!(
        html("3. one\n\n4. two\n"),
        "<ol start=\"3\">\n<li>\n<p>one</p>\n</li>\n<li>\n<p>two</p>\n</li>\n</ol>\n"
    );
}

#[test]
fn blockquotes_and_escaping() {
    assert_eq!(
        html("> a < b & \\\"c\\\"\n"),
        "<blockquote>\n<p>a &lt; b &amp; &quot;c&quot;</p>\n</blockquote>\n"
    );
}

#[test]
fn options_can_turn_features_off() {
    let off = Options {
        typographer: false,
        linkify: false,
        auto_heading_ids: false,
        unsafe_html: true,
        ..Options::default()
    };
    assert_eq!(
        render("# Hi\n\n\"x\" -- https://a.com\n", &off),
        "<h1>Hi</h1>\n<p>&quot;x&quot; -- https://a.com</p>\n"
    );
}

#[test]
fn odd_inputs_never_panic() {
    let inputs = [
        "",
        "'",
        "\"",
        "--",
        "...",
        "<<",
        "https://",
        "www.",
        "a@b",
        "a@b.",
        "x@-.com",
        "(((https://a.com)))",
        "https://a.com&amp;",
        "[^1]",
        "[^1]:",
        "# ",
        "#",
        "![",
        "![a](",
        "| a |\n|---|",
        ": x",
        "é'ü\"ï—",
        "> \"'",
        "* - + 1.",
        "```\n",
        "<div>",
        "\\'\\\"",
        "http://é.com",
        "www.é.org",
    ];
    for input in inputs {
        let _ = render_document(input, &Options::default(), &[]);
    }
}

#[test]
fn angle_quote_wins_over_a_following_tag() {
    // goldmark's typographer takes `<<` first, so the tag is text with smart
    // quotes; the closing tag after it is still raw HTML.
    assert_eq!(
        html_unsafe("[code]: <<span class=\"stub\" data-p=\"[&#34;x&#34;]\"></span>>"),
        "<p>[code]: &laquo;span class=&ldquo;stub&rdquo; data-p=&quot;[&quot;x&quot;]&quot;&gt;</span>&gt;</p>\n"
    );
    // A single `<` before a tag leaves the tag alone.
    assert_eq!(html_unsafe("a < <b>x</b>"), "<p>a &lt; <b>x</b></p>\n");
}

#[test]
fn fences_with_attributes_are_highlighted() {
    // Options from the attributes, the rest on the wrapper; no newline after
    // the wrapper, as Hugo's highlighter writes it.
    assert_eq!(
        html("```go {linenos=inline,hl_lines=[2],file=\"a.go\"}\nx\ny\n```\n\nnext"),
        "<div class=\"highlight\" file=\"a.go\"><pre tabindex=\"0\" style=\"color:#f8f8f2;background-color:#272822;-moz-tab-size:4;-o-tab-size:4;tab-size:4;display:grid;\"><code class=\"language-go\" data-lang=\"go\">\
         <span style=\"display:flex;\"><span style=\"white-space:pre;-webkit-user-select:none;user-select:none;margin-right:0.4em;padding:0 0.4em 0 0.4em;color:#7f7f7f\">1</span><span>x\n</span></span>\
         <span style=\"display:flex; background-color:#3c3d38\"><span style=\"white-space:pre;-webkit-user-select:none;user-select:none;margin-right:0.4em;padding:0 0.4em 0 0.4em;color:#7f7f7f\">2</span><span>y\n</span></span>\
         </code></pre></div><p>next</p>\n"
    );
    // Plain fences, and attributes without a language (no lexer), stay plain.
    assert_eq!(
        html("```go\nx\n```\n\n```{linenos=true}\ny\n```\n"),
        "<pre tabindex=\"0\"><code class=\"language-go\" data-lang=\"go\">x\n</code></pre><pre tabindex=\"0\"><code>y\n</code></pre>"
    );
}

#[test]
fn table_cells_are_lines_of_their_own() {
    // goldmark parses a cell as its own line: it starts after a newline
    // (linkify links there, `'l` is an apostrophe) and ends at the cell's
    // end (a lone `'` there is not a plural possessive). Hugo 0.111.3's output.
    let out = html("| a|b |\n| --|-- |\n| www.example.com*|note@example.com |\n| 'list'|www.example.com'|x |\n");
    assert!(
        out.contains("<td><a href=\"https://www.example.com\">www.example.com</a>*</td>"),
        "{out}"
    );
    assert!(
        out.contains("<td><a href=\"mailto:note@example.com\">note@example.com</a></td>"),
        "{out}"
    );
    assert!(out.contains("<td>&rsquo;list'</td>"), "{out}");
    assert!(
        out.contains("<a href=\"https://www.example.com\">www.example.com</a>'</td>"),
        "{out}"
    );
}

#[test]
fn open_quotes_are_counted_for_the_whole_document() {
    // goldmark 1.5.4 never resets its count of open quotes: the `'` left open
    // by `'beta' "` (its closing quote is taken as a possessive) lets the last
    // quote of a later paragraph close.
    assert_eq!(
        html("'beta' \"folio's\" x\n\n'text page'"),
        "<p>&lsquo;beta&rsquo; &ldquo;folio&rsquo;s&rdquo; x</p>\n<p>&rsquo;text page&rsquo;</p>\n"
    );
    assert_eq!(
        html("'beta'\n\n'text page'"),
        "<p>&lsquo;beta&rsquo;</p>\n<p>&rsquo;text page'</p>\n"
    );
}

#[test]
fn highlighted_fences_lose_trailing_blank_lines() {
    // Chroma (Hugo 0.111.3): blank lines at the end go, those at the start
    // stay; an empty fence has no line at all.
    let out = html("```go {hl_lines=[1]}\n\na\n\n\n```\n");
    assert!(out.ends_with("<span>\n</span></span><span style=\"display:flex;\"><span>a\n</span></span></code></pre></div>"), "{out}");
    let out = html("```go {linenos=true}\n\n```\n");
    assert!(out.contains("data-lang=\"go\"></code></pre>"), "{out}");
}

#[test]
fn repeated_footnote_references_are_numbered() {
    // goldmark: the second reference is `fnref1:1`, and the note has a
    // backlink to each reference (Hugo 0.111.3's output).
    let out = html("a[^n] b[^n]\n\n[^n]: Note.\n");
    assert!(out.contains("a<sup id=\"fnref:1\">"), "{out}");
    assert!(out.contains("b<sup id=\"fnref1:1\">"), "{out}");
    assert!(
        out.contains(
            "Note.&#160;<a href=\"#fnref:1\" class=\"footnote-backref\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a>\
             &#160;<a href=\"#fnref1:1\" class=\"footnote-backref\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a></p>"
        ),
        "{out}"
    );
}

#[test]
fn a_blocks_last_line_ends_at_its_last_visible_character() {
    // goldmark trims a paragraph's last line: with CRLF line endings a
    // closing `'` there is not followed by `\r\n` (Hugo 0.111.3: `’list'`).
    assert_eq!(html("- 'list'\r\n"), "<ul>\n<li>&rsquo;list'</li>\n</ul>\n");
    assert_eq!(html("a 'x' \n"), "<p>a &lsquo;x&rsquo;</p>\n");
}

#[test]
fn fence_info_keeps_its_backslashes() {
    // goldmark (Hugo 0.111.3, spec example 24): `language-foo\+bar`.
    assert_eq!(
        html("``` foo\\+bar\nfoo\n```\n"),
        "<pre tabindex=\"0\"><code class=\"language-foo\\+bar\" data-lang=\"foo\\+bar\">foo\n</code></pre>"
    );
}

#[test]
fn a_footnote_that_is_only_a_shortcode_keeps_its_paragraph() {
    // The backlink joins the paragraph, so Hugo does not unwrap it.
    let source = format!("a[^1]\n\n[^1]: {}\n", token(0));
    let injections = [Injection {
        at: source.find(TOKEN_PREFIX).unwrap(),
        ordinal: 0,
        token: token(0),
        html: "<span>x</span>".to_string(),
        text: "x".to_string(),
        breaks_paragraph: false,
        embed: false,
    }];
    let doc = render_document(&source, &Options::default(), &injections);
    assert!(
        doc.html
            .contains("<li id=\"fn:1\">\n<p><span>x</span>&#160;<a href=\"#fnref:1\""),
        "{}",
        doc.html
    );
}

#[test]
fn tokens_are_hugos_placeholders() {
    for ordinal in [0, 1, 9, 10, 99, 100, 12345, usize::MAX] {
        assert_eq!(token(ordinal), format!("HAHAHUGOSHORTCODE-s{ordinal}-HBHB"));
    }
}

// proptest is a native dev-dependency (the browser tests build this
// crate for wasm32 too).
#[cfg(not(target_arch = "wasm32"))]
proptest::proptest! {
    /// `render` skips collecting the links; its HTML is
    /// still exactly `render_document`'s.
    #[test]
    fn render_is_render_documents_html(
        markdown in "([a-z @:/.\\-'\"<>&_*`\\[\\]()!#|^~=+\\\\\n]|www\\.|https://|\\[\\^1\\]|\\n\\n|\\n- |\\n> |\\n# |é){0,80}",
        unsafe_html: bool,
    ) {
        let options = Options { unsafe_html, ..Options::default() };
        proptest::prop_assert_eq!(
            render(&markdown, &options),
            render_document(&markdown, &options, &[]).html
        );
    }
}

#[test]
fn render_is_render_documents_html_on_the_example_post() {
    let post = include_str!("../../../../content/posts/2017-05-28-pyconweb-may17.md");
    let options = Options::default();
    assert_eq!(
        render(post, &options),
        render_document(post, &options, &[]).html
    );
}
