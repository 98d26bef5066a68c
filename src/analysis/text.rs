//! `kryc analyze --format text`: the graph for a terminal, one block per unit, then the
//! variables and the findings.

use std::fmt::Write;

use super::graph::*;

pub fn render(graph: &AppGraph) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", graph.file);
    if graph.languages.is_empty() {
        let _ = writeln!(out, "  no scripts");
    }
    for l in &graph.languages {
        let _ = writeln!(
            out,
            "  {} ({} VM): {} function{}, {} script{}, {} inline handler{}, {} line{}",
            l.language,
            l.vm,
            l.functions,
            plural(l.functions),
            l.scripts,
            plural(l.scripts),
            l.inline_handlers,
            plural(l.inline_handlers),
            l.lines,
            plural(l.lines)
        );
    }
    for u in &graph.units {
        out.push('\n');
        let title = match (&u.kind, &u.name) {
            (UnitKind::Function, Some(n)) => format!("function {n}"),
            (UnitKind::Script, Some(n)) => format!("script {n} ({})", u.id),
            (UnitKind::Script, None) => u.id.clone(),
            _ => u.id.clone(),
        };
        let _ = writeln!(
            out,
            "{title} [{}] {}:{}, {} line{}",
            u.language,
            u.location.file,
            u.location.line,
            u.lines,
            plural(u.lines)
        );
        if u.unanalysed {
            let _ = writeln!(out, "  not analysed (the body does not parse)");
        }
        list(&mut out, "defines", u.defines.iter().cloned());
        list(
            &mut out,
            "called by",
            u.called_by.iter().map(|c| match c {
                Caller::Event { element, event } => format!("{event} of {}", element.label()),
                Caller::Unit { unit } => unit.clone(),
            }),
        );
        list(
            &mut out,
            "calls",
            u.calls.iter().map(|c| {
                if c.cross_language {
                    format!("{} ({}, another VM!)", c.function, c.language)
                } else {
                    c.function.clone()
                }
            }),
        );
        list(&mut out, "reads", u.reads.iter().cloned());
        list(&mut out, "writes", u.writes.iter().cloned());
        list(
            &mut out,
            "elements",
            u.elements.iter().map(|e| {
                if e.known {
                    format!("#{}", e.id)
                } else {
                    format!("#{} (unknown)", e.id)
                }
            }),
        );
        list(
            &mut out,
            "re-renders",
            u.rerenders
                .iter()
                .map(|b| format!("{}.{} (${})", b.element.label(), b.property, b.variable)),
        );
    }
    if !graph.variables.is_empty() {
        let _ = writeln!(out, "\nvariables");
        for v in &graph.variables {
            let _ = writeln!(
                out,
                "  {}: {}{}  read by [{}]  written by [{}]  bound in {}",
                v.name,
                v.ty,
                if v.reactive { ", reactive" } else { "" },
                v.read_by.join(", "),
                v.written_by.join(", "),
                v.bindings.len()
            );
        }
    }
    let _ = writeln!(out, "\nfindings: {}", graph.findings.len());
    for f in &graph.findings {
        let at =
            f.location.as_ref().map(|l| format!("{}:{}: ", l.file, l.line)).unwrap_or_default();
        let _ = writeln!(out, "  {at}{}: {}", f.kind.as_str(), f.message);
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn list(out: &mut String, label: &str, items: impl Iterator<Item = String>) {
    let items: Vec<String> = items.collect();
    if !items.is_empty() {
        let _ = writeln!(out, "  {label}: {}", items.join(", "));
    }
}
