//! Every place a program defines or uses a name that goto, references and rename follow:
//! variables (`@variables`, `@var`; `$x`, `${x}`, `"... $x"`, `{{x}}`, and the globals
//! scripts read and write, `global x` lines included), styles (`style "x"`; `style:`,
//! `class:`, `extends:`), components (`Define X`; elements named `X`), functions (`@function`
//! and the functions `@script` code defines; handler values and calls from scripts) and
//! files (`@include` and `@script ... from` paths).

use std::collections::HashSet;

use smol_str::SmolStr;

use super::FileAnalysis;
use crate::registry::elements::element;
use crate::registry::properties::lookup;
use crate::registry::value_types::ValueType;
use crate::scripts::definitions;
use crate::source::{FileId, FileSpan, TextRange};
use crate::syntax::ast::{
    DefineMember, Element, ElementMember, Item, Property, ScriptSource, StringLit, StringPart,
    StyleMember, Value, ValueKind,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Variable,
    Style,
    Component,
    Function,
    /// An included file or a script file; the name is the target's path.
    File,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub kind: Kind,
    pub name: SmolStr,
    /// The name itself (for a string, its text without the quotes).
    pub span: FileSpan,
    pub definition: bool,
    /// For [`Kind::File`]: the file named.
    pub target: Option<FileId>,
}

/// Every occurrence in the program, in file and source order.
pub fn collect(analysis: &FileAnalysis) -> Vec<Occurrence> {
    let mut c = Collector { analysis, out: Vec::new(), file: analysis.root(), scope: Vec::new() };
    for f in &analysis.checked.program.files {
        c.file = f.file;
        c.items(&f.module.items);
    }
    c.scripts();
    let mut seen = HashSet::new();
    c.out.retain(|o| seen.insert((o.kind, o.name.clone(), o.span, o.definition)));
    c.out
}

/// The occurrence whose name holds `offset` (its end counts, so a cursor just after a name
/// finds it).
pub fn at(occurrences: &[Occurrence], file: FileId, offset: usize) -> Option<&Occurrence> {
    let offset = offset as u32;
    occurrences
        .iter()
        .filter(|o| {
            o.span.file == file && o.span.range.start <= offset && offset <= o.span.range.end
        })
        .min_by_key(|o| o.span.range.len())
}

/// The occurrences of the same thing as `o`.
pub fn same<'a>(occurrences: &'a [Occurrence], o: &Occurrence) -> Vec<&'a Occurrence> {
    occurrences
        .iter()
        .filter(|x| {
            x.kind == o.kind
                && if o.kind == Kind::File { x.target == o.target } else { x.name == o.name }
        })
        .collect()
}

struct Collector<'a> {
    analysis: &'a FileAnalysis,
    out: Vec<Occurrence>,
    file: FileId,
    /// Names that hide variables here: loop variables, a component's properties.
    scope: Vec<SmolStr>,
}

impl Collector<'_> {
    fn push(&mut self, kind: Kind, name: &str, range: TextRange, definition: bool) {
        self.out.push(Occurrence {
            kind,
            name: name.into(),
            span: FileSpan::new(self.file, range),
            definition,
            target: None,
        });
    }

    fn items(&mut self, items: &[Item]) {
        for item in items {
            self.item(item);
        }
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Include(inc) => {
                let target = self
                    .analysis
                    .checked
                    .program
                    .file(self.file)
                    .and_then(|f| f.includes.iter().find(|(r, _)| *r == inc.range))
                    .map(|(_, t)| *t);
                self.file_ref(&inc.path, target);
            }
            Item::Variables(block) => {
                for v in &block.entries {
                    self.push(Kind::Variable, &v.name.text, v.name.range, true);
                    self.value(&v.value);
                }
            }
            Item::Var(v) => {
                self.push(Kind::Variable, &v.name.text, v.name.range, true);
                self.value(&v.value);
            }
            Item::Style(s) => {
                self.push(Kind::Style, &s.name.value, inner(&s.name), true);
                for m in &s.members {
                    match m {
                        StyleMember::Property(p) => self.property(p, None),
                        StyleMember::Pseudo(p) => {
                            p.properties.iter().for_each(|p| self.property(p, None))
                        }
                    }
                }
            }
            Item::Font(_) => {}
            Item::Define(def) => {
                self.push(Kind::Component, &def.name.text, def.name.range, true);
                let before = self.scope.len();
                for m in &def.members {
                    match m {
                        DefineMember::Properties(p) => {
                            for d in &p.props {
                                self.scope.push(d.name.text.clone());
                                if let Some(v) = &d.default {
                                    self.value(v);
                                }
                            }
                        }
                        DefineMember::SimpleProp(p) => {
                            self.scope.push(p.name.text.clone());
                            self.value(&p.default);
                        }
                        DefineMember::Member(_) => {}
                    }
                }
                for m in &def.members {
                    if let DefineMember::Member(m) = m {
                        self.member(m, None);
                    }
                }
                self.scope.truncate(before);
            }
            Item::Script(s) => self.script_source(&s.source),
            Item::Function(f) => self.push(Kind::Function, &f.name.text, f.name.range, true),
            Item::Element(e) => self.element(e),
            Item::For(f) => {
                self.value(&f.iterable);
                let before = self.scope.len();
                self.scope.push(f.item.text.clone());
                self.scope.extend(f.index.as_ref().map(|i| i.text.clone()));
                self.items(&f.body);
                self.scope.truncate(before);
            }
            Item::If(i) => {
                for (cond, body) in &i.branches {
                    self.value(cond);
                    self.items(body);
                }
                if let Some(body) = &i.else_body {
                    self.items(body);
                }
            }
        }
    }

    fn file_ref(&mut self, path: &StringLit, target: Option<FileId>) {
        let Some(target) = target else { return };
        self.out.push(Occurrence {
            kind: Kind::File,
            name: path.value.as_str().into(),
            span: FileSpan::new(self.file, inner(path)),
            definition: false,
            target: Some(target),
        });
    }

    fn script_source(&mut self, source: &ScriptSource) {
        if let ScriptSource::File(path) = source {
            let span = FileSpan::new(self.file, path.range);
            let target = self.analysis.checked.program.script_file(span).map(|s| s.file);
            self.file_ref(path, target);
        }
    }

    fn element(&mut self, e: &Element) {
        let builtin = element(&e.name.text);
        if builtin.is_none() {
            self.push(Kind::Component, &e.name.text, e.name.range, false);
        }
        for m in &e.members {
            self.member(m, Some(e));
        }
    }

    fn member(&mut self, m: &ElementMember, parent: Option<&Element>) {
        match m {
            ElementMember::Property(p) => self.property(p, parent),
            ElementMember::Child(e) => self.element(e),
            ElementMember::Pseudo(p) => p.properties.iter().for_each(|p| self.property(p, parent)),
            ElementMember::Text(s) => self.string_vars(s),
            ElementMember::For(f) => {
                self.value(&f.iterable);
                let before = self.scope.len();
                self.scope.push(f.item.text.clone());
                self.scope.extend(f.index.as_ref().map(|i| i.text.clone()));
                f.body.iter().for_each(|m| self.member(m, parent));
                self.scope.truncate(before);
            }
            ElementMember::If(i) => {
                for (cond, body) in &i.branches {
                    self.value(cond);
                    body.iter().for_each(|m| self.member(m, parent));
                }
                if let Some(body) = &i.else_body {
                    body.iter().for_each(|m| self.member(m, parent));
                }
            }
            ElementMember::Function(f) => {
                self.push(Kind::Function, &f.name.text, f.name.range, true)
            }
            ElementMember::Script(s) => self.script_source(&s.source),
        }
    }

    fn property(&mut self, p: &Property, parent: Option<&Element>) {
        let info = parent.and_then(|e| element(&e.name.text));
        let ty = lookup(&p.name.text, info).map(|r| r.info.ty);
        match ty {
            Some(ValueType::StyleRef) => self.style_refs(&p.value),
            Some(ValueType::Handler) => match &p.value.kind {
                ValueKind::String(s) if s.parts.is_empty() && is_name(&s.value) && exact(s) => {
                    self.push(Kind::Function, s.value.trim(), inner(s), false);
                }
                ValueKind::Word(w) => self.push(Kind::Function, w, p.value.range, false),
                ValueKind::Call { callee, .. } => {
                    self.push(Kind::Function, &callee.text, callee.range, false)
                }
                _ => {}
            },
            _ => {}
        }
        self.value(&p.value);
    }

    fn style_refs(&mut self, value: &Value) {
        match &value.kind {
            ValueKind::String(s) if s.parts.is_empty() && exact(s) => {
                let start = s.range.start as usize + 1;
                let mut offset = 0;
                for word in s.value.split(' ') {
                    if !word.is_empty() {
                        let at = start + offset;
                        self.push(Kind::Style, word, TextRange::new(at, at + word.len()), false);
                    }
                    offset += word.len() + 1;
                }
            }
            ValueKind::Word(w) => self.push(Kind::Style, w, value.range, false),
            ValueKind::Array(items) | ValueKind::List(items) => {
                items.iter().for_each(|v| self.style_refs(v))
            }
            _ => {}
        }
    }

    /// Variable references anywhere in a value.
    fn value(&mut self, value: &Value) {
        crate::passes::walk::each_value(value, &mut |v| match &v.kind {
            ValueKind::Var { path, braced } => {
                let name = path.split('.').next().unwrap_or(path);
                let start = v.range.start as usize + 1 + usize::from(*braced);
                self.variable_ref(name, TextRange::new(start, start + name.len()));
            }
            ValueKind::String(s) => self.string_vars(s),
            _ => {}
        });
    }

    fn string_vars(&mut self, s: &StringLit) {
        for part in &s.parts {
            let (name, start) = match part {
                StringPart::Var { name, braced, range } => {
                    (name, range.start as usize + 1 + usize::from(*braced))
                }
                StringPart::Legacy { name, range } => (name, range.start as usize + 2),
                StringPart::Text(_) => continue,
            };
            let name = name.split('.').next().unwrap_or(name).trim();
            self.variable_ref(name, TextRange::new(start, start + name.len()));
        }
    }

    fn variable_ref(&mut self, name: &str, range: TextRange) {
        if !self.scope.iter().any(|s| s == name) {
            self.push(Kind::Variable, name, range, false);
        }
    }

    /// Scripts: the functions `@script` code defines, and the globals bodies read and write
    /// that are shared variables or KRY functions.
    fn scripts(&mut self) {
        let analysis = self.analysis;
        let variables = &analysis.checked.analysis.variables;
        let functions: HashSet<&str> = analysis
            .checked
            .analysis
            .model
            .functions
            .iter()
            .map(|f| f.source_name.as_str())
            .collect();
        for body in &analysis.facts().bodies {
            if !body.exact_positions {
                continue;
            }
            self.file = body.span.file;
            let base = body.span.range.start as usize;
            if body.is_module() {
                for d in definitions(body.language, &body.text) {
                    let first = d.name.split('.').next().unwrap_or(&d.name);
                    let len = if body.text[d.offset.min(body.text.len())..].starts_with(&d.name) {
                        d.name.len()
                    } else {
                        first.len()
                    };
                    let at = base + d.offset;
                    self.push(Kind::Function, &d.name, TextRange::new(at, at + len), true);
                }
            }
            let Some(usage) = body.facts.as_ref().and_then(|f| f.usage.as_ref()) else { continue };
            for access in usage.reads.iter().chain(&usage.writes) {
                let range = TextRange::new(base + access.start, base + access.end);
                if variables.get(&access.name).is_some() {
                    self.push(Kind::Variable, &access.name, range, false);
                } else if functions.contains(access.name.as_str()) {
                    self.push(Kind::Function, &access.name, range, false);
                }
            }
            if body.language.tag().contains("python") {
                for (name, at) in python_globals(&body.text) {
                    if variables.get(name).is_some() {
                        let range = TextRange::new(base + at, base + at + name.len());
                        self.push(Kind::Variable, name, range, false);
                    }
                }
            }
        }
        self.out.sort_by_key(|o| (o.span.file, o.span.range.start, !o.definition));
    }
}

/// The names of Python `global a, b` statements, with their offsets.
fn python_globals(text: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let code = line.trim_start();
        if let Some(rest) = code.strip_prefix("global") {
            if rest.starts_with([' ', '\t']) {
                let mut at = line_start + (line.len() - code.len()) + "global".len();
                let rest = rest.split('#').next().unwrap_or(rest);
                for part in rest.split(',') {
                    let name = part.trim();
                    let lead = part.len() - part.trim_start().len();
                    if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                        out.push((name, at + lead));
                    }
                    at += part.len() + 1;
                }
            }
        }
        line_start += line.len();
    }
    out
}

/// The text of a string literal without its quotes.
pub(crate) fn inner(s: &StringLit) -> TextRange {
    let r = s.range;
    if r.len() >= 2 {
        TextRange::new(r.start as usize + 1, r.end as usize - 1)
    } else {
        r
    }
}

/// A literal whose value is its text as written (no escapes), so positions in the value are
/// positions in the file.
fn exact(s: &StringLit) -> bool {
    s.range.len() == s.value.len() + 2
}

fn is_name(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && t.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.')
}

#[cfg(test)]
mod tests {
    #[test]
    fn python_global_lines() {
        let text = "\n    global a, bb\n    x = 1 # global c\n";
        let found = super::python_globals(text);
        assert_eq!(found, vec![("a", 12), ("bb", 15)]);
        assert_eq!(&text[12..13], "a");
        assert_eq!(&text[15..17], "bb");
    }
}
