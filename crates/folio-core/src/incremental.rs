//! Incremental rendering for the live preview: after an edit, re-render only
//! a window of top-level blocks around it, and prove locally that the result
//! is what a full [`render_page`] of the new text gives; otherwise render in
//! full.
//!
//! ```text
//! old blocks:  … [k-1] [k … m: touched by the edit] [m+1] …
//! window:            └──────── re-rendered ────────┘
//! ```
//!
//! The window runs from the block before the edit to the block after it
//! (two, then four blocks either side when that fails to re-synchronise). It
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
//!   of the document has one, no `<!--more-->` (or `# more`), no NUL, no diagnostic, and
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

use std::fmt::Write as _;
use std::ops::Range;
use std::rc::Rc;

use crate::frontmatter;
use crate::policy::Trust;
use crate::render::{render_page, Block, Heading, Rendered};
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
    /// The post's path in `content/`: its references and relative URLs
    /// resolve against it ([`render_page`]).
    page: Option<String>,
    src: String,
    post: Rendered,
    /// Each block's stable hash (its key without the `-N` suffix).
    hashes: Vec<u64>,
    /// The body's offset when the front matter parsed, else `None` (every
    /// edit then renders in full).
    body_offset: Option<usize>,
    /// Whether the text has a footnote (`[^`): footnote numbering is
    /// document-wide, and the footnotes block is last but spans the
    /// definitions, so every edit renders in full.
    footnotes: bool,
    /// Whether the text has `{{%` (a paired one may enclose any window).
    markdown_shortcodes: bool,
    /// Whether the text has `]:` (a link definition may serve any `[`).
    link_definitions: bool,
    /// Whether the blocks tile the file in order (each ends where or before
    /// the next starts). Not so when the expanded source maps oddly back to
    /// the file (`<!--more-->: ` makes a definition list whose span covers
    /// the next block): a block's span may then change with an edit outside
    /// it, so every edit renders in full.
    tiled: bool,
    /// How many edits were incremental / full (for tests and benchmarks).
    pub counts: (usize, usize),
}

/// Whether `blocks` are in file order without overlapping.
fn tiles(blocks: &[Block]) -> bool {
    blocks
        .windows(2)
        .all(|w| w[0].start <= w[0].end && w[0].end <= w[1].start)
}

/// An edit larger than this (bytes removed + inserted) renders in full.
const MAX_INCREMENTAL_EDIT: usize = 64 * 1024;

/// Strings that make a window depend on the rest of the document.
const GLOBAL_SYNTAX: [&str; 7] = [
    "{{",
    "[^",
    "]:",
    "<!--more",
    // The summary divider of a file that starts with `#`
    // (`render::ORG_SUMMARY_DIVIDER`).
    "# more",
    crate::markdown::SUMMARY_MARKER,
    crate::markdown::TOKEN_PREFIX,
];

/// Whether the typographer's quotes in `window` neither depend on nor
/// change its document-wide state. goldmark (and so Folio's typographer)
/// counts the quotes left open across the whole document: a `"` opened in
/// one paragraph lets a `"` in a later one close (`==&rdquo;`, where the
/// same paragraph alone gives `==&quot;`), so a window rendered alone is
/// only right when its quotes cannot open, close or read a count. That
/// holds when it has no `"` and each `'` sits between a letter or digit and
/// a letter (`don't`, `90's`): the typographer's first rules make those
/// apostrophes before any count is read. Anything else renders in full.
fn quotes_are_local(window: &str) -> bool {
    if window.contains('"') {
        return false;
    }
    window.match_indices('\'').all(|(i, _)| {
        let before = window[..i].chars().next_back();
        let after = window[i + 1..].chars().next();
        before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphabetic)
    })
}

impl Incremental {
    /// Renders `src` in full.
    pub fn new(src: String, site: Rc<Site>, trust: Trust) -> Incremental {
        Incremental::new_at(src, site, trust, None)
    }

    /// [`Incremental::new`] for the post at `page` (its path in `content/`),
    /// rendered as [`render_page`] renders it.
    pub fn new_at(src: String, site: Rc<Site>, trust: Trust, page: Option<String>) -> Incremental {
        let mut inc = Incremental {
            site,
            trust,
            page,
            src: String::new(),
            post: Rendered::default(),
            hashes: Vec::new(),
            body_offset: None,
            footnotes: false,
            markdown_shortcodes: false,
            link_definitions: false,
            tiled: false,
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
        match self.try_set_text(new) {
            Ok(update) => update,
            Err(new) => self.full(new),
        }
    }

    /// [`Incremental::set_text`] when the window can be proven exact; else
    /// the text back, nothing changed (the caller renders it in full
    /// elsewhere, e.g. in a worker, then calls [`Incremental::install`]).
    pub fn try_set_text(&mut self, new: String) -> Result<Update, String> {
        let (old, new_bytes) = (self.src.as_bytes(), new.as_bytes());
        let mut prefix = common_prefix(old, new_bytes);
        while !self.src.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
            prefix -= 1;
        }
        let max_suffix = old.len().min(new_bytes.len()) - prefix;
        let mut suffix = common_suffix(old, new_bytes, max_suffix);
        while !self.src.is_char_boundary(old.len() - suffix)
            || !new.is_char_boundary(new_bytes.len() - suffix)
        {
            suffix -= 1;
        }
        if prefix == old.len() && prefix == new_bytes.len() {
            return Ok(Update {
                full: false,
                changed: 0..0,
                removed_keys: Vec::new(),
            });
        }
        let (a, b) = (prefix, old.len() - suffix);
        let inserted = new_bytes.len() - suffix - prefix;
        match self.try_window(a, b, inserted, &new) {
            Some(update) => {
                self.src = new;
                self.counts.0 += 1;
                Ok(update)
            }
            None => Err(new),
        }
    }

    /// Takes `post`, rendered elsewhere by `render_page(&src, site, trust, page)`
    /// with this site and trust, as the current state.
    pub fn install(&mut self, src: String, post: Rendered) -> Update {
        let removed_keys = self.post.blocks.iter().map(|b| b.key.clone()).collect();
        self.post = post;
        self.rendered_in_full(src);
        Update {
            full: true,
            changed: 0..self.post.blocks.len(),
            removed_keys,
        }
    }

    /// The state that goes with a full render of `src` (in `self.post`).
    fn rendered_in_full(&mut self, src: String) {
        self.hashes = self.post.blocks.iter().map(|b| key_hash(&b.key)).collect();
        self.body_offset = match frontmatter::parse(&src) {
            Ok(doc) if !src.contains('\0') => Some(doc.body_offset),
            _ => None,
        };
        self.footnotes = src.contains("[^");
        self.markdown_shortcodes = src.contains("{{%");
        self.link_definitions = src.contains("]:");
        self.tiled = tiles(&self.post.blocks);
        self.src = src;
        self.counts.1 += 1;
    }

    fn full(&mut self, src: String) -> Update {
        // (Also after a window that left the blocks untiled: they are
        // replaced wholesale here.)
        let removed_keys: Vec<String> = self.post.blocks.iter().map(|b| b.key.clone()).collect();
        self.post = render_page(&src, &self.site, self.trust, self.page.as_deref());
        self.rendered_in_full(src);
        Update {
            full: true,
            changed: 0..self.post.blocks.len(),
            removed_keys,
        }
    }

    /// The old text's `a..b` became `inserted` bytes; `new` is the new text.
    fn apply(&mut self, a: usize, b: usize, inserted: usize, new: String) -> Update {
        match self.try_window(a, b, inserted, &new) {
            Some(update) if tiles(&self.post.blocks) => {
                self.src = new;
                self.counts.0 += 1;
                update
            }
            _ => self.full(new),
        }
    }

    /// A window of one block either side of the edit, else two, else four
    /// (an edit next to a block without a blank line between merges with it).
    fn try_window(&mut self, a: usize, b: usize, inserted: usize, new: &str) -> Option<Update> {
        [1, 2, 4]
            .into_iter()
            .find_map(|margin| self.try_window_of(a, b, inserted, new, margin))
    }

    fn try_window_of(
        &mut self,
        a: usize,
        b: usize,
        inserted: usize,
        new: &str,
        margin: usize,
    ) -> Option<Update> {
        let body = self.body_offset?;
        // On a `hasCJKLanguage` site one character can change how every
        // word of the post counts; a page that says `isCJKLanguage` counts
        // its words in a way a window rendered alone does not know.
        if self.footnotes || !self.tiled || self.site.config.has_cjk_language || self.post.cjk {
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
        let first = k.saturating_sub(margin);
        let last = (m.map_or(0, |m| m + 1) + margin - 1).max(first);
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
        let typographer = self.site.config.markdown_options().typographer;
        for window in [old_window, new_window] {
            if GLOBAL_SYNTAX.iter().any(|s| window.contains(s)) || window.contains('\0') {
                return None;
            }
            if typographer && !quotes_are_local(window) {
                return None;
            }
        }
        // (The flags hold for the new text too: the window has no `{{` and
        // no `]:`, and its edges are unchanged text.)
        if self.markdown_shortcodes && new.get(..ws)?.contains("{{%") {
            return None;
        }
        if self.link_definitions && (old_window.contains('[') || new_window.contains('[')) {
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
            render_page(&synthetic, &self.site, self.trust, self.page.as_deref())
        };
        let old_part = render_window(old_window);
        let mut new_part = render_window(new_window);
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
        let inside = |h: &Heading| h.start >= lo && h.start < hi;
        let window_roots: Vec<&str> = old_part
            .headings
            .iter()
            .chain(&new_part.headings)
            .map(|h| id_root(&h.id))
            .collect();
        if !window_roots.is_empty()
            && self
                .post
                .headings
                .iter()
                .filter(|h| !inside(h))
                .any(|h| window_roots.contains(&id_root(&h.id)))
        {
            return None;
        }

        // Splice.
        let newlines = |s: &str| crate::diagnostics::count_newlines(s.as_bytes()) as isize;
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
        let new_hashes: Vec<u64> = new_blocks.iter().map(|p| key_hash(&p.key)).collect();
        let old_hashes: Vec<u64> = self
            .hashes
            .splice(old_range.clone(), new_hashes.iter().copied())
            .collect();
        for block in &mut post.blocks[changed.end..] {
            block.start = shift(block.start);
            block.end = shift(block.end);
            block.line = shift_line(block.line);
        }
        // Headings and links (in source order): those in the window
        // replaced by the window's, those after it shifted; embeds and
        // diagnostics (none in the window) after it shifted.
        post.headings.retain(|h| h.start < lo || h.start >= hi);
        let at = post.headings.partition_point(|h| h.start < lo);
        for h in &mut post.headings[at..] {
            (h.start, h.end, h.line) = (shift(h.start), shift(h.end), shift_line(h.line));
        }
        let window_headings = std::mem::take(&mut new_part.headings);
        post.headings.splice(
            at..at,
            window_headings.into_iter().map(|mut h| {
                (h.start, h.end, h.line) = (to_file(h.start), to_file(h.end), line_in_file(h.line));
                h
            }),
        );
        post.links.retain(|l| l.start < lo || l.start >= hi);
        let at = post.links.partition_point(|l| l.start < lo);
        for l in &mut post.links[at..] {
            (l.start, l.end) = (shift(l.start), shift(l.end));
        }
        let window_links = std::mem::take(&mut new_part.links);
        post.links.splice(
            at..at,
            window_links.into_iter().map(|mut l| {
                (l.start, l.end) = (to_file(l.start), to_file(l.end));
                l
            }),
        );
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
        // The window's blocks are keyed by the repeats before them; after
        // it, only blocks whose hash the window gained or lost move.
        let hashes = &self.hashes;
        let mut buffer = String::new();
        let mut set_key = |block: &mut Block, hash: u64, count: usize| {
            buffer.clear();
            if count == 1 {
                let _ = write!(buffer, "{hash:016x}");
            } else {
                let _ = write!(buffer, "{hash:016x}-{count}");
            }
            if block.key != buffer {
                block.key.clone_from(&buffer);
            }
        };
        for i in changed.clone() {
            let hash = hashes[i];
            let count = hashes[..i].iter().filter(|&&h| h == hash).count() + 1;
            set_key(&mut post.blocks[i], hash, count);
        }
        let mut moved: Vec<u64> = Vec::new();
        for &h in old_hashes.iter().chain(&new_hashes) {
            let count = |hashes: &[u64]| hashes.iter().filter(|&&x| x == h).count();
            if !moved.contains(&h) && count(&old_hashes) != count(&new_hashes) {
                moved.push(h);
            }
        }
        for hash in moved {
            let mut count = hashes[..changed.end].iter().filter(|&&h| h == hash).count();
            for (block, &h) in post.blocks[changed.end..]
                .iter_mut()
                .zip(&hashes[changed.end..])
            {
                if h == hash {
                    count += 1;
                    set_key(block, hash, count);
                }
            }
        }
        let removed_keys = removed
            .into_iter()
            .map(|b| b.key)
            .filter(|k| !post.blocks.iter().any(|b| &b.key == k))
            .collect();
        Some(Update {
            full: false,
            changed,
            removed_keys,
        })
    }
}

/// A heading id without its `-N` suffixes: two headings' ids can interact
/// (be made unique against each other) only when their roots are equal.
fn id_root(id: &str) -> &str {
    let mut root = id;
    while let Some((stem, n)) = root.rsplit_once('-') {
        if n.is_empty() || !n.bytes().all(|c| c.is_ascii_digit()) {
            break;
        }
        root = stem;
    }
    root
}

/// How many bytes `a` and `b` start with in common (compared a chunk at a
/// time: the texts are up to megabytes long and differ in a few bytes).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 256;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + CHUNK <= n && a[i..i + CHUNK] == b[i..i + CHUNK] {
        i += CHUNK;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// How many bytes (at most `max`) `a` and `b` end with in common.
fn common_suffix(a: &[u8], b: &[u8], max: usize) -> usize {
    const CHUNK: usize = 256;
    let (la, lb) = (a.len(), b.len());
    let mut i = 0;
    while i + CHUNK <= max && a[la - i - CHUNK..la - i] == b[lb - i - CHUNK..lb - i] {
        i += CHUNK;
    }
    while i < max && a[la - i - 1] == b[lb - i - 1] {
        i += 1;
    }
    i
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
    use crate::render::render_with;

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
    fn a_page_counted_as_cjk_renders_in_full() {
        // Its word count is per character, which a window alone (no front
        // matter) would not know.
        let src = "+++\nisCJKLanguage = true\n+++\n\n中文 one\n\ntwo words\n".to_string();
        let mut inc = Incremental::new(src, site(), Trust::Site);
        assert!(inc.post().cjk);
        let at = inc.source().find("two").unwrap() + 3;
        let update = inc.edit(at..at, "x");
        assert!(update.full);
        check(&inc);
        assert_eq!(inc.post().word_count, 2 + 1 + 2);
    }

    #[test]
    fn an_edit_that_merges_with_the_next_block_widens_the_window() {
        let src = "+++\n+++\n\nFirst\n\nSecond\n\nThird\n".to_string();
        let mut inc = Incremental::new(src, site(), Trust::Site);
        let update = inc.edit(8..8, "x");
        assert!(!update.full);
        check(&inc);
    }

    #[test]
    fn an_opened_fence_falls_back() {
        // Enough blocks after it that no window reaches the end.
        let src = format!("+++\n+++\none\n\ntwo\n\n{}", "more\n\n".repeat(10));
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
    fn a_full_render_from_elsewhere_is_installed() {
        let src = format!("+++\n+++\none\n\ntwo\n\n{}", "more\n\n".repeat(10));
        let mut inc = Incremental::new(src.clone(), site(), Trust::Site);
        let fenced = src.replace("two", "```\ntwo");
        let back = inc.try_set_text(fenced.clone()).unwrap_err();
        assert_eq!(back, fenced);
        assert_eq!(inc.source(), src, "a refused edit changes nothing");
        let post = render_with(&fenced, &Site::default(), Trust::Site);
        inc.install(fenced.clone(), post);
        check(&inc);
        assert!(inc.try_set_text(fenced.replace("one", "once")).is_ok());
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
