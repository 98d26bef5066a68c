//! The syntax tree of one KRY file. Every node carries the byte range it was parsed from.
//!
//! The tree keeps everything the user wrote (including forms that later passes deprecate), so
//! that nothing is dropped before a pass has looked at it and said so.

use smol_str::SmolStr;

use crate::languages::ScriptLanguage;
use crate::source::TextRange;

/// A name as written, with its range.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    pub text: SmolStr,
    pub range: TextRange,
}

/// A parsed file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Module {
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `@include "path"`
    Include(Include),
    /// `@variables { name: value ... }`
    Variables(VariablesBlock),
    /// `@var name = value` (also `@var name: value`)
    Var(VarDecl),
    /// `style "name" { ... }`
    Style(StyleDef),
    /// `font "family" "file.ttf"`
    Font(FontDef),
    /// `Define Name { ... }`
    Define(ComponentDef),
    /// `@script "lang" ...`
    Script(ScriptBlock),
    /// `@function "lang" name(params) { body }`
    Function(FunctionDef),
    /// An element at the top level (normally the single `App`).
    Element(Element),
    /// `@for` at the top level.
    For(ForBlock<Item>),
    /// `@if` at the top level.
    If(IfBlock<Item>),
}

impl Item {
    pub fn range(&self) -> TextRange {
        match self {
            Item::Include(i) => i.range,
            Item::Variables(v) => v.range,
            Item::Var(v) => v.range,
            Item::Style(s) => s.range,
            Item::Font(f) => f.range,
            Item::Define(d) => d.range,
            Item::Script(s) => s.range,
            Item::Function(f) => f.range,
            Item::Element(e) => e.range,
            Item::For(f) => f.range,
            Item::If(i) => i.range,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Include {
    pub path: StringLit,
    pub range: TextRange,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VariablesBlock {
    pub entries: Vec<VarDecl>,
    pub range: TextRange,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VarDecl {
    pub name: Name,
    pub value: Value,
    pub range: TextRange,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StyleDef {
    pub name: StringLit,
    pub members: Vec<StyleMember>,
    pub range: TextRange,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StyleMember {
    Property(Property),
    Pseudo(PseudoBlock),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FontDef {
    pub family: StringLit,
    pub file: StringLit,
    pub range: TextRange,
}

/// `Define Name { ... }`
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentDef {
    pub name: Name,
    pub members: Vec<DefineMember>,
    pub range: TextRange,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DefineMember {
    /// `Properties { p: Type = default ... }`
    Properties(PropertiesBlock),
    /// The simplified body form: `p = default` (a leading `_` marks a private prop).
    SimpleProp(SimpleProp),
    /// Anything an element body may hold: the root element (normally exactly one), functions,
    /// scripts, properties of the root, `@for`/`@if`.
    Member(ElementMember),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PropertiesBlock {
    pub props: Vec<PropDecl>,
    pub range: TextRange,
}

/// `name: Type = default` or `name: Type` (required) in a `Properties` block.
#[derive(Debug, Clone, PartialEq)]
pub struct PropDecl {
    pub name: Name,
    /// `None` for the untyped form `name: default` / `name = default`.
    pub ty: Option<TypeExpr>,
    pub default: Option<Value>,
    pub range: TextRange,
}

/// A component property type: `String`, `Int`, `Enum(a, b)`, ...
#[derive(Debug, Clone, PartialEq)]
pub struct TypeExpr {
    pub name: Name,
    /// The variants of `Enum(...)`; empty for other types.
    pub args: Vec<Name>,
    pub range: TextRange,
}

/// `name = default` in the simplified Define body.
#[derive(Debug, Clone, PartialEq)]
pub struct SimpleProp {
    pub name: Name,
    pub default: Value,
    pub range: TextRange,
}

/// `Name { ... }`, `Name id { ... }`
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub name: Name,
    /// The element id written as a second word (`Text display { ... }`).
    pub id: Option<Name>,
    pub members: Vec<ElementMember>,
    pub range: TextRange,
    /// The `{` ... `}` part.
    pub body_range: TextRange,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ElementMember {
    Property(Property),
    Child(Element),
    Pseudo(PseudoBlock),
    /// A bare string: `Text { "Hello" }`.
    Text(StringLit),
    For(ForBlock<ElementMember>),
    If(IfBlock<ElementMember>),
    Function(FunctionDef),
    Script(ScriptBlock),
}

/// `name: value`
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    pub name: Name,
    pub value: Value,
    pub range: TextRange,
}

/// `&:hover { ... }`, `&:hover:disabled { ... }`
#[derive(Debug, Clone, PartialEq)]
pub struct PseudoBlock {
    pub states: Vec<Name>,
    pub properties: Vec<Property>,
    pub range: TextRange,
}

/// `@for item in $list ... @end`, `@for item, index in $list ... @end`
#[derive(Debug, Clone, PartialEq)]
pub struct ForBlock<T> {
    pub item: Name,
    pub index: Option<Name>,
    pub iterable: Value,
    pub body: Vec<T>,
    pub range: TextRange,
}

/// `@if c ... @elif c ... @else ... @end`
#[derive(Debug, Clone, PartialEq)]
pub struct IfBlock<T> {
    /// The `@if` branch first, then each `@elif`.
    pub branches: Vec<(Value, Vec<T>)>,
    pub else_body: Option<Vec<T>>,
    pub range: TextRange,
}

/// `@function`, `@func` or `@method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunctionKeyword {
    Function,
    Func,
    Method,
}

/// The language tag of a script: the string as written and what it names.
#[derive(Debug, Clone, PartialEq)]
pub struct LanguageTag {
    pub text: SmolStr,
    pub range: TextRange,
    /// `None` when the tag names no known language.
    pub language: Option<ScriptLanguage>,
}

/// A verbatim script body: the text between the braces and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct ScriptBody {
    pub text: String,
    pub range: TextRange,
}

/// `@function "lang" name(a, b) { body }`
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionDef {
    pub keyword: FunctionKeyword,
    /// `None` when no tag was written (the default VM, Lua).
    pub language: Option<LanguageTag>,
    pub name: Name,
    pub params: Vec<Name>,
    pub body: ScriptBody,
    pub range: TextRange,
}

/// `@script "lang" [name "x"] [mode m] { code }` or `@script "lang" from "file"`.
#[derive(Debug, Clone, PartialEq)]
pub struct ScriptBlock {
    pub language: Option<LanguageTag>,
    pub name: Option<StringLit>,
    pub mode: Option<Name>,
    pub source: ScriptSource,
    /// Written `@init { ... }`: start-up code run after every other script has loaded.
    pub init: bool,
    pub range: TextRange,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ScriptSource {
    Inline(ScriptBody),
    File(StringLit),
}

/// A string literal: the unescaped text and its interpolation parts.
#[derive(Debug, Clone, PartialEq)]
pub struct StringLit {
    /// The text with escapes processed (variable references left as written).
    pub value: String,
    /// The text split at variable references; empty for a string without any.
    pub parts: Vec<StringPart>,
    pub range: TextRange,
}

impl StringLit {
    /// True when the string contains `$x`, `${x}` or `{{x}}`.
    pub fn is_interpolated(&self) -> bool {
        self.parts.iter().any(|p| !matches!(p, StringPart::Text(_)))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum StringPart {
    Text(String),
    /// `$name` or `${name}`; the range covers the reference in the source.
    Var {
        name: String,
        braced: bool,
        range: TextRange,
    },
    /// Legacy `{{name}}`.
    Legacy {
        name: String,
        range: TextRange,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    pub range: TextRange,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    /// A number with optional unit; `text` is the number as written without the unit.
    Number {
        text: SmolStr,
        value: f64,
        is_integer: bool,
        unit: Option<SmolStr>,
    },
    String(StringLit),
    /// `#RGB`, `#RGBA`, `#RRGGBB`, `#RRGGBBAA` written without quotes (text includes `#`).
    Color(SmolStr),
    Bool(bool),
    /// A bare word: an enum value, a colour name, an unquoted identifier.
    Word(SmolStr),
    /// Space-separated values on one line: `layout: row center`, `padding: 10 20`.
    List(Vec<Value>),
    Array(Vec<Value>),
    Object(Vec<ObjectEntry>),
    /// `$name`, `$a.b`, `${name}`
    Var {
        path: String,
        braced: bool,
    },
    /// `name(args)`: a call value such as `select($index, $option)`.
    Call {
        callee: Name,
        args: Vec<Value>,
    },
    Unary {
        op: UnaryOp,
        operand: Box<Value>,
    },
    Binary {
        op: BinaryOp,
        lhs: Box<Value>,
        rhs: Box<Value>,
    },
    Ternary {
        cond: Box<Value>,
        then: Box<Value>,
        otherwise: Box<Value>,
    },
    /// Something that failed to parse; already reported.
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ObjectEntry {
    /// The key as written (identifier or string).
    pub key: Name,
    pub value: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Eq,
    NotEq,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    /// `+`: text joined when either side is text, otherwise numbers added.
    Add,
}

impl BinaryOp {
    pub fn as_str(self) -> &'static str {
        match self {
            BinaryOp::Eq => "==",
            BinaryOp::NotEq => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::And => "&&",
            BinaryOp::Or => "||",
            BinaryOp::Add => "+",
        }
    }
}
