//! Folio's engine: everything that turns a raw Hugo post into HTML.
//!
//! Plain Rust with no I/O and no web dependency, so the CLI, the Yew app,
//! the live preview and the widget all call the same code and it is tested
//! natively in seconds. The pipeline (see `ARCHITECTURE.md`):
//!
//! 1. [`frontmatter`] splits the file and parses TOML / YAML / JSON front matter;
//! 2. [`shortcode`] parses Hugo shortcodes in the body into a tree with spans;
//! 3. [`render`] expands shortcodes (the built-ins and the site's templates),
//!    runs Markdown as one event stream with the `{{< >}}` output injected at
//!    its source spans, passes every raw-HTML event, URL and shortcode output
//!    through one [`policy`], and returns a [`Rendered`] post made of blocks;
//! 4. [`index`] lists a content directory's posts for the app.
//!
//! Problems are [`diagnostics::Diagnostic`] values with byte spans into the
//! original file; nothing here panics on bad input.

// The fronts' API: the pipeline and its typed output, the site, the index
// and routes, diagnostics, the trust policy and its sanitiser.
pub mod diagnostics;
pub mod edit;
pub mod frontmatter;
pub mod hash;
pub mod incremental;
pub mod index;
pub mod links;
pub mod lints;
pub mod policy;
pub mod render;
pub mod routes;
pub mod sanitize;
pub mod site;
pub mod transfer;

// The stages behind the pipeline: used by `render`, not by the fronts.
// (`markdown` and `shortcode` stay public for `markdownify`-style callers,
// the fuzzer and the differential tests; the template engine is private.)
pub(crate) mod builtins;
pub mod markdown;
pub mod shortcode;
#[cfg(feature = "templates")]
pub(crate) mod template;
pub mod text;

#[cfg(test)]
mod testdata;

pub use diagnostics::{Diagnostic, LineIndex, Position, Severity, Span};
pub use frontmatter::{Date, FrontMatter};
pub use policy::{Policy, Trust};
pub use render::{
    render_bytes, render_post, render_with, Block, Embed, Heading, Link, LocatedDiagnostic,
    Rendered, RenderedPost,
};
pub use site::{Site, SiteConfig, SiteFiles};
