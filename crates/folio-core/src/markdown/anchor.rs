//! Heading ids the way Hugo makes them (`autoHeadingIDType = "github"`).

use std::collections::HashSet;

/// Hugo's `anchorize`, implemented once in [`crate::text::slug`].
pub use crate::text::anchorize;

/// Hugo 0.111 makes a heading's id from its text with each `{{< >}}`
/// still a placeholder, and the placeholder's hyphens do not survive:
/// `## {{< sc >}} page` gets `id="hahahugoshortcodes0hbhb-page"` (measured
/// with `scripts/differential`). So the token `HAHAHUGOSHORTCODE-s0-HBHB`
/// counts as `HAHAHUGOSHORTCODEs0HBHB` here.
fn placeholders_as_in_ids(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(super::TOKEN_PREFIX) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(super::TOKEN_PREFIX) {
        out.push_str(&rest[..at]);
        let after = &rest[at + super::TOKEN_PREFIX.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match after[digits..].strip_prefix("-HBHB") {
            Some(tail) if digits > 0 => {
                out.push_str("HAHAHUGOSHORTCODEs");
                out.push_str(&after[..digits]);
                out.push_str("HBHB");
                rest = tail;
            }
            _ => {
                out.push_str(super::TOKEN_PREFIX);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The ids already used in one document, so duplicates get `-1`, `-2`, …
/// exactly like Hugo's `idFactory` (explicit `{#id}`s count as used too).
#[derive(Default)]
pub(crate) struct HeadingIds {
    used: HashSet<String>,
}

impl HeadingIds {
    /// A fresh id for a heading whose source text is `text`.
    pub(crate) fn generate(&mut self, text: &str) -> String {
        let mut id = anchorize(&placeholders_as_in_ids(text));
        if id.is_empty() {
            id.push_str("heading");
        }
        if self.used.contains(&id) {
            let base = id.clone();
            let mut n = 1u32;
            loop {
                id = format!("{base}-{n}");
                if !self.used.contains(&id) {
                    break;
                }
                n += 1;
            }
        }
        self.used.insert(id.clone());
        id
    }

    /// Records an explicit id so later generated ids avoid it.
    pub(crate) fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }
}
