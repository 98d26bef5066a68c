//! Which `@function`s can run: the graph's units reached from what the runtime starts
//! (events, `@script` blocks, inline handlers, `init` functions, names in values) through
//! the calls the graph resolved and, conservatively, through any mention of a function's
//! name as a word in reachable code (a string passed to `addEventListener` or a host call
//! keeps it). Where a name can be computed at run time, nothing is removed: a dynamic
//! handler (`onClick: $handler`) keeps every function, and code that reaches its language's
//! globals by a computed name (`_G[name]`, `globalThis[name]`, `globals()`, `eval`, ...), an
//! `@script` file that was not read, or a body that could not be analysed keeps every
//! function of its language. `kryc build -O` drops the rest.

use std::collections::BTreeSet;

use super::build::{build, family, Draft};
use super::graph::{Caller, Location, UnitKind};
use crate::check::Checked;
use crate::languages::ScriptLanguage;
use crate::model::{Handler, ScriptSource};
use crate::source::SourceDb;
use crate::syntax::ast::{Value, ValueKind};

/// What the reachability found, one entry per function of the model (in model order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reachability {
    /// `live[i]`: function `i` of the model may run.
    pub live: Vec<bool>,
    /// Why whole languages were kept (empty when nothing forced it), for the build's report.
    pub kept_because: Vec<String>,
}

/// A function that cannot run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadFunction {
    pub name: String,
    pub language: &'static str,
    pub location: Location,
}

/// Words through which code in a language reaches globals by a computed name.
fn dynamic_words(language: ScriptLanguage) -> &'static [&'static str] {
    match family(language) {
        ScriptLanguage::Lua => {
            &["_G", "_ENV", "load", "loadstring", "rawget", "getfenv", "debug", "require"]
        }
        ScriptLanguage::JavaScript => {
            &["globalThis", "window", "eval", "Function", "Reflect", "global", "self"]
        }
        ScriptLanguage::Python | ScriptLanguage::MicroPython => &[
            "globals",
            "getattr",
            "eval",
            "exec",
            "vars",
            "locals",
            "__import__",
            "__builtins__",
            "builtins",
            "sys",
        ],
        ScriptLanguage::Wren => &["Meta", "Fiber"],
    }
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty())
}

/// Whether code reaches globals by a name computed at run time.
fn computes_names(language: ScriptLanguage, text: &str) -> bool {
    let dynamic = dynamic_words(language);
    words(text).any(|w| dynamic.contains(&w))
        || (family(language) == ScriptLanguage::JavaScript && text.contains("this["))
}

/// The function names a value calls (`Value::Call`), at any depth.
fn called_in(value: &Value, out: &mut Vec<String>) {
    crate::passes::walk::each_value(value, &mut |v| {
        if let ValueKind::Call { callee, .. } = &v.kind {
            out.push(callee.text.to_string());
        }
    });
}

/// The reachability of every function of a checked program.
pub fn reachability(checked: &Checked, sources: &SourceDb) -> Reachability {
    let model = &checked.analysis.model;
    let (graph, drafts) = build(checked, sources);
    let n_functions = model.functions.len();
    let mut kept_because = Vec::new();

    // Languages whose every function stays.
    let mut keep_all: BTreeSet<ScriptLanguage> = BTreeSet::new();
    let mut keep = |language: ScriptLanguage, why: String, kept: &mut Vec<String>| {
        if keep_all.insert(family(language)) {
            kept.push(why);
        }
    };
    let dynamic_handler = model
        .elements
        .iter()
        .flat_map(|e| &e.events)
        .any(|ev| matches!(ev.handler, Handler::Dynamic(_)));
    if dynamic_handler {
        let all = vec![true; n_functions];
        return Reachability {
            live: all,
            kept_because: vec![
                "a dynamic handler (`onClick: $name`) names its function at run time: every function kept"
                    .to_string(),
            ],
        };
    }
    for s in &model.scripts {
        if let ScriptSource::File { path, loaded: None, .. } = &s.source {
            keep(
                s.language,
                format!(
                    "`{path}` was not read at build time: every {} function kept",
                    s.language.info().display_name
                ),
                &mut kept_because,
            );
        }
    }
    for d in &drafts {
        let language = draft_language(d);
        let text = d.body.map(|b| b.text.as_str());
        let what = d.unit.name.clone().unwrap_or_else(|| d.unit.id.clone());
        match text {
            None => keep(
                language,
                format!(
                    "`{what}` could not be analysed: every {} function kept",
                    display(language)
                ),
                &mut kept_because,
            ),
            Some(_) if d.unit.unanalysed => keep(
                language,
                format!(
                    "`{what}` could not be analysed: every {} function kept",
                    display(language)
                ),
                &mut kept_because,
            ),
            Some(text) if computes_names(language, text) => keep(
                language,
                format!(
                    "`{what}` reaches {} globals by a computed name: every {} function kept",
                    display(language),
                    display(language)
                ),
                &mut kept_because,
            ),
            Some(_) => {}
        }
    }

    // Roots: what the runtime runs by itself.
    let mut named: Vec<String> = Vec::new();
    for e in &model.elements {
        for p in &e.properties {
            called_in(&p.value, &mut named);
        }
        for ev in &e.events {
            if let Handler::Call { args, .. } = &ev.handler {
                args.iter().for_each(|a| called_in(a, &mut named));
            }
        }
    }
    let mut stack: Vec<usize> = Vec::new();
    for (i, d) in drafts.iter().enumerate() {
        let u = &d.unit;
        let name = u.name.as_deref().unwrap_or("");
        let root = u.kind != UnitKind::Function
            || u.called_by.iter().any(|c| matches!(c, Caller::Event { .. }))
            || name == "init"
            || (name.ends_with("_init") && name.len() > 5)
            || named.iter().any(|n| n == name)
            || keep_all.contains(&d.family);
        if root {
            stack.push(i);
        }
    }

    let index: std::collections::HashMap<&str, usize> =
        graph.units.iter().enumerate().map(|(i, u)| (u.id.as_str(), i)).collect();
    let mut seen = vec![false; drafts.len()];
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        for c in &drafts[i].unit.calls {
            if let Some(&t) = index.get(c.unit.as_str()) {
                stack.push(t);
            }
        }
        // Any word of reachable code that names a function keeps it (strings included).
        if let Some(body) = drafts[i].body {
            let mentioned: BTreeSet<&str> = words(&body.text).collect();
            for (t, d) in drafts.iter().enumerate() {
                if !seen[t]
                    && d.unit.kind == UnitKind::Function
                    && d.unit.name.as_deref().is_some_and(|n| mentioned.contains(n))
                {
                    stack.push(t);
                }
            }
        }
    }
    // Function units come first, one per model function, in model order.
    let live = (0..n_functions).map(|i| seen.get(i).copied().unwrap_or(true)).collect();
    Reachability { live, kept_because }
}

fn draft_language(d: &Draft<'_>) -> ScriptLanguage {
    crate::languages::ScriptLanguage::from_tag(d.unit.language).unwrap_or(d.family)
}

fn display(language: ScriptLanguage) -> &'static str {
    language.info().display_name
}

/// The functions of a checked program that cannot run, in model order.
pub fn dead_functions(checked: &Checked, sources: &SourceDb) -> (Vec<DeadFunction>, Reachability) {
    let reach = reachability(checked, sources);
    let dead = checked
        .analysis
        .model
        .functions
        .iter()
        .zip(&reach.live)
        .filter(|(_, live)| !**live)
        .map(|(f, _)| DeadFunction {
            name: f.name.to_string(),
            language: f.language.tag(),
            location: super::build::location(sources, f.name_span),
        })
        .collect();
    (dead, reach)
}
