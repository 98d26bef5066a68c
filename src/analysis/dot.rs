//! `kryc analyze --format dot`: the graph for Graphviz (`kryc analyze app.kry --format dot |
//! dot -Tsvg > app.svg`). Units are boxes coloured by language, shared variables ellipses,
//! elements' events notes; edges are calls (dashed red across languages), events, reads
//! (grey) and writes (bold).

use std::fmt::Write;

use super::graph::*;

fn colour(language: &str) -> &'static str {
    match language {
        "lua" => "#cfe2ff",
        "javascript" => "#fff3bf",
        "python" => "#d3f9d8",
        "wren" => "#ffe3e3",
        _ => "#e9ecef",
    }
}

/// A DOT string literal.
fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn render(graph: &AppGraph) -> String {
    let mut out = String::from("digraph app {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
    for u in &graph.units {
        let label = match &u.name {
            Some(n) => format!("{n}\n{}", u.language),
            None => format!("{}\n{}", u.id, u.language),
        };
        let _ = writeln!(
            out,
            "  {} [shape=box, style=filled, fillcolor={}, label={}];",
            quote(&u.id),
            quote(colour(u.language)),
            quote(&label)
        );
    }
    for v in &graph.variables {
        let _ = writeln!(
            out,
            "  {} [shape=ellipse, label={}];",
            quote(&format!("var:{}", v.name)),
            quote(&format!("${}\n{}", v.name, v.ty))
        );
    }
    let mut elements: Vec<&ElementRef> = Vec::new();
    for u in &graph.units {
        for c in &u.called_by {
            if let Caller::Event { element, .. } = c {
                if !elements.contains(&element) {
                    elements.push(element);
                }
            }
        }
    }
    elements.sort();
    for e in &elements {
        let _ = writeln!(
            out,
            "  {} [shape=note, label={}];",
            quote(&format!("element:{}", e.index)),
            quote(&e.label())
        );
    }
    for u in &graph.units {
        for c in &u.called_by {
            if let Caller::Event { element, event } = c {
                let _ = writeln!(
                    out,
                    "  {} -> {} [label={}];",
                    quote(&format!("element:{}", element.index)),
                    quote(&u.id),
                    quote(event)
                );
            }
        }
        for c in &u.calls {
            let style = if c.cross_language { ", style=dashed, color=red" } else { "" };
            let _ =
                writeln!(out, "  {} -> {} [label=\"calls\"{style}];", quote(&u.id), quote(&c.unit));
        }
        for r in &u.reads {
            let _ =
                writeln!(out, "  {} -> {} [color=grey];", quote(&format!("var:{r}")), quote(&u.id));
        }
        for w in &u.writes {
            let _ =
                writeln!(out, "  {} -> {} [style=bold];", quote(&u.id), quote(&format!("var:{w}")));
        }
    }
    out.push_str("}\n");
    out
}
