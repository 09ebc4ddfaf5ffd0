//! The `qr` built-in (Hugo 0.141+): a QR code of `text` (or of the inner
//! content) as an `<img>`. Hugo writes a PNG file; Folio has no files to
//! write, so the image is an SVG inside a `data:` URL. The encoding itself
//! comes from the `qrcodegen` crate (pure Rust, no dependencies).

use qrcodegen::{QrCode, QrCodeEcc};

use crate::shortcode::{Params, Value};
use crate::text;

/// `{{< qr text="…" level="medium" scale=4 alt class id title loading >}}`;
/// `targetDir` only matters for Hugo's files and is ignored.
pub fn render(params: &Params, inner: Option<&str>) -> Result<String, String> {
    if !params.is_named() && !params.is_empty() {
        return Err(
            "qr shortcode takes named parameters, e.g. text=\"https://example.org\"".into(),
        );
    }
    let get = |name: &str| {
        params
            .get(name)
            .map(Value::as_string)
            .filter(|v| !v.is_empty())
    };
    let text = get("text")
        .or_else(|| inner.map(|i| i.trim().to_string()))
        .filter(|t| !t.is_empty())
        .ok_or("qr shortcode needs text=\"…\" or inner content to encode")?;
    let level = get("level").unwrap_or_else(|| "medium".to_string());
    let ecc = match level.to_ascii_lowercase().as_str() {
        "low" => QrCodeEcc::Low,
        "medium" => QrCodeEcc::Medium,
        "quartile" => QrCodeEcc::Quartile,
        "high" => QrCodeEcc::High,
        _ => {
            return Err(format!(
                "qr level must be low, medium, quartile or high, got {level:?}"
            ))
        }
    };
    let scale = match get("scale") {
        Some(s) => s
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=64).contains(n))
            .ok_or_else(|| format!("qr scale must be a whole number from 1 to 64, got {s:?}"))?,
        None => 4,
    };
    let code = QrCode::encode_text(&text, ecc)
        .map_err(|_| format!("qr text is too long to encode ({} bytes)", text.len()))?;
    let pixels = code.size() as usize * scale;
    let mut html = format!(
        "<img src=\"data:image/svg+xml;base64,{}\" width=\"{pixels}\" height=\"{pixels}\"",
        base64(svg(&code).as_bytes())
    );
    for attribute in ["alt", "class", "id", "title", "loading"] {
        if let Some(value) = get(attribute) {
            html.push_str(&format!(" {attribute}=\"{}\"", text::html_template(&value)));
        }
    }
    html.push('>');
    Ok(html)
}

/// One unit square per dark module, on white, without a quiet zone (as Hugo).
fn svg(code: &QrCode) -> String {
    use std::fmt::Write;
    let size = code.size();
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if code.get_module(x, y) {
                // Written in place: a `format!` per dark module was a
                // string allocated and dropped for each.
                let _ = write!(path, "M{x} {y}h1v1h-1z");
            }
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    )
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::named;
    use super::*;

    #[test]
    fn encodes_text_as_an_svg_image() {
        let params = named(&[
            ("text", "hi"),
            ("level", "low"),
            ("scale", "2"),
            ("alt", "A \"QR\""),
            ("class", "qrcode"),
        ]);
        let html = render(&params, None).unwrap();
        let code = QrCode::encode_text("hi", QrCodeEcc::Low).unwrap();
        assert_eq!(
            html,
            format!(
                "<img src=\"data:image/svg+xml;base64,{}\" width=\"42\" height=\"42\" alt=\"A &#34;QR&#34;\" class=\"qrcode\">",
                base64(svg(&code).as_bytes())
            )
        );
        assert!(svg(&code)
            .starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 21 21\""));
    }

    #[test]
    fn inner_text_and_errors() {
        assert!(render(&Params::None, Some("  tel:+1  "))
            .unwrap()
            .contains("width=\"84\""));
        assert!(render(&Params::None, None)
            .unwrap_err()
            .contains("needs text"));
        assert!(render(&named(&[("text", "x"), ("level", "max")]), None).is_err());
    }

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
    }
}
