//! Tokens of KRY, produced by [`super::lexer`].
//!
//! The raw tokens come from a logos automaton; the lexer driver adds what a regular automaton
//! cannot decide: whether `#` starts a colour or a comment, where an embedded script body ends,
//! and whether a token starts a new line (properties are separated by line breaks).

use logos::Logos;

/// What logos recognises. Whitespace is skipped; `#` and script bodies are finished by the driver.
#[derive(Logos, Debug, Clone, Copy, PartialEq, Eq)]
#[logos(skip r"[ \t\r\n\f\u{FEFF}]+")]
pub(crate) enum RawToken {
    #[regex(r"//[^\n]*", allow_greedy = true)]
    LineComment,
    #[token("#")]
    Hash,
    #[regex(r"[A-Za-z_][A-Za-z0-9_\-]*")]
    Ident,
    #[regex(r"-?[0-9]+(\.[0-9]+)?[A-Za-z%]*")]
    Number,
    #[regex(r#""([^"\\\n]|\\[^\n])*""#)]
    String,
    /// A `"` whose string never closes.
    #[token("\"")]
    UnterminatedString,
    #[regex(r"\$[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")]
    Var,
    #[regex(r"\$\{[^}\n]*\}")]
    BracedVar,
    #[token("$")]
    Dollar,
    #[regex(r"@[A-Za-z_][A-Za-z0-9_]*")]
    Directive,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token("[")]
    LBracket,
    #[token("]")]
    RBracket,
    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[token(":")]
    Colon,
    #[token(";")]
    Semi,
    #[token(",")]
    Comma,
    #[token("=")]
    Eq,
    #[token("==")]
    EqEq,
    #[token("!=")]
    NotEq,
    #[token("<")]
    Lt,
    #[token("<=")]
    Le,
    #[token(">")]
    Gt,
    #[token(">=")]
    Ge,
    #[token("&&")]
    AndAnd,
    #[token("||")]
    OrOr,
    #[token("!")]
    Bang,
    #[token("?")]
    Question,
    #[token("+")]
    Plus,
    #[token("&")]
    Amp,
    #[token(".")]
    Dot,
}

/// A token as the parser sees it. Payloads borrow from the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Token<'s> {
    /// An identifier or keyword-like word (`App`, `style`, `true`, `row`, `flex-direction`).
    Ident(&'s str),
    /// A number with its unit glued on, as written (`10`, `-1.5`, `100%`, `12px`).
    Number(&'s str),
    /// A string literal including its quotes, escapes not yet processed.
    Str(&'s str),
    /// A colour literal including the `#`.
    Color(&'s str),
    /// `$name` or `$name.field` (without the `$`).
    Var(&'s str),
    /// `${...}` (the text between the braces).
    BracedVar(&'s str),
    /// `@word` (without the `@`).
    Directive(&'s str),
    /// The verbatim text of a function or script body, between its braces.
    ScriptBody(&'s str),
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    LParen,
    RParen,
    Colon,
    Semi,
    Comma,
    Eq,
    EqEq,
    NotEq,
    Lt,
    Le,
    Gt,
    Ge,
    AndAnd,
    OrOr,
    Bang,
    Question,
    Plus,
    Amp,
    Dot,
    /// Something the lexer already reported; the parser skips it.
    Error,
}

impl Token<'_> {
    /// How the token is named in "expected ..., found ..." messages.
    pub fn describe(&self) -> String {
        match self {
            Token::Ident(s) => format!("`{s}`"),
            Token::Number(s) => format!("number `{s}`"),
            Token::Str(s) => {
                if s.chars().count() > 24 {
                    "a string".to_string()
                } else {
                    format!("string {s}")
                }
            }
            Token::Color(s) => format!("colour `{s}`"),
            Token::Var(s) => format!("`${s}`"),
            Token::BracedVar(s) => format!("`${{{s}}}`"),
            Token::Directive(s) => format!("`@{s}`"),
            Token::ScriptBody(_) => "a script body".to_string(),
            Token::Error => "an invalid token".to_string(),
            other => format!("`{}`", other.punct()),
        }
    }

    fn punct(&self) -> &'static str {
        match self {
            Token::LBrace => "{",
            Token::RBrace => "}",
            Token::LBracket => "[",
            Token::RBracket => "]",
            Token::LParen => "(",
            Token::RParen => ")",
            Token::Colon => ":",
            Token::Semi => ";",
            Token::Comma => ",",
            Token::Eq => "=",
            Token::EqEq => "==",
            Token::NotEq => "!=",
            Token::Lt => "<",
            Token::Le => "<=",
            Token::Gt => ">",
            Token::Ge => ">=",
            Token::AndAnd => "&&",
            Token::OrOr => "||",
            Token::Bang => "!",
            Token::Question => "?",
            Token::Plus => "+",
            Token::Amp => "&",
            Token::Dot => ".",
            _ => "",
        }
    }

    /// Comparison and logical operators, `?` and `(`: tokens that continue an expression.
    pub fn is_operator(&self) -> bool {
        matches!(
            self,
            Token::EqEq
                | Token::NotEq
                | Token::Lt
                | Token::Le
                | Token::Gt
                | Token::Ge
                | Token::AndAnd
                | Token::OrOr
                | Token::Bang
                | Token::Question
                | Token::Plus
                | Token::LParen
        )
    }

    pub fn is_open_delim(&self) -> bool {
        matches!(self, Token::LBrace | Token::LBracket | Token::LParen)
    }

    pub fn is_close_delim(&self) -> bool {
        matches!(self, Token::RBrace | Token::RBracket | Token::RParen)
    }

    /// The closer matching an opener.
    pub fn closer(&self) -> Option<Token<'static>> {
        match self {
            Token::LBrace => Some(Token::RBrace),
            Token::LBracket => Some(Token::RBracket),
            Token::LParen => Some(Token::RParen),
            _ => None,
        }
    }
}

impl std::fmt::Display for Token<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

/// A token with its position: byte range and whether it is the first token on its line.
///
/// Equality compares only the token, so `just(Tok::of(Token::Colon))` matches a colon anywhere.
#[derive(Debug, Clone, Copy)]
pub struct Tok<'s> {
    pub token: Token<'s>,
    /// True when a line break separates this token from the previous one (or it is the first).
    pub line_start: bool,
}

impl<'s> Tok<'s> {
    pub fn of(token: Token<'s>) -> Self {
        Tok { token, line_start: false }
    }
}

impl PartialEq for Tok<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.token == other.token
    }
}

impl Eq for Tok<'_> {}

impl std::fmt::Display for Tok<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.token.fmt(f)
    }
}
