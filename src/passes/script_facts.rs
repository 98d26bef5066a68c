//! Pass 2: every script body of the program parsed once by its language's parser
//! ([`crate::scripts::analyze`]): its syntax errors (reported by [`super::script_syntax`]) and
//! the global names it reads and writes (used by [`super::variables`] for reactivity and by
//! [`super::shared_variables`] for the cross-language checks). Bodies are found wherever the
//! source writes them: top level, elements, components, `@for` and `@if` blocks.

use std::collections::{HashMap, HashSet};

use smol_str::SmolStr;

use crate::languages::ScriptLanguage;
use crate::model::{EventKind, Handler};
use crate::program::Program;
use crate::registry::properties::lookup;
use crate::scripts::cache::ScriptCache;
use crate::scripts::dollars::{self, DollarRef};
use crate::scripts::{analyze, BodyKind, Facts};
use crate::source::{FileId, FileSpan, TextRange};
use crate::syntax::ast::{
    DefineMember, Element, ElementMember, FunctionDef, Item, Property, ScriptBlock, ScriptSource,
    StringLit, ValueKind,
};

/// One body as written.
#[derive(Debug)]
pub struct Body {
    pub language: ScriptLanguage,
    /// The function's name as written; `None` for `@script` code.
    pub function: Option<SmolStr>,
    pub params: Vec<SmolStr>,
    pub text: String,
    /// The text's span: in the `.kry` file, or the whole file of an `@script ... from`.
    pub span: FileSpan,
    /// The code is a file of its own (`@script ... from`).
    pub external: bool,
    /// An inline handler string (`onClick: "function() ... end"`): an expression that
    /// evaluates to a function, run by the default VM.
    pub inline_handler: bool,
    /// Positions in `text` are positions in `span` (false for an inline handler string with
    /// escapes, whose diagnostics point at the string's start).
    pub exact_positions: bool,
    /// `None` when the language has no checker here.
    pub facts: Option<Facts>,
    /// `$name` references to shared variables written in the code (a 2025 habit): `text`
    /// has their `$` replaced by a space, which is what the VM runs.
    pub dollar_refs: Vec<DollarRef>,
}

impl Body {
    pub fn is_module(&self) -> bool {
        self.function.is_none() && !self.inline_handler
    }
}

/// Every body, in source order, by the span of its text.
#[derive(Debug, Default)]
pub struct ScriptFacts {
    pub bodies: Vec<Body>,
    by_span: HashMap<FileSpan, usize>,
}

impl ScriptFacts {
    pub fn get(&self, span: FileSpan) -> Option<&Body> {
        self.by_span.get(&span).map(|&i| &self.bodies[i])
    }

    /// Every name the scripts define: each `@function`, and what the analysed bodies define.
    pub fn defined(&self) -> HashSet<&str> {
        let mut names = HashSet::new();
        for body in &self.bodies {
            names.extend(body.function.as_deref());
            if let Some(usage) = body.facts.as_ref().and_then(|f| f.usage.as_ref()) {
                names.extend(usage.defines.iter().map(String::as_str));
            }
        }
        names
    }

    /// Every global name some script may read or write: the names found in the syntax trees,
    /// and every word of the bodies that could not be analysed (a syntax error, a language
    /// without a checker), so that nothing a script may change is folded at compile time.
    pub fn mentioned(&self) -> HashSet<&str> {
        let mut names = HashSet::new();
        for body in &self.bodies {
            match body.facts.as_ref().and_then(|f| f.usage.as_ref()) {
                // Wren module code records its definitions only.
                Some(usage) if !(body.is_module() && body.language == ScriptLanguage::Wren) => {
                    names.extend(usage.names())
                }
                _ => names.extend(words(&body.text)),
            }
            // Variables named in strings: `setVariable("count", 1)`, `getTemplateVariable(...)`.
            names.extend(quoted_words(&body.text));
        }
        names
    }
}

/// Words written alone in quotes (`"count"`, `'count'`).
fn quoted_words(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    words(text).filter(move |w| {
        let start = w.as_ptr() as usize - text.as_ptr() as usize;
        let end = start + w.len();
        let quote = |i: usize| bytes.get(i).is_some_and(|b| matches!(b, b'"' | b'\'' | b'`'));
        start > 0 && quote(start - 1) && quote(end)
    })
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'))
}

/// Where an inline handler's code is, given the span of its string literal (quotes included)
/// and the code: the text between the quotes, and `true`, when the literal holds the code as
/// it is; the whole literal, and `false`, when escapes make positions in the code differ from
/// positions in the file.
pub fn inline_code_span(literal: FileSpan, code: &str) -> (FileSpan, bool) {
    let range = literal.range;
    if range.len() == code.len() + 2 {
        let inner = TextRange::new(range.start as usize + 1, range.end as usize - 1);
        (FileSpan::new(literal.file, inner), true)
    } else {
        (literal, false)
    }
}

pub fn run(program: &Program) -> ScriptFacts {
    run_with(program, None)
}

/// [`run`], taking unchanged bodies' results from `cache` (an editor's memo) when given.
pub fn run_with(program: &Program, cache: Option<&ScriptCache>) -> ScriptFacts {
    let mut facts = ScriptFacts::default();
    if let Some(cache) = cache {
        cache.begin();
    }
    let shared = shared_names(program);
    for file in &program.files {
        let mut c =
            Collector { program, file: file.file, facts: &mut facts, cache, shared: &shared };
        c.items(&file.module.items);
    }
    facts
}

/// The names `@variables` and `@var` declare anywhere in the program.
pub fn shared_names(program: &Program) -> HashSet<SmolStr> {
    let mut names = HashSet::new();
    for file in &program.files {
        for item in &file.module.items {
            match item {
                Item::Variables(block) => {
                    names.extend(block.entries.iter().map(|e| e.name.text.clone()))
                }
                Item::Var(v) => {
                    names.insert(v.name.text.clone());
                }
                _ => {}
            }
        }
    }
    names
}

struct Collector<'a> {
    program: &'a Program,
    file: FileId,
    facts: &'a mut ScriptFacts,
    cache: Option<&'a ScriptCache>,
    shared: &'a HashSet<SmolStr>,
}

impl Collector<'_> {
    /// The body with `$name` references to shared variables made plain names.
    fn strip(&self, language: ScriptLanguage, text: &str) -> (String, Vec<DollarRef>) {
        let (code, refs) = dollars::strip(language, text, |n| self.shared.contains(n));
        (code.into_owned(), refs)
    }

    fn analyze(&self, language: ScriptLanguage, kind: BodyKind<'_>, body: &str) -> Option<Facts> {
        match self.cache {
            Some(cache) => cache.analyze(language, kind, body),
            None => analyze(language, kind, body),
        }
    }

    fn items(&mut self, items: &[Item]) {
        for item in items {
            match item {
                Item::Script(s) => self.script(s),
                Item::Function(f) => self.function(f),
                Item::Define(def) => {
                    for m in &def.members {
                        if let DefineMember::Member(m) = m {
                            self.member(m);
                        }
                    }
                }
                Item::Element(e) => self.element(e),
                Item::For(b) => self.items(&b.body),
                Item::If(b) => {
                    for (_, body) in &b.branches {
                        self.items(body);
                    }
                    if let Some(body) = &b.else_body {
                        self.items(body);
                    }
                }
                _ => {}
            }
        }
    }

    fn members(&mut self, members: &[ElementMember]) {
        for m in members {
            self.member(m);
        }
    }

    fn member(&mut self, m: &ElementMember) {
        match m {
            ElementMember::Function(f) => self.function(f),
            ElementMember::Script(s) => self.script(s),
            ElementMember::Property(p) => self.inline_handler(p),
            ElementMember::Child(e) => self.element(e),
            ElementMember::For(b) => self.members(&b.body),
            ElementMember::If(b) => {
                for (_, body) in &b.branches {
                    self.members(body);
                }
                if let Some(body) = &b.else_body {
                    self.members(body);
                }
            }
            _ => {}
        }
    }

    fn element(&mut self, e: &Element) {
        if crate::registry::elements::element(&e.name.text).is_none() {
            // A component use: a property whose string is a Lua function expression is an
            // inline handler passed on to an event of the component (`action: "function()
            // ... end"` with `onClick: $action` inside).
            for m in &e.members {
                if let ElementMember::Property(p) = m {
                    self.passed_handler(p);
                }
            }
        }
        self.members(&e.members);
    }

    fn function(&mut self, f: &FunctionDef) {
        // A body without a tag runs in the default VM; an unknown tag was reported (K0360).
        let language = match &f.language {
            None => Some(ScriptLanguage::Lua),
            Some(tag) => tag.language,
        };
        let params: Vec<SmolStr> = f.params.iter().map(|p| p.text.clone()).collect();
        let span = FileSpan::new(self.file, f.body.range);
        let (text, dollar_refs) = self.strip(language.unwrap_or(ScriptLanguage::Lua), &f.body.text);
        let facts = language.and_then(|l| {
            let names: Vec<&str> = params.iter().map(|p| p.as_str()).collect();
            self.analyze(l, BodyKind::Function { params: &names }, &text)
        });
        self.push(Body {
            language: language.unwrap_or(ScriptLanguage::Lua),
            function: Some(f.name.text.clone()),
            params,
            text,
            span,
            external: false,
            inline_handler: false,
            exact_positions: true,
            facts,
            dollar_refs,
        });
    }

    fn script(&mut self, s: &ScriptBlock) {
        let (text, span, external) = match &s.source {
            ScriptSource::Inline(body) => {
                (body.text.clone(), FileSpan::new(self.file, body.range), false)
            }
            ScriptSource::File(path) => {
                let Some(loaded) = self.program.script_file(FileSpan::new(self.file, path.range))
                else {
                    return;
                };
                let whole = TextRange::new(0, loaded.text.len());
                (loaded.text.clone(), FileSpan::new(loaded.file, whole), true)
            }
        };
        let language = match &s.language {
            None => Some(ScriptLanguage::Lua),
            Some(tag) => tag.language,
        };
        let (text, dollar_refs) = self.strip(language.unwrap_or(ScriptLanguage::Lua), &text);
        let facts = language.and_then(|l| self.analyze(l, BodyKind::Module, &text));
        self.push(Body {
            language: language.unwrap_or(ScriptLanguage::Lua),
            function: None,
            params: Vec::new(),
            text,
            span,
            external,
            inline_handler: false,
            exact_positions: true,
            facts,
            dollar_refs,
        });
    }

    /// An event property whose string is code (`onClick: "function() count = count + 1 end"`):
    /// Lua, run by the default VM.
    fn inline_handler(&mut self, p: &Property) {
        let ValueKind::String(s) = &p.value.kind else { return };
        let is_event = lookup(&p.name.text, None)
            .is_some_and(|r| EventKind::from_property(r.info.name).is_some());
        if !is_event || !matches!(Handler::from_value(&p.value), Some(Handler::Inline(_))) {
            return;
        }
        self.push_inline(p, s);
    }

    /// A component property whose string is a function expression (`function(...)`).
    fn passed_handler(&mut self, p: &Property) {
        let ValueKind::String(s) = &p.value.kind else { return };
        let code = s.value.trim_start();
        let is_function =
            code.strip_prefix("function").is_some_and(|rest| rest.trim_start().starts_with('('));
        if s.parts.is_empty() && is_function {
            self.push_inline(p, s);
        }
    }

    fn push_inline(&mut self, p: &Property, s: &StringLit) {
        let (span, exact) = inline_code_span(FileSpan::new(self.file, p.value.range), &s.value);
        let language = ScriptLanguage::Lua;
        self.push(Body {
            language,
            function: None,
            params: Vec::new(),
            text: s.value.clone(),
            span,
            external: false,
            inline_handler: true,
            exact_positions: exact,
            facts: self.analyze(language, BodyKind::Expression, &s.value),
            dollar_refs: Vec::new(),
        });
    }

    fn push(&mut self, body: Body) {
        if self.facts.by_span.contains_key(&body.span) {
            return;
        }
        self.facts.by_span.insert(body.span, self.facts.bodies.len());
        self.facts.bodies.push(body);
    }
}
