//! `kryc analyze`: snapshots of the graph in its three formats for the multi-language apps
//! under `tests/analyze/` (each snapshot starts with its source), the JSON form against
//! `docs/analysis.schema.json`, the findings each fixture is written to produce, the whole
//! conformance corpus analysed without a panic, and the command line.

mod common;

use std::path::Path;

use kryc::analysis::graph::{AppGraph, FindingKind};
use kryc::check::{check, CheckOptions};
use kryc::source::SourceDb;

use common::DiskLoader;

const FIXTURES: &[&str] = &["tests/analyze/findings.kry", "tests/analyze/todo.kry"];

fn graph_of(path: &str) -> (AppGraph, String) {
    let source = std::fs::read_to_string(path).expect("readable");
    let mut db = SourceDb::new();
    let checked =
        check(&mut db, Path::new(path), source.clone(), &DiskLoader, &CheckOptions::default());
    (kryc::analysis::analyze(&checked, &db, &[]), source)
}

fn schema() -> serde_json::Value {
    let text = std::fs::read_to_string("docs/analysis.schema.json").expect("the schema");
    serde_json::from_str(&text).expect("the schema is JSON")
}

#[test]
fn snapshots_in_every_format() {
    for path in FIXTURES {
        let (graph, source) = graph_of(path);
        let name = Path::new(path).file_stem().unwrap().to_string_lossy().to_string();
        for (format, text) in [
            ("text", kryc::analysis::text::render(&graph)),
            ("json", kryc::analysis::to_json(&graph)),
            ("dot", kryc::analysis::dot::render(&graph)),
        ] {
            let text = format!(
                "----- SOURCE CODE -- {path}\n{source}\n----- ANALYZE --format {format}\n{text}"
            );
            insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
                insta::assert_snapshot!(format!("analyze_{name}_{format}"), text);
            });
        }
    }
}

#[test]
fn json_matches_the_schema() {
    let schema = schema();
    jsonschema::meta::validate(&schema).expect("a valid draft 2020-12 schema");
    let validator = jsonschema::validator_for(&schema).expect("compile the schema");
    let mut paths: Vec<String> = FIXTURES.iter().map(|p| p.to_string()).collect();
    paths.extend(common::VALID.iter().map(|p| format!("../shared/conformance/upstream/{p}")));
    for path in paths {
        let (graph, _) = graph_of(&path);
        let value: serde_json::Value =
            serde_json::from_str(&kryc::analysis::to_json(&graph)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{path}: {errors:?}");
    }
}

fn kinds(graph: &AppGraph) -> Vec<FindingKind> {
    let mut kinds: Vec<FindingKind> = graph.findings.iter().map(|f| f.kind).collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

#[test]
fn each_finding_where_the_fixture_puts_it() {
    let (graph, _) = graph_of("tests/analyze/findings.kry");
    assert_eq!(
        kinds(&graph),
        [
            FindingKind::UnusedFunction,
            FindingKind::UnreadVariable,
            FindingKind::UnwrittenVariable,
            FindingKind::WriteConflict,
            FindingKind::MissingHandler,
            FindingKind::CrossLanguageCall,
            FindingKind::UnknownElementId,
            FindingKind::SingleFunctionVm,
        ]
    );
    let about = |kind: FindingKind| -> Vec<Vec<String>> {
        graph.findings.iter().filter(|f| f.kind == kind).map(|f| f.subjects.clone()).collect()
    };
    assert_eq!(about(FindingKind::UnusedFunction), [["function:unused_helper"]]);
    assert_eq!(about(FindingKind::UnreadVariable), [["last_reset"]]);
    assert_eq!(about(FindingKind::UnwrittenVariable), [["limit"]]);
    assert_eq!(about(FindingKind::WriteConflict), [["status", "script:1", "script:2"]]);
    assert_eq!(about(FindingKind::MissingHandler), [["Button#save", "save"]]);
    assert_eq!(
        about(FindingKind::CrossLanguageCall),
        [["function:increment", "function:announce"]]
    );
    assert_eq!(about(FindingKind::UnknownElementId), [["function:increment"]]);
    assert_eq!(about(FindingKind::SingleFunctionVm), [["function:reset"]]);

    let increment = graph.units.iter().find(|u| u.id == "function:increment").unwrap();
    assert_eq!(increment.reads, ["count", "limit"]);
    assert_eq!(increment.writes, ["count"]);
    assert_eq!(increment.rerenders.len(), 1);
    assert_eq!(increment.rerenders[0].element.id.as_deref(), Some("total"));
    let decrement = graph.units.iter().find(|u| u.id == "function:decrement").unwrap();
    assert_eq!(decrement.elements.len(), 1);
    assert!(decrement.elements[0].known);
}

#[test]
fn a_clean_app_has_no_findings() {
    let (graph, _) = graph_of("tests/analyze/todo.kry");
    assert_eq!(
        graph.findings.iter().map(|f| &f.message).collect::<Vec<_>>(),
        Vec::<&String>::new()
    );
    let add = graph.units.iter().find(|u| u.defines.contains(&"add_item".to_string())).unwrap();
    assert!(add.called_by.iter().any(|c| matches!(c,
        kryc::analysis::graph::Caller::Event { element, event: "click" } if element.id.as_deref() == Some("add"))));
    let inline = graph.units.iter().find(|u| u.id == "inline:1").unwrap();
    assert_eq!(inline.writes, ["items", "done"]);
}

#[test]
fn every_corpus_file_is_analysed() {
    for path in common::kry_files(&common::conformance_root()) {
        let (graph, _) = graph_of(&path.to_string_lossy());
        // Every unit id is unique and every call names a unit of the graph.
        let ids: std::collections::HashSet<&str> =
            graph.units.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(ids.len(), graph.units.len(), "{}", path.display());
        for u in &graph.units {
            for c in &u.calls {
                assert!(ids.contains(c.unit.as_str()), "{}: {}", path.display(), c.unit);
            }
        }
    }
}

#[test]
fn command_line() {
    let out =
        common::kryc(&common::repo(), &["analyze", "tests/analyze/todo.kry", "--format", "dot"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("digraph app {"));
    let out =
        common::kryc(&common::repo(), &["analyze", "tests/analyze/todo.kry", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(value["version"], 1);
    let out = common::kryc(&common::repo(), &["analyze", "tests/cli/three_languages.kry"]);
    assert_eq!(out.status.code(), Some(1), "errors of the check make the status 1");
    assert!(String::from_utf8_lossy(&out.stderr).contains("K0361"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("function reset [python]"));
}

#[test]
fn check_warns_about_an_unknown_element_id() {
    let out = common::kryc(
        &common::repo(),
        &["check", "--diagnostic-format", "short", "tests/analyze/findings.kry"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| l.contains("K0371")).collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].contains("no element has the id `totl`"), "{stderr}");
    assert!(lines[0].contains("findings.kry:31:"), "{stderr}");
}

/// The type checks (K0368, K0372) report no error anywhere in the conformance corpus, and
/// the warnings they give there are exactly the ones this snapshot lists: a new one is a
/// change to look at.
#[test]
fn type_checks_on_the_corpus() {
    use kryc::diagnostics::{Code, Severity};
    let root = common::conformance_root();
    let mut lines = Vec::new();
    for path in common::kry_files(&root) {
        let source = std::fs::read_to_string(&path).unwrap_or_default();
        let mut db = SourceDb::new();
        let checked = check(&mut db, &path, source, &DiskLoader, &CheckOptions::default());
        for d in &checked.diagnostics {
            if !matches!(
                d.code,
                Code::SharedTypeMismatch
                    | Code::ScriptTypeMismatch
                    | Code::ScriptArithmeticType
                    | Code::DomArgumentCount
                    | Code::HandlerArgumentType
            ) {
                continue;
            }
            assert_ne!(d.severity, Severity::Error, "{}: {}", path.display(), d.message);
            let at = d.span.map(|s| {
                db.get(s.file)
                    .line_col(s.range.start as usize, kryc::source::PositionEncoding::Utf32)
            });
            let relative = path.strip_prefix(&root).unwrap_or(&path).display().to_string();
            lines.push(format!(
                "{relative}:{}: {} {}",
                at.map_or(0, |a| a.line),
                d.code.id(),
                d.message
            ));
        }
    }
    lines.sort();
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("analyze_corpus_type_warnings", lines.join("\n"));
    });
}
