//! Element bodies and everything that nests: properties, child elements, pseudo-state blocks,
//! `Text { "literal" }`, `@for`/`@if` blocks, functions inside elements, style bodies and
//! `Define` bodies.

use chumsky::prelude::*;

use super::common::{
    directive, is_block_end, keyword, name, separator, skip_line, string, tok, Flat, TokenInput,
};
use super::common::{same_line, Captures, KryExtra};
use super::scripts::{function_def, script_block};
use super::values::{list, value};
use super::{range, ParseState, Span};
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::ast::{
    DefineMember, Element, ElementMember, ForBlock, IfBlock, Name, PropDecl, PropertiesBlock,
    Property, PseudoBlock, SimpleProp, StyleMember, TypeExpr, Value,
};
use crate::syntax::token::{Tok, Token};

/// `name: value`
pub(crate) fn property<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
    value: impl Parser<'t, I, Value, E> + Clone,
) -> impl Parser<'t, I, Property, E> + Clone + Captures<'s> {
    name().then_ignore(tok(Token::Colon)).then(list(value)).map_with(|(name, value), e| Property {
        name,
        value,
        range: range(e.span()),
    })
}

/// `&:hover { ... }`, `&:hover:disabled { ... }`
fn pseudo_block<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
    property: impl Parser<'t, I, Property, E> + Clone,
) -> impl Parser<'t, I, PseudoBlock, E> + Clone + Captures<'s> {
    let props = property
        .map(Some)
        .recover_with(via_parser(skip_line().map(|_| None)))
        .then_ignore(separator())
        .repeated()
        .collect::<Flat<_>>()
        .map(|f| f.0)
        .delimited_by(tok(Token::LBrace), tok(Token::RBrace));
    tok(Token::Amp)
        .ignore_then(
            tok(Token::Colon).ignore_then(name()).repeated().at_least(1).collect::<Vec<_>>(),
        )
        .then(props)
        .map_with(|(states, properties), e| PseudoBlock {
            states,
            properties,
            range: range(e.span()),
        })
}

/// The body of a `@for` or `@if` branch: items until `@end`, `@elif` or `@else`.
fn block_body<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>, T: 't>(
    item: impl Parser<'t, I, Option<T>, E> + Clone,
) -> impl Parser<'t, I, Vec<T>, E> + Clone + Captures<'s> {
    item.then_ignore(separator()).repeated().collect::<Flat<_>>().map(|f| f.0)
}

/// Whether the block is closed by `@end`.
fn end_of_block<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
) -> impl Parser<'t, I, bool, E> + Clone + Captures<'s> {
    directive("end").or_not().map(|end| end.is_some())
}

fn missing_end(state: &mut ParseState, what: &str, keyword: Span) {
    state.diagnostics.push(
        Diagnostic::new(Code::UnterminatedBlock, format!("this `{what}` block has no `@end`"))
            .at(state.file, range(keyword))
            .with_primary_label("this block is never closed")
            .with_help(format!("close the `{what}` block with `@end`")),
    );
}

/// `@for item[, index] in iterable ... @end`
pub(crate) fn for_block<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>, T: 't>(
    item: impl Parser<'t, I, Option<T>, E> + Clone,
) -> impl Parser<'t, I, ForBlock<T>, E> + Clone + Captures<'s> {
    directive("for")
        .then(name().labelled("a loop variable"))
        .then(tok(Token::Comma).ignore_then(name()).or_not())
        .then_ignore(keyword("in"))
        .then(value())
        .then(block_body(item))
        // `then`, not `then_ignore`: chumsky skips the actions of ignored parsers.
        .then(end_of_block())
        .map_with(|(((((keyword, item), index), iterable), body), closed), e| {
            if !closed {
                missing_end(e.state(), "@for", keyword);
            }
            ForBlock { item, index, iterable, body, range: range(e.span()) }
        })
}

/// `@if cond ... [@elif cond ...]* [@else ...] @end`
pub(crate) fn if_block<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>, T: 't>(
    item: impl Parser<'t, I, Option<T>, E> + Clone,
) -> impl Parser<'t, I, IfBlock<T>, E> + Clone + Captures<'s> {
    let body = block_body(item);
    let first = directive("if").then(value()).then(body.clone());
    let elif = directive("elif").ignore_then(value()).then(body.clone());
    let otherwise = directive("else").ignore_then(body);
    first
        .then(elif.repeated().collect::<Vec<_>>())
        .then(otherwise.or_not())
        .then(end_of_block())
        .map_with(|(((((keyword, cond), body), elifs), else_body), closed), e| {
            if !closed {
                missing_end(e.state(), "@if", keyword);
            }
            let mut branches = Vec::with_capacity(elifs.len() + 1);
            branches.push((cond, body));
            branches.extend(elifs);
            IfBlock { branches, else_body, range: range(e.span()) }
        })
}

/// A directive that is valid, but not in an element body (`@include`, `@variables`, `@var`),
/// or that does not exist: reported, and the rest of its line is skipped.
pub(crate) fn misplaced_directive<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>, T>(
    top_level: bool,
) -> impl Parser<'t, I, Option<T>, E> + Clone + Captures<'s> {
    let rest = any().filter(|t: &Tok<'s>| {
        !t.line_start && t.token != Token::RBrace && !t.token.is_open_delim()
    });
    let group = tok(Token::LBrace)
        .then(any().filter(|t: &Tok<'s>| t.token != Token::RBrace).repeated())
        .then(tok(Token::RBrace));
    select! { Tok { token: Token::Directive(d), .. } => d }
        .filter(move |d: &&str| {
            let known_here = if top_level {
                matches!(
                    *d,
                    "include"
                        | "variables"
                        | "var"
                        | "for"
                        | "if"
                        | "function"
                        | "func"
                        | "method"
                        | "script"
                        | "init"
                )
            } else {
                matches!(*d, "for" | "if" | "function" | "func" | "method" | "script" | "init")
            };
            !known_here && !matches!(*d, "end" | "elif" | "else")
        })
        .map_with(|d, e| (d, e.span()))
        .then_ignore(rest.repeated())
        .then_ignore(group.or_not())
        .map_with(|(d, span): (&str, Span), e| {
            let state: &mut ParseState = e.state();
            let known = matches!(d, "include" | "variables" | "var");
            let diagnostic = if known {
                Diagnostic::new(
                    Code::MisplacedDirective,
                    format!("`@{d}` is only allowed at the top level of a file"),
                )
                .at(state.file, range(span))
                .with_primary_label("inside an element")
                .with_help(format!("move `@{d}` out of the element, to the top level"))
            } else {
                let mut d_ =
                    Diagnostic::new(Code::UnknownDirective, format!("unknown directive `@{d}`"))
                        .at(state.file, range(span))
                        .with_primary_label("not a KRY directive");
                const ALL: &[&str] = &[
                    "include",
                    "variables",
                    "var",
                    "script",
                    "init",
                    "function",
                    "func",
                    "method",
                    "for",
                    "if",
                    "elif",
                    "else",
                    "end",
                ];
                if let Some(close) = crate::suggest::closest(d, ALL.iter().copied()) {
                    d_ = d_.with_help(format!("did you mean `@{close}`?"));
                }
                d_
            };
            state.diagnostics.push(diagnostic);
            None
        })
}

/// `@end`, `@elif` or `@else` where no block is open.
pub(crate) fn stray_block_end<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>, T>(
) -> impl Parser<'t, I, Option<T>, E> + Clone + Captures<'s> {
    select! { Tok { token: t @ Token::Directive(d), .. } if is_block_end(&t) => d }
        .map_with(|d, e| (d, e.span()))
        .then_ignore(
            any()
                .filter(|t: &Tok<'s>| {
                    !t.line_start && t.token != Token::RBrace && !t.token.is_open_delim()
                })
                .repeated(),
        )
        .map_with(|(d, span): (&str, Span), e| {
            let state: &mut ParseState = e.state();
            state.diagnostics.push(
                Diagnostic::new(
                    Code::MisplacedDirective,
                    format!("`@{d}` without an open `@if` or `@for`"),
                )
                .at(state.file, range(span))
                .with_primary_label("nothing to close here")
                .with_help("remove it, or add the `@if`/`@for` block it belongs to"),
            );
            None
        })
}

/// The members of an element body (without the braces).
fn body_members<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
    member: impl Parser<'t, I, Option<ElementMember>, E> + Clone,
) -> impl Parser<'t, I, Vec<ElementMember>, E> + Clone + Captures<'s> {
    member
        .or(stray_block_end())
        .then_ignore(separator())
        .repeated()
        .collect::<Flat<_>>()
        .map(|f| f.0)
}

/// `Name { ... }` or `Name id { ... }`
pub(crate) fn element<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
    member: impl Parser<'t, I, Option<ElementMember>, E> + Clone,
) -> impl Parser<'t, I, Element, E> + Clone + Captures<'s> {
    let body = body_members(member)
        .delimited_by(tok(Token::LBrace), tok(Token::RBrace))
        .map_with(|members, e| (members, range(e.span())));
    // The id form (`Text display { ... }`) has the id on the element's line.
    name().then(same_line().ignore_then(name()).or_not()).then(body).map_with(
        |((name, id), (members, body_range)), e| Element {
            name,
            id,
            members,
            range: range(e.span()),
            body_range,
        },
    )
}

/// One member of an element body; `None` when it could not be parsed (already reported).
pub(crate) fn member<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
) -> impl Parser<'t, I, Option<ElementMember>, E> + Clone + Captures<'s> {
    recursive(|member| {
        let value = value();
        let property = property(value);
        choice((
            property.clone().map(ElementMember::Property),
            element(member.clone()).map(ElementMember::Child),
            pseudo_block(property).map(ElementMember::Pseudo),
            string().map(ElementMember::Text),
            for_block(member.clone()).map(ElementMember::For),
            if_block(member.clone()).map(ElementMember::If),
            function_def().map(ElementMember::Function),
            script_block().map(ElementMember::Script),
        ))
        .map(Some)
        .or(misplaced_directive(false))
        .labelled("a property, an element or `}`")
        .recover_with(via_parser(skip_line().map(|_| None)))
    })
    .boxed()
}

/// The members of a `style` body: properties and pseudo-state blocks.
pub(crate) fn style_members<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
) -> impl Parser<'t, I, Vec<StyleMember>, E> + Clone + Captures<'s> {
    let property = property(value());
    choice((
        property.clone().map(StyleMember::Property),
        pseudo_block(property).map(StyleMember::Pseudo),
    ))
    .map(Some)
    .labelled("a property or `}`")
    .recover_with(via_parser(skip_line().map(|_| None)))
    .then_ignore(separator())
    .repeated()
    .collect::<Flat<_>>()
    .map(|f| f.0)
}

/// `Type` or `Enum(a, b)` in a `Properties` block.
fn type_expr<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
) -> impl Parser<'t, I, TypeExpr, E> + Clone + Captures<'s> {
    name()
        .then(
            name()
                .separated_by(tok(Token::Comma))
                .allow_trailing()
                .collect::<Vec<Name>>()
                .delimited_by(tok(Token::LParen), tok(Token::RParen))
                .or_not(),
        )
        .map_with(|(name, args), e| TypeExpr {
            name,
            args: args.unwrap_or_default(),
            range: range(e.span()),
        })
}

/// `Properties { name: Type = default ... }`
fn properties_block<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
) -> impl Parser<'t, I, PropertiesBlock, E> + Clone + Captures<'s> {
    let typed = type_expr()
        .then(tok(Token::Eq).ignore_then(list(value())).or_not())
        // A type is a single word (or `Enum(...)`) followed by the end of the declaration: a
        // line break, `}`, `;`, `,` or the next `name:`; anything else after `:` is an untyped
        // default (`label: row center`).
        .then_ignore(
            choice((
                any()
                    .filter(|t: &Tok<'s>| {
                        t.line_start
                            || matches!(t.token, Token::RBrace | Token::Semi | Token::Comma)
                    })
                    .ignored(),
                name().then(tok(Token::Colon).or(tok(Token::Eq))).ignored(),
            ))
            .rewind(),
        );
    let decl = name()
        .then(choice((
            tok(Token::Colon).ignore_then(typed.map(|(ty, default)| (Some(ty), default))),
            tok(Token::Colon).ignore_then(list(value())).map(|v| (None, Some(v))),
            tok(Token::Eq).ignore_then(list(value())).map(|v| (None, Some(v))),
        )))
        .map_with(|(name, (ty, default)), e| PropDecl { name, ty, default, range: range(e.span()) })
        .map(Some)
        .labelled("a component property")
        .recover_with(via_parser(skip_line().map(|_| None)))
        .then_ignore(separator());
    keyword("Properties")
        .ignore_then(
            decl.repeated()
                .collect::<Flat<_>>()
                .map(|f| f.0)
                .delimited_by(tok(Token::LBrace), tok(Token::RBrace)),
        )
        .map_with(|props, e| PropertiesBlock { props, range: range(e.span()) })
}

/// The members of a `Define` body.
pub(crate) fn define_members<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
    member: impl Parser<'t, I, Option<ElementMember>, E> + Clone,
) -> impl Parser<'t, I, Vec<DefineMember>, E> + Clone + Captures<'s> {
    let simple = name()
        .then_ignore(tok(Token::Eq))
        .then(list(value()))
        .map_with(|(name, default), e| SimpleProp { name, default, range: range(e.span()) });
    choice((
        properties_block().map(|p| Some(DefineMember::Properties(p))),
        simple.map(|p| Some(DefineMember::SimpleProp(p))),
        member.map(|m| m.map(DefineMember::Member)),
        stray_block_end(),
    ))
    .then_ignore(separator())
    .repeated()
    .collect::<Flat<_>>()
    .map(|f| f.0)
}
