//! Python (and MicroPython) body scanning.
//!
//! Non-code in Python: `#` comments to the end of the line, and string literals: `'..'`,
//! `".."`, triple-quoted `'''..'''`/`""".."""`, each with an optional prefix (`r`, `u`, `b`,
//! `f`, `t`, `br`, `rb`, `fr`, `rf`, `tr`, `rt`, in any case). A backslash always keeps the
//! next character in the string, so `\"` never ends one, even in a raw string. Short strings
//! end at an unescaped line break (see [`super`] on recovery); a backslash before a line break
//! continues a line of code.
//!
//! Formatted strings (`f`, and the template strings `t` which share their syntax) follow
//! Python 3.12 (PEP 701): `{{` and `}}` are literal braces, `{` opens a replacement field whose
//! expression is code again (it may contain any string, including one with the same quote, a
//! dict, a comment, or span lines), and a `:` at the field's top bracket level starts a format
//! spec, which is literal text that may hold nested `{...}` fields. `\N{NAME}` in a non-raw
//! f-string is an escape, not a field. Fields nest on an explicit stack.

use super::{
    error, line_break_len, line_end, note_recovered, skip_escape, unclosed_body, ScanError,
    ScanErrorKind,
};

enum Frame {
    /// The text of an f-string that starts (prefix included) at `start`.
    FString { start: usize, quote: u8, triple: bool, raw: bool },
    /// The expression of a replacement field; `nest` counts brackets opened in it.
    Field { nest: usize, quote: u8, triple: bool },
    /// The format spec of a replacement field.
    Spec { quote: u8, triple: bool },
}

struct Scanner<'a> {
    src: &'a [u8],
    body_start: usize,
    i: usize,
    /// Braces opened in the body itself (outside any f-string).
    body_depth: usize,
    stack: Vec<Frame>,
    recovered: Option<ScanError>,
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
        recovered: None,
        dollars: Vec::new(),
    };
    let result = loop {
        let step = match s.stack.last() {
            None | Some(Frame::Field { .. }) => match s.code_token() {
                Ok(Some(close)) => break Ok(close),
                other => other.map(|_| ()),
            },
            Some(&Frame::FString { start, quote, triple, raw }) => {
                s.fstring_text(start, quote, triple, raw)
            }
            Some(&Frame::Spec { quote, triple }) => s.spec_text(quote, triple),
        };
        if let Err(e) = step {
            break Err(e);
        }
    };
    dollars.append(&mut s.dollars);
    result
}

/// String prefix letters, when `word` is a valid prefix: `(raw, formatted)`.
fn string_prefix(word: &[u8]) -> Option<(bool, bool)> {
    if word.is_empty() || word.len() > 2 {
        return None;
    }
    let mut raw = false;
    let mut other = None;
    for &b in word {
        match b.to_ascii_lowercase() {
            b'r' if !raw => raw = true,
            c @ (b'u' | b'b' | b'f' | b't') if other.is_none() => other = Some(c),
            _ => return None,
        }
    }
    match other {
        // `u` takes no other letter.
        Some(b'u') if raw => None,
        Some(c) => Some((raw, matches!(c, b'f' | b't'))),
        None => Some((raw, false)),
    }
}

/// Identifier and number bytes: ASCII letters, digits, `_`, and every non-ASCII byte.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

impl Scanner<'_> {
    /// The error for the end of the text: the outermost open f-string if there is one (it
    /// swallowed everything after it), else `inner`.
    fn fail(&self, inner: ScanError) -> ScanError {
        self.stack
            .iter()
            .find_map(|f| match *f {
                Frame::FString { start, triple, .. } => Some(error(string_kind(triple), start)),
                _ => None,
            })
            .unwrap_or(inner)
    }

    /// Pops frames up to and including the innermost f-string; returns where it started.
    fn pop_fstring(&mut self) -> Option<usize> {
        while let Some(frame) = self.stack.pop() {
            if let Frame::FString { start, .. } = frame {
                return Some(start);
            }
        }
        None
    }

    /// Scans one token of code (the body, or a replacement field). Returns the offset of the
    /// body's closing `}` when found.
    fn code_token(&mut self) -> Result<Option<usize>, ScanError> {
        let src = self.src;
        let i = self.i;
        let Some(&b) = src.get(i) else {
            let unclosed = unclosed_body(src, self.body_start, self.recovered);
            return Err(self.fail(unclosed));
        };
        self.i += 1;
        match b {
            b'#' => self.i = line_end(src, i + 1),
            b'$' => self.dollars.push(i),
            b'\\' => self.i += line_break_len(src, i + 1),
            b'\'' | b'"' => self.string(i, i, false, false)?,
            b if is_word_byte(b) => {
                let end = i + src[i..].iter().take_while(|&&b| is_word_byte(b)).count();
                self.i = end;
                if let (Some(b'\'' | b'"'), Some((raw, formatted))) =
                    (src.get(end), string_prefix(&src[i..end]))
                {
                    self.string(i, end, raw, formatted)?;
                }
            }
            b'{' | b'}' | b'(' | b'[' | b')' | b']' | b':' => {
                if let Some(Frame::Field { nest, quote, triple }) = self.stack.last_mut() {
                    match b {
                        b'{' | b'(' | b'[' => *nest += 1,
                        b'}' if *nest == 0 => {
                            self.stack.pop();
                        }
                        b':' if *nest == 0 => {
                            let (quote, triple) = (*quote, *triple);
                            self.stack.push(Frame::Spec { quote, triple });
                        }
                        b':' => {}
                        _ => *nest = nest.saturating_sub(1),
                    }
                } else if b == b'{' {
                    self.body_depth += 1;
                } else if b == b'}' {
                    if self.body_depth == 0 {
                        return Ok(Some(i));
                    }
                    self.body_depth -= 1;
                }
            }
            _ => {}
        }
        Ok(None)
    }

    /// A string literal whose prefix starts at `start` and opening quote is at `quote_at`.
    /// Plain strings are skipped whole; an f-string pushes a frame.
    fn string(
        &mut self,
        start: usize,
        quote_at: usize,
        raw: bool,
        formatted: bool,
    ) -> Result<(), ScanError> {
        let src = self.src;
        let quote = src[quote_at];
        let triple = src.get(quote_at + 1) == Some(&quote) && src.get(quote_at + 2) == Some(&quote);
        let mut j = quote_at + if triple { 3 } else { 1 };
        if formatted {
            self.stack.push(Frame::FString { start, quote, triple, raw });
            self.i = j;
            return Ok(());
        }
        loop {
            match src.get(j) {
                None => return Err(self.fail(error(string_kind(triple), start))),
                Some(b'\\') => j = skip_escape(src, j).unwrap_or(src.len()),
                Some(&b) if b == quote => {
                    if !triple {
                        self.i = j + 1;
                        return Ok(());
                    }
                    if src.get(j + 1) == Some(&quote) && src.get(j + 2) == Some(&quote) {
                        self.i = j + 3;
                        return Ok(());
                    }
                    j += 1;
                }
                Some(b'\n' | b'\r') if !triple => {
                    note_recovered(&mut self.recovered, ScanErrorKind::UnterminatedString, start);
                    self.i = j;
                    return Ok(());
                }
                Some(_) => j += 1,
            }
        }
    }

    /// Whether the f-string quote at `j` closes the string; returns its length if so.
    fn closing_quote(&self, j: usize, quote: u8, triple: bool) -> Option<usize> {
        if !triple {
            return Some(1);
        }
        let src = self.src;
        (src.get(j + 1) == Some(&quote) && src.get(j + 2) == Some(&quote)).then_some(3)
    }

    /// Scans f-string text up to its end or the next replacement field.
    fn fstring_text(
        &mut self,
        start: usize,
        quote: u8,
        triple: bool,
        raw: bool,
    ) -> Result<(), ScanError> {
        let src = self.src;
        loop {
            let i = self.i;
            match src.get(i) {
                None => return Err(self.fail(error(string_kind(triple), start))),
                Some(b'\\') => match src.get(i + 1) {
                    // A backslash does not escape a brace: `f"\{x}"` has a field.
                    Some(b'{' | b'}') => self.i += 1,
                    Some(b'N') if !raw && src.get(i + 2) == Some(&b'{') => {
                        let name = src[i + 3..]
                            .iter()
                            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'-'))
                            .count();
                        let close = i + 3 + name;
                        // Like CPython, a malformed name is literal text, not a field.
                        self.i = if src.get(close) == Some(&b'}') { close + 1 } else { close };
                    }
                    _ => self.i = skip_escape(src, i).unwrap_or(src.len()),
                },
                Some(&b) if b == quote => match self.closing_quote(i, quote, triple) {
                    Some(len) => {
                        self.stack.pop();
                        self.i += len;
                        return Ok(());
                    }
                    None => self.i += 1,
                },
                Some(b'\n' | b'\r') if !triple => {
                    note_recovered(&mut self.recovered, ScanErrorKind::UnterminatedString, start);
                    self.stack.pop();
                    return Ok(());
                }
                Some(b'{') if src.get(i + 1) == Some(&b'{') => self.i += 2,
                Some(b'{') => {
                    self.stack.push(Frame::Field { nest: 0, quote, triple });
                    self.i += 1;
                    return Ok(());
                }
                Some(b'}') if src.get(i + 1) == Some(&b'}') => self.i += 2,
                Some(_) => self.i += 1,
            }
        }
    }

    /// Scans a format spec up to the end of its field or a nested field.
    fn spec_text(&mut self, quote: u8, triple: bool) -> Result<(), ScanError> {
        let src = self.src;
        loop {
            let i = self.i;
            match src.get(i) {
                None => {
                    // There is always an f-string below a spec, so `fail` reports it.
                    let here = error(string_kind(triple), i);
                    return Err(self.fail(here));
                }
                Some(b'{') => {
                    self.stack.push(Frame::Field { nest: 0, quote, triple });
                    self.i += 1;
                    return Ok(());
                }
                Some(b'}') => {
                    // Ends the spec and its field.
                    self.stack.pop();
                    self.stack.pop();
                    self.i += 1;
                    return Ok(());
                }
                Some(b'\\') => match src.get(i + 1) {
                    Some(b'{' | b'}') => self.i += 1,
                    _ => self.i = skip_escape(src, i).unwrap_or(src.len()),
                },
                Some(&b) if b == quote => match self.closing_quote(i, quote, triple) {
                    // The field was never closed: Python reports it; the string ends here.
                    Some(len) => {
                        self.pop_fstring();
                        self.i += len;
                        return Ok(());
                    }
                    None => self.i += 1,
                },
                Some(b'\n' | b'\r') if !triple => {
                    if let Some(start) = self.pop_fstring() {
                        let kind = ScanErrorKind::UnterminatedString;
                        note_recovered(&mut self.recovered, kind, start);
                    }
                    return Ok(());
                }
                Some(_) => self.i += 1,
            }
        }
    }
}

fn string_kind(triple: bool) -> ScanErrorKind {
    if triple {
        ScanErrorKind::UnterminatedTripleQuotedString
    } else {
        ScanErrorKind::UnterminatedString
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{assert_error, assert_robust, body};
    use super::super::ScanErrorKind as K;
    use super::string_prefix;
    use crate::languages::ScriptLanguage;

    const PY: ScriptLanguage = ScriptLanguage::Python;

    /// Inputs whose body is everything up to the last `}`.
    const WHOLE: &[&str] = &[
        "{}",
        "{ }",
        "{\n    d = {\"k\": \"}\"}  # }\n    global counter\n    counter = 0\n}",
        "{ d = {'a': {'b': '}'}} }",
        "{ s = '}' + \"}\" }",
        "{ s = 'it\\'s }' + \"\\\"}\" + '\\\\' }",
        "{ s = 'a\\\n}' + 'b\\\r\n}' }",
        "{ s = '''}\n'}'\n''' }",
        "{ s = \"\"\" } \"\" \\\"\"\" } \"\"\" }",
        "{ s = '' + \"\" + '''''' }",
        "{ s = r'\\' }' }",
        "{ s = rb\"\\\"}\" + Rb'}' + BR'}' + u'}' + F'}' + R'''}''' }",
        "{ s = xf'{' + bf'{' + b'{' + ur'{' }",
        "{ s = f'{x}}}' }",
        "{ s = f'{{}}' + f'}' }",
        "{ s = f'{ {\"a\": \"}\"}[\"a\"] }' }",
        "{ s = f'{d['k']}' }",
        "{ s = f'{x!r:>{w}}' }",
        "{ s = f\"{x:'>10}\" }",
        "{ s = f'{a[1:2]}' + f'{(lambda: 1)()}' }",
        "{ s = f'{x:%H:%M}' }",
        "{ s = f'{x:{w}.{p}}' }",
        "{ s = f'''{\n  x  # } comment\n}''' }",
        "{ s = f'{\",\".join([\n  'a',  # }\n])}' }",
        "{ s = f'{f\"{f'{1}'}\"}' }",
        "{ s = rf'\\{x}' + f'\\{x}' + f'\\}}' }",
        "{ s = f'\\N{EM DASH} }' }",
        "{ s = rf'\\N{x}' }",
        "{ s = f'\\N{' }",
        "{ s = f'{x=}' + f'{x = !r:^20}' }",
        "{ s = t'{x}' + Tr'{x}' }",
        "{ s = f'{x}' f\"{y}\" }",
        "{ s = f\"\"\"{x:\n}\"\"\" }",
        "{ x = 1 + \\\n  2 }",
        "{ # } comment\n}",
        "{ s = 'ü}日本' # é }\n}",
        "{ café = {'}': 1} }",
    ];

    #[test]
    fn braces_in_non_code_do_not_close_the_body() {
        for src in WHOLE {
            assert_eq!(body(PY, src), &src[1..src.len() - 1], "{src:?}");
            assert_eq!(body(ScriptLanguage::MicroPython, src), &src[1..src.len() - 1]);
        }
    }

    #[test]
    fn prefixes() {
        for p in ["r", "u", "b", "f", "t", "br", "rb", "fr", "rf", "tr", "rt", "Rb", "bR", "FR"] {
            assert!(string_prefix(p.as_bytes()).is_some(), "{p}");
        }
        for p in ["", "x", "ur", "ru", "bf", "fb", "rr", "bb", "rbf", "_f", "é"] {
            assert_eq!(string_prefix(p.as_bytes()), None, "{p}");
        }
        assert_eq!(string_prefix(b"rF"), Some((true, true)));
        assert_eq!(string_prefix(b"B"), Some((false, false)));
    }

    #[test]
    fn unterminated_short_strings_end_at_the_line_break() {
        assert_eq!(body(PY, "{ s = 'abc\n}"), " s = 'abc\n");
        assert_eq!(body(PY, "{ s = \"ab}c\r\n}"), " s = \"ab}c\r\n");
        assert_eq!(body(PY, "{ s = f'ab}c\n}"), " s = f'ab}c\n");
        assert_eq!(body(PY, "{ s = f'{x:>10\n}"), " s = f'{x:>10\n");
        // A quote ending the f-string inside a format spec closes the string too.
        assert_eq!(body(PY, "{ s = f'{x:>10' }"), " s = f'{x:>10' ");
        assert_eq!(body(PY, "{ s = f'''{x:>10''' }"), " s = f'''{x:>10''' ");
        assert_error(PY, "{ s = 'abc}\n x = 1", K::UnterminatedString, 6);
        assert_error(PY, "{ s = f'{x:}\n x = 1", K::UnterminatedString, 6);
        assert_error(PY, "{ a = '}'\n s = rb'x}\n t = 'y}\n", K::UnterminatedString, 15);
    }

    #[test]
    fn errors_point_at_the_construct_that_swallowed_the_rest() {
        assert_error(PY, "{ if x: { }", K::UnclosedBody, 0);
        assert_error(PY, "reset() { x = 1 # }", K::UnclosedBody, 8);
        assert_error(PY, "{ s = '''abc }", K::UnterminatedTripleQuotedString, 6);
        assert_error(PY, "{ s = rb'''abc \\''' }", K::UnterminatedTripleQuotedString, 6);
        assert_error(PY, "{ s = f'''{x}''' + f'''{ \n }", K::UnterminatedTripleQuotedString, 19);
        assert_error(PY, "{ s = 'abc", K::UnterminatedString, 6);
        assert_error(PY, "{ s = 'abc\\", K::UnterminatedString, 6);
        // A field running over lines keeps its f-string open until the end of the text.
        assert_error(PY, "{ s = f'abc {x\n}", K::UnterminatedString, 6);
        assert_error(PY, "{ s = f'{x' }", K::UnterminatedString, 6);
        assert_error(PY, "{ s = f'{x:{y", K::UnterminatedString, 6);
        assert_error(PY, "{ s = f'''{x:{y", K::UnterminatedTripleQuotedString, 6);
        assert_error(PY, "{ s = 'a\n t = '''", K::UnterminatedTripleQuotedString, 14);
        assert_error(PY, "{ é = Rb'''", K::UnterminatedTripleQuotedString, 7);
    }

    #[test]
    fn truncations_never_panic() {
        for src in WHOLE {
            assert_robust(PY, src);
        }
    }
}
