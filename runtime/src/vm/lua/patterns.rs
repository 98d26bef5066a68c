//! Lua 5.4's pattern matcher (`lstrlib.c`), ported so that it runs under the VM's time
//! budget: Lua's own matcher is native code the count hook never interrupts, and a
//! backtracking pattern (`("a"):rep(5000):find(("a*"):rep(12) .. "b")`) runs for hours.
//! This one counts its steps and asks the [`CallClock`] every [`CHECK_EVERY`] steps; a call
//! over its time limit ends with the hook's own error. The semantics are Lua's, item by
//! item (classes, sets, `%b`, `%f`, back-references, position captures, anchors), with the
//! same limits (32 captures, 200 levels of nesting) and the same error messages.

use mlua::Error;

use crate::vm::CallClock;

/// Lua's `LUA_MAXCAPTURES`.
pub(super) const MAX_CAPTURES: usize = 32;
/// Lua's `MAXCCALLS`: how deep the matcher may recurse.
const MAX_DEPTH: usize = 200;
/// Steps between two looks at the clock.
const CHECK_EVERY: u32 = 4096;
const ESC: u8 = b'%';

/// What a capture holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Capture {
    /// Opened, not closed yet.
    Unfinished,
    /// `()`: the position.
    Position,
    /// This many bytes.
    Len(usize),
}

/// One match attempt's state over subject `src` and pattern `pat`.
pub(super) struct Matcher<'a> {
    pub src: &'a [u8],
    pat: &'a [u8],
    depth: usize,
    pub level: usize,
    pub captures: [(usize, Capture); MAX_CAPTURES],
    steps: u32,
    clock: &'a CallClock,
}

/// The error that ends a match over the time limit (mapped to the budget error like the
/// count hook's).
fn time_limit() -> Error {
    Error::runtime("time limit")
}

impl<'a> Matcher<'a> {
    pub fn new(src: &'a [u8], pat: &'a [u8], clock: &'a CallClock) -> Matcher<'a> {
        Matcher {
            src,
            pat,
            depth: MAX_DEPTH,
            level: 0,
            captures: [(0, Capture::Unfinished); MAX_CAPTURES],
            steps: 0,
            clock,
        }
    }

    /// Ready for a new attempt (`reprepstate`).
    pub fn reset(&mut self) {
        self.level = 0;
        self.depth = MAX_DEPTH;
    }

    /// Counts one step; every [`CHECK_EVERY`] steps, the time limit.
    #[inline]
    pub fn step(&mut self) -> Result<(), Error> {
        self.steps = self.steps.wrapping_add(1);
        if self.steps.is_multiple_of(CHECK_EVERY) && self.clock.over() {
            return Err(time_limit());
        }
        Ok(())
    }

    fn p(&self, i: usize) -> u8 {
        self.pat.get(i).copied().unwrap_or(0)
    }

    fn s(&self, i: usize) -> u8 {
        self.src.get(i).copied().unwrap_or(0)
    }

    fn class_end(&self, mut p: usize) -> Result<usize, Error> {
        let c = self.p(p);
        p += 1;
        if c == ESC {
            if p >= self.pat.len() {
                return Err(Error::runtime("malformed pattern (ends with '%')"));
            }
            return Ok(p + 1);
        }
        if c == b'[' {
            if self.p(p) == b'^' {
                p += 1;
            }
            loop {
                if p >= self.pat.len() {
                    return Err(Error::runtime("malformed pattern (missing ']')"));
                }
                let c = self.p(p);
                p += 1;
                if c == ESC && p < self.pat.len() {
                    p += 1;
                }
                if self.p(p) == b']' {
                    break;
                }
            }
            return Ok(p + 1);
        }
        Ok(p)
    }

    fn single_match(&self, s: usize, p: usize, ep: usize) -> bool {
        if s >= self.src.len() {
            return false;
        }
        let c = self.src[s];
        match self.p(p) {
            b'.' => true,
            ESC => match_class(c, self.p(p + 1)),
            b'[' => self.bracket_class(c, p, ep - 1),
            pc => pc == c,
        }
    }

    /// Whether `c` is in the set `[...]` from `p` (the `[`) to `ec` (the `]`).
    fn bracket_class(&self, c: u8, mut p: usize, ec: usize) -> bool {
        let mut sig = true;
        if self.p(p + 1) == b'^' {
            sig = false;
            p += 1;
        }
        loop {
            p += 1;
            if p >= ec {
                break;
            }
            if self.p(p) == ESC {
                p += 1;
                if match_class(c, self.p(p)) {
                    return sig;
                }
            } else if self.p(p + 1) == b'-' && p + 2 < ec {
                p += 2;
                if self.p(p - 2) <= c && c <= self.p(p) {
                    return sig;
                }
            } else if self.p(p) == c {
                return sig;
            }
        }
        !sig
    }

    /// Matches the pattern from `p` against the subject from `s`: where the match ends.
    pub fn do_match(&mut self, s: usize, p: usize) -> Result<Option<usize>, Error> {
        if self.depth == 0 {
            return Err(Error::runtime("pattern too complex"));
        }
        self.depth -= 1;
        let result = self.match_items(s, p);
        self.depth += 1;
        result
    }

    fn match_items(&mut self, mut s: usize, mut p: usize) -> Result<Option<usize>, Error> {
        loop {
            self.step()?;
            if p >= self.pat.len() {
                return Ok(Some(s));
            }
            match self.p(p) {
                b'(' => {
                    return if self.p(p + 1) == b')' {
                        self.start_capture(s, p + 2, Capture::Position)
                    } else {
                        self.start_capture(s, p + 1, Capture::Unfinished)
                    };
                }
                b')' => return self.end_capture(s, p + 1),
                b'$' if p + 1 == self.pat.len() => {
                    return Ok((s == self.src.len()).then_some(s));
                }
                ESC if self.p(p + 1) == b'b' => match self.balance(s, p + 2)? {
                    Some(end) => {
                        s = end;
                        p += 4;
                        continue;
                    }
                    None => return Ok(None),
                },
                ESC if self.p(p + 1) == b'f' => {
                    p += 2;
                    if self.p(p) != b'[' {
                        return Err(Error::runtime("missing '[' after '%f' in pattern"));
                    }
                    let ep = self.class_end(p)?;
                    let previous = if s == 0 { 0 } else { self.s(s - 1) };
                    if !self.bracket_class(previous, p, ep - 1)
                        && self.bracket_class(self.s(s), p, ep - 1)
                    {
                        p = ep;
                        continue;
                    }
                    return Ok(None);
                }
                ESC if self.p(p + 1).is_ascii_digit() => {
                    match self.match_capture(s, self.p(p + 1))? {
                        Some(end) => {
                            s = end;
                            p += 2;
                            continue;
                        }
                        None => return Ok(None),
                    }
                }
                _ => {
                    let ep = self.class_end(p)?;
                    let next = self.p(ep);
                    if !self.single_match(s, p, ep) {
                        if matches!(next, b'*' | b'?' | b'-') && ep < self.pat.len() {
                            p = ep + 1;
                            continue;
                        }
                        return Ok(None);
                    }
                    match next {
                        b'?' if ep < self.pat.len() => {
                            if let Some(end) = self.do_match(s + 1, ep + 1)? {
                                return Ok(Some(end));
                            }
                            p = ep + 1;
                        }
                        b'+' if ep < self.pat.len() => return self.max_expand(s + 1, p, ep),
                        b'*' if ep < self.pat.len() => return self.max_expand(s, p, ep),
                        b'-' if ep < self.pat.len() => return self.min_expand(s, p, ep),
                        _ => {
                            s += 1;
                            p = ep;
                        }
                    }
                }
            }
        }
    }

    fn max_expand(&mut self, s: usize, p: usize, ep: usize) -> Result<Option<usize>, Error> {
        let mut i = 0;
        while self.single_match(s + i, p, ep) {
            i += 1;
            self.step()?;
        }
        loop {
            if let Some(end) = self.do_match(s + i, ep + 1)? {
                return Ok(Some(end));
            }
            if i == 0 {
                return Ok(None);
            }
            i -= 1;
        }
    }

    fn min_expand(&mut self, mut s: usize, p: usize, ep: usize) -> Result<Option<usize>, Error> {
        loop {
            if let Some(end) = self.do_match(s, ep + 1)? {
                return Ok(Some(end));
            }
            if self.single_match(s, p, ep) {
                s += 1;
            } else {
                return Ok(None);
            }
        }
    }

    fn start_capture(&mut self, s: usize, p: usize, what: Capture) -> Result<Option<usize>, Error> {
        if self.level >= MAX_CAPTURES {
            return Err(Error::runtime("too many captures"));
        }
        self.captures[self.level] = (s, what);
        self.level += 1;
        let result = self.do_match(s, p)?;
        if result.is_none() {
            self.level -= 1;
        }
        Ok(result)
    }

    fn end_capture(&mut self, s: usize, p: usize) -> Result<Option<usize>, Error> {
        let open = (0..self.level).rev().find(|&l| self.captures[l].1 == Capture::Unfinished);
        let Some(l) = open else { return Err(Error::runtime("invalid pattern capture")) };
        self.captures[l].1 = Capture::Len(s - self.captures[l].0);
        let result = self.do_match(s, p)?;
        if result.is_none() {
            self.captures[l].1 = Capture::Unfinished;
        }
        Ok(result)
    }

    fn balance(&mut self, s: usize, p: usize) -> Result<Option<usize>, Error> {
        if p + 1 >= self.pat.len() {
            return Err(Error::runtime("malformed pattern (missing arguments to '%b')"));
        }
        if s >= self.src.len() || self.src[s] != self.p(p) {
            return Ok(None);
        }
        let (open, close) = (self.p(p), self.p(p + 1));
        let mut depth = 1usize;
        let mut at = s + 1;
        while at < self.src.len() {
            self.step()?;
            let c = self.src[at];
            if c == close {
                depth -= 1;
                if depth == 0 {
                    return Ok(Some(at + 1));
                }
            } else if c == open {
                depth += 1;
            }
            at += 1;
        }
        Ok(None)
    }

    fn match_capture(&mut self, s: usize, digit: u8) -> Result<Option<usize>, Error> {
        let l = usize::from(digit).wrapping_sub(usize::from(b'1'));
        let capture = self.captures.get(l).filter(|_| l < self.level);
        let (start, len) = match capture {
            Some(&(start, Capture::Len(len))) => (start, len),
            Some(&(_, Capture::Position)) => return Ok(None),
            _ => {
                let n = i64::from(digit) - i64::from(b'0');
                return Err(Error::runtime(format!("invalid capture index %{n}")));
            }
        };
        let fits = self.src.len() - s.min(self.src.len()) >= len;
        Ok((fits && self.src[start..start + len] == self.src[s..s + len]).then_some(s + len))
    }
}

/// Lua's `match_class` in the C locale: `%a`, `%d`, ... (upper case: the complement), any
/// other character itself.
fn match_class(c: u8, class: u8) -> bool {
    let matched = match class.to_ascii_lowercase() {
        b'a' => c.is_ascii_alphabetic(),
        b'c' => c.is_ascii_control(),
        b'd' => c.is_ascii_digit(),
        b'g' => c.is_ascii_graphic(),
        b'l' => c.is_ascii_lowercase(),
        b'p' => c.is_ascii_punctuation(),
        b's' => matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'),
        b'u' => c.is_ascii_uppercase(),
        b'w' => c.is_ascii_alphanumeric(),
        b'x' => c.is_ascii_hexdigit(),
        _ => return class == c,
    };
    if class.is_ascii_uppercase() {
        !matched
    } else {
        matched
    }
}

/// Whether a pattern has no magic characters (`find` then searches it as plain text).
pub(super) fn no_specials(pattern: &[u8]) -> bool {
    !pattern.iter().any(|c| b"^$*+?.([%-".contains(c))
}
