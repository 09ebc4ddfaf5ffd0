//! Snapshots of the typed output of `render_post` (`Rendered` as JSON):
//! the example post and a few small posts exercising blocks, headings,
//! embeds, links and the summary divider.
//!
//! The snapshots live in `tests/snapshots/`. After an intended change,
//! review and accept the new output with `cargo insta review` (or
//! `INSTA_UPDATE=always cargo test -p folio-core --test snapshots`, then
//! `git diff`). With `CI=true` insta never writes, so a stale snapshot fails.

#![cfg(not(target_arch = "wasm32"))]

use folio_core::diagnostics::LineIndex;
use folio_core::render::{render_post, Rendered};
use folio_core::site::Site;

const EXAMPLE: &str = include_str!("../../../content/posts/2017-05-28-pyconweb-may17.md");

/// Renders `src`, checks the block lines against the source (so a snapshot
/// cannot freeze a wrong line), and returns the typed output as JSON.
fn rendered_json(src: &str, site: &Site) -> (Rendered, serde_json::Value) {
    let rendered = render_post(src, site);
    let index = LineIndex::new(src);
    for block in &rendered.blocks {
        assert_eq!(block.line, index.position(block.start).line, "{block:?}");
    }
    let json = serde_json::to_value(&rendered).expect("Rendered serialises");
    (rendered, json)
}

#[test]
fn example_post() {
    let (rendered, json) = rendered_json(EXAMPLE, &Site::default());
    assert_eq!(rendered.tweet_ids().len(), 5);
    assert!(
        rendered.diagnostics.is_empty(),
        "{:?}",
        rendered.diagnostics
    );
    insta::assert_json_snapshot!(json);
}

#[test]
fn blocks_headings_and_links() {
    let src = "\
+++
title = \"Blocks\"
x = \"https://example.com/p\"
+++

# Intro with *emphasis* and `code`

A paragraph with a [link](https://example.com \"title\"), an autolink
<https://example.org/a?b=c> and a bare www.example.net.

## Second {#custom}

- one
- two with [dyn]({{< param x >}})

```rust
fn main() {}
```

Last \"quoted\" words -- with dashes... 这是中文。
";
    let (_, json) = rendered_json(src, &Site::default());
    insta::assert_json_snapshot!(json);
}

#[test]
fn embeds_and_summary_divider() {
    let src = "\
---
title: Embeds
---
Before the divider.

<!--more-->

{{< tweet user=\"jack\" id=\"20\" >}}

Watch {{< youtube abc >}} and {{< vimeo 4567 >}}.

{{< figure src=\"a.png\" caption=\"A *figure*\" >}}

{{< nope a=\"b\" >}}
";
    let (rendered, json) = rendered_json(src, &Site::default());
    assert!(rendered.truncated);
    assert_eq!(rendered.embeds.len(), 3);
    insta::assert_json_snapshot!(json);
}

// Runs a site or inline template (the `templates` feature).
#[cfg(feature = "templates")]
#[test]
fn unsafe_site_with_template_and_details() {
    let src = "\
{
  \"title\": \"Templates\",
  \"summary\": \"The *front matter* summary.\"
}

{{< hello \"world\" >}} then <span class=\"kept\">raw HTML</span>.

{{% details summary=\"More\" %}}
Hidden **text**.
{{% /details %}}

Footnote[^1].

[^1]: The note.
";
    let mut site = Site::default();
    site.config.unsafe_html = true;
    site.add_shortcode("hello", "<b>{{ .Get 0 }}</b>");
    let (_, json) = rendered_json(src, &site);
    insta::assert_json_snapshot!(json);
}
