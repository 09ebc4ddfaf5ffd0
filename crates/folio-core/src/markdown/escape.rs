//! HTML and URL escaping exactly as goldmark writes them.

/// Escapes text for HTML content and attribute values the way goldmark's
/// `util.EscapeHTML` does: `&`, `<`, `>` and `"` (as `&quot;`).
pub(crate) fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        push_escaped_char(out, c);
    }
}

pub(crate) fn push_escaped_char(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        _ => out.push(c),
    }
}

/// Writes a link destination the way goldmark's `URLEscape` + `EscapeHTML`
/// do: characters that may appear in a URL stay (existing `%XX` included),
/// everything else is percent-encoded byte by byte, then `&` becomes `&amp;`.
pub(crate) fn push_escaped_url(out: &mut String, url: &str) {
    const KEEP: &[u8] = b";/?:@&=+$,-_.!~*'()#%[]";
    for &byte in url.as_bytes() {
        if byte.is_ascii_alphanumeric() || KEEP.contains(&byte) {
            if byte == b'&' {
                out.push_str("&amp;");
            } else {
                out.push(char::from(byte));
            }
        } else {
            out.push('%');
            out.push_str(&format!("{byte:02X}"));
        }
    }
}
