//! JavaScript (latest ECMAScript) body scanning.
//!
//! Non-code in JavaScript: strings `'..'`/`".."` (backslash escapes; a raw line break ends them,
//! see [`super`] on recovery), template literals whose `${ ... }` substitutions are code again
//! (with their own braces, strings and nested templates, kept on an explicit stack), `//` and
//! `/* */` comments, and regular expression literals, including `[...]` classes in which `/`
//! does not end the literal.
//!
//! Whether a `/` starts a regular expression or is a division depends on the previous
//! significant token, as in the usual "reader" heuristic: after an identifier, number, string,
//! template, regular expression, `)`, `]`, or postfix `++`/`--` it divides; after any other
//! punctuator, after `{`/`}`, after keywords such as `return`, `typeof`, `case`, `in`, `of`,
//! `yield` or `await`, and at the start of the body it starts a regular expression. A `)`
//! closing the head of `if`, `while`, `for` or `with` is followed by a statement, so a `/`
//! after it starts a regular expression too. A property name after `.` (`x.return`) is an
//! identifier, not a keyword. Line terminators U+2028/U+2029 are treated as ordinary text.

use super::{
    error, line_end, note_recovered, skip_escape, unclosed_body, ScanError, ScanErrorKind,
};

/// Keywords after which an expression (so a regular expression) can start.
const EXPRESSION_KEYWORDS: &[&[u8]] = &[
    b"return",
    b"typeof",
    b"instanceof",
    b"case",
    b"do",
    b"else",
    b"in",
    b"of",
    b"new",
    b"delete",
    b"void",
    b"throw",
    b"yield",
    b"await",
];

/// Keywords whose parenthesised head is followed by a statement.
const CONTROL_KEYWORDS: &[&[u8]] = &[b"if", b"while", b"for", b"with"];

/// The previous significant token, as far as regular expression detection cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// A punctuator (or nothing yet): a `/` starts a regular expression.
    Punct,
    /// An operand: a `/` is a division.
    Operand,
    /// A keyword after which an expression starts.
    Keyword,
    /// `if`, `while`, `for`, `with` (and the `await` of `for await`).
    Control,
    /// A `.`: the next word is a property name.
    Dot,
}

enum Frame {
    /// Inside the text of a template literal starting at `start`.
    Template { start: usize },
    /// Inside a `${ ... }` substitution, with the braces opened in it.
    Substitution { depth: usize },
}

struct Scanner<'a> {
    src: &'a [u8],
    body_start: usize,
    i: usize,
    /// Braces opened in the body itself (outside any template).
    body_depth: usize,
    stack: Vec<Frame>,
    /// For each open `(`: whether it is the head of `if`/`while`/`for`/`with`.
    parens: Vec<bool>,
    prev: Prev,
    recovered: Option<ScanError>,
    /// Offsets of `$` starting a word in code (see [`super::code_dollars`]).
    dollars: Vec<usize>,
}

pub(super) fn scan(src: &[u8], start: usize, dollars: &mut Vec<usize>) -> Result<usize, ScanError> {
    let mut s = Scanner {
        src,
        body_start: start,
        i: start,
        body_depth: 0,
        stack: Vec::new(),
        parens: Vec::new(),
        prev: Prev::Punct,
        recovered: None,
        dollars: Vec::new(),
    };
    let result = loop {
        if let Some(Frame::Template { .. }) = s.stack.last() {
            if let Err(e) = s.template_text() {
                break Err(e);
            }
        } else {
            match s.code_token() {
                Ok(Some(close)) => break Ok(close),
                Ok(None) => {}
                Err(e) => break Err(e),
            }
        }
    };
    dollars.append(&mut s.dollars);
    result
}

impl Scanner<'_> {
    /// The error for the end of the text: the outermost open template if there is one (it
    /// swallowed everything after it), else `inner`.
    fn fail(&self, inner: ScanError) -> ScanError {
        self.stack
            .iter()
            .find_map(|f| match f {
                Frame::Template { start } => {
                    Some(error(ScanErrorKind::UnterminatedTemplate, *start))
                }
                Frame::Substitution { .. } => None,
            })
            .unwrap_or(inner)
    }

    /// Scans template text up to the closing backquote or the next `${`.
    fn template_text(&mut self) -> Result<(), ScanError> {
        let src = self.src;
        loop {
            match src.get(self.i) {
                None => {
                    // Inside a template, so `fail` reports the outermost one.
                    let here = error(ScanErrorKind::UnterminatedTemplate, self.i);
                    return Err(self.fail(here));
                }
                Some(b'\\') => self.i = (self.i + 2).min(src.len()),
                Some(b'`') => {
                    self.stack.pop();
                    self.i += 1;
                    self.prev = Prev::Operand;
                    return Ok(());
                }
                Some(b'$') if src.get(self.i + 1) == Some(&b'{') => {
                    self.stack.push(Frame::Substitution { depth: 0 });
                    self.i += 2;
                    self.prev = Prev::Punct;
                    return Ok(());
                }
                Some(_) => self.i += 1,
            }
        }
    }

    /// Scans one token of code. Returns the offset of the body's closing `}` when found.
    fn code_token(&mut self) -> Result<Option<usize>, ScanError> {
        let src = self.src;
        let i = self.i;
        let Some(&b) = src.get(i) else {
            let unclosed = unclosed_body(src, self.body_start, self.recovered);
            return Err(self.fail(unclosed));
        };
        let next = src.get(i + 1).copied();
        match b {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => self.i += 1,
            b'{' => {
                *self.depth() += 1;
                self.prev = Prev::Punct;
                self.i += 1;
            }
            b'}' => {
                let depth = self.depth();
                if *depth > 0 {
                    *depth -= 1;
                    self.prev = Prev::Punct;
                } else if self.stack.pop().is_none() {
                    return Ok(Some(i));
                }
                self.i += 1;
            }
            b'(' => {
                self.parens.push(self.prev == Prev::Control);
                self.prev = Prev::Punct;
                self.i += 1;
            }
            b')' => {
                let control = self.parens.pop() == Some(true);
                self.prev = if control { Prev::Punct } else { Prev::Operand };
                self.i += 1;
            }
            b']' => {
                self.prev = Prev::Operand;
                self.i += 1;
            }
            b'\'' | b'"' => self.string(b)?,
            b'`' => {
                self.stack.push(Frame::Template { start: i });
                self.i += 1;
            }
            b'/' if next == Some(b'/') => self.i = line_end(src, i + 2),
            b'/' if next == Some(b'*') => {
                let end = src[i + 2..].windows(2).position(|w| w == b"*/");
                match end {
                    Some(p) => self.i = i + 2 + p + 2,
                    None => return Err(self.fail(error(ScanErrorKind::UnterminatedComment, i))),
                }
            }
            b'/' if self.prev != Prev::Operand => self.regex()?,
            b'.' if next.is_some_and(|n| n.is_ascii_digit()) => self.number(),
            b'.' => {
                self.prev = Prev::Dot;
                self.i += 1;
            }
            b'+' | b'-' if next == Some(b) => {
                // Taken as postfix: `a++ / 2` divides.
                self.prev = Prev::Operand;
                self.i += 2;
            }
            b'0'..=b'9' => self.number(),
            b'\\' if next == Some(b'u') => self.word(),
            b if is_word_byte(b) || b == b'#' => {
                if b == b'$' {
                    self.dollars.push(i);
                }
                self.word()
            }
            _ => {
                self.prev = Prev::Punct;
                self.i += 1;
            }
        }
        Ok(None)
    }

    /// The brace depth of the innermost code context.
    fn depth(&mut self) -> &mut usize {
        match self.stack.last_mut() {
            Some(Frame::Substitution { depth }) => depth,
            _ => &mut self.body_depth,
        }
    }

    fn string(&mut self, quote: u8) -> Result<(), ScanError> {
        let src = self.src;
        let start = self.i;
        let mut j = start + 1;
        self.prev = Prev::Operand;
        loop {
            match src.get(j) {
                None => return Err(self.fail(error(ScanErrorKind::UnterminatedString, start))),
                Some(&b) if b == quote => {
                    self.i = j + 1;
                    return Ok(());
                }
                Some(b'\n' | b'\r') => {
                    note_recovered(&mut self.recovered, ScanErrorKind::UnterminatedString, start);
                    self.i = j;
                    return Ok(());
                }
                Some(b'\\') => j = skip_escape(src, j).unwrap_or(src.len()),
                Some(_) => j += 1,
            }
        }
    }

    fn regex(&mut self) -> Result<(), ScanError> {
        let src = self.src;
        let start = self.i;
        let mut j = start + 1;
        let mut in_class = false;
        self.prev = Prev::Operand;
        loop {
            match src.get(j) {
                None => return Err(self.fail(error(ScanErrorKind::UnterminatedRegex, start))),
                Some(b'\n' | b'\r') => {
                    note_recovered(&mut self.recovered, ScanErrorKind::UnterminatedRegex, start);
                    self.i = j;
                    return Ok(());
                }
                Some(b'\\') => match src.get(j + 1) {
                    Some(b'\n' | b'\r') => j += 1,
                    _ => j += 2,
                },
                Some(b'[') => {
                    in_class = true;
                    j += 1;
                }
                Some(b']') => {
                    in_class = false;
                    j += 1;
                }
                Some(b'/') if !in_class => {
                    // The flags that follow are read as a word, which keeps `prev` an operand.
                    self.i = j + 1;
                    return Ok(());
                }
                Some(_) => j += 1,
            }
        }
    }

    /// A numeric literal: digits, letters, `_`, `.` and an exponent sign.
    fn number(&mut self) {
        let src = self.src;
        let start = self.i;
        let hex = src.get(start + 1).is_some_and(|b| matches!(b, b'x' | b'X'));
        let mut j = start;
        while let Some(&b) = src.get(j) {
            let exponent_sign =
                matches!(b, b'+' | b'-') && !hex && j > start && matches!(src[j - 1], b'e' | b'E');
            if b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || exponent_sign {
                j += 1;
            } else {
                break;
            }
        }
        self.i = j;
        self.prev = Prev::Operand;
    }

    /// An identifier, keyword or private name.
    fn word(&mut self) {
        let src = self.src;
        let start = self.i;
        let mut j = start + 1;
        while let Some(&b) = src.get(j) {
            if b == b'\\' && src.get(j + 1) == Some(&b'u') {
                j += 2;
            } else if is_word_byte(b) {
                j += 1;
            } else {
                break;
            }
        }
        let word = &src[start..j];
        self.prev = if self.prev == Prev::Dot {
            Prev::Operand
        } else if CONTROL_KEYWORDS.contains(&word)
            || (word == b"await" && self.prev == Prev::Control)
        {
            Prev::Control
        } else if EXPRESSION_KEYWORDS.contains(&word) {
            Prev::Keyword
        } else {
            Prev::Operand
        };
        self.i = j;
    }
}

/// Identifier bytes: ASCII letters, digits, `_`, `$`, and every non-ASCII byte.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{assert_error, assert_robust, body};
    use super::super::ScanErrorKind as K;
    use crate::languages::ScriptLanguage;

    const JS: ScriptLanguage = ScriptLanguage::JavaScript;

    /// Inputs whose body is everything up to the last `}`.
    const WHOLE: &[&str] = &[
        "{}",
        "{ }",
        "{ const re = /}/; let t = `a ${ {x:1}.x } }`; }",
        "{ const re = /[}]/g; }",
        "{ const re = /a\\/}/; }",
        "{ const re = /[/}]/; }",
        "{ const re = /[\\]}]/; }",
        "{ return /}/.test(s) }",
        "{ x = typeof /}/ }",
        "{ if (a) /}/.test(s) }",
        "{ while (f(a)) /}/.exec(x) }",
        "{ for await (const x of y) /}/.exec(x) }",
        "{ x = a ? /}/ : /{/ }",
        "{ f(/}/, /{/) }",
        "{ x = [/}/] }",
        "{ x = !/}/.test(s) }",
        "{ x = a && /}/ || /}/ }",
        "{ x = () => /}/ }",
        "{ case /}/: }",
        "{ if (x) { y() } else { z() } }",
        "{ x = 1 // } comment\n}",
        "{ /* } */ }",
        "{ /* multi\n } \n */ }",
        "{ s = '}' + \"}\" + '\\'}' + \"\\\"}\" + '\\\\' }",
        "{ s = 'a\\\n}' + 'b\\\r\n}' }",
        "{ t = `}` }",
        "{ t = `${ `${ '}' }` }` }",
        "{ t = `\\${ } \\` }` }",
        "{ t = `$}{}` }",
        "{ t = `${ a /* } */ }` }",
        "{ t = `${ /}/.source }` }",
        "{ t = `${ { a: { b: '}' } } }` }",
        "{ t = `multi\n}\nline` }",
        "{ t = tag`}` }",
        "{ class A { #x = 1; m() { return this.#x / 2 } } }",
        "{ const s = \"日本}\"; // ü }\n}",
        "{ s = \"é\" + `ü${'}'}` }",
    ];

    /// Inputs whose body must end at the first `}` followed by ` / 1 }`: a `/` that divides
    /// must not be taken for a regular expression swallowing that `}`.
    const DIVISIONS: &[&str] = &[
        "{ x = a / 2 } / 1 }",
        "{ x = (a) / 2 } / 1 }",
        "{ x = arr[0] / 2 } / 1 }",
        "{ x = 1.5 / 2 } / 1 }",
        "{ x = 1. / 2 } / 1 }",
        "{ x = .5 / 2 } / 1 }",
        "{ x = 1e-5 / 2 } / 1 }",
        "{ x = 0x1e / 2 } / 1 }",
        "{ x = a++ / 2 } / 1 }",
        "{ x = obj.return / 2 } / 1 }",
        "{ x = `a` / 2 } / 1 }",
        "{ x = `${a}` / 2 } / 1 }",
        "{ x = 'a' / 2 } / 1 }",
        "{ x = /re/g / 2 } / 1 }",
        "{ x = a\n/ 2 } / 1 }",
        "{ x = y /* c */ / 2 } / 1 }",
        "{ x = ÿ / 2 } / 1 }",
        "{ x = \\u0061 / 2 } / 1 }",
        "{ x = a /= 2 } / 1 }",
    ];

    #[test]
    fn braces_in_non_code_do_not_close_the_body() {
        for src in WHOLE {
            assert_eq!(body(JS, src), &src[1..src.len() - 1], "{src:?}");
        }
    }

    #[test]
    fn division_is_not_a_regular_expression() {
        for src in DIVISIONS {
            let expected = &src[1..src.find("} / 1 }").unwrap()];
            assert_eq!(body(JS, src), expected, "{src:?}");
        }
    }

    #[test]
    fn unterminated_line_bounded_literals_end_at_the_line_break() {
        assert_eq!(body(JS, "{ s = 'abc\n}"), " s = 'abc\n");
        assert_eq!(body(JS, "{ s = \"ab}c\r\n}"), " s = \"ab}c\r\n");
        assert_eq!(body(JS, "{ x = /ab}c\n}"), " x = /ab}c\n");
        assert_eq!(body(JS, "{ x = /[ab}\n}"), " x = /[ab}\n");
        assert_eq!(body(JS, "{ x = /ab\\\n}"), " x = /ab\\\n");
        assert_error(JS, "{ s = 'abc}\n x = 1", K::UnterminatedString, 6);
        assert_error(JS, "{ x = /abc}\n", K::UnterminatedRegex, 6);
        assert_error(JS, "{ a = '}'\n s = \"x}\n t = 'y}\n", K::UnterminatedString, 15);
    }

    #[test]
    fn errors_point_at_the_construct_that_swallowed_the_rest() {
        assert_error(JS, "{ if (x) { y() }", K::UnclosedBody, 0);
        assert_error(JS, "fn() { x = 1 // }", K::UnclosedBody, 5);
        assert_error(JS, "{ x = `abc }", K::UnterminatedTemplate, 6);
        assert_error(JS, "{ x = `abc \\`}", K::UnterminatedTemplate, 6);
        assert_error(JS, "{ x = `a ${ b }", K::UnterminatedTemplate, 6);
        assert_error(JS, "{ x = `a ${ `b` }", K::UnterminatedTemplate, 6);
        assert_error(JS, "{ x = `a ${ /* }` }", K::UnterminatedTemplate, 6);
        assert_error(JS, "{ x = `a ${ 'b }", K::UnterminatedTemplate, 6);
        assert_error(JS, "{ /* } ", K::UnterminatedComment, 2);
        assert_error(JS, "{ /* */ /* } *", K::UnterminatedComment, 8);
        assert_error(JS, "{ s = 'abc", K::UnterminatedString, 6);
        assert_error(JS, "{ s = \"abc\\", K::UnterminatedString, 6);
        assert_error(JS, "{ x = /[/]", K::UnterminatedRegex, 6);
        assert_error(JS, "{ x = /a\\", K::UnterminatedRegex, 6);
        assert_error(JS, "{ s = 'a\n x = `", K::UnterminatedTemplate, 14);
        assert_error(JS, "{ s = 'a\n x = 'b", K::UnterminatedString, 14);
        assert_error(JS, "{ s = 'ü\n x = `", K::UnterminatedTemplate, 15);
    }

    #[test]
    fn truncations_never_panic() {
        for src in WHOLE.iter().chain(DIVISIONS) {
            assert_robust(JS, src);
        }
    }
}
