//! Markdown to HTML (placeholder until the goldmark-compatible renderer lands).
#[derive(Clone, Debug)]
pub struct Options {
    pub unsafe_html: bool,
    pub typographer: bool,
    pub linkify: bool,
    pub auto_heading_ids: bool,
}
impl Default for Options {
    fn default() -> Self {
        Options {
            unsafe_html: true,
            typographer: true,
            linkify: true,
            auto_heading_ids: true,
        }
    }
}
pub fn render(markdown: &str, _options: &Options) -> String {
    let mut out = String::new();
    pulldown_cmark::html::push_html(
        &mut out,
        pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::all()),
    );
    out
}
pub fn anchorize(text: &str) -> String {
    text.to_lowercase().replace(' ', "-")
}
