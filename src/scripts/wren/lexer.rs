//! Wren tokenizer, after `wren_compiler.c` (0.4): newlines are tokens, `//` and nested `/* */`
//! comments are skipped, a string with interpolations is split into parts around its `%( )`
//! expressions (the lexer counts parentheses to find the `)` that ends each one).

use super::SyntaxError;

/// Deepest nesting of interpolations inside interpolations, as in Wren.
const MAX_INTERPOLATION_NESTING: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Colon,
    Dot,
    DotDot,
    DotDotDot,
    Comma,
    Star,
    Slash,
    Percent,
    Hash,
    Plus,
    Minus,
    LtLt,
    GtGt,
    Pipe,
    PipePipe,
    Caret,
    Amp,
    AmpAmp,
    Bang,
    Tilde,
    Question,
    Eq,
    Lt,
    Gt,
    LtEq,
    GtEq,
    EqEq,
    BangEq,
    As,
    Break,
    Class,
    Construct,
    Continue,
    Else,
    False,
    For,
    Foreign,
    If,
    Import,
    In,
    Is,
    Null,
    Return,
    Static,
    Super,
    This,
    True,
    Var,
    While,
    /// `_name`
    Field,
    /// `__name`
    StaticField,
    Name,
    Number,
    /// A whole string, or the last part of an interpolated one (from its `)`).
    String,
    /// A string part that ends with `%(`.
    Interpolation,
    /// A newline.
    Line,
    /// Characters that are not Wren (already reported by the lexer).
    Error,
    Eof,
}

#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub kind: Tok,
    pub start: usize,
    pub end: usize,
    /// A string part that begins with the `)` closing an interpolation.
    pub closes_interpolation: bool,
}

pub struct Lexed {
    pub tokens: Vec<Token>,
    pub errors: Vec<SyntaxError>,
    /// A string or comment ran to the end of the text: errors the parser finds there follow
    /// from it and are not reported.
    pub fatal_at_eof: bool,
}

fn keyword(name: &str) -> Option<Tok> {
    Some(match name {
        "as" => Tok::As,
        "break" => Tok::Break,
        "class" => Tok::Class,
        "construct" => Tok::Construct,
        "continue" => Tok::Continue,
        "else" => Tok::Else,
        "false" => Tok::False,
        "for" => Tok::For,
        "foreign" => Tok::Foreign,
        "if" => Tok::If,
        "import" => Tok::Import,
        "in" => Tok::In,
        "is" => Tok::Is,
        "null" => Tok::Null,
        "return" => Tok::Return,
        "static" => Tok::Static,
        "super" => Tok::Super,
        "this" => Tok::This,
        "true" => Tok::True,
        "var" => Tok::Var,
        "while" => Tok::While,
        _ => return None,
    })
}

/// An open `%(`: parentheses still open inside it, where it is, where its string began.
struct Interp {
    parens: usize,
    at: usize,
    quote: usize,
}

struct Lexer<'a> {
    src: &'a str,
    b: &'a [u8],
    i: usize,
    tokens: Vec<Token>,
    errors: Vec<SyntaxError>,
    fatal_at_eof: bool,
    interps: Vec<Interp>,
    too_deep_reported: bool,
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Whether a byte starts something the lexer does not know.
fn is_invalid_start(c: u8) -> bool {
    !(c.is_ascii_alphanumeric() || b"_()[]{}:.,*/%#^+-~?|&=!<>\"\n\r\t ".contains(&c))
}

impl<'a> Lexer<'a> {
    fn peek(&self, ahead: usize) -> u8 {
        self.b.get(self.i + ahead).copied().unwrap_or(0)
    }

    fn at_end(&self) -> bool {
        self.i >= self.b.len()
    }

    fn push(&mut self, kind: Tok, start: usize) {
        self.tokens.push(Token { kind, start, end: self.i, closes_interpolation: false });
    }

    fn error(&mut self, start: usize, end: usize, message: impl Into<String>) {
        self.errors.push(SyntaxError { start, end, message: message.into() });
    }

    /// End of the character starting at byte `at`.
    fn char_end(&self, at: usize) -> usize {
        let mut e = (at + 1).min(self.b.len());
        while e < self.b.len() && !self.src.is_char_boundary(e) {
            e += 1;
        }
        e
    }

    fn run(&mut self) {
        if self.src.starts_with('\u{feff}') {
            self.i = 3;
        }
        if self.src[self.i..].starts_with("#!/") {
            self.skip_line_comment();
        }
        while !self.at_end() {
            let start = self.i;
            let c = self.b[self.i];
            self.i += 1;
            let two = |l: &mut Self, next: u8, yes: Tok, no: Tok| {
                if l.peek(0) == next {
                    l.i += 1;
                    l.push(yes, start);
                } else {
                    l.push(no, start);
                }
            };
            match c {
                b'(' => {
                    if let Some(top) = self.interps.last_mut() {
                        top.parens += 1;
                    }
                    self.push(Tok::LParen, start);
                }
                b')' => {
                    let closes = match self.interps.last_mut() {
                        Some(top) => {
                            top.parens -= 1;
                            top.parens == 0
                        }
                        None => false,
                    };
                    if closes {
                        let quote = self.interps.pop().map_or(start, |t| t.quote);
                        self.read_string(start, quote, true);
                    } else {
                        self.push(Tok::RParen, start);
                    }
                }
                b'[' => self.push(Tok::LBracket, start),
                b']' => self.push(Tok::RBracket, start),
                b'{' => self.push(Tok::LBrace, start),
                b'}' => self.push(Tok::RBrace, start),
                b':' => self.push(Tok::Colon, start),
                b',' => self.push(Tok::Comma, start),
                b'*' => self.push(Tok::Star, start),
                b'%' => self.push(Tok::Percent, start),
                b'#' => self.push(Tok::Hash, start),
                b'^' => self.push(Tok::Caret, start),
                b'+' => self.push(Tok::Plus, start),
                b'-' => self.push(Tok::Minus, start),
                b'~' => self.push(Tok::Tilde, start),
                b'?' => self.push(Tok::Question, start),
                b'|' => two(self, b'|', Tok::PipePipe, Tok::Pipe),
                b'&' => two(self, b'&', Tok::AmpAmp, Tok::Amp),
                b'=' => two(self, b'=', Tok::EqEq, Tok::Eq),
                b'!' => two(self, b'=', Tok::BangEq, Tok::Bang),
                b'.' => {
                    if self.peek(0) == b'.' {
                        self.i += 1;
                        two(self, b'.', Tok::DotDotDot, Tok::DotDot);
                    } else {
                        self.push(Tok::Dot, start);
                    }
                }
                b'/' => {
                    if self.peek(0) == b'/' {
                        self.skip_line_comment();
                    } else if self.peek(0) == b'*' {
                        self.i += 1;
                        self.skip_block_comment(start);
                    } else {
                        self.push(Tok::Slash, start);
                    }
                }
                b'<' => {
                    if self.peek(0) == b'<' {
                        self.i += 1;
                        self.push(Tok::LtLt, start);
                    } else {
                        two(self, b'=', Tok::LtEq, Tok::Lt);
                    }
                }
                b'>' => {
                    if self.peek(0) == b'>' {
                        self.i += 1;
                        self.push(Tok::GtGt, start);
                    } else {
                        two(self, b'=', Tok::GtEq, Tok::Gt);
                    }
                }
                b'\n' => self.push(Tok::Line, start),
                b' ' | b'\r' | b'\t' => {}
                b'"' => {
                    if self.peek(0) == b'"' && self.peek(1) == b'"' {
                        self.read_raw_string(start);
                    } else {
                        self.read_string(start, start, false);
                    }
                }
                b'0' if self.peek(0) == b'x' => {
                    self.i += 1;
                    let digits = self.i;
                    while self.peek(0).is_ascii_hexdigit() {
                        self.i += 1;
                    }
                    if self.i == digits {
                        self.error(start, self.i, "Expect hex digits after '0x'.");
                    }
                    self.push(Tok::Number, start);
                }
                c if c.is_ascii_digit() => self.read_number(start),
                c if is_name_start(c) => {
                    while is_name_char(self.peek(0)) {
                        self.i += 1;
                    }
                    let text = &self.src[start..self.i];
                    let kind = if text.starts_with("__") {
                        Tok::StaticField
                    } else if text.starts_with('_') {
                        Tok::Field
                    } else {
                        keyword(text).unwrap_or(Tok::Name)
                    };
                    self.push(kind, start);
                }
                _ => {
                    // Unknown characters (and a run of them) give one error token.
                    self.i = self.char_end(start);
                    while !self.at_end() && is_invalid_start(self.b[self.i]) {
                        self.i = self.char_end(self.i);
                    }
                    let text = &self.src[start..self.i];
                    let shown: String = text
                        .chars()
                        .map(|c| if c.is_control() { char::REPLACEMENT_CHARACTER } else { c })
                        .collect();
                    let message = if text.chars().count() == 1 {
                        format!("Invalid character '{shown}'.")
                    } else {
                        format!("Invalid characters '{shown}'.")
                    };
                    self.error(start, self.i, message);
                    self.push(Tok::Error, start);
                }
            }
        }
        if let Some(open) = self.interps.last() {
            if !self.fatal_at_eof {
                let at = open.at;
                self.error(at, at + 2, "Unterminated interpolation: expect ')' to close '%('.");
                self.fatal_at_eof = true;
            }
        }
        let end = self.b.len();
        self.tokens.push(Token { kind: Tok::Eof, start: end, end, closes_interpolation: false });
    }

    fn skip_line_comment(&mut self) {
        while !self.at_end() && self.b[self.i] != b'\n' {
            self.i += 1;
        }
    }

    fn skip_block_comment(&mut self, start: usize) {
        let mut nesting = 1;
        while nesting > 0 {
            if self.at_end() {
                self.error(start, start + 2, "Unterminated block comment.");
                self.fatal_at_eof = true;
                return;
            }
            if self.peek(0) == b'/' && self.peek(1) == b'*' {
                self.i += 2;
                nesting += 1;
            } else if self.peek(0) == b'*' && self.peek(1) == b'/' {
                self.i += 2;
                nesting -= 1;
            } else {
                self.i += 1;
            }
        }
    }

    fn read_number(&mut self, start: usize) {
        while self.peek(0).is_ascii_digit() {
            self.i += 1;
        }
        if self.peek(0) == b'.' && self.peek(1).is_ascii_digit() {
            self.i += 1;
            while self.peek(0).is_ascii_digit() {
                self.i += 1;
            }
        }
        if self.peek(0) == b'e' || self.peek(0) == b'E' {
            self.i += 1;
            if self.peek(0) == b'+' || self.peek(0) == b'-' {
                self.i += 1;
            }
            if !self.peek(0).is_ascii_digit() {
                self.error(start, self.i, "Unterminated scientific notation.");
            }
            while self.peek(0).is_ascii_digit() {
                self.i += 1;
            }
        }
        self.push(Tok::Number, start);
    }

    fn read_raw_string(&mut self, start: usize) {
        self.i += 2;
        loop {
            if self.at_end() {
                self.error(start, start + 3, "Unterminated raw string.");
                self.fatal_at_eof = true;
                break;
            }
            if self.b[self.i..].starts_with(b"\"\"\"") {
                self.i += 3;
                break;
            }
            self.i += 1;
        }
        self.push(Tok::String, start);
    }

    /// Reads `count` hex digits of an escape that began at `esc` (the backslash).
    fn hex_escape(&mut self, esc: usize, count: usize, what: &str) {
        for _ in 0..count {
            let c = self.peek(0);
            if c == b'"' || self.at_end() {
                let end = self.i;
                self.error(esc, end, format!("Incomplete {what} escape sequence."));
                return;
            }
            if !c.is_ascii_hexdigit() {
                let end = self.char_end(self.i);
                self.error(esc, end, format!("Invalid {what} escape sequence."));
                return;
            }
            self.i += 1;
        }
    }

    /// Reads a string from `start` (its `"`, or the `)` that ends an interpolation). `quote`
    /// is where the whole string literal began.
    fn read_string(&mut self, start: usize, quote: usize, continued: bool) {
        let kind = loop {
            if self.at_end() {
                if let Some(open) = self.interps.last() {
                    let at = open.at;
                    self.error(at, at + 2, "Unterminated interpolation: expect ')' to close '%('.");
                } else {
                    self.error(quote, quote + 1, "Unterminated string.");
                }
                self.fatal_at_eof = true;
                break Tok::String;
            }
            let c = self.b[self.i];
            self.i += 1;
            match c {
                b'"' => break Tok::String,
                b'%' => {
                    if self.peek(0) != b'(' {
                        self.error(
                            self.i - 1,
                            self.i,
                            "Expect '(' after '%' (write '\\%' for a percent sign).",
                        );
                    } else if self.interps.len() >= MAX_INTERPOLATION_NESTING {
                        if self.too_deep_reported {
                            continue;
                        }
                        self.too_deep_reported = true;
                        self.error(
                            self.i - 1,
                            self.i + 1,
                            format!(
                                "Interpolation may only nest {MAX_INTERPOLATION_NESTING} levels deep."
                            ),
                        );
                    } else {
                        self.interps.push(Interp { parens: 1, at: self.i - 1, quote });
                        self.i += 1;
                        break Tok::Interpolation;
                    }
                }
                b'\\' => {
                    let esc = self.i - 1;
                    if self.at_end() {
                        continue;
                    }
                    let e = self.b[self.i];
                    match e {
                        b'"' | b'\\' | b'%' | b'0' | b'a' | b'b' | b'e' | b'f' | b'n' | b'r'
                        | b't' | b'v' => self.i += 1,
                        b'x' => {
                            self.i += 1;
                            self.hex_escape(esc, 2, "byte");
                        }
                        b'u' => {
                            self.i += 1;
                            self.hex_escape(esc, 4, "Unicode");
                        }
                        b'U' => {
                            self.i += 1;
                            self.hex_escape(esc, 8, "Unicode");
                        }
                        _ => {
                            let end = self.char_end(self.i);
                            let ch = &self.src[self.i..end];
                            let shown = if ch.chars().all(|c| !c.is_control()) {
                                format!("'{ch}'")
                            } else {
                                format!("{:?}", ch.chars().next().unwrap_or(' '))
                            };
                            self.error(esc, end, format!("Invalid escape character {shown}."));
                            if e != b'\n' {
                                self.i = end;
                            }
                        }
                    }
                }
                _ => {}
            }
        };
        self.tokens.push(Token { kind, start, end: self.i, closes_interpolation: continued });
    }
}

pub fn lex(src: &str) -> Lexed {
    let mut lexer = Lexer {
        src,
        b: src.as_bytes(),
        i: 0,
        tokens: Vec::new(),
        errors: Vec::new(),
        fatal_at_eof: false,
        interps: Vec::new(),
        too_deep_reported: false,
    };
    lexer.run();
    Lexed { tokens: lexer.tokens, errors: lexer.errors, fatal_at_eof: lexer.fatal_at_eof }
}
