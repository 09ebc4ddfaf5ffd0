//! Folio's core: everything that turns a raw Hugo post into HTML.
//!
//! The pipeline is plain Rust with no web dependency, so the CLI, the Yew app,
//! the live preview and the widget all call the same code:
//!
//! 1. [`frontmatter`] splits the file and parses TOML / YAML / JSON front matter;
//! 2. [`shortcode`] parses Hugo shortcodes in the body into a tree with spans;
//! 3. [`render`] expands shortcodes, renders Markdown and assembles the page.
//!
//! Problems are [`diagnostics::Diagnostic`] values with byte spans into the
//! original file; nothing here panics on bad input.

pub mod diagnostics;
/// Go-template interpreter for Hugo shortcode templates.
pub mod template;
