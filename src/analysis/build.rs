//! Builds the [`AppGraph`] of a checked program: every code unit with what its syntax tree
//! says it reads, writes, calls and looks up, the events that run it, and the bindings its
//! writes re-render. The findings are [`super::findings`]'.

use std::collections::{BTreeMap, HashMap};

use super::graph::*;
use crate::check::Checked;
use crate::languages::ScriptLanguage;
use crate::model::{bound_variables, Handler, UiModel};
use crate::passes::script_facts::{inline_code_span, Body};
use crate::passes::variables::{VarType, Variables};
use crate::source::{FileSpan, PositionEncoding, SourceDb};

/// Names an `@script` block defines for handlers and other code: its top-level functions.
fn module_functions(body: &Body) -> Vec<String> {
    crate::scripts::definitions(body.language, &body.text).into_iter().map(|d| d.name).collect()
}

pub(super) fn location(sources: &SourceDb, span: FileSpan) -> Location {
    let file = sources.get(span.file);
    let at = file.line_col(span.range.start as usize, PositionEncoding::Utf32);
    Location { file: file.name().to_string(), line: at.line, column: at.column }
}

pub(super) fn element_ref(sources: &SourceDb, model: &UiModel, index: usize) -> ElementRef {
    let e = &model.elements[index];
    ElementRef {
        index,
        tag: e.tag.to_string(),
        id: e.id.as_ref().map(|i| i.to_string()),
        location: location(sources, e.span),
    }
}

pub(super) fn type_name(ty: VarType) -> &'static str {
    match ty {
        VarType::Int => "int",
        VarType::Float => "float",
        VarType::Length => "length",
        VarType::String => "string",
        VarType::Bool => "bool",
        VarType::Color => "color",
        VarType::Array => "array",
        VarType::Object => "object",
    }
}

/// Languages that share a VM's globals are one family (MicroPython code is Python).
pub(super) fn family(language: ScriptLanguage) -> ScriptLanguage {
    match language {
        ScriptLanguage::MicroPython => ScriptLanguage::Python,
        other => other,
    }
}

fn lines(text: &str) -> usize {
    text.lines().filter(|l| !l.trim().is_empty()).count()
}

/// A unit under construction: the graph's [`Unit`] and the body it came from.
pub(super) struct Draft<'a> {
    pub unit: Unit,
    pub body: Option<&'a Body>,
    pub family: ScriptLanguage,
}

/// The graph without findings, and the drafts the findings are computed from.
pub(super) fn build<'a>(checked: &'a Checked, sources: &SourceDb) -> (AppGraph, Vec<Draft<'a>>) {
    let model = &checked.analysis.model;
    let facts = &checked.analysis.facts;
    let variables = &checked.analysis.variables;
    let mut drafts: Vec<Draft<'a>> = Vec::new();

    // Functions, after component instancing.
    let mut taken: HashMap<String, usize> = HashMap::new();
    for f in &model.functions {
        let n = taken.entry(f.name.to_string()).or_default();
        *n += 1;
        let id = if *n == 1 {
            format!("function:{}", f.name)
        } else {
            format!("function:{}#{n}", f.name)
        };
        let body = facts.get(f.body_span);
        drafts.push(draft(
            id,
            UnitKind::Function,
            Some(f.name.to_string()),
            f.language,
            sources,
            f.name_span,
            &f.body,
            body,
        ));
    }
    // `@script` blocks and inline handlers, each once, in source order.
    let (mut scripts, mut inline) = (0, 0);
    for body in &facts.bodies {
        if body.is_module() {
            scripts += 1;
            let name = model
                .scripts
                .iter()
                .find(|s| script_span(s) == Some(body.span))
                .and_then(|s| s.name.clone());
            let mut d = draft(
                format!("script:{scripts}"),
                UnitKind::Script,
                name,
                body.language,
                sources,
                body.span,
                &body.text,
                Some(body),
            );
            d.unit.defines = module_functions(body);
            drafts.push(d);
        } else if body.inline_handler {
            inline += 1;
            drafts.push(draft(
                format!("inline:{inline}"),
                UnitKind::InlineHandler,
                None,
                body.language,
                sources,
                body.span,
                &body.text,
                Some(body),
            ));
        }
    }

    // Which unit defines each function name, per language family.
    let mut defined: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, d) in drafts.iter().enumerate() {
        if d.unit.kind == UnitKind::Function {
            if let Some(name) = &d.unit.name {
                defined.entry(name.clone()).or_default().push(i);
            }
        }
    }
    let module_defs: Vec<(usize, String)> = drafts
        .iter()
        .enumerate()
        .flat_map(|(i, d)| d.unit.defines.iter().map(move |n| (i, n.clone())))
        .collect();
    let mut module_defined: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, n) in module_defs {
        module_defined.entry(n).or_default().push(i);
    }
    let resolve = |name: &str| -> Vec<usize> {
        let mut out = defined.get(name).cloned().unwrap_or_default();
        out.extend(module_defined.get(name).into_iter().flatten().copied());
        out
    };

    // Reads, writes, calls and element lookups from each body's usage.
    let ids = crate::passes::element_refs::element_ids(model);
    let mut edges: Vec<(usize, usize, String)> = Vec::new();
    for (i, d) in drafts.iter_mut().enumerate() {
        let Some(body) = d.body else { continue };
        let Some(usage) = body.facts.as_ref().and_then(|f| f.usage.as_ref()) else {
            d.unit.unanalysed = true;
            continue;
        };
        for a in &usage.reads {
            if variables.get(&a.name).is_some() && !d.unit.reads.contains(&a.name) {
                d.unit.reads.push(a.name.clone());
            }
        }
        for a in &usage.writes {
            if variables.get(&a.name).is_some() && !d.unit.writes.contains(&a.name) {
                d.unit.writes.push(a.name.clone());
            }
        }
        let mut called: Vec<&str> = Vec::new();
        for a in &usage.reads {
            if !called.contains(&a.name.as_str()) && d.unit.name.as_deref() != Some(a.name.as_str())
            {
                called.push(&a.name);
            }
        }
        for name in called {
            for t in resolve(name).into_iter().filter(|&t| t != i) {
                edges.push((i, t, name.to_string()));
            }
        }
        for (call, arg, id) in usage.element_lookups() {
            d.unit.elements.push(ElementUse {
                id: id.to_string(),
                via: call.callee.clone(),
                known: ids.contains(id),
                location: body_location(sources, body, arg.start),
            });
        }
    }
    // A name defined in the caller's own language is called there; only when no unit of that
    // language defines it is the call cross-language.
    let families: Vec<ScriptLanguage> = drafts.iter().map(|d| d.family).collect();
    let mut by_caller: BTreeMap<(usize, String), Vec<usize>> = BTreeMap::new();
    for (from, to, name) in edges {
        by_caller.entry((from, name)).or_default().push(to);
    }
    for ((from, name), targets) in by_caller {
        let own: Vec<usize> =
            targets.iter().copied().filter(|&t| families[t] == families[from]).collect();
        let chosen = if own.is_empty() { targets } else { own };
        for to in chosen {
            let cross = families[to] != families[from];
            let edge = CallEdge {
                function: name.clone(),
                unit: drafts[to].unit.id.clone(),
                language: drafts[to].unit.language,
                cross_language: cross,
            };
            drafts[from].unit.calls.push(edge);
            let caller = Caller::Unit { unit: drafts[from].unit.id.clone() };
            if !drafts[to].unit.called_by.contains(&caller) {
                drafts[to].unit.called_by.push(caller);
            }
        }
    }

    // Events.
    for (index, e) in model.elements.iter().enumerate() {
        for event in &e.events {
            let targets: Vec<usize> = match &event.handler {
                Handler::Function(name) | Handler::Call { function: name, .. } => resolve(name),
                Handler::Inline(code) => {
                    let span = inline_code_span(event.value_span, code).0;
                    drafts
                        .iter()
                        .position(|d| {
                            d.unit.kind == UnitKind::InlineHandler
                                && d.body.is_some_and(|b| b.span == span)
                        })
                        .into_iter()
                        .collect()
                }
                Handler::Dynamic(_) => Vec::new(),
            };
            for t in targets {
                let caller = Caller::Event {
                    element: element_ref(sources, model, index),
                    event: event_name(event.kind),
                };
                if !drafts[t].unit.called_by.contains(&caller) {
                    drafts[t].unit.called_by.push(caller);
                }
            }
        }
    }

    // Bindings, and what each unit's writes re-render.
    let bindings = bindings(sources, model);
    for d in &mut drafts {
        for b in &bindings {
            if d.unit.writes.contains(&b.variable) && !d.unit.rerenders.contains(b) {
                d.unit.rerenders.push(b.clone());
            }
        }
    }

    let variables = variable_nodes(sources, variables, &drafts, &bindings);
    let languages = languages(&drafts);
    let graph = AppGraph {
        version: SCHEMA_VERSION,
        file: sources.get(checked.program.root().file).name().to_string(),
        languages,
        units: drafts.iter().map(|d| d.unit.clone()).collect(),
        variables,
        findings: Vec::new(),
    };
    (graph, drafts)
}

#[allow(clippy::too_many_arguments)]
fn draft<'a>(
    id: String,
    kind: UnitKind,
    name: Option<String>,
    language: ScriptLanguage,
    sources: &SourceDb,
    at: FileSpan,
    text: &str,
    body: Option<&'a Body>,
) -> Draft<'a> {
    Draft {
        unit: Unit {
            id,
            kind,
            name,
            language: language.tag(),
            location: location(sources, at),
            lines: lines(text),
            defines: Vec::new(),
            called_by: Vec::new(),
            calls: Vec::new(),
            reads: Vec::new(),
            writes: Vec::new(),
            elements: Vec::new(),
            rerenders: Vec::new(),
            unanalysed: body.is_none(),
        },
        body,
        family: family(language),
    }
}

/// The span `script_facts` gives an `@script` block's code.
fn script_span(s: &crate::model::Script) -> Option<FileSpan> {
    match &s.source {
        crate::model::ScriptSource::Inline { span, .. } => Some(*span),
        crate::model::ScriptSource::File { loaded, .. } => loaded
            .as_ref()
            .map(|l| FileSpan::new(l.file, crate::source::TextRange::new(0, l.code.len()))),
    }
}

/// The `.kry` location of an offset in a body.
pub(super) fn body_location(sources: &SourceDb, body: &Body, at: usize) -> Location {
    let offset = if body.exact_positions { at } else { 0 };
    let start = body.span.range.start as usize + offset;
    location(sources, FileSpan::new(body.span.file, crate::source::TextRange::new(start, start)))
}

pub(super) fn event_name(kind: crate::model::EventKind) -> &'static str {
    use crate::model::EventKind::*;
    match kind {
        Click => "click",
        Press => "press",
        Release => "release",
        Hover => "hover",
        Focus => "focus",
        Blur => "blur",
        Change => "change",
        Submit => "submit",
        Load => "load",
    }
}

/// Every property bound to a reactive variable, in tree order.
fn bindings(sources: &SourceDb, model: &UiModel) -> Vec<BindingRef> {
    let mut out = Vec::new();
    for (index, e) in model.elements.iter().enumerate() {
        for p in &e.properties {
            for variable in p.bound_variables() {
                let b = BindingRef {
                    element: element_ref(sources, model, index),
                    property: p.name.to_string(),
                    variable: variable.to_string(),
                };
                if !out.contains(&b) {
                    out.push(b);
                }
            }
        }
    }
    out
}

/// Whether an event handler's bound arguments use the variable (`select($index)`).
pub(super) fn used_in_handler_args(model: &UiModel, variable: &str) -> bool {
    model.elements.iter().flat_map(|e| &e.events).any(|ev| match &ev.handler {
        Handler::Call { args, .. } => {
            args.iter().any(|a| bound_variables(a).iter().any(|v| v == variable))
        }
        Handler::Dynamic(v) => bound_variables(v).iter().any(|n| n == variable),
        _ => false,
    })
}

fn variable_nodes(
    sources: &SourceDb,
    variables: &Variables,
    drafts: &[Draft<'_>],
    bindings: &[BindingRef],
) -> Vec<VariableNode> {
    variables
        .list
        .iter()
        .map(|v| {
            let name = v.name.as_str();
            let units = |f: fn(&Unit) -> &Vec<String>| -> Vec<String> {
                drafts
                    .iter()
                    .filter(|d| f(&d.unit).iter().any(|n| n == name))
                    .map(|d| d.unit.id.clone())
                    .collect()
            };
            VariableNode {
                name: name.to_string(),
                ty: type_name(v.ty),
                reactive: v.reactive,
                location: location(sources, v.span),
                read_by: units(|u| &u.reads),
                written_by: units(|u| &u.writes),
                bindings: bindings.iter().filter(|b| b.variable == name).cloned().collect(),
            }
        })
        .collect()
}

fn languages(drafts: &[Draft<'_>]) -> Vec<LanguageSummary> {
    let mut out: Vec<LanguageSummary> = Vec::new();
    for language in ScriptLanguage::ALL {
        let units: Vec<&Unit> =
            drafts.iter().map(|d| &d.unit).filter(|u| u.language == language.tag()).collect();
        if units.is_empty() {
            continue;
        }
        let count = |k: UnitKind| units.iter().filter(|u| u.kind == k).count();
        out.push(LanguageSummary {
            language: language.tag(),
            vm: language.info().vm,
            functions: count(UnitKind::Function),
            scripts: count(UnitKind::Script),
            inline_handlers: count(UnitKind::InlineHandler),
            lines: units.iter().map(|u| u.lines).sum(),
        });
    }
    out
}
