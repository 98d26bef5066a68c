//! The chumsky parser: balanced tokens in, a [`Module`] out, recovering at property, element
//! and top-level item boundaries so one run reports every independent error.
//!
//! - [`common`]: token helpers, names, separators and recovery parsers.
//! - [`values`]: property values and expressions.
//! - [`scripts`]: `@function`/`@script` headers around verbatim bodies.
//! - [`members`]: element bodies, styles, pseudo-states, `@for`/`@if`, `Define`.
//! - [`items`]: top-level items.

mod common;
mod items;
mod members;
mod scripts;
mod values;

use chumsky::error::{EmptyErr, RichPattern, RichReason};
use chumsky::input::{Checkpoint, Cursor};
use chumsky::inspector::Inspector;
use chumsky::prelude::*;

use super::ast::Module;
use super::token::{Tok, Token};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, TextRange};

pub(crate) type Span = SimpleSpan;
pub(crate) type Error<'t, 's> = Rich<'t, Tok<'s>, Span>;
pub(crate) type Extra<'t, 's> = extra::Full<Error<'t, 's>, ParseState, ()>;

/// Parser state: the file being parsed and diagnostics reported by parser actions (string
/// escapes, legacy templates, missing `@end`). Rewinding the parser drops diagnostics reported
/// by the abandoned branch.
#[derive(Debug)]
pub struct ParseState {
    pub file: FileId,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'src, I: Input<'src>> Inspector<'src, I> for ParseState {
    type Checkpoint = usize;
    fn on_token(&mut self, _: &I::Token) {}
    fn on_save<'parse>(&self, _: &Cursor<'src, 'parse, I>) -> usize {
        self.diagnostics.len()
    }
    fn on_rewind<'parse>(&mut self, marker: &Checkpoint<'src, 'parse, I, usize>) {
        self.diagnostics.truncate(*marker.inspector());
    }
}

/// A chumsky span as a byte range. A parser that consumed nothing can report a span that ends
/// before it starts (at the end of the previous token); that becomes an empty range there.
pub(crate) fn range(span: Span) -> TextRange {
    if span.start <= span.end {
        TextRange::new(span.start, span.end)
    } else {
        TextRange::empty(span.end)
    }
}

/// Parses a balanced token stream. Returns the module (with whatever could be recovered) and
/// every syntax diagnostic.
pub fn parse_tokens(
    file: FileId,
    tokens: &[Tok<'_>],
    ranges: &[TextRange],
    text_len: usize,
) -> (Module, Vec<Diagnostic>) {
    let pairs: Vec<(Tok<'_>, Span)> = tokens
        .iter()
        .zip(ranges)
        .map(|(t, r)| (*t, SimpleSpan::from(r.start as usize..r.end as usize)))
        .collect();
    let eoi = SimpleSpan::from(text_len..text_len);

    // Fast path: most files have no syntax errors, and a parse with an error type that records
    // nothing costs far less than one that collects what was expected at every failed branch.
    {
        let input = pairs.as_slice().split_token_span(eoi);
        let mut state = ParseState { file, diagnostics: Vec::new() };
        let (module, errors) = items::module::<_, extra::Full<EmptyErr, ParseState, ()>>()
            .parse_with_state(input, &mut state)
            .into_output_errors();
        if errors.is_empty() {
            if let Some(module) = module {
                return (module, state.diagnostics);
            }
        }
    }

    let input = pairs.as_slice().split_token_span(eoi);
    let mut state = ParseState { file, diagnostics: Vec::new() };
    let (module, errors) = items::module::<_, Extra<'_, '_>>()
        .parse_with_state(input, &mut state)
        .into_output_errors();
    let mut diagnostics = state.diagnostics;
    diagnostics.extend(errors.iter().map(|e| {
        let mut d = syntax_error(file, e);
        relocate_to_line_end(&mut d, tokens, ranges);
        d
    }));
    (module.unwrap_or_default(), diagnostics)
}

fn syntax_error(file: FileId, error: &Error<'_, '_>) -> Diagnostic {
    let span = range(*error.span());
    let found = match error.found() {
        Some(tok) => tok.token.describe(),
        None => "the end of the file".to_string(),
    };
    match error.reason() {
        RichReason::Custom(message) => Diagnostic::new(Code::UnexpectedToken, message.clone())
            .at(file, span)
            .with_primary_label(format!("found {found}")),
        RichReason::ExpectedFound { expected, .. } => {
            let mut names: Vec<String> = expected
                .iter()
                .filter_map(|p| match p {
                    // Operators could always continue a value; listing them only adds noise.
                    RichPattern::Token(t) if t.token.is_operator() => None,
                    RichPattern::Token(t) => Some(t.token.describe()),
                    RichPattern::Label(l) => Some(l.to_string()),
                    RichPattern::Identifier(i) => Some(format!("`{i}`")),
                    RichPattern::EndOfInput => Some("the end of the file".to_string()),
                    _ => None,
                })
                .collect();
            names.sort();
            names.dedup();
            let message = match names.len() {
                0 => format!("unexpected {found}"),
                1 => format!("expected {}, found {found}", names[0]),
                n => format!(
                    "expected {} or {}, found {found}",
                    names[..n - 1].join(", "),
                    names[n - 1]
                ),
            };
            let mut d = Diagnostic::new(Code::UnexpectedToken, message)
                .at(file, span)
                .with_primary_label(format!("unexpected {found}"));
            if let Some(help) = hint(error.found().map(|t| t.token), &names) {
                d = d.with_help(help);
            }
            d
        }
    }
}

/// When the unexpected token starts a new line, the problem is at the end of the previous line
/// (`width:` with no value): point there instead.
fn relocate_to_line_end(d: &mut Diagnostic, tokens: &[Tok<'_>], ranges: &[TextRange]) {
    let Some(span) = d.span else { return };
    let Ok(index) = ranges.binary_search_by_key(&span.range.start, |r| r.start) else { return };
    if index == 0 || !tokens[index].line_start || span.range.is_empty() {
        return;
    }
    let end = ranges[index - 1].end as usize;
    d.span = Some(crate::source::FileSpan::new(span.file, TextRange::new(end, end)));
    d.primary_label = Some("expected here".to_string());
    if let Some(found) = d.message.rsplit_once(", found ").map(|(_, f)| f.to_string()) {
        d.notes.push(format!("the next line starts with {found}"));
    }
}

/// A targeted hint for common mistakes.
fn hint(found: Option<Token<'_>>, expected: &[String]) -> Option<String> {
    let expects = |s: &str| expected.iter().any(|e| e == s);
    match found {
        Some(Token::Eq) if expects("`:`") => {
            Some("properties are written `name: value`, with a colon".into())
        }
        Some(Token::Ident(_) | Token::Number(_) | Token::Str(_)) if expects("`:`") => {
            Some("a property needs a `:` between its name and its value".into())
        }
        _ => None,
    }
}

/// Parses `text`, which sits at byte `start` of the file, as one value expression (the inside
/// of a `${...}` in a string). Single-quoted strings are taken as double-quoted ones (the
/// 2025 template engine's habit). Diagnostics point into the file; a value that does not
/// parse is reported and returned as [`ValueKind::Error`](super::ast::ValueKind::Error).
pub(crate) fn parse_embedded_value(
    file: FileId,
    text: &str,
    start: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> super::ast::Value {
    use super::ast::{Value, ValueKind};
    let error = Value { kind: ValueKind::Error, range: TextRange::new(start, start + text.len()) };
    // The lexer sees the text at its place in the file (so every position is right), with
    // `'...'` turned into `"..."` (same length).
    let mut shifted = " ".repeat(start);
    shifted.push_str(&single_to_double_quotes(text));
    let lexed = super::lexer::lex(file, &shifted);
    diagnostics.extend(lexed.diagnostics);
    let pairs: Vec<(Tok<'_>, Span)> = lexed
        .tokens
        .iter()
        .zip(&lexed.ranges)
        .filter(|(t, _)| t.token != Token::Error)
        .map(|(t, r)| (*t, SimpleSpan::from(r.start as usize..r.end as usize)))
        .collect();
    if pairs.is_empty() {
        diagnostics.push(
            Diagnostic::new(Code::InvalidInterpolation, "empty `${}` in a string")
                .at(file, error.range)
                .with_help("`${...}` holds a variable or an expression, like `${count}`"),
        );
        return error;
    }
    let eoi = SimpleSpan::from(shifted.len()..shifted.len());
    let input = pairs.as_slice().split_token_span(eoi);
    let mut state = ParseState { file, diagnostics: Vec::new() };
    let (value, errors) = values::value::<_, Extra<'_, '_>>()
        .then_ignore(end())
        .parse_with_state(input, &mut state)
        .into_output_errors();
    diagnostics.extend(state.diagnostics);
    diagnostics.extend(errors.iter().map(|e| syntax_error(file, e)));
    let mut value = value.unwrap_or(error);
    names_are_variables(&mut value);
    value
}

/// Inside `${...}` a bare name is a variable, as in the 2025 templates (`${count + 1}`,
/// `${open ? 'yes' : 'no'}`); quoted words stay text.
fn names_are_variables(value: &mut super::ast::Value) {
    use super::ast::ValueKind;
    match &mut value.kind {
        ValueKind::Word(w) if super::strings::is_var_path(w) => {
            value.kind = ValueKind::Var { path: w.to_string(), braced: false };
        }
        ValueKind::List(items) | ValueKind::Array(items) => {
            items.iter_mut().for_each(names_are_variables)
        }
        ValueKind::Call { args, .. } => args.iter_mut().for_each(names_are_variables),
        ValueKind::Unary { operand, .. } => names_are_variables(operand),
        ValueKind::Binary { lhs, rhs, .. } => {
            names_are_variables(lhs);
            names_are_variables(rhs);
        }
        ValueKind::Ternary { cond, then, otherwise } => {
            names_are_variables(cond);
            names_are_variables(then);
            names_are_variables(otherwise);
        }
        _ => {}
    }
}

/// `'text'` → `"text"` outside double-quoted strings, keeping every byte's position; a
/// single-quoted string holding a `"` is left as it is.
fn single_to_double_quotes(text: &str) -> String {
    let mut out = text.as_bytes().to_vec();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'\'' => {
                let close = bytes[i + 1..].iter().position(|&b| b == b'\'').map(|p| i + 1 + p);
                match close {
                    Some(c) if !bytes[i + 1..c].contains(&b'"') => {
                        out[i] = b'"';
                        out[c] = b'"';
                        i = c + 1;
                    }
                    _ => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}
