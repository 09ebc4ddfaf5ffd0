//! Parser: turns lexed items into a tree of nodes with spans, the way Go's
//! text/template/parse does (control structures, pipelines, commands,
//! operands), collecting `define`d sub-templates on the side.

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

use super::lexer::{Item, Token, TokenKind};
use super::value::Value;
use crate::diagnostics::Span;

#[derive(Clone, Debug)]
pub enum Node {
    /// Literal template text (a span of the source).
    Text(Span),
    /// `{{ pipeline }}`: prints the result unless it declares variables.
    Action(Pipeline),
    If(Branch),
    With(Branch),
    Range(Branch),
    /// `{{ template "name" pipeline }}`.
    Template {
        name: String,
        pipe: Option<Pipeline>,
        span: Span,
    },
    Break,
    Continue,
}

/// The shared shape of `if`, `with` and `range`.
#[derive(Clone, Debug)]
pub struct Branch {
    pub pipe: Pipeline,
    pub body: Vec<Node>,
    pub else_body: Option<Vec<Node>>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Pipeline {
    /// Variables declared (`:=`) or assigned (`=`) by this pipeline.
    pub vars: Vec<(String, Span)>,
    pub is_assign: bool,
    pub commands: Vec<Command>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Command {
    pub args: Vec<Operand>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Operand {
    pub kind: OperandKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum OperandKind {
    Dot,
    Literal(Value),
    /// `.A.B` on dot.
    Field(Vec<String>),
    /// `$x.A.B` (`fields` may be empty).
    Variable {
        name: String,
        fields: Vec<String>,
    },
    /// A function name, possibly followed by fields (`site.Title`).
    Function {
        name: String,
        fields: Vec<String>,
    },
    /// `( pipeline ).A.B`.
    Pipe {
        pipe: Box<Pipeline>,
        fields: Vec<String>,
    },
}

#[derive(Clone, Debug)]
pub struct ParseError {
    pub span: Span,
    pub message: String,
}

fn error<T>(span: Span, message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError {
        span,
        message: message.into(),
    })
}

/// The parsed main body and the `define`d templates.
pub struct Parsed {
    pub root: Vec<Node>,
    pub defines: HashMap<String, Vec<Node>>,
}

/// What ended a list of nodes.
enum Terminator {
    Eof,
    End(Span),
    /// `{{ else }}`, or `{{ else if … }}` / `{{ else with … }}` with the
    /// remaining tokens after `else`.
    Else(Span, Vec<Token>),
}

pub fn parse(items: Vec<Item>, is_function: &dyn Fn(&str) -> bool) -> Result<Parsed, ParseError> {
    let mut parser = Parser {
        items,
        pos: 0,
        defines: HashMap::new(),
        is_function,
        range_depth: 0,
        nesting: Rc::new(Cell::new(0)),
    };
    let (root, end) = parser.parse_list()?;
    match end {
        Terminator::Eof => {}
        Terminator::End(span) => return error(span, "unexpected {{end}}"),
        Terminator::Else(span, _) => return error(span, "unexpected {{else}}"),
    }
    Ok(Parsed {
        root,
        defines: parser.defines,
    })
}

struct Parser<'f> {
    items: Vec<Item>,
    pos: usize,
    defines: HashMap<String, Vec<Node>>,
    is_function: &'f dyn Fn(&str) -> bool,
    range_depth: usize,
    /// Current nesting of blocks and parentheses; capped so a hostile
    /// template cannot overflow the stack of the parser or executor.
    nesting: Rc<Cell<usize>>,
}

/// How deeply blocks and parenthesised pipelines may nest.
const MAX_NESTING: usize = 200;

/// Leaves one nesting level when dropped.
struct NestingGuard(Rc<Cell<usize>>);

impl Drop for NestingGuard {
    fn drop(&mut self) {
        self.0.set(self.0.get().saturating_sub(1));
    }
}

impl Parser<'_> {
    fn enter(&self, span: Span) -> Result<NestingGuard, ParseError> {
        let depth = self.nesting.get() + 1;
        if depth > MAX_NESTING {
            return error(
                span,
                format!("template nests more than {MAX_NESTING} levels deep"),
            );
        }
        self.nesting.set(depth);
        Ok(NestingGuard(self.nesting.clone()))
    }

    /// Parses nodes until end of input, `{{end}}` or `{{else}}`.
    fn parse_list(&mut self) -> Result<(Vec<Node>, Terminator), ParseError> {
        let mut nodes = Vec::new();
        while self.pos < self.items.len() {
            let item = self.items[self.pos].clone();
            self.pos += 1;
            match item {
                Item::Text(span) => nodes.push(Node::Text(span)),
                Item::Action { tokens, span } => {
                    if let Some(end) = self.parse_action(tokens, span, &mut nodes)? {
                        return Ok((nodes, end));
                    }
                }
            }
        }
        Ok((nodes, Terminator::Eof))
    }

    /// Parses one action, appending its node; returns a terminator if the
    /// action was `end` or `else`.
    fn parse_action(
        &mut self,
        tokens: Vec<Token>,
        span: Span,
        nodes: &mut Vec<Node>,
    ) -> Result<Option<Terminator>, ParseError> {
        let Some(first) = tokens.first() else {
            return error(span, "missing value for command");
        };
        let keyword = match &first.kind {
            TokenKind::Ident(word) => word.as_str(),
            _ => "",
        };
        let rest = tokens[1..].to_vec();
        match keyword {
            "end" => {
                if !rest.is_empty() {
                    return error(rest[0].span, "unexpected token in {{end}}");
                }
                Ok(Some(Terminator::End(span)))
            }
            "else" => Ok(Some(Terminator::Else(span, rest))),
            "if" | "with" | "range" => {
                let node = self.parse_branch(keyword, rest, span)?;
                nodes.push(node);
                Ok(None)
            }
            "break" | "continue" => {
                if self.range_depth == 0 {
                    return error(span, format!("{{{{{keyword}}}}} outside {{{{range}}}}"));
                }
                if let Some(extra) = rest.first() {
                    return error(extra.span, format!("unexpected token in {{{{{keyword}}}}}"));
                }
                nodes.push(if keyword == "break" {
                    Node::Break
                } else {
                    Node::Continue
                });
                Ok(None)
            }
            "define" | "block" => {
                let _nesting = self.enter(span)?;
                let (name, after) = template_name(&rest, span, keyword)?;
                let pipe = if keyword == "block" {
                    Some(self.parse_pipeline(after, span, false)?)
                } else {
                    if let Some(extra) = after.first() {
                        return error(extra.span, "unexpected token after define name");
                    }
                    None
                };
                let saved_range_depth = std::mem::replace(&mut self.range_depth, 0);
                let (body, end) = self.parse_list()?;
                self.range_depth = saved_range_depth;
                match end {
                    Terminator::End(_) => {}
                    Terminator::Else(else_span, _) => {
                        return error(else_span, format!("unexpected {{{{else}}}} in {keyword}"))
                    }
                    Terminator::Eof => {
                        return error(
                            span,
                            format!("unclosed {{{{{keyword}}}}}: missing {{{{end}}}}"),
                        )
                    }
                }
                self.defines.insert(name.clone(), body);
                if keyword == "block" {
                    nodes.push(Node::Template { name, pipe, span });
                }
                Ok(None)
            }
            "template" => {
                let (name, after) = template_name(&rest, span, keyword)?;
                let pipe = if after.is_empty() {
                    None
                } else {
                    Some(self.parse_pipeline(after, span, false)?)
                };
                nodes.push(Node::Template { name, pipe, span });
                Ok(None)
            }
            _ => {
                let pipe = self.parse_pipeline(tokens, span, true)?;
                nodes.push(Node::Action(pipe));
                Ok(None)
            }
        }
    }

    /// Parses `if`/`with`/`range` through its `{{end}}`; `else if` and
    /// `else with` become a nested branch in the else body.
    fn parse_branch(
        &mut self,
        keyword: &str,
        tokens: Vec<Token>,
        span: Span,
    ) -> Result<Node, ParseError> {
        let _nesting = self.enter(span)?;
        let pipe = self.parse_pipeline(tokens, span, true)?;
        if keyword == "range" {
            self.range_depth += 1;
        }
        let body = self.parse_list();
        if keyword == "range" {
            self.range_depth -= 1;
        }
        let (body, end) = body?;
        let else_body = match end {
            Terminator::End(_) => None,
            Terminator::Eof => {
                return error(
                    span,
                    format!("unclosed {{{{{keyword}}}}}: missing {{{{end}}}}"),
                );
            }
            Terminator::Else(else_span, rest) => {
                let chained = match rest.first().map(|t| &t.kind) {
                    Some(TokenKind::Ident(word))
                        if (word == "if" || word == "with") && keyword != "range" =>
                    {
                        Some(word.clone())
                    }
                    Some(_) => return error(rest[0].span, "unexpected token after {{else}}"),
                    None => None,
                };
                match chained {
                    // `{{else if x}}…{{end}}`: the nested branch consumes
                    // the single shared `{{end}}`.
                    Some(word) => Some(vec![self.parse_branch(
                        &word,
                        rest[1..].to_vec(),
                        else_span,
                    )?]),
                    None => {
                        let (else_nodes, end) = self.parse_list()?;
                        match end {
                            Terminator::End(_) => Some(else_nodes),
                            Terminator::Else(s, _) => return error(s, "more than one {{else}}"),
                            Terminator::Eof => {
                                return error(
                                    span,
                                    format!("unclosed {{{{{keyword}}}}}: missing {{{{end}}}}"),
                                )
                            }
                        }
                    }
                }
            }
        };
        let branch = Branch {
            pipe,
            body,
            else_body,
            span,
        };
        Ok(match keyword {
            "if" => Node::If(branch),
            "with" => Node::With(branch),
            _ => Node::Range(branch),
        })
    }

    /// Parses `[$a[, $b] (:=|=)] command (| command)*`.
    fn parse_pipeline(
        &self,
        tokens: Vec<Token>,
        span: Span,
        allow_decl: bool,
    ) -> Result<Pipeline, ParseError> {
        let _nesting = self.enter(span)?;
        let mut vars = Vec::new();
        let mut is_assign = false;
        let mut rest: &[Token] = &tokens;
        if allow_decl {
            if let Some((decl, after)) = split_declaration(rest) {
                vars = decl.0;
                is_assign = decl.1;
                rest = after;
            }
        }
        if rest.is_empty() {
            return error(span, "missing value for command");
        }
        let mut commands = Vec::new();
        for segment in split_top_level(rest, |k| matches!(k, TokenKind::Pipe)) {
            let Some(first) = segment.first() else {
                return error(span, "missing command in pipeline");
            };
            let last = segment.last().map(|t| t.span.end).unwrap_or(first.span.end);
            let cmd_span = Span::new(first.span.start, last);
            let mut args = Vec::new();
            let mut i = 0;
            while i < segment.len() {
                let (operand, next) = self.parse_operand(segment, i)?;
                args.push(operand);
                i = next;
            }
            commands.push(Command {
                args,
                span: cmd_span,
            });
        }
        let pipe_span = match (tokens.first(), tokens.last()) {
            (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
            _ => span,
        };
        Ok(Pipeline {
            vars,
            is_assign,
            commands,
            span: pipe_span,
        })
    }

    /// Parses one operand at `tokens[i]`, returning it and the next index.
    fn parse_operand(&self, tokens: &[Token], i: usize) -> Result<(Operand, usize), ParseError> {
        let token = &tokens[i];
        let (kind, mut next) = match &token.kind {
            TokenKind::Dot => (OperandKind::Dot, i + 1),
            TokenKind::Literal(v) => (OperandKind::Literal(v.clone()), i + 1),
            TokenKind::Field(name) => (OperandKind::Field(vec![name.clone()]), i + 1),
            TokenKind::Variable(name) => (
                OperandKind::Variable {
                    name: name.clone(),
                    fields: Vec::new(),
                },
                i + 1,
            ),
            TokenKind::Ident(name) => (
                OperandKind::Function {
                    name: name.clone(),
                    fields: Vec::new(),
                },
                i + 1,
            ),
            TokenKind::LeftParen => {
                let mut depth = 0usize;
                let mut close = None;
                for (j, t) in tokens.iter().enumerate().skip(i) {
                    match t.kind {
                        TokenKind::LeftParen => depth += 1,
                        TokenKind::RightParen => {
                            depth -= 1;
                            if depth == 0 {
                                close = Some(j);
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                let Some(close) = close else {
                    return error(token.span, "unclosed left paren");
                };
                let inner = tokens[i + 1..close].to_vec();
                let span = Span::new(token.span.start, tokens[close].span.end);
                let pipe = self.parse_pipeline(inner, span, true)?;
                (
                    OperandKind::Pipe {
                        pipe: Box::new(pipe),
                        fields: Vec::new(),
                    },
                    close + 1,
                )
            }
            TokenKind::RightParen => return error(token.span, "unexpected right paren"),
            TokenKind::Pipe => return error(token.span, "unexpected \"|\""),
            TokenKind::Declare | TokenKind::Assign => {
                return error(
                    token.span,
                    "unexpected variable declaration or assignment here",
                )
            }
            TokenKind::Comma => return error(token.span, "unexpected \",\""),
        };
        // Trailing `.Field`s written without white space chain onto it.
        let mut trailing = Vec::new();
        while let Some(Token {
            kind: TokenKind::Field(name),
            spaced: false,
            ..
        }) = tokens.get(next)
        {
            trailing.push(name.clone());
            next += 1;
        }
        let end = tokens
            .get(next.saturating_sub(1))
            .map_or(token.span.end, |t| t.span.end);
        let span = Span::new(token.span.start, end);
        let kind = match kind {
            OperandKind::Field(mut names) => {
                names.extend(trailing);
                OperandKind::Field(names)
            }
            OperandKind::Variable { name, .. } => OperandKind::Variable {
                name,
                fields: trailing,
            },
            OperandKind::Pipe { pipe, .. } => OperandKind::Pipe {
                pipe,
                fields: trailing,
            },
            OperandKind::Function { name, .. } => {
                // Hugo namespaces are Go methods on a namespace value
                // (`strings.ToLower`); we resolve them as dotted names.
                let mut fields = trailing.into_iter();
                let mut name = name;
                let mut remaining = Vec::new();
                if let Some(first) = fields.next() {
                    let dotted = format!("{name}.{first}");
                    if (self.is_function)(&dotted) || !(self.is_function)(&name) {
                        name = dotted;
                    } else {
                        remaining.push(first);
                    }
                }
                remaining.extend(fields);
                OperandKind::Function {
                    name,
                    fields: remaining,
                }
            }
            other => {
                if let Some(field) = trailing.first() {
                    return error(span, format!("unexpected .{field} after literal"));
                }
                other
            }
        };
        Ok((Operand { kind, span }, next))
    }
}

type Declaration = (Vec<(String, Span)>, bool);

/// Recognises `$x :=`, `$x =` and `$i, $v :=` at the start of a pipeline.
fn split_declaration(tokens: &[Token]) -> Option<(Declaration, &[Token])> {
    let var = |t: &Token| match &t.kind {
        TokenKind::Variable(name) => Some((name.clone(), t.span)),
        _ => None,
    };
    let first = var(tokens.first()?)?;
    match tokens.get(1).map(|t| &t.kind) {
        Some(TokenKind::Declare) => Some(((vec![first], false), &tokens[2..])),
        Some(TokenKind::Assign) => Some(((vec![first], true), &tokens[2..])),
        Some(TokenKind::Comma) => {
            let second = var(tokens.get(2)?)?;
            match tokens.get(3).map(|t| &t.kind) {
                Some(TokenKind::Declare) => Some(((vec![first, second], false), &tokens[4..])),
                Some(TokenKind::Assign) => Some(((vec![first, second], true), &tokens[4..])),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Splits tokens at separators that are not inside parentheses.
fn split_top_level(tokens: &[Token], is_separator: impl Fn(&TokenKind) -> bool) -> Vec<&[Token]> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        match t.kind {
            TokenKind::LeftParen => depth += 1,
            TokenKind::RightParen => depth = depth.saturating_sub(1),
            _ if depth == 0 && is_separator(&t.kind) => {
                parts.push(&tokens[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&tokens[start..]);
    parts
}

/// The quoted name after `define`/`template`/`block`, and what follows.
fn template_name(
    tokens: &[Token],
    span: Span,
    keyword: &str,
) -> Result<(String, Vec<Token>), ParseError> {
    match tokens.first() {
        Some(Token {
            kind: TokenKind::Literal(Value::String(name)),
            ..
        }) => Ok((name.clone(), tokens[1..].to_vec())),
        Some(t) => error(t.span, format!("{keyword} needs a quoted template name")),
        None => error(span, format!("{keyword} needs a quoted template name")),
    }
}
