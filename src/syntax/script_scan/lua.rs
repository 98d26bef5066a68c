//! Lua 5.4 body scanning.
//!
//! Non-code in Lua: short strings `'..'`/`".."` (backslash escapes, including `\z` which skips
//! the following whitespace and a backslash before a line break), long strings `[[..]]` /
//! `[==[..]==]` whose closing level must match, line comments `--` and long comments
//! `--[[..]]` / `--[=[..]=]`. A short string cannot contain a raw line break: one that reaches
//! the end of its line is recovered from there (see the module documentation of
//! [`super`]).

use super::{error, line_end, note_recovered, unclosed_body, ScanError, ScanErrorKind};

pub(super) fn scan(src: &[u8], start: usize, dollars: &mut Vec<usize>) -> Result<usize, ScanError> {
    let mut i = start;
    let mut depth = 0usize;
    let mut recovered = None;
    while i < src.len() {
        match src[i] {
            b'{' => {
                depth += 1;
                i += 1;
            }
            b'}' => {
                if depth == 0 {
                    return Ok(i);
                }
                depth -= 1;
                i += 1;
            }
            b'-' if src.get(i + 1) == Some(&b'-') => match long_bracket_level(src, i + 2) {
                Some(level) => {
                    i = long_bracket_end(src, i + 2 + level + 2, level)
                        .ok_or_else(|| error(ScanErrorKind::UnterminatedComment, i))?;
                }
                None => i = line_end(src, i + 2),
            },
            b'[' => match long_bracket_level(src, i) {
                Some(level) => {
                    i = long_bracket_end(src, i + level + 2, level)
                        .ok_or_else(|| error(ScanErrorKind::UnterminatedLongString, i))?;
                }
                None => i += 1,
            },
            quote @ (b'"' | b'\'') => match short_string_end(src, i + 1, quote) {
                ShortEnd::Closed(end) => i = end,
                ShortEnd::LineBreak(at) => {
                    note_recovered(&mut recovered, ScanErrorKind::UnterminatedString, i);
                    i = at;
                }
                ShortEnd::Eof => return Err(error(ScanErrorKind::UnterminatedString, i)),
            },
            b'$' => {
                dollars.push(i);
                i += 1;
            }
            _ => i += 1,
        }
    }
    Err(unclosed_body(src, start, recovered))
}

/// If an opening long bracket `[`, `=`*, `[` starts at `i`, its level (the number of `=`).
fn long_bracket_level(src: &[u8], i: usize) -> Option<usize> {
    if src.get(i) != Some(&b'[') {
        return None;
    }
    let level = src[i + 1..].iter().take_while(|&&b| b == b'=').count();
    (src.get(i + 1 + level) == Some(&b'[')).then_some(level)
}

/// The offset just after the closing long bracket of `level`, searching from `i`.
fn long_bracket_end(src: &[u8], mut i: usize, level: usize) -> Option<usize> {
    while i < src.len() {
        if src[i] != b']' {
            i += 1;
            continue;
        }
        let equals = src[i + 1..].iter().take_while(|&&b| b == b'=').count();
        let after = i + 1 + equals;
        if equals == level && src.get(after) == Some(&b']') {
            return Some(after + 1);
        }
        // A `]` ending the `=` run may itself start the closing bracket.
        i = after;
    }
    None
}

enum ShortEnd {
    /// Offset just after the closing quote.
    Closed(usize),
    /// The string reached an unescaped line break at this offset.
    LineBreak(usize),
    /// The text ended inside the string.
    Eof,
}

fn short_string_end(src: &[u8], mut i: usize, quote: u8) -> ShortEnd {
    while let Some(&b) = src.get(i) {
        match b {
            b if b == quote => return ShortEnd::Closed(i + 1),
            b'\n' | b'\r' => return ShortEnd::LineBreak(i),
            b'\\' => match src.get(i + 1) {
                None => return ShortEnd::Eof,
                // Lua takes `\r\n` and `\n\r` as one escaped line break.
                Some(&nl @ (b'\n' | b'\r')) => {
                    let other = if nl == b'\n' { b'\r' } else { b'\n' };
                    i += if src.get(i + 2) == Some(&other) { 3 } else { 2 };
                }
                Some(b'z') => {
                    i += 2;
                    while src.get(i).is_some_and(|b| b" \t\n\r\x0b\x0c".contains(b)) {
                        i += 1;
                    }
                }
                Some(_) => i += 2,
            },
            _ => i += 1,
        }
    }
    ShortEnd::Eof
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{assert_error, assert_robust, body};
    use super::super::ScanErrorKind as K;
    use crate::languages::ScriptLanguage;

    const LUA: ScriptLanguage = ScriptLanguage::Lua;

    const CLOSING: &[(&str, &str)] = &[
        ("{}", ""),
        ("{ }", " "),
        ("{ x = 1 } after }", " x = 1 "),
        ("{ t = { a = { 1 } } } }", " t = { a = { 1 } } "),
        ("{ s = \"}\" }", " s = \"}\" "),
        ("{ s = '}' }", " s = '}' "),
        ("{ s = \"\\\"}\" }", " s = \"\\\"}\" "),
        ("{ s = '\\'}' }", " s = '\\'}' "),
        ("{ s = \"\\\\\" }", " s = \"\\\\\" "),
        ("{ s = \"a\\\n}\" }", " s = \"a\\\n}\" "),
        ("{ s = \"a\\\r\n}\" }", " s = \"a\\\r\n}\" "),
        ("{ s = \"a\\z  \n\n  }\" }", " s = \"a\\z  \n\n  }\" "),
        ("{ s = [[ } ]] }", " s = [[ } ]] "),
        ("{ s = [[\n}\n]] }", " s = [[\n}\n]] "),
        ("{ s = [==[ ]] ]=] } ]==] }", " s = [==[ ]] ]=] } ]==] "),
        ("{ s = [=[ ]==] ]] ]=] }", " s = [=[ ]==] ]] ]=] "),
        ("{ t[ [[}]] ] = 1 }", " t[ [[}]] ] = 1 "),
        ("{ t[1] = a[b[2]] }", " t[1] = a[b[2]] "),
        ("{ x = 1 -- } comment\n}", " x = 1 -- } comment\n"),
        ("{ --[[ } ]] x }", " --[[ } ]] x "),
        ("{ --[==[ ]] } ]==] x }", " --[==[ ]] } ]==] x "),
        ("{ --[[\n}\n]] }", " --[[\n}\n]] "),
        ("{ ---[[ line comment }\n}", " ---[[ line comment }\n"),
        ("{ --[= not long }\n}", " --[= not long }\n"),
        ("{ x = [= 1 }", " x = [= 1 "),
        ("{ x = a - -b }", " x = a - -b "),
        ("{ s = \"ünï}cödé\" -- 日本 }\n}", " s = \"ünï}cödé\" -- 日本 }\n"),
        (
            "{\n  local s = \"}\" .. [[ } ]]\n  return s\n}",
            "\n  local s = \"}\" .. [[ } ]]\n  return s\n",
        ),
    ];

    #[test]
    fn braces_in_non_code_do_not_close_the_body() {
        for &(src, expected) in CLOSING {
            assert_eq!(body(LUA, src), expected, "{src:?}");
        }
    }

    #[test]
    fn unterminated_short_strings_end_at_the_line_break() {
        // The string is a Lua syntax error, but it does not hide the body's end.
        assert_eq!(body(LUA, "{ s = \"abc\n}"), " s = \"abc\n");
        assert_eq!(body(LUA, "{ s = 'abc }\n}"), " s = 'abc }\n");
        // When the body then does not close, the string is the likely cause.
        assert_error(LUA, "{ s = \"abc}\n x = 1", K::UnterminatedString, 6);
        assert_error(LUA, "{ a = '}'\n s = 'abc}\n t = \"x}\n", K::UnterminatedString, 15);
    }

    #[test]
    fn errors_point_at_the_construct_that_swallowed_the_rest() {
        assert_error(LUA, "{ x = 1 -- }", K::UnclosedBody, 0);
        assert_error(LUA, "@f() { x = { 1 }", K::UnclosedBody, 5);
        assert_error(LUA, "{ s = [[ } ", K::UnterminatedLongString, 6);
        assert_error(LUA, "{ s = [==[ ]=] ]] }", K::UnterminatedLongString, 6);
        assert_error(LUA, "{ --[[ } ", K::UnterminatedComment, 2);
        assert_error(LUA, "{ --[=[ ]] ]==] }", K::UnterminatedComment, 2);
        assert_error(LUA, "{ s = \"abc", K::UnterminatedString, 6);
        assert_error(LUA, "{ s = 'abc\\", K::UnterminatedString, 6);
        assert_error(LUA, "{ s = 'a\\z  ", K::UnterminatedString, 6);
        // A recovered short string does not outrank a long string reaching the end.
        assert_error(LUA, "{ s = 'x\n t = [[ }", K::UnterminatedLongString, 14);
        assert_error(LUA, "{ é = [[ }", K::UnterminatedLongString, 7);
    }

    #[test]
    fn truncations_never_panic() {
        for &(src, _) in CLOSING {
            assert_robust(LUA, src);
        }
        assert_robust(LUA, "{ s = 'a\\z  \n' .. \"\\\r\n\" .. [=[ ]] ]=] --[==[ ]==] }");
    }
}
