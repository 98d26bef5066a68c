//! Script bodies checked by each language's own parser. A body is wrapped the way its VM will
//! run it (a Lua `function ... end`, a JavaScript `function (...) { ... }`, a Python `def`
//! with the body dedented and re-indented), parsed, and every error is mapped back to a byte
//! offset in the body as written, so diagnostics point at the exact `.kry` character.
//!
//! One file per language: [`lua`] (full_moon, Lua 5.4), [`javascript`] (swc, latest
//! ECMAScript, script goal), [`python`] (rustpython-parser; also MicroPython, with the
//! [`micropython`] compatibility check). [`usage`] finds the globals each body reads and
//! writes.

pub mod cache;
pub mod dollars;
pub mod javascript;
pub mod lua;
pub mod micropython;
pub mod python;
pub mod usage;
pub mod wren;

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
/// Returns `None` for a language without a checker here (none today).
pub fn check(language: ScriptLanguage, kind: BodyKind<'_>, body: &str) -> Option<Vec<ScriptError>> {
    Some(match language {
        ScriptLanguage::Lua => lua::check(kind, body),
        ScriptLanguage::JavaScript => javascript::check(kind, body),
        ScriptLanguage::Python => python::check(kind, body),
        ScriptLanguage::MicroPython => python::analyze(kind, body, true).errors,
        ScriptLanguage::Wren => wren_analyze(kind, body).errors,
    })
}

/// What checking a body found: its syntax errors and, when it parses, the global names it
/// reads and writes.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub errors: Vec<ScriptError>,
    /// Problems that do not stop the code from running everywhere (a MicroPython import of
    /// a module some ports lack).
    pub warnings: Vec<ScriptError>,
    pub usage: Option<usage::Usage>,
}

/// Parses `body` once: its syntax errors and its use of globals. `None` for a language
/// without a checker here.
pub fn analyze(language: ScriptLanguage, kind: BodyKind<'_>, body: &str) -> Option<Facts> {
    Some(match language {
        ScriptLanguage::Lua => lua::analyze(kind, body),
        ScriptLanguage::JavaScript => javascript::analyze(kind, body),
        ScriptLanguage::Python => python::analyze(kind, body, false),
        ScriptLanguage::MicroPython => python::analyze(kind, body, true),
        ScriptLanguage::Wren => wren_analyze(kind, body),
    })
}

/// Wren through our own parser ([`wren`]): a function body as the body of
/// `Fn.new { |params| ... }`, module code as a module. A module's usage holds only its
/// top-level definitions (its reads and writes are not extracted).
fn wren_analyze(kind: BodyKind<'_>, body: &str) -> Facts {
    let (errors, usage) = match kind {
        BodyKind::Function { params } => {
            let errors = wren::check_function_body(params, body);
            let found = wren::usage_of_function_body(params, body);
            let access = |(name, at): (String, usize)| usage::Access {
                end: at + name.len(),
                name,
                start: at,
                literal: None,
                computed: None,
            };
            let usage = usage::Usage {
                reads: found.reads.into_iter().map(access).collect(),
                writes: found.writes.into_iter().map(access).collect(),
                ..usage::Usage::default()
            };
            (errors, usage)
        }
        BodyKind::Module | BodyKind::Expression => {
            let errors = wren::check_module(body);
            let defines = wren::top_level(body).into_iter().map(|t| t.name).collect();
            (errors, usage::Usage { defines, ..usage::Usage::default() })
        }
    };
    let errors: Vec<ScriptError> =
        errors.into_iter().map(|e| widen(body, e.start, e.end, e.message)).collect();
    let usage = errors.is_empty().then_some(usage);
    Facts { errors, warnings: Vec::new(), usage }
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
        ScriptLanguage::Wren => wren::top_level(code)
            .into_iter()
            .filter(|t| t.kind == wren::TopLevelKind::Function)
            .map(|t| Definition { name: t.name, params: t.params, offset: t.offset })
            .collect(),
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
