//! An interpreter for the subset of Go templates (text/template syntax with
//! html/template's contextual escaping) plus the Hugo functions that real
//! shortcode templates (`layouts/shortcodes/NAME.html`) use, so Folio can run
//! a site's shortcodes natively and in the browser, byte-for-byte like Hugo.
//!
//! The engine is private to the crate; the rest of Folio sees [`Template`],
//! [`TemplateError`], [`Host`], [`ShortcodeContext`] and [`Value`]. An
//! end-to-end example is the `doc_example` test in `tests.rs`.
//!
//! Pipeline: [`lexer`] (text and action tokens, trim markers, comments) →
//! [`parser`] (tree with byte spans, `define`d templates) → [`exec`]
//! (evaluation, with [`escape`] choosing the escaper for each printed value
//! from the HTML context of the surrounding template text) using [`funcs`].
//! Functions Folio cannot offer (`partial`, `resources.Get`, `site.GetPage`…)
//! fail at run time with an error naming the template, line and column.

mod context;
mod escape;
mod exec;
pub(crate) mod funcs;
mod json;
mod lexer;
mod parser;
mod value;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;

use crate::diagnostics::{LineIndex, Span};

pub use context::ShortcodeContext;
pub use value::{Object, Value};

/// How much output one execution may produce (template output and results
/// of functions such as `strings.Repeat`).
pub(crate) const MAX_OUTPUT_BYTES: usize = 32 * 1024 * 1024;

/// How large one value (a string, or a list or map counted with its
/// contents) may grow: a string or list doubled in a loop stops here with
/// an error naming the template and line, long before memory runs out.
pub(crate) const MAX_VALUE_BYTES: usize = 8 * 1024 * 1024;

/// What templates need from the site around them.
pub trait Host {
    /// Markdown to HTML (the full document renderer; `markdownify` strips a
    /// lone paragraph's `<p>` itself).
    fn markdownify(&self, md: &str) -> String;
    /// The URL of the page at `path` (`relref` when `relative`), or `None`
    /// when there is no such page.
    fn ref_link(&self, path: &str, relative: bool) -> Option<String>;
    /// The site's base URL, e.g. `https://example.org/blog/`.
    fn base_url(&self) -> String;
}

/// A host for tests and standalone use: Markdown is escaped into a
/// paragraph, refs resolve to nothing, the base URL is `/`.
#[cfg(test)]
pub struct NoHost;

#[cfg(test)]
impl Host for NoHost {
    fn markdownify(&self, md: &str) -> String {
        format!("<p>{}</p>\n", crate::text::html_template(md))
    }
    fn ref_link(&self, _path: &str, _relative: bool) -> Option<String> {
        None
    }
    fn base_url(&self) -> String {
        "/".to_string()
    }
}

/// A parse or execution error, located in the template source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    pub template: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// Byte span in the template source.
    pub span: Span,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.template, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for TemplateError {}

/// A parsed template, with the templates it `define`s.
pub struct Template {
    name: String,
    src: String,
    index: LineIndex<'static>,
    root: Vec<parser::Node>,
    defines: HashMap<String, Vec<parser::Node>>,
}

impl fmt::Debug for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Template")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl Template {
    /// Parses `src`; `name` is used in error messages.
    pub fn parse(name: &str, src: &str) -> Result<Template, TemplateError> {
        let index = LineIndex::owned(src.to_string());
        let make_error = |span: Span, message: String| {
            let pos = index.position(span.start);
            TemplateError {
                template: name.to_string(),
                line: pos.line,
                column: pos.column,
                message,
                span,
            }
        };
        let items = lexer::lex(src).map_err(|e| make_error(e.span, e.message))?;
        let parsed =
            parser::parse(items, &funcs::is_function).map_err(|e| make_error(e.span, e.message))?;
        Ok(Template {
            name: name.to_string(),
            src: src.to_string(),
            index,
            root: parsed.root,
            defines: parsed.defines,
        })
    }

    /// Runs the template with `dot` as `.` and `$`.
    pub fn execute(&self, dot: &Value, host: &dyn Host) -> Result<String, TemplateError> {
        let mut executor = exec::Executor::new(&self.src, &self.defines, host, dot.clone());
        match executor.run(&self.root) {
            Ok(()) => Ok(executor.out),
            Err(e) => {
                let pos = self.index.position(e.span.start);
                Err(TemplateError {
                    template: self.name.clone(),
                    line: pos.line,
                    column: pos.column,
                    message: e.message,
                    span: e.span,
                })
            }
        }
    }
}
