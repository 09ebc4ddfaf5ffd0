//! Diagnostics: errors and warnings as values, each tied to a byte span of the
//! original source file, so every front end (CLI, live preview, app) can point
//! the author at `line:col` without the parser knowing how it will be shown.

use std::fmt;

/// A half-open byte range `start..end` into the original source text
/// (front matter included), so positions survive every pipeline stage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The same span moved `by` bytes later; used when a stage parses a slice
    /// of the file and has to report positions in the whole file.
    pub fn shifted(self, by: usize) -> Self {
        Span::new(self.start + by, self.end + by)
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem found in a post. `span` is in bytes of the original file;
/// use [`LineIndex`] to turn it into a 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub span: Span,
    pub message: String,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            span,
            message: message.into(),
        }
    }

    pub fn warning(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            span,
            message: message.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The same diagnostic with its span moved `by` bytes later.
    pub fn shifted(mut self, by: usize) -> Self {
        self.span = self.span.shifted(by);
        self
    }

    /// `file:line:col: severity: message`, the format compilers use, so
    /// editors and terminals can jump to the spot.
    pub fn display<'a>(&'a self, file: &'a str, index: &'a LineIndex) -> impl fmt::Display + 'a {
        DisplayDiagnostic {
            diagnostic: self,
            file,
            index,
        }
    }
}

struct DisplayDiagnostic<'a> {
    diagnostic: &'a Diagnostic,
    file: &'a str,
    index: &'a LineIndex<'a>,
}

impl fmt::Display for DisplayDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pos = self.index.position(self.diagnostic.span.start);
        write_located(
            f,
            self.file,
            pos,
            self.diagnostic.severity,
            &self.diagnostic.message,
        )
    }
}

/// The one diagnostic format, `file:line:col: severity: message` (what
/// compilers print, so editors and terminals can jump to the spot), for a
/// position already resolved. [`Diagnostic::display`] and the rendered
/// post's located diagnostics both print through it.
pub fn format_located(file: &str, position: Position, severity: Severity, message: &str) -> String {
    Located(file, position, severity, message).to_string()
}

struct Located<'a>(&'a str, Position, Severity, &'a str);

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_located(f, self.0, self.1, self.2, self.3)
    }
}

fn write_located(
    f: &mut fmt::Formatter<'_>,
    file: &str,
    position: Position,
    severity: Severity,
    message: &str,
) -> fmt::Result {
    write!(
        f,
        "{file}:{}:{}: {severity}: {message}",
        position.line, position.column
    )
}

/// A 1-based line and column; the column counts characters, not bytes, so it
/// matches what an editor shows for non-ASCII text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Maps byte offsets of one source text to lines and columns.
#[derive(Clone, Debug)]
pub struct LineIndex<'t> {
    /// The text, borrowed where it can be (a copy of a 10 MB post was a
    /// cost of its own).
    text: std::borrow::Cow<'t, str>,
    /// Where each line starts, built on the first question that needs it
    /// (a post without diagnostics never asks: its blocks' lines are
    /// counted in order by the renderer).
    line_starts: std::cell::OnceCell<Vec<usize>>,
    /// The last position asked for: `(offset, column)`. Positions are
    /// mostly asked for in order, so counting the characters on from the
    /// last one keeps a long line linear instead of quadratic.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        Self::from_cow(std::borrow::Cow::Borrowed(text))
    }

    /// An index that owns its text (kept beside what it indexes).
    pub fn owned(text: String) -> LineIndex<'static> {
        LineIndex::from_cow(std::borrow::Cow::Owned(text))
    }

    fn from_cow(text: std::borrow::Cow<'t, str>) -> Self {
        LineIndex {
            text,
            line_starts: std::cell::OnceCell::new(),
            last: std::cell::Cell::new((0, 1)),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts
            .get_or_init(|| line_starts(self.text.as_bytes()))
    }

    /// The position of byte `offset` (clamped to the text, rounded down to a
    /// character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&s| s <= offset) - 1;
        let start = line_starts[line];
        let (last_offset, last_column) = self.last.get();
        let column = if start <= last_offset && last_offset <= offset {
            last_column + self.text[last_offset..offset].chars().count()
        } else {
            self.text[start..offset].chars().count() + 1
        };
        self.last.set((offset, column));
        Position {
            line: line + 1,
            column,
        }
    }

    /// The 1-based line of byte `offset` ([`LineIndex::position`]'s line,
    /// without counting the column's characters).
    pub fn line(&self, offset: usize) -> usize {
        self.line_starts().partition_point(|&s| s <= offset)
    }

    /// The byte offset of a 1-based line and column (column in characters);
    /// used to convert positions reported by third-party parsers.
    pub fn offset(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts().get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        let line_end = rest.find('\n').unwrap_or(rest.len());
        rest[..line_end]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(start + line_end, |(i, _)| start + i)
    }
}

/// Where each line of `bytes` starts: 0, then after each `\n`. Tested 64
/// bytes at a time (the test vectorises), so a chunk without a newline costs
/// little; `match_indices('\n')` paid a `memchr` call per short line.
fn line_starts(bytes: &[u8]) -> Vec<usize> {
    let mut starts = Vec::with_capacity(bytes.len() / 32 + 1);
    starts.push(0);
    let mut base = 0;
    for chunk in bytes.chunks(64) {
        if crate::text::scan::has_byte(chunk, b'\n') {
            for (i, &b) in chunk.iter().enumerate() {
                if b == b'\n' {
                    starts.push(base + i + 1);
                }
            }
        }
        base += chunk.len();
    }
    starts
}

/// The number of `\n` in `bytes`. Counted 64 bytes at a time into a `u8`
/// (a sum the compiler vectorises; `filter().count()` stayed a byte loop).
pub(crate) fn count_newlines(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(64);
    let mut count = 0;
    for chunk in &mut chunks {
        let in_chunk: u8 = chunk.iter().map(|&b| u8::from(b == b'\n')).sum();
        count += usize::from(in_chunk);
    }
    count + chunks.remainder().iter().filter(|&&b| b == b'\n').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let index = LineIndex::new("ab\nçd\n");
        assert_eq!(index.position(0), Position { line: 1, column: 1 });
        assert_eq!(index.position(3), Position { line: 2, column: 1 });
        // 'ç' is two bytes: 'd' is the second character.
        assert_eq!(index.position(5), Position { line: 2, column: 2 });
        assert_eq!(index.position(999), Position { line: 3, column: 1 });
    }

    #[test]
    fn line_starts_match_a_byte_scan() {
        let mut text = String::new();
        for n in 0..200 {
            text.push_str(&"x".repeat(n % 70));
            text.push('\n');
        }
        let expected: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        assert_eq!(line_starts(text.as_bytes()), expected);
        assert_eq!(line_starts(b""), [0]);
        assert_eq!(count_newlines(text.as_bytes()), 200);
        for end in [0, 1, 63, 64, 65, 200, text.len()] {
            let part = &text.as_bytes()[..end];
            assert_eq!(
                count_newlines(part),
                part.iter().filter(|&&b| b == b'\n').count()
            );
        }
    }

    #[test]
    fn offset_inverts_position() {
        let text = "one\ntwo ç three\n";
        let index = LineIndex::new(text);
        for offset in [0, 4, 8, 10, 16] {
            let pos = index.position(offset);
            assert_eq!(index.offset(pos.line, pos.column), offset);
        }
    }

    #[test]
    fn display_uses_compiler_format() {
        let text = "+++\ntitle = \n+++\n";
        let index = LineIndex::new(text);
        let d = Diagnostic::error(Span::new(12, 13), "front matter (TOML): expected a value");
        assert_eq!(
            d.display("post.md", &index).to_string(),
            "post.md:2:9: error: front matter (TOML): expected a value"
        );
        assert_eq!(
            format_located("post.md", index.position(12), d.severity, &d.message),
            d.display("post.md", &index).to_string()
        );
    }
}
