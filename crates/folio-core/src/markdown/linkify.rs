//! goldmark's linkify extension: bare `http(s)://` and `ftp://` URLs,
//! `www.` hosts (linked with `https://`, Hugo's default `linkifyProtocol`) and e-mail addresses (`mailto:`).
//!
//! The matching follows goldmark's regular expressions and its trimming of
//! trailing punctuation, written out by hand to avoid a regex dependency.

/// A link found at the start of a line fragment.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct FoundLink {
    /// Bytes of the fragment that form the link text.
    pub(crate) len: usize,
    /// The link destination (the text, with `https://` or `mailto:` added when needed).
    pub(crate) href: String,
}

fn is_host_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-@:%._+~#=".contains(&b)
}

fn is_path_byte(b: u8, allow_dollar: bool) -> bool {
    b.is_ascii_alphanumeric()
        || b"-@:%_+.~#!?&/=();,'\">^{}[]`".contains(&b)
        || (allow_dollar && b == b'$')
}

/// Matches `[host]{1,256}\.[a-z]+(:\d+)?([/#?][path]*)?` at the start of `s`
/// with backtracking semantics, returning the match length.
fn match_host_and_path(s: &[u8], allow_port: bool, allow_dollar: bool) -> Option<usize> {
    let run = s.iter().take(256).take_while(|&&b| is_host_byte(b)).count();
    // The host part is the longest prefix followed by `.` and a lower-case letter.
    let dot = (1..run)
        .rev()
        .find(|&i| s[i] == b'.' && s.get(i + 1).is_some_and(u8::is_ascii_lowercase))?;
    let mut end = dot
        + 1
        + s[dot + 1..]
            .iter()
            .take_while(|b| b.is_ascii_lowercase())
            .count();
    if allow_port && s.get(end) == Some(&b':') {
        let digits = s[end + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits > 0 {
            end += 1 + digits;
        }
    }
    if matches!(s.get(end), Some(b'/' | b'#' | b'?')) {
        end += 1 + s[end + 1..]
            .iter()
            .take_while(|&&b| is_path_byte(b, allow_dollar))
            .count();
    }
    Some(end)
}

/// goldmark's `findEmailIndex`: `local@domain` where the domain is
/// dot-separated labels of letters, digits and inner hyphens.
fn match_email(s: &[u8]) -> Option<usize> {
    let local = s
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b"!#$%&'*+-./=?^_`{|}~".contains(&b))
        .count();
    if local == 0 || s.get(local) != Some(&b'@') {
        return None;
    }
    let mut end = local + 1;
    let label = |from: usize| -> Option<usize> {
        if !s.get(from)?.is_ascii_alphanumeric() {
            return None;
        }
        let run = s[from..]
            .iter()
            .take(63)
            .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'-')
            .count();
        let last_alnum = (0..run)
            .rev()
            .find(|&i| s[from + i].is_ascii_alphanumeric())?;
        Some(from + last_alnum + 1)
    };
    end = label(end)?;
    while s.get(end) == Some(&b'.') {
        match label(end + 1) {
            Some(next) => end = next,
            None => break,
        }
    }
    Some(end)
}

/// Tries to linkify at the start of `line` (the source from a position that
/// follows white space, `(` or a line start, up to the end of the line).
pub(crate) fn find_link(line: &str) -> Option<FoundLink> {
    let s = line.as_bytes();
    let mut kind_www = false;
    let mut end = None;
    for scheme in ["http://", "https://", "ftp://"] {
        if line.starts_with(scheme) {
            end = match_host_and_path(&s[scheme.len()..], true, true).map(|n| n + scheme.len());
            break;
        }
    }
    if end.is_none() && line.starts_with("www.") {
        end = match_host_and_path(&s[4..], false, false).map(|n| n + 4);
        kind_www = true;
    }
    let mut is_email = false;
    let mut stop = match end {
        Some(mut stop) => {
            match s[stop - 1] {
                b'.' => stop -= 1,
                b')' => {
                    let closing = s[..stop].iter().fold(0i64, |n, &b| match b {
                        b')' => n + 1,
                        b'(' => n - 1,
                        _ => n,
                    });
                    if closing > 0 {
                        stop -= usize::try_from(closing).unwrap_or(0).min(stop);
                    }
                }
                b';' => {
                    // Leave a trailing entity reference such as `&amp;` out.
                    let mut i = stop - 1;
                    while i > 0 && s[i - 1].is_ascii_alphanumeric() {
                        i -= 1;
                    }
                    if i != stop - 1 && i > 0 && s[i - 1] == b'&' {
                        stop = i - 1;
                    }
                }
                _ => {}
            }
            stop
        }
        None => {
            if s.first().is_none_or(u8::is_ascii_punctuation) {
                return None;
            }
            let stop = match_email(s)?;
            let at = s.iter().position(|&b| b == b'@')?;
            if !s[at..stop - 1].contains(&b'.') {
                return None;
            }
            if matches!(s.get(stop), Some(b'-' | b'_')) {
                return None;
            }
            is_email = true;
            stop
        }
    };
    // Trailing sentence punctuation is not part of the link.
    while stop > 1
        && matches!(
            s[stop - 1],
            b'?' | b'!' | b'.' | b',' | b':' | b'*' | b'_' | b'~'
        )
    {
        stop -= 1;
    }
    if stop == 0 {
        return None;
    }
    let text = line.get(..stop)?;
    let href = if is_email {
        format!("mailto:{text}")
    } else if kind_www {
        // Hugo's `linkifyProtocol`, `https` by default.
        format!("https://{text}")
    } else {
        text.to_string()
    };
    Some(FoundLink { len: stop, href })
}
