//! The lexer driver: runs the logos automaton and finishes what it cannot decide.
//!
//! - `#` followed by 3, 4, 6 or 8 hex digits and a delimiter, in value position, is a colour;
//!   any other `#` starts a comment.
//! - After an `@function`/`@func`/`@method`/`@script` header, the `{` opens a script body. Its
//!   end is found with the string and comment rules of the body's language
//!   ([`super::script_scan`]) and the body becomes one [`Token::ScriptBody`].
//! - Each token records whether it starts a line: properties are separated by line breaks.

use logos::Logos;

use super::script_scan::{self, ScanError};
use super::token::{RawToken, Tok, Token};
use crate::diagnostics::{Code, Diagnostic};
use crate::languages::ScriptLanguage;
use crate::source::{FileId, TextRange};

/// The units a number may carry.
pub const UNITS: &[&str] = &["px", "%", "em", "rem", "vw", "vh", "deg", "rad", "turn"];

/// The output of [`lex`]: tokens with their byte ranges, comment ranges and lexical errors.
#[derive(Debug, Default)]
pub struct Lexed<'s> {
    pub tokens: Vec<Tok<'s>>,
    pub ranges: Vec<TextRange>,
    /// Byte ranges of `#` and `//` comments, in order.
    pub comments: Vec<TextRange>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'s> Lexed<'s> {
    fn push(&mut self, token: Token<'s>, range: TextRange, text: &str) {
        let line_start = match self.ranges.last() {
            None => true,
            Some(prev) => text.as_bytes()[prev.end as usize..range.start as usize].contains(&b'\n'),
        };
        self.tokens.push(Tok { token, line_start });
        self.ranges.push(range);
    }

    fn last_token(&self) -> Option<Token<'s>> {
        self.tokens.last().map(|t| t.token)
    }
}

/// Where the lexer is in a script header (`@function "lua" name(a) {`).
#[derive(Debug, Clone, Copy)]
enum ScriptHeader {
    None,
    /// Inside a header: the language tag seen so far, open parentheses, whether `from` was seen.
    Open {
        language: Option<ScriptLanguage>,
        tagged: bool,
        parens: u32,
        from: bool,
        tokens: u32,
    },
}

/// Splits `text` into tokens. Never fails: problems become diagnostics and the lexer goes on.
pub fn lex(file: FileId, text: &str) -> Lexed<'_> {
    let mut out = Lexed::default();
    let mut lexer = RawToken::lexer(text);
    let mut header = ScriptHeader::None;

    while let Some(raw) = lexer.next() {
        let span = lexer.span();
        let range = TextRange::new(span.start, span.end);
        let slice = &text[span.clone()];
        let Ok(raw) = raw else {
            let ch = slice.chars().next().unwrap_or('?');
            out.diagnostics.push(
                Diagnostic::new(Code::UnexpectedCharacter, format!("unexpected character `{ch}`"))
                    .at(file, range)
                    .with_primary_label("not valid here")
                    .with_help(unexpected_char_help(ch)),
            );
            out.push(Token::Error, range, text);
            continue;
        };
        let token = match raw {
            RawToken::LineComment => {
                out.comments.push(range);
                continue;
            }
            RawToken::Hash => {
                let rest = &text.as_bytes()[span.end..];
                let hex = rest.iter().take_while(|b| b.is_ascii_hexdigit()).count();
                let delimited = rest.get(hex).is_none_or(|b| {
                    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b';' | b',' | b'}' | b']' | b')')
                });
                if matches!(hex, 3 | 4 | 6 | 8) && delimited && in_value_position(&out, range, text)
                {
                    lexer.bump(hex);
                    Token::Color(&text[span.start..span.end + hex])
                } else {
                    let len = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
                    lexer.bump(len);
                    out.comments.push(TextRange::new(span.start, span.end + len));
                    continue;
                }
            }
            RawToken::Ident => Token::Ident(slice),
            RawToken::Number => {
                check_number(file, slice, range, &mut out.diagnostics);
                Token::Number(slice)
            }
            RawToken::String => Token::Str(slice),
            RawToken::UnterminatedString => {
                let rest = &text[span.end..];
                let len = rest.find('\n').unwrap_or(rest.len());
                let len = rest[..len].trim_end_matches('\r').len();
                lexer.bump(len);
                let range = TextRange::new(span.start, span.end + len);
                out.diagnostics.push(
                    Diagnostic::new(Code::UnterminatedString, "unterminated string")
                        .at(file, TextRange::new(span.start, span.end))
                        .with_primary_label("this string is never closed")
                        .with_help("strings end on the line they start on: close it with `\"`, and write `\\n` for a line break inside the text"),
                );
                Token::Str(&text[range.as_range()])
            }
            RawToken::Var => Token::Var(&slice[1..]),
            RawToken::BracedVar => Token::BracedVar(&slice[2..slice.len() - 1]),
            RawToken::Dollar => {
                out.diagnostics.push(
                    Diagnostic::new(Code::UnexpectedCharacter, "`$` must be followed by a variable name")
                        .at(file, range)
                        .with_help("write `$name` or `${name}`; inside a string, `\\$` is a literal dollar sign"),
                );
                Token::Error
            }
            RawToken::Directive => Token::Directive(&slice[1..]),
            RawToken::LBrace => Token::LBrace,
            RawToken::RBrace => Token::RBrace,
            RawToken::LBracket => Token::LBracket,
            RawToken::RBracket => Token::RBracket,
            RawToken::LParen => Token::LParen,
            RawToken::RParen => Token::RParen,
            RawToken::Colon => Token::Colon,
            RawToken::Semi => Token::Semi,
            RawToken::Comma => Token::Comma,
            RawToken::Eq => Token::Eq,
            RawToken::EqEq => Token::EqEq,
            RawToken::NotEq => Token::NotEq,
            RawToken::Lt => Token::Lt,
            RawToken::Le => Token::Le,
            RawToken::Gt => Token::Gt,
            RawToken::Ge => Token::Ge,
            RawToken::AndAnd => Token::AndAnd,
            RawToken::OrOr => Token::OrOr,
            RawToken::Bang => Token::Bang,
            RawToken::Question => Token::Question,
            RawToken::Plus => Token::Plus,
            RawToken::Amp => Token::Amp,
            RawToken::Dot => Token::Dot,
        };

        // Track script headers so the `{` after one opens a verbatim body.
        let starts_line = out.ranges.last().is_none_or(|prev| {
            text.as_bytes()[prev.end as usize..range.start as usize].contains(&b'\n')
        });
        header = match (header, token) {
            (_, Token::Directive(name)) if is_script_directive(name) => ScriptHeader::Open {
                language: None,
                tagged: false,
                parens: 0,
                from: false,
                tokens: 0,
            },
            (ScriptHeader::Open { parens: 0, language, tagged, .. }, Token::LBrace) => {
                out.push(Token::LBrace, range, text);
                let language = language.unwrap_or(if tagged {
                    // An unknown tag is reported by the parser; C-like rules are the safest guess.
                    ScriptLanguage::JavaScript
                } else {
                    ScriptLanguage::Lua
                });
                let body_start = span.end;
                let close = match script_scan::find_body_end(language, text, body_start) {
                    Ok(close) => close,
                    Err(error) => {
                        let close = recover_body_end(text, body_start);
                        out.diagnostics
                            .push(unterminated_body(file, language, range, error, close, text));
                        close
                    }
                };
                out.push(
                    Token::ScriptBody(&text[body_start..close]),
                    TextRange::new(body_start, close),
                    text,
                );
                if close < text.len() {
                    out.push(Token::RBrace, TextRange::new(close, close + 1), text);
                    lexer.bump(close + 1 - body_start);
                } else {
                    lexer.bump(close - body_start);
                }
                header = ScriptHeader::None;
                continue;
            }
            (ScriptHeader::Open { parens: 0, tokens, .. }, Token::Colon)
                if tokens > 0 && rest_of_line_is_blank(text, span.end) =>
            {
                // `@function "python" f():` and an indented block: the body a Python writer
                // means. Reported, then taken as the body so the rest of the file (and the
                // body itself) is still checked.
                let close = indented_block_end(text, span.end);
                out.diagnostics.push(colon_body(file, range, close, text));
                out.push(Token::LBrace, range, text);
                let body = TextRange::new(span.end, close);
                out.push(Token::ScriptBody(&text[span.end..close]), body, text);
                out.push(Token::RBrace, TextRange::new(close, close), text);
                lexer.bump(close - span.end);
                header = ScriptHeader::None;
                continue;
            }
            (ScriptHeader::Open { tokens, .. }, _) if starts_line && tokens > 0 => {
                ScriptHeader::None
            }
            (ScriptHeader::Open { language, tagged, parens, from, tokens }, token) => {
                let mut next =
                    ScriptHeader::Open { language, tagged, parens, from, tokens: tokens + 1 };
                if let ScriptHeader::Open { language, tagged, parens, from, .. } = &mut next {
                    match token {
                        Token::Str(s) if tokens == 0 => {
                            *tagged = true;
                            *language = ScriptLanguage::from_tag(s.trim_matches('"'));
                        }
                        Token::LParen => *parens += 1,
                        Token::RParen => *parens = parens.saturating_sub(1),
                        Token::Ident("from") => *from = true,
                        Token::Str(_) if *from => next = ScriptHeader::None,
                        _ => {}
                    }
                }
                next
            }
            (ScriptHeader::None, _) => ScriptHeader::None,
        };
        out.push(token, range, text);
    }
    out
}

fn is_script_directive(name: &str) -> bool {
    matches!(name, "function" | "func" | "method" | "script" | "init")
}

/// `#` is a colour only where a value can appear.
fn in_value_position(out: &Lexed<'_>, hash: TextRange, text: &str) -> bool {
    let Some(prev) = out.last_token() else { return false };
    let prev_range = out.ranges[out.ranges.len() - 1];
    let same_line = !text.as_bytes()[prev_range.end as usize..hash.start as usize].contains(&b'\n');
    match prev {
        t if t.is_operator() => true,
        Token::Colon | Token::Eq | Token::Comma | Token::LBracket => true,
        Token::Number(_)
        | Token::Str(_)
        | Token::Color(_)
        | Token::Ident(_)
        | Token::Var(_)
        | Token::BracedVar(_)
        | Token::RBracket
        | Token::RParen => same_line,
        _ => false,
    }
}

fn check_number(file: FileId, slice: &str, range: TextRange, diagnostics: &mut Vec<Diagnostic>) {
    let digits = slice.trim_start_matches('-');
    let unit_start =
        digits.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(digits.len());
    let unit = &digits[unit_start..];
    if !unit.is_empty() && !UNITS.contains(&unit) {
        let offset = slice.len() - digits.len() + unit_start;
        let unit_range = TextRange::new(range.start as usize + offset, range.end as usize);
        let mut d = Diagnostic::new(Code::InvalidNumber, format!("unknown unit `{unit}`"))
            .at(file, unit_range)
            .with_primary_label("not a unit")
            .with_help(format!("the units are {}", UNITS.join(", ")));
        if let Some(close) = crate::suggest::closest(unit, UNITS.iter().copied()) {
            d = d.with_help(format!("did you mean `{close}`?"));
        }
        diagnostics.push(d);
    }
}

fn unexpected_char_help(ch: char) -> String {
    match ch {
        '\'' => "strings use double quotes: `\"text\"`".to_string(),
        '`' => "strings use double quotes: `\"text\"`".to_string(),
        '/' => "comments start with `//` or `#`".to_string(),
        _ => "remove it, or put it inside a string".to_string(),
    }
}

/// When a body's language rules never find its end, end it at the first line that holds only a
/// `}` indented no deeper than the line that opened it, so the rest of the file still parses.
fn recover_body_end(text: &str, body_start: usize) -> usize {
    let header_indent = indent_width(line_from(text, body_start));
    let mut offset = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        if offset != body_start && line.trim() == "}" && indent_width(line) <= header_indent {
            return offset + line.find('}').unwrap_or(0);
        }
        offset += line.len();
    }
    text.len()
}

/// Whether only spaces, a `#` comment or nothing follow `at` on its line.
fn rest_of_line_is_blank(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let line = line.trim();
    line.is_empty() || line.starts_with('#')
}

/// The end of the block indented under the line that holds `at` (the end of its last line of
/// code): the lines after it that are blank, comments or indented deeper.
fn indented_block_end(text: &str, at: usize) -> usize {
    let header_indent = indent_width(line_from(text, at));
    let Some(newline) = text[at..].find('\n').map(|i| at + i) else { return text.len() };
    let mut end = newline;
    let mut offset = newline + 1;
    for line in text[offset..].split_inclusive('\n') {
        let content = line.trim();
        // Comment lines do not end the block, as in Python.
        if !content.is_empty() && !content.starts_with('#') {
            if indent_width(line) <= header_indent {
                break;
            }
            end = offset + line.trim_end_matches(['\r', '\n']).len();
        }
        offset += line.len();
    }
    end
}

/// A Python-style `:` after a script header instead of `{`, with the fix that adds the braces.
fn colon_body(file: FileId, colon: TextRange, close: usize, text: &str) -> Diagnostic {
    use crate::diagnostics::{Applicability, Edit, Fix};
    use crate::source::FileSpan;
    let last_line = text[..close].matches('\n').count() + 1;
    let header = line_from(text, colon.start as usize);
    let indent = &header[..header.len() - header.trim_start_matches([' ', '\t']).len()];
    let edit = |range: TextRange, replacement: String| Edit {
        span: FileSpan::new(file, range),
        replacement,
    };
    Diagnostic::new(Code::UnexpectedToken, "expected `{`, found `:`")
        .at(file, colon)
        .with_primary_label("a script body starts with `{`, in every language")
        .with_help(format!(
            "write the body in braces: `{{` here and a `}}` on its own line after line \
             {last_line}; the code inside keeps its indentation"
        ))
        .with_note("kryc took the indented lines after it as the body, so they are still checked")
        .with_fix(Fix {
            message: "put the body in braces".to_string(),
            applicability: Applicability::MachineApplicable,
            edits: vec![
                edit(colon, " {".to_string()),
                edit(TextRange::new(close, close), format!("\n{indent}}}")),
            ],
        })
}

/// The text from the start of the line that holds `at`.
fn line_from(text: &str, at: usize) -> &str {
    &text[text[..at].rfind('\n').map_or(0, |i| i + 1)..]
}

fn indent_width(line: &str) -> usize {
    line.chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

fn unterminated_body(
    file: FileId,
    language: ScriptLanguage,
    open: TextRange,
    error: ScanError,
    recovered_at: usize,
    text: &str,
) -> Diagnostic {
    let what = error.kind.describe();
    let mut d = Diagnostic::new(
        Code::UnterminatedScriptBody,
        format!("this {} body never ends", language.display_name()),
    )
    .at(file, open)
    .with_primary_label("the body opened here has no closing `}`");
    let at = error.at.min(text.len());
    if at != open.start as usize {
        d = d.with_label(
            crate::source::FileSpan::new(file, TextRange::new(at, (at + 1).min(text.len()))),
            format!("this {what} is never closed, so everything after it is part of it"),
        );
    }
    if recovered_at < text.len() {
        d = d.with_note(format!(
            "kryc assumed the body ends at the `}}` on line {}, so that the rest of the file could be checked",
            text[..recovered_at].matches('\n').count() + 1
        ));
    }
    d.with_help(format!("close the {what}, or add the `}}` that ends the body"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Token<'_>> {
        lex(FileId(0), src).tokens.into_iter().map(|t| t.token).collect()
    }

    #[test]
    fn a_python_colon_header_takes_the_indented_block_as_the_body() {
        let src = "@function \"python\" f(a):\n    x = 1\n\n    if x:\n        y()\nApp { }";
        let lexed = lex(FileId(0), src);
        assert_eq!(lexed.diagnostics.len(), 1);
        assert_eq!(lexed.diagnostics[0].span.map(|s| s.range.start), Some(23));
        let body = lexed.tokens.iter().find_map(|t| match t.token {
            Token::ScriptBody(b) => Some(b),
            _ => None,
        });
        assert_eq!(body, Some("\n    x = 1\n\n    if x:\n        y()"));
        assert_eq!(lexed.tokens.last().map(|t| t.token), Some(Token::RBrace));
        assert!(kinds("@function \"lua\" f() {}\nApp { a: 1 }").contains(&Token::Colon));
    }

    #[test]
    fn hash_is_a_colour_only_in_value_position() {
        assert_eq!(
            kinds("a: #fff # comment\n#add more\nb: #12345 is a comment"),
            vec![
                Token::Ident("a"),
                Token::Colon,
                Token::Color("#fff"),
                Token::Ident("b"),
                Token::Colon,
            ]
        );
        assert_eq!(kinds("border: 1 solid #FF0000AA;")[4], Token::Color("#FF0000AA"));
    }

    #[test]
    fn tokens_know_when_they_start_a_line() {
        let lexed = lex(FileId(0), "a: 1 2\nb: 3");
        let starts: Vec<bool> = lexed.tokens.iter().map(|t| t.line_start).collect();
        assert_eq!(starts, vec![true, false, false, false, true, false, false]);
    }

    #[test]
    fn script_bodies_are_single_tokens() {
        let src = "@function \"lua\" f(a) { local s = \"}\" }\nApp { }";
        let toks = kinds(src);
        assert!(toks.contains(&Token::ScriptBody(" local s = \"}\" ")), "{toks:?}");
        assert_eq!(&toks[toks.len() - 3..], &[Token::Ident("App"), Token::LBrace, Token::RBrace]);
    }

    #[test]
    fn script_from_file_has_no_body() {
        let toks = kinds("@script \"lua\" from \"a.lua\"\nApp { }");
        assert!(!toks.iter().any(|t| matches!(t, Token::ScriptBody(_))));
    }

    #[test]
    fn unterminated_string_stops_at_line_end() {
        let lexed = lex(FileId(0), "a: \"abc\nb: 1");
        assert_eq!(lexed.diagnostics.len(), 1);
        assert_eq!(lexed.diagnostics[0].code, Code::UnterminatedString);
        assert_eq!(lexed.tokens[2].token, Token::Str("\"abc"));
        assert_eq!(lexed.tokens[3].token, Token::Ident("b"));
    }

    #[test]
    fn units_are_checked() {
        let lexed = lex(FileId(0), "a: 12pt 3px 50%");
        assert_eq!(lexed.diagnostics.len(), 1);
        assert_eq!(lexed.diagnostics[0].code, Code::InvalidNumber);
    }
}
