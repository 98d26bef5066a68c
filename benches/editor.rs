//! The language server's work per keystroke on a 10,000-line file: apply the edit to the open
//! buffer, check the file again (front end, passes, every script body, the manifest) and turn
//! the diagnostics into LSP's form, as `kryc lsp` does after its debounce. Also completion
//! and hover on that file, and formatting it. Run with `cargo bench --bench editor`; results
//! are in `docs/editors.md`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use kryc::ide::{completion, diagnostics, hover, DocumentCache};
use kryc::loader::MemoryLoader;
use kryc::source::PositionEncoding;
use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

#[path = "support/generate.rs"]
mod generate;

/// A generated app of at least `lines` lines.
fn app_of_lines(lines: usize) -> String {
    let mut size = 100_000;
    loop {
        let text = generate::generate_app(size);
        if text.lines().count() >= lines {
            return text;
        }
        size += 20_000;
    }
}

fn keystroke(c: &mut Criterion) {
    let text = app_of_lines(10_000);
    let lines = text.lines().count();
    let path = Path::new("/bench/app.kry");
    let loader = MemoryLoader::new();
    let mut cache = DocumentCache::new();
    cache.open(path, text.clone(), 1);
    let first = cache.analyze(path, &loader).expect("open");
    // The generated app's component is used many times, so its `children_host` id repeats:
    // the file has diagnostics, as a file being edited usually has.
    eprintln!(
        "{lines} lines, {} bytes, {} diagnostics",
        text.len(),
        first.checked.diagnostics.len()
    );
    // The edit: a character typed into the text of a Text element in the middle of the file.
    let line = text.lines().position(|l| l.contains("Item 300:")).expect("row 300") as u32;
    let column = text.lines().nth(line as usize).unwrap().find("Item").unwrap() as u32;
    let at = Position { line, character: column };
    let insert = TextDocumentContentChangeEvent {
        range: Some(Range { start: at, end: at }),
        range_length: None,
        text: "x".into(),
    };
    let delete = TextDocumentContentChangeEvent {
        range: Some(Range { start: at, end: Position { line, character: column + 1 } }),
        range_length: None,
        text: String::new(),
    };
    let mut group = c.benchmark_group("editor");
    group.sample_size(20);
    let mut version = 1;
    group.bench_function("keystroke_diagnostics_10k_lines", |b| {
        b.iter(|| {
            version += 1;
            let change = if version % 2 == 0 { &insert } else { &delete };
            cache.change(path, std::slice::from_ref(change), version, PositionEncoding::Utf16);
            let analysis = cache.analyze(path, &loader).expect("open");
            diagnostics::for_file(&analysis, analysis.root(), PositionEncoding::Utf16)
        })
    });
    let analysis = cache.analyze(path, &loader).expect("open");
    let current = cache.document(path).expect("open").text.clone();
    let offset = current.find("onClick: \"handler_300").unwrap() + "onClick: \"hand".len();
    group.bench_function("completion_10k_lines", |b| {
        b.iter(|| completion::complete(&analysis, &current, offset, PositionEncoding::Utf16))
    });
    let offset = current.find("$counter").unwrap() + 2;
    group.bench_function("hover_variable_10k_lines", |b| {
        b.iter(|| hover::hover(&analysis, offset, PositionEncoding::Utf16))
    });
    group.bench_function("format_10k_lines", |b| {
        b.iter(|| kryc::format::format_text("app.kry", &current).expect("formats"))
    });
    group.finish();
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
