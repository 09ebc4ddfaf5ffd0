//! Hugo's two slug functions: `anchorize` for heading ids and `urlize` for
//! URLs (taxonomy terms, page paths).

/// Hugo's `anchorize` (goldmark's GitHub-style heading ids, and the template
/// function): trimmed, letters and digits (any script) lower-cased, `_`
/// kept, every space and `-` turned into `-` (runs are not collapsed, which
/// is why `a — b` becomes `a--b`), everything else dropped.
pub fn anchorize(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c == ' ' || c == '-' {
            id.push('-');
        } else if c == '_' || c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        }
    }
    id
}

/// Hugo's `urlize` (`helpers.URLize`, which Hugo also uses for taxonomy term
/// URLs): path-sanitised (white space to `-`, characters a path should not
/// hold dropped, `.` kept, so `node.js` stays `node.js`), lower-cased, and
/// non-ASCII percent-encoded.
pub fn urlize(s: &str) -> String {
    let allowed = |i: usize, c: char| {
        c != ' '
            && (c.is_alphanumeric()
                || matches!(c, '.' | '/' | '\\' | '_' | '#' | '+' | '~' | '-' | '@')
                || (c == '%'
                    && s.as_bytes().get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && s.as_bytes().get(i + 2).is_some_and(u8::is_ascii_hexdigit)))
    };
    let mut sanitized = String::with_capacity(s.len());
    let (mut prepend_hyphen, mut was_hyphen) = (false, false);
    for (i, c) in s.char_indices() {
        if allowed(i, c) {
            was_hyphen = c == '-';
            if prepend_hyphen {
                if !was_hyphen {
                    sanitized.push('-');
                }
                prepend_hyphen = false;
            }
            sanitized.push(c);
        } else if !sanitized.is_empty() && !was_hyphen && c.is_whitespace() {
            prepend_hyphen = true;
        }
    }
    let lower = sanitized.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        if c.is_ascii() && c != '\\' {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}
