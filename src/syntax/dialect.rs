//! Recognises files written in the other languages that use the `.kry` extension, so they get
//! one clear error instead of a cascade of syntax errors.
//!
//! - 2025 "smart hybrid" KRY: `prop = value` at element level, `function "lua" f()` without
//!   `@`, `component Name(...)`.
//! - 2026 "Kry 0.1": `#import`, `screen` blocks.

use super::token::{Tok, Token};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, TextRange};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    SmartHybrid2025,
    Kry2026,
}

/// Returns the one diagnostic for a file in another dialect, or `None` for KRY 1.x.
pub fn detect(
    file: FileId,
    text: &str,
    tokens: &[Tok<'_>],
    ranges: &[TextRange],
    comments: &[TextRange],
) -> Option<Diagnostic> {
    let (dialect, range, evidence) = find_evidence(text, tokens, ranges, comments)?;
    let (name, help) = match dialect {
        Dialect::SmartHybrid2025 => (
            "the 2025 \"smart hybrid\" KRY dialect",
            "kryc compiles KRY 1.x: write properties as `name: value` with snake_case names (`background_color: \"#fff\"`), functions as `@function \"lua\" name() { ... }`, and components with `Define Name { Properties { ... } ... }`; `kryc explain K0108` shows how to port a file",
        ),
        Dialect::Kry2026 => (
            "the 2026 \"Kry 0.1\" language",
            "kryc compiles KRY 1.x, a different language that shares the `.kry` extension; this file needs the Kry 0.1 toolchain, or porting to KRY 1.x (`kryc explain K0108`)",
        ),
    };
    Some(
        Diagnostic::new(
            Code::ForeignDialect,
            format!("this file is written in {name}, not KRY 1.x"),
        )
        .at(file, range)
        .with_primary_label(evidence)
        .with_note(
            "kryc stopped checking this file here, to avoid reporting every line of it as an error",
        )
        .with_help(help),
    )
}

fn find_evidence(
    text: &str,
    tokens: &[Tok<'_>],
    ranges: &[TextRange],
    comments: &[TextRange],
) -> Option<(Dialect, TextRange, &'static str)> {
    let mut candidates: Vec<(Dialect, TextRange, &'static str)> = Vec::new();

    for &c in comments {
        let comment = &text[c.as_range()];
        let at_line_start =
            text[..c.start as usize].rsplit('\n').next().is_none_or(|l| l.trim().is_empty());
        if at_line_start && (comment.starts_with("#import ") || comment.starts_with("#import\"")) {
            candidates.push((Dialect::Kry2026, c, "`#import` belongs to Kry 0.1"));
            break;
        }
    }

    let mut depth = 0usize;
    // Depths at which a `Define` body is open: `name = value` is valid directly inside one.
    let mut define_depths: Vec<usize> = Vec::new();
    let mut assignments = 0usize;
    let mut colons = 0usize;
    let mut first_assignment: Option<TextRange> = None;
    for (i, tok) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1).map(|t| t.token);
        let next2 = tokens.get(i + 2).map(|t| t.token);
        match tok.token {
            Token::LBrace => {
                if i >= 2 && tokens[i - 2].token == Token::Ident("Define") {
                    define_depths.push(depth + 1);
                }
                depth += 1;
            }
            Token::RBrace => {
                if define_depths.last() == Some(&depth) {
                    define_depths.pop();
                }
                depth = depth.saturating_sub(1);
            }
            Token::Ident(word) if tok.line_start => match (word, next, next2) {
                ("function", Some(Token::Str(_)), _) => {
                    candidates.push((
                        Dialect::SmartHybrid2025,
                        ranges[i],
                        "`function` without `@`",
                    ));
                }
                ("component", Some(Token::Ident(_)), Some(Token::LParen | Token::LBrace)) => {
                    candidates.push((
                        Dialect::SmartHybrid2025,
                        ranges[i],
                        "`component` declarations are not KRY 1.x",
                    ));
                }
                ("screen", Some(Token::Ident(_) | Token::LBrace | Token::Str(_)), _)
                    if depth == 0 =>
                {
                    candidates.push((Dialect::Kry2026, ranges[i], "`screen` belongs to Kry 0.1"));
                }
                (_, Some(Token::Eq), _) if depth > 0 && define_depths.last() != Some(&depth) => {
                    assignments += 1;
                    first_assignment.get_or_insert(ranges[i].cover(ranges[i + 1]));
                }
                (_, Some(Token::Colon), _) if depth > 0 => colons += 1,
                _ => {}
            },
            _ => {}
        }
    }
    if assignments >= 2 && assignments > colons {
        if let Some(range) = first_assignment {
            candidates.push((Dialect::SmartHybrid2025, range, "`name = value` properties"));
        }
    }
    candidates.into_iter().min_by_key(|(_, r, _)| r.start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::lexer::lex;

    fn detect_in(src: &str) -> Option<Diagnostic> {
        let l = lex(FileId(0), src);
        detect(FileId(0), src, &l.tokens, &l.ranges, &l.comments)
    }

    #[test]
    fn kry1_is_not_flagged() {
        assert!(detect_in("App {\n  width: 10\n}\nDefine X {\n  a = 1\n  b = 2\n  Text { }\n}")
            .is_none());
        assert!(
            detect_in("App {\n  width = 10\n  height: 5\n}").is_none(),
            "one typo is not a dialect"
        );
    }

    #[test]
    fn smart_hybrid_is_flagged_once() {
        let d = detect_in("style \"b\" {\n  color = \"#fff\"\n  borderWidth = 1\n}\n").unwrap();
        assert_eq!(d.code, Code::ForeignDialect);
        assert!(detect_in("function \"lua\" f() {\n}\n").is_some());
        assert!(detect_in("component Counter(value = 0) {\n}\n").is_some());
    }

    #[test]
    fn kry_2026_is_flagged() {
        let d = detect_in("#import \"x\"\nscreen Main {\n}\n").unwrap();
        assert!(d.message.contains("2026"));
    }
}
