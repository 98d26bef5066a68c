//! Script bodies checked by each language's own parser. A body is wrapped the way its VM will
//! run it (a Lua `function ... end`, a JavaScript `function (...) { ... }`, a Python `def`
//! with the body dedented and re-indented), parsed, and every error is mapped back to a byte
//! offset in the body as written, so diagnostics point at the exact `.kry` character.
//!
//! One file per language: [`lua`] (full_moon, Lua 5.4), [`javascript`] (swc, latest
//! ECMAScript, script goal), [`python`] (rustpython-parser; also MicroPython).

pub mod javascript;
pub mod lua;
pub mod python;

use crate::languages::ScriptLanguage;

/// What a body is.
#[derive(Debug, Clone, Copy)]
pub enum BodyKind<'a> {
    /// A function body with these parameters.
    Function { params: &'a [&'a str] },
    /// Top-level code (`@script`).
    Module,
    /// An expression that evaluates to a function (an inline handler string).
    Expression,
}

/// A syntax error in a body: a byte range in the body as written, and the parser's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptError {
    pub start: usize,
    pub end: usize,
    pub message: String,
}

/// Every syntax error the language's parser reports for `body` (empty when it parses).
/// Returns `None` for a language without a checker here.
pub fn check(language: ScriptLanguage, kind: BodyKind<'_>, body: &str) -> Option<Vec<ScriptError>> {
    Some(match language {
        ScriptLanguage::Lua => lua::check(kind, body),
        ScriptLanguage::JavaScript => javascript::check(kind, body),
        ScriptLanguage::Python | ScriptLanguage::MicroPython => python::check(kind, body),
        ScriptLanguage::Wren => return None,
    })
}

/// A function that top-level code defines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The name as other code calls it (`save`, `ui.save`).
    pub name: String,
    /// Parameter names (`...`, `*args` and `**kwargs` as written).
    pub params: Vec<String>,
    /// Byte offset of the definition in the code.
    pub offset: usize,
}

/// The functions a module (`@script` code) defines at its top level: what event handlers and
/// other scripts can call. Empty when the code does not parse (its errors are reported
/// separately) or the language has no extractor here.
pub fn definitions(language: ScriptLanguage, code: &str) -> Vec<Definition> {
    match language {
        ScriptLanguage::Lua => lua::definitions(code),
        ScriptLanguage::JavaScript => javascript::definitions(code),
        ScriptLanguage::Python | ScriptLanguage::MicroPython => python::definitions(code),
        ScriptLanguage::Wren => Vec::new(),
    }
}

/// A body placed inside a wrapper: `prefix` + body + `suffix`. Maps offsets in the wrapped
/// text back to the body; offsets in the wrapper clamp to the body's ends.
pub(crate) struct Wrapped {
    pub text: String,
    prefix: usize,
    body_len: usize,
}

impl Wrapped {
    pub fn new(prefix: &str, body: &str, suffix: &str) -> Wrapped {
        Wrapped {
            text: format!("{prefix}{body}{suffix}"),
            prefix: prefix.len(),
            body_len: body.len(),
        }
    }

    /// The body offset of a wrapped offset.
    pub fn map(&self, offset: usize) -> usize {
        offset.saturating_sub(self.prefix).min(self.body_len)
    }

    /// A wrapped range as a body error; an empty range becomes one character wide when the
    /// body has one there.
    pub fn error(&self, body: &str, start: usize, end: usize, message: String) -> ScriptError {
        let (start, end) = (self.map(start), self.map(end.max(start)));
        widen(body, start, end, message)
    }
}

/// A range widened to at least one character when the body has one at `start`, and snapped
/// to character boundaries.
pub(crate) fn widen(body: &str, mut start: usize, mut end: usize, message: String) -> ScriptError {
    start = start.min(body.len());
    while !body.is_char_boundary(start) {
        start -= 1;
    }
    end = end.clamp(start, body.len());
    while !body.is_char_boundary(end) {
        end += 1;
    }
    if end == start {
        if let Some(c) = body[start..].chars().next() {
            end = start + c.len_utf8();
        }
    }
    ScriptError { start, end, message }
}

/// The comma-separated parameter list.
pub(crate) fn params(kind: BodyKind<'_>) -> String {
    match kind {
        BodyKind::Function { params } => params.join(", "),
        _ => String::new(),
    }
}
