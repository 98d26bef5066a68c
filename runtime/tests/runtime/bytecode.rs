//! Precompiled bytecode (KRB 1.3): scripts compiled by [`kryon_runtime::precompile`] load
//! from their bytecode when the host trusts it and the tag is this build's engine, behave as
//! from source, and keep their `.kry` lines in errors; otherwise the source runs, and a
//! script stored only as bytecode is refused with both engine tags named.

use crate::support::{AppBuilder, Part};
use krb_format::languages::LUA;
use krb_format::{Bytecode, Document, Payload};
use kryon_runtime::{LoadError, Runtime, ScriptValue, VMConfig};

/// `counter` 0, its label, + and 0 buttons in Lua, and `fail` whose body's second line
/// raises an error; the bodies start at app.kry line 10, 11 and 20.
fn app() -> Document {
    let mut b = AppBuilder::new();
    b.int_var("counter", 0);
    b.text_template("label", &[Part::Text("Count: "), Part::Var("counter")]);
    b.button("plus", "+", "increment");
    b.button("zero", "0", "reset");
    b.button("bad", "!", "fail");
    b.function(LUA, "increment", &[], " counter = counter + 1 ", 10);
    b.function(LUA, "reset", &[], " counter = 0 ", 11);
    b.function(LUA, "fail", &[], "\n  local t = nil\n  t.x = 1\n", 20);
    b.build()
}

/// The document with every script's bytecode attached (as `kryc build -O` does), and with
/// the source dropped when `strip`.
fn precompiled(mut doc: Document, strip: bool) -> Document {
    for p in kryon_runtime::precompile(&doc) {
        let (engine, bytes) = p.result.expect("compiles");
        let engine = doc.strings.intern(&engine);
        doc.bytecode.push(Bytecode { script: p.script, engine, bytes });
        if strip {
            doc.scripts[p.script as usize].payload = Payload::Precompiled;
        }
    }
    doc.minor_version = 3;
    doc
}

fn trusted() -> VMConfig {
    VMConfig::default().with_trusted_bytecode(true)
}

fn count(runtime: &Runtime) -> Option<&ScriptValue> {
    runtime.variable("counter")
}

fn clicks(runtime: &mut Runtime) {
    for (button, expected) in [("plus", 1), ("plus", 2), ("zero", 0), ("plus", 1)] {
        let outcome = runtime.click(button).expect("exists");
        assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
        assert_eq!(count(runtime), Some(&ScriptValue::Int(expected)));
    }
    let tree = runtime.tree();
    let label = tree.find("label").and_then(|i| tree.get(i)).expect("label");
    assert_eq!(label.text.as_deref(), Some("Count: 1"));
}

#[test]
fn trusted_bytecode_of_this_engine_loads_and_behaves_as_the_source() {
    let bytes = krb_format::write(&precompiled(app(), true)).expect("writes");
    let mut runtime = Runtime::load(&bytes, trusted()).expect("loads");
    assert_eq!(runtime.scripts_from_bytecode(), 3);
    clicks(&mut runtime);
    let mut from_source = Runtime::from_document(app(), VMConfig::default()).expect("loads");
    assert_eq!(from_source.scripts_from_bytecode(), 0);
    clicks(&mut from_source);
}

#[test]
fn an_error_in_precompiled_code_points_at_its_kry_line() {
    let mut runtime = Runtime::from_document(precompiled(app(), true), trusted()).expect("loads");
    assert_eq!(runtime.scripts_from_bytecode(), 3);
    let outcome = runtime.click("bad").expect("exists");
    let e = outcome.errors.first().expect("fails");
    // Body line 3 (`t.x = 1`) of a body starting at line 20.
    assert_eq!((e.kry_file.as_deref(), e.kry_line), (Some("app.kry"), Some(22)), "{e:?}");
    assert!(e.message.contains("nil"), "{e:?}");
}

#[test]
fn untrusted_bytecode_falls_back_to_the_source() {
    let mut runtime =
        Runtime::from_document(precompiled(app(), false), VMConfig::default()).expect("loads");
    assert_eq!(runtime.scripts_from_bytecode(), 0);
    clicks(&mut runtime);
}

#[test]
fn another_engines_bytecode_falls_back_to_the_source_or_is_refused_naming_both() {
    let retag = |mut doc: Document| {
        let other = doc.strings.intern("lua 5.4 (mlua 0.0.1, lua-src 540.0.0)");
        doc.bytecode.iter_mut().for_each(|b| b.engine = other);
        doc
    };
    let mut runtime =
        Runtime::from_document(retag(precompiled(app(), false)), trusted()).expect("loads");
    assert_eq!(runtime.scripts_from_bytecode(), 0);
    clicks(&mut runtime);

    let bytes = krb_format::write(&retag(precompiled(app(), true))).expect("writes");
    let err = Runtime::load(&bytes, trusted()).expect_err("refused");
    let ours = kryon_runtime::engine_tag("lua").expect("Lua has bytecode");
    assert!(
        matches!(&err, LoadError::Bytecode { found, runtime: Some(r), .. }
        if found.contains("mlua 0.0.1") && *r == ours),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains("mlua 0.0.1") && message.contains(&ours), "{message}");
    assert!(message.contains("script `increment`"), "{message}");
}

#[test]
fn precompiled_only_scripts_need_a_host_that_trusts_bytecode() {
    let err =
        Runtime::from_document(precompiled(app(), true), VMConfig::default()).expect_err("refused");
    assert!(matches!(err, LoadError::Bytecode { trusted: false, .. }), "{err:?}");
    assert!(err.to_string().contains("does not trust bytecode"), "{err}");
}

/// A source payload that starts like a Lua binary chunk is text: a syntax error, never
/// bytecode (Lua does not verify bytecode).
#[test]
fn a_source_payload_is_never_loaded_as_bytecode() {
    let forged = precompiled(app(), true).bytecode[0].bytes.clone();
    let text = String::from_utf8_lossy(&forged).into_owned();
    assert!(text.starts_with("\x1bLua"));
    let mut b = AppBuilder::new();
    b.module(LUA, "forged", &text, &[], 5);
    let runtime = Runtime::from_document(b.build(), trusted()).expect("loads; the script fails");
    let e = runtime.errors().first().expect("a load error");
    assert_eq!(e.kind, kryon_runtime::ScriptErrorKind::Syntax, "{e:?}");
}

/// A Lua VM replaced after a memory stop reloads its scripts from the same bytecode: the
/// app, stored only as bytecode, keeps working.
#[test]
fn a_restarted_vm_reloads_its_scripts_from_bytecode() {
    const LIMIT: usize = 4 * 1024 * 1024;
    let mut b = AppBuilder::new();
    b.int_var("counter", 0);
    let hoard = " hoard = hoard or {} while true do hoard[#hoard + 1] = string.rep('x', 1000) .. #hoard end ";
    b.function(LUA, "fill", &[], hoard, 1);
    b.function(LUA, "increment", &[], " counter = counter + 1 ", 2);
    let settings = kryon_runtime::VMSettings::default().with_memory_limit(LIMIT);
    let config = trusted().with_settings("lua", settings);
    let mut runtime = Runtime::from_document(precompiled(b.build(), true), config).expect("loads");
    assert!(runtime.call("increment", vec![]).errors.is_empty());
    let outcome = runtime.call("fill", vec![]);
    let error = outcome.errors.first().expect("stopped");
    assert!(error.message.contains("restarted"), "{}", error.message);
    assert_eq!(runtime.health()[0].restarts, 1);
    assert_eq!(runtime.scripts_from_bytecode(), 2);
    assert!(runtime.call("increment", vec![]).errors.is_empty());
    assert_eq!(count(&runtime), Some(&ScriptValue::Int(2)));
}
