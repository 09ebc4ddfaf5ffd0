//! The template function library: Go's builtins plus the Hugo functions
//! shortcode templates use, under their bare names and their namespaced
//! names (`lower` = `strings.ToLower`). Each function takes evaluated
//! arguments (a piped value comes last) and returns a value or a message.
//!
//! One file per Hugo namespace, each with a table of [`Func`]s; this module
//! gathers the tables into one lookup. The executor itself handles `and`,
//! `or`, `site` and `page`, which need lazy evaluation or the root dot.

mod cast;
mod collections;
mod compare;
mod encoding;
mod fmt;
mod go;
mod inflect;
mod math;
mod safe;
mod strings;
mod transform;
mod urls;

use std::collections::HashMap;
use std::sync::OnceLock;

use super::value::Value;
use super::Host;

pub(crate) type FuncResult = Result<Value, String>;

/// A function's implementation: the evaluated arguments and the host.
type Call = fn(&[Value], &dyn Host) -> FuncResult;

/// One template function: its name, the other spellings that reach it
/// (usually the namespaced one), and its implementation. Hugo has no bare
/// alias for some functions (`strings.Contains`, `math.Max`…); those are
/// registered under the namespaced name only, as in Hugo.
pub(crate) struct Func {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub call: Call,
}

/// Shorthand for the namespace tables.
const fn func(name: &'static str, aliases: &'static [&'static str], call: Call) -> Func {
    Func {
        name,
        aliases,
        call,
    }
}

/// Every namespace's table, in no particular order (names are unique).
const NAMESPACES: &[&[Func]] = &[
    go::FUNCS,
    fmt::FUNCS,
    compare::FUNCS,
    collections::FUNCS,
    safe::FUNCS,
    transform::FUNCS,
    encoding::FUNCS,
    inflect::FUNCS,
    strings::FUNCS,
    urls::FUNCS,
    math::FUNCS,
    cast::FUNCS,
];

/// Every accepted spelling to its implementation, built once.
fn registry() -> &'static HashMap<&'static str, Call> {
    static REGISTRY: OnceLock<HashMap<&'static str, Call>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let mut map = HashMap::new();
        for func in NAMESPACES.iter().flat_map(|table| table.iter()) {
            for name in std::iter::once(&func.name).chain(func.aliases) {
                let previous = map.insert(*name, func.call);
                debug_assert!(
                    previous.is_none(),
                    "template function {name} registered twice"
                );
            }
        }
        map
    })
}

/// Whether `name` is a function the interpreter knows (including the ones
/// the executor handles itself).
pub(crate) fn is_function(name: &str) -> bool {
    matches!(name, "and" | "or" | "site" | "page") || registry().contains_key(name)
}

/// Calls function `name`; `None` when it is not a supported function.
pub(crate) fn call(name: &str, args: &[Value], host: &dyn Host) -> Option<FuncResult> {
    registry().get(name).map(|call| call(args, host))
}

fn arity(args: &[Value], min: usize, max: usize) -> Result<(), String> {
    if args.len() < min || args.len() > max {
        let want = if min == max {
            format!("{min}")
        } else if max == usize::MAX {
            format!("at least {min}")
        } else {
            format!("{min} to {max}")
        };
        return Err(format!(
            "wrong number of args: want {want} got {}",
            args.len()
        ));
    }
    Ok(())
}

/// The text of a value for string functions (numbers convert, like Hugo's
/// `cast.ToString`).
fn text(value: &Value) -> Result<String, String> {
    match value {
        Value::Nil => Ok(String::new()),
        Value::Bool(_) | Value::Int(_) | Value::Float(_) => Ok(value.to_go_string()),
        other => other
            .as_text()
            .map(str::to_string)
            .ok_or_else(|| format!("unable to cast {} to string", other.to_go_string())),
    }
}

fn int(value: &Value) -> Result<i64, String> {
    value.as_i64().ok_or_else(|| {
        format!(
            "unable to cast {:?} of type {} to int",
            value.to_go_string(),
            value.type_name()
        )
    })
}

fn float(value: &Value) -> Result<f64, String> {
    value.as_f64().ok_or_else(|| {
        format!(
            "unable to cast {:?} of type {} to float64",
            value.to_go_string(),
            value.type_name()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_is_registered_once() {
        let mut seen = std::collections::HashSet::new();
        for func in NAMESPACES.iter().flat_map(|t| t.iter()) {
            for name in std::iter::once(&func.name).chain(func.aliases) {
                assert!(seen.insert(*name), "{name} registered twice");
            }
        }
        assert_eq!(seen.len(), registry().len());
        assert!(is_function("strings.ToLower") && is_function("and"));
        assert!(!is_function("partial"));
        // Namespaced-only in Hugo, so not callable bare.
        assert!(is_function("math.Max") && !is_function("max"));
        assert!(is_function("strings.Contains") && !is_function("contains"));
    }
}
