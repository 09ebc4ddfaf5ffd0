//! Lexer: splits a template into literal text and `{{ … }}` actions, and
//! actions into tokens, following Go's text/template rules (trim markers
//! `{{- ` / ` -}}`, comments `{{/* */}}`, Go string/number literals).

use super::value::Value;
use crate::diagnostics::Span;

#[derive(Clone, Debug)]
pub enum TokenKind {
    /// A function name or keyword (`if`, `printf`, `strings`).
    Ident(String),
    /// `.Name`: a field or method of what precedes it (or of dot).
    Field(String),
    /// A lone `.`.
    Dot,
    /// `$` or `$name` (stored with the `$`).
    Variable(String),
    /// A string, number, char, bool or nil literal.
    Literal(Value),
    LeftParen,
    RightParen,
    Pipe,
    /// `:=`
    Declare,
    /// `=`
    Assign,
    Comma,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
    /// True when white space separates this token from the previous one;
    /// `$x.Field` and `(…).Field` chain only without it.
    pub spaced: bool,
}

#[derive(Clone, Debug)]
pub enum Item {
    /// Literal text (already trimmed by neighbouring `{{-`/`-}}` markers).
    Text(Span),
    /// An action's tokens; `span` covers `{{ … }}` including delimiters.
    Action { tokens: Vec<Token>, span: Span },
}

/// A lexing error: where and what.
#[derive(Clone, Debug, PartialEq)]
pub struct LexError {
    pub span: Span,
    pub message: String,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_ident_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Splits `src` into text and action items.
pub fn lex(src: &str) -> Result<Vec<Item>, LexError> {
    let bytes = src.as_bytes();
    let mut items = Vec::new();
    let mut pos = 0;
    // Set by a `-}}`: the next text loses its leading white space.
    let mut trim_next_text = false;
    while pos < src.len() {
        let open = src[pos..].find("{{").map(|i| pos + i);
        let text_end = open.unwrap_or(src.len());
        let mut text_start = pos;
        if trim_next_text {
            while text_start < text_end && is_space(bytes[text_start]) {
                text_start += 1;
            }
        }
        let Some(open) = open else {
            if text_start < text_end {
                items.push(Item::Text(Span::new(text_start, text_end)));
            }
            break;
        };
        // `{{- ` trims the preceding text's trailing white space.
        let left_trim =
            bytes.get(open + 2) == Some(&b'-') && bytes.get(open + 3).is_some_and(|&b| is_space(b));
        let mut end_of_text = text_end;
        if left_trim {
            while end_of_text > text_start && is_space(bytes[end_of_text - 1]) {
                end_of_text -= 1;
            }
        }
        if text_start < end_of_text {
            items.push(Item::Text(Span::new(text_start, end_of_text)));
        }
        let inner_start = if left_trim { open + 4 } else { open + 2 };
        let (tokens, close_end, right_trim) = lex_action(src, open, inner_start)?;
        if let Some(tokens) = tokens {
            items.push(Item::Action {
                tokens,
                span: Span::new(open, close_end),
            });
        }
        trim_next_text = right_trim;
        pos = close_end;
    }
    Ok(items)
}

/// Finds the end of an action's close delimiter at `pos`, if there is one:
/// `}}` or ` -}}` (white space then dash). Returns (end offset, right trim).
fn close_at(src: &str, pos: usize) -> Option<(usize, bool)> {
    let rest = &src.as_bytes()[pos..];
    if rest.starts_with(b"}}") {
        return Some((pos + 2, false));
    }
    if rest.first().is_some_and(|&b| is_space(b)) {
        let ws = rest.iter().take_while(|&&b| is_space(b)).count();
        if rest[ws..].starts_with(b"-}}") {
            return Some((pos + ws + 3, true));
        }
    }
    None
}

type ActionLex = (Option<Vec<Token>>, usize, bool);

/// Lexes one action starting after `{{` (and a left trim marker).
/// Comments produce no tokens (`None`).
fn lex_action(src: &str, open: usize, start: usize) -> Result<ActionLex, LexError> {
    let bytes = src.as_bytes();
    let unclosed = || LexError {
        span: Span::new(open, open + 2),
        message: "unclosed action: missing \"}}\"".into(),
    };
    // A comment: `{{/*` … `*/}}` (optionally with trim markers).
    let mut probe = start;
    while probe < src.len() && is_space(bytes[probe]) {
        probe += 1;
    }
    if src[probe..].starts_with("/*") {
        let Some(rel) = src[probe + 2..].find("*/") else {
            return Err(LexError {
                span: Span::new(open, open + 2),
                message: "unclosed comment".into(),
            });
        };
        let after = probe + 2 + rel + 2;
        return match close_at(src, after) {
            Some((end, trim)) => Ok((None, end, trim)),
            None => Err(LexError {
                span: Span::new(open, after),
                message: "comment ends before closing delimiter".into(),
            }),
        };
    }

    let mut tokens = Vec::new();
    let mut pos = start;
    let mut spaced = true;
    loop {
        if pos >= src.len() {
            return Err(unclosed());
        }
        if let Some((end, trim)) = close_at(src, pos) {
            return Ok((Some(tokens), end, trim));
        }
        let Some(c) = src[pos..].chars().next() else {
            return Err(unclosed());
        };
        if is_space(bytes[pos]) {
            pos += 1;
            spaced = true;
            continue;
        }
        let tok_start = pos;
        let kind = match c {
            '(' => {
                pos += 1;
                TokenKind::LeftParen
            }
            ')' => {
                pos += 1;
                TokenKind::RightParen
            }
            '|' => {
                pos += 1;
                TokenKind::Pipe
            }
            ',' => {
                pos += 1;
                TokenKind::Comma
            }
            '=' => {
                pos += 1;
                TokenKind::Assign
            }
            ':' if bytes.get(pos + 1) == Some(&b'=') => {
                pos += 2;
                TokenKind::Declare
            }
            '"' => {
                let (value, end) = lex_quoted(src, pos)?;
                pos = end;
                TokenKind::Literal(Value::String(value))
            }
            '`' => {
                let Some(rel) = src[pos + 1..].find('`') else {
                    return Err(LexError {
                        span: Span::new(pos, pos + 1),
                        message: "unterminated raw quoted string".into(),
                    });
                };
                let value = src[pos + 1..pos + 1 + rel].to_string();
                pos = pos + 1 + rel + 1;
                TokenKind::Literal(Value::String(value))
            }
            '\'' => {
                let (value, end) = lex_char(src, pos)?;
                pos = end;
                TokenKind::Literal(Value::Int(value))
            }
            '$' => {
                let name_len: usize = src[pos + 1..]
                    .chars()
                    .take_while(|&c| is_ident_char(c))
                    .map(char::len_utf8)
                    .sum();
                pos += 1 + name_len;
                TokenKind::Variable(src[tok_start..pos].to_string())
            }
            '.' if bytes.get(pos + 1).is_some_and(|b| b.is_ascii_digit()) => {
                let (value, end) = lex_number(src, pos)?;
                pos = end;
                TokenKind::Literal(value)
            }
            '.' => {
                let name_len: usize = src[pos + 1..]
                    .chars()
                    .take_while(|&c| is_ident_char(c))
                    .map(char::len_utf8)
                    .sum();
                pos += 1 + name_len;
                if name_len == 0 {
                    TokenKind::Dot
                } else {
                    TokenKind::Field(src[tok_start + 1..pos].to_string())
                }
            }
            '0'..='9' | '-' | '+' => {
                let (value, end) = lex_number(src, pos)?;
                pos = end;
                TokenKind::Literal(value)
            }
            c if is_ident_char(c) => {
                let len: usize = src[pos..]
                    .chars()
                    .take_while(|&c| is_ident_char(c))
                    .map(char::len_utf8)
                    .sum();
                pos += len;
                match &src[tok_start..pos] {
                    "true" => TokenKind::Literal(Value::Bool(true)),
                    "false" => TokenKind::Literal(Value::Bool(false)),
                    "nil" => TokenKind::Literal(Value::Nil),
                    word => TokenKind::Ident(word.to_string()),
                }
            }
            other => {
                return Err(LexError {
                    span: Span::new(pos, pos + other.len_utf8()),
                    message: format!("unexpected {other:?} in action"),
                })
            }
        };
        tokens.push(Token {
            kind,
            span: Span::new(tok_start, pos),
            spaced,
        });
        spaced = false;
    }
}

/// Lexes a Go interpreted string literal starting at the `"` at `start`.
fn lex_quoted(src: &str, start: usize) -> Result<(String, usize), LexError> {
    let mut out = String::new();
    let mut chars = src[start + 1..].char_indices();
    let err = |at: usize, len: usize, message: &str| LexError {
        span: Span::new(at, at + len),
        message: message.to_string(),
    };
    while let Some((i, c)) = chars.next() {
        let at = start + 1 + i;
        match c {
            '"' => return Ok((out, at + 1)),
            '\n' => return Err(err(start, 1, "unterminated quoted string")),
            '\\' => {
                let Some((_, e)) = chars.next() else {
                    break;
                };
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'a' => out.push('\u{7}'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'v' => out.push('\u{b}'),
                    '\\' => out.push('\\'),
                    '"' => out.push('"'),
                    '\'' => out.push('\''),
                    'x' | 'u' | 'U' => {
                        let digits = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let hex: String = (0..digits)
                            .filter_map(|_| chars.next())
                            .map(|(_, c)| c)
                            .collect();
                        let code = u32::from_str_radix(&hex, 16)
                            .ok()
                            .filter(|_| hex.len() == digits)
                            .ok_or_else(|| err(at, 2, "invalid escape in string"))?;
                        // `\x` is a byte; treat it as a Latin-1 code point
                        // since output is always UTF-8 text.
                        out.push(
                            char::from_u32(code)
                                .ok_or_else(|| err(at, 2, "invalid code point in string escape"))?,
                        );
                    }
                    '0'..='7' => {
                        let mut code = e.to_digit(8).unwrap_or(0);
                        for _ in 0..2 {
                            match chars.next().and_then(|(_, d)| d.to_digit(8)) {
                                Some(d) => code = code * 8 + d,
                                None => return Err(err(at, 2, "invalid octal escape in string")),
                            }
                        }
                        out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                    }
                    other => {
                        return Err(err(
                            at,
                            1 + other.len_utf8(),
                            &format!("unknown escape sequence \\{other}"),
                        ))
                    }
                }
            }
            c => out.push(c),
        }
    }
    Err(err(start, 1, "unterminated quoted string"))
}

/// Lexes a Go character constant (`'a'`, `'\n'`) into its code point.
fn lex_char(src: &str, start: usize) -> Result<(i64, usize), LexError> {
    let rest = &src[start + 1..];
    let err = || LexError {
        span: Span::new(start, start + 1),
        message: "malformed character constant".into(),
    };
    let close = rest.find('\'').ok_or_else(err)?;
    let close = if close == 1 && rest.starts_with("\\'") {
        2 + rest[2..].find('\'').ok_or_else(err)?
    } else {
        close
    };
    let body = &rest[..close];
    let quoted = format!("\"{}\"", body.replace("\\'", "'"));
    let (text, _) = lex_quoted(&quoted, 0).map_err(|_| err())?;
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok((c as i64, start + 1 + close + 1)),
        _ => Err(err()),
    }
}

/// Lexes a Go number literal (sign, decimal, hex/octal/binary, float,
/// underscores) at `start`.
fn lex_number(src: &str, start: usize) -> Result<(Value, usize), LexError> {
    let bytes = src.as_bytes();
    let mut end = start;
    if matches!(bytes.get(end), Some(b'+' | b'-')) {
        end += 1;
    }
    while end < bytes.len() {
        let b = bytes[end];
        let exponent_sign = matches!(b, b'+' | b'-') && end > start && {
            let prev = bytes[end - 1];
            let is_hex = src[start..end].contains(['x', 'X']);
            (matches!(prev, b'e' | b'E') && !is_hex) || matches!(prev, b'p' | b'P')
        };
        if b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || exponent_sign {
            end += 1;
        } else {
            break;
        }
    }
    let text = &src[start..end];
    let err = || LexError {
        span: Span::new(start, end.max(start + 1)),
        message: format!("bad number syntax: {text:?}"),
    };
    let cleaned = text.replace('_', "");
    let (negative, digits) = match cleaned.strip_prefix('-') {
        Some(d) => (true, d.to_string()),
        None => (false, cleaned.trim_start_matches('+').to_string()),
    };
    if digits.is_empty() {
        return Err(err());
    }
    let lower = digits.to_ascii_lowercase();
    let radix_int = if let Some(hex) = lower.strip_prefix("0x") {
        Some(i64::from_str_radix(hex, 16))
    } else if let Some(bin) = lower.strip_prefix("0b") {
        Some(i64::from_str_radix(bin, 2))
    } else if let Some(oct) = lower.strip_prefix("0o") {
        Some(i64::from_str_radix(oct, 8))
    } else if lower.len() > 1 && lower.starts_with('0') && lower.bytes().all(|b| b.is_ascii_digit())
    {
        Some(i64::from_str_radix(&lower[1..], 8))
    } else {
        None
    };
    let value = match radix_int {
        Some(Ok(i)) => Value::Int(if negative { -i } else { i }),
        Some(Err(_)) => return Err(err()),
        None => {
            if let Ok(i) = lower.parse::<i64>() {
                Value::Int(if negative { -i } else { i })
            } else if let Ok(f) = lower.parse::<f64>() {
                Value::Float(if negative { -f } else { f })
            } else {
                return Err(err());
            }
        }
    };
    Ok((value, end))
}
