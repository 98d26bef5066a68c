//! Front-end throughput: lex, balance and parse generated apps of 250 KB, 500 KB and 1 MB.
//! Run with `cargo bench --bench front_end`; results are recorded in `docs/performance.md`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use kryc::source::{FileId, SourceFile};
use kryc::syntax::parse_file;

#[path = "support/generate.rs"]
mod generate;

fn front_end(c: &mut Criterion) {
    let mut group = c.benchmark_group("front_end");
    group.sample_size(20);
    for size in [250_000usize, 500_000, 1_000_000] {
        let text = generate::generate_app(size);
        let source = SourceFile::new("bench.kry", text.as_str());
        let parsed = parse_file(FileId(0), &source);
        assert!(
            parsed.diagnostics.is_empty(),
            "generated app must be valid: {:?}",
            &parsed.diagnostics[..1]
        );
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("parse", size), &source, |b, source| {
            b.iter(|| parse_file(FileId(0), source))
        });
    }
    group.finish();
}

criterion_group!(benches, front_end);
criterion_main!(benches);
