//! Folding ranges: every block in braces that spans lines (elements, styles, components,
//! `@variables`, script bodies), `@for`/`@if` blocks to their `@end`, and runs of comment
//! lines.

use lsp_types::{FoldingRange, FoldingRangeKind};

use crate::source::{FileId, SourceFile};
use crate::syntax::lexer::lex;
use crate::syntax::token::Token;

pub fn folding_ranges(source: &SourceFile) -> Vec<FoldingRange> {
    let lexed = lex(FileId(0), source.text());
    let line = |offset: u32| source.line_index(offset as usize) as u32;
    let mut out = Vec::new();
    let mut open: Vec<(Token<'_>, u32)> = Vec::new();
    for (tok, range) in lexed.tokens.iter().zip(&lexed.ranges) {
        match tok.token {
            Token::LBrace | Token::Directive("for" | "if") => open.push((tok.token, range.start)),
            Token::RBrace | Token::Directive("end") => {
                let want_brace = tok.token == Token::RBrace;
                if let Some(i) = open.iter().rposition(|(t, _)| (*t == Token::LBrace) == want_brace)
                {
                    let (_, start) = open[i];
                    open.truncate(i);
                    let (first, last) = (line(start), line(range.start));
                    // The closing line stays visible.
                    if last > first + 1 || (last > first && !want_brace) {
                        out.push(fold(first, last - 1, None));
                    }
                }
            }
            _ => {}
        }
    }
    // Comment runs.
    let mut run: Option<(u32, u32)> = None;
    for c in &lexed.comments {
        let l = line(c.start);
        let own_line = source.line_text(l as usize).trim_start().starts_with(['#', '/']);
        match run {
            Some((first, last)) if own_line && l == last + 1 => run = Some((first, l)),
            _ => {
                if let Some((first, last)) = run.take() {
                    if last > first {
                        out.push(fold(first, last, Some(FoldingRangeKind::Comment)));
                    }
                }
                run = own_line.then_some((l, l));
            }
        }
    }
    if let Some((first, last)) = run {
        if last > first {
            out.push(fold(first, last, Some(FoldingRangeKind::Comment)));
        }
    }
    out.sort_by_key(|f| (f.start_line, f.end_line));
    out
}

fn fold(start: u32, end: u32, kind: Option<FoldingRangeKind>) -> FoldingRange {
    FoldingRange {
        start_line: start,
        start_character: None,
        end_line: end,
        end_character: None,
        kind,
        collapsed_text: None,
    }
}
