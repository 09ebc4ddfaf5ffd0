//! Lints: problems an author wants to hear about that do not stop a post from
//! rendering — links that look broken, mojibake, images without alt text —
//! plus every diagnostic of the render itself (unknown shortcodes, front
//! matter errors, …), in one list sorted by position.
//!
//! One implementation for every front: `folio check` prints [`check`]'s
//! list and `folio check --fix` applies its certain fixes with
//! [`apply_fixes`]; the editor's diagnostics panel shows the same list and
//! its "Fix" buttons apply the same [`Fix`]es.
//!
//! A lint carries a [`Fix`] only when the fix is certain (a URL scheme
//! missing its `:`, UTF-8 text that was decoded as Mac Roman or
//! Windows-1252); the others only point at the spot.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::diagnostics::{LineIndex, Position, Severity, Span};
use crate::render::Rendered;

/// A replacement of `span` (bytes of the post's file) by `replacement`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Fix {
    pub span: Span,
    pub replacement: String,
}

/// One problem in a post, located in its file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Lint {
    /// What kind of problem: `render` (a diagnostic of the render itself),
    /// `broken-link`, `mojibake`, `image-alt`.
    pub code: &'static str,
    pub severity: Severity,
    /// 1-based line and column (characters) of `span.start`.
    pub line: usize,
    pub column: usize,
    pub span: Span,
    pub message: String,
    /// Set only when the fix is certain.
    pub fix: Option<Fix>,
}

impl Lint {
    /// `file:line:col: severity: message`, plus the fix when there is one.
    pub fn format(&self, file: &str) -> String {
        let mut line = crate::diagnostics::format_located(
            file,
            Position {
                line: self.line,
                column: self.column,
            },
            self.severity,
            &self.message,
        );
        if self.fix.is_some() {
            line.push_str(" [fixable]");
        }
        line
    }
}

/// Every problem of the post `src`, rendered as `rendered`: the render's own
/// diagnostics first converted to lints, then the lints of this module,
/// sorted by position (stable, so the render's come first on a tie).
pub fn check(src: &str, rendered: &Rendered) -> Vec<Lint> {
    let index = LineIndex::new(src);
    let mut raw: Vec<(&'static str, Severity, Span, String, Option<Fix>)> = rendered
        .diagnostics
        .iter()
        .map(|d| ("render", d.severity, d.span, d.message.clone(), None))
        .collect();
    broken_links(src, rendered, &mut raw);
    mojibake(src, &mut raw);
    images_without_alt(src, &mut raw);
    raw.sort_by_key(|(_, _, span, _, _)| span.start);
    raw.into_iter()
        .map(|(code, severity, span, message, fix)| {
            let Position { line, column } = index.position(span.start);
            Lint {
                code,
                severity,
                line,
                column,
                span,
                message,
                fix,
            }
        })
        .collect()
}

/// Applies `fixes` to `src`, in order of position; a fix overlapping one
/// already applied, or whose span is not in `src` at character boundaries,
/// is skipped. Returns the new text and how many fixes were applied.
pub fn apply_fixes<'a>(src: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> (String, usize) {
    let mut fixes: Vec<&Fix> = fixes.into_iter().collect();
    fixes.sort_by_key(|f| (f.span.start, f.span.end));
    let mut out = String::with_capacity(src.len());
    let mut at = 0;
    let mut applied = 0;
    for fix in fixes {
        if fix.span.start < at || src.get(fix.span.start..fix.span.end).is_none() {
            continue;
        }
        out.push_str(&src[at..fix.span.start]);
        out.push_str(&fix.replacement);
        at = fix.span.end;
        applied += 1;
    }
    out.push_str(&src[at..]);
    (out, applied)
}

type Raw = (&'static str, Severity, Span, String, Option<Fix>);

// ---------------------------------------------------------------- links

/// Destinations that are meant to be absolute URLs but are not: a scheme
/// without its `:` (`https//x`), with one slash (`https:/x`), with `;`
/// (`https;//x`) or misspelt (`htps://x`) would all resolve as a path
/// relative to the post. The fix is certain. `www.x.org` without a scheme
/// gets a warning only (the author may mean a relative path).
fn broken_links(src: &str, rendered: &Rendered, out: &mut Vec<Raw>) {
    const REPAIRS: &[(&str, &str)] = &[
        ("https//", "https://"),
        ("http//", "http://"),
        ("https:/", "https://"),
        ("http:/", "http://"),
        ("https;//", "https://"),
        ("http;//", "http://"),
        ("htps://", "https://"),
        ("htp://", "http://"),
        ("https:://", "https://"),
        ("http:://", "http://"),
    ];
    for link in &rendered.links {
        let href = link.href.as_str();
        let lower = href.to_ascii_lowercase();
        let repair = REPAIRS.iter().find(|(bad, good)| {
            lower.starts_with(bad)
                // `https:/` is a prefix of the correct `https://`.
                && !lower.starts_with(good)
        });
        let Some(source) = src.get(link.start..link.end) else {
            continue;
        };
        if let Some((bad, good)) = repair {
            // The destination as written: the last occurrence of the bad
            // prefix in the link's source (the text may mention it too).
            let found = source
                .to_ascii_lowercase()
                .rfind(&format!("({bad}"))
                .map(|i| i + 1)
                .or_else(|| source.to_ascii_lowercase().rfind(bad));
            let fix = found.map(|i| Fix {
                span: Span::new(link.start + i, link.start + i + bad.len()),
                replacement: good.to_string(),
            });
            let span = fix
                .as_ref()
                .map_or(Span::new(link.start, link.end), |f| f.span);
            let fixed = format!("{good}{}", &href[bad.len()..]);
            out.push((
                "broken-link",
                Severity::Warning,
                span,
                format!("link `{href}` looks broken: did you mean `{fixed}`?"),
                fix,
            ));
        } else if lower.starts_with("www.") {
            out.push((
                "broken-link",
                Severity::Warning,
                Span::new(link.start, link.end),
                format!(
                    "link `{href}` has no scheme, so it is a path relative to the post: did you mean `https://{href}`?"
                ),
                None,
            ));
        } else if href.is_empty() {
            out.push((
                "broken-link",
                Severity::Warning,
                Span::new(link.start, link.end),
                "link with an empty destination".to_string(),
                None,
            ));
        }
    }
}

// ---------------------------------------------------------------- mojibake

/// Mac Roman bytes 0x80..=0xFF.
const MAC_ROMAN: [char; 128] = [
    'Ä', 'Å', 'Ç', 'É', 'Ñ', 'Ö', 'Ü', 'á', 'à', 'â', 'ä', 'ã', 'å', 'ç', 'é', 'è', //
    'ê', 'ë', 'í', 'ì', 'î', 'ï', 'ñ', 'ó', 'ò', 'ô', 'ö', 'õ', 'ú', 'ù', 'û', 'ü', //
    '†', '°', '¢', '£', '§', '•', '¶', 'ß', '®', '©', '™', '´', '¨', '≠', 'Æ', 'Ø', //
    '∞', '±', '≤', '≥', '¥', 'µ', '∂', '∑', '∏', 'π', '∫', 'ª', 'º', 'Ω', 'æ', 'ø', //
    '¿', '¡', '¬', '√', 'ƒ', '≈', '∆', '«', '»', '…', '\u{a0}', 'À', 'Ã', 'Õ', 'Œ', 'œ', //
    '–', '—', '“', '”', '‘', '’', '÷', '◊', 'ÿ', 'Ÿ', '⁄', '€', '‹', '›', 'ﬁ', 'ﬂ', //
    '‡', '·', '‚', '„', '‰', 'Â', 'Ê', 'Á', 'Ë', 'È', 'Í', 'Î', 'Ï', 'Ì', 'Ó', 'Ô', //
    '\u{f8ff}', 'Ò', 'Ú', 'Û', 'Ù', 'ı', 'ˆ', '˜', '¯', '˘', '˙', '˚', '¸', '˝', '˛', 'ˇ',
];

/// Windows-1252 bytes 0x80..=0x9F (0xA0..=0xFF are Latin-1); the five
/// undefined bytes are the C1 controls decoders pass through.
const CP1252: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
    '\u{8f}', //
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Charset {
    MacRoman,
    Windows1252,
}

impl Charset {
    fn name(self) -> &'static str {
        match self {
            Charset::MacRoman => "Mac Roman",
            Charset::Windows1252 => "Windows-1252",
        }
    }

    /// The byte this charset encodes `c` as, for `c` outside ASCII.
    fn byte(self, c: char) -> Option<u8> {
        match self {
            Charset::MacRoman => MAC_ROMAN
                .iter()
                .position(|&m| m == c)
                .map(|i| 0x80 + i as u8),
            Charset::Windows1252 => {
                if let Some(i) = CP1252.iter().position(|&m| m == c) {
                    Some(0x80 + i as u8)
                } else if ('\u{a0}'..='\u{ff}').contains(&c) {
                    Some(c as u32 as u8)
                } else {
                    None
                }
            }
        }
    }
}

/// Decodes one UTF-8 character from the bytes `chars` encode to in
/// `charset`, starting at the first of them; returns it and how many chars
/// it took.
fn decode_one(chars: &[char], charset: Charset) -> Option<(char, usize)> {
    let lead = charset.byte(*chars.first()?)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = vec![lead];
    for &c in chars.get(1..len)? {
        bytes.push(charset.byte(c)?);
    }
    let decoded = std::str::from_utf8(&bytes).ok()?.chars().next()?;
    // C1 controls are never what an author meant.
    if ('\u{80}'..='\u{9f}').contains(&decoded) {
        return None;
    }
    Some((decoded, len))
}

/// Runs of characters that are UTF-8 bytes decoded as Mac Roman or
/// Windows-1252 (`Hofbr√§uhaus`, `cafÃ©`): each run of non-ASCII characters
/// is re-encoded into the charset's bytes, which must form valid UTF-8; the
/// repair is that UTF-8.
fn mojibake(src: &str, out: &mut Vec<Raw>) {
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].1.is_ascii() {
            i += 1;
            continue;
        }
        // The run of non-ASCII characters starting here.
        let run_end = chars[i..]
            .iter()
            .position(|(_, c)| c.is_ascii())
            .map_or(chars.len(), |n| i + n);
        let run: Vec<char> = chars[i..run_end].iter().map(|(_, c)| *c).collect();
        // Both charsets may decode a run (`Ã©` is `é` in Windows-1252 and a
        // lone combining mark in Mac Roman): keep the likelier text.
        let best = [Charset::Windows1252, Charset::MacRoman]
            .into_iter()
            .filter_map(|charset| decode_run(&run, charset).map(|d| (charset, d)))
            .min_by_key(|(_, decoded)| decoded.chars().filter(|&c| !likely(c)).count());
        if let Some((charset, decoded)) = best.filter(|(_, d)| d.chars().next().is_some_and(likely))
        {
            let start = chars[i].0;
            let end = chars.get(run_end).map_or(src.len(), |(o, _)| *o);
            let written = &src[start..end];
            out.push((
                "mojibake",
                Severity::Warning,
                Span::new(start, end),
                format!(
                    "`{written}` looks like UTF-8 read as {}: did you mean `{decoded}`?",
                    charset.name()
                ),
                Some(Fix {
                    span: Span::new(start, end),
                    replacement: decoded,
                }),
            ));
        }
        i = run_end;
    }
}

/// The whole of `run` decoded as UTF-8 bytes written in `charset`, if every
/// character belongs to a decoded sequence (so legitimate text next to
/// mojibake is never touched).
fn decode_run(run: &[char], charset: Charset) -> Option<String> {
    let mut decoded = String::new();
    let mut k = 0;
    while k < run.len() {
        let (c, len) = decode_one(&run[k..], charset)?;
        decoded.push(c);
        k += len;
    }
    Some(decoded)
}

/// Characters an author plausibly wrote: Latin letters with accents,
/// Latin-1 symbols, general punctuation and currency signs, letters of
/// other scripts; not combining marks or private-use characters.
fn likely(c: char) -> bool {
    matches!(c, '\u{a0}'..='\u{24f}' | '\u{370}'..='\u{52f}' | '\u{2000}'..='\u{20cf}' | '\u{2100}'..='\u{2bff}')
        || (c > '\u{2e80}' && !('\u{e000}'..='\u{f8ff}').contains(&c))
}

// ---------------------------------------------------------------- images

/// Markdown images whose alt text is empty: screen readers say nothing, or
/// the file name.
fn images_without_alt(src: &str, out: &mut Vec<Raw>) {
    if !src.contains("![") {
        return;
    }
    let offset = match crate::frontmatter::parse(src) {
        Ok(doc) => doc.body_offset,
        Err(_) => crate::frontmatter::body_offset_after_error(src),
    };
    let Some(body) = src.get(offset..) else {
        return;
    };
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_DEFINITION_LIST;
    // (start, end, alt text so far) of the images being read.
    let mut open: Vec<(usize, usize, String)> = Vec::new();
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { .. }) => open.push((range.start, range.end, String::new())),
            Event::End(TagEnd::Image) => {
                if let Some((start, end, alt)) = open.pop() {
                    if alt.trim().is_empty() {
                        out.push((
                            "image-alt",
                            Severity::Warning,
                            Span::new(offset + start, offset + end),
                            "image without alt text: describe it between the brackets of `![…](…)`"
                                .to_string(),
                            None,
                        ));
                    }
                    if let Some(outer) = open.last_mut() {
                        outer.2.push_str(&alt);
                    }
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(image) = open.last_mut() {
                    image.2.push_str(&text);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::render_post;
    use crate::site::Site;

    fn lints(src: &str) -> Vec<Lint> {
        check(src, &render_post(src, &Site::default()))
    }

    #[test]
    fn the_example_post_has_a_broken_link_and_mojibake_both_fixable() {
        let src = include_str!("../../../content/posts/2017-05-28-pyconweb-may17.md");
        let lints = lints(src);
        let link = lints.iter().find(|l| l.code == "broken-link").unwrap();
        assert_eq!(link.line, 9);
        assert!(link.message.contains("https://pyconweb.com"), "{link:?}");
        let moji = lints.iter().find(|l| l.code == "mojibake").unwrap();
        assert_eq!(&src[moji.span.start..moji.span.end], "√§");
        assert!(moji.message.contains("Mac Roman"));
        let fixes: Vec<&Fix> = lints.iter().filter_map(|l| l.fix.as_ref()).collect();
        assert_eq!(fixes.len(), 2);
        let (fixed, applied) = apply_fixes(src, fixes);
        assert_eq!(applied, 2);
        assert!(fixed.contains("[Pyconweb](https://pyconweb.com)"));
        assert!(fixed
            .contains("[Hofbräuhaus](https://en.wikipedia.org/wiki/Hofbr%C3%A4uhaus_am_Platzl)"));
        // Fixed, the post has no more fixable lints.
        assert!(self::lints(&fixed).iter().all(|l| l.fix.is_none()));
    }

    #[test]
    fn windows_1252_mojibake_and_legitimate_text() {
        let l = lints("Un cafÃ© â€” ok\n");
        let fixes: Vec<&Fix> = l.iter().filter_map(|l| l.fix.as_ref()).collect();
        let (fixed, _) = apply_fixes("Un cafÃ© â€” ok\n", fixes);
        assert_eq!(fixed, "Un café — ok\n");
        // Real accents, CJK, emoji and maths are left alone.
        assert!(lints("café, naïve, 日本語, 🎉, “quotes” — ≤ ∞\n").is_empty());
    }

    #[test]
    fn link_repairs() {
        for (bad, good) in [
            ("[a](https//x.org)", "[a](https://x.org)"),
            ("[a](http:/x.org/p)", "[a](http://x.org/p)"),
            ("[https//x](https//x.org)", "[https//x](https://x.org)"),
            ("[a](htps://x.org)", "[a](https://x.org)"),
        ] {
            let l = lints(bad);
            assert_eq!(l.len(), 1, "{bad}: {l:?}");
            let (fixed, n) = apply_fixes(bad, l.iter().filter_map(|l| l.fix.as_ref()));
            assert_eq!((fixed.as_str(), n), (good, 1), "{bad}");
        }
        assert!(lints("[a](https://x.org) [b](/posts/x/) [c](#top) [d](mailto:a@b.c)").is_empty());
        let l = lints("[a](www.x.org)");
        assert_eq!((l.len(), l[0].fix.is_none()), (1, true));
    }

    #[test]
    fn images_without_alt_text() {
        let src = "+++\ntitle = \"x\"\n+++\n\n![](a.png) ![ok](b.png)\n\n![  ](c.png)\n";
        let l = lints(src);
        let lines: Vec<usize> = l
            .iter()
            .filter(|l| l.code == "image-alt")
            .map(|l| l.line)
            .collect();
        assert_eq!(lines, [5, 7]);
        assert!(l.iter().all(|l| l.fix.is_none()));
    }

    #[test]
    fn render_diagnostics_are_lints_too_in_order() {
        let src = "[a](https//x.org)\n\n{{< nosuchshortcode >}}\n";
        let l = lints(src);
        let codes: Vec<&str> = l.iter().map(|l| l.code).collect();
        assert_eq!(codes, ["broken-link", "render"], "{l:?}");
        assert_eq!(l[1].line, 3);
        assert!(l[0].format("p.md").starts_with("p.md:1:5: warning: "));
        assert!(l[0].format("p.md").ends_with("[fixable]"));
    }

    #[test]
    fn overlapping_or_bad_fixes_are_skipped() {
        let a = Fix {
            span: Span::new(0, 3),
            replacement: "X".into(),
        };
        let b = Fix {
            span: Span::new(2, 4),
            replacement: "Y".into(),
        };
        let c = Fix {
            span: Span::new(9, 99),
            replacement: "Z".into(),
        };
        assert_eq!(apply_fixes("abcdef", [&a, &b, &c]), ("Xdef".to_string(), 1));
    }
}
