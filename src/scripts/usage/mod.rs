//! Which global names a script reads and writes, found in its syntax tree with the language's
//! own scoping rules: a Lua `local`, a JavaScript `let`/`var`/parameter, a Python name
//! assigned without `global` are the script's own; every other name is global, and globals
//! are where the app's shared variables live in every VM.
//!
//! One file per language walks that language's tree: [`lua`], [`javascript`], [`python`].

pub mod javascript;
pub mod lua;
pub mod python;

/// A literal value, as far as a type check needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Literal {
    Int,
    Float,
    String,
    Bool,
    Nil,
    /// A table, object, array, list or dict constructor (`{}`, `[1, 2]`, `{"a": 1}`).
    Table,
}

impl Literal {
    pub fn describe(self) -> &'static str {
        match self {
            Literal::Int => "an integer",
            Literal::Float => "a float",
            Literal::String => "a string",
            Literal::Bool => "a boolean",
            Literal::Nil => "nil",
            Literal::Table => "a table (an object or a list)",
        }
    }
}

/// One use of a name: its byte range in the body as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    pub name: String,
    pub start: usize,
    pub end: usize,
    /// For a plain assignment of a literal (`counter = "x"`), the literal's kind.
    pub literal: Option<Literal>,
    /// For a plain assignment of another expression whose form shows the kind of its value
    /// (`n = "x" .. n`, `label = title:upper()`, `count = #items`), that kind.
    pub computed: Option<ValueKind>,
}

/// The kind of value an expression gives, where its form alone shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    Number,
    String,
    Bool,
}

impl ValueKind {
    pub fn describe(self) -> &'static str {
        match self {
            ValueKind::Number => "a number",
            ValueKind::String => "a string",
            ValueKind::Bool => "a boolean",
        }
    }
}

/// A name used directly as an operand of an arithmetic operator (`label - 1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operand {
    pub name: String,
    /// The operator as written (`-`, `*`, `+`, `//`).
    pub op: String,
    /// The other operand's kind, when it is a literal (`None` for a unary operator too).
    pub other: Option<Literal>,
    /// The name is local (a parameter or a local variable), not a global.
    pub local: bool,
    /// The name's byte range in the body.
    pub start: usize,
    pub end: usize,
}

/// The global names a body uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Usage {
    /// Global names read, in source order (calls of global functions included).
    pub reads: Vec<Access>,
    /// Global names assigned, in source order (`+=`, `++` and the like are reads and writes).
    pub writes: Vec<Access>,
    /// Python: names a function assigns without declaring them `global`, so they are its
    /// locals (a shared variable assigned this way does not change).
    pub local_assignments: Vec<Access>,
    /// Names the code defines for other scripts of its language: top-level functions and
    /// declarations of module code (`@script`).
    pub defines: Vec<String>,
    /// Calls of a named function or method (`getElementById("x")`, `el:setText(1)`), in
    /// source order, with what can be seen of their arguments.
    pub calls: Vec<CallSite>,
    /// Names used as operands of arithmetic operators, in source order (locals marked).
    pub arithmetic: Vec<Operand>,
}

/// One call of a function or method by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallSite {
    /// The called name: the last segment of `kryon.getElementById` or `el:setText`.
    pub callee: String,
    /// Called on an object or namespace (`el:setText`, `document.getElementById`) rather
    /// than as a plain global (`getElementById`).
    pub on_object: bool,
    /// The global name the method is called on, when the call is `name.method(...)` or
    /// `name:method(...)` directly (`title.upper()`).
    pub receiver: Option<String>,
    /// The local name (a parameter, a `local`) the method is called on directly
    /// (`name:upper()` where `name` is a parameter).
    pub receiver_local: Option<String>,
    /// Lua's `a:b(...)`, which passes `a` as a hidden first argument (not in `args`).
    pub colon: bool,
    /// The callee name's byte range in the body.
    pub start: usize,
    pub end: usize,
    /// The arguments, in order; `None` when an argument list cannot be counted statically
    /// (a spread `...xs`, `*args`, a Lua vararg).
    pub args: Option<Vec<Arg>>,
}

/// One argument of a [`CallSite`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    /// The argument's kind when it is a literal.
    pub literal: Option<Literal>,
    /// The text of a string literal without escapes (`None` for other arguments, and for
    /// strings with escapes or interpolation).
    pub string: Option<String>,
    /// For a plain global name (`getElementById(label)`): the name.
    pub name: Option<String>,
    pub start: usize,
    pub end: usize,
}

/// The document functions that find an element by its id.
pub const ID_LOOKUPS: &[&str] = &["getElementById", "get_element"];

impl Usage {
    /// The elements the body looks up by a literal id (`getElementById("total")`,
    /// `kryon.get_element("total")`): each call and its id argument.
    pub fn element_lookups(&self) -> impl Iterator<Item = (&CallSite, &Arg, &str)> {
        self.calls.iter().filter(|c| ID_LOOKUPS.contains(&c.callee.as_str())).filter_map(|c| {
            let first = c.args.as_ref()?.first()?;
            Some((c, first, first.string.as_deref()?))
        })
    }

    /// Every global name the body mentions.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.reads.iter().chain(&self.writes).map(|a| a.name.as_str())
    }

    /// Shifts every range by `delta` bytes and clamps it to `len` (used when the walked text
    /// is the body inside a wrapper).
    pub(crate) fn map(&mut self, f: impl Fn(usize) -> usize) {
        for a in self.reads.iter_mut().chain(&mut self.writes).chain(&mut self.local_assignments) {
            a.start = f(a.start);
            a.end = f(a.end).max(a.start);
        }
        for o in &mut self.arithmetic {
            o.start = f(o.start);
            o.end = f(o.end).max(o.start);
        }
        for c in &mut self.calls {
            c.start = f(c.start);
            c.end = f(c.end).max(c.start);
            for a in c.args.iter_mut().flatten() {
                a.start = f(a.start);
                a.end = f(a.end).max(a.start);
            }
        }
    }
}

/// Lexical scopes while walking: each is the set of names it declares.
#[derive(Debug, Default)]
pub(crate) struct Scopes {
    stack: Vec<Vec<String>>,
}

impl Scopes {
    pub fn push(&mut self) {
        self.stack.push(Vec::new());
    }

    pub fn pop(&mut self) {
        self.stack.pop();
    }

    pub fn declare(&mut self, name: &str) {
        if let Some(top) = self.stack.last_mut() {
            top.push(name.to_string());
        }
    }

    pub fn is_local(&self, name: &str) -> bool {
        self.stack.iter().any(|s| s.iter().any(|n| n == name))
    }

    pub fn depth(&self) -> usize {
        self.stack.len()
    }
}
