//! The Wren parser: tokens, errors, scopes and error recovery; statements are in [`stmt`],
//! classes in [`class`], expressions in [`expr`]. Grammar and messages follow `wren_compiler.c`
//! (0.4).
//!
//! Every parse function returns `Err(Failed)` after reporting an error; the loops over the
//! statements of a module, a block or a class body catch it and skip to the end of the
//! statement ([`Parser::synchronize`]), so one mistake gives one error.

mod class;
mod expr;
mod stmt;

use super::lexer::{lex, Tok, Token};
use super::{SyntaxError, TopLevel, TopLevelKind, Usage};

/// Deepest nesting of expressions and blocks (Wren has none; this keeps the stack small).
const MAX_DEPTH: usize = 128;
/// Most parameters or arguments of a method, as in Wren.
const MAX_PARAMETERS: usize = 16;
/// Longest variable name, as in Wren.
const MAX_VARIABLE_NAME: usize = 64;

#[derive(Debug, Clone, Copy)]
pub enum Mode<'a> {
    Module,
    /// The body of `Fn.new { |params| ... }`.
    Function(&'a [&'a str]),
}

pub struct Parsed {
    pub errors: Vec<SyntaxError>,
    pub top_level: Vec<TopLevel>,
    pub usage: Usage,
}

/// An error was reported (or follows from one already reported).
#[derive(Debug)]
pub struct Failed;

type PResult<T> = Result<T, Failed>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ScopeKind {
    Module,
    Block,
    /// A function's parameters and the top level of its body.
    Function,
    /// A method's parameters and the top level of its body: the locals outside are not
    /// visible past it.
    Method,
    Class,
}

struct Scope {
    kind: ScopeKind,
    names: Vec<String>,
}

struct ClassInfo {
    name: String,
    foreign: bool,
    in_static: bool,
    in_initializer: bool,
    signatures: Vec<String>,
}

/// The function being compiled (a method, a block argument or the whole chunk).
struct FnInfo {
    initializer: bool,
    loops: usize,
}

/// What a name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resolved {
    Local,
    Module,
    /// A lowercase name in a class that is not a local: a call on `this`.
    ThisCall,
}

pub struct Parser<'s> {
    src: &'s str,
    toks: Vec<Token>,
    pos: usize,
    /// End of the last consumed token other than a newline.
    prev_end: usize,
    errors: Vec<SyntaxError>,
    fatal_at_eof: bool,
    depth: usize,
    scopes: Vec<Scope>,
    classes: Vec<ClassInfo>,
    fns: Vec<FnInfo>,
    usage: Usage,
    top_level: Vec<TopLevel>,
    /// Start of attributes (`#...`) waiting for the class or method they precede.
    attributes: Option<usize>,
    /// Brackets left open by the last skipped statement: a `)` or `]` that closes one of
    /// them later is not reported again.
    open_after_sync: usize,
}

pub fn parse(src: &str, mode: Mode<'_>) -> Parsed {
    let lexed = lex(src);
    let mut p = Parser {
        src,
        toks: lexed.tokens,
        pos: 0,
        prev_end: 0,
        errors: lexed.errors,
        fatal_at_eof: lexed.fatal_at_eof,
        depth: 0,
        scopes: vec![Scope { kind: ScopeKind::Module, names: Vec::new() }],
        classes: Vec::new(),
        fns: vec![FnInfo { initializer: false, loops: 0 }],
        usage: Usage::default(),
        top_level: Vec::new(),
        attributes: None,
        open_after_sync: 0,
    };
    if let Mode::Function(params) = mode {
        let names = params.iter().map(|s| s.to_string()).collect();
        p.scopes.push(Scope { kind: ScopeKind::Function, names });
    }
    p.top_statements();
    let mut errors: Vec<SyntaxError> = p.errors.into_iter().map(|e| normalize(src, e)).collect();
    errors.sort_by_key(|e| (e.start, e.end));
    errors.dedup();
    let mut usage = p.usage;
    usage.reads.sort_by_key(|r| r.1);
    usage.writes.sort_by_key(|w| w.1);
    Parsed { errors, top_level: p.top_level, usage }
}

/// Clamps a range into `src`, onto character boundaries, and widens an empty one to the
/// character at its start.
fn normalize(src: &str, e: SyntaxError) -> SyntaxError {
    let len = src.len();
    let mut start = e.start.min(len);
    while !src.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = e.end.clamp(start, len);
    while !src.is_char_boundary(end) {
        end += 1;
    }
    if end == start && start < len {
        end = start + 1;
        while !src.is_char_boundary(end) {
            end += 1;
        }
    }
    SyntaxError { start, end, message: e.message }
}

fn is_lowercase_name(name: &str) -> bool {
    name.as_bytes().first().is_some_and(|c| c.is_ascii_lowercase())
}

/// Bracket depth change of a token: parentheses and brackets (with interpolations), braces.
fn delta(t: &Token) -> (isize, isize) {
    match t.kind {
        Tok::LParen | Tok::LBracket => (1, 0),
        Tok::RParen | Tok::RBracket => (-1, 0),
        Tok::Interpolation if !t.closes_interpolation => (1, 0),
        Tok::String if t.closes_interpolation => (-1, 0),
        Tok::LBrace => (0, 1),
        Tok::RBrace => (0, -1),
        _ => (0, 0),
    }
}

impl<'s> Parser<'s> {
    // Tokens ------------------------------------------------------------------------------

    fn cur(&self) -> Token {
        self.toks[self.pos]
    }

    fn kind(&self) -> Tok {
        self.toks[self.pos].kind
    }

    fn peek_kind(&self, ahead: usize) -> Tok {
        self.toks.get(self.pos + ahead).map_or(Tok::Eof, |t| t.kind)
    }

    fn advance(&mut self) -> Token {
        let t = self.cur();
        if t.kind != Tok::Eof {
            self.pos += 1;
        }
        if t.kind != Tok::Line {
            self.prev_end = t.end;
        }
        t
    }

    fn check(&self, kind: Tok) -> bool {
        self.kind() == kind
    }

    fn matches(&mut self, kind: Tok) -> bool {
        if self.check(kind) {
            self.advance();
            true
        } else {
            false
        }
    }

    /// Skips newlines; true when there was at least one.
    fn match_lines(&mut self) -> bool {
        let mut any = false;
        while self.matches(Tok::Line) {
            any = true;
        }
        any
    }

    fn skip_lines(&mut self) {
        self.match_lines();
    }

    fn text(&self, t: Token) -> &'s str {
        &self.src[t.start..t.end]
    }

    /// How a token is named in "found ..." messages.
    fn describe(&self, t: Token) -> String {
        match t.kind {
            Tok::Line => "end of line".into(),
            Tok::Eof => "end of input".into(),
            Tok::String | Tok::Interpolation => "a string".into(),
            _ => {
                let text = self.text(t);
                match text.char_indices().nth(24) {
                    Some((cut, _)) => format!("'{}...'", &text[..cut]),
                    None => format!("'{text}'"),
                }
            }
        }
    }

    // Errors ------------------------------------------------------------------------------

    /// Reports `message` at `t` unless it follows from a lexer error.
    fn error_at(&mut self, t: Token, message: String) -> Failed {
        // A string or comment that runs to the end of the text ends there too.
        let follows_lexer_error =
            t.kind == Tok::Error || (self.fatal_at_eof && t.end == self.src.len());
        // Several constructs left open at the end get one error there.
        let again_at_end = t.kind == Tok::Eof && self.errors.iter().any(|e| e.start >= t.start);
        if !follows_lexer_error && !again_at_end {
            let end = if t.kind == Tok::Line { t.start + 1 } else { t.end };
            self.errors.push(SyntaxError { start: t.start, end, message });
        }
        Failed
    }

    /// Reports `stem, found <current token>.` at the current token.
    fn fail_here(&mut self, stem: &str) -> Failed {
        let t = self.cur();
        let message = format!("{stem}, found {}.", self.describe(t));
        self.error_at(t, message)
    }

    /// Reports an error that does not stop parsing (a compile error of valid syntax).
    fn report(&mut self, start: usize, end: usize, message: impl Into<String>) {
        self.errors.push(SyntaxError { start, end, message: message.into() });
    }

    fn expect(&mut self, kind: Tok, stem: &str) -> PResult<Token> {
        if self.check(kind) {
            Ok(self.advance())
        } else {
            Err(self.fail_here(stem))
        }
    }

    /// Runs `f` one level deeper, failing past [`MAX_DEPTH`].
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        if self.depth >= MAX_DEPTH {
            let t = self.cur();
            return Err(self.error_at(t, "Expression nested too deeply.".into()));
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    /// Skips the rest of a statement that failed: to the newline or `}` that ends it, not
    /// counting those inside brackets it opened. A statement whose `(` or `[` is still open
    /// when the error is at the start of a line ends there (the line is the next statement).
    fn synchronize(&mut self, start: usize) {
        if self.check(Tok::Eof) {
            return;
        }
        let (mut parens, mut braces) = (0isize, 0isize);
        for t in &self.toks[start..self.pos] {
            let (p, b) = delta(t);
            parens = (parens + p).max(0);
            braces = (braces + b).max(0);
        }
        let at_line_start = self.pos > start && self.toks[self.pos - 1].kind == Tok::Line;
        if !(braces == 0 && parens > 0 && at_line_start) {
            loop {
                let t = self.cur();
                match t.kind {
                    Tok::Eof => break,
                    Tok::Line | Tok::RBrace if braces == 0 => break,
                    _ => {}
                }
                let (p, b) = delta(&t);
                parens = (parens + p).max(0);
                braces = (braces + b).max(0);
                self.advance();
            }
        }
        self.open_after_sync = parens as usize;
        if self.pos == start && !matches!(self.kind(), Tok::Eof | Tok::RBrace | Tok::Line) {
            self.advance();
        }
    }

    /// A `)` or `]` at the start of a statement: reported unless it closes a bracket a
    /// skipped statement left open; the rest of its line is skipped.
    fn unmatched_closer(&mut self) {
        let start = self.pos;
        let t = self.advance();
        if self.open_after_sync > 0 {
            self.open_after_sync -= 1;
        } else {
            let message = format!("Unmatched '{}'.", self.text(t));
            self.error_at(t, message);
        }
        let open = self.open_after_sync;
        self.synchronize(start);
        self.open_after_sync += open;
    }

    // Scopes ------------------------------------------------------------------------------

    fn scoped<T>(
        &mut self,
        kind: ScopeKind,
        f: impl FnOnce(&mut Self) -> PResult<T>,
    ) -> PResult<T> {
        self.scopes.push(Scope { kind, names: Vec::new() });
        let result = f(self);
        self.scopes.pop();
        result
    }

    fn in_function<T>(
        &mut self,
        initializer: bool,
        f: impl FnOnce(&mut Self) -> PResult<T>,
    ) -> PResult<T> {
        self.fns.push(FnInfo { initializer, loops: 0 });
        let result = f(self);
        self.fns.pop();
        result
    }

    fn at_module_level(&self) -> bool {
        self.scopes.len() == 1
    }

    /// Declares the name `t` in the innermost scope.
    fn declare(&mut self, t: Token) {
        let name = self.text(t);
        if name.len() > MAX_VARIABLE_NAME {
            self.report(
                t.start,
                t.end,
                format!("Variable name cannot be longer than {MAX_VARIABLE_NAME} characters."),
            );
        }
        let Some(scope) = self.scopes.last_mut() else { return };
        if scope.names.iter().any(|n| n == name) {
            let message = if scope.kind == ScopeKind::Module {
                format!("Module variable '{name}' is already defined.")
            } else {
                format!("Variable '{name}' is already declared in this scope.")
            };
            self.report(t.start, t.end, message);
        } else {
            scope.names.push(name.to_string());
        }
    }

    fn resolve(&self, name: &str) -> Resolved {
        let mut past_method = false;
        for scope in self.scopes.iter().rev() {
            let declared = scope.names.iter().any(|n| n == name);
            match scope.kind {
                ScopeKind::Module if declared => return Resolved::Module,
                ScopeKind::Module => break,
                _ if declared && !past_method => return Resolved::Local,
                _ => {}
            }
            if scope.kind == ScopeKind::Method {
                past_method = true;
            }
        }
        if is_lowercase_name(name) && !self.classes.is_empty() {
            Resolved::ThisCall
        } else {
            Resolved::Module
        }
    }

    /// Records a read or write of the module variable `t` (lowercase names only).
    fn record(&mut self, t: Token, write: bool) {
        let name = self.text(t);
        if is_lowercase_name(name) {
            let entry = (name.to_string(), t.start);
            if write {
                self.usage.writes.push(entry);
            } else {
                self.usage.reads.push(entry);
            }
        }
    }

    // Statement lists ---------------------------------------------------------------------

    /// The statements of a module or a function body, to the end of the text.
    fn top_statements(&mut self) {
        loop {
            self.skip_lines();
            match self.kind() {
                Tok::Eof => break,
                Tok::RParen | Tok::RBracket | Tok::RBrace => self.unmatched_closer(),
                _ => self.list_item(false),
            }
        }
    }

    /// The statements of a block after its `{` and newline, through its `}`.
    fn block_statements(&mut self) -> PResult<()> {
        loop {
            self.skip_lines();
            match self.kind() {
                Tok::RBrace => {
                    self.advance();
                    return Ok(());
                }
                Tok::Eof => return Err(self.fail_here("Expect '}' at end of block")),
                Tok::RParen | Tok::RBracket => self.unmatched_closer(),
                _ => self.list_item(true),
            }
        }
    }

    /// One definition or statement of a list and what ends it, skipping it on error.
    fn list_item(&mut self, in_block: bool) {
        let start = self.pos;
        let result = self.definition().and_then(|()| self.end_of_statement(in_block));
        if result.is_err() {
            self.synchronize(start);
        }
    }

    fn end_of_statement(&mut self, in_block: bool) -> PResult<()> {
        let t = self.cur();
        match t.kind {
            Tok::Line | Tok::Eof => Ok(()),
            Tok::RBrace if in_block => {
                self.report(
                    t.start,
                    t.end,
                    "Expect newline before '}': a block whose statements start on a new line \
                     must end with '}' on its own line.",
                );
                Ok(())
            }
            Tok::RParen | Tok::RBracket | Tok::RBrace => {
                let message = format!("Unmatched '{}'.", self.text(t));
                Err(self.error_at(t, message))
            }
            _ => Err(self.fail_here("Expect newline after statement")),
        }
    }
}
