//! Incremental rendering for the live preview: after an edit, re-render only
//! a window of top-level blocks around it, and prove locally that the result
//! is what a full [`render_with`] of the new text gives; otherwise render in
//! full.
//!
//! ```text
//! old blocks:  … [k-1] [k … m: touched by the edit] [m+1] …
//! window:            └──────── re-rendered ────────┘
//! ```
//!
//! The window runs from the block before the edit to the block after it. It
//! is rendered as a post of its own (the file's front matter, then the
//! window's text), and kept only when
//!
//! - its first block is the old block `k-1` (same span, same HTML) and its
//!   last block is the old block `m+1` (shifted by the edit): the Markdown
//!   parse re-synchronised with the old block boundaries on both sides, so a
//!   fence, an HTML block, a list or a quote that now runs past the window
//!   edge (or a setext underline / table delimiter that now pulls a line
//!   before it in) is caught; the same window of the *old* text must also
//!   render to the old blocks (and gives the words to subtract);
//! - nothing in it depends on the rest of the document: no shortcode (`{{`:
//!   ordinals, embeds, paired shortcodes, `{{% %}}` output that is Markdown),
//!   no `{{%` before it (a paired one may enclose it), no footnote (`[^`)
//!   anywhere (the footnotes block comes last but spans the definitions), no
//!   link reference definition (`]:`) in it, and no `[` in it when the rest
//!   of the document has one, no `<!--more-->`, no NUL, no diagnostic, and
//!   no heading whose id (minus a `-N` suffix) another heading outside the
//!   window shares (heading ids are made unique across the document: ids
//!   compared by their root, all `-N` suffixes stripped);
//! - the edit is in the body, after a front matter that parsed (and not at
//!   the start of a file without front matter, where it could start one).
//!
//! Everything outside the window is shifted (spans, lines); block keys are
//! recomputed over the whole list (a repeated block's `-2` suffix depends on
//! the blocks before it). Exact fields: `blocks`, `headings`, `links`,
//! `embeds`, `diagnostics`, `word_count`, `front_matter`. The summary fields
//! (`summary`, `summary_text`, `truncated`) are those of the last full
//! render (the live preview does not show them; [`Incremental::refresh`]
//! renders in full). `tests/incremental.rs` checks the result against a
//! full render for random documents and random edits.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::rc::Rc;

use crate::frontmatter;
use crate::policy::Trust;
use crate::render::{render_with, Block, Heading, Rendered};
use crate::site::Site;

/// What an edit did to the blocks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Update {
    /// Whether the whole post was rendered again (the window could not be
    /// proven exact, or the edit was too big to be worth it).
    pub full: bool,
    /// The blocks (indices in the new list) that were rendered again; every
    /// other block is an old one, moved.
    pub changed: Range<usize>,
    /// Keys of old blocks that are gone.
    pub removed_keys: Vec<String>,
}

/// A post kept rendered across edits.
pub struct Incremental {
    site: Rc<Site>,
    trust: Trust,
    src: String,
    post: Rendered,
    /// Each block's FNV-1a hash (its key without the `-N` suffix).
    hashes: Vec<u64>,
    /// The body's offset when the front matter parsed, else `None` (every
    /// edit then renders in full).
    body_offset: Option<usize>,
    /// Whether the text has a footnote (`[^`): footnote numbering is
    /// document-wide, and the footnotes block is last but spans the
    /// definitions, so every edit renders in full.
    footnotes: bool,
    /// How many edits were incremental / full (for tests and benchmarks).
    pub counts: (usize, usize),
}

/// An edit larger than this (bytes removed + inserted) renders in full.
const MAX_INCREMENTAL_EDIT: usize = 64 * 1024;

/// Strings that make a window depend on the rest of the document.
const GLOBAL_SYNTAX: [&str; 6] = [
    "{{",
    "[^",
    "]:",
    "<!--more",
    crate::markdown::SUMMARY_MARKER,
    crate::markdown::TOKEN_PREFIX,
];

impl Incremental {
    /// Renders `src` in full.
    pub fn new(src: String, site: Rc<Site>, trust: Trust) -> Incremental {
        let mut inc = Incremental {
            site,
            trust,
            src: String::new(),
            post: Rendered::default(),
            hashes: Vec::new(),
            body_offset: None,
            footnotes: false,
            counts: (0, 0),
        };
        inc.full(src);
        inc.counts = (0, 0);
        inc
    }

    /// The text rendered.
    pub fn source(&self) -> &str {
        &self.src
    }

    /// The post as rendered from [`Incremental::source`].
    pub fn post(&self) -> &Rendered {
        &self.post
    }

    /// Renders the current text in full (the summary fields included).
    pub fn refresh(&mut self) {
        let src = std::mem::take(&mut self.src);
        self.full(src);
    }

    /// Replaces `range` (bytes of the current text) by `text`. A range out
    /// of the text or off a character boundary is clamped to one.
    pub fn edit(&mut self, range: Range<usize>, text: &str) -> Update {
        let mut start = range.start.min(self.src.len());
        while !self.src.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = range.end.clamp(start, self.src.len());
        while !self.src.is_char_boundary(end) {
            end += 1;
        }
        let mut new = String::with_capacity(self.src.len() - (end - start) + text.len());
        new.push_str(&self.src[..start]);
        new.push_str(text);
        new.push_str(&self.src[end..]);
        self.apply(start, end, text.len(), new)
    }

    /// Sets the whole text: the edit is found as the part between the
    /// longest common prefix and suffix of the old and new text.
    pub fn set_text(&mut self, new: String) -> Update {
        let (old, new_bytes) = (self.src.as_bytes(), new.as_bytes());
        let mut prefix = old
            .iter()
            .zip(new_bytes)
            .position(|(a, b)| a != b)
            .unwrap_or(old.len().min(new_bytes.len()));
        while !self.src.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
            prefix -= 1;
        }
        let max_suffix = old.len().min(new_bytes.len()) - prefix;
        let mut suffix = old
            .iter()
            .rev()
            .zip(new_bytes.iter().rev())
            .take(max_suffix)
            .position(|(a, b)| a != b)
            .unwrap_or(max_suffix);
        while !self.src.is_char_boundary(old.len() - suffix)
            || !new.is_char_boundary(new_bytes.len() - suffix)
        {
            suffix -= 1;
        }
        if prefix == old.len() && prefix == new_bytes.len() {
            return Update {
                full: false,
                changed: 0..0,
                removed_keys: Vec::new(),
            };
        }
        let (a, b) = (prefix, old.len() - suffix);
        let inserted = new_bytes.len() - suffix - prefix;
        self.apply(a, b, inserted, new)
    }

    fn full(&mut self, src: String) -> Update {
        let removed_keys: Vec<String> = self.post.blocks.iter().map(|b| b.key.clone()).collect();
        self.post = render_with(&src, &self.site, self.trust);
        self.hashes = self.post.blocks.iter().map(|b| key_hash(&b.key)).collect();
        self.body_offset = match frontmatter::parse(&src) {
            Ok(doc) if !src.contains('\0') => Some(doc.body_offset),
            _ => None,
        };
        self.footnotes = src.contains("[^");
        self.src = src;
        self.counts.1 += 1;
        Update {
            full: true,
            changed: 0..self.post.blocks.len(),
            removed_keys,
        }
    }

    /// The old text's `a..b` became `inserted` bytes; `new` is the new text.
    fn apply(&mut self, a: usize, b: usize, inserted: usize, new: String) -> Update {
        match self.try_window(a, b, inserted, &new) {
            Some(update) => {
                self.src = new;
                self.counts.0 += 1;
                update
            }
            None => self.full(new),
        }
    }

    fn try_window(&mut self, a: usize, b: usize, inserted: usize, new: &str) -> Option<Update> {
        let body = self.body_offset?;
        if self.footnotes {
            return None;
        }
        let old = self.src.as_str();
        let blocks = &self.post.blocks;
        let n = blocks.len();
        if n == 0 || (b - a) + inserted > MAX_INCREMENTAL_EDIT || a < body {
            return None;
        }
        if body == 0 || old.as_bytes()[body - 1] != b'\n' {
            // An edit right after the delimiter could change it; a file
            // without front matter could gain one.
            if a <= body {
                return None;
            }
        }
        let delta = inserted as isize - (b - a) as isize;
        let shift = |x: usize| (x as isize + delta) as usize;
        // Blocks touched: k = first ending at or after a, m = last starting
        // at or before b.
        let k = blocks.partition_point(|x| x.end < a);
        let m = blocks.partition_point(|x| x.start <= b).checked_sub(1);
        let first = k.saturating_sub(1);
        let last = m.map_or(0, |m| m + 1).max(first);
        let (ws, head_check) = if first == 0 {
            (body, false)
        } else {
            (blocks[first].start, true)
        };
        if first == 0 && body == 0 {
            return None;
        }
        let (we_old, tail_check) = if last >= n {
            (old.len(), false)
        } else {
            (blocks[last].end, true)
        };
        if we_old < b || ws > a {
            return None;
        }
        let we_new = shift(we_old);
        let (old_window, new_window) = (old.get(ws..we_old)?, new.get(ws..we_new)?);
        for window in [old_window, new_window] {
            if GLOBAL_SYNTAX.iter().any(|s| window.contains(s)) || window.contains('\0') {
                return None;
            }
        }
        if new.get(..ws)?.contains("{{%") {
            return None;
        }
        if (old_window.contains('[') || new_window.contains('['))
            && (new.get(..ws)?.contains("]:") || new.get(we_new..)?.contains("]:"))
        {
            return None;
        }
        let (lo, hi) = (ws, we_old);
        if self
            .post
            .diagnostics
            .iter()
            .any(|d| d.span.end >= lo && d.span.start <= hi && d.span.start >= body)
        {
            return None;
        }
        let last_index = last.min(n - 1);
        let old_range = first..last_index + 1;

        // The window rendered alone, old and new.
        let front = &old[..body];
        let render_window = |text: &str| -> Rendered {
            let mut synthetic = String::with_capacity(body + text.len());
            synthetic.push_str(front);
            synthetic.push_str(text);
            render_with(&synthetic, &self.site, self.trust)
        };
        let old_part = render_window(old_window);
        let new_part = render_window(new_window);
        // Where the window's line 1 is in the synthetic post, and in the file.
        let synthetic_line = 1 + front.matches('\n').count();
        let file_line = if head_check {
            blocks[first].line
        } else {
            synthetic_line
        };
        let to_file = |x: usize| x - body + ws;
        let line_in_file = |line: usize| line + file_line - synthetic_line;
        for part in [&old_part, &new_part] {
            if part.diagnostics.iter().any(|d| d.span.start >= body) || !part.embeds.is_empty() {
                return None;
            }
        }
        // The old window must render to the old blocks.
        let old_blocks = &blocks[old_range.clone()];
        if old_part.blocks.len() != old_blocks.len()
            || old_part.blocks.iter().zip(old_blocks).any(|(p, o)| {
                p.html != o.html || to_file(p.start) != o.start || to_file(p.end) != o.end
            })
        {
            return None;
        }
        // The new window must start and end on the old boundaries.
        let new_blocks = &new_part.blocks;
        if head_check {
            let p = new_blocks.first()?;
            let o = &blocks[first];
            if p.html != o.html || to_file(p.start) != o.start || to_file(p.end) != o.end {
                return None;
            }
        }
        if tail_check {
            let p = new_blocks.last()?;
            let o = &blocks[last];
            if p.html != o.html
                || to_file(p.start) != shift(o.start)
                || to_file(p.end) != shift(o.end)
                || (head_check && new_blocks.len() < 2)
            {
                return None;
            }
        }
        // Heading ids are unique across the document.
        // A heading's id is its anchor, or the anchor with `-N` when taken:
        // two headings can interact only when their ids share a root.
        let base = |id: &str| -> String {
            let mut root = id;
            while let Some((stem, n)) = root.rsplit_once('-') {
                if n.is_empty() || !n.bytes().all(|c| c.is_ascii_digit()) {
                    break;
                }
                root = stem;
            }
            root.to_string()
        };
        let inside = |h: &Heading| h.start >= lo && h.start < hi;
        let outside: std::collections::HashSet<String> = self
            .post
            .headings
            .iter()
            .filter(|h| !inside(h))
            .map(|h| base(&h.id))
            .collect();
        if old_part
            .headings
            .iter()
            .chain(&new_part.headings)
            .any(|h| outside.contains(&base(&h.id)))
        {
            return None;
        }

        // Splice.
        let newlines = |s: &str| s.bytes().filter(|&c| c == b'\n').count() as isize;
        let line_delta = newlines(new_window) - newlines(old_window);
        let shift_line = |l: usize| (l as isize + line_delta) as usize;
        let post = &mut self.post;
        let removed: Vec<Block> = post
            .blocks
            .splice(
                old_range.clone(),
                new_blocks.iter().map(|p| Block {
                    start: to_file(p.start),
                    end: to_file(p.end),
                    line: line_in_file(p.line),
                    key: p.key.clone(),
                    html: p.html.clone(),
                }),
            )
            .collect();
        let changed = first..first + new_blocks.len();
        self.hashes.splice(
            old_range.clone(),
            new_blocks.iter().map(|p| key_hash(&p.key)),
        );
        for block in &mut post.blocks[changed.end..] {
            block.start = shift(block.start);
            block.end = shift(block.end);
            block.line = shift_line(block.line);
        }
        // Headings, links, embeds and diagnostics: before the window as they
        // were, inside from the window, after it shifted.
        let mut headings = Vec::with_capacity(post.headings.len());
        let mut window_headings = new_part.headings.iter().map(|h| Heading {
            start: to_file(h.start),
            end: to_file(h.end),
            line: line_in_file(h.line),
            ..h.clone()
        });
        let mut placed = false;
        for h in post.headings.drain(..) {
            if h.start < lo {
                headings.push(h);
            } else if h.start < hi {
                continue;
            } else {
                if !placed {
                    headings.extend(window_headings.by_ref());
                    placed = true;
                }
                headings.push(Heading {
                    start: shift(h.start),
                    end: shift(h.end),
                    line: shift_line(h.line),
                    ..h
                });
            }
        }
        headings.extend(window_headings);
        post.headings = headings;

        let mut links = Vec::with_capacity(post.links.len());
        let mut window_links = new_part.links.iter().map(|l| crate::render::Link {
            href: l.href.clone(),
            start: to_file(l.start),
            end: to_file(l.end),
        });
        let mut placed = false;
        for l in post.links.drain(..) {
            if l.start < lo {
                links.push(l);
            } else if l.start < hi {
                continue;
            } else {
                if !placed {
                    links.extend(window_links.by_ref());
                    placed = true;
                }
                links.push(crate::render::Link {
                    start: shift(l.start),
                    end: shift(l.end),
                    ..l
                });
            }
        }
        links.extend(window_links);
        post.links = links;

        for e in post.embeds.iter_mut().filter(|e| e.start >= hi) {
            e.start = shift(e.start);
            e.end = shift(e.end);
        }
        for d in post.diagnostics.iter_mut().filter(|d| d.span.start >= hi) {
            d.span = crate::diagnostics::Span::new(shift(d.span.start), shift(d.span.end));
            d.line = shift_line(d.line);
        }
        post.word_count = post.word_count + new_part.word_count - old_part.word_count;

        // Keys: a repeat of a hash gets `-2`, `-3`, … in document order.
        let mut seen: HashMap<u64, usize> = HashMap::with_capacity(self.hashes.len());
        let mut buffer = String::new();
        for (block, &hash) in post.blocks.iter_mut().zip(&self.hashes) {
            let count = seen.entry(hash).or_insert(0);
            *count += 1;
            buffer.clear();
            if *count == 1 {
                let _ = write!(buffer, "{hash:016x}");
            } else {
                let _ = write!(buffer, "{hash:016x}-{count}");
            }
            if block.key != buffer {
                block.key.clone_from(&buffer);
            }
        }
        let kept: std::collections::HashSet<&str> =
            post.blocks.iter().map(|b| b.key.as_str()).collect();
        let removed_keys = removed
            .into_iter()
            .map(|b| b.key)
            .filter(|k| !kept.contains(k.as_str()))
            .collect();
        Some(Update {
            full: false,
            changed,
            removed_keys,
        })
    }
}

/// The hash in a block key (`{hash:016x}` or `{hash:016x}-{n}`).
fn key_hash(key: &str) -> u64 {
    key.get(..16)
        .and_then(|h| u64::from_str_radix(h, 16).ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Rc<Site> {
        Rc::new(Site::default())
    }

    fn check(inc: &Incremental) {
        let full = render_with(inc.source(), &Site::default(), Trust::Site);
        assert_eq!(inc.post().blocks, full.blocks, "{:?}", inc.source());
        assert_eq!(inc.post().headings, full.headings);
        assert_eq!(inc.post().links, full.links);
        assert_eq!(inc.post().word_count, full.word_count);
        assert_eq!(inc.post().diagnostics, full.diagnostics);
    }

    #[test]
    fn typing_in_a_paragraph_renders_a_window() {
        let src = "+++\ntitle = \"t\"\n+++\n\n# A\n\none\n\ntwo\n\nthree\n\n# A\n".to_string();
        let mut inc = Incremental::new(src, site(), Trust::Site);
        let at = inc.source().find("two").unwrap() + 3;
        let update = inc.edit(at..at, "x");
        assert!(!update.full);
        check(&inc);
        assert_eq!(inc.counts, (1, 0));
    }

    #[test]
    fn an_opened_fence_falls_back() {
        let src = "+++\n+++\none\n\ntwo\n\nthree\n\nfour\n".to_string();
        let mut inc = Incremental::new(src, site(), Trust::Site);
        let at = inc.source().find("two").unwrap();
        let update = inc.edit(at..at, "```\n");
        assert!(update.full);
        check(&inc);
    }

    #[test]
    fn set_text_finds_the_edit() {
        let src = "+++\n+++\n中文 one\n\ntwo 中文\n\nthree\n".to_string();
        let mut inc = Incremental::new(src.clone(), site(), Trust::Site);
        let update = inc.set_text(src.replace("two", "tw中o"));
        assert!(!update.full);
        check(&inc);
        inc.set_text(src.replace("two 中文", "two 中"));
        check(&inc);
    }

    #[test]
    fn duplicate_blocks_get_their_suffixes() {
        let src = "+++\n+++\nsame\n\nother\n\nsame\n\nsame\n".to_string();
        let mut inc = Incremental::new(src, site(), Trust::Site);
        let at = inc.source().find("other").unwrap();
        inc.edit(at..at + 5, "same");
        check(&inc);
        let at = inc.source().find("same").unwrap();
        inc.edit(at..at + 4, "diff");
        check(&inc);
    }
}
