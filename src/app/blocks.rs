//! A post's blocks in the DOM, kept by key outside Yew's diff.
//!
//! Yew's keyed diff compares every child on every render: for the editor's
//! preview of a 1 MB post (~3,700 blocks) that was most of a keystroke's
//! cost (BENCHMARKS.md, "The preview's block list"). [`MountedBlocks`] keeps
//! the blocks it mounted (key, line, element) and, given the next list,
//! skips the common prefix and suffix of keys (a compare of short strings,
//! no DOM) and reconciles only the middle: an edit's two or three blocks, a
//! progressive mount's next slice, a worker's full render (whose unchanged
//! blocks keep their keys). A block whose key is still there keeps its
//! element (a live tweet iframe survives typing elsewhere); a moved line
//! number only updates `data-line`.

use std::collections::HashMap;

use wasm_bindgen::JsCast;
use web_sys::{Element, Node};

use crate::render::Block;

/// One mounted block: the element `<div class="folio-block" data-line>`
/// holding the block's HTML.
struct Mounted {
    key: String,
    line: usize,
    element: Element,
}

/// The blocks mounted in one container, in order.
#[derive(Default)]
pub struct MountedBlocks {
    container: Option<Element>,
    blocks: Vec<Mounted>,
}

/// What one [`MountedBlocks::sync`] did to the DOM.
#[derive(Debug, Default)]
pub struct SyncStats {
    /// The blocks' elements created (their HTML parsed) and inserted.
    pub created: Vec<Element>,
    /// Blocks removed.
    pub removed: usize,
    /// Kept blocks moved to another place (a reorder).
    pub moved: usize,
}

fn create(document: &web_sys::Document, block: &Block) -> Option<Element> {
    let element = document.create_element("div").ok()?;
    element.set_class_name("folio-block");
    let _ = element.set_attribute("data-line", &block.line.to_string());
    element.set_inner_html(&block.html);
    Some(element)
}

impl MountedBlocks {
    /// Makes `container`'s children the elements of `blocks`, in order,
    /// touching only what differs from the last call (a different container
    /// starts over, emptying it).
    pub fn sync(&mut self, container: &Element, blocks: &[Block]) -> SyncStats {
        let mut stats = SyncStats::default();
        if self.container.as_ref() != Some(container) {
            container.set_inner_html("");
            self.container = Some(container.clone());
            self.blocks.clear();
        }
        let Some(document) = container.owner_document() else {
            return stats;
        };
        let old_len = self.blocks.len();
        let prefix = self
            .blocks
            .iter()
            .zip(blocks)
            .take_while(|(o, n)| o.key == n.key)
            .count();
        let room = old_len.min(blocks.len()) - prefix;
        let suffix = self
            .blocks
            .iter()
            .rev()
            .zip(blocks.iter().rev())
            .take(room)
            .take_while(|(o, n)| o.key == n.key)
            .count();
        // Kept in place: only a line number can differ.
        let kept_old = (0..prefix).chain(old_len - suffix..old_len);
        let kept_new = (0..prefix).chain(blocks.len() - suffix..blocks.len());
        for (o, n) in kept_old.zip(kept_new) {
            let mounted = &mut self.blocks[o];
            if mounted.line != blocks[n].line {
                mounted.line = blocks[n].line;
                let _ = mounted
                    .element
                    .set_attribute("data-line", &mounted.line.to_string());
            }
        }
        // The middle: reuse by key, in the old order where it still holds.
        let old_middle: Vec<Mounted> = self.blocks.drain(prefix..old_len - suffix).collect();
        let new_middle = &blocks[prefix..blocks.len() - suffix];
        let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, m) in old_middle.iter().enumerate().rev() {
            by_key.entry(m.key.as_str()).or_default().push(i);
        }
        let reuse: Vec<Option<usize>> = new_middle
            .iter()
            .map(|n| by_key.get_mut(n.key.as_str()).and_then(Vec::pop))
            .collect();
        let mut used = vec![false; old_middle.len()];
        for i in reuse.iter().flatten() {
            used[*i] = true;
        }
        for (m, _) in old_middle.iter().zip(&used).filter(|(_, used)| !**used) {
            m.element.remove();
            stats.removed += 1;
        }
        // The node the next middle block goes before: the first old middle
        // block still in place, else the first block of the suffix.
        let anchor: Option<Node> = self.blocks.get(prefix).map(|m| m.element.clone().into());
        let mut placed = vec![false; old_middle.len()];
        let mut cursor = 0;
        let mut old_middle: Vec<Option<Mounted>> = old_middle.into_iter().map(Some).collect();
        let mut middle = Vec::with_capacity(new_middle.len());
        for (n, reused) in new_middle.iter().zip(reuse) {
            while cursor < used.len() && (!used[cursor] || placed[cursor]) {
                cursor += 1;
            }
            let before: Option<Node> = if cursor < used.len() {
                old_middle[cursor]
                    .as_ref()
                    .map(|m| m.element.clone().unchecked_into())
            } else {
                anchor.clone()
            };
            match reused {
                Some(i) => {
                    placed[i] = true;
                    let mut m = old_middle[i].take().expect("each old block is reused once");
                    if i != cursor {
                        let _ = container.insert_before(&m.element, before.as_ref());
                        stats.moved += 1;
                    }
                    if m.line != n.line {
                        m.line = n.line;
                        let _ = m.element.set_attribute("data-line", &m.line.to_string());
                    }
                    middle.push(m);
                }
                None => {
                    let Some(element) = create(&document, n) else {
                        continue;
                    };
                    let _ = container.insert_before(&element, before.as_ref());
                    stats.created.push(element.clone());
                    middle.push(Mounted {
                        key: n.key.clone(),
                        line: n.line,
                        element,
                    });
                }
            }
        }
        self.blocks.splice(prefix..prefix, middle);
        stats
    }
}
