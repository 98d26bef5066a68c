//! `kryc build -O`: snapshots of which functions each app under `tests/optimise/` keeps
//! (each snapshot starts with its source), byte-for-byte deterministic builds, the report on
//! stderr, a stripped build that needs `--trust-bytecode`, and `[build] optimize` in
//! kryon.toml. The scripted sessions on `-O` builds are in `tests/sessions.rs`.

mod common;

use std::fmt::Write;
use std::path::Path;

use kryc::check::{check, CheckOptions};
use kryc::emit::{lower, EmitOptions};
use kryc::optimise::{optimise, OptimiseOptions};
use kryc::source::SourceDb;

use common::{kryc, repo, scratch, stderr, DiskLoader};

const FIXTURES: &[&str] = &["dead_functions.kry", "computed_names.kry", "dynamic_handler.kry"];

#[test]
fn dead_function_snapshots() {
    for name in FIXTURES {
        let path = format!("tests/optimise/{name}");
        let source = std::fs::read_to_string(&path).expect("readable");
        let mut db = SourceDb::new();
        let checked =
            check(&mut db, Path::new(&path), source.clone(), &DiskLoader, &CheckOptions::default());
        let mut doc = lower(&checked, &db, &EmitOptions::default());
        let before: Vec<String> = script_names(&doc);
        let options = OptimiseOptions { dead_functions: true, ..OptimiseOptions::default() };
        let report = optimise(&checked, &db, &mut doc, &options);
        let mut text = format!("----- SOURCE CODE -- {path}\n{source}\n----- kryc build -O\n");
        for line in report.lines() {
            let _ = writeln!(text, "{line}");
        }
        let after = script_names(&doc);
        let _ = writeln!(text, "scripts before: {}", before.join(" "));
        let _ = writeln!(text, "scripts after:  {}", after.join(" "));
        // What is left still writes and reads back.
        let bytes = krb_format::write(&doc).expect("writes");
        assert_eq!(krb_format::read(&bytes).expect("reads"), doc);
        let stem = name.trim_end_matches(".kry");
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!(format!("optimise_{stem}"), text);
        });
    }
}

fn script_names(doc: &krb_format::Document) -> Vec<String> {
    doc.scripts
        .iter()
        .map(|s| s.name.map(|n| doc.str(n).to_string()).unwrap_or_else(|| "(module)".into()))
        .collect()
}

fn build(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = kryc(dir, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    let at = args.iter().position(|a| *a == "-o").expect("-o") + 1;
    std::fs::read(dir.join(args[at])).expect("written")
}

#[test]
fn optimised_builds_are_byte_for_byte_deterministic() {
    let dir = repo().join("tests/optimise");
    let out = scratch("optimise", "determinism");
    let o = |name: &str| out.join(name).to_string_lossy().into_owned();
    let (a, b, s1, s2, plain) = (o("a.krb"), o("b.krb"), o("s1.krb"), o("s2.krb"), o("p.krb"));
    let first = build(&dir, &["build", "-O", "dead_functions.kry", "-o", &a]);
    let second = build(&dir, &["build", "-O", "dead_functions.kry", "-o", &b]);
    assert_eq!(first, second, "two -O builds differ");
    let strip = ["build", "-O", "--strip-source", "dead_functions.kry", "-o"];
    let s_first = build(&dir, &[&strip[..], &[s1.as_str()]].concat());
    let s_second = build(&dir, &[&strip[..], &[s2.as_str()]].concat());
    assert_eq!(s_first, s_second, "two --strip-source builds differ");
    let unoptimised = build(&dir, &["build", "dead_functions.kry", "-o", &plain]);
    assert_ne!(first, unoptimised);
    let doc = krb_format::read(&first).expect("reads");
    assert_eq!(doc.minor_version, 3);
    assert!(!doc.bytecode.is_empty(), "Lua is precompiled");
    // Every string is stored once, and no string is left that nothing refers to.
    let mut compacted = doc.clone();
    assert_eq!(compacted.compact_strings(), 0);
    let strings: Vec<&str> = doc.strings.iter().collect();
    let mut unique = strings.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), strings.len());
}

#[test]
fn the_report_on_stderr_names_what_was_removed_and_compiled() {
    let dir = repo().join("tests/optimise");
    let out = scratch("optimise", "report");
    let krb = out.join("r.krb").to_string_lossy().into_owned();
    let run = kryc(&dir, &["build", "-O", "dead_functions.kry", "-o", &krb]);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    assert!(err.contains("-O: removed 5 functions nothing can run: `orphan` (lua"), "{err}");
    assert!(err.contains("`unused_js` (javascript, dead_functions.kry:68)"), "{err}");
    assert!(err.contains("-O: precompiled 7 lua scripts for `lua 5.4 (mlua"), "{err}");
    assert!(err.contains("python runs from source"), "{err}");
    // Without -O, nothing is said and nothing removed.
    let plain = kryc(&dir, &["build", "dead_functions.kry", "-o", &krb]);
    assert!(!stderr(&plain).contains("-O:"));
    let doc = krb_format::read(&std::fs::read(&krb).expect("written")).expect("reads");
    assert!(doc.bytecode.is_empty() && doc.scripts.len() == 13);
}

#[test]
fn a_stripped_build_runs_only_with_trusted_bytecode() {
    let dir = repo().join("tests/optimise");
    let out = scratch("optimise", "strip");
    let krb = out.join("s.krb").to_string_lossy().into_owned();
    build(&dir, &["build", "-O", "--strip-source", "dead_functions.kry", "-o", &krb]);
    let refused = kryc(&dir, &["run", &krb, "--click", "plus"]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("does not trust bytecode"), "{}", stderr(&refused));
    let ran = kryc(&dir, &["run", &krb, "--trust-bytecode", "--click", "plus", "--print", "json"]);
    let snapshot: serde_json::Value = serde_json::from_slice(&ran.stdout).expect("JSON");
    assert_eq!(snapshot["variables"]["count"], 1, "{}", stderr(&ran));
    assert_eq!(snapshot["errors"].as_array().map(Vec::len), Some(0));
    // `--strip-source` needs `-O`.
    let usage = kryc(&dir, &["build", "--strip-source", "dead_functions.kry", "-o", &krb]);
    assert_eq!(usage.status.code(), Some(2), "{}", stderr(&usage));
}

#[test]
fn kryon_toml_can_turn_optimisation_on() {
    let dir = scratch("optimise", "manifest");
    let source = std::fs::read_to_string(repo().join("tests/optimise/dynamic_handler.kry"))
        .expect("readable");
    std::fs::write(dir.join("app.kry"), source).expect("write");
    std::fs::write(dir.join("kryon.toml"), "[build]\noptimize = true\nstrip-source = true\n")
        .expect("write");
    let run = kryc(&dir, &["build", "app.kry", "-o", "app.krb"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stderr(&run).contains("(without source)"), "{}", stderr(&run));
    let doc =
        krb_format::read(&std::fs::read(dir.join("app.krb")).expect("written")).expect("reads");
    assert!(doc.scripts.iter().all(|s| s.payload == krb_format::Payload::Precompiled));
}
