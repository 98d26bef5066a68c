//! Delimiter balancing, run on the token stream before parsing.
//!
//! The parser only ever sees balanced `{}`, `[]` and `()`: this pass reports unclosed and stray
//! delimiters (each once) and repairs the stream with zero-width closers or by dropping a stray
//! closer. When the file ends with blocks still open, the indentation decides which block was
//! left unclosed (a line indented no deeper than an open block's first line cannot be inside
//! it), so the error points at the real culprit and the rest of the file parses as intended.

use super::token::{Tok, Token};
use crate::diagnostics::{Applicability, Code, Diagnostic, Edit, Fix};
use crate::source::{FileId, FileSpan, SourceFile, TextRange};

struct Open {
    /// Index of the opener in the input token list.
    index: usize,
    token: Token<'static>,
    line: usize,
    indent: usize,
}

struct Outcome<'s> {
    tokens: Vec<Tok<'s>>,
    ranges: Vec<TextRange>,
    diagnostics: Vec<Diagnostic>,
    /// Openers closed early because of indentation, with the line where their block ended.
    closed_by_indent: Vec<(usize, usize)>,
    /// Openers still open at the end of the file (innermost last).
    open_at_eof: Vec<usize>,
}

/// Balances `tokens`; returns the repaired stream and the delimiter diagnostics.
pub fn balance<'s>(
    file: FileId,
    source: &SourceFile,
    tokens: &[Tok<'s>],
    ranges: &[TextRange],
) -> (Vec<Tok<'s>>, Vec<TextRange>, Vec<Diagnostic>) {
    let structural = run(file, source, tokens, ranges, 0);
    let missing = structural.open_at_eof.len();
    if missing == 0 {
        return (structural.tokens, structural.ranges, structural.diagnostics);
    }
    // Replay with the indentation heuristic, allowed to close exactly `missing` blocks early.
    // Use it only if it does not create stray closers the structural reading did not have.
    let guided = run(file, source, tokens, ranges, missing);
    let chosen =
        if guided.diagnostics.len() <= structural.diagnostics.len() { guided } else { structural };
    let mut diagnostics = chosen.diagnostics;
    diagnostics.push(unclosed_at_eof(
        file,
        source,
        tokens,
        ranges,
        &chosen.closed_by_indent,
        &chosen.open_at_eof,
    ));
    (chosen.tokens, chosen.ranges, diagnostics)
}

fn run<'s>(
    file: FileId,
    source: &SourceFile,
    tokens: &[Tok<'s>],
    ranges: &[TextRange],
    mut budget: usize,
) -> Outcome<'s> {
    let mut out = Outcome {
        tokens: Vec::with_capacity(tokens.len() + 4),
        ranges: Vec::with_capacity(tokens.len() + 4),
        diagnostics: Vec::new(),
        closed_by_indent: Vec::new(),
        open_at_eof: Vec::new(),
    };
    let mut stack: Vec<Open> = Vec::new();

    for (i, (tok, &range)) in tokens.iter().zip(ranges).enumerate() {
        let line = source.line_index(range.start as usize);
        if budget > 0 && tok.line_start {
            let indent = source.indentation(line);
            // Close blocks that this line cannot belong to.
            while budget > 0 {
                let Some(top) = stack.last() else { break };
                let outside = if tok.token == Token::RBrace {
                    indent < top.indent
                } else {
                    indent <= top.indent
                };
                if top.token != Token::LBrace || top.line >= line || !outside {
                    break;
                }
                let top = stack.pop().expect("checked above");
                out.closed_by_indent.push((top.index, line));
                push_virtual(&mut out, Token::RBrace);
                budget -= 1;
            }
        }
        match tok.token {
            t if t.is_open_delim() => {
                let token = match t {
                    Token::LBrace => Token::LBrace,
                    Token::LBracket => Token::LBracket,
                    _ => Token::LParen,
                };
                stack.push(Open { index: i, token, line, indent: source.indentation(line) });
            }
            t if t.is_close_delim() => {
                let matches_top = stack.last().is_some_and(|o| o.token.closer() == Some(t));
                if !matches_top {
                    if let Some(depth) = stack.iter().rposition(|o| o.token.closer() == Some(t)) {
                        // Everything opened above the matching opener is unclosed.
                        while stack.len() > depth + 1 {
                            let inner = stack.pop().expect("len checked");
                            out.diagnostics
                                .push(unclosed_before(file, tokens, ranges, &inner, t, range));
                            let closer = inner.token.closer().expect("openers have closers");
                            push_virtual(&mut out, closer);
                        }
                    } else {
                        out.diagnostics.push(stray(file, t, range, stack.last(), ranges));
                        continue;
                    }
                }
                stack.pop();
            }
            _ => {}
        }
        out.tokens.push(*tok);
        out.ranges.push(range);
    }
    for open in stack.iter().rev() {
        let closer = open.token.closer().expect("openers have closers");
        out.tokens.push(Tok::of(closer));
        let end = source.text().len();
        out.ranges.push(TextRange::new(end, end));
    }
    out.open_at_eof = stack.iter().map(|o| o.index).collect();
    out
}

fn push_virtual(out: &mut Outcome<'_>, token: Token<'static>) {
    let at = out.ranges.last().map_or(0, |r| r.end as usize);
    out.tokens.push(Tok::of(token));
    out.ranges.push(TextRange::new(at, at));
}

/// Names what an opener opens, for messages: "the `Text` element", "this `[`".
fn describe_opener(tokens: &[Tok<'_>], index: usize) -> String {
    let word = |i: usize| match tokens.get(i).map(|t| t.token) {
        Some(Token::Ident(s)) => Some(s),
        _ => None,
    };
    match tokens[index].token {
        Token::LBrace if index > 0 => {
            match (index.checked_sub(2).and_then(word), word(index - 1)) {
                (Some("style"), _) | (Some("Define"), _) | (_, Some("Properties")) => {
                    format!(
                        "this block (`{}`)",
                        word(index - 1).or(index.checked_sub(2).and_then(word)).unwrap_or("{")
                    )
                }
                (Some(element), Some(_)) if element.starts_with(char::is_uppercase) => {
                    format!("the `{element}` element")
                }
                (_, Some(element)) if element.starts_with(char::is_uppercase) => {
                    format!("the `{element}` element")
                }
                _ => "this block".to_string(),
            }
        }
        Token::LBracket => "this array".to_string(),
        Token::LParen => "this `(`".to_string(),
        _ => "this block".to_string(),
    }
}

fn unclosed_at_eof(
    file: FileId,
    source: &SourceFile,
    tokens: &[Tok<'_>],
    ranges: &[TextRange],
    closed_by_indent: &[(usize, usize)],
    open_at_eof: &[usize],
) -> Diagnostic {
    let total = closed_by_indent.len() + open_at_eof.len();
    let span = |i: usize| FileSpan::new(file, ranges[i]);
    let message = if total == 1 {
        "this file contains an unclosed delimiter".to_string()
    } else {
        format!("this file contains {total} unclosed delimiters")
    };
    let mut d = Diagnostic::new(Code::UnclosedDelimiter, message);
    let eof = source.text().len();
    if let Some(&(index, line)) = closed_by_indent.first() {
        let what = describe_opener(tokens, index);
        d = d
            .with_span(span(index))
            .with_primary_label(format!("{what} is never closed"))
            .with_label(
                FileSpan::new(
                    file,
                    TextRange::empty(source.line_start(line) + indent_bytes(source, line)),
                ),
                format!("the indentation shows that {what} ends before this line"),
            );
        let indent = source.line_text(source.line_index(ranges[index].start as usize));
        let indent: String = indent.chars().take_while(|c| c.is_whitespace()).collect();
        d = d.with_help(format!("add a `}}` to close {what}")).with_fix(Fix {
            message: format!("close {what} where its block ends"),
            applicability: Applicability::MaybeIncorrect,
            edits: vec![Edit {
                span: FileSpan::new(file, TextRange::empty(source.line_start(line))),
                replacement: format!("{indent}}}\n"),
            }],
        });
        for &(other, _) in &closed_by_indent[1..] {
            d = d.with_label(
                span(other),
                format!("{} is not closed either", describe_opener(tokens, other)),
            );
        }
    } else {
        let innermost = *open_at_eof.last().expect("total > 0");
        let what = describe_opener(tokens, innermost);
        d = d.with_span(span(innermost)).with_primary_label(format!("{what} is never closed"));
        d = d.with_help(format!(
            "add the missing `{}`",
            tokens[innermost].token.closer().map_or("}", |c| match c {
                Token::RBracket => "]",
                Token::RParen => ")",
                _ => "}",
            })
        ));
    }
    for &other in open_at_eof.iter().rev() {
        if d.span.map(|s| s.range) != Some(ranges[other]) {
            d = d.with_label(
                span(other),
                format!("{} is still open at the end of the file", describe_opener(tokens, other)),
            );
        }
    }
    d.with_label(FileSpan::new(file, TextRange::empty(eof)), "the file ends here")
}

fn indent_bytes(source: &SourceFile, line: usize) -> usize {
    let text = source.line_text(line);
    text.len() - text.trim_start().len()
}

fn unclosed_before(
    file: FileId,
    tokens: &[Tok<'_>],
    ranges: &[TextRange],
    inner: &Open,
    closer: Token<'_>,
    closer_range: TextRange,
) -> Diagnostic {
    let what = describe_opener(tokens, inner.index);
    let expected = inner.token.closer().map_or("}".to_string(), |c| c.describe());
    Diagnostic::new(Code::UnclosedDelimiter, format!("{what} is not closed"))
        .with_span(FileSpan::new(file, ranges[inner.index]))
        .with_primary_label("opened here")
        .with_label(
            FileSpan::new(file, closer_range),
            format!("{} closes an outer block first", closer.describe()),
        )
        .with_help(format!("add {expected} before this {}", closer.describe()))
}

fn stray(
    file: FileId,
    t: Token<'_>,
    range: TextRange,
    top: Option<&Open>,
    ranges: &[TextRange],
) -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::UnexpectedClosingDelimiter,
        format!("unexpected closing {}", t.describe()),
    )
    .at(file, range)
    .with_primary_label("this closes nothing");
    if let Some(top) = top {
        d = d.with_label(
            FileSpan::new(file, ranges[top.index]),
            format!("the innermost open delimiter is this {}", top.token.describe()),
        );
    }
    d.with_help("remove it, or add the delimiter it was meant to close").with_fix(Fix {
        message: "remove the stray delimiter".into(),
        applicability: Applicability::MaybeIncorrect,
        edits: vec![Edit { span: FileSpan::new(file, range), replacement: String::new() }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::lexer::lex;

    fn check(src: &str) -> (Vec<Token<'_>>, Vec<Diagnostic>) {
        let source = SourceFile::new("t.kry", src);
        let lexed = lex(FileId(0), src);
        // The lexed tokens borrow `src`, not `source`.
        let (tokens, _, diags) = balance(FileId(0), &source, &lexed.tokens, &lexed.ranges);
        (tokens.into_iter().map(|t| t.token).collect(), diags)
    }

    #[test]
    fn balanced_input_is_untouched() {
        let (toks, diags) = check("App {\n  Text { text: [1, (2)] }\n}\n");
        assert!(diags.is_empty());
        assert_eq!(toks.len(), 15);
    }

    #[test]
    fn indentation_finds_the_unclosed_block() {
        let src = "App {\n    Container {\n        Text {\n            text: \"a\"\n    }\n    Button { }\n}\n";
        let (_, diags) = check(src);
        assert_eq!(diags.len(), 1, "{diags:#?}");
        let d = &diags[0];
        assert_eq!(d.code, Code::UnclosedDelimiter);
        let start = d.span.unwrap().range.start as usize;
        assert_eq!(&src[start..start + 1], "{");
        assert_eq!(src[..start].matches('\n').count(), 2, "points at the Text line");
    }

    #[test]
    fn stray_closer_is_dropped() {
        let (toks, diags) = check("App { }\n}\nText { }");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::UnexpectedClosingDelimiter);
        assert_eq!(toks.iter().filter(|t| **t == Token::RBrace).count(), 2);
    }

    #[test]
    fn unclosed_bracket_inside_block() {
        let (toks, diags) = check("App {\n  a: [1, 2\n}\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::UnclosedDelimiter);
        assert!(toks.contains(&Token::RBracket));
    }
}
