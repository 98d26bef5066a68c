//! Front-end throughput: lex, balance and parse generated apps of 250 KB, 500 KB and 1 MB;
//! and the whole check (front end and semantic passes) on 44 KB and 1 MB.
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

/// Front end plus the semantic passes (what `kryc check` does), on a 44 KB app (the size the
/// 2025 compiler needed 100 ms for) and on 1 MB.
fn check(c: &mut Criterion) {
    use kryc::loader::MemoryLoader;
    use kryc::passes::{analyze, AnalysisOptions};
    use kryc::program::{parse_program, FrontendOptions};
    use kryc::source::SourceDb;
    use std::path::Path;

    let mut group = c.benchmark_group("check");
    group.sample_size(20);
    for size in [44_000usize, 1_000_000] {
        let text = generate::generate_app(size);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("parse+analyze", size), &text, |b, text| {
            b.iter(|| {
                let mut db = SourceDb::new();
                let program = parse_program(
                    &mut db,
                    Path::new("bench.kry"),
                    text.clone(),
                    &MemoryLoader::new(),
                    &FrontendOptions::default(),
                );
                analyze(&program, &AnalysisOptions::default())
            })
        });
    }
    group.finish();
}

/// Everything `kryc build` does in memory: check, lower to KRB and encode.
fn build(c: &mut Criterion) {
    use kryc::check::{check, CheckOptions};
    use kryc::emit::{build, EmitOptions};
    use kryc::loader::MemoryLoader;
    use kryc::source::SourceDb;
    use std::path::Path;

    let mut group = c.benchmark_group("build");
    group.sample_size(20);
    for size in [44_000usize, 1_000_000] {
        let text = generate::generate_app(size);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("check+emit+write", size), &text, |b, text| {
            b.iter(|| {
                let mut db = SourceDb::new();
                let checked = check(
                    &mut db,
                    Path::new("bench.kry"),
                    text.clone(),
                    &MemoryLoader::new(),
                    &CheckOptions::default(),
                );
                build(&checked, &db, &EmitOptions::default()).expect("builds")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, front_end, check, build);
criterion_main!(benches);
