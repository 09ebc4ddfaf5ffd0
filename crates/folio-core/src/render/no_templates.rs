//! The pipeline's shortcode templates without the template engine (the
//! `templates` feature off, as in the app's first-load wasm): a site
//! template is only known by name, and a shortcode that would run a
//! template renders as an error placeholder. The app never shows that: it
//! renders such posts with the full engine ([`super::needs_engine`]).

use super::{unknown_placeholder, Expander};
use crate::diagnostics::Diagnostic;
use crate::frontmatter::FrontMatter;
use crate::shortcode::Shortcode;
use crate::site::Site;

/// A site shortcode template: its name (the map's key) is all this build
/// keeps.
#[derive(Clone, Debug)]
pub struct ShortcodeTemplate;

pub(crate) fn parse_shortcode(_name: &str, _source: &str) -> ShortcodeTemplate {
    ShortcodeTemplate
}

pub(crate) fn same_shortcode(_: &ShortcodeTemplate, _: &ShortcodeTemplate) -> bool {
    true
}

/// Nothing to keep while a page renders.
pub(super) struct State;

impl State {
    pub(super) fn new(_: &FrontMatter, _: &Site, _: Option<&crate::links::PageRef>) -> State {
        State
    }
}

impl Expander<'_> {
    /// `sc` when a template would render it: an error placeholder.
    pub(super) fn template_shortcode(&mut self, sc: &Shortcode, _ordinal: usize) -> Option<String> {
        if !super::runs_template(self.site, sc, self.options.policy().is_untrusted()) {
            return None;
        }
        self.diagnostics.push(Diagnostic::error(
            sc.open_span,
            format!(
                "shortcode '{}': its template needs Folio's full engine, not loaded here",
                sc.name
            ),
        ));
        Some(unknown_placeholder(
            &sc.name,
            &self.src[sc.open_span.start..sc.open_span.end],
        ))
    }
}
