//! URL escaping: `html/template`'s filter and normaliser (site templates and
//! Hugo's embedded shortcodes) and goldmark's link escaping (Markdown).

use super::escape::{escape_html, Html};

/// `html/template`'s `urlFilter`: only http, https, mailto or scheme-less
/// URLs get through; returns `None` for the failsafe.
pub fn url_filter(s: &str) -> Option<&str> {
    if let Some(colon) = s.find(':') {
        if !s[..colon].contains('/') {
            let scheme = s[..colon].to_ascii_lowercase();
            if !matches!(scheme.as_str(), "http" | "https" | "mailto") {
                return None;
            }
        }
    }
    Some(s)
}

/// `html/template`'s URL normaliser (`normalize`) or escaper: percent-encodes
/// bytes outside the allowed sets with lower-case hex.
pub fn url_process(s: &str, normalize: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, &b) in bytes.iter().enumerate() {
        let keep = match b {
            b'!' | b'#' | b'$' | b'&' | b'*' | b'+' | b',' | b'/' | b':' | b';' | b'=' | b'?'
            | b'@' | b'[' | b']' => normalize,
            b'-' | b'.' | b'_' | b'~' => true,
            b'%' => {
                normalize
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
            }
            b => b.is_ascii_alphanumeric(),
        };
        if keep {
            out.push(b as char);
        } else {
            push_percent(&mut out, b, b"0123456789abcdef");
        }
    }
    out
}

/// A value in a URL attribute (`src`, `href`) as `html/template` writes it:
/// unsafe schemes such as `javascript:` become `#ZgotmplZ`, characters a URL
/// may not hold are percent-encoded, and the result is attribute-escaped.
pub fn url_attr(url: &str) -> String {
    let filtered = url_filter(url).unwrap_or("#ZgotmplZ");
    escape_html(&url_process(filtered, true), Html::Template)
}

/// `html/template`'s escaping of a value inside a URL's query part (after
/// `?`): everything but unreserved characters is percent-encoded.
pub fn url_query(value: &str) -> String {
    url_process(value, false)
}

/// Writes a link destination the way goldmark's `URLEscape` + `EscapeHTML`
/// do: characters that may appear in a URL stay (existing `%XX` included),
/// everything else is percent-encoded byte by byte (upper-case hex), then
/// `&` becomes `&amp;`. `[` and `]` are encoded (`%5B`, `%5D`), and a `%`
/// stays only when a byte follows the next one and the next one is a hex
/// digit (goldmark tests `v[i+1]` twice), as Hugo 0.111.3 writes them
/// (CommonMark examples 526, 538, 603 in `scripts/differential`).
pub fn push_goldmark_url(out: &mut String, url: &str) {
    let bytes = url.as_bytes();
    // Runs of kept bytes are copied whole; they are ASCII, so a run starts
    // and ends on character boundaries.
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        // The bytes always kept, by table (most of a URL).
        while i < bytes.len() && GOLDMARK_URL_KEPT[usize::from(bytes[i])] {
            i += 1;
        }
        let Some(&byte) = bytes.get(i) else {
            break;
        };
        if byte == b'%' && i + 2 < bytes.len() && bytes[i + 1].is_ascii_hexdigit() {
            i += 1;
            continue;
        }
        if run < i {
            out.push_str(url.get(run..i).unwrap_or(""));
        }
        if byte == b'&' {
            out.push_str("&amp;");
        } else {
            push_percent(out, byte, b"0123456789ABCDEF");
        }
        i += 1;
        run = i;
    }
    if run < bytes.len() {
        out.push_str(url.get(run..).unwrap_or(""));
    }
}

/// The bytes goldmark's `URLEscape` always keeps: ASCII letters, digits and
/// `;/?:@=+$,-_.!~*'()#` (`%` depends on what follows; `&` is escaped).
const GOLDMARK_URL_KEPT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b';' | b'/'
                    | b'?'
                    | b':'
                    | b'@'
                    | b'='
                    | b'+'
                    | b'$'
                    | b','
                    | b'-'
                    | b'_'
                    | b'.'
                    | b'!'
                    | b'~'
                    | b'*'
                    | b'\''
                    | b'('
                    | b')'
                    | b'#'
            );
        b += 1;
    }
    table
};

/// `%` and two hex digits from `digits` (upper or lower case).
fn push_percent(out: &mut String, byte: u8, digits: &[u8; 16]) {
    out.push('%');
    out.push(char::from(digits[usize::from(byte >> 4)]));
    out.push(char::from(digits[usize::from(byte & 15)]));
}
