//! Property values: literals, lists, arrays, objects, variable references, calls and
//! comparison/ternary expressions.

use chumsky::pratt::*;
use chumsky::prelude::*;

use super::common::{ident, name, same_line, separator, string, tok, TokenInput};
use super::common::{Captures, KryExtra};
use super::{parse_embedded_value, range, ParseState, Span};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::TextRange;
use crate::syntax::ast::StringLit;
use crate::syntax::ast::{BinaryOp, Name, ObjectEntry, UnaryOp, Value, ValueKind};
use crate::syntax::strings::{expression_segments, is_var_path, parse_string, Segment};
use crate::syntax::token::{Tok, Token};

/// One value expression (no space-separated list).
pub(crate) fn value<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
) -> impl Parser<'t, I, Value, E> + Clone + Captures<'s> {
    recursive(|value| {
        let mk = |kind: ValueKind, span: Span| Value { kind, range: range(span) };

        let literal = select! {
            Tok { token: Token::Number(s), .. } = e => number(s, e.span()),
            Tok { token: Token::Color(s), .. } = e => mk(ValueKind::Color(s.into()), e.span()),
            Tok { token: Token::Var(s), .. } = e => mk(ValueKind::Var { path: s.into(), braced: false }, e.span()),
        };

        let braced_var = select! { Tok { token: Token::BracedVar(s), .. } => s }.map_with(move |inner: &str, e| {
            let span: Span = e.span();
            let path = inner.trim();
            if !is_var_path(path) {
                let state: &mut ParseState = e.state();
                state.diagnostics.push(
                    Diagnostic::new(Code::InvalidInterpolation, format!("`${{{inner}}}` does not name a variable"))
                        .at(state.file, range(span))
                        .with_help("`${...}` holds one variable name, like `${count}`"),
                );
            }
            mk(ValueKind::Var { path: path.into(), braced: true }, span)
        });

        // `"a ${x ? 'b' : 'c'} d"` (an expression inside `${}`) is the sum of its pieces.
        let expression_string = select! { Tok { token: Token::Str(s), .. } if expression_segments(s, 0).is_some() => s }
            .map_with(move |raw: &str, e| {
                let span: Span = e.span();
                let segments = expression_segments(raw, span.start).unwrap_or_default();
                let state: &mut ParseState = e.state();
                let mut sum: Option<Value> = None;
                for segment in segments {
                    let piece = match segment {
                        Segment::Text(text, at) => {
                            let lit = parse_string(state.file, &format!("\"{text}\""), at - 1, &mut state.diagnostics);
                            Value { range: TextRange::new(at, at + text.len()), kind: ValueKind::String(lit) }
                        }
                        Segment::Expression(text, at) => {
                            parse_embedded_value(state.file, text, at, &mut state.diagnostics)
                        }
                    };
                    sum = Some(match sum {
                        None => piece,
                        Some(lhs) => Value {
                            kind: ValueKind::Binary { op: BinaryOp::Add, lhs: Box::new(lhs), rhs: Box::new(piece) },
                            range: range(span),
                        },
                    });
                }
                let mut value = sum.unwrap_or(Value { kind: ValueKind::Error, range: range(span) });
                value.range = range(span);
                // A string starts the sum, so `${1} + ${2}` joins text rather than adding.
                if !matches!(&value.kind, ValueKind::Binary { lhs, .. } if matches!(lhs.kind, ValueKind::String(_))) {
                    let empty = StringLit { value: String::new(), parts: Vec::new(), range: TextRange::new(span.start, span.start) };
                    let lhs = Value { kind: ValueKind::String(empty), range: TextRange::new(span.start, span.start) };
                    value = Value { kind: ValueKind::Binary { op: BinaryOp::Add, lhs: Box::new(lhs), rhs: Box::new(value) }, range: range(span) };
                }
                value
            });
        let string_value = expression_string.or(string().map(|s| {
            let range = s.range;
            Value { kind: ValueKind::String(s), range }
        }));

        let args = value.clone().separated_by(tok(Token::Comma)).allow_trailing().collect::<Vec<_>>();
        let call = name()
            .then(args.delimited_by(tok(Token::LParen), tok(Token::RParen)))
            .map_with(move |(callee, args): (Name, Vec<Value>), e| mk(ValueKind::Call { callee, args }, e.span()));

        let word = ident().map_with(move |w, e| {
            let kind = match w {
                "true" => ValueKind::Bool(true),
                "false" => ValueKind::Bool(false),
                _ => ValueKind::Word(w.into()),
            };
            mk(kind, e.span())
        });

        let array = value
            .clone()
            .separated_by(separator())
            .allow_trailing()
            .collect::<Vec<_>>()
            .delimited_by(tok(Token::LBracket), tok(Token::RBracket))
            .map_with(move |items, e| mk(ValueKind::Array(items), e.span()));

        let key = name().or(string().map(|s| Name { text: s.value.into(), range: s.range })).labelled("a key");
        let entry = key
            .then_ignore(tok(Token::Colon))
            .then(list(value.clone()))
            .map(|(key, value)| ObjectEntry { key, value });
        let object = entry
            .separated_by(separator())
            .allow_trailing()
            .collect::<Vec<_>>()
            .delimited_by(tok(Token::LBrace), tok(Token::RBrace))
            .map_with(move |entries, e| mk(ValueKind::Object(entries), e.span()));

        let paren = value.clone().delimited_by(tok(Token::LParen), tok(Token::RParen));

        let atom = choice((literal, braced_var, string_value, call, word, array, object, paren)).labelled("a value");

        // One operator parser per precedence level: fewer failed alternatives per atom.
        let comparison = select! {
            Tok { token: Token::EqEq, .. } => BinaryOp::Eq,
            Tok { token: Token::NotEq, .. } => BinaryOp::NotEq,
            Tok { token: Token::Lt, .. } => BinaryOp::Lt,
            Tok { token: Token::Le, .. } => BinaryOp::Le,
            Tok { token: Token::Gt, .. } => BinaryOp::Gt,
            Tok { token: Token::Ge, .. } => BinaryOp::Ge,
        };
        let plus = tok(Token::Plus).to(BinaryOp::Add);
        let and = tok(Token::AndAnd).to(BinaryOp::And);
        let or = tok(Token::OrOr).to(BinaryOp::Or);
        let fold = move |lhs: Value, op: BinaryOp, rhs: Value, e: &mut chumsky::input::MapExtra<'t, '_, I, E>| {
            mk(ValueKind::Binary { op, lhs: Box::new(lhs), rhs: Box::new(rhs) }, e.span())
        };
        let expr = atom.pratt((
            prefix(5, tok(Token::Bang), move |_, operand: Value, e| {
                mk(ValueKind::Unary { op: UnaryOp::Not, operand: Box::new(operand) }, e.span())
            }),
            infix(left(6), plus, fold),
            infix(left(4), comparison, fold),
            infix(left(3), and, fold),
            infix(left(2), or, fold),
        ));

        expr.clone()
            .then(tok(Token::Question).ignore_then(value.clone()).then_ignore(tok(Token::Colon)).then(value).or_not())
            .map_with(move |(cond, branches), e| match branches {
                None => cond,
                Some((then, otherwise)) => mk(
                    ValueKind::Ternary { cond: Box::new(cond), then: Box::new(then), otherwise: Box::new(otherwise) },
                    e.span(),
                ),
            })
    })
    .boxed()
}

/// A property value: one or more values on one line (`padding: 10 20`, `layout: row center`).
pub(crate) fn list<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
    value: impl Parser<'t, I, Value, E> + Clone,
) -> impl Parser<'t, I, Value, E> + Clone + Captures<'s> {
    // Properties may share a line (`Button { text: "+" onClick: "inc" }`): a word followed by
    // `:` or `{` starts the next member, not another value of this one.
    let starts_member = ident().then(same_line()).then(choice((
        tok(Token::Colon).ignored(),
        tok(Token::LBrace).ignored(),
        ident().then(tok(Token::LBrace)).ignored(),
    )));
    let first = same_line().ignore_then(value.clone()).labelled("a value (on the same line)");
    let next = same_line().ignore_then(starts_member.not()).ignore_then(value);
    first.then(next.repeated().collect::<Vec<_>>()).map_with(|(first, rest), e| {
        if rest.is_empty() {
            first
        } else {
            let mut items = Vec::with_capacity(rest.len() + 1);
            items.push(first);
            items.extend(rest);
            Value { kind: ValueKind::List(items), range: range(e.span()) }
        }
    })
}

fn number(text: &str, span: Span) -> Value {
    let digits_end = text
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (i == 0 && c == '-')))
        .map_or(text.len(), |(i, _)| i);
    let (num, unit) = text.split_at(digits_end);
    if !unit.is_empty() && !crate::syntax::lexer::UNITS.contains(&unit) {
        // The lexer reported the unknown unit; the value is an error so it is not reported again.
        return Value { kind: ValueKind::Error, range: range(span) };
    }
    let unit = (!unit.is_empty()).then(|| unit.into());
    Value {
        kind: ValueKind::Number {
            text: num.into(),
            value: num.parse().unwrap_or(0.0),
            is_integer: !num.contains('.'),
            unit,
        },
        range: range(span),
    }
}
