//! The cross-language graph's data: code units (functions, `@script` blocks, inline
//! handlers), the elements and events that run them, the shared variables they read and
//! write, and the whole-app findings. Serialised as `kryc analyze --format json` (schema
//! version [`SCHEMA_VERSION`], `docs/analysis.schema.json`).

use serde::Serialize;

/// The version of the JSON form; it changes only when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct AppGraph {
    pub version: u32,
    /// The root file as the run named it.
    pub file: String,
    /// Per language: how much code runs in its VM.
    pub languages: Vec<LanguageSummary>,
    pub units: Vec<Unit>,
    pub variables: Vec<VariableNode>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LanguageSummary {
    /// The language tag (`lua`, `javascript`, `python`, `wren`, `micropython`).
    pub language: &'static str,
    /// The VM that runs it, as the KRB names it.
    pub vm: &'static str,
    pub functions: usize,
    pub scripts: usize,
    pub inline_handlers: usize,
    /// Lines of code in all its units.
    pub lines: usize,
}

/// Where something is written: 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// `@function`.
    Function,
    /// `@script` (or `@init`) code, run when its VM loads.
    Script,
    /// An inline handler string (`onClick: "function() ... end"`).
    InlineHandler,
}

/// One piece of code a VM runs.
#[derive(Debug, Clone, Serialize)]
pub struct Unit {
    /// Unique in the graph: `function:NAME`, `script:N`, `inline:N` (N from 1, in source
    /// order).
    pub id: String,
    pub kind: UnitKind,
    /// The function's name (after component instancing); for a script, its `name` attribute.
    pub name: Option<String>,
    pub language: &'static str,
    pub location: Location,
    /// Lines of code (non-blank lines of the body).
    pub lines: usize,
    /// Functions an `@script` block defines for handlers and other code of its language.
    pub defines: Vec<String>,
    /// What runs this unit: events of elements, and other units.
    pub called_by: Vec<Caller>,
    /// The functions this unit calls by name.
    pub calls: Vec<CallEdge>,
    /// Shared variables read, in first-use order.
    pub reads: Vec<String>,
    /// Shared variables written, in first-use order.
    pub writes: Vec<String>,
    /// Elements looked up by a literal id.
    pub elements: Vec<ElementUse>,
    /// The bindings that re-render when this unit writes their variables.
    pub rerenders: Vec<BindingRef>,
    /// The body could not be analysed (a syntax error): its reads, writes and calls are
    /// unknown.
    pub unanalysed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Caller {
    /// An element's event handler: `onClick: "increment"`.
    Event { element: ElementRef, event: &'static str },
    /// Another unit (by id) that calls this one by name.
    Unit { unit: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallEdge {
    /// The name called.
    pub function: String,
    /// The unit that defines it.
    pub unit: String,
    pub language: &'static str,
    /// The callee is in another language. No host call of the runtime crosses VMs, so such
    /// a call fails at run time (a `cross-language-call` finding).
    pub cross_language: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ElementRef {
    /// The element's index in the resolved tree (pre-order; 0 is the root).
    pub index: usize,
    pub tag: String,
    pub id: Option<String>,
    pub location: Location,
}

impl ElementRef {
    /// `Button#save`, or `Button (line 12)` without an id.
    pub fn label(&self) -> String {
        match &self.id {
            Some(id) => format!("{}#{id}", self.tag),
            None => format!("{} (line {})", self.tag, self.location.line),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ElementUse {
    pub id: String,
    /// The function that looked it up (`getElementById`).
    pub via: String,
    /// An element with this id exists.
    pub known: bool,
    pub location: Location,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct BindingRef {
    pub element: ElementRef,
    pub property: String,
    pub variable: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct VariableNode {
    pub name: String,
    /// The type of the declared or initial value (`int`, `float`, `length`, `string`, `bool`,
    /// `color`, `array`, `object`).
    #[serde(rename = "type")]
    pub ty: &'static str,
    pub reactive: bool,
    pub location: Location,
    /// Units (by id) that read it.
    pub read_by: Vec<String>,
    /// Units (by id) that write it.
    pub written_by: Vec<String>,
    /// Properties bound to it (re-rendered when it changes).
    pub bindings: Vec<BindingRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// No event and no unit calls the function.
    UnusedFunction,
    /// Scripts write the variable, but no script reads it and no property is bound to it.
    UnreadVariable,
    /// Scripts read the variable, but nothing writes it: it never changes.
    UnwrittenVariable,
    /// Code in two languages writes the variable in response to one event.
    WriteConflict,
    /// An event names a function nothing defines.
    MissingHandler,
    /// A unit calls a function that only another language defines.
    CrossLanguageCall,
    /// A script looks up an element id no element has.
    UnknownElementId,
    /// A VM runs nothing but one small function.
    SingleFunctionVm,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::UnusedFunction => "unused-function",
            FindingKind::UnreadVariable => "unread-variable",
            FindingKind::UnwrittenVariable => "unwritten-variable",
            FindingKind::WriteConflict => "write-conflict",
            FindingKind::MissingHandler => "missing-handler",
            FindingKind::CrossLanguageCall => "cross-language-call",
            FindingKind::UnknownElementId => "unknown-element-id",
            FindingKind::SingleFunctionVm => "single-function-vm",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub message: String,
    pub location: Option<Location>,
    /// The units, variables or elements concerned (unit ids, variable names, element labels).
    pub subjects: Vec<String>,
}
