//! Exact-output tests, one per goldmark feature; expected HTML is what Hugo
//! 0.111.3 writes for the same input.

use super::*;

fn html(markdown: &str) -> String {
    render(markdown, &Options::default())
}

#[test]
fn paragraph() {
    assert_eq!(html("Hello *world*"), "<p>Hello <em>world</em></p>\n");
}
