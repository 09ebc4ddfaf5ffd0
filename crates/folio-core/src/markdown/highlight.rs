//! The `highlight` built-in: a code block in the markup Hugo 0.111's Chroma
//! produces with its defaults (`noClasses`, the monokai style), without the
//! colouring itself: each line is one uncoloured token. Line numbers
//! (`linenos=inline|table`), `linenostart`, `hl_lines` and `hl_inline` give
//! Chroma's structure.

use crate::shortcode::{Params, Value};
use crate::text::{escape_html, html_template, Html};

const PRE_STYLE: &str =
    "color:#f8f8f2;background-color:#272822;-moz-tab-size:4;-o-tab-size:4;tab-size:4;";
const LINE_NUMBER_STYLE: &str = "white-space:pre;-webkit-user-select:none;user-select:none;margin-right:0.4em;padding:0 0.4em 0 0.4em;color:#7f7f7f";
const HIGHLIGHTED_BACKGROUND: &str = "background-color:#3c3d38";
const TABLE_STYLE: &str = "border-spacing:0;padding:0;margin:0;border:0;";
const CELL_STYLE: &str = "vertical-align:top;padding:0;margin:0;border:0;";

/// How line numbers are shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LineNumbers {
    #[default]
    None,
    Inline,
    /// In a separate table column, so copying the code leaves them out.
    Table,
}

/// Highlighting options, as in Hugo's `"linenos=table,hl_lines=8 15-17"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub line_numbers: LineNumbers,
    pub line_number_start: usize,
    /// Highlighted line numbers, counted from `line_number_start`.
    pub highlighted: Vec<(usize, usize)>,
    /// `hl_inline`: a `<code>` element for use inside a paragraph.
    pub inline: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            line_numbers: LineNumbers::None,
            line_number_start: 1,
            highlighted: Vec::new(),
            inline: false,
        }
    }
}

impl Options {
    /// Parses Hugo's comma-separated options string. Keys are
    /// case-insensitive; unknown keys (`style`, `noClasses`, …) change
    /// nothing Folio renders and are ignored.
    pub fn parse(text: &str) -> Result<Options, String> {
        let mut options = Options::default();
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (key, value) = item
                .split_once('=')
                .ok_or_else(|| format!("highlight option {item:?} is not key=value"))?;
            options.set(&key.trim().to_ascii_lowercase(), value.trim())?;
        }
        Ok(options)
    }

    /// Sets one option from its lower-case key and text value (`"table"`,
    /// `"[8, \"15-17\"]"`); unknown keys are ignored.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "linenos" => {
                self.line_numbers = match value.to_ascii_lowercase().as_str() {
                    // Hugo's lineNumbersInTable defaults to true.
                    "true" | "table" => LineNumbers::Table,
                    "inline" => LineNumbers::Inline,
                    "false" | "" => LineNumbers::None,
                    _ => {
                        return Err(format!(
                            "highlight linenos must be true, false, table or inline, got {value:?}"
                        ))
                    }
                }
            }
            "linenostart" => {
                self.line_number_start = value
                    .parse()
                    .map_err(|_| format!("highlight linenostart must be a number, got {value:?}"))?
            }
            "hl_lines" => self.highlighted = parse_line_ranges(value)?,
            "hl_inline" => self.inline = value.eq_ignore_ascii_case("true"),
            _ => {}
        }
        Ok(())
    }

    fn is_highlighted(&self, line_number: usize) -> bool {
        self.highlighted
            .iter()
            .any(|&(from, to)| (from..=to).contains(&line_number))
    }
}

/// `"8 15-17"` (or `[8, "15-17"]` flattened to text) into inclusive ranges.
fn parse_line_ranges(text: &str) -> Result<Vec<(usize, usize)>, String> {
    let bad =
        || format!("highlight hl_lines must be numbers and ranges like \"8 15-17\", got {text:?}");
    text.split(|c: char| c.is_whitespace() || c == ',' || c == '[' || c == ']')
        .filter(|s| !s.is_empty())
        .map(|part| {
            let part = part.trim_matches('"');
            let (from, to) = part.split_once('-').unwrap_or((part, part));
            Ok((
                from.parse().map_err(|_| bad())?,
                to.parse().map_err(|_| bad())?,
            ))
        })
        .collect()
}

/// Reads the shortcode's parameters: `{{< highlight go "linenos=table" >}}`
/// or named `lang`, `options`, and single options (`linenos=table`, …).
pub fn from_params(params: &Params) -> Result<(String, Options), String> {
    match params {
        Params::Named(pairs) => {
            let lang = params.get("lang").map(Value::as_string).unwrap_or_default();
            let mut options = match params.get("options") {
                Some(text) => Options::parse(&text.as_string())?,
                None => Options::default(),
            };
            for (key, param) in pairs {
                let key = key.to_ascii_lowercase();
                if key != "lang" && key != "options" {
                    options.set(&key, &param.value.as_string())?;
                }
            }
            Ok((lang, options))
        }
        _ => {
            let lang = params
                .get_index(0)
                .map(Value::as_string)
                .unwrap_or_default();
            let options = match params.get_index(1) {
                Some(text) => Options::parse(&text.as_string())?,
                None => Options::default(),
            };
            Ok((lang, options))
        }
    }
}

/// Renders `code` (the shortcode's inner text, with Hugo's leading and
/// trailing newlines already trimmed) as Chroma would.
pub fn render(code: &str, lang: &str, options: &Options) -> String {
    render_with_raw(code, lang, options, &[])
}

/// [`render`], with HTML written unescaped at byte offsets of `code`
/// (`raw`, sorted by offset): Hugo replaces a `{{< >}}` placeholder in a
/// fence after Chroma has highlighted it, so the shortcode's output lands in
/// the code as markup, inside its line.
pub(crate) fn render_with_raw(
    code: &str,
    lang: &str,
    options: &Options,
    raw: &[(usize, &str)],
) -> String {
    let lang = if lang.is_empty() { "text" } else { lang };
    let lang_attr = html_template(lang);
    if options.inline {
        return format!(
            "<code class=\"code-inline language-{lang_attr}\">{}</code>",
            escape_code(code)
        );
    }
    let mut lines: Vec<&str> = code.split_inclusive('\n').collect();
    if raw.last().is_some_and(|&(at, _)| at >= code.len())
        && (code.is_empty() || code.ends_with('\n'))
    {
        // Output placed after the last newline is a line of its own.
        lines.push("");
    }
    let mut raw = raw.iter().peekable();
    let mut line_start = 0;
    let last_number = options
        .line_number_start
        .saturating_add(lines.len().saturating_sub(1));
    let width = last_number.to_string().len();
    let number = |i: usize| format!("{:>width$}", options.line_number_start.saturating_add(i));
    let code_open = format!("<code class=\"language-{lang_attr}\" data-lang=\"{lang_attr}\">");

    // Chroma adds `display:grid;` to every wrapper's style when lines are
    // highlighted.
    let grid = if options.highlighted.is_empty() {
        ""
    } else {
        "display:grid;"
    };
    let mut body = String::new();
    for (i, line) in lines.iter().enumerate() {
        let highlighted = options.is_highlighted(options.line_number_start.saturating_add(i));
        body.push_str(if highlighted {
            "<span style=\"display:flex; background-color:#3c3d38\">"
        } else {
            "<span style=\"display:flex;\">"
        });
        if options.line_numbers == LineNumbers::Inline {
            body.push_str(&format!(
                "<span style=\"{LINE_NUMBER_STYLE}\">{}</span>",
                number(i)
            ));
        }
        body.push_str("<span>");
        let mut from = 0;
        while let Some(&&(at, html)) = raw.peek() {
            let last_line = i + 1 == lines.len();
            let in_line =
                at < line_start + line.len() || (last_line && at <= line_start + line.len());
            if !in_line {
                break;
            }
            let split = at.saturating_sub(line_start).clamp(from, line.len());
            body.push_str(&escape_code(line.get(from..split).unwrap_or("")));
            body.push_str(html);
            from = split;
            raw.next();
        }
        body.push_str(&escape_code(line.get(from..).unwrap_or("")));
        body.push_str("</span></span>");
        line_start += line.len();
    }

    if options.line_numbers != LineNumbers::Table {
        return format!(
            "<div class=\"highlight\"><pre tabindex=\"0\" style=\"{PRE_STYLE}{grid}\">{code_open}{body}</code></pre></div>"
        );
    }
    let mut numbers = String::new();
    for i in 0..lines.len() {
        let cell = format!("<span style=\"{LINE_NUMBER_STYLE}\">{}\n</span>", number(i));
        if options.is_highlighted(options.line_number_start.saturating_add(i)) {
            numbers.push_str(&format!(
                "<span style=\"{HIGHLIGHTED_BACKGROUND}\">{cell}</span>"
            ));
        } else {
            numbers.push_str(&cell);
        }
    }
    format!(
        "<div class=\"highlight\"><div style=\"{PRE_STYLE}{grid}\">\n\
         <table style=\"{TABLE_STYLE}\"><tr><td style=\"{CELL_STYLE}\">\n\
         <pre tabindex=\"0\" style=\"{PRE_STYLE}{grid}\"><code>{numbers}</code></pre></td>\n\
         <td style=\"{CELL_STYLE};width:100%\">\n\
         <pre tabindex=\"0\" style=\"{PRE_STYLE}{grid}\">{code_open}{body}</code></pre></td></tr></table>\n\
         </div>\n\
         </div>"
    )
}

/// Chroma's escaping (Go's `html.EscapeString`): unlike `html/template` it
/// leaves `+` alone.
fn escape_code(code: &str) -> String {
    escape_html(code, Html::Chroma)
}

/// Hugo's `trim .Inner "\n"`: newlines at both ends go.
pub fn trim_inner(inner: &str) -> &str {
    inner.trim_matches(|c| c == '\n' || c == '\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_block() {
        let options = Options::parse("linenos=false").unwrap();
        assert_eq!(
            render("a < b\nc", "go", &options),
            "<div class=\"highlight\"><pre tabindex=\"0\" style=\"color:#f8f8f2;background-color:#272822;-moz-tab-size:4;-o-tab-size:4;tab-size:4;\"><code class=\"language-go\" data-lang=\"go\"><span style=\"display:flex;\"><span>a &lt; b\n</span></span><span style=\"display:flex;\"><span>c</span></span></code></pre></div>"
        );
    }

    #[test]
    fn inline_numbers_and_highlighted_lines() {
        let options = Options::parse("linenos=inline, hl_Lines=10, linenostart=9").unwrap();
        let html = render("x\ny", "go", &options);
        assert_eq!(
            html,
            format!("<div class=\"highlight\"><pre tabindex=\"0\" style=\"{PRE_STYLE}display:grid;\"><code class=\"language-go\" data-lang=\"go\"><span style=\"display:flex;\"><span style=\"{LINE_NUMBER_STYLE}\"> 9</span><span>x\n</span></span><span style=\"display:flex; background-color:#3c3d38\"><span style=\"{LINE_NUMBER_STYLE}\">10</span><span>y</span></span></code></pre></div>")
        );
    }

    #[test]
    fn table_numbers() {
        let options = Options::parse("linenos=table,hl_lines=2").unwrap();
        let html = render("x\ny", "sh", &options);
        assert_eq!(
            html,
            format!("<div class=\"highlight\"><div style=\"{PRE_STYLE}display:grid;\">\n<table style=\"{TABLE_STYLE}\"><tr><td style=\"{CELL_STYLE}\">\n<pre tabindex=\"0\" style=\"{PRE_STYLE}display:grid;\"><code><span style=\"{LINE_NUMBER_STYLE}\">1\n</span><span style=\"background-color:#3c3d38\"><span style=\"{LINE_NUMBER_STYLE}\">2\n</span></span></code></pre></td>\n<td style=\"{CELL_STYLE};width:100%\">\n<pre tabindex=\"0\" style=\"{PRE_STYLE}display:grid;\"><code class=\"language-sh\" data-lang=\"sh\"><span style=\"display:flex;\"><span>x\n</span></span><span style=\"display:flex; background-color:#3c3d38\"><span>y</span></span></code></pre></td></tr></table>\n</div>\n</div>")
        );
    }

    #[test]
    fn inline_code() {
        let options = Options::parse("hl_inline=true, noClasses=true").unwrap();
        assert_eq!(
            render("f(\"x\")", "go", &options),
            "<code class=\"code-inline language-go\">f(&#34;x&#34;)</code>"
        );
    }

    #[test]
    fn code_is_escaped_as_chroma_does() {
        let options = Options::default();
        assert_eq!(
            render("a+b<'\"&", "go", &options),
            format!("<div class=\"highlight\"><pre tabindex=\"0\" style=\"{PRE_STYLE}\"><code class=\"language-go\" data-lang=\"go\"><span style=\"display:flex;\"><span>a+b&lt;&#39;&#34;&amp;</span></span></code></pre></div>")
        );
    }

    #[test]
    fn bad_options_are_errors() {
        assert!(Options::parse("linenos").is_err());
        assert!(Options::parse("hl_lines=a-b").is_err());
        assert!(Options::parse("linenos=sideways").is_err());
    }

    #[test]
    fn raw_output_lands_inside_its_line() {
        let html = render_with_raw(
            "x  y\n\n",
            "go",
            &Options::default(),
            &[(2, "<b>&</b>"), (5, "<i>")],
        );
        assert!(html.contains("<span>x <b>&</b> y\n</span></span><span style=\"display:flex;\"><span><i>\n</span>"), "{html}");
    }
}
