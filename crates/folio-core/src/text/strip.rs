//! Removing tags from HTML. Three behaviours, because Hugo and Go have
//! three: Hugo's `plainify`, `html/template`'s tag stripping for trusted
//! HTML in attributes, and Folio's plain text for word counts and summaries.

/// Hugo's `helpers.StripHTML` (`plainify`, `countwords`, the `figure`
/// shortcode's `alt`): drops tags, turns paragraph and line breaks into new
/// lines, and collapses runs of white space.
pub fn strip_html(s: &str) -> String {
    if !s.contains(['<', '>']) {
        return s.to_string();
    }
    let s = s
        .replace('\n', " ")
        .replace("</p>", "\n")
        .replace("<br>", "\n")
        .replace("<br />", "\n");
    let mut out = String::with_capacity(s.len());
    let (mut in_tag, mut is_space, mut was_space) = (false, false, false);
    for c in s.chars() {
        // Like Go's loop: the space flag only resets outside tags.
        if !in_tag {
            is_space = false;
        }
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c => {
                if c.is_whitespace() {
                    is_space = true;
                }
                if !in_tag && (!is_space || !was_space) {
                    out.push(c);
                }
            }
        }
        was_space = is_space;
    }
    out
}

/// `html/template`'s `stripTags` for trusted HTML printed inside an
/// attribute value: a `<` opens a tag only before a letter, `/` or `!`, and
/// entities are kept.
pub fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if in_tag {
            if c == '>' {
                in_tag = false;
            }
        } else if c == '<'
            && rest[1..]
                .chars()
                .next()
                .is_some_and(|n| n.is_ascii_alphabetic() || n == '/' || n == '!')
        {
            in_tag = true;
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The text of an HTML fragment as Hugo's `.Plain` sees it ([`strip_html`]:
/// tags dropped, no space in their place) with entities decoded; the text
/// of shortcode output for word counts and automatic summaries.
pub fn plain_text(html: &str) -> String {
    super::unescape_html(&strip_html(html))
}

/// How many words `text` has: `text.split_whitespace().count()` (Hugo's
/// word count over `.Plain`), without decoding ASCII bytes one character at
/// a time.
pub fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let word = |b: u8| !matches!(b, b'\t'..=b'\r' | b' ');
    let (mut count, mut in_word, mut i) = (0, false, 0);
    while i < bytes.len() {
        // A run of ASCII (to the next smart quote, say): a word starts at
        // each non-space after a space, counted without branches, 128 bytes
        // at a time into a byte (the compiler vectorises it).
        let mut end = i;
        while bytes
            .get(end..end + 16)
            .is_some_and(|chunk| chunk.is_ascii())
        {
            end += 16;
        }
        while bytes.get(end).is_some_and(u8::is_ascii) {
            end += 1;
        }
        if let Some((&first, _)) = bytes[i..end].split_first() {
            let run = &bytes[i..end];
            count += usize::from(word(first) & !in_word);
            for (pairs, before) in run[1..].chunks(128).zip(run.chunks(128)) {
                let starts = pairs
                    .iter()
                    .zip(before)
                    .fold(0u8, |n, (&b, &a)| n + u8::from(word(b) & !word(a)));
                count += usize::from(starts);
            }
            in_word = word(run[run.len() - 1]);
            i = end;
            continue;
        }
        // One non-ASCII character; `i` is a character boundary (after
        // ASCII, or after a whole character).
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let space = c.is_whitespace();
        count += usize::from(!space & !in_word);
        in_word = !space;
        i += c.len_utf8();
    }
    count
}
