//! The KRY formatter that `kryc fmt` and the language server share.
//!
//! It re-prints the file's own tokens and comments, in their order, and decides only the
//! white space between them: [`layout`] walks the syntax tree and says where a line must
//! break (one member per line, blank lines between top-level items, the closing `}` on its
//! own line) and which member separators (`;`, `,`) go; [`printer`] writes the tokens with
//! that layout, keeping comments where they were (on their own line or after code) and
//! line breaks inside values (a multi-line array stays multi-line). Script bodies are single
//! tokens, written byte for byte.
//!
//! Formatting never changes meaning: [`verify`] parses the result and compares its syntax
//! tree with the original's (positions aside) and its comments with the original's; when
//! anything differs the file is not formatted. A file with syntax errors is not formatted
//! either: its diagnostics are returned instead.

mod layout;
mod printer;
mod verify;

use crate::diagnostics::{Diagnostic, Severity};
use crate::source::{FileId, SourceFile};
use crate::syntax::token::Token;
use crate::syntax::{lexer, parse_file};

/// Why a file was left as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The file has syntax errors (these diagnostics); it is not formatted.
    Syntax(Vec<Diagnostic>),
    /// The formatted text would not mean what the file means (a formatter bug): the reason.
    Unsafe(String),
}

/// Formats one file. The result ends with one line break; line breaks are `\r\n` when the
/// file's first line ends so.
pub fn format(file: FileId, source: &SourceFile) -> Result<String, FormatError> {
    let parsed = parse_file(file, source);
    let errors: Vec<Diagnostic> =
        parsed.diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
    if !errors.is_empty() {
        return Err(FormatError::Syntax(errors));
    }
    let text = source.text();
    let lexed = lexer::lex(file, text);
    let tokens: Vec<_> = lexed
        .tokens
        .iter()
        .zip(&lexed.ranges)
        .filter(|(t, _)| t.token != Token::Error)
        .map(|(t, r)| (t.token, true_range(t.token, *r)))
        .collect();
    let marks = layout::layout(&parsed.module, &tokens, &lexed.comments, text);
    let newline =
        if text.split('\n').next().is_some_and(|l| l.ends_with('\r')) && text.contains('\n') {
            "\r\n"
        } else {
            "\n"
        };
    let formatted = printer::print(text, &tokens, &lexed.comments, &marks, newline);
    verify::same_meaning(file, source, &parsed.module, &lexed.comments, &formatted)
        .map_err(FormatError::Unsafe)?;
    Ok(formatted)
}

/// The range of a token's whole text (the lexer gives a colour the range of its `#`).
pub(crate) fn true_range(
    token: Token<'_>,
    range: crate::source::TextRange,
) -> crate::source::TextRange {
    match token {
        Token::Color(s) => {
            crate::source::TextRange::new(range.start as usize, range.start as usize + s.len())
        }
        _ => range,
    }
}

/// Formats `text` as a file of its own (for tests and tools that hold no [`SourceFile`]).
pub fn format_text(name: &str, text: &str) -> Result<String, FormatError> {
    format(FileId(0), &SourceFile::new(name, text))
}

#[cfg(test)]
mod tests;
