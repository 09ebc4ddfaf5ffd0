//! Hugo's `safe` namespace: marks a string as trusted for one context, so
//! the contextual escaper passes it through there.

use super::{arity, func, text, Func, FuncResult};
use crate::template::value::Value;

pub(super) const FUNCS: &[Func] = &[
    func("safeHTML", &["safe.HTML"], |a, _| trusted(a, Value::Html)),
    func("safeHTMLAttr", &["safe.HTMLAttr"], |a, _| {
        trusted(a, Value::HtmlAttr)
    }),
    func("safeCSS", &["safe.CSS"], |a, _| trusted(a, Value::Css)),
    func("safeJS", &["safe.JS"], |a, _| trusted(a, Value::Js)),
    func("safeURL", &["safe.URL"], |a, _| trusted(a, Value::Url)),
];

fn trusted(a: &[Value], kind: fn(String) -> Value) -> FuncResult {
    arity(a, 1, 1)?;
    Ok(kind(text(&a[0])?))
}
