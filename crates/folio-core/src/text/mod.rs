//! Text concepts every stage shares — HTML escaping and unescaping, tag
//! stripping, slugs (`anchorize`, `urlize`), URL escaping and Go's float
//! formatting — each implemented once, below the Markdown renderer, the
//! template engine, the built-in shortcodes and the index.
//!
//! Why hand-written: Folio promises Hugo's bytes, and Hugo's bytes come from
//! several Go components that each escape or format slightly differently
//! (`html/template` writes `&#34;` and `&#43;`, goldmark `&quot;`, Chroma and
//! `html.EscapeString` leave `+` alone; `fmt` and `encoding/json` switch to
//! exponent form at different magnitudes). No crate reproduces those tables
//! exactly, and each of these functions is a few lines, so a dependency would
//! only add wasm size. Where Go differs, the variants live side by side here,
//! each naming the Go component it reproduces.
//!
//! - [`escape`]: HTML escaping per Go component ([`escape::Html`]), entity
//!   decoding;
//! - [`strip`]: removing tags (Hugo's `plainify`, `html/template`'s attribute
//!   stripping, Folio's plain text for word counts);
//! - [`slug`]: Hugo's `anchorize` (heading ids) and `urlize` (term and page
//!   URLs);
//! - [`url`]: `html/template`'s URL filter and normaliser, goldmark's link
//!   escaping;
//! - [`float`]: Go's `%v` and `encoding/json` float formats.

pub mod escape;
pub mod float;
pub(crate) mod scan;
pub mod slug;
pub mod strip;
pub mod url;

#[cfg(test)]
mod tests;

pub use escape::{escape_html, html_template, push_html, unescape_html, Html};
pub use float::{format_go_float, format_json_float};
pub use slug::{anchorize, urlize};
pub use strip::{count_words, plain_text, strip_html, strip_tags};
pub use url::{url_attr, url_filter, url_process, url_query};

/// Appends `n` in decimal: by hand, because `format!`/`to_string` go
/// through the formatter, a cost per shortcode token and per repeated
/// block key (a post can have thousands of each).
pub fn push_decimal(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&digit| char::from(digit)));
}

/// Whether `text` has a Han, Hangul, Hiragana or Katakana character (Hugo's
/// test for a CJK page on a `hasCJKLanguage` site; the scripts' main
/// ranges, as Go's tables have them).
pub fn has_cjk(text: &str) -> bool {
    const RANGES: [(u32, u32); 22] = [
        (0x1100, 0x11ff),   // Hangul Jamo
        (0x2e80, 0x2fd5),   // CJK radicals, Kangxi radicals
        (0x3005, 0x3007),   // 々 〆 〇
        (0x3021, 0x3029),   // Hangzhou numerals
        (0x302e, 0x302f),   // Hangul tone marks
        (0x3038, 0x303b),   // Han
        (0x3041, 0x309f),   // Hiragana
        (0x30a1, 0x30ff),   // Katakana
        (0x3131, 0x318e),   // Hangul compatibility Jamo
        (0x31f0, 0x31ff),   // Katakana phonetic extensions
        (0x3200, 0x321e),   // parenthesised Hangul
        (0x3260, 0x327e),   // circled Hangul
        (0x32d0, 0x3357),   // circled and squared Katakana
        (0x3400, 0x4dbf),   // CJK extension A
        (0x4e00, 0x9fff),   // CJK unified ideographs
        (0xa960, 0xa97c),   // Hangul Jamo extended A
        (0xac00, 0xd7fb),   // Hangul syllables, Jamo extended B
        (0xf900, 0xfad9),   // CJK compatibility ideographs
        (0xff66, 0xff9d),   // half-width Katakana
        (0xffa0, 0xffdc),   // half-width Hangul
        (0x1aff0, 0x1b16f), // Kana supplement and extensions
        (0x20000, 0x323af), // CJK extensions B to H, compatibility supplement
    ];
    text.chars().any(|c| {
        let c = u32::from(c);
        c >= 0x1100 && RANGES.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
    })
}
