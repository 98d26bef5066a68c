//! The engine over in-memory files (the process-level tests are `tests/lsp.rs`).

use std::path::Path;

use super::occurrences::{self, Kind};
use super::{completion, hover, rename, DocumentCache};
use crate::loader::MemoryLoader;
use crate::source::PositionEncoding;

const APP: &str = "@include \"lib.kry\"\n@variables { count: 1 }\nApp {\n    Text { text: \"n = $count\" style: \"big\" }\n    Button { onClick: \"bump\" }\n}\n@function \"lua\" bump() {\n    count = count + 1\n}\n";
const LIB: &str = "style \"big\" { font_size: 20 }\n";

fn cache() -> DocumentCache {
    let mut cache = DocumentCache::new();
    cache.open(Path::new("/p/app.kry"), APP.to_string(), 1);
    cache
}

fn loader() -> MemoryLoader {
    MemoryLoader::new().with("/p/lib.kry", LIB)
}

#[test]
fn occurrences_follow_variables_into_scripts_and_styles_into_includes() {
    let mut cache = cache();
    let analysis = cache.analyze(Path::new("/p/app.kry"), &loader()).unwrap();
    let all = occurrences::collect(&analysis);
    let count: Vec<_> =
        all.iter().filter(|o| o.kind == Kind::Variable && o.name == "count").collect();
    // The declaration, `$count` in the string, and the Lua read and write.
    assert_eq!(count.len(), 4, "{count:#?}");
    assert_eq!(count.iter().filter(|o| o.definition).count(), 1);
    let big: Vec<_> = all.iter().filter(|o| o.kind == Kind::Style && o.name == "big").collect();
    assert_eq!(big.len(), 2);
    assert!(big.iter().any(|o| o.definition && o.span.file != analysis.root()));
}

#[test]
fn rename_edits_every_use_and_refuses_bad_names() {
    let mut cache = cache();
    let analysis = cache.analyze(Path::new("/p/app.kry"), &loader()).unwrap();
    let at = APP.find("$count").unwrap() + 2;
    let edit = rename::rename(&analysis, at, "total", PositionEncoding::Utf16).unwrap();
    let edits: usize = edit.changes.unwrap().values().map(Vec::len).sum();
    assert_eq!(edits, 4);
    assert!(rename::rename(&analysis, at, "9lives", PositionEncoding::Utf16).is_err());
    let builtin = APP.find("Button").unwrap();
    assert!(rename::prepare(&analysis, builtin, PositionEncoding::Utf16).is_none());
}

#[test]
fn completion_uses_the_registry_and_the_program() {
    let mut cache = cache();
    let analysis = cache.analyze(Path::new("/p/app.kry"), &loader()).unwrap();
    let at = APP.find("\"bump\"").unwrap() + 1;
    let labels: Vec<String> = completion::complete(&analysis, APP, at, PositionEncoding::Utf16)
        .into_iter()
        .map(|i| i.label)
        .collect();
    assert_eq!(labels, ["bump"]);
    let at = APP.find("\"big\"").unwrap() + 1;
    let labels: Vec<String> = completion::complete(&analysis, APP, at, PositionEncoding::Utf16)
        .into_iter()
        .map(|i| i.label)
        .collect();
    assert_eq!(labels, ["big"]);
}

#[test]
fn hover_tells_what_a_function_reads_and_writes() {
    let mut cache = cache();
    let analysis = cache.analyze(Path::new("/p/app.kry"), &loader()).unwrap();
    let at = APP.find("\"bump\"").unwrap() + 2;
    let shown = hover::hover(&analysis, at, PositionEncoding::Utf16).unwrap();
    let lsp_types::HoverContents::Markup(text) = shown.contents else { panic!() };
    assert!(text.value.contains("Lua function"), "{}", text.value);
    assert!(text.value.contains("writes: `count`"), "{}", text.value);
}

#[test]
fn an_open_buffer_wins_over_the_loader_and_dependents_are_found() {
    let mut cache = cache();
    cache.open(Path::new("/p/lib.kry"), "style \"small\" { }\n".to_string(), 1);
    let analysis = cache.analyze(Path::new("/p/app.kry"), &loader()).unwrap();
    assert!(analysis.checked.diagnostics.iter().any(|d| d.message.contains("big")));
    assert_eq!(cache.dependents(Path::new("/p/lib.kry")), [Path::new("/p/app.kry")]);
}
