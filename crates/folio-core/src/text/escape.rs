//! HTML escaping as each Go component Hugo uses writes it, and decoding of
//! character references.

/// Which Go component's HTML escaping to reproduce. They agree on `<`, `>`
/// and `&` and differ on quotes, `+`, NUL and white space.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Html {
    /// `html/template`'s `htmlEscaper` (text and quoted attribute values in
    /// site templates and Hugo's embedded shortcodes): `&` `<` `>`, `"` as
    /// `&#34;`, `'` as `&#39;`, `+` as `&#43;`, NUL as U+FFFD.
    Template,
    /// `html/template`'s `htmlNormalizer` (trusted HTML stripped into a
    /// quoted attribute): like [`Html::Template`] but `&` stays, so existing
    /// entities survive.
    TemplateNormalizer,
    /// `html/template`'s `htmlNospaceEscaper` (unquoted attribute values):
    /// [`Html::Template`] plus white space, `=` and `` ` `` as numeric
    /// references.
    TemplateNospace,
    /// `html/template`'s `htmlNospaceNormalizer`: [`Html::TemplateNospace`]
    /// with `&` kept.
    TemplateNospaceNormalizer,
    /// Go's `html.EscapeString` (Hugo's `htmlEscape`): `<` `>` `&`, `'` as
    /// `&#39;`, `"` as `&#34;`; `+` and NUL untouched.
    EscapeString,
    /// Chroma's HTML formatter (highlighted code): `html.EscapeString` over
    /// text that CommonMark parsing already cleaned of NULs, so NUL is U+FFFD.
    Chroma,
    /// goldmark's `util.EscapeHTML` (Markdown output): `&` `<` `>` and `"` as
    /// `&quot;`; apostrophes stay.
    Goldmark,
}

/// The replacement for `c` under `flavor`, or `None` to keep it.
fn replacement(c: char, flavor: Html) -> Option<&'static str> {
    use Html::*;
    let nospace = matches!(flavor, TemplateNospace | TemplateNospaceNormalizer);
    let template = matches!(flavor, Template | TemplateNormalizer) || nospace;
    Some(match c {
        '<' => "&lt;",
        '>' => "&gt;",
        '&' if !matches!(flavor, TemplateNormalizer | TemplateNospaceNormalizer) => "&amp;",
        '"' if flavor == Goldmark => "&quot;",
        '"' if flavor != Goldmark => "&#34;",
        '\'' if flavor != Goldmark => "&#39;",
        '+' if template => "&#43;",
        '\0' if template || flavor == Chroma => "\u{FFFD}",
        '\t' if nospace => "&#9;",
        '\n' if nospace => "&#10;",
        '\u{b}' if nospace => "&#11;",
        '\u{c}' if nospace => "&#12;",
        '\r' if nospace => "&#13;",
        ' ' if nospace => "&#32;",
        '=' if nospace => "&#61;",
        '`' if nospace => "&#96;",
        _ => return None,
    })
}

/// Appends `text` to `out`, escaped as `flavor`'s Go component does.
pub fn push_html(out: &mut String, text: &str, flavor: Html) {
    if flavor == Html::Goldmark {
        // The Markdown writer's case: its four bytes (`"&<>`, all in
        // `"..=>`) found eight at a time; the replacements are `replacement`'s.
        let mut rest = text;
        let goldmark = |b: u8| replacement(char::from(b), Html::Goldmark);
        while let Some(at) =
            super::scan::find(rest.as_bytes(), b'"', b'>', |b| goldmark(b).is_some())
        {
            // `at` is an ASCII byte, so both sides are character boundaries.
            out.push_str(&rest[..at]);
            out.push_str(goldmark(rest.as_bytes()[at]).unwrap_or_default());
            rest = &rest[at + 1..];
        }
        out.push_str(rest);
        return;
    }
    // Every character any flavor replaces is ASCII and at most `>` or is
    // `` ` ``: runs of other bytes (letters, UTF-8) are copied whole, and a
    // replaced byte is always a character boundary.
    let mut start = 0;
    for (i, &byte) in text.as_bytes().iter().enumerate() {
        if byte > b'>' && byte != b'`' {
            continue;
        }
        if let Some(r) = replacement(char::from(byte), flavor) {
            out.push_str(&text[start..i]);
            out.push_str(r);
            start = i + 1;
        }
    }
    out.push_str(&text[start..]);
}

/// Appends one character, escaped as `flavor`'s Go component does.
pub fn push_html_char(out: &mut String, c: char, flavor: Html) {
    match replacement(c, flavor) {
        Some(r) => out.push_str(r),
        None => out.push(c),
    }
}

/// `text` escaped as `flavor`'s Go component does.
pub fn escape_html(text: &str, flavor: Html) -> String {
    let mut out = String::with_capacity(text.len());
    push_html(&mut out, text, flavor);
    out
}

/// `html/template`'s escaper for text and quoted attribute values, the one
/// Hugo's embedded shortcode templates apply to every value.
pub fn html_template(text: &str) -> String {
    escape_html(text, Html::Template)
}

/// Decodes numeric character references and the common named entities
/// (Go's `html.UnescapeString` for the entities posts use; unknown names and
/// malformed references stay as written).
pub fn unescape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 32);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = if let Some(num) = name.strip_prefix('#') {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse().ok(),
                }?;
                char::from_u32(code).map(String::from)
            } else {
                named_entity(name).map(String::from)
            }?;
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push_str(&c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "hellip" => "…",
        "mdash" => "—",
        "ndash" => "–",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "laquo" => "«",
        "raquo" => "»",
        "middot" => "·",
        "bull" => "•",
        "times" => "×",
        "deg" => "°",
        "euro" => "€",
        _ => return None,
    })
}
