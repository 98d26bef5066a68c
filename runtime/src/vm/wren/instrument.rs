//! Check points in script loops, and the nesting cap, applied to Wren source before it is
//! compiled.
//!
//! Wren has no instruction hook, so every loop of a script calls `Kryon.tick_` (which stops
//! the call once its time is up or memory is near the limit): `while (c)` becomes
//! `while (Kryon.tick_ && (c))` and `for (x in s)` becomes `for (x in KryTick_.over(s))`,
//! whose `iterate` ticks. Text is only inserted on the same line, so line numbers (all that
//! Wren reports) do not move. Strings (with `%(...)` interpolation), raw strings and nested
//! comments are skipped.
//!
//! Wren's compiler recurses once per nesting level, so code nesting deeper than
//! [`MAX_NESTING`] (brackets, or a run of prefix operators) is refused before it reaches it:
//! the native stack stays bounded.

/// The deepest brackets may nest (the compiler's check allows 128 levels of expressions).
pub const MAX_NESTING: usize = 128;

/// What the scanner found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Ident(usize, usize),
    Open(u8),
    Close(u8),
    /// Whitespace and comments: a pending loop keyword keeps waiting for its `(`.
    Skip,
    Other,
}

struct Scanner<'a> {
    s: &'a [u8],
    i: usize,
    /// Insertions: byte position and text, in order.
    inserts: Vec<(usize, &'static str)>,
    depth: usize,
    /// Per open bracket: what to insert before its matching `)`, and whether a `for` header
    /// waits for its `in`.
    pending: Vec<(u8, Option<&'static str>, bool)>,
    /// The last identifier: a `for` or `while` waiting for its `(`.
    loop_kw: Option<&'static str>,
    prefix_run: usize,
}

/// `code` with check points in its loops; `Err` with a message when it nests too deeply.
pub fn instrument(code: &str) -> Result<String, String> {
    let mut sc = Scanner {
        s: code.as_bytes(),
        i: 0,
        inserts: Vec::new(),
        depth: 0,
        pending: Vec::new(),
        loop_kw: None,
        prefix_run: 0,
    };
    sc.code(false)?;
    let mut out = String::with_capacity(code.len() + sc.inserts.len() * 16);
    let mut at = 0;
    for (pos, text) in &sc.inserts {
        out.push_str(&code[at..*pos]);
        out.push_str(text);
        at = *pos;
    }
    out.push_str(&code[at..]);
    Ok(out)
}

fn too_deep() -> String {
    format!("the code nests more than {MAX_NESTING} levels deep")
}

impl Scanner<'_> {
    fn peek(&self, k: usize) -> u8 {
        self.s.get(self.i + k).copied().unwrap_or(0)
    }

    /// Code until the end, or (inside an interpolation) until its closing `)`.
    fn code(&mut self, interpolation: bool) -> Result<(), String> {
        let base = self.pending.len();
        while self.i < self.s.len() {
            let tok = self.token()?;
            match tok {
                Tok::Ident(start, end) => {
                    let word = &self.s[start..end];
                    let after_dot = start > 0
                        && self.s[..start].iter().rev().find(|b| !b.is_ascii_whitespace())
                            == Some(&b'.');
                    self.loop_kw = match word {
                        b"while" if !after_dot => Some("while"),
                        b"for" if !after_dot => Some("for"),
                        _ => None,
                    };
                    if word == b"in" {
                        let inside = self.pending.len() > base;
                        if let Some(last) = self.pending.last_mut() {
                            if last.2 && inside {
                                last.2 = false;
                                self.inserts.push((end, " KryTick_.over("));
                            }
                        }
                    }
                }
                Tok::Open(b) => {
                    let kw = self.loop_kw.take();
                    self.depth += 1;
                    if self.depth > MAX_NESTING {
                        return Err(too_deep());
                    }
                    let (close, waits_in) = match (b, kw) {
                        (b'(', Some("while")) => {
                            self.inserts.push((self.i, "Kryon.tick_ && ("));
                            (Some(")"), false)
                        }
                        (b'(', Some("for")) => (Some(")"), true),
                        _ => (None, false),
                    };
                    self.pending.push((b, close, waits_in));
                }
                Tok::Close(b) => {
                    self.loop_kw = None;
                    if self.pending.len() == base {
                        if interpolation && b == b')' {
                            return Ok(());
                        }
                        continue;
                    }
                    self.depth = self.depth.saturating_sub(1);
                    if let Some((_, close, waits_in)) = self.pending.pop() {
                        // A `for` header without `in` is a syntax error Wren reports; insert
                        // nothing then.
                        if let (Some(close), false) = (close, waits_in) {
                            self.inserts.push((self.i - 1, close));
                        }
                    }
                }
                Tok::Skip => {}
                Tok::Other => self.loop_kw = None,
            }
        }
        Ok(())
    }

    /// The next token (strings and comments skipped over; whitespace gives `Other`).
    fn token(&mut self) -> Result<Tok, String> {
        let c = self.peek(0);
        if c.is_ascii_whitespace() {
            self.i += 1;
            return Ok(Tok::Skip);
        }
        if c != b'-' && c != b'!' && c != b'~' {
            self.prefix_run = 0;
        }
        match c {
            b'/' if self.peek(1) == b'/' => {
                while self.i < self.s.len() && self.s[self.i] != b'\n' {
                    self.i += 1;
                }
                Ok(Tok::Skip)
            }
            b'/' if self.peek(1) == b'*' => {
                self.block_comment();
                Ok(Tok::Skip)
            }
            b'"' if self.peek(1) == b'"' && self.peek(2) == b'"' => {
                self.i += 3;
                while self.i < self.s.len() && !self.s[self.i..].starts_with(b"\"\"\"") {
                    self.i += 1;
                }
                self.i = (self.i + 3).min(self.s.len());
                Ok(Tok::Other)
            }
            b'"' => {
                self.i += 1;
                self.string()?;
                Ok(Tok::Other)
            }
            b'(' | b'[' | b'{' => {
                self.i += 1;
                Ok(Tok::Open(c))
            }
            b')' | b']' | b'}' => {
                self.i += 1;
                Ok(Tok::Close(c))
            }
            b'-' | b'!' | b'~' => {
                self.i += 1;
                self.prefix_run += 1;
                if self.prefix_run > MAX_NESTING {
                    return Err(too_deep());
                }
                Ok(Tok::Other)
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = self.i;
                while self.i < self.s.len()
                    && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_')
                {
                    self.i += 1;
                }
                Ok(Tok::Ident(start, self.i))
            }
            _ => {
                self.i += 1;
                Ok(Tok::Other)
            }
        }
    }

    fn block_comment(&mut self) {
        self.i += 2;
        let mut depth = 1;
        while self.i < self.s.len() && depth > 0 {
            if self.s[self.i..].starts_with(b"/*") {
                depth += 1;
                self.i += 2;
            } else if self.s[self.i..].starts_with(b"*/") {
                depth -= 1;
                self.i += 2;
            } else {
                self.i += 1;
            }
        }
    }

    /// A string after its opening quote, through its closing quote.
    fn string(&mut self) -> Result<(), String> {
        while self.i < self.s.len() {
            match self.s[self.i] {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    return Ok(());
                }
                b'%' if self.peek(1) == b'(' => {
                    self.i += 2;
                    self.depth += 1;
                    if self.depth > MAX_NESTING {
                        return Err(too_deep());
                    }
                    let kw = self.loop_kw.take();
                    self.code(true)?;
                    self.loop_kw = kw;
                    self.depth -= 1;
                }
                _ => self.i += 1,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loops_get_check_points_on_their_own_lines() {
        let code = "while (i < 3) i = i + 1\nfor (x in [1, (2)]) {\n  System.print(\"for (y in z) %(a.while)\")\n}\n";
        let out = instrument(code).unwrap();
        assert_eq!(
            out,
            "while (Kryon.tick_ && (i < 3)) i = i + 1\nfor (x in KryTick_.over( [1, (2)])) {\n  System.print(\"for (y in z) %(a.while)\")\n}\n"
        );
        assert_eq!(out.lines().count(), code.lines().count());
    }

    #[test]
    fn comments_and_nested_loops() {
        let code = "while /* c */ (true) {\n  for (i in 1..2) while (false) {}\n}";
        assert_eq!(
            instrument(code).unwrap(),
            "while /* c */ (Kryon.tick_ && (true)) {\n  for (i in KryTick_.over( 1..2)) while (Kryon.tick_ && (false)) {}\n}"
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        assert!(instrument(&"(".repeat(200)).is_err());
        assert!(instrument(&format!("{}1", "-".repeat(200))).is_err());
        assert!(instrument(&"(".repeat(100)).is_ok());
    }
}
