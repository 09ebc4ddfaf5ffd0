//! Executor: walks the parsed tree with a dot value and a variable stack,
//! evaluating pipelines like Go's text/template and escaping each printed
//! value for its HTML context. Recursion, steps and output size are capped so
//! a hostile template stops with an error instead of hanging.

use super::escape::Context;
use super::funcs;
use super::parser::{Branch, Command, Node, Operand, OperandKind, Pipeline};
use super::value::Value;
use super::{Host, MAX_OUTPUT_BYTES, MAX_VALUE_BYTES};
use crate::diagnostics::Span;
use std::collections::HashMap;

/// How deep `{{template}}` calls may nest (Go allows far more, but real
/// shortcodes never go past a handful).
pub const MAX_TEMPLATE_DEPTH: usize = 100;
/// How many nodes one execution may evaluate.
pub const MAX_STEPS: usize = 2_000_000;

/// A runtime error at a span of the template source.
#[derive(Debug)]
pub struct ExecError {
    pub span: Span,
    pub message: String,
}

fn error<T>(span: Span, message: impl Into<String>) -> Result<T, ExecError> {
    Err(ExecError {
        span,
        message: message.into(),
    })
}

enum Flow {
    Normal,
    Break,
    Continue,
}

pub struct Executor<'a> {
    pub src: &'a str,
    pub defines: &'a HashMap<String, Vec<Node>>,
    pub host: &'a dyn Host,
    /// The dot the whole execution started with (Hugo's `page`/`site`
    /// functions read from it).
    pub root: Value,
    pub out: String,
    context: Context,
    vars: Vec<(String, Value)>,
    depth: usize,
    steps: usize,
}

impl<'a> Executor<'a> {
    pub fn new(
        src: &'a str,
        defines: &'a HashMap<String, Vec<Node>>,
        host: &'a dyn Host,
        root: Value,
    ) -> Self {
        Executor {
            src,
            defines,
            host,
            vars: vec![("$".to_string(), root.clone())],
            root,
            out: String::new(),
            context: Context::default(),
            depth: 0,
            steps: 0,
        }
    }

    pub fn run(&mut self, nodes: &[Node]) -> Result<(), ExecError> {
        let dot = self.root.clone();
        self.walk(nodes, &dot).map(|_| ())
    }

    fn emit(&mut self, text: &str, span: Span) -> Result<(), ExecError> {
        if self.out.len() + text.len() > MAX_OUTPUT_BYTES {
            return error(
                span,
                format!("template output exceeds {MAX_OUTPUT_BYTES} bytes"),
            );
        }
        self.out.push_str(text);
        Ok(())
    }

    fn step(&mut self, span: Span) -> Result<(), ExecError> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return error(
                span,
                format!("template runs too long (more than {MAX_STEPS} steps)"),
            );
        }
        Ok(())
    }

    fn walk(&mut self, nodes: &[Node], dot: &Value) -> Result<Flow, ExecError> {
        for node in nodes {
            match self.node(node, dot)? {
                Flow::Normal => {}
                flow => return Ok(flow),
            }
        }
        Ok(Flow::Normal)
    }

    fn node(&mut self, node: &Node, dot: &Value) -> Result<Flow, ExecError> {
        match node {
            Node::Text(span) => {
                self.step(*span)?;
                let text = self.src.get(span.start..span.end).unwrap_or("");
                let emitted = self.context.advance(text);
                self.emit(&emitted, *span)?;
            }
            Node::Action(pipe) => {
                self.step(pipe.span)?;
                let value = self.pipeline(pipe, dot)?;
                if pipe.vars.is_empty() {
                    let escaped = self
                        .context
                        .escape(&value)
                        .or_else(|message| error(pipe.span, message))?;
                    self.emit(&escaped, pipe.span)?;
                }
            }
            Node::If(branch) | Node::With(branch) => {
                self.step(branch.span)?;
                let is_with = matches!(node, Node::With(_));
                let mark = self.vars.len();
                let value = self.pipeline(&branch.pipe, dot)?;
                let flow = if value.is_truthy() {
                    let inner_dot = if is_with { &value } else { dot };
                    self.walk(&branch.body, inner_dot)
                } else if let Some(else_body) = &branch.else_body {
                    self.walk(else_body, dot)
                } else {
                    Ok(Flow::Normal)
                };
                self.vars.truncate(mark);
                return flow;
            }
            Node::Range(branch) => return self.range(branch, dot),
            Node::Template { name, pipe, span } => {
                self.step(*span)?;
                let Some(body) = self.defines.get(name) else {
                    return error(*span, format!("no such template {name:?}"));
                };
                if self.depth >= MAX_TEMPLATE_DEPTH {
                    return error(
                        *span,
                        format!("exceeded maximum template depth ({MAX_TEMPLATE_DEPTH}) calling {name:?}"),
                    );
                }
                let new_dot = match pipe {
                    Some(pipe) => self.pipeline(pipe, dot)?,
                    None => Value::Nil,
                };
                // A called template sees only its own `$`.
                let saved =
                    std::mem::replace(&mut self.vars, vec![("$".to_string(), new_dot.clone())]);
                self.depth += 1;
                let result = self.walk(body, &new_dot);
                self.depth -= 1;
                self.vars = saved;
                result?;
            }
            Node::Break => return Ok(Flow::Break),
            Node::Continue => return Ok(Flow::Continue),
        }
        Ok(Flow::Normal)
    }

    fn range(&mut self, branch: &Branch, dot: &Value) -> Result<Flow, ExecError> {
        self.step(branch.span)?;
        let pipe = &branch.pipe;
        let plain = Pipeline {
            vars: Vec::new(),
            is_assign: false,
            commands: pipe.commands.clone(),
            span: pipe.span,
        };
        let value = self.pipeline(&plain, dot)?;
        let items: Vec<(Value, Value)> = match value {
            Value::Nil => Vec::new(),
            Value::List(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| (Value::Int(i as i64), v))
                .collect(),
            Value::Map(entries) => Value::sorted_entries(&entries)
                .into_iter()
                .map(|(k, v)| (Value::String(k.clone()), v.clone()))
                .collect(),
            Value::Int(n) => (0..n.max(0))
                .map(|i| (Value::Int(i), Value::Int(i)))
                .collect(),
            other => {
                return error(
                    pipe.span,
                    format!("range can't iterate over {}", other.to_go_string()),
                )
            }
        };
        if items.is_empty() {
            return match &branch.else_body {
                Some(else_body) => self.walk(else_body, dot),
                None => Ok(Flow::Normal),
            };
        }
        for (key, item) in items {
            let mark = self.vars.len();
            match pipe.vars.as_slice() {
                [] => {}
                [(value_var, _)] => {
                    self.bind(value_var, item.clone(), pipe.is_assign, pipe.span)?
                }
                [(key_var, _), (value_var, _), ..] => {
                    self.bind(key_var, key, pipe.is_assign, pipe.span)?;
                    self.bind(value_var, item.clone(), pipe.is_assign, pipe.span)?;
                }
            }
            let flow = self.walk(&branch.body, &item);
            self.vars.truncate(mark);
            match flow? {
                Flow::Break => break,
                Flow::Normal | Flow::Continue => {}
            }
        }
        Ok(Flow::Normal)
    }

    /// Declares (`:=`) or assigns (`=`) a variable.
    fn bind(
        &mut self,
        name: &str,
        value: Value,
        is_assign: bool,
        span: Span,
    ) -> Result<(), ExecError> {
        if is_assign {
            match self.vars.iter_mut().rev().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = value,
                None => return error(span, format!("undefined variable: {name}")),
            }
        } else {
            self.vars.push((name.to_string(), value));
        }
        Ok(())
    }

    fn pipeline(&mut self, pipe: &Pipeline, dot: &Value) -> Result<Value, ExecError> {
        let mut value: Option<Value> = None;
        for command in &pipe.commands {
            value = Some(self.command(command, dot, value)?);
        }
        let value = value.unwrap_or(Value::Nil);
        match pipe.vars.as_slice() {
            [] => {}
            [(name, span)] => self.bind(name, value.clone(), pipe.is_assign, *span)?,
            [_, (_, span), ..] => return error(*span, "only range can declare two variables"),
        }
        Ok(value)
    }

    fn command(
        &mut self,
        command: &Command,
        dot: &Value,
        piped: Option<Value>,
    ) -> Result<Value, ExecError> {
        let Some(first) = command.args.first() else {
            return error(command.span, "empty command");
        };
        let args = &command.args[1..];
        match &first.kind {
            OperandKind::Function { name, fields } if fields.is_empty() => {
                self.call_function(name, args, dot, piped, first.span)
            }
            OperandKind::Function { name, fields } => {
                let base = self.call_function(name, &[], dot, None, first.span)?;
                self.walk_fields(base, fields, args, dot, piped, first.span)
            }
            OperandKind::Field(names) => {
                self.walk_fields(dot.clone(), names, args, dot, piped, first.span)
            }
            OperandKind::Variable { name, fields } if !fields.is_empty() => {
                let base = self.variable(name, first.span)?;
                self.walk_fields(base, fields, args, dot, piped, first.span)
            }
            OperandKind::Pipe { pipe, fields } if !fields.is_empty() => {
                let base = self.pipeline(pipe, dot)?;
                self.walk_fields(base, fields, args, dot, piped, first.span)
            }
            _ => {
                if let Some(extra) = args.first() {
                    return error(extra.span, "can't give argument to non-function");
                }
                if piped.is_some() {
                    return error(first.span, "can't give argument to non-function");
                }
                self.operand(first, dot)
            }
        }
    }

    fn variable(&self, name: &str, span: Span) -> Result<Value, ExecError> {
        match self.vars.iter().rev().find(|(n, _)| n == name) {
            Some((_, v)) => Ok(v.clone()),
            None => error(span, format!("undefined variable: {name}")),
        }
    }

    /// Evaluates an argument.
    fn operand(&mut self, operand: &Operand, dot: &Value) -> Result<Value, ExecError> {
        match &operand.kind {
            OperandKind::Dot => Ok(dot.clone()),
            OperandKind::Literal(v) => Ok(v.clone()),
            OperandKind::Field(names) => {
                self.walk_fields(dot.clone(), names, &[], dot, None, operand.span)
            }
            OperandKind::Variable { name, fields } => {
                let base = self.variable(name, operand.span)?;
                self.walk_fields(base, fields, &[], dot, None, operand.span)
            }
            OperandKind::Function { name, fields } => {
                let base = self.call_function(name, &[], dot, None, operand.span)?;
                self.walk_fields(base, fields, &[], dot, None, operand.span)
            }
            OperandKind::Pipe { pipe, fields } => {
                let base = self.pipeline(pipe, dot)?;
                self.walk_fields(base, fields, &[], dot, None, operand.span)
            }
        }
    }

    /// Follows `.A.B.C` from `receiver`; the last name receives the
    /// arguments (a method call like `.Get "x"`).
    fn walk_fields(
        &mut self,
        mut receiver: Value,
        names: &[String],
        args: &[Operand],
        dot: &Value,
        piped: Option<Value>,
        span: Span,
    ) -> Result<Value, ExecError> {
        if names.is_empty() {
            return Ok(receiver);
        }
        for (i, name) in names.iter().enumerate() {
            let is_last = i + 1 == names.len();
            let mut call_args = Vec::new();
            if is_last {
                for arg in args {
                    call_args.push(self.operand(arg, dot)?);
                }
                call_args.extend(piped.clone());
            }
            receiver = field_or_method(&receiver, name, &call_args, span)?;
        }
        Ok(receiver)
    }

    fn call_function(
        &mut self,
        name: &str,
        args: &[Operand],
        dot: &Value,
        piped: Option<Value>,
        span: Span,
    ) -> Result<Value, ExecError> {
        match name {
            // `and`/`or` stop evaluating at the deciding argument, as in Go.
            "and" | "or" => {
                let want = name == "or";
                let mut last = Value::Nil;
                if args.is_empty() && piped.is_none() {
                    return error(
                        span,
                        format!("wrong number of args for {name}: want at least 1 got 0"),
                    );
                }
                for arg in args {
                    last = self.operand(arg, dot)?;
                    if last.is_truthy() == want {
                        return Ok(last);
                    }
                }
                Ok(piped.unwrap_or(last))
            }
            // Hugo's global `site` and `page` functions.
            "site" | "page" => {
                let field = if name == "site" { "Site" } else { "Page" };
                Ok(self.root.field(field).unwrap_or(Value::Nil))
            }
            _ => {
                let mut values = Vec::with_capacity(args.len() + 1);
                for arg in args {
                    values.push(self.operand(arg, dot)?);
                }
                values.extend(piped);
                match funcs::call(name, &values, self.host) {
                    None => error(
                        span,
                        format!("function {name:?} is not supported in Folio shortcode templates"),
                    ),
                    Some(Ok(v)) if v.approximate_size(MAX_VALUE_BYTES) > MAX_VALUE_BYTES => error(
                        span,
                        format!("error calling {name}: the result is larger than {MAX_VALUE_BYTES} bytes (a value that keeps growing?)"),
                    ),
                    Some(Ok(v)) => Ok(v),
                    Some(Err(message)) => error(span, format!("error calling {name}: {message}")),
                }
            }
        }
    }
}

fn field_or_method(
    receiver: &Value,
    name: &str,
    args: &[Value],
    span: Span,
) -> Result<Value, ExecError> {
    match receiver {
        Value::Object(object) => {
            if args.is_empty() {
                if let Some(v) = object.field(name) {
                    return Ok(v);
                }
            }
            match object.call(name, args) {
                Some(Ok(v)) => Ok(v),
                Some(Err(message)) => error(span, format!("error calling {name}: {message}")),
                None => error(
                    span,
                    format!("can't evaluate field {name} in type {}", object.type_name()),
                ),
            }
        }
        Value::Map(entries) => {
            if !args.is_empty() {
                return error(span, format!("{name} is not a method but has arguments"));
            }
            Ok(Value::map_get(entries, name).cloned().unwrap_or(Value::Nil))
        }
        // Go yields the zero value for a field of a missing map entry.
        Value::Nil => Ok(Value::Nil),
        other => error(
            span,
            format!("can't evaluate field {name} in type {}", other.type_name()),
        ),
    }
}
