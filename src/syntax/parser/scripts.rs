//! Script headers: `@function "lang" name(params) { body }` (also `@func`, `@method`) and
//! `@script "lang" [name "x"] [mode m] { code }` / `@script "lang" from "file"`. The bodies are
//! single tokens captured verbatim by the lexer.

use chumsky::prelude::*;

use super::common::{name, string, tok, TokenInput};
use super::common::{Captures, KryExtra};
use super::{range, ParseState};
use crate::diagnostics::{Code, Diagnostic};
use crate::languages::ScriptLanguage;
use crate::source::TextRange;
use crate::syntax::ast::{
    FunctionDef, FunctionKeyword, LanguageTag, Name, ScriptBlock, ScriptBody, ScriptSource,
    StringLit,
};
use crate::syntax::token::{Tok, Token};

fn language_tag<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
) -> impl Parser<'t, I, LanguageTag, E> + Clone + Captures<'s> {
    string().map_with(|s: StringLit, e| {
        let language = ScriptLanguage::from_tag(&s.value);
        if language.is_none() {
            let state: &mut ParseState = e.state();
            let mut d = Diagnostic::new(
                Code::UnknownScriptLanguage,
                format!("unknown script language `{}`", s.value),
            )
            .at(state.file, s.range)
            .with_primary_label("not a script language")
            .with_help(format!(
                "the languages are {}",
                ScriptLanguage::ALL
                    .iter()
                    .map(|l| format!("\"{}\"", l.tag()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            if let Some(close) = crate::suggest::closest(&s.value, ScriptLanguage::all_tags()) {
                d = d.with_help(format!("did you mean \"{close}\"?"));
            }
            state.diagnostics.push(d);
        }
        LanguageTag { text: s.value.into(), range: s.range, language }
    })
}

fn body<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
) -> impl Parser<'t, I, ScriptBody, E> + Clone + Captures<'s> {
    select! { Tok { token: Token::ScriptBody(s), .. } = e => ScriptBody { text: s.to_string(), range: range(e.span()) } }
        .labelled("a script body")
        .delimited_by(tok(Token::LBrace), tok(Token::RBrace))
}

fn warn_missing_language(state: &mut super::ParseState, at: TextRange, what: &str) {
    state.diagnostics.push(
        Diagnostic::new(
            Code::MissingScriptLanguage,
            format!("{what} has no language tag; it runs in Lua"),
        )
        .at(state.file, at)
        .with_help(format!("write the language explicitly: `{what} \"lua\" ...`")),
    );
}

pub(crate) fn function_def<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
) -> impl Parser<'t, I, FunctionDef, E> + Clone + Captures<'s> {
    let keyword = select! {
        Tok { token: Token::Directive("function"), .. } => FunctionKeyword::Function,
        Tok { token: Token::Directive("func"), .. } => FunctionKeyword::Func,
        Tok { token: Token::Directive("method"), .. } => FunctionKeyword::Method,
    };
    let params = name()
        .separated_by(tok(Token::Comma))
        .allow_trailing()
        .collect::<Vec<Name>>()
        .delimited_by(tok(Token::LParen), tok(Token::RParen))
        .labelled("a parameter list");
    keyword
        .map_with(|k, e| (k, e.span()))
        .then(language_tag().or_not())
        .then(name().labelled("a function name"))
        .then(params)
        .then(body())
        .map_with(|(((((keyword, kw_span), language), name), params), body), e| {
            if language.is_none() {
                let spelled = match keyword {
                    FunctionKeyword::Function => "@function",
                    FunctionKeyword::Func => "@func",
                    FunctionKeyword::Method => "@method",
                };
                warn_missing_language(e.state(), range(kw_span), spelled);
            }
            FunctionDef { keyword, language, name, params, body, range: range(e.span()) }
        })
}

enum Attribute {
    Name(StringLit),
    Mode(Name),
}

pub(crate) fn script_block<'t, 's: 't, I: TokenInput<'t, 's>, E: KryExtra<'t, 's, I>>(
) -> impl Parser<'t, I, ScriptBlock, E> + Clone + Captures<'s> {
    let eq = tok(Token::Eq).or_not();
    let attr_name = any().filter(|t: &Tok<'s>| t.token == Token::Ident("name"));
    let attr_mode = any().filter(|t: &Tok<'s>| t.token == Token::Ident("mode"));
    let mode_value = name().or(string().map(|s| Name { text: s.value.into(), range: s.range }));
    let attribute = choice((
        attr_name.ignore_then(eq.clone()).ignore_then(string()).map(Attribute::Name),
        attr_mode
            .ignore_then(eq)
            .ignore_then(mode_value)
            .map_with(|mode: Name, e| {
                if !matches!(mode.text.as_str(), "embed" | "external" | "auto") {
                    let state: &mut ParseState = e.state();
                    state.diagnostics.push(
                        Diagnostic::new(
                            Code::InvalidScriptHeader,
                            format!("unknown script mode `{}`", mode.text),
                        )
                        .at(state.file, mode.range)
                        .with_help("the modes are embed, external and auto"),
                    );
                }
                mode
            })
            .map(Attribute::Mode),
    ))
    .labelled("a script attribute (`name` or `mode`)");
    let from = any()
        .filter(|t: &Tok<'s>| t.token == Token::Ident("from"))
        .ignore_then(string())
        .map(ScriptSource::File);
    let source = body().map(ScriptSource::Inline).or(from);

    any()
        .filter(|t: &Tok<'s>| matches!(t.token, Token::Directive("script" | "init")))
        .map_with(|t: Tok<'s>, e| (e.span(), t.token == Token::Directive("init")))
        .then(language_tag().or_not())
        .then(attribute.repeated().collect::<Vec<_>>())
        .then(source)
        .map_with(|((((kw_span, init), language), attributes), source), e| {
            // `@init { ... }` (2025 apps) is start-up code in the default VM: no tag needed.
            if language.is_none() && !init {
                warn_missing_language(e.state(), range(kw_span), "@script");
            }
            let mut block = ScriptBlock {
                language,
                name: None,
                mode: None,
                source,
                init,
                range: range(e.span()),
            };
            for attribute in attributes {
                match attribute {
                    Attribute::Name(n) => block.name = Some(n),
                    Attribute::Mode(m) => block.mode = Some(m),
                }
            }
            block
        })
}
