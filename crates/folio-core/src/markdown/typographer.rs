//! goldmark's typographer extension: smart quotes, dashes, ellipses and angle
//! quotes, written as the named entities Hugo emits (`&rsquo;`, `&mdash;`, …).
//!
//! goldmark decides each character by looking at the raw source line around
//! it (the preceding character and the rest of the line), not at the parsed
//! text, so this works on source slices too.

/// Quote state of the document being rendered: goldmark only closes a quote
/// when one of the same kind is open. goldmark 1.5.4 (Hugo 0.111.3) keeps the
/// counts in the parser context for the whole document: a quote left open in
/// one paragraph or table cell lets a later `'` close (measured with Hugo).
#[derive(Clone, Default)]
pub(crate) struct Typographer {
    open_single: u32,
    open_double: u32,
}

/// Non-ASCII punctuation that occurs in prose (general punctuation, Latin-1
/// and CJK marks), standing in for Go's Unicode tables.
fn is_non_ascii_punct(c: char) -> bool {
    matches!(c,
        '\u{00A1}' | '\u{00A7}' | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{3001}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}' | '\u{FF01}'..='\u{FF0F}')
}

/// Go's `unicode.IsPunct`: category P only, so ASCII symbols such as `$`,
/// `+`, `<` or `|` are not punctuation here.
fn is_punct(c: char) -> bool {
    (c.is_ascii_punctuation() && !"$+<=>^`|~".contains(c)) || is_non_ascii_punct(c)
}

/// goldmark's `IsPunctRune`: any ASCII punctuation or symbol, or Unicode
/// punctuation; used for the flanking rules.
fn is_punct_rune(c: char) -> bool {
    c.is_ascii_punctuation() || is_non_ascii_punct(c)
}

fn is_left_flanking(before: char, after: char) -> bool {
    !after.is_whitespace()
        && (!is_punct_rune(after) || before.is_whitespace() || is_punct_rune(before))
}

fn is_right_flanking(before: char, after: char) -> bool {
    !before.is_whitespace()
        && (!is_punct_rune(before) || after.is_whitespace() || is_punct_rune(after))
}

/// The character starting at byte `index` of `line`, if any.
fn char_at(line: &str, index: usize) -> Option<char> {
    line.get(index..).and_then(|rest| rest.chars().next())
}

fn byte_is(line: &[u8], index: usize, test: fn(&u8) -> bool) -> bool {
    line.get(index).is_some_and(test)
}

impl Typographer {
    /// If the punctuation at the start of `line` (the source from this
    /// character to the end of its line) is replaced, returns the entity and
    /// how many bytes of `line` it stands for. `before` is the source
    /// character preceding it (`'\n'` at the start of a block).
    pub(crate) fn substitute(&mut self, line: &str, before: char) -> Option<(&'static str, usize)> {
        let bytes = line.as_bytes();
        let first = *bytes.first()?;
        match first {
            b'-' if line.starts_with("---") => return Some(("&mdash;", 3)),
            b'-' if line.starts_with("--") => return Some(("&ndash;", 2)),
            b'.' if line.starts_with("...") => return Some(("&hellip;", 3)),
            b'<' if line.starts_with("<<") => return Some(("&laquo;", 2)),
            b'>' if line.starts_with(">>") => return Some(("&raquo;", 2)),
            b'\'' | b'"' => {}
            _ => return None,
        }
        let after = char_at(line, 1).unwrap_or(' ');
        let can_open = is_left_flanking(before, after);
        let can_close = is_right_flanking(before, after);
        if !can_open && !can_close {
            return None;
        }
        let len = bytes.len();
        // goldmark's "maybe close": a quote flanked on both sides that is
        // followed by punctuation, like the first `"` of `"foo".`
        let maybe_close = can_close
            && can_open
            && len > 1
            && is_punct(after)
            && (len == 2
                || byte_is(bytes, 2, u8::is_ascii_punctuation)
                || byte_is(bytes, 2, u8::is_ascii_whitespace));
        if first == b'\'' {
            // Decade abbreviations such as '90s.
            if can_open
                && !can_close
                && len > 3
                && bytes[1].is_ascii_digit()
                && bytes[2].is_ascii_digit()
                && bytes[3] == b's'
            {
                let after_s = char_at(line, 4).unwrap_or(' ');
                if after_s.is_whitespace() || is_punct_rune(after_s) {
                    return Some(("&rsquo;", 1));
                }
            }
            // 'twas, 'em, 'net, 'll
            if len > 1
                && (is_punct(before) || before.is_whitespace())
                && matches!(bytes[1], b't' | b'e' | b'n' | b'l')
            {
                return Some(("&rsquo;", 1));
            }
            // An apostrophe between a letter or digit and a letter: don't, 90's.
            if len > 1 && (before.is_alphanumeric()) && after.is_alphabetic() {
                return Some(("&rsquo;", 1));
            }
            if can_open && !can_close {
                let next = |i: usize| bytes.get(i).copied();
                let ends_word = |i: usize| {
                    next(i).is_none_or(|b| b.is_ascii_punctuation() || b.is_ascii_whitespace())
                };
                // I'm, Alice's, don't, you'd; I've, I'll, you're
                let contraction =
                    (len > 1 && matches!(bytes[1], b's' | b'm' | b't' | b'd') && ends_word(2))
                        || (len > 2
                            && matches!(
                                (bytes[1], bytes[2]),
                                (b'v', b'e') | (b'l', b'l') | (b'r', b'e')
                            )
                            && ends_word(3));
                if contraction {
                    return Some(("&rsquo;", 1));
                }
                self.open_single += 1;
                return Some(("&lsquo;", 1));
            }
            // Plural possessives and clipped words: Smiths', doin'. goldmark's
            // test is always true for a quote followed by two more bytes.
            if len > 2 && !after.is_ascii_digit() {
                return Some(("&rsquo;", 1));
            }
            if self.open_single > 0 && ((can_close && !can_open) || maybe_close) {
                self.open_single -= 1;
                return Some(("&rsquo;", 1));
            }
            return None;
        }
        if can_open && !can_close {
            self.open_double += 1;
            return Some(("&ldquo;", 1));
        }
        if self.open_double > 0 && ((can_close && !can_open) || maybe_close) {
            // "Monitor 21"" keeps its inch mark.
            if len > 1 && bytes[1] == b'"' && before.is_ascii_digit() {
                return None;
            }
            self.open_double -= 1;
            return Some(("&rdquo;", 1));
        }
        None
    }
}
