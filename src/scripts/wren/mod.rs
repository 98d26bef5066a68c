//! Wren 0.4 syntax checking: a tokenizer ([`lexer`]) and a recursive-descent parser
//! ([`parser`]) of Wren's whole grammar, written after the reference compiler
//! (`wren_compiler.c`), with its newline rules, its messages ("Expect ')' after arguments.")
//! extended with what was found, and the compile errors it reports while parsing (`break`
//! outside a loop, `this` or a field outside a class, a value returned from a constructor,
//! a variable declared twice in one scope, `f(x)` on a variable instead of `f.call(x)`).
//!
//! Newlines end statements. As in Wren, a newline may follow an infix operator, `(` and `,`
//! in argument lists, `[`, `{`, `,` and `:` in list and map literals, `=` in `var`
//! declarations and setters, `?` and `:` of the conditional, `|` and `,` of block
//! parameters; a line may start with `.` to continue a call chain after a name, a call, a
//! field or a subscript. A block `{` followed by a newline is a statement block whose `}`
//! must be on its own line; `{ expression }` on one line is an expression body (so
//! `{ return x }` on one line is an error, as in Wren). `else` must follow the `}` of the
//! `if` branch on the same line.
//!
//! Errors are byte ranges in the text passed in, on character boundaries, never empty when
//! there is a character at the start; an error at the end of the text is the empty range
//! at its length. After an error the parser skips to the end of the statement (bracket
//! aware) and goes on, so independent mistakes give one error each.
//!
//! Expressions and blocks nest at most 128 deep (deeper code gets "Expression nested too
//! deeply."), which keeps the parser under 200 KB of stack in release builds (under 800 KB
//! in debug builds).
//!
//! Not checked (they need the module's other code or the VM): variables used but never
//! defined, a lowercase module variable used before its `var` (kryc predeclares shared
//! variables), duplicate method signatures across `static` and instance, and the limits on
//! constants, locals and fields.

mod lexer;
mod parser;
#[cfg(test)]
mod tests;

/// A syntax error: byte range in the checked text and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub start: usize,
    pub end: usize,
    pub message: String,
}

/// A top-level definition found in module code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopLevel {
    pub name: String,
    /// Parameters of a [`TopLevelKind::Function`] (empty for the others).
    pub params: Vec<String>,
    /// Byte offset of the defined name.
    pub offset: usize,
    pub kind: TopLevelKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopLevelKind {
    Variable,
    Class,
    /// `var f = Fn.new { |a, b| ... }`
    Function,
}

/// Shared-variable use of a function body: module-level variables read and assigned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Usage {
    /// Each read: name and byte offset, in source order.
    pub reads: Vec<(String, usize)>,
    /// Each assignment (`name = value`): name and byte offset, in source order.
    pub writes: Vec<(String, usize)>,
}

/// Checks a whole Wren module (top-level code). Returns every syntax error, in source order;
/// empty when it parses.
pub fn check_module(source: &str) -> Vec<SyntaxError> {
    parser::parse(source, parser::Mode::Module).errors
}

/// Checks a function body as the runtime will run it: the statements of
/// `Fn.new { |params|` newline `<body>` newline `}`. Ranges are relative to `body`.
///
/// The body is parsed as that function's block (its parameters declared, no enclosing class
/// or loop) without building the wrapped text, so every range is in `body`; an error at the
/// end of the body (a missing `)` or `}`) is at `body.len()`.
pub fn check_function_body(params: &[&str], body: &str) -> Vec<SyntaxError> {
    parser::parse(body, parser::Mode::Function(params)).errors
}

/// Top-level `var` declarations, `class` declarations and `var name = Fn.new { |a, b| ... }`
/// function values of a module, in source order; empty when the module does not parse.
/// Imported names are not included.
pub fn top_level(source: &str) -> Vec<TopLevel> {
    let parsed = parser::parse(source, parser::Mode::Module);
    if parsed.errors.is_empty() {
        parsed.top_level
    } else {
        Vec::new()
    }
}

/// Shared-variable use of a function body (see [`check_function_body`] for how it is run):
/// the module-level variables it reads and assigns, which are the lowercase names not
/// declared in the body (by `var`, as a block parameter, a `for` variable, a class or an
/// import) and not parameters, outside any class method (where a lowercase name that is not
/// a local is a call on `this`). An assignment `x = 1` to such a name is a write (kryc's
/// runtime predeclares shared variables). Capitalized names (classes such as `System`) are
/// not recorded. Best effort when the body has syntax errors.
pub fn usage_of_function_body(params: &[&str], body: &str) -> Usage {
    parser::parse(body, parser::Mode::Function(params)).usage
}
