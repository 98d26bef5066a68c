//! Small parsers shared by the grammar files: tokens, names, separators, recovery.

use chumsky::extra::ParserExtra;
use chumsky::input::ValueInput;
use chumsky::label::LabelError;
use chumsky::prelude::*;
use chumsky::DefaultExpected;

use super::{range, ParseState, Span};
use crate::syntax::ast::{Name, StringLit};
use crate::syntax::strings::parse_string;
use crate::syntax::token::{Tok, Token};

/// What the grammar needs of chumsky's parser extras: our state, and an error type that can
/// describe expected tokens and labels. The parse runs first with a free error type and, only
/// when that finds errors, again with `Rich` errors for the messages.
pub(crate) trait KryExtra<'t, 's: 't, I: TokenInput<'t, 's>>:
    ParserExtra<
        't,
        I,
        State = ParseState,
        Context = (),
        Error: LabelError<'t, I, &'static str> + LabelError<'t, I, DefaultExpected<'t, Tok<'s>>>,
    > + 't
{
}

impl<'t, 's: 't, I: TokenInput<'t, 's>, E> KryExtra<'t, 's, I> for E where
    E: ParserExtra<
            't,
            I,
            State = ParseState,
            Context = (),
            Error: LabelError<'t, I, &'static str>
                       + LabelError<'t, I, DefaultExpected<'t, Tok<'s>>>,
        > + 't
{
}

/// Lets a returned `impl Parser` borrow tokens of lifetime `'s` (edition 2021 does not
/// capture lifetimes that only appear in a generic parameter's bounds).
pub(crate) trait Captures<'a> {}
impl<T: ?Sized> Captures<'_> for T {}

/// The input every parser here works on.
pub(crate) trait TokenInput<'t, 's: 't>:
    ValueInput<'t, Token = Tok<'s>, Span = Span>
{
}
impl<'t, 's: 't, I: ValueInput<'t, Token = Tok<'s>, Span = Span>> TokenInput<'t, 's> for I {}

pub(crate) fn tok<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
    token: Token<'s>,
) -> impl Parser<'t, I, Tok<'s>, E> + Clone + Captures<'s> {
    just(Tok::of(token))
}

/// Any identifier, as text.
pub(crate) fn ident<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
) -> impl Parser<'t, I, &'s str, E> + Clone + Captures<'s> {
    select! { Tok { token: Token::Ident(s), .. } => s }.labelled("a name")
}

/// Any identifier, with its range.
pub(crate) fn name<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
) -> impl Parser<'t, I, Name, E> + Clone + Captures<'s> {
    ident().map_with(|s, e| Name { text: s.into(), range: range(e.span()) })
}

/// One specific identifier used as a keyword (`style`, `Define`, `in`).
pub(crate) fn keyword<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
    word: &'static str,
) -> impl Parser<'t, I, Span, E> + Clone + Captures<'s> {
    any()
        .filter(move |t: &Tok<'s>| t.token == Token::Ident(word))
        .map_with(|_, e| e.span())
        .labelled(word_label(word))
}

fn word_label(word: &'static str) -> &'static str {
    match word {
        "in" => "`in`",
        "from" => "`from`",
        "style" => "`style`",
        "font" => "`font`",
        "Define" => "`Define`",
        "Properties" => "`Properties`",
        _ => "a keyword",
    }
}

/// One specific directive (`@include` is `directive("include")`).
pub(crate) fn directive<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
    word: &'static str,
) -> impl Parser<'t, I, Span, E> + Clone + Captures<'s> {
    any().filter(move |t: &Tok<'s>| t.token == Token::Directive(word)).map_with(|_, e| e.span())
}

/// A string literal, unescaped, with its interpolation parts.
pub(crate) fn string<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
) -> impl Parser<'t, I, StringLit, E> + Clone + Captures<'s> {
    select! { Tok { token: Token::Str(s), .. } => s }
        .map_with(|raw, e| {
            let span: Span = e.span();
            let state: &mut ParseState = e.state();
            parse_string(state.file, raw, span.start, &mut state.diagnostics)
        })
        .labelled("a string")
}

/// An optional `;` or `,` after a property or member.
pub(crate) fn separator<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
) -> impl Parser<'t, I, (), E> + Clone + Captures<'s> {
    any()
        .filter(|t: &Tok<'s>| matches!(t.token, Token::Semi | Token::Comma))
        .ignored()
        .or_not()
        .ignored()
}

/// Succeeds, consuming nothing, when the next token is on the same line as the previous one.
pub(crate) fn same_line<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
) -> impl Parser<'t, I, (), E> + Clone + Captures<'s> {
    any().filter(|t: &Tok<'s>| !t.line_start).rewind().ignored()
}

/// True for the directives that end a block body: `@end`, `@elif`, `@else`.
pub(crate) fn is_block_end(token: &Token<'_>) -> bool {
    matches!(token, Token::Directive("end" | "elif" | "else"))
}

/// A whole balanced group `{...}`, `[...]` or `(...)`.
fn skip_group<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
) -> impl Parser<'t, I, (), E> + Clone + Captures<'s> {
    recursive(|group| {
        let inner = group
            .or(any()
                .filter(|t: &Tok<'s>| !t.token.is_open_delim() && !t.token.is_close_delim())
                .ignored())
            .repeated();
        choice((
            inner.clone().delimited_by(tok(Token::LBrace), tok(Token::RBrace)),
            inner.clone().delimited_by(tok(Token::LBracket), tok(Token::RBracket)),
            inner.delimited_by(tok(Token::LParen), tok(Token::RParen)),
        ))
        .ignored()
    })
}

/// Recovery: skip the rest of a broken line (at least one token), taking groups whole, and stop
/// before a `}`, a block end directive, or a token that starts a new line.
pub(crate) fn skip_line<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
) -> impl Parser<'t, I, (), E> + Clone + Captures<'s> {
    let unit = skip_group().or(any()
        .filter(|t: &Tok<'s>| {
            !t.token.is_open_delim() && !t.token.is_close_delim() && !is_block_end(&t.token)
        })
        .ignored());
    let rest = any()
        .filter(|t: &Tok<'s>| !t.line_start && !matches!(t.token, Token::Semi | Token::Comma))
        .rewind()
        .ignore_then(unit.clone())
        .repeated();
    unit.then(rest).ignored()
}

/// Collects the `Some` outputs of a repeated parser whose failures were recovered as `None`,
/// without an intermediate vector.
pub(crate) struct Flat<T>(pub Vec<T>);

impl<T> FromIterator<Option<T>> for Flat<T> {
    fn from_iter<It: IntoIterator<Item = Option<T>>>(iter: It) -> Self {
        Flat(iter.into_iter().flatten().collect())
    }
}
