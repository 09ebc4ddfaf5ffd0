//! The fronts over `folio-core`: the native `folio` command-line tool
//! (`cli`, with its `serve` server) and, in wasm32, the Yew app (`app`). Nothing here parses
//! or renders; it fetches, reads files, routes, mounts and embeds.

pub use folio_core::{
    diagnostics, edit, frontmatter, index, links, lints, policy, render, routes, sanitize, site,
};

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod app;
