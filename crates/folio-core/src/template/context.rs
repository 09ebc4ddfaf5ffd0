//! The shortcode context: what `.` is inside a shortcode template, with the
//! fields and methods of Hugo's `ShortcodeWithPage` (`.Get`, `.Params`,
//! `.Inner`, `.Parent`, `.Page`, `.Site`…), returning what Hugo returns,
//! including its quirks (a missing named parameter is `""`, not nil).

use std::rc::Rc;

use super::value::{Object, Value};

#[derive(Debug, Clone, Default)]
pub struct ShortcodeContext {
    pub name: String,
    pub positional: Vec<Value>,
    pub named: Vec<(String, Value)>,
    pub is_named: bool,
    /// The raw inner content (for `{{< >}}` the unrendered text, for
    /// `{{% %}}` already rendered); `None` for a self-closing shortcode.
    pub inner: Option<String>,
    /// 0-based index among the page's shortcodes (nested ones included).
    pub ordinal: usize,
    /// `"path:line:col"`, as Hugo's `.Position` prints.
    pub position: String,
    pub parent: Option<Rc<ShortcodeContext>>,
    /// Map: Title, Params, Date…
    pub page: Value,
    /// Map: Title, Params, BaseURL…
    pub site: Value,
}

impl ShortcodeContext {
    pub fn new(name: &str) -> Self {
        ShortcodeContext {
            name: name.to_string(),
            page: Value::Nil,
            site: Value::Nil,
            ..Default::default()
        }
    }

    /// With named parameters (`{{< x a="1" >}}`).
    pub fn with_named(mut self, named: Vec<(String, Value)>) -> Self {
        self.is_named = true;
        self.named = named;
        self
    }

    /// With positional parameters (`{{< x "1" >}}`).
    pub fn with_positional(mut self, positional: Vec<Value>) -> Self {
        self.is_named = false;
        self.positional = positional;
        self
    }

    pub fn with_inner(mut self, inner: impl Into<String>) -> Self {
        self.inner = Some(inner.into());
        self
    }

    /// Wraps the context as a template value (the `.` of the template).
    pub fn into_value(self) -> Value {
        Value::Object(Rc::new(self))
    }

    /// `.Params`: the named map, the positional list, or nil when there are
    /// no parameters at all (which `jsonify` prints as `null`, like Hugo).
    pub fn params(&self) -> Value {
        if self.is_named && !self.named.is_empty() {
            Value::Map(self.named.clone())
        } else if !self.is_named && !self.positional.is_empty() {
            Value::List(self.positional.clone())
        } else {
            Value::Nil
        }
    }

    /// Hugo's `.Get`: by index for positional, by exact name for named
    /// parameters; the wrong kind of key gives nil, a missing one `""`.
    pub fn get(&self, key: &Value) -> Value {
        let params = self.params();
        match (key, &params) {
            (_, Value::Nil) => Value::Nil,
            (Value::Int(i), Value::List(items)) => {
                match usize::try_from(*i).ok().and_then(|i| items.get(i)) {
                    Some(v) => v.clone(),
                    None => Value::str(""),
                }
            }
            (Value::Int(_), _) => Value::Nil,
            (Value::String(name), Value::Map(entries)) => entries
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| Value::str("")),
            _ => Value::Nil,
        }
    }

    fn inner_deindent(&self) -> String {
        let inner = self.inner.as_deref().unwrap_or("");
        let indent = inner
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
            .min()
            .unwrap_or(0);
        if indent == 0 {
            return inner.to_string();
        }
        let mut out = String::with_capacity(inner.len());
        for line in inner.split_inclusive('\n') {
            // The first `indent` bytes are spaces/tabs (or the line is
            // blank), so cutting there stays on a char boundary.
            let cut = line.len() - line.trim_start_matches([' ', '\t']).len();
            out.push_str(&line[cut.min(indent)..]);
        }
        out
    }
}

impl Object for ShortcodeContext {
    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "Name" => Value::str(self.name.clone()),
            "Params" => self.params(),
            "Inner" => Value::Html(self.inner.clone().unwrap_or_default()),
            "InnerDeindent" => Value::Html(self.inner_deindent()),
            "IsNamedParams" => Value::Bool(self.is_named),
            "Ordinal" => Value::Int(self.ordinal as i64),
            "Position" => Value::str(self.position.clone()),
            "Parent" => match &self.parent {
                Some(parent) => Value::Object(parent.clone()),
                None => Value::Nil,
            },
            "Page" => self.page.clone(),
            "Site" => self.site.clone(),
            _ => return None,
        })
    }

    fn call(&self, method: &str, args: &[Value]) -> Option<Result<Value, String>> {
        match method {
            "Get" => Some(match args {
                [key] => Ok(self.get(key)),
                _ => Err(format!("Get takes 1 argument, got {}", args.len())),
            }),
            _ => None,
        }
    }

    fn type_name(&self) -> String {
        "*hugolib.ShortcodeWithPage".to_string()
    }
}
