//! Heading ids the way Hugo makes them (`autoHeadingIDType = "github"`).

use std::collections::HashSet;

/// Hugo's `anchorize`, implemented once in [`crate::text::slug`].
pub use crate::text::anchorize;

/// The ids already used in one document, so duplicates get `-1`, `-2`, …
/// exactly like Hugo's `idFactory` (explicit `{#id}`s count as used too).
#[derive(Default)]
pub(crate) struct HeadingIds {
    used: HashSet<String>,
}

impl HeadingIds {
    /// A fresh id for a heading whose source text is `text`.
    pub(crate) fn generate(&mut self, text: &str) -> String {
        let mut id = anchorize(text);
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
