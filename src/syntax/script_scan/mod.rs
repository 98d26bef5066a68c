//! Finding where an embedded script body ends.
//!
//! A `@function "lua" name() { ... }` or `@script "javascript" { ... }` body is written in the
//! script language, not in KRY, so the KRY lexer cannot tokenize it. When it reaches the `{`
//! that opens a body it calls [`find_body_end`], which walks the body with the string, comment
//! and literal rules of that language and returns the `}` that really closes it: a `}` inside
//! a string, comment, regular expression, template literal or long string never ends a body.
//!
//! The scanners are deliberately not full lexers. They only know enough of each language to
//! tell code from non-code, count `{`/`}` in code, and report the construct responsible when
//! the body never closes. Everything else (invalid escapes, bad numbers, syntax errors) is left
//! to the script language's own compiler.
//!
//! # Guarantees
//!
//! * Any input and any `body_start` are accepted; the scanners never panic.
//! * Time is linear in the length of the text and nothing recurses: nesting (JavaScript
//!   template substitutions, Python f-string replacement fields, Wren interpolations) is kept
//!   on explicit stacks.
//! * `Ok(i)` always points at a `}` byte, and every error offset is a char boundary of `text`
//!   (all delimiters are ASCII).
//!
//! # Errors and recovery
//!
//! Constructs that may span lines (block and long comments, long, triple-quoted, raw and Wren
//! strings, template literals) swallow the rest of the text when they are not terminated; the
//! error then points at the *outermost* construct still open at the end of the text, the one
//! that swallowed everything after it.
//!
//! Constructs that the language confines to one line (Lua, JavaScript and Python short strings,
//! JavaScript regular expression literals) end at an unescaped line break even when their
//! closing delimiter is missing, just as the language's own lexer stops there, and scanning
//! continues after them. Such a line is a syntax error in the script, but it is not a reason to
//! misplace the end of the body: if the body still closes, `Ok` is returned and the script
//! compiler reports the string later. If the body does not close, the first such unterminated
//! literal is reported (it is the likeliest culprit, e.g. `"abc}` where `"abc"}` was meant);
//! only when there is none is [`ScanErrorKind::UnclosedBody`] reported.

mod javascript;
mod lua;
mod python;
mod wren;

use std::fmt;

use crate::languages::ScriptLanguage;

/// Why [`find_body_end`] could not find the end of a script body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScanError {
    /// What went wrong.
    pub kind: ScanErrorKind,
    /// Where the unterminated construct starts (byte offset into the whole text). For
    /// [`ScanErrorKind::UnclosedBody`] this is the opening `{` of the body (`body_start - 1`),
    /// or `body_start` itself when the byte before it is not a `{`.
    pub at: usize,
}

/// The kinds of [`ScanError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScanErrorKind {
    /// `body_start` is past the end of the text or not on a char boundary; `at` is the
    /// nearest char boundary at or before it.
    InvalidBodyStart,
    /// The text ended before the `}` closing the body.
    UnclosedBody,
    /// A quoted string literal (or a Wren string, or a Python f-string) is not terminated.
    UnterminatedString,
    /// A block comment (`/* */`, Lua `--[[ ]]`) is not terminated.
    UnterminatedComment,
    /// A Lua long string (`[[ ]]`, `[==[ ]==]`) is not terminated.
    UnterminatedLongString,
    /// A Python triple-quoted string is not terminated.
    UnterminatedTripleQuotedString,
    /// A Wren raw string (`"""..."""`) is not terminated.
    UnterminatedRawString,
    /// A JavaScript template literal is not terminated.
    UnterminatedTemplate,
    /// A JavaScript regular expression literal is not terminated.
    UnterminatedRegex,
}

impl ScanErrorKind {
    /// A short noun phrase naming the offending construct, for messages such as
    /// "unterminated string literal".
    pub fn describe(&self) -> &'static str {
        match self {
            ScanErrorKind::InvalidBodyStart => "script body start offset",
            ScanErrorKind::UnclosedBody => "script body",
            ScanErrorKind::UnterminatedString => "string literal",
            ScanErrorKind::UnterminatedComment => "block comment",
            ScanErrorKind::UnterminatedLongString => "long string",
            ScanErrorKind::UnterminatedTripleQuotedString => "triple-quoted string",
            ScanErrorKind::UnterminatedRawString => "raw string",
            ScanErrorKind::UnterminatedTemplate => "template literal",
            ScanErrorKind::UnterminatedRegex => "regular expression literal",
        }
    }
}

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ScanErrorKind::InvalidBodyStart => {
                write!(f, "invalid script body start offset near byte {}", self.at)
            }
            ScanErrorKind::UnclosedBody => {
                write!(f, "script body opened at byte {} is never closed", self.at)
            }
            kind => write!(f, "unterminated {} starting at byte {}", kind.describe(), self.at),
        }
    }
}

impl std::error::Error for ScanError {}

/// Finds the `}` that closes a script body written in `language`.
///
/// `text` is the whole KRY source; `body_start` is the byte offset just after the opening `{`.
/// Returns the byte offset of the closing `}` (so the body is `text[body_start..close]`).
/// Brace depth counts `{` and `}` in code only; the body ends at the `}` that brings the depth
/// below zero. See the [module documentation](self) for how errors are located.
pub fn find_body_end(
    language: ScriptLanguage,
    text: &str,
    body_start: usize,
) -> Result<usize, ScanError> {
    if body_start > text.len() {
        return Err(error(ScanErrorKind::InvalidBodyStart, text.len()));
    }
    if !text.is_char_boundary(body_start) {
        let mut at = body_start;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        return Err(error(ScanErrorKind::InvalidBodyStart, at));
    }
    scan(language, text.as_bytes(), body_start, &mut Vec::new())
}

fn scan(
    language: ScriptLanguage,
    src: &[u8],
    start: usize,
    dollars: &mut Vec<usize>,
) -> Result<usize, ScanError> {
    match language.lexical_family() {
        ScriptLanguage::Lua => lua::scan(src, start, dollars),
        ScriptLanguage::JavaScript => javascript::scan(src, start, dollars),
        ScriptLanguage::Python | ScriptLanguage::MicroPython => python::scan(src, start, dollars),
        ScriptLanguage::Wren => wren::scan(src, start, dollars),
    }
}

/// The byte offsets of every `$` in the code of a script body (not in its strings or
/// comments) that is followed by an identifier: the `$name` a 2025 app wrote for a shared
/// variable inside a script. In JavaScript only a `$` that starts a word counts (`a$b` is one
/// identifier).
pub fn code_dollars(language: ScriptLanguage, body: &str) -> Vec<usize> {
    let mut dollars = Vec::new();
    let _ = scan(language, body.as_bytes(), 0, &mut dollars);
    let bytes = body.as_bytes();
    let ident_start = |b: u8| b.is_ascii_alphabetic() || b == b'_';
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    dollars.retain(|&at| {
        let after = bytes.get(at + 1).copied();
        let before = at.checked_sub(1).and_then(|p| bytes.get(p)).copied();
        after.is_some_and(|b| ident_start(b) || b == b'{') && !before.is_some_and(ident)
    });
    dollars
}

fn error(kind: ScanErrorKind, at: usize) -> ScanError {
    ScanError { kind, at }
}

/// The error for a body that reached the end of the text with nothing left open but the body
/// itself: the first line-bounded literal that was recovered from, else `UnclosedBody`.
fn unclosed_body(src: &[u8], body_start: usize, recovered: Option<ScanError>) -> ScanError {
    recovered.unwrap_or_else(|| {
        let at = if body_start > 0 && src.get(body_start - 1) == Some(&b'{') {
            body_start - 1
        } else {
            body_start
        };
        error(ScanErrorKind::UnclosedBody, at)
    })
}

/// Records a recovered error of `kind` at `at` unless an earlier one is already recorded.
fn note_recovered(recovered: &mut Option<ScanError>, kind: ScanErrorKind, at: usize) {
    if recovered.is_none() {
        *recovered = Some(error(kind, at));
    }
}

/// Whether `b` ends a line (`\n` or `\r`).
fn is_line_break(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

/// The length of the line break at `i`: 2 for `\r\n`, 1 for a lone `\n` or `\r`, 0 otherwise.
fn line_break_len(src: &[u8], i: usize) -> usize {
    match src.get(i) {
        Some(b'\r') if src.get(i + 1) == Some(&b'\n') => 2,
        Some(b'\n' | b'\r') => 1,
        _ => 0,
    }
}

/// The offset of the first line break at or after `i`, or the end of `src`.
fn line_end(src: &[u8], i: usize) -> usize {
    let i = i.min(src.len());
    src[i..].iter().position(|&b| is_line_break(b)).map_or(src.len(), |p| i + p)
}

/// The offset just after a backslash escape starting at `i` (`src[i] == b'\\'`): the backslash
/// and the next character, a `\r\n` pair counting as one. `None` when the text ends first.
fn skip_escape(src: &[u8], i: usize) -> Option<usize> {
    match line_break_len(src, i + 1) {
        0 if i + 1 < src.len() => Some(i + 2),
        0 => None,
        n => Some(i + 1 + n),
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Helpers shared by the per-language tests.

    use super::*;

    /// Scans `src` from just after its first `{`.
    pub fn scan(language: ScriptLanguage, src: &str) -> Result<usize, ScanError> {
        let open = src.find('{').expect("test input has a `{`");
        find_body_end(language, src, open + 1)
    }

    /// The body of the first `{...}` in `src`, as found by the scanner.
    pub fn body(language: ScriptLanguage, src: &str) -> &str {
        let open = src.find('{').expect("test input has a `{`");
        match find_body_end(language, src, open + 1) {
            Ok(close) => {
                assert_eq!(src.as_bytes()[close], b'}', "{src:?}");
                &src[open + 1..close]
            }
            Err(e) => panic!("{language:?}: {e} in {src:?}"),
        }
    }

    /// Asserts the scan of `src` fails with `kind` at `at`.
    pub fn assert_error(language: ScriptLanguage, src: &str, kind: ScanErrorKind, at: usize) {
        assert_eq!(
            scan(language, src),
            Err(ScanError { kind, at }),
            "{language:?} on {src:?}; `at` points at {:?}",
            src.get(at..)
        );
    }

    /// Runs the scanner on every truncation of `src` (from its first `{`) and on every start
    /// offset of the whole of `src`, asserting it never panics and only returns `}` offsets.
    pub fn assert_robust(language: ScriptLanguage, src: &str) {
        let check = |text: &str, start: usize| {
            if let Ok(i) = find_body_end(language, text, start) {
                assert_eq!(text.as_bytes()[i], b'}', "{language:?} on {text:?} from {start}");
                assert!(i >= start);
            }
        };
        let start = src.find('{').map_or(0, |o| o + 1);
        for cut in 0..=src.len() {
            if src.is_char_boundary(cut) {
                check(&src[..cut], start.min(cut));
            }
        }
        for start in 0..=src.len() + 2 {
            check(src, start);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [ScriptLanguage; 5] = ScriptLanguage::ALL;

    #[test]
    fn plain_bodies_end_at_the_matching_brace_in_every_language() {
        for lang in ALL {
            assert_eq!(find_body_end(lang, "{}", 1), Ok(1));
            assert_eq!(find_body_end(lang, "{ a { b } c } d }", 1), Ok(12));
            assert_eq!(find_body_end(lang, "x {\n  { }\n}\n", 3), Ok(10));
            assert_eq!(find_body_end(lang, "{ é ü 日本 }", 1), Ok(15));
        }
    }

    #[test]
    fn micropython_scans_like_python() {
        let src = "{ d = {\"k\": \"}\"}  # }\n f'{x!r:>{w}}' }";
        assert_eq!(
            find_body_end(ScriptLanguage::MicroPython, src, 1),
            find_body_end(ScriptLanguage::Python, src, 1)
        );
        assert_eq!(find_body_end(ScriptLanguage::MicroPython, src, 1), Ok(src.len() - 1));
    }

    #[test]
    fn the_examples_from_the_kry_documentation() {
        let src = "@function \"lua\" increment(step) {\n    counter = counter + step  -- a } in a comment: }\n    local s = \"}\" .. [[ } ]]\n}\n@script \"javascript\" { const re = /}/; let t = `a ${ {x:1}.x } }`; }\n@function \"python\" reset() {\n    d = {\"k\": \"}\"}  # }\n    global counter\n    counter = 0\n}\n";
        let lua_open = src.find("{\n").unwrap();
        let lua_close = find_body_end(ScriptLanguage::Lua, src, lua_open + 1).unwrap();
        assert_eq!(&src[lua_close..lua_close + 3], "}\n@");
        let js_open = src.find("\" {").unwrap() + 2;
        let js_close = find_body_end(ScriptLanguage::JavaScript, src, js_open + 1).unwrap();
        assert_eq!(&src[js_close - 2..js_close + 2], "; }\n");
        let py_open = src.find("reset() {").unwrap() + 8;
        let py_close = find_body_end(ScriptLanguage::Python, src, py_open + 1).unwrap();
        assert_eq!(py_close, src.len() - 2);
    }

    #[test]
    fn invalid_start_offsets_are_errors() {
        for lang in ALL {
            let text = "{ é }";
            assert_eq!(
                find_body_end(lang, text, 3),
                Err(ScanError { kind: ScanErrorKind::InvalidBodyStart, at: 2 })
            );
            assert_eq!(
                find_body_end(lang, text, 99),
                Err(ScanError { kind: ScanErrorKind::InvalidBodyStart, at: text.len() })
            );
            assert_eq!(
                find_body_end(lang, text, text.len()),
                Err(ScanError { kind: ScanErrorKind::UnclosedBody, at: text.len() })
            );
            assert_eq!(
                find_body_end(lang, "", 0),
                Err(ScanError { kind: ScanErrorKind::UnclosedBody, at: 0 })
            );
            assert_eq!(
                find_body_end(lang, "{ {", 1),
                Err(ScanError { kind: ScanErrorKind::UnclosedBody, at: 0 })
            );
            assert_eq!(find_body_end(lang, "a }", 0), Ok(2));
        }
    }

    #[test]
    fn describe_and_display() {
        assert_eq!(ScanErrorKind::UnterminatedString.describe(), "string literal");
        assert_eq!(ScanErrorKind::UnterminatedComment.describe(), "block comment");
        let e = ScanError { kind: ScanErrorKind::UnterminatedTemplate, at: 7 };
        assert_eq!(e.to_string(), "unterminated template literal starting at byte 7");
        let e = ScanError { kind: ScanErrorKind::UnclosedBody, at: 3 };
        assert_eq!(e.to_string(), "script body opened at byte 3 is never closed");
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        let n = 200_000;
        let lua = format!("{{{}{}}}", "{".repeat(n), "}".repeat(n));
        assert_eq!(find_body_end(ScriptLanguage::Lua, &lua, 1), Ok(lua.len() - 1));
        let js = format!("{{ {}{} }}", "`${".repeat(n), "}`".repeat(n));
        assert_eq!(find_body_end(ScriptLanguage::JavaScript, &js, 1), Ok(js.len() - 1));
        let py = format!("{{ {}{} }}", "f'{".repeat(n), "}'".repeat(n));
        assert_eq!(find_body_end(ScriptLanguage::Python, &py, 1), Ok(py.len() - 1));
        let wren = format!("{{ {}{} }}", "\"%(".repeat(n), ")\"".repeat(n));
        assert_eq!(find_body_end(ScriptLanguage::Wren, &wren, 1), Ok(wren.len() - 1));
        for lang in ALL {
            let open = "({[`\"'".repeat(n / 4);
            let _ = find_body_end(lang, &format!("{{{open}"), 1);
        }
    }

    #[test]
    fn scanning_is_linear() {
        // Inputs that would make a naive scanner restart or rescan: many `]=` runs for Lua
        // long brackets, many quotes for triple quotes, many unterminated regexes, and so on.
        let n = 100_000;
        let inputs: [(ScriptLanguage, String); 5] = [
            (ScriptLanguage::Lua, format!("{{ [==[{}", "]=]".repeat(n))),
            (ScriptLanguage::Python, format!("{{ '''{}", "''\\'".repeat(n))),
            (ScriptLanguage::JavaScript, format!("{{ {}", "/[/\n".repeat(n))),
            (ScriptLanguage::Wren, format!("{{ /*{}", "*/*".repeat(n))),
            (ScriptLanguage::Python, format!("{{ {}", "f'{x:".repeat(n))),
        ];
        let started = std::time::Instant::now();
        for (lang, src) in &inputs {
            assert!(find_body_end(*lang, src, 1).is_err());
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
    }

    /// A tiny xorshift generator so the fuzz loop needs no dependency.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }
    }

    #[test]
    fn random_input_never_panics_and_ok_points_at_a_brace() {
        // Bytes biased towards the delimiters the scanners care about.
        const ALPHABET: &[u8] = b"{}{}()[]'\"`/\\*#-=%$:!\n\r rRfFbBtTuxz/=[]()'\"`{}a\xC3\xA9";
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        for round in 0..4000 {
            let len = (rng.next() % 64) as usize;
            let mut bytes = Vec::with_capacity(len);
            for _ in 0..len {
                let r = rng.next();
                if round % 4 == 0 {
                    bytes.push(r as u8);
                } else {
                    bytes.push(ALPHABET[(r % ALPHABET.len() as u64) as usize]);
                }
            }
            let text = String::from_utf8_lossy(&bytes).into_owned();
            for lang in ALL {
                for start in [0, 1, 2, (rng.next() % (text.len() as u64 + 3)) as usize] {
                    match find_body_end(lang, &text, start) {
                        Ok(i) => {
                            assert_eq!(text.as_bytes()[i], b'}', "{lang:?} {text:?} {start}");
                            assert!(i >= start);
                        }
                        Err(e) => assert!(
                            e.at <= text.len() && text.is_char_boundary(e.at),
                            "{lang:?} {text:?} {start}: {e:?}"
                        ),
                    }
                }
            }
        }
    }
}
