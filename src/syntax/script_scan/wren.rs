//! Wren body scanning.
//!
//! Non-code in Wren: `"..."` strings, which may span lines, take backslash escapes and hold
//! `%( ... )` interpolations (the expression is code again, with its own parentheses and
//! strings; interpolations nest on an explicit stack); raw strings `"""..."""`, which end at
//! the first `"""` and take no escapes; `//` line comments; and `/* */` block comments, which
//! nest. As in Wren's own lexer, only parentheses are counted inside an interpolation: a brace
//! there does not count towards the body's depth.

use super::{error, line_end, unclosed_body, ScanError, ScanErrorKind};

enum Frame {
    /// The text of a string starting at `start`.
    Str { start: usize },
    /// A `%( ... )` interpolation, with the parentheses opened in it.
    Interpolation { parens: usize },
}

struct Scanner<'a> {
    src: &'a [u8],
    body_start: usize,
    i: usize,
    /// Braces opened in the body itself (outside any string).
    body_depth: usize,
    stack: Vec<Frame>,
    /// Offsets of `$` in code (see [`super::code_dollars`]).
    dollars: Vec<usize>,
}

pub(super) fn scan(src: &[u8], start: usize, dollars: &mut Vec<usize>) -> Result<usize, ScanError> {
    let mut s = Scanner {
        src,
        body_start: start,
        i: start,
        body_depth: 0,
        stack: Vec::new(),
        dollars: Vec::new(),
    };
    let result = loop {
        let step = if let Some(Frame::Str { start }) = s.stack.last() {
            let start = *start;
            s.string_text(start)
        } else {
            match s.code_token() {
                Ok(Some(close)) => break Ok(close),
                other => other.map(|_| ()),
            }
        };
        if let Err(e) = step {
            break Err(e);
        }
    };
    dollars.append(&mut s.dollars);
    result
}

impl Scanner<'_> {
    /// The error for the end of the text: the outermost open string if there is one (it
    /// swallowed everything after it), else `inner`.
    fn fail(&self, inner: ScanError) -> ScanError {
        self.stack
            .iter()
            .find_map(|f| match *f {
                Frame::Str { start } => Some(error(ScanErrorKind::UnterminatedString, start)),
                Frame::Interpolation { .. } => None,
            })
            .unwrap_or(inner)
    }

    /// Scans one token of code (the body, or an interpolation). Returns the offset of the
    /// body's closing `}` when found.
    fn code_token(&mut self) -> Result<Option<usize>, ScanError> {
        let src = self.src;
        let i = self.i;
        let Some(&b) = src.get(i) else {
            return Err(self.fail(unclosed_body(src, self.body_start, None)));
        };
        let next = src.get(i + 1).copied();
        self.i += 1;
        match b {
            b'/' if next == Some(b'/') => self.i = line_end(src, i + 2),
            b'/' if next == Some(b'*') => self.block_comment(i)?,
            b'"' if next == Some(b'"') && src.get(i + 2) == Some(&b'"') => {
                let end = src[i + 3..].windows(3).position(|w| w == b"\"\"\"");
                match end {
                    Some(p) => self.i = i + 3 + p + 3,
                    None => return Err(self.fail(error(ScanErrorKind::UnterminatedRawString, i))),
                }
            }
            b'"' => self.stack.push(Frame::Str { start: i }),
            b'(' | b')' => {
                if let Some(Frame::Interpolation { parens }) = self.stack.last_mut() {
                    if b == b'(' {
                        *parens += 1;
                    } else if *parens == 0 {
                        // Back to the text of the string.
                        self.stack.pop();
                    } else {
                        *parens -= 1;
                    }
                }
            }
            b'$' => self.dollars.push(i),
            b'{' if self.stack.is_empty() => self.body_depth += 1,
            b'}' if self.stack.is_empty() => {
                if self.body_depth == 0 {
                    return Ok(Some(i));
                }
                self.body_depth -= 1;
            }
            _ => {}
        }
        Ok(None)
    }

    /// Skips a (nesting) block comment starting at `start`.
    fn block_comment(&mut self, start: usize) -> Result<(), ScanError> {
        let src = self.src;
        let mut depth = 0usize;
        let mut j = start;
        while j < src.len() {
            match (src[j], src.get(j + 1)) {
                (b'/', Some(b'*')) => {
                    depth += 1;
                    j += 2;
                }
                (b'*', Some(b'/')) => {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        self.i = j;
                        return Ok(());
                    }
                }
                _ => j += 1,
            }
        }
        Err(self.fail(error(ScanErrorKind::UnterminatedComment, start)))
    }

    /// Scans string text up to its closing quote or the next interpolation.
    fn string_text(&mut self, start: usize) -> Result<(), ScanError> {
        let src = self.src;
        loop {
            let i = self.i;
            match src.get(i) {
                None => return Err(self.fail(error(ScanErrorKind::UnterminatedString, start))),
                Some(b'\\') => self.i = (i + 2).min(src.len()),
                Some(b'"') => {
                    self.stack.pop();
                    self.i += 1;
                    return Ok(());
                }
                Some(b'%') if src.get(i + 1) == Some(&b'(') => {
                    self.stack.push(Frame::Interpolation { parens: 0 });
                    self.i += 2;
                    return Ok(());
                }
                Some(_) => self.i += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{assert_error, assert_robust, body};
    use super::super::ScanErrorKind as K;
    use crate::languages::ScriptLanguage;

    const WREN: ScriptLanguage = ScriptLanguage::Wren;

    /// Inputs whose body is everything up to the last `}`.
    const WHOLE: &[&str] = &[
        "{}",
        "{ }",
        "{ var s = \"}\" }",
        "{ var s = \"\\\"}\\\\\" }",
        "{ var s = \"multi\n}\nline\" }",
        "{ var s = \"a %(b) }\" }",
        "{ var s = \"%(f(\"}\")) %(\"%(\")\")\") }\" }",
        "{ var s = \"%((1 + (2)) * 3) }\" }",
        "{ var s = \"%({1: \"}\"}[1]) }\" }",
        "{ var s = \"%(x /* ) } */) }\" }",
        "{ var s = \"\\%(}\" }",
        "{ var s = \"100%}\" }",
        "{ var s = \"\"\" } \" \"\" \\\"\"\" }",
        "{ var s = \"\"\"\n}\n\"\"\" }",
        "{ var s = \"\" + \"\"\"\"\"\" }",
        "{ // } comment\n}",
        "{ /* } */ }",
        "{ /* /* } */ } */ }",
        "{ /*/ } */ }",
        "{ if (x) { System.print(\"}\") } else { y } }",
        "{ var s = \"ü}日本\" // é }\n}",
    ];

    #[test]
    fn braces_in_non_code_do_not_close_the_body() {
        for src in WHOLE {
            assert_eq!(body(WREN, src), &src[1..src.len() - 1], "{src:?}");
        }
    }

    #[test]
    fn errors_point_at_the_construct_that_swallowed_the_rest() {
        assert_error(WREN, "{ if (x) { y }", K::UnclosedBody, 0);
        assert_error(WREN, "go() { x // }", K::UnclosedBody, 5);
        assert_error(WREN, "{ var s = \"abc }", K::UnterminatedString, 10);
        assert_error(WREN, "{ var s = \"abc\\", K::UnterminatedString, 10);
        assert_error(WREN, "{ var s = \"a %(b }", K::UnterminatedString, 10);
        assert_error(WREN, "{ var s = \"a %(\"b) }", K::UnterminatedString, 10);
        assert_error(WREN, "{ var s = \"a %(/* ) }", K::UnterminatedString, 10);
        assert_error(WREN, "{ var s = \"\"\" } \"\" }", K::UnterminatedRawString, 10);
        assert_error(WREN, "{ /* } ", K::UnterminatedComment, 2);
        assert_error(WREN, "{ /* /* } */ }", K::UnterminatedComment, 2);
        assert_error(WREN, "{ /**/ /* } *", K::UnterminatedComment, 7);
        assert_error(WREN, "{ é = \"\"\"", K::UnterminatedRawString, 7);
    }

    #[test]
    fn truncations_never_panic() {
        for src in WHOLE {
            assert_robust(WREN, src);
        }
    }
}
