//! What `kryc build -O` changes at load time, per language: `Runtime::load` of an app with
//! 100 functions (200 lines of script) as `kryc build` writes it, against the same app as
//! `-O` writes it — half the functions are never called, so they are left out, and Lua's
//! are precompiled (beside the source, and stripped; and, to separate the two gains, Lua with
//! the dead functions left out but no bytecode). The KRB sizes are printed with the
//! timings (`docs/optimisation.md` has the table).

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use krb_format::languages::{JAVASCRIPT, LUA, PYTHON};
use krb_format::{Bytecode, Document, EventKind, Handler, Payload};
use kryon_runtime::{Runtime, VMConfig};
use support::{AppBuilder, Part};

const FUNCTIONS: usize = 100;

/// A counter with `FUNCTIONS` functions in `language`; buttons call the even ones. With
/// `optimised`, the odd ones (which nothing calls) are left out, as `-O` leaves them out.
fn app(language: u8, optimised: bool) -> Document {
    let mut b = AppBuilder::new();
    b.int_var("counter", 0);
    b.text_template("label", &[Part::Text("Count: "), Part::Var("counter")]);
    for i in (0..FUNCTIONS).step_by(2) {
        let name = b.s(&format!("f{i}"));
        b.element(
            support::BUTTON,
            Some(&format!("b{i}")),
            vec![],
            vec![(EventKind::Click, Handler::Function(name))],
        );
    }
    for i in 0..FUNCTIONS {
        if optimised && i % 2 == 1 {
            continue;
        }
        let body = match language {
            LUA => format!("\n  local step = {i} % 3 + 1\n  counter = counter + step\n"),
            JAVASCRIPT => format!("\n  const step = {i} % 3 + 1;\n  counter = counter + step;\n"),
            _ => format!("\n    global counter\n    counter = counter + {i} % 3 + 1\n"),
        };
        b.function(language, &format!("f{i}"), &[], &body, 10 + 4 * i as u32);
    }
    b.build()
}

/// The document with its bytecode, as `-O` (and `--strip-source`) stores it.
fn precompiled(mut doc: Document, strip: bool) -> Document {
    for p in kryon_runtime::precompile(&doc) {
        let Ok((engine, bytes)) = p.result else { continue };
        let engine = doc.strings.intern(&engine);
        doc.bytecode.push(Bytecode { script: p.script, engine, bytes });
        if strip {
            doc.scripts[p.script as usize].payload = Payload::Precompiled;
        }
    }
    if !doc.bytecode.is_empty() {
        doc.minor_version = 3;
    }
    doc.compact_strings();
    doc
}

fn load(c: &mut Criterion) {
    let trusted = VMConfig::default().with_trusted_bytecode(true);
    let mut group = c.benchmark_group("load_optimised");
    for (language, name) in [(LUA, "lua"), (JAVASCRIPT, "javascript"), (PYTHON, "python")] {
        let variants = [
            ("plain", app(language, false)),
            // Dead functions left out, no bytecode: what -O gives a language without an
            // engine, and Lua's share of the gain that is not bytecode.
            ("O_dead_only", app(language, true)),
            ("O", precompiled(app(language, true), false)),
            ("O_strip", precompiled(app(language, true), true)),
        ];
        for (variant, doc) in variants {
            if (variant == "O_strip" || variant == "O_dead_only") && language != LUA {
                continue; // Without bytecode, these are the same as `O`.
            }
            let bytes = krb_format::write(&doc).expect("writes");
            let runtime = Runtime::load(&bytes, trusted.clone()).expect("loads");
            eprintln!(
                "{name}/{variant}: {} bytes, {} scripts, {} from bytecode",
                bytes.len(),
                doc.scripts.len(),
                runtime.scripts_from_bytecode()
            );
            group.bench_function(format!("{name}/{variant}"), |b| {
                b.iter(|| Runtime::load(&bytes, trusted.clone()).expect("loads"))
            });
        }
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20);
    targets = load
}
criterion_main!(benches);
