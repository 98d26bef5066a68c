//! A KRB document in memory: exactly what a file holds (SPEC.md), with the element, style and
//! state-set property lists kept in shared pools in file order.

use crate::strings::{StrId, StringTable};
use crate::value::Value;

/// The format version this crate writes and reads.
pub const MAJOR_VERSION: u16 = 1;
/// The newest minor version this crate knows. 1.1 added event locations
/// ([`Document::event_locations`]), 1.2 the `+` operator, 1.3 precompiled bytecode
/// ([`Document::bytecode`]); a file that uses none of them is written as 1.0.
pub const MINOR_VERSION: u16 = 3;

/// A range of a pool (`start..start + len`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Span {
    pub start: u32,
    pub len: u32,
}

impl Span {
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.start as usize + self.len as usize
    }
}

/// A whole KRB file.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The minor version of the file (the major version is always [`MAJOR_VERSION`]).
    pub minor_version: u16,
    /// The header flags (SPEC.md §2); 1.0 defines none.
    pub flags: u32,
    /// Language ids of the VMs needed to run the file, ascending.
    pub required_vms: Vec<u8>,
    pub strings: StringTable,
    /// `key = value` facts about the build (`generator`, `source`), in file order.
    pub metadata: Vec<(StrId, StrId)>,
    /// Elements in pre-order: a parent comes before its children.
    pub elements: Vec<Element>,
    /// The properties of every element, state set and style, in file order.
    pub properties: Vec<Property>,
    /// The pseudo-state property sets of every element and style, in file order.
    pub state_sets: Vec<StateSet>,
    /// The event handlers of every element, in file order.
    pub events: Vec<Event>,
    pub styles: Vec<Style>,
    pub variables: Vec<Variable>,
    pub bindings: Vec<Binding>,
    pub resources: Vec<Resource>,
    pub scripts: Vec<Script>,
    /// Where the code of inline handlers is in the sources (1.1, section `EVLO`), ascending
    /// by event: a runtime error in one points at its `.kry` line.
    pub event_locations: Vec<EventLocation>,
    /// Precompiled code of scripts (1.3, section `BCOD`), ascending by script: a runtime
    /// whose engine matches the tag may load it instead of compiling the source.
    pub bytecode: Vec<Bytecode>,
    /// Sections this reader does not know (a newer minor version), skipped when reading and
    /// never written.
    pub unknown_sections: Vec<UnknownSection>,
}

impl Document {
    /// Every top-level value the document holds: properties, handler arguments and dynamic
    /// handlers, variables' initial values (nested values are reached with [`Value::walk`]).
    pub fn values(&self) -> impl Iterator<Item = &Value> {
        let handlers = self.events.iter().flat_map(|e| match &e.handler {
            Handler::Call { args, .. } => args.iter().collect::<Vec<_>>(),
            Handler::Dynamic(v) => vec![v],
            _ => Vec::new(),
        });
        self.properties
            .iter()
            .map(|p| &p.value)
            .chain(handlers)
            .chain(self.variables.iter().map(|v| &v.initial))
    }
}

impl Default for Document {
    fn default() -> Document {
        Document {
            // A document uses nothing newer until it has event locations (then 1).
            minor_version: 0,
            flags: 0,
            required_vms: Vec::new(),
            strings: StringTable::new(),
            metadata: Vec::new(),
            elements: Vec::new(),
            properties: Vec::new(),
            state_sets: Vec::new(),
            events: Vec::new(),
            styles: Vec::new(),
            variables: Vec::new(),
            bindings: Vec::new(),
            resources: Vec::new(),
            scripts: Vec::new(),
            event_locations: Vec::new(),
            bytecode: Vec::new(),
            unknown_sections: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownSection {
    pub tag: [u8; 4],
    pub offset: u32,
    pub length: u32,
}

/// An element.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// The element type's id in the element registry; 0 for a type the registry lacks, named
    /// by `tag`.
    pub kind: u16,
    /// The type's name when `kind` is 0.
    pub tag: Option<StrId>,
    /// The parent's index; `None` for a root.
    pub parent: Option<u32>,
    /// The element's `id`.
    pub id: Option<StrId>,
    /// The component this element is the root of, when it was expanded from one.
    pub component: Option<StrId>,
    pub properties: Span,
    pub state_sets: Span,
    pub events: Span,
}

/// Property flags.
pub mod property_flags {
    /// The value refers to reactive variables: a binding re-renders it.
    pub const BOUND: u16 = 1;
    /// A property a component declared and passed through unchecked to its root element.
    pub const FROM_COMPONENT: u16 = 2;
    pub const ALL: u16 = BOUND | FROM_COMPONENT;
}

/// A property: a registry id or a custom name, and a value.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    /// The property's id in the property registry; 0 for a custom property, named by `name`.
    pub id: u16,
    pub flags: u16,
    pub name: Option<StrId>,
    pub value: Value,
}

/// The pseudo-states, as bits of a state set's mask.
pub mod states {
    pub const HOVER: u32 = 1;
    pub const ACTIVE: u32 = 2;
    pub const FOCUS: u32 = 4;
    pub const DISABLED: u32 = 8;
    pub const CHECKED: u32 = 16;
    /// Names in bit order.
    pub const NAMES: [&str; 5] = ["hover", "active", "focus", "disabled", "checked"];

    /// The bit of a state name.
    pub fn bit(name: &str) -> Option<u32> {
        NAMES.iter().position(|n| *n == name).map(|i| 1 << i)
    }

    /// The names of the bits set in `mask` (unknown bits are left out).
    pub fn names(mask: u32) -> impl Iterator<Item = &'static str> {
        NAMES.iter().enumerate().filter(move |(i, _)| mask & (1 << i) != 0).map(|(_, n)| *n)
    }
}

/// Properties that apply while every state in `mask` holds (`&:hover:disabled`).
#[derive(Debug, Clone, PartialEq)]
pub struct StateSet {
    pub mask: u32,
    pub properties: Span,
}

/// Events an element handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    Click = 1,
    Press = 2,
    Release = 3,
    Hover = 4,
    Focus = 5,
    Blur = 6,
    Change = 7,
    Submit = 8,
    Load = 9,
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

    pub fn from_code(code: u8) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| *k as u8 == code)
    }

    pub fn name(self) -> &'static str {
        match self {
            EventKind::Click => "click",
            EventKind::Press => "press",
            EventKind::Release => "release",
            EventKind::Hover => "hover",
            EventKind::Focus => "focus",
            EventKind::Blur => "blur",
            EventKind::Change => "change",
            EventKind::Submit => "submit",
            EventKind::Load => "load",
        }
    }
}

/// What runs when an event fires.
#[derive(Debug, Clone, PartialEq)]
pub enum Handler {
    /// A script function by name.
    Function(StrId),
    /// A function with arguments bound at compile time.
    Call { function: StrId, args: Vec<Value> },
    /// Inline code in a language (by language id).
    Inline { language: u8, source: StrId },
    /// A handler chosen at run time from reactive variables.
    Dynamic(Value),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub kind: EventKind,
    pub handler: Handler,
}

/// A flattened style: inherited properties already merged in.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    pub name: StrId,
    pub properties: Span,
    pub state_sets: Span,
}

/// The type of a reactive variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VarType {
    Int = 1,
    Float = 2,
    Length = 3,
    String = 4,
    Bool = 5,
    Color = 6,
    Array = 7,
    Object = 8,
}

impl VarType {
    pub const ALL: [VarType; 8] = [
        VarType::Int,
        VarType::Float,
        VarType::Length,
        VarType::String,
        VarType::Bool,
        VarType::Color,
        VarType::Array,
        VarType::Object,
    ];

    pub fn from_code(code: u8) -> Option<VarType> {
        VarType::ALL.into_iter().find(|t| *t as u8 == code)
    }

    pub fn name(self) -> &'static str {
        match self {
            VarType::Int => "int",
            VarType::Float => "float",
            VarType::Length => "length",
            VarType::String => "string",
            VarType::Bool => "bool",
            VarType::Color => "colour",
            VarType::Array => "array",
            VarType::Object => "object",
        }
    }
}

/// Variable flags.
pub mod variable_flags {
    /// A script reads or writes the variable.
    pub const SCRIPTED: u8 = 1;
    /// A property binds it.
    pub const BOUND: u8 = 2;
    pub const ALL: u8 = SCRIPTED | BOUND;
}

/// A variable the runtime keeps: shared by every VM and the bindings.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    pub name: StrId,
    pub ty: VarType,
    pub flags: u8,
    pub initial: Value,
}

/// What a binding re-renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BindingOwner {
    Element(u32),
    Style(u32),
}

/// A property whose value depends on variables: when one of `variables` changes, the runtime
/// evaluates the property's value again.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub owner: BindingOwner,
    /// The owner's state set holding the property, or `None` for its own properties.
    pub state_set: Option<u32>,
    /// The property's index within that property list.
    pub property: u32,
    /// Indices in the variable table.
    pub variables: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResourceKind {
    Image = 1,
    Font = 2,
    Video = 3,
    Audio = 4,
    File = 5,
}

impl ResourceKind {
    pub const ALL: [ResourceKind; 5] = [
        ResourceKind::Image,
        ResourceKind::Font,
        ResourceKind::Video,
        ResourceKind::Audio,
        ResourceKind::File,
    ];

    pub fn from_code(code: u8) -> Option<ResourceKind> {
        ResourceKind::ALL.into_iter().find(|k| *k as u8 == code)
    }

    pub fn name(self) -> &'static str {
        match self {
            ResourceKind::Image => "image",
            ResourceKind::Font => "font",
            ResourceKind::Video => "video",
            ResourceKind::Audio => "audio",
            ResourceKind::File => "file",
        }
    }
}

/// A file the app ships: a path relative to the app, and a name (a font's family).
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    pub kind: ResourceKind,
    pub path: StrId,
    pub name: Option<StrId>,
}

/// The languages with a KRB language id.
pub mod languages {
    pub const LUA: u8 = 1;
    pub const JAVASCRIPT: u8 = 2;
    pub const PYTHON: u8 = 3;
    pub const WREN: u8 = 4;
    pub const MICROPYTHON: u8 = 5;

    /// The language's tag (`lua`, `javascript`, ...), for an id this version knows.
    pub fn name(id: u8) -> Option<&'static str> {
        Some(match id {
            LUA => "lua",
            JAVASCRIPT => "javascript",
            PYTHON => "python",
            WREN => "wren",
            MICROPYTHON => "micropython",
            _ => return None,
        })
    }
}

/// What a script entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScriptRole {
    /// The body of one function; its one entry point is the function.
    Function = 1,
    /// Top-level code run once when the VM loads (`@script`); its entry points are the
    /// functions it defines.
    Module = 2,
}

impl ScriptRole {
    pub fn from_code(code: u8) -> Option<ScriptRole> {
        match code {
            1 => Some(ScriptRole::Function),
            2 => Some(ScriptRole::Module),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ScriptRole::Function => "function",
            ScriptRole::Module => "module",
        }
    }
}

/// A script's code.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// Source text.
    Source(StrId),
    /// Compiled code for one engine version (`engine` names it, e.g. `lua 5.4`).
    Bytecode { engine: StrId, bytes: Vec<u8> },
    /// A file shipped beside the KRB, loaded by the runtime.
    External(StrId),
    /// Only precompiled code (1.3): the script's [`Bytecode`] entry is its code; a runtime
    /// with another engine cannot run it.
    Precompiled,
}

/// A script's code compiled for one engine version (KRB 1.3, section `BCOD`). The file
/// stores a CRC-32 of the bytes beside them, checked on reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bytecode {
    /// The script's index in [`Document::scripts`].
    pub script: u32,
    /// The engine and version the code is for (`lua 5.4 (mlua 0.12.2)`): a runtime loads it
    /// only when this is exactly its own engine's tag.
    pub engine: StrId,
    pub bytes: Vec<u8>,
}

/// Where a piece of code is in the `.kry` sources: file (relative to the root file), 1-based
/// line, 1-based column counted in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SourceLocation {
    pub file: StrId,
    pub line: u32,
    pub column: u32,
}

/// Where an inline handler's code starts (KRB 1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventLocation {
    /// The event's index in [`Document::events`].
    pub event: u32,
    /// The handler code's first character: line `n` of the code is line
    /// `location.line + n - 1` of `location.file`.
    pub location: SourceLocation,
}

/// A function a runtime can call.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryPoint {
    pub name: StrId,
    pub params: Vec<StrId>,
    /// Where the function is defined.
    pub location: SourceLocation,
}

/// A piece of code for one VM.
#[derive(Debug, Clone, PartialEq)]
pub struct Script {
    /// The language id (see [`languages`]).
    pub language: u8,
    pub role: ScriptRole,
    /// The VM that runs it (`lua`, `quickjs`, `rustpython`, ...).
    pub vm: StrId,
    /// The function's name, or the `@script`'s `name` attribute.
    pub name: Option<StrId>,
    pub payload: Payload,
    /// Where the payload's first character is in the sources: line `n` of the payload is line
    /// `location.line + n - 1` of `location.file`.
    pub location: SourceLocation,
    pub entry_points: Vec<EntryPoint>,
}

impl Document {
    pub fn str(&self, id: StrId) -> &str {
        self.strings.str(id)
    }

    /// Where the code of the inline handler of event `event` starts, when the file says.
    pub fn event_location(&self, event: u32) -> Option<&SourceLocation> {
        let i = self.event_locations.binary_search_by_key(&event, |l| l.event).ok()?;
        Some(&self.event_locations[i].location)
    }

    /// The precompiled code of script `script`, when the file has some.
    pub fn bytecode_of(&self, script: u32) -> Option<&Bytecode> {
        let i = self.bytecode.binary_search_by_key(&script, |b| b.script).ok()?;
        Some(&self.bytecode[i])
    }

    /// The children of every element, in order (index = element index).
    pub fn children(&self) -> Vec<Vec<u32>> {
        let mut out = vec![Vec::new(); self.elements.len()];
        for (i, e) in self.elements.iter().enumerate() {
            if let Some(p) = e.parent {
                if let Some(list) = out.get_mut(p as usize) {
                    list.push(i as u32);
                }
            }
        }
        out
    }

    /// The properties in `span` (empty when `span` is outside the pool).
    pub fn properties_in(&self, span: Span) -> &[Property] {
        self.properties.get(span.range()).unwrap_or(&[])
    }

    pub fn state_sets_in(&self, span: Span) -> &[StateSet] {
        self.state_sets.get(span.range()).unwrap_or(&[])
    }

    pub fn events_in(&self, span: Span) -> &[Event] {
        self.events.get(span.range()).unwrap_or(&[])
    }

    /// Appends properties to the pool, returning their span.
    pub fn push_properties(&mut self, properties: impl IntoIterator<Item = Property>) -> Span {
        let start = self.properties.len() as u32;
        self.properties.extend(properties);
        Span { start, len: self.properties.len() as u32 - start }
    }

    /// Appends state sets (each with its properties) to the pools, returning their span. The
    /// properties of the sets are appended in order after any already in the pool.
    pub fn push_state_sets(
        &mut self,
        sets: impl IntoIterator<Item = (u32, Vec<Property>)>,
    ) -> Span {
        let start = self.state_sets.len() as u32;
        for (mask, props) in sets {
            let properties = self.push_properties(props);
            self.state_sets.push(StateSet { mask, properties });
        }
        Span { start, len: self.state_sets.len() as u32 - start }
    }

    pub fn push_events(&mut self, events: impl IntoIterator<Item = Event>) -> Span {
        let start = self.events.len() as u32;
        self.events.extend(events);
        Span { start, len: self.events.len() as u32 - start }
    }
}
