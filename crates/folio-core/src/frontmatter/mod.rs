//! Front matter: splits a Hugo content file into its metadata block and its
//! body, and reads the metadata the way Hugo does.
//!
//! Hugo recognises three formats at the start of a file (after an optional
//! byte order mark and blank lines): TOML between `+++` lines, YAML between
//! `---` lines, and a JSON object. Keys are case-insensitive; the fields Hugo
//! gives meaning to are typed in [`FrontMatter`], and every key is also kept
//! in [`FrontMatter::params`] for templates and shortcodes.
//!
//! All errors are [`Diagnostic`]s whose spans are byte offsets into the
//! original file, however the front matter was delimited.

mod date;
mod formats;
#[cfg(feature = "full-frontmatter")]
mod full;
mod read_toml;
mod read_yaml;

/// A double-quoted string on one line, as both own readers read one: from
/// `*i` (just after the opening `"`) to the closing `"`, each `\` escape
/// decoded by the reader's `escape` (called with `*i` just after the
/// backslash; it moves `*i` past the escape). `None` at a line break, at
/// the end of the text or at an escape the reader leaves to the full
/// parser. Cuts are made at `"` and `\`, so they fall on char boundaries.
fn quoted_on_line(
    s: &str,
    i: &mut usize,
    escape: impl Fn(&str, &mut usize) -> Option<char>,
) -> Option<String> {
    let mut out = String::new();
    let mut start = *i;
    loop {
        match s.as_bytes().get(*i)? {
            b'"' => {
                out.push_str(&s[start..*i]);
                *i += 1;
                return Some(out);
            }
            b'\\' => {
                out.push_str(&s[start..*i]);
                *i += 1;
                out.push(escape(s, i)?);
                start = *i;
            }
            b'\n' | b'\r' => return None,
            _ => *i += 1,
        }
    }
}

/// The character of the `len` hex digits at `*i` (a `\u`, `\U` or `\x`
/// escape's), moving `*i` past them.
fn hex_escape(s: &str, i: &mut usize, len: usize) -> Option<char> {
    let hex = s.get(*i..*i + len)?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    *i += len;
    char::from_u32(u32::from_str_radix(hex, 16).ok()?)
}

pub use date::Date;

use serde_json::{Map, Value};

use std::cell::RefCell;

use crate::diagnostics::{Diagnostic, Span};

/// The language of a front matter block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Toml,
    Yaml,
    Json,
}

impl Format {
    /// The name used in messages: `TOML`, `YAML` or `JSON`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Toml => "TOML",
            Format::Yaml => "YAML",
            Format::Json => "JSON",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A content file split into its parsed front matter and its body.
#[derive(Clone, Debug, PartialEq)]
pub struct Document<'a> {
    /// `None` when the file has no front matter.
    pub format: Option<Format>,
    pub front_matter: FrontMatter,
    /// The text after the closing delimiter line.
    pub body: &'a str,
    /// Byte offset of `body` in the source, to shift the body's spans.
    pub body_offset: usize,
    /// Values Hugo would build with but ignores or reads as a default
    /// (`weight: ''`, a date in no layout Hugo knows, `draft: maybe`): the
    /// typed field falls back as Hugo's does and a warning says so.
    pub warnings: Vec<Diagnostic>,
}

/// The metadata Hugo understands, typed, plus every key in `params`.
///
/// Date fields hold what the file says; [`FrontMatter::effective_date`] and
/// friends apply Hugo's default fallbacks between them.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FrontMatter {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub description: Option<String>,
    pub summary: Option<String>,
    /// `date`.
    pub date: Option<Date>,
    /// `publishDate`, or its aliases `pubdate` and `published` (when the
    /// latter is a date).
    pub publish_date: Option<Date>,
    /// `lastmod`, or its alias `modified`.
    pub lastmod: Option<Date>,
    /// `expiryDate`, or its alias `unpublishdate`.
    pub expiry_date: Option<Date>,
    /// `draft`, or the opposite of a boolean `published`.
    pub draft: bool,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub keywords: Vec<String>,
    pub slug: Option<String>,
    pub url: Option<String>,
    pub aliases: Vec<String>,
    pub weight: i64,
    /// `images`, then `bigimg` when it is a non-empty string (the Beautiful
    /// Hugo theme's header image).
    pub images: Vec<String>,
    /// Every key, lower-cased at every depth, with its value as JSON; dates
    /// are kept as the string written (TOML date-times as RFC 3339).
    pub params: Map<String, Value>,
}

impl FrontMatter {
    /// Hugo's `.Date`: `date`, else `publishDate`, else `lastmod`.
    pub fn effective_date(&self) -> Option<&Date> {
        self.date
            .as_ref()
            .or(self.publish_date.as_ref())
            .or(self.lastmod.as_ref())
    }

    /// Hugo's `.PublishDate`: `publishDate`, else `date`.
    pub fn effective_publish_date(&self) -> Option<&Date> {
        self.publish_date.as_ref().or(self.date.as_ref())
    }

    /// Hugo's `.Lastmod`: `lastmod`, else `date`, else `publishDate`.
    pub fn effective_lastmod(&self) -> Option<&Date> {
        self.lastmod
            .as_ref()
            .or(self.date.as_ref())
            .or(self.publish_date.as_ref())
    }
}

/// Splits `src` into front matter and body and parses the front matter.
///
/// A file without front matter is valid: its whole text (minus a byte order
/// mark) is the body. Errors carry spans in bytes of `src`.
pub fn parse(src: &str) -> Result<Document<'_>, Diagnostic> {
    let split = split(src)?;
    let Some(block) = split.block else {
        return Ok(Document {
            format: None,
            front_matter: FrontMatter::default(),
            body: &src[split.body_offset..],
            body_offset: split.body_offset,
            warnings: Vec::new(),
        });
    };
    let text = &src[block.text.start..block.text.end];
    let context = Context {
        format: block.format,
        text,
        text_offset: block.text.start,
        opening: block.opening,
        warnings: RefCell::new(Vec::new()),
    };
    let params = formats::parse(block.format, text).map_err(|error| {
        Diagnostic::error(
            error.span.shifted(context.text_offset),
            context.message(&error.message),
        )
    })?;
    let front_matter = typed_front_matter(params, &context);
    Ok(Document {
        format: Some(block.format),
        front_matter,
        body: &src[split.body_offset..],
        body_offset: split.body_offset,
        warnings: context.warnings.into_inner(),
    })
}

/// Where the body starts when [`parse`] failed: after the front matter block
/// if its closing delimiter was found, else at the very start, so the author
/// still sees all of their text.
pub fn body_offset_after_error(src: &str) -> usize {
    split(src).map_or(0, |split| split.body_offset)
}

/// Parses a whole data file (a site configuration) written in `format` into
/// a JSON object with lower-cased keys, or a one-line error message.
pub fn parse_data(format: Format, text: &str) -> Result<Map<String, Value>, String> {
    formats::parse(format, text).map_err(|error| {
        let position = crate::diagnostics::LineIndex::new(text).position(error.span.start);
        format!("{}:{}: {}", position.line, position.column, error.message)
    })
}

/// Whether this build cannot read `src`'s front matter: it is TOML or YAML
/// outside what Folio's own readers read (anchors, tags, multi-line quoted
/// text, invalid syntax...) and the build has no full parser (folio-core's
/// `full-frontmatter` feature off, as in the app's first-load wasm). The
/// caller then renders the post with the full engine
/// ([`crate::render::needs_engine`]). Always false with the full parser.
pub fn needs_full_parser(src: &str) -> bool {
    if cfg!(feature = "full-frontmatter") {
        return false;
    }
    match split(src) {
        Ok(Split {
            block: Some(block), ..
        }) if block.format != Format::Json => {
            formats::read_own(block.format, &src[block.text.start..block.text.end]).is_none()
        }
        _ => false,
    }
}

/// The typed front matter of `params` (a parsed front matter's
/// [`FrontMatter::params`]), as [`parse`] types it; warnings are dropped.
/// For a post rendered elsewhere (the render worker) whose front matter
/// this build cannot parse ([`needs_full_parser`]): its params travel.
pub fn from_params(params: Map<String, Value>) -> FrontMatter {
    let context = Context {
        format: Format::Json,
        text: "",
        text_offset: 0,
        opening: Span::new(0, 0),
        warnings: RefCell::new(Vec::new()),
    };
    typed_front_matter(params, &context)
}

/// Whether a data file (a site configuration) in `format` is one this
/// build's readers cannot read without the full parser (see
/// [`needs_full_parser`]); true for TOML or YAML outside their subset
/// whatever the build.
pub fn data_needs_full_parser(format: Format, text: &str) -> bool {
    format != Format::Json && formats::read_own(format, text).is_none()
}

/// Folio's own front matter readers and the full parsers side by side, for
/// the differential tests and the benchmark; not an API.
#[doc(hidden)]
pub mod readers {
    use super::{formats, Format};
    use serde_json::{Map, Value};

    /// The root values' spans (byte ranges) a reader places, by key.
    pub type Spans = Vec<(String, (usize, usize))>;

    /// What Folio's own reader makes of TOML or YAML `text` (`None`: not in
    /// its subset), with the root values' spans it places.
    pub fn own(format: Format, text: &str) -> Option<(Map<String, Value>, Spans)> {
        formats::read_own(format, text).map(|read| {
            let spans = read
                .spans
                .into_iter()
                .map(|(k, s)| (k, (s.start, s.end)))
                .collect();
            (read.map, spans)
        })
    }

    /// The full parser's reading of `text`, or its error message.
    #[cfg(feature = "full-frontmatter")]
    pub fn full(format: Format, text: &str) -> Result<Map<String, Value>, String> {
        formats::parse_full(format, text).map_err(|e| e.message)
    }

    /// The full parser's span of root key `key`'s value.
    #[cfg(feature = "full-frontmatter")]
    pub fn full_span(format: Format, text: &str, key: &str) -> Option<(usize, usize)> {
        formats::full_value_span(format, text, key).map(|s| (s.start, s.end))
    }
}

// ------------------------------------------------------------ splitting

/// Where the front matter block is, all in bytes of the original file.
struct Block {
    format: Format,
    /// The opening delimiter (`+++`, `---` or `{`), for errors about the
    /// block as a whole.
    opening: Span,
    /// The text handed to the format's parser.
    text: Span,
}

struct Split {
    block: Option<Block>,
    body_offset: usize,
}

const BOM: &str = "\u{feff}";

/// The lines of `src` from `from` on: (start, content end without the line
/// break, next line's start).
fn lines_from(src: &str, from: usize) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut start = from;
    std::iter::from_fn(move || {
        if start >= src.len() {
            return None;
        }
        let rest = &src[start..];
        let (content_len, next) = match rest.find('\n') {
            Some(newline) => (newline, start + newline + 1),
            None => (rest.len(), src.len()),
        };
        let line = (start, start + content_len, next);
        start = next;
        Some(line)
    })
}

/// A delimiter line may end with spaces, tabs and a `\r` (CRLF files).
fn is_delimiter_line(line: &str, delimiter: &str) -> bool {
    line.trim_end_matches([' ', '\t', '\r']) == delimiter
}

fn split(src: &str) -> Result<Split, Diagnostic> {
    let content_start = if src.starts_with(BOM) { BOM.len() } else { 0 };
    let no_front_matter = Ok(Split {
        block: None,
        body_offset: content_start,
    });

    // Hugo skips white space before the front matter.
    let Some((start, end, next)) =
        lines_from(src, content_start).find(|&(start, end, _)| !src[start..end].trim().is_empty())
    else {
        return no_front_matter;
    };
    let first_line = &src[start..end];

    // `{{` cannot start a JSON object (keys are strings): it is a body
    // opening with a shortcode such as `{{< figure >}}`.
    if first_line.starts_with('{') && !first_line.starts_with("{{") {
        let Some(close) = formats::matching_bracket_end(src, start) else {
            return Err(Diagnostic::error(
                Span::new(start, start + 1),
                "front matter (JSON): no closing `}` for the opening `{`",
            ));
        };
        // The body starts on the next line if only blanks follow the `}`.
        let rest = &src[close..];
        let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let after_blanks = &rest[blanks..];
        let body_offset = if after_blanks.starts_with("\r\n") {
            close + blanks + 2
        } else if after_blanks.starts_with('\n') {
            close + blanks + 1
        } else {
            close
        };
        return Ok(Split {
            block: Some(Block {
                format: Format::Json,
                opening: Span::new(start, start + 1),
                text: Span::new(start, close),
            }),
            body_offset,
        });
    }

    let (format, delimiter) = if is_delimiter_line(first_line, "+++") {
        (Format::Toml, "+++")
    } else if is_delimiter_line(first_line, "---") {
        (Format::Yaml, "---")
    } else {
        return no_front_matter;
    };
    let opening = Span::new(start, start + delimiter.len());
    let Some((close_start, _, close_next)) =
        lines_from(src, next).find(|&(line_start, line_end, _)| {
            is_delimiter_line(&src[line_start..line_end], delimiter)
        })
    else {
        return Err(Diagnostic::error(
            opening,
            format!(
                "front matter ({}): no closing `{delimiter}` line",
                format.name()
            ),
        ));
    };
    Ok(Split {
        block: Some(Block {
            format,
            opening,
            text: Span::new(next, close_start),
        }),
        body_offset: close_next,
    })
}

// ------------------------------------------------------------ typed fields

/// What typed-field checks need to report an error at the right place.
struct Context<'a> {
    format: Format,
    text: &'a str,
    text_offset: usize,
    opening: Span,
    /// Values read leniently, as Hugo does (see [`Document::warnings`]).
    warnings: RefCell<Vec<Diagnostic>>,
}

impl Context<'_> {
    fn message(&self, detail: &str) -> String {
        format!("front matter ({}): {detail}", self.format.name())
    }

    /// A warning about `key`'s value, placed on the value when it can be
    /// found, else on the opening delimiter. Hugo builds such a page (its
    /// `cast` functions fall back to a zero value and unparseable dates are
    /// ignored), so Folio does too and says what it did.
    fn value_warning(&self, key: &str, detail: &str, fallback: &str) {
        let span = formats::value_span(self.format, self.text, key)
            .map_or(self.opening, |span| span.shifted(self.text_offset));
        self.warnings.borrow_mut().push(Diagnostic::warning(
            span,
            self.message(&format!("`{key}`: {detail}; {fallback}, as Hugo does")),
        ));
    }
}

/// A short description of a JSON value for messages.
fn describe(value: &Value) -> String {
    match value {
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a table".to_owned(),
        scalar => scalar.to_string(),
    }
}

/// Scalars as Hugo's `cast.ToString` turns them into text.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The first of `keys` present (and not null) in `params`, with its key.
fn lookup<'p>(
    params: &'p Map<String, Value>,
    keys: &[&'static str],
) -> Option<(&'static str, &'p Value)> {
    keys.iter()
        .find_map(|&key| params.get(key).filter(|v| !v.is_null()).map(|v| (key, v)))
}

fn text_field(params: &Map<String, Value>, key: &'static str, context: &Context) -> Option<String> {
    let (_, value) = lookup(params, &[key])?;
    let text = scalar_text(value);
    if text.is_none() {
        context.value_warning(
            key,
            &format!("expected text, found {}", describe(value)),
            "ignored",
        );
    }
    text
}

/// A list of strings, or one string standing for a list of one.
fn list_field(params: &Map<String, Value>, key: &'static str, context: &Context) -> Vec<String> {
    let Some((_, value)) = lookup(params, &[key]) else {
        return Vec::new();
    };
    let list = match value {
        Value::Array(items) => items
            .iter()
            .filter(|item| !item.is_null())
            .map(scalar_text)
            .collect(),
        Value::String(s) if s.trim().is_empty() => Some(Vec::new()),
        scalar => scalar_text(scalar).map(|s| vec![s]),
    };
    list.unwrap_or_else(|| {
        context.value_warning(
            key,
            &format!("expected a list of text, found {}", describe(value)),
            "ignored",
        );
        Vec::new()
    })
}

fn date_field(
    params: &Map<String, Value>,
    keys: &[&'static str],
    context: &Context,
) -> Option<Date> {
    let (key, value) = lookup(params, keys)?;
    match value {
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => {
            let date = Date::parse(s);
            if date.is_none() {
                context.value_warning(
                    key,
                    &format!(
                        "{s:?} is not a date (expected e.g. 2017-05-28 or 2017-05-28T18:34:25+02:00)"
                    ),
                    "ignored",
                );
            }
            date
        }
        // `published: true` is a draft flag, handled with `draft`.
        Value::Bool(_) | Value::Number(_) if key == "published" => None,
        other => {
            context.value_warning(
                key,
                &format!("expected a date, found {}", describe(other)),
                "ignored",
            );
            None
        }
    }
}

/// Go's `strconv.ParseBool`, which Hugo's `cast.ToBool` uses for strings.
fn parse_go_bool(s: &str) -> Option<bool> {
    match s.trim() {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

fn bool_field(params: &Map<String, Value>, key: &'static str, context: &Context) -> Option<bool> {
    let (_, value) = lookup(params, &[key])?;
    let parsed = match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => parse_go_bool(s),
        Value::Number(n) => n.as_f64().map(|n| n != 0.0),
        _ => None,
    };
    match parsed {
        Some(b) => Some(b),
        // A date in `published` is the publish date, not a flag.
        None if key == "published" && matches!(value, Value::String(_)) => None,
        // Hugo's `cast.ToBool` reads anything else as false.
        None => {
            context.value_warning(
                key,
                &format!("expected true or false, found {}", describe(value)),
                "read as false",
            );
            Some(false)
        }
    }
}

fn weight_field(params: &Map<String, Value>, context: &Context) -> i64 {
    let Some((key, value)) = lookup(params, &["weight"]) else {
        return 0;
    };
    let weight = match value {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    // Hugo's `cast.ToInt` reads anything else (`weight: ''`) as 0.
    weight.unwrap_or_else(|| {
        context.value_warning(
            key,
            &format!("expected a whole number, found {}", describe(value)),
            "read as 0",
        );
        0
    })
}

fn typed_front_matter(params: Map<String, Value>, context: &Context) -> FrontMatter {
    let p = &params;
    let mut images = list_field(p, "images", context);
    if let Some(Value::String(big)) = p.get("bigimg") {
        if !big.trim().is_empty() {
            images.push(big.clone());
        }
    }
    // Hugo: an explicit `draft` wins over `published`.
    let draft = match bool_field(p, "draft", context) {
        Some(draft) => draft,
        None => bool_field(p, "published", context).is_some_and(|published| !published),
    };
    FrontMatter {
        title: text_field(p, "title", context),
        subtitle: text_field(p, "subtitle", context),
        description: text_field(p, "description", context),
        summary: text_field(p, "summary", context),
        date: date_field(p, &["date"], context),
        publish_date: date_field(p, &["publishdate", "pubdate", "published"], context),
        lastmod: date_field(p, &["lastmod", "modified"], context),
        expiry_date: date_field(p, &["expirydate", "unpublishdate"], context),
        draft,
        tags: list_field(p, "tags", context),
        categories: list_field(p, "categories", context),
        keywords: list_field(p, "keywords", context),
        slug: text_field(p, "slug", context),
        url: text_field(p, "url", context),
        aliases: list_field(p, "aliases", context),
        weight: weight_field(p, context),
        images,
        params,
    }
}

#[cfg(test)]
mod tests;
