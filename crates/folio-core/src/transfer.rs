//! A [`Rendered`] post as one string and a list of numbers, for handing a
//! post rendered in a Web Worker to the page (the app's render worker): two
//! values cross the thread boundary instead of thousands of objects, and
//! the page turns them back into a `Rendered` without a parser.
//!
//! Every string is appended to [`Wire::text`] and its byte length pushed to
//! [`Wire::numbers`]; counts and numbers go to `numbers` in a fixed order.
//! The front matter's params travel as JSON, but the page parses the front
//! matter again from the source (it is the file's head, cheap), as
//! [`render_with`] does, unless its build cannot
//! ([`frontmatter::needs_full_parser`]: the app's wasm, for front matter
//! its compact readers leave); then it types the params that travelled.

use crate::diagnostics::{Severity, Span};
use crate::frontmatter::{self, FrontMatter};
use crate::links::{Links, PageRef, ResourceBase};
use crate::render::{Block, Embed, Heading, Link, LocatedDiagnostic, Rendered};
use crate::site::{Site, SiteConfig, SiteFiles};

/// A rendered post, flattened.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Wire {
    pub text: String,
    pub numbers: Vec<u32>,
}

impl Wire {
    fn num(&mut self, n: usize) {
        self.numbers.push(u32::try_from(n).unwrap_or(u32::MAX));
    }

    fn str(&mut self, s: &str) {
        self.num(s.len());
        self.text.push_str(s);
    }
}

/// Flattens `post` (all but its front matter).
pub fn encode(post: &Rendered) -> Wire {
    let mut w = Wire {
        text: String::with_capacity(post.blocks.iter().map(|b| b.html.len() + 20).sum()),
        numbers: Vec::with_capacity(post.blocks.len() * 5 + 16),
    };
    w.num(post.blocks.len());
    for b in &post.blocks {
        w.num(b.start);
        w.num(b.end);
        w.num(b.line);
        w.str(&b.key);
        w.str(&b.html);
    }
    w.str(&post.summary);
    w.num(usize::from(post.truncated));
    w.str(&post.summary_text);
    w.num(post.headings.len());
    for h in &post.headings {
        w.num(usize::from(h.level));
        w.str(&h.id);
        w.str(&h.text);
        w.num(h.start);
        w.num(h.end);
        w.num(h.line);
    }
    w.num(post.embeds.len());
    for e in &post.embeds {
        w.str(&e.kind);
        w.str(&e.id);
        w.num(e.start);
        w.num(e.end);
    }
    w.num(post.links.len());
    for l in &post.links {
        w.str(&l.href);
        w.num(l.start);
        w.num(l.end);
    }
    w.num(post.word_count);
    w.num(usize::from(post.cjk));
    w.num(post.diagnostics.len());
    for d in &post.diagnostics {
        w.num(usize::from(d.severity == Severity::Error));
        w.num(d.line);
        w.num(d.column);
        w.num(d.span.start);
        w.num(d.span.end);
        w.str(&d.message);
    }
    let params = serde_json::to_string(&post.front_matter.params).unwrap_or_default();
    w.str(&params);
    w
}

/// Reads what [`encode`] wrote; `src` is the post's source (for its front
/// matter). `None` when the wire is malformed.
pub fn decode(src: &str, text: &str, numbers: &[u32]) -> Option<Rendered> {
    let mut r = Reader {
        text,
        at: 0,
        numbers: numbers.iter(),
    };
    let mut post = Rendered {
        front_matter: front_matter_of(src),
        ..Rendered::default()
    };
    for _ in 0..r.num()? {
        post.blocks.push(Block {
            start: r.num()?,
            end: r.num()?,
            line: r.num()?,
            key: r.str()?,
            html: r.str()?,
        });
    }
    post.summary = r.str()?;
    post.truncated = r.num()? != 0;
    post.summary_text = r.str()?;
    for _ in 0..r.num()? {
        post.headings.push(Heading {
            level: u8::try_from(r.num()?).ok()?,
            id: r.str()?,
            text: r.str()?,
            start: r.num()?,
            end: r.num()?,
            line: r.num()?,
        });
    }
    for _ in 0..r.num()? {
        post.embeds.push(Embed {
            kind: r.str()?,
            id: r.str()?,
            start: r.num()?,
            end: r.num()?,
        });
    }
    for _ in 0..r.num()? {
        post.links.push(Link {
            href: r.str()?,
            start: r.num()?,
            end: r.num()?,
        });
    }
    post.word_count = r.num()?;
    post.cjk = r.num()? != 0;
    for _ in 0..r.num()? {
        let severity = if r.num()? != 0 {
            Severity::Error
        } else {
            Severity::Warning
        };
        let (line, column) = (r.num()?, r.num()?);
        let span = Span::new(r.num()?, r.num()?);
        post.diagnostics.push(LocatedDiagnostic {
            severity,
            line,
            column,
            span,
            message: r.str()?,
        });
    }
    let params = r.str()?;
    if frontmatter::needs_full_parser(src) {
        let params = serde_json::from_str(&params).ok()?;
        post.front_matter = frontmatter::from_params(params);
    }
    (r.at == text.len() && r.numbers.next().is_none()).then_some(post)
}

/// Flattens a site's files and what it knows of its pages (for the worker
/// to rebuild the same site: its references and bundle files resolve as on
/// the page).
pub fn encode_site(files: &SiteFiles, links: &Links) -> Wire {
    let mut w = Wire::default();
    match &files.config {
        Some((name, text)) => {
            w.num(1);
            w.str(name);
            w.str(text);
        }
        None => w.num(0),
    }
    w.num(files.shortcodes.len());
    for (name, source) in &files.shortcodes {
        w.str(name);
        w.str(source);
    }
    w.num(links.pages.len());
    for page in links.pages.iter() {
        for field in [&page.path, &page.key, &page.url, &page.title, &page.lang] {
            w.str(field);
        }
        w.num(page.resources.len());
        for resource in &page.resources {
            w.str(resource);
        }
    }
    match &links.resources {
        Some(base) => {
            w.num(1 + usize::from(base.local));
            w.str(&base.content_url);
        }
        None => w.num(0),
    }
    w
}

/// Rebuilds the site [`encode_site`] flattened, as
/// [`SiteFiles::to_site`] does (an unreadable config is the error).
/// `None` when the wire is malformed.
pub fn decode_site(text: &str, numbers: &[u32]) -> Option<Result<Site, String>> {
    let mut r = Reader {
        text,
        at: 0,
        numbers: numbers.iter(),
    };
    let mut site = Site::default();
    if r.num()? != 0 {
        let (name, config) = (r.str()?, r.str()?);
        match SiteConfig::parse(&name, &config) {
            Ok(config) => site.config = config,
            Err(e) => return Some(Err(e)),
        }
    }
    for _ in 0..r.num()? {
        let name = r.str()?;
        site.add_shortcode(&name, &r.str()?);
    }
    let count = r.num()?;
    let mut pages = Vec::with_capacity(count.min(text.len()));
    for _ in 0..count {
        let (path, key, url, title, lang) = (r.str()?, r.str()?, r.str()?, r.str()?, r.str()?);
        let resources = (0..r.num()?).map(|_| r.str()).collect::<Option<Vec<_>>>()?;
        pages.push(PageRef {
            path,
            key,
            url,
            title,
            lang,
            resources,
        });
    }
    let resources = match r.num()? {
        0 => None,
        n => Some(ResourceBase {
            content_url: r.str()?,
            local: n == 2,
        }),
    };
    if !pages.is_empty() || resources.is_some() {
        site.links = Links::new(pages, resources);
    }
    (r.at == text.len() && r.numbers.next().is_none()).then_some(Ok(site))
}

/// The front matter [`render_with`](crate::render::render_with) gives the
/// post: parsed from the source (NULs as U+FFFD), the default when broken.
pub fn front_matter_of(src: &str) -> FrontMatter {
    let cleaned;
    let src = if src.contains('\0') {
        cleaned = src.replace('\0', "\u{FFFD}");
        cleaned.as_str()
    } else {
        src
    };
    frontmatter::parse(src)
        .map(|doc| doc.front_matter)
        .unwrap_or_default()
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
    numbers: std::slice::Iter<'a, u32>,
}

impl Reader<'_> {
    fn num(&mut self) -> Option<usize> {
        self.numbers.next().map(|&n| n as usize)
    }

    fn str(&mut self) -> Option<String> {
        let len = self.num()?;
        let s = self.text.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        Some(s.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Trust;
    use crate::render::render_with;
    use crate::site::Site;

    #[test]
    fn front_matter_only_the_full_parser_reads_travels_with_the_post() {
        // What the worker (with the full parser) renders for this source.
        let src = "---\ntitle: &t Anchored\nsubtitle: *t\nweight: 3\n---\nBody\n";
        let mut params = serde_json::Map::new();
        params.insert("title".into(), "Anchored".into());
        params.insert("subtitle".into(), "Anchored".into());
        params.insert("weight".into(), 3.into());
        let post = Rendered {
            front_matter: frontmatter::from_params(params),
            ..Rendered::default()
        };
        assert_eq!(post.front_matter.subtitle.as_deref(), Some("Anchored"));
        assert_eq!(post.front_matter.weight, 3);
        let wire = encode(&post);
        // The page's build reads it from the source, or (without the full
        // parser) from the params that travelled: the same either way.
        let back = decode(src, &wire.text, &wire.numbers).expect("a wire");
        assert_eq!(back.front_matter, post.front_matter);
        assert_eq!(back, post);
    }

    #[test]
    fn a_post_survives_the_trip() {
        for src in [
            "+++\ntitle = \"T\"\ntags = [\"a\"]\n+++\n# H 中文\n\nA [link](https://x.org) {{< tweet 1 >}}\n\n{{< nope >}}\n\n<!--more-->\n\nMore[^1].\n\n[^1]: n\n",
            "---\ntitle: [broken\n---\nbody\0 with NUL\n",
            "",
        ] {
            let post = render_with(src, &Site::default(), Trust::Site);
            let wire = encode(&post);
            assert_eq!(decode(src, &wire.text, &wire.numbers), Some(post));
        }
    }

    #[test]
    fn site_files_survive_the_trip() {
        let mut files = SiteFiles {
            config: Some(("hugo.toml".into(), "title = \"中\"\n".into())),
            ..SiteFiles::default()
        };
        files
            .shortcodes
            .insert("a".into(), "<b>{{ .Get 0 }}</b>".into());
        files.shortcodes.insert("b".into(), String::new());
        let links = Links::new(
            vec![PageRef {
                path: "posts/b/index.fa.md".into(),
                key: "posts/b/index.md".into(),
                url: "/fa/posts/b/".into(),
                title: "ب".into(),
                lang: "fa".into(),
                resources: vec!["dot.png".into()],
            }],
            Some(ResourceBase {
                content_url: "/content/".into(),
                local: true,
            }),
        );
        let wire = encode_site(&files, &links);
        let site = decode_site(&wire.text, &wire.numbers).unwrap().unwrap();
        let mut expected = files.to_site().unwrap();
        expected.links = links.clone();
        assert_eq!(site.links, expected.links);
        assert_eq!(site.config, expected.config);
        assert_eq!(
            site.shortcodes.keys().collect::<Vec<_>>(),
            expected.shortcodes.keys().collect::<Vec<_>>()
        );
        let post = "{{< a x >}}";
        assert_eq!(
            render_with(post, &site, Trust::Site).blocks,
            render_with(post, &expected, Trust::Site).blocks
        );
        let empty = encode_site(&SiteFiles::default(), &Links::default());
        assert!(decode_site(&empty.text, &empty.numbers).unwrap().is_ok());
        assert_eq!(
            decode_site(&wire.text, &wire.numbers[..2]).map(|s| s.is_ok()),
            None
        );
        files.config = Some(("hugo.toml".into(), "title = ".into()));
        let broken = encode_site(&files, &links);
        assert!(decode_site(&broken.text, &broken.numbers).unwrap().is_err());
    }

    #[test]
    fn a_malformed_wire_is_refused() {
        let post = render_with("a\n\nb 中\n", &Site::default(), Trust::Site);
        let wire = encode(&post);
        assert_eq!(decode("", &wire.text, &wire.numbers[..3]), None);
        let mut numbers = wire.numbers.clone();
        numbers[4] = 1_000_000;
        assert_eq!(decode("", &wire.text, &numbers), None);
        assert_eq!(decode("", "", &[]), None);
    }
}
