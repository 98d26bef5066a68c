//! Pass 9: event handlers and the functions they call. A handler must name a function some
//! script defines (a `@function` in any language, or a function an `@script` block defines),
//! with no more arguments than it has parameters; an unknown name is an error with the
//! closest name, or a warning in an app without any script (2025 apps bound such names to
//! host functions; `[host] functions` in kryon.toml declares them). Two `@function`s with one
//! name are an error; a function nothing refers to is a warning.

use std::collections::{HashMap, HashSet};

use super::Context;
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::languages::ScriptLanguage;
use crate::manifest::Manifest;
use crate::model::{Handler, ScriptSource, UiModel};
use crate::source::FileSpan;

pub fn run(cx: &mut Context, model: &UiModel, manifest: Option<&Manifest>) {
    // Every function by name: its language and parameter count (unknown for module code).
    let mut defined: HashMap<&str, (ScriptLanguage, Option<usize>)> = HashMap::new();
    let mut first: HashMap<&str, FileSpan> = HashMap::new();
    let mut bodies_seen = HashSet::new();
    for f in &model.functions {
        defined.insert(f.name.as_str(), (f.language, Some(f.params.len())));
        if !bodies_seen.insert(f.body_span) {
            continue;
        }
        match first.get(f.name.as_str()) {
            Some(&earlier) if earlier != f.name_span => cx.report(
                Diagnostic::new(
                    Code::DuplicateFunction,
                    format!("the function `{}` is defined twice", f.name),
                )
                .with_span(f.name_span)
                .with_primary_label("defined again here")
                .with_label(earlier, "first defined here")
                .with_help("rename one of them: handlers find functions by name, in any language"),
            ),
            Some(_) => {}
            None => {
                first.insert(f.name.as_str(), f.name_span);
            }
        }
    }
    let mut module_names = Vec::new();
    for s in &model.scripts {
        let code = match &s.source {
            ScriptSource::Inline { code, .. } => Some(code),
            ScriptSource::File { loaded, .. } => loaded.as_ref().map(|l| &l.code),
        };
        if let Some(code) = code {
            for d in crate::scripts::definitions(s.language, code) {
                module_names.push((d.name, s.language));
            }
        }
    }
    for (name, language) in &module_names {
        defined.entry(name.as_str()).or_insert((*language, None));
    }
    let has_scripts = !model.functions.is_empty() || !model.scripts.is_empty();
    let host: HashSet<&str> =
        manifest.map(|m| m.host_functions.iter().map(String::as_str).collect()).unwrap_or_default();
    // An `@script from "file"` that could not be read (reported) may define any name.
    let external =
        model.scripts.iter().any(|s| matches!(s.source, ScriptSource::File { loaded: None, .. }));

    let mut called: HashSet<&str> = HashSet::new();
    for e in &model.elements {
        for event in &e.events {
            // Point at the handler's value (`"incremnt"`), not the whole property.
            let at = e
                .properties
                .iter()
                .find(|p| p.span == event.span)
                .map(|p| p.value_span)
                .unwrap_or(event.span);
            let (name, args) = match &event.handler {
                Handler::Function(name) => (name.as_str(), None),
                Handler::Call { function, args } => (function.as_str(), Some(args.len())),
                Handler::Inline(_) | Handler::Dynamic(_) => continue,
            };
            called.insert(name);
            match defined.get(name) {
                Some(&(language, Some(params))) => {
                    let too_few = language.lexical_family() == ScriptLanguage::Python;
                    if let Some(args) = args.filter(|&a| a > params || (too_few && a < params)) {
                        cx.report(
                            Diagnostic::new(
                                Code::HandlerArity,
                                format!(
                                    "`{name}` takes {params} parameter{}, but the handler passes {args}",
                                    if params == 1 { "" } else { "s" }
                                ),
                            )
                            .with_span(at)
                            .with_primary_label(format!("{args} argument{}", if args == 1 { "" } else { "s" }))
                            .with_help(format!("pass {params} or change `{name}`'s parameters")),
                        );
                    }
                }
                Some(_) => {}
                None if host.contains(name) || external || name.contains(['.', ':']) => {}
                None => cx.report(unknown_handler(name, at, has_scripts, &defined)),
            }
        }
    }

    // A function is used when a handler calls it or any script text mentions its name.
    let mut words: HashSet<&str> = HashSet::new();
    for f in &model.functions {
        words.extend(identifiers(&f.body));
    }
    for s in &model.scripts {
        if let ScriptSource::Inline { code, .. } = &s.source {
            words.extend(identifiers(code));
        }
    }
    for e in &model.elements {
        for event in &e.events {
            if let Handler::Inline(code) = &event.handler {
                words.extend(identifiers(code));
            }
        }
    }
    // A file without elements is a script library for other files: its functions are for them.
    let is_app = !model.elements.is_empty();
    let mut warned = HashSet::new();
    for f in model.functions.iter().filter(|_| is_app) {
        let used = called.contains(f.name.as_str())
            || words.contains(f.name.as_str())
            || words.contains(f.source_name.as_str());
        if !used && warned.insert(f.name_span) {
            // A component's function counts as used when any instance's copy is.
            let any_instance_used = model.functions.iter().any(|g| {
                g.name_span == f.name_span
                    && (called.contains(g.name.as_str()) || words.contains(g.name.as_str()))
            });
            if !any_instance_used {
                cx.report(
                    Diagnostic::new(
                        Code::UnusedFunction,
                        format!("the function `{}` is never used", f.source_name),
                    )
                    .with_span(f.name_span)
                    .with_primary_label("no handler or script calls it")
                    .with_help("call it from an event handler (`onClick: \"name\"`) or remove it"),
                );
            }
        }
    }
}

fn unknown_handler(
    name: &str,
    span: FileSpan,
    has_scripts: bool,
    defined: &HashMap<&str, (ScriptLanguage, Option<usize>)>,
) -> Diagnostic {
    let mut d = Diagnostic::new(Code::UnknownHandler, format!("no function `{name}` is defined"))
        .with_span(span)
        .with_primary_label("the handler names it");
    let mut names: Vec<&str> = defined.keys().copied().collect();
    names.sort_unstable();
    if let Some(close) = crate::suggest::closest(name, names) {
        d = d.with_help(format!("did you mean `{close}`?"));
    }
    if has_scripts {
        d.with_help(format!("define it: `@function \"lua\" {name}() {{ ... }}`"))
    } else {
        d.with_severity(Severity::Warning).with_help(format!(
            "this app has no scripts: if the host application provides `{name}`, list it under `[host] functions` in kryon.toml; otherwise define it with `@function \"lua\" {name}() {{ ... }}`"
        ))
    }
}

/// The identifier-like words of a text.
fn identifiers(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty())
}
