//! Script analysis per language: 300 function bodies each for Lua, JavaScript, Python and
//! Wren through the language's parser (wrapping, position mapping and the extraction of the
//! globals each body reads and writes included), and the build of one app holding 900
//! functions in Lua, JavaScript and Python (check + KRB), so the script share of a build is
//! visible.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use kryc::languages::ScriptLanguage;
use kryc::scripts::{analyze, BodyKind};

const FUNCTIONS: usize = 300;

fn body(language: ScriptLanguage, i: usize) -> String {
    match language {
        ScriptLanguage::Lua => format!(
            "\n    local total = 0\n    for k = 1, {i} do\n        if k % 3 == 0 then total = total + k end\n    end\n    counter = counter + total\n    label = \"Total: \" .. tostring(total) .. \" }}\"\n"
        ),
        ScriptLanguage::JavaScript => format!(
            "\n    let total = 0;\n    for (let k = 1; k <= {i}; k++) {{\n        if (k % 3 === 0) total += k;\n    }}\n    counter = counter + total;\n    label = `Total: ${{total}} }}`;\n"
        ),
        ScriptLanguage::Wren => format!(
            "\n    var total = 0\n    for (k in 1..{i}) {{\n        if (k % 3 == 0) total = total + k\n    }}\n    counter = counter + total\n    label = \"Total: %(total) }}\"\n"
        ),
        _ => format!(
            "\n    global counter, label\n    total = 0\n    for k in range(1, {i} + 1):\n        if k % 3 == 0:\n            total += k\n    counter = counter + total\n    label = f\"Total: {{total}} }}}}\"\n"
        ),
    }
}

const LANGUAGES: [ScriptLanguage; 3] =
    [ScriptLanguage::Lua, ScriptLanguage::JavaScript, ScriptLanguage::Python];

fn per_language(c: &mut Criterion) {
    let mut group = c.benchmark_group("scripts");
    group.sample_size(20);
    for language in LANGUAGES.into_iter().chain([ScriptLanguage::Wren]) {
        let bodies: Vec<String> = (0..FUNCTIONS).map(|i| body(language, i)).collect();
        let bytes: usize = bodies.iter().map(String::len).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_with_input(
            BenchmarkId::new("check_300_functions", language.tag()),
            &bodies,
            |b, bodies| {
                b.iter(|| {
                    for body in bodies {
                        let facts = analyze(language, BodyKind::Function { params: &[] }, body);
                        assert!(facts.is_some_and(|f| f.errors.is_empty() && f.usage.is_some()));
                    }
                })
            },
        );
    }
    group.finish();
}

fn app() -> String {
    let mut source = String::from("@variables { counter: 0 label: \"\" }\nApp {\n");
    for language in LANGUAGES {
        for i in 0..FUNCTIONS {
            source.push_str(&format!(
                "    Button {{ text: \"{i}\" onClick: \"{}_{i}\" }}\n",
                language.tag()
            ));
        }
    }
    source.push_str("}\n");
    for language in LANGUAGES {
        for i in 0..FUNCTIONS {
            source.push_str(&format!(
                "@function \"{}\" {}_{i}() {{{}}}\n",
                language.tag(),
                language.tag(),
                body(language, i)
            ));
        }
    }
    source
}

fn whole_build(c: &mut Criterion) {
    use kryc::check::{check, CheckOptions};
    use kryc::emit::{build, EmitOptions};
    use kryc::loader::MemoryLoader;
    use kryc::source::SourceDb;
    use std::path::Path;

    let source = app();
    let mut group = c.benchmark_group("scripts");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(source.len() as u64));
    group.bench_function("build_app_900_functions", |b| {
        b.iter(|| {
            let mut db = SourceDb::new();
            let checked = check(
                &mut db,
                Path::new("app.kry"),
                source.clone(),
                &MemoryLoader::new(),
                &CheckOptions::default(),
            );
            assert!(!checked.diagnostics.iter().any(|d| d.is_error()));
            build(&checked, &db, &EmitOptions::default()).expect("builds")
        })
    });
    group.finish();
}

criterion_group!(benches, per_language, whole_build);
criterion_main!(benches);
