//! `kryc analyze`: the app's cross-language graph, from what every script body's syntax tree
//! says (see [`crate::passes::script_facts`]).
//!
//! - [`graph`] — the data (serialised as the JSON form, schema in
//!   `docs/analysis.schema.json`);
//! - [`build`] — units, calls, events, reads and writes, element lookups, re-rendered
//!   bindings, from a [`Checked`] program;
//! - [`findings`] — the whole-app findings;
//! - [`text`] and [`dot`] — the terminal and Graphviz renderings.
//!
//! Pure: the CLI reads the files and prints what these functions return.

mod build;
pub mod dot;
pub mod findings;
pub mod graph;
pub mod reachable;
pub mod text;

use crate::check::Checked;
use crate::source::SourceDb;

pub use graph::AppGraph;

/// The graph of a checked program. `host_functions` are the functions the host application
/// provides (`[host] functions` in kryon.toml): handlers naming them are not missing.
pub fn analyze(checked: &Checked, sources: &SourceDb, host_functions: &[String]) -> AppGraph {
    let (mut graph, drafts) = build::build(checked, sources);
    graph.findings =
        findings::run(&graph, &drafts, sources, &checked.analysis.model, host_functions);
    graph
        .findings
        .sort_by(|a, b| (&a.location, a.kind, &a.message).cmp(&(&b.location, b.kind, &b.message)));
    graph
}

/// The JSON form: pretty-printed, ending in a newline.
pub fn to_json(graph: &AppGraph) -> String {
    let mut text = serde_json::to_string_pretty(graph).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}
