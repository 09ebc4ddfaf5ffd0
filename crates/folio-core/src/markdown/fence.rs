//! Code-fence attributes: ```` ```go {linenos=table,hl_lines=[8,"15-17"]} ````.
//!
//! goldmark parses the `{…}` after a fence's language as attributes, and
//! Hugo's highlighter takes its options (`linenos`, `hl_lines`,
//! `linenostart`, …) from them and writes the other attributes on the
//! `<div class="highlight">` wrapper. Folio renders such a fence with
//! [`crate::builtins::highlight`], as the `highlight` shortcode.

use super::highlight;

/// A fence's info string split into its language and `{…}` attributes.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct FenceInfo {
    pub(crate) language: String,
    /// `(name, value)` in source order, string values unquoted, arrays kept
    /// as written (`[8,"15-17"]`).
    pub(crate) attributes: Vec<(String, String)>,
}

/// Attribute names Hugo treats as highlighting options (lower case); all
/// others go on the wrapper `div`.
const HIGHLIGHT_KEYS: &[&str] = &[
    "linenos",
    "linenostart",
    "hl_lines",
    "hl_inline",
    "style",
    "noclasses",
    "lineanchors",
    "anchorlinenos",
    "linenosintable",
    "linenumbersintable",
    "tabwidth",
    "guesssyntax",
    "codefences",
];

impl FenceInfo {
    /// The info string's language and attributes, or `None` if it has no
    /// `{…}` block (a plain fence).
    pub(crate) fn parse(info: &str) -> Option<FenceInfo> {
        let open = info.find('{')?;
        let close = info.rfind('}').filter(|&close| close > open)?;
        let language = info[..open].split_whitespace().next().unwrap_or("");
        Some(FenceInfo {
            language: language.to_string(),
            attributes: parse_attributes(&info[open + 1..close]),
        })
    }

    /// The highlighting options among the attributes; values Hugo would
    /// reject are skipped rather than failing the whole document.
    pub(crate) fn highlight_options(&self) -> highlight::Options {
        let mut options = highlight::Options::default();
        for (name, value) in &self.attributes {
            let _ignored_if_invalid = options.set(&name.to_ascii_lowercase(), value);
        }
        options
    }

    /// The attributes that are not highlighting options, for the wrapper.
    pub(crate) fn wrapper_attributes(&self) -> impl Iterator<Item = &(String, String)> {
        self.attributes
            .iter()
            .filter(|(name, _)| !HIGHLIGHT_KEYS.contains(&name.to_ascii_lowercase().as_str()))
    }
}

/// goldmark's attribute list: `name=value` pairs separated by white space
/// or commas; values are `"strings"`, `[arrays]` or bare words. `#id` and
/// `.class` shorthands become `id` and `class`.
pub(crate) fn parse_attributes(text: &str) -> Vec<(String, String)> {
    let mut attributes = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        let Some(first) = rest.chars().next() else {
            break;
        };
        if first == '#' || first == '.' {
            let word_end = rest[1..]
                .find(|c: char| c.is_whitespace() || c == ',')
                .map_or(rest.len(), |end| end + 1);
            let name = if first == '#' { "id" } else { "class" };
            attributes.push((name.to_string(), rest[1..word_end].to_string()));
            rest = &rest[word_end..];
            continue;
        }
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace() || c == ',')
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        let Some(after_equals) = rest.strip_prefix('=') else {
            // A name without a value: goldmark stops at it.
            break;
        };
        let (value, remaining) = split_value(after_equals.trim_start());
        attributes.push((name.to_string(), value));
        rest = remaining;
    }
    attributes
}

/// The value at the start of `text` and what follows it.
fn split_value(text: &str) -> (String, &str) {
    if let Some(quoted) = text.strip_prefix('"') {
        return match quoted.find('"') {
            Some(end) => (quoted[..end].to_string(), &quoted[end + 1..]),
            None => (quoted.to_string(), ""),
        };
    }
    if text.starts_with('[') {
        let end = text.find(']').map_or(text.len(), |end| end + 1);
        return (text[..end].to_string(), &text[end..]);
    }
    let end = text
        .find(|c: char| c.is_whitespace() || c == ',')
        .unwrap_or(text.len());
    (text[..end].to_string(), &text[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_goldmark_attributes() {
        let info =
            FenceInfo::parse("go {linenos=inline hl_lines=[3, \"6-8\"], file=\"a b.md\" .wide}")
                .unwrap();
        assert_eq!(info.language, "go");
        assert_eq!(
            info.attributes,
            vec![
                ("linenos".to_string(), "inline".to_string()),
                ("hl_lines".to_string(), "[3, \"6-8\"]".to_string()),
                ("file".to_string(), "a b.md".to_string()),
                ("class".to_string(), "wide".to_string()),
            ]
        );
        let options = info.highlight_options();
        assert_eq!(options.line_numbers, highlight::LineNumbers::Inline);
        assert_eq!(options.highlighted, vec![(3, 3), (6, 8)]);
        let wrapper: Vec<_> = info
            .wrapper_attributes()
            .map(|(name, _)| name.as_str())
            .collect();
        assert_eq!(wrapper, ["file", "class"]);
        assert_eq!(FenceInfo::parse("go"), None);
        assert_eq!(FenceInfo::parse("md{bigdiv=true}").unwrap().language, "md");
        // Odd input never panics.
        assert!(FenceInfo::parse("{=").is_none());
        assert_eq!(
            FenceInfo::parse("x {é=\"ü").map(|info| info.attributes.len()),
            None
        );
        assert_eq!(FenceInfo::parse("x {é=\"ü}").unwrap().attributes.len(), 1);
    }
}
