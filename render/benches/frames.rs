//! Frames of generated apps at 800×600: labelled, bordered, rounded boxes in a wrapping row
//! (`n` elements: `n / 2` boxes with a text each). `full_frame` resolves, lays out and paints
//! everything with shaped text cached from the frame before (a host's resize or theme
//! change); `first_frame` includes shaping every label (a new renderer each time, fonts
//! included); `incremental_*` change one label's text and repaint its damage.
//! Run with `cargo bench -p kryon-render --bench frames`; results are in
//! `docs/rendering-performance.md`.

#[path = "../tests/support/mod.rs"]
mod support;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use kryon_render::{AppView, MemoryResources, RenderOptions, Renderer};
use kryon_runtime::ScriptValue;
use support::NoVariables;

mod generated;
use generated::app;

fn frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("render");
    group.sample_size(20);
    for n in [100usize, 1_000, 10_000] {
        let b = app(n);
        let tree = b.tree();
        let view = AppView::new(&b.doc, &tree, &NoVariables);
        group.throughput(Throughput::Elements(tree.elements().len() as u64));
        let mut r = Renderer::new(MemoryResources::default(), RenderOptions::default());
        r.render(view);
        group.bench_with_input(BenchmarkId::new("full_frame", n), &view, |bench, view| {
            bench.iter(|| r.render(*view))
        });
        if n <= 1_000 {
            group.bench_with_input(BenchmarkId::new("first_frame", n), &view, |bench, view| {
                bench.iter(|| {
                    let mut fresh =
                        Renderer::new(MemoryResources::default(), RenderOptions::default());
                    fresh.render(*view)
                })
            });
        }
    }
    // One label's text changes: to a text of the same size (no layout runs), and to a wider
    // one (its row of boxes is laid out again).
    for (name, texts) in [
        ("incremental_same_size", ["Item 123", "Item 124"]),
        ("incremental_resized", ["Item 123", "Item 123!"]),
    ] {
        for n in [1_000usize, 10_000] {
            let b = app(n);
            let mut tree = b.tree();
            let mut r = Renderer::new(MemoryResources::default(), RenderOptions::default());
            r.render(AppView::new(&b.doc, &tree, &NoVariables));
            let label = tree.find("t123").expect("label");
            let mut flip = false;
            group.bench_function(BenchmarkId::new(name, n), |bench| {
                bench.iter(|| {
                    flip = !flip;
                    let text = texts[flip as usize];
                    let change = tree.set_property(label, "text", ScriptValue::from(text));
                    let changes: Vec<_> = change.into_iter().collect();
                    r.update(AppView::new(&b.doc, &tree, &NoVariables), &changes)
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
