//! The KRY front end: lexing, dialect detection, delimiter balancing and parsing of one file.
//!
//! Pipeline for one file (see [`parse_file`]):
//! 1. [`lexer`] turns text into [`token`]s (script bodies become single tokens, using
//!    [`script_scan`] to find where each body ends);
//! 2. [`dialect`] stops early, with one error, on files written in another KRY dialect;
//! 3. [`delimiters`] reports unclosed and stray delimiters and balances the stream;
//! 4. [`parser`] (chumsky) builds the [`ast`], recovering at property, element and item
//!    boundaries.

pub mod ast;
pub mod delimiters;
pub mod dialect;
pub mod lexer;
pub mod parser;
pub mod script_scan;
pub mod strings;
pub mod token;

use crate::diagnostics::Diagnostic;
use crate::source::{FileId, SourceFile};
use ast::Module;

/// The syntax tree of one file and the diagnostics found while building it.
#[derive(Debug, Clone, Default)]
pub struct ParsedFile {
    pub module: Module,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one file. Never fails and never panics: problems become diagnostics.
pub fn parse_file(file: FileId, source: &SourceFile) -> ParsedFile {
    let text = source.text();
    let lexed = lexer::lex(file, text);
    if let Some(foreign) =
        dialect::detect(file, text, &lexed.tokens, &lexed.ranges, &lexed.comments)
    {
        return ParsedFile { module: Module::default(), diagnostics: vec![foreign] };
    }
    let mut diagnostics = lexed.diagnostics;
    // Tokens the lexer already reported as invalid are left out, so they cause no second error.
    let (valid_tokens, valid_ranges): (Vec<_>, Vec<_>) = lexed
        .tokens
        .iter()
        .zip(&lexed.ranges)
        .filter(|(t, _)| t.token != token::Token::Error)
        .map(|(t, r)| (*t, *r))
        .unzip();
    let (tokens, ranges, delimiter_diagnostics) =
        delimiters::balance(file, source, &valid_tokens, &valid_ranges);
    diagnostics.extend(delimiter_diagnostics);
    let (module, parse_diagnostics) = parser::parse_tokens(file, &tokens, &ranges, text.len());
    diagnostics.extend(parse_diagnostics);
    ParsedFile { module, diagnostics }
}
