//! Folio's core: everything that turns a raw Hugo post into HTML.
//!
//! The pipeline is plain Rust with no web dependency, so the CLI, the Yew app,
//! the live preview and the widget all call the same code:
//!
//! 1. [`frontmatter`] splits the file and parses TOML / YAML / JSON front matter;
//! 2. [`shortcode`] parses Hugo shortcodes in the body into a tree with spans;
//! 3. [`render`] expands shortcodes ([`builtins`]), renders Markdown
//!    ([`markdown`]) and assembles the page;
//! 4. [`index`] lists a content directory's posts for the app.
//!
//! Problems are [`diagnostics::Diagnostic`] values with byte spans into the
//! original file; nothing here panics on bad input.

pub mod builtins;
pub mod diagnostics;
pub mod frontmatter;
pub mod index;
pub mod markdown;
pub mod render;
pub mod routes;
pub mod shortcode;
pub mod site;
pub mod template;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
#[cfg(not(target_arch = "wasm32"))]
pub mod serve;

#[cfg(target_arch = "wasm32")]
pub mod app;
