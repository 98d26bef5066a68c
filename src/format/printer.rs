//! Writes the tokens and comments of a file with the layout's marks.
//!
//! Between two pieces the printer writes what the mark says; an unmarked token stays on the
//! line it was on (one space if the source had white space before it, none if not) or, when
//! the source broke the line there (inside a multi-line array, say), starts a continuation
//! line indented by the brackets open since the line's start. Comments keep their kind: a
//! comment that had code before it on its line stays after that code; one on its own line
//! stays on its own line, at the level of what follows it.

use super::layout::{Blank, Mark};
use crate::source::TextRange;
use crate::syntax::token::Token;

const INDENT: &str = "    ";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Nothing,
    Token,
    OwnLineComment,
    TrailingComment,
}

struct Printer<'a> {
    newline: &'a str,
    out: String,
    last: Last,
    /// Depth of the current line.
    depth: u32,
    /// Brackets opened since the current line's mark.
    open: i32,
}

impl Printer<'_> {
    fn line(&mut self, depth: u32, blank: bool) {
        if self.last != Last::Nothing {
            self.out.push_str(self.newline);
            if blank {
                self.out.push_str(self.newline);
            }
        }
        for _ in 0..depth {
            self.out.push_str(INDENT);
        }
    }

    fn continuation_depth(&self, closer: bool) -> u32 {
        let extra = if closer { self.open - 1 } else { self.open.max(1) };
        (self.depth as i32 + extra.max(0)) as u32
    }
}

pub(super) fn print(
    text: &str,
    tokens: &[(Token<'_>, TextRange)],
    comments: &[TextRange],
    marks: &[Option<Mark>],
    newline: &str,
) -> String {
    let mut p = Printer {
        newline,
        out: String::with_capacity(text.len() + text.len() / 8),
        last: Last::Nothing,
        depth: 0,
        open: 0,
    };
    let mut prev_end = 0usize;
    let (mut t, mut c) = (0usize, 0usize);
    while t < tokens.len() || c < comments.len() {
        let comment_first =
            c < comments.len() && (t >= tokens.len() || comments[c].start < tokens[t].1.start);
        if comment_first {
            let range = comments[c];
            let gap = &text[prev_end.min(range.start as usize)..range.start as usize];
            let newlines = gap.matches('\n').count();
            let body = text[range.as_range()].trim_end();
            if newlines > 0 || p.last == Last::Nothing {
                // Own line: at the level of the next token's line.
                let next = (t..tokens.len()).find(|&i| marks[i] != Some(Mark::Drop));
                let (depth, always) = match next.and_then(|i| marks[i]) {
                    Some(Mark::Break { depth, closer, blank }) => {
                        (depth + u32::from(closer), blank == Blank::Always)
                    }
                    _ if next.is_none() => (0, false),
                    _ => (p.continuation_depth(false), false),
                };
                let blank = newlines >= 2 || (always && p.last != Last::OwnLineComment);
                p.line(depth, blank);
                p.out.push_str(body);
                p.last = Last::OwnLineComment;
            } else {
                p.out.push(' ');
                p.out.push_str(body);
                p.last = Last::TrailingComment;
            }
            prev_end = range.end as usize;
            c += 1;
            continue;
        }
        let (token, range) = tokens[t];
        let mark = marks[t];
        t += 1;
        let gap = &text[prev_end.min(range.start as usize)..range.start as usize];
        prev_end = range.end as usize;
        let newlines = gap.matches('\n').count();
        let after_comment = matches!(p.last, Last::OwnLineComment | Last::TrailingComment);
        let is_closer = matches!(token, Token::RBrace | Token::RBracket | Token::RParen);
        match mark {
            Some(Mark::Drop) => continue,
            Some(Mark::Break { depth, blank, .. }) => {
                let blank = match blank {
                    Blank::Never => false,
                    Blank::Keep => newlines >= 2,
                    Blank::Always => p.last != Last::OwnLineComment || newlines >= 2,
                };
                p.line(depth, blank);
                p.depth = depth;
                p.open = 0;
            }
            _ if p.last == Last::Nothing => {}
            Some(Mark::Space | Mark::Glue) | None
                if after_comment || (mark.is_none() && newlines > 0) =>
            {
                let depth = p.continuation_depth(is_closer);
                p.line(depth, false);
            }
            Some(Mark::Space) => p.out.push(' '),
            Some(Mark::Glue) => {}
            None => {
                if !gap.is_empty() {
                    p.out.push(' ');
                }
            }
        }
        p.out.push_str(&text[range.as_range()]);
        p.last = Last::Token;
        match token {
            Token::LBrace | Token::LBracket | Token::LParen => p.open += 1,
            Token::RBrace | Token::RBracket | Token::RParen => p.open -= 1,
            _ => {}
        }
    }
    if !p.out.is_empty() {
        p.out.push_str(newline);
    }
    p.out
}
