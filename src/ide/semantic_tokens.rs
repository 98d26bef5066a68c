//! Semantic tokens for the KRY parts of a file: directives and keywords, element names
//! (built-in ones as types, components as classes), property names, variables, strings,
//! numbers and colours, enum words, operators and comments. Script bodies get none: the
//! TextMate grammar scopes them as their own language.

use lsp_types::{SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokensLegend};

use super::position::position;
use crate::registry::elements::element;
use crate::source::{FileId, PositionEncoding, SourceFile, TextRange};
use crate::syntax::lexer::lex;
use crate::syntax::token::Token;

/// Token types, in legend order.
pub const TYPES: &[SemanticTokenType] = &[
    SemanticTokenType::KEYWORD,
    SemanticTokenType::TYPE,
    SemanticTokenType::CLASS,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::STRING,
    SemanticTokenType::NUMBER,
    SemanticTokenType::COMMENT,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::ENUM_MEMBER,
    SemanticTokenType::OPERATOR,
];

const KEYWORD: u32 = 0;
const TYPE: u32 = 1;
const CLASS: u32 = 2;
const PROPERTY: u32 = 3;
const VARIABLE: u32 = 4;
const STRING: u32 = 5;
const NUMBER: u32 = 6;
const COMMENT: u32 = 7;
const FUNCTION: u32 = 8;
const ENUM_MEMBER: u32 = 9;
const OPERATOR: u32 = 10;

/// Modifier bits: declaration (1), defaultLibrary (2).
pub const MODIFIERS: &[SemanticTokenModifier] =
    &[SemanticTokenModifier::DECLARATION, SemanticTokenModifier::DEFAULT_LIBRARY];
const DECLARATION: u32 = 1;
const DEFAULT_LIBRARY: u32 = 2;

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend { token_types: TYPES.to_vec(), token_modifiers: MODIFIERS.to_vec() }
}

/// The tokens of the whole file, delta-encoded as LSP sends them.
pub fn semantic_tokens(source: &SourceFile, encoding: PositionEncoding) -> Vec<SemanticToken> {
    let text = source.text();
    let lexed = lex(FileId(0), text);
    let tokens: Vec<_> = lexed.tokens.iter().map(|t| t.token).collect();
    let mut found: Vec<(TextRange, u32, u32)> = Vec::new();
    let mut in_variables = 0usize;
    let mut depth = 0usize;
    for (k, (&token, &range)) in tokens.iter().zip(&lexed.ranges).enumerate() {
        let next = tokens.get(k + 1).copied();
        let prev = k.checked_sub(1).map(|i| tokens[i]);
        let class = match token {
            Token::LBrace => {
                depth += 1;
                if prev == Some(Token::Directive("variables")) {
                    in_variables = depth;
                }
                None
            }
            Token::RBrace => {
                if depth == in_variables {
                    in_variables = 0;
                }
                depth = depth.saturating_sub(1);
                None
            }
            Token::Directive(_) => Some((KEYWORD, 0)),
            Token::Ident(word) => {
                Some(ident(word, prev, next, k, &tokens, depth == in_variables && in_variables > 0))
            }
            Token::Str(_) => Some((STRING, 0)),
            Token::Number(_) | Token::Color(_) => Some((NUMBER, 0)),
            Token::Var(_) | Token::BracedVar(_) => Some((VARIABLE, 0)),
            Token::EqEq
            | Token::NotEq
            | Token::Lt
            | Token::Le
            | Token::Gt
            | Token::Ge
            | Token::AndAnd
            | Token::OrOr
            | Token::Bang
            | Token::Question => Some((OPERATOR, 0)),
            _ => None,
        };
        if let Some((ty, modifiers)) = class {
            let range = crate::format::true_range(token, range);
            found.push((range, ty, modifiers));
        }
    }
    found.extend(lexed.comments.iter().map(|&c| (c, COMMENT, 0)));
    found.sort_by_key(|(r, _, _)| r.start);
    let mut out = Vec::with_capacity(found.len());
    let (mut last_line, mut last_start) = (0u32, 0u32);
    for (range, ty, modifiers) in found {
        let start = position(source, range.start as usize, encoding);
        let end = position(source, range.end as usize, encoding);
        if end.line != start.line || end.character <= start.character {
            continue;
        }
        let delta_line = start.line - last_line;
        let delta_start =
            if delta_line == 0 { start.character - last_start } else { start.character };
        out.push(SemanticToken {
            delta_line,
            delta_start,
            length: end.character - start.character,
            token_type: ty,
            token_modifiers_bitset: modifiers,
        });
        last_line = start.line;
        last_start = start.character;
    }
    out
}

fn ident(
    word: &str,
    prev: Option<Token<'_>>,
    next: Option<Token<'_>>,
    k: usize,
    tokens: &[Token<'_>],
    in_variables: bool,
) -> (u32, u32) {
    let after_header = k >= 2
        && matches!(tokens[k - 2], Token::Directive("function" | "func" | "method"))
        && matches!(prev, Some(Token::Str(_)));
    if after_header || matches!(prev, Some(Token::Directive("function" | "func" | "method"))) {
        return (FUNCTION, DECLARATION);
    }
    match (word, next) {
        ("style" | "font", Some(Token::Str(_))) => (KEYWORD, 0),
        ("Define", Some(Token::Ident(_))) => (KEYWORD, 0),
        ("Properties", Some(Token::LBrace)) => (KEYWORD, 0),
        ("true" | "false", _) => (KEYWORD, 0),
        ("in", _) if tokens[..k].iter().rev().take(4).any(|t| *t == Token::Directive("for")) => {
            (KEYWORD, 0)
        }
        ("from" | "mode" | "name", Some(Token::Str(_) | Token::Ident(_) | Token::Eq))
            if tokens[..k].iter().rev().take(6).any(|t| *t == Token::Directive("script")) =>
        {
            (KEYWORD, 0)
        }
        (_, Some(Token::Colon)) if in_variables => (VARIABLE, DECLARATION),
        (_, Some(Token::Colon | Token::Eq)) if prev == Some(Token::Directive("var")) => {
            (VARIABLE, DECLARATION)
        }
        (_, Some(Token::Colon)) => (PROPERTY, 0),
        (name, _) if prev == Some(Token::Ident("Define")) => {
            let _ = name;
            (CLASS, DECLARATION)
        }
        (name, Some(Token::LBrace | Token::Ident(_)))
            if name.starts_with(|c: char| c.is_ascii_uppercase()) =>
        {
            if element(name).is_some() {
                (TYPE, DEFAULT_LIBRARY)
            } else {
                (CLASS, 0)
            }
        }
        _ => (ENUM_MEMBER, 0),
    }
}
