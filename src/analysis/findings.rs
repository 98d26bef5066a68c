//! The whole-app findings of `kryc analyze`, computed on the graph: unused functions,
//! variables nobody reads or writes, write-write conflicts between languages in one event,
//! handlers that name nothing, calls into another language's VM, unknown element ids, and a
//! VM kept alive by one small function.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::build::{used_in_handler_args, Draft};
use super::graph::*;
use crate::languages::ScriptLanguage;
use crate::model::{EventKind, Handler, UiModel};
use crate::source::SourceDb;

/// A function of at most this many lines is small enough to port by hand.
pub const SMALL_FUNCTION_LINES: usize = 5;

pub(super) fn run(
    graph: &AppGraph,
    drafts: &[Draft<'_>],
    sources: &SourceDb,
    model: &UiModel,
    host_functions: &[String],
) -> Vec<Finding> {
    let mut out = Vec::new();
    let is_app = !model.elements.is_empty();
    for u in &graph.units {
        if is_app && u.kind == UnitKind::Function && u.called_by.is_empty() && !mentioned(drafts, u)
        {
            out.push(Finding {
                kind: FindingKind::UnusedFunction,
                message: format!("`{}` is never called: no event and no script runs it", name(u)),
                location: Some(u.location.clone()),
                subjects: vec![u.id.clone()],
            });
        }
        for c in u.calls.iter().filter(|c| c.cross_language) {
            out.push(Finding {
                kind: FindingKind::CrossLanguageCall,
                message: format!(
                    "{} `{}` calls `{}`, which only {} defines: no host call crosses VMs, so the name is undefined in {}",
                    display(u.language),
                    name(u),
                    c.function,
                    display(c.language),
                    display(u.language)
                ),
                location: Some(u.location.clone()),
                subjects: vec![u.id.clone(), c.unit.clone()],
            });
        }
        for e in u.elements.iter().filter(|e| !e.known) {
            out.push(Finding {
                kind: FindingKind::UnknownElementId,
                message: format!("`{}` looks up the id `{}`, which no element has", name(u), e.id),
                location: Some(e.location.clone()),
                subjects: vec![u.id.clone()],
            });
        }
    }
    for v in &graph.variables {
        let read =
            !v.read_by.is_empty() || !v.bindings.is_empty() || used_in_handler_args(model, &v.name);
        if !v.written_by.is_empty() && !read {
            out.push(Finding {
                kind: FindingKind::UnreadVariable,
                message: format!(
                    "`{}` is written by {} but no script reads it and no property is bound to it",
                    v.name,
                    v.written_by.join(", ")
                ),
                location: Some(v.location.clone()),
                subjects: vec![v.name.clone()],
            });
        }
        if v.written_by.is_empty() && !v.read_by.is_empty() {
            out.push(Finding {
                kind: FindingKind::UnwrittenVariable,
                message: format!(
                    "`{}` is read by {} but nothing writes it: it keeps its initial value",
                    v.name,
                    v.read_by.join(", ")
                ),
                location: Some(v.location.clone()),
                subjects: vec![v.name.clone()],
            });
        }
    }
    write_conflicts(graph, drafts, model, &mut out);
    missing_handlers(graph, sources, model, host_functions, &mut out);
    single_function_vms(graph, drafts, &mut out);
    out
}

fn name(u: &Unit) -> String {
    u.name.clone().unwrap_or_else(|| u.id.clone())
}

fn display(tag: &str) -> &'static str {
    ScriptLanguage::from_tag(tag).map_or("?", |l| l.display_name())
}

/// Some other code mentions the function's name as a word without a parsed call (a body
/// that did not parse, a name in a string): as for K0364, that counts as a use.
fn mentioned(drafts: &[Draft<'_>], u: &Unit) -> bool {
    let Some(n) = u.name.as_deref() else { return false };
    drafts
        .iter()
        .filter(|d| d.unit.id != u.id)
        .filter_map(|d| d.body)
        .any(|b| b.text.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|w| w == n))
}

/// Every unit an event runs: its handler and, transitively, the units they call. The load
/// event also runs every `@script` block.
fn units_run(graph: &AppGraph, start: Vec<usize>) -> BTreeSet<usize> {
    let index: BTreeMap<&str, usize> =
        graph.units.iter().enumerate().map(|(i, u)| (u.id.as_str(), i)).collect();
    let mut seen = BTreeSet::new();
    let mut stack = start;
    while let Some(i) = stack.pop() {
        if !seen.insert(i) {
            continue;
        }
        for c in &graph.units[i].calls {
            if let Some(&t) = index.get(c.unit.as_str()) {
                stack.push(t);
            }
        }
    }
    seen
}

fn write_conflicts(
    graph: &AppGraph,
    drafts: &[Draft<'_>],
    model: &UiModel,
    out: &mut Vec<Finding>,
) {
    // (event label, element label) → the units it starts.
    let mut events: Vec<(String, Vec<usize>)> = Vec::new();
    let scripts: Vec<usize> = graph
        .units
        .iter()
        .enumerate()
        .filter(|(_, u)| u.kind == UnitKind::Script)
        .map(|(i, _)| i)
        .collect();
    let mut load = scripts;
    for (index, e) in model.elements.iter().enumerate() {
        for ev in &e.events {
            let starts: Vec<usize> = graph
                .units
                .iter()
                .enumerate()
                .filter(|(_, u)| {
                    u.called_by.iter().any(|c| matches!(c, Caller::Event { element, event } if element.index == index && *event == super::build::event_name(ev.kind)))
                })
                .map(|(i, _)| i)
                .collect();
            if ev.kind == EventKind::Load {
                load.extend(starts);
            } else if !matches!(ev.handler, Handler::Dynamic(_)) {
                let label = match &e.id {
                    Some(id) => format!("{} of {}#{id}", super::build::event_name(ev.kind), e.tag),
                    None => format!("{} of {}", super::build::event_name(ev.kind), e.tag),
                };
                events.push((label, starts));
            }
        }
    }
    events.insert(0, ("load".to_string(), load));
    let mut reported = HashSet::new();
    for (label, starts) in events {
        let run = units_run(graph, starts);
        let mut writers: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &i in &run {
            for w in &graph.units[i].writes {
                writers.entry(w.as_str()).or_default().push(i);
            }
        }
        for (variable, units) in writers {
            let families: BTreeSet<ScriptLanguage> =
                units.iter().map(|&i| drafts[i].family).collect();
            if families.len() < 2 || !reported.insert((label.clone(), variable)) {
                continue;
            }
            let ids: Vec<String> = units.iter().map(|&i| graph.units[i].id.clone()).collect();
            let languages: Vec<&str> = families.iter().map(|l| l.display_name()).collect();
            out.push(Finding {
                kind: FindingKind::WriteConflict,
                message: format!(
                    "on {label}, {} write `{variable}` ({}): the last VM to run decides its value",
                    languages.join(" and "),
                    ids.join(", ")
                ),
                location: graph.units[units[0]].location.clone().into(),
                subjects: std::iter::once(variable.to_string()).chain(ids).collect(),
            });
        }
    }
}

fn missing_handlers(
    graph: &AppGraph,
    sources: &SourceDb,
    model: &UiModel,
    host: &[String],
    out: &mut Vec<Finding>,
) {
    let defined: HashSet<&str> = graph
        .units
        .iter()
        .flat_map(|u| u.name.iter().filter(|_| u.kind == UnitKind::Function).chain(&u.defines))
        .map(String::as_str)
        .collect();
    let external = model
        .scripts
        .iter()
        .any(|s| matches!(s.source, crate::model::ScriptSource::File { loaded: None, .. }));
    let mut seen = HashSet::new();
    for (index, e) in model.elements.iter().enumerate() {
        for ev in &e.events {
            let (Handler::Function(n) | Handler::Call { function: n, .. }) = &ev.handler else {
                continue;
            };
            if defined.contains(n.as_str())
                || host.iter().any(|h| h == n)
                || external
                || n.contains(['.', ':'])
            {
                continue;
            }
            if !seen.insert((index, n.clone())) {
                continue;
            }
            let element = super::build::element_ref(sources, model, index);
            let label = element.label();
            out.push(Finding {
                kind: FindingKind::MissingHandler,
                message: format!(
                    "{} of {label} calls `{n}`, which no script defines",
                    ev.kind.property()
                ),
                location: Some(element.location),
                subjects: vec![label, n.to_string()],
            });
        }
    }
}

fn single_function_vms(graph: &AppGraph, drafts: &[Draft<'_>], out: &mut Vec<Finding>) {
    let mut by_family: BTreeMap<ScriptLanguage, Vec<usize>> = BTreeMap::new();
    for (i, d) in drafts.iter().enumerate() {
        by_family.entry(d.family).or_default().push(i);
    }
    if by_family.len() < 2 {
        return;
    }
    // The language most of the app's code is in: where a lone function would go.
    let main = by_family
        .iter()
        .max_by_key(|(l, units)| {
            (units.iter().map(|&i| graph.units[i].lines).sum::<usize>(), std::cmp::Reverse(**l))
        })
        .map(|(l, _)| *l);
    for (language, units) in &by_family {
        let [only] = units.as_slice() else { continue };
        let u = &graph.units[*only];
        if u.kind != UnitKind::Function || u.lines > SMALL_FUNCTION_LINES || Some(*language) == main
        {
            continue;
        }
        let target = main.map_or("another language", |l| l.display_name());
        let vm = drafts[*only].family;
        out.push(Finding {
            kind: FindingKind::SingleFunctionVm,
            message: format!(
                "1 {} function of {} line{} keeps the {} VM (`{}`): port `{}` to {target} to drop it",
                vm.display_name(),
                u.lines,
                if u.lines == 1 { "" } else { "s" },
                vm.display_name(),
                vm.info().runtime_feature.unwrap_or(vm.info().vm),
                name(u)
            ),
            location: Some(u.location.clone()),
            subjects: vec![u.id.clone()],
        });
    }
}
