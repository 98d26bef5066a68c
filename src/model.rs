//! The resolved UI model: what the semantic passes produce and the KRB writer encodes.
//!
//! Components and control flow are expanded, variables substituted (non-reactive ones folded,
//! reactive ones kept as bindings), styles flattened. Elements live in one arena in pre-order
//! (a parent before its children); index 0 is the root `App` when there is one.

use smol_str::SmolStr;

use crate::languages::ScriptLanguage;
use crate::source::FileSpan;
use crate::syntax::ast::Value;

pub type ElementId = usize;

#[derive(Debug, Clone, Default)]
pub struct UiModel {
    pub elements: Vec<Element>,
    pub root: Option<ElementId>,
    pub functions: Vec<Function>,
    /// `@script` blocks, top-level and inside elements, in source order (each once, however
    /// often its element was expanded).
    pub scripts: Vec<Script>,
    /// `font "family" "file"` declarations, in include order.
    pub fonts: Vec<Font>,
}

#[derive(Debug, Clone)]
pub struct Element {
    /// The element type as written after expansion (`Container`, `Text`, ...).
    pub tag: SmolStr,
    pub id: Option<SmolStr>,
    pub parent: Option<ElementId>,
    pub children: Vec<ElementId>,
    /// Properties in source order; a later property with the same name wins.
    pub properties: Vec<Property>,
    /// Pseudo-state property sets (`hover`, `disabled+hover`), states sorted.
    pub pseudo_states: Vec<(Vec<SmolStr>, Vec<Property>)>,
    /// Event handlers, from the element's `onClick`-style properties.
    pub events: Vec<Event>,
    /// The element's name in the source (for an expanded component root: the use site).
    pub span: FileSpan,
    /// The component this element is the root of, when it was expanded from one.
    pub component: Option<SmolStr>,
}

#[derive(Debug, Clone)]
pub struct Property {
    pub name: SmolStr,
    /// The value with component properties, loop variables and non-reactive variables
    /// substituted. It still contains `$x` references to reactive variables: those make the
    /// property a binding.
    pub value: Value,
    /// The property as written (name and value).
    pub span: FileSpan,
    /// Set for a property a component declared but its template does not use: it reaches the
    /// root element as a custom property (for the runtime or a widget handler), unchecked.
    pub from_component: bool,
    /// Where the value was written: for `text: $label` inside a component, the value given
    /// for `label` at the component's use.
    pub value_span: FileSpan,
}

impl Property {
    /// The reactive variables this property is bound to (empty for a static property).
    pub fn bound_variables(&self) -> Vec<SmolStr> {
        bound_variables(&self.value)
    }
}

/// The variables a (substituted) value still refers to: the reactive ones it is bound to,
/// sorted, each once. For `$user.name` it is `user`.
pub fn bound_variables(value: &Value) -> Vec<SmolStr> {
    let mut out = Vec::new();
    crate::passes::walk::each_value(value, &mut |v| match &v.kind {
        crate::syntax::ast::ValueKind::Var { path, .. } => {
            out.push(SmolStr::from(path.split('.').next().unwrap_or(path)));
        }
        crate::syntax::ast::ValueKind::String(s) => {
            for part in &s.parts {
                if let crate::syntax::ast::StringPart::Var { name, .. }
                | crate::syntax::ast::StringPart::Legacy { name, .. } = part
                {
                    out.push(SmolStr::from(name.split('.').next().unwrap_or(name)));
                }
            }
        }
        _ => {}
    });
    out.sort();
    out.dedup();
    out
}

/// The events an element can handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Click,
    Press,
    Release,
    Hover,
    Focus,
    Blur,
    Change,
    Submit,
    Load,
}

impl EventKind {
    pub const ALL: [EventKind; 9] = [
        EventKind::Click,
        EventKind::Press,
        EventKind::Release,
        EventKind::Hover,
        EventKind::Focus,
        EventKind::Blur,
        EventKind::Change,
        EventKind::Submit,
        EventKind::Load,
    ];

    /// The canonical property that sets a handler for this event (`onClick`).
    pub fn property(self) -> &'static str {
        match self {
            EventKind::Click => "onClick",
            EventKind::Press => "onPress",
            EventKind::Release => "onRelease",
            EventKind::Hover => "onHover",
            EventKind::Focus => "onFocus",
            EventKind::Blur => "onBlur",
            EventKind::Change => "onChange",
            EventKind::Submit => "onSubmit",
            EventKind::Load => "onLoad",
        }
    }

    pub fn from_property(canonical: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|e| e.property() == canonical)
    }

    pub fn name(self) -> &'static str {
        &self.property()[2..]
    }
}

/// What runs when an event fires.
#[derive(Debug, Clone, PartialEq)]
pub enum Handler {
    /// A function by name: `onClick: "increment"`.
    Function(SmolStr),
    /// A call with arguments bound at compile time: `onClick: select($index, $option)`.
    Call { function: SmolStr, args: Vec<Value> },
    /// Inline script: `onClick: "function() inputNumber(7) end"`.
    Inline(String),
    /// The handler depends on a reactive variable and is resolved at run time.
    Dynamic(Value),
}

#[derive(Debug, Clone)]
pub struct Event {
    pub kind: EventKind,
    pub handler: Handler,
    pub span: FileSpan,
    /// Where the handler's value was written (for an inline handler passed to a component:
    /// at the component's use).
    pub value_span: FileSpan,
}

impl Handler {
    /// Reads a handler property's value.
    pub fn from_value(value: &Value) -> Option<Handler> {
        use crate::syntax::ast::ValueKind;
        match &value.kind {
            ValueKind::String(s) if s.parts.is_empty() => {
                let text = s.value.trim();
                let is_name = !text.is_empty()
                    && text.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
                    && text.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.');
                Some(if is_name {
                    Handler::Function(text.into())
                } else {
                    Handler::Inline(s.value.clone())
                })
            }
            ValueKind::Word(w) => Some(Handler::Function(w.clone())),
            ValueKind::Call { callee, args } => {
                Some(Handler::Call { function: callee.text.clone(), args: args.clone() })
            }
            ValueKind::Error => None,
            _ => Some(Handler::Dynamic(value.clone())),
        }
    }
}

/// A script function, with its name after component instancing.
#[derive(Debug, Clone)]
pub struct Function {
    pub name: SmolStr,
    /// The name written in the source (differs from `name` inside component instances).
    pub source_name: SmolStr,
    pub language: ScriptLanguage,
    pub params: Vec<SmolStr>,
    pub body: String,
    pub body_span: FileSpan,
    /// The function's name in its definition.
    pub name_span: FileSpan,
    /// The language tag as written (`"js"`); `None` when none was written.
    pub language_span: Option<FileSpan>,
}

/// An `@script` block: code run once when its VM loads.
#[derive(Debug, Clone)]
pub struct Script {
    pub language: ScriptLanguage,
    /// The `name` attribute.
    pub name: Option<String>,
    pub source: ScriptSource,
    /// The whole block.
    pub span: FileSpan,
    /// The language tag as written; `None` when none was written.
    pub language_span: Option<FileSpan>,
    /// `@init { ... }`: runs after every other script has loaded (the model keeps these
    /// last).
    pub init: bool,
}

#[derive(Debug, Clone)]
pub enum ScriptSource {
    /// Code written in the block; `span` is the code's.
    Inline { code: String, span: FileSpan },
    /// `from "file"`: a path relative to the file that wrote it (`span` is the path
    /// string's), and the file's code when it could be loaded. `external` (`mode external`):
    /// the KRB names the file instead of holding its code.
    File { path: String, span: FileSpan, loaded: Option<LoadedScript>, external: bool },
}

/// The code of an `@script ... from` file.
#[derive(Debug, Clone)]
pub struct LoadedScript {
    pub file: crate::source::FileId,
    pub code: String,
}

/// `font "family" "file"`.
#[derive(Debug, Clone)]
pub struct Font {
    pub family: String,
    /// The font file, relative to the file that declared it.
    pub path: String,
    pub span: FileSpan,
}
