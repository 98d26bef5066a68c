//! Top-level items: `@include`, `@variables`, `@var`, `style`, `font`, `Define`, scripts,
//! functions, elements and top-level `@for`/`@if`.

use chumsky::prelude::*;

use super::common::{
    directive, keyword, name, separator, skip_line, string, tok, Flat, TokenInput,
};
use super::common::{Captures, KryExtra};
use super::members::{
    define_members, element, for_block, if_block, member, misplaced_directive, stray_block_end,
    style_members,
};
use super::range;
use super::scripts::{function_def, script_block};
use super::values::{list, value};
use crate::syntax::ast::{
    ComponentDef, FontDef, Include, Item, Module, StyleDef, VarDecl, VariablesBlock,
};
use crate::syntax::token::Token;

fn var_decl<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
) -> impl Parser<'t, I, VarDecl, E> + Clone + Captures<'s> {
    name()
        .then_ignore(tok(Token::Colon).or(tok(Token::Eq)))
        .then(list(value()))
        .map_with(|(name, value), e| VarDecl { name, value, range: range(e.span()) })
}

/// A whole file.
pub(crate) fn module<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
) -> impl Parser<'t, I, Module, E> + Captures<'s> {
    let member = member();

    let include = directive("include")
        .ignore_then(string().labelled("the path to include, as a string"))
        .map_with(|path, e| Item::Include(Include { path, range: range(e.span()) }));

    let variables = directive("variables")
        .ignore_then(
            var_decl()
                .map(Some)
                .labelled("a variable (`name: value`)")
                .recover_with(via_parser(skip_line().map(|_| None)))
                .then_ignore(separator())
                .repeated()
                .collect::<Flat<_>>()
                .map(|f| f.0)
                .delimited_by(tok(Token::LBrace), tok(Token::RBrace)),
        )
        .map_with(|entries, e| Item::Variables(VariablesBlock { entries, range: range(e.span()) }));

    let var = directive("var").ignore_then(var_decl()).map_with(|mut decl, e| {
        decl.range = range(e.span());
        Item::Var(decl)
    });

    let style = keyword("style")
        .ignore_then(string().labelled("the style name, as a string"))
        .then(style_members().delimited_by(tok(Token::LBrace), tok(Token::RBrace)))
        .map_with(|(name, members), e| {
            Item::Style(StyleDef { name, members, range: range(e.span()) })
        });

    let font = keyword("font")
        .ignore_then(string().labelled("the font family, as a string"))
        .then(string().labelled("the font file, as a string"))
        .map_with(|(family, file), e| Item::Font(FontDef { family, file, range: range(e.span()) }));

    let define = keyword("Define")
        .ignore_then(name().labelled("the component name"))
        .then(define_members(member.clone()).delimited_by(tok(Token::LBrace), tok(Token::RBrace)))
        .map_with(|(name, members), e| {
            Item::Define(ComponentDef { name, members, range: range(e.span()) })
        });

    let item = recursive(|item| {
        choice((
            include,
            variables,
            var,
            style,
            font,
            define,
            script_block().map(Item::Script),
            function_def().map(Item::Function),
            element(member.clone()).map(Item::Element),
            for_block(item.clone()).map(Item::For),
            if_block(item).map(Item::If),
        ))
        .map(Some)
        .or(misplaced_directive(true))
        .labelled(
            "a top-level item (an element, `style`, `Define`, `@variables`, `@function`, ...)",
        )
        .recover_with(via_parser(skip_line().map(|_| None)))
    });

    item.or(stray_block_end())
        .then_ignore(separator())
        .repeated()
        .collect::<Flat<_>>()
        .map(|f| Module { items: f.0 })
        .then_ignore(end())
}
