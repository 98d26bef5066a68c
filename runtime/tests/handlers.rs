//! Handler kinds beyond a plain function name: inline code, handlers chosen at run time,
//! `load` events, and module scripts whose top-level code changes variables.

mod support;

use krb_format::languages::LUA;
use krb_format::{EventKind, Handler, Value, VarType};
use kryon_runtime::{Runtime, ScriptErrorKind, ScriptValue, VMConfig};
use support::{AppBuilder, BUTTON};

#[test]
fn inline_handlers_run_in_their_language_with_the_event() {
    let mut b = AppBuilder::new();
    b.int_var("counter", 1);
    let empty = b.string("");
    b.variable("last", VarType::String, empty);
    let source = b.s("counter = counter + 10; last = event.type");
    b.element(
        BUTTON,
        Some("b"),
        vec![],
        vec![(EventKind::Press, Handler::Inline { language: LUA, source })],
    );
    let mut runtime = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
    assert_eq!(runtime.active_vms(), ["lua"]);
    let outcome = runtime.dispatch(EventKind::Press, "b", None).expect("exists");
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert_eq!(runtime.variable("counter"), Some(&ScriptValue::Int(11)));
    assert_eq!(runtime.variable("last"), Some(&ScriptValue::String("press".into())));
}

#[test]
fn dynamic_handlers_name_their_function_at_run_time() {
    let mut b = AppBuilder::new();
    b.int_var("counter", 0);
    let up = b.string("up");
    b.variable("mode", VarType::String, up);
    let mode = b.s("mode");
    b.element(
        BUTTON,
        Some("b"),
        vec![],
        vec![(EventKind::Click, Handler::Dynamic(Value::Var(mode)))],
    );
    b.function(LUA, "up", &[], " counter = counter + 1 ", 1);
    b.function(LUA, "down", &[], " counter = counter - 1 ", 2);
    let mut runtime = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
    runtime.click("b").expect("exists");
    runtime.set_variable("mode", ScriptValue::String("down".into())).expect("string");
    runtime.click("b").expect("exists");
    runtime.click("b").expect("exists");
    assert_eq!(runtime.variable("counter"), Some(&ScriptValue::Int(-1)));
    runtime.set_variable("mode", ScriptValue::String("sideways".into())).expect("string");
    let outcome = runtime.click("b").expect("exists");
    assert_eq!(outcome.errors[0].kind, ScriptErrorKind::MissingFunction);
}

#[test]
fn load_events_and_module_code_run_at_load() {
    let mut b = AppBuilder::new();
    b.int_var("counter", 0);
    let started = b.s("started");
    b.element(BUTTON, Some("b"), vec![], vec![(EventKind::Load, Handler::Function(started))]);
    b.module(
        LUA,
        "setup",
        "counter = 5\nfunction started() counter = counter * 2 end\n",
        &[("started", &[])],
        1,
    );
    let runtime = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
    assert_eq!(runtime.variable("counter"), Some(&ScriptValue::Int(10)));
    let changes: Vec<_> = runtime.load_outcome().variables.iter().map(|v| v.new.clone()).collect();
    assert_eq!(changes, [ScriptValue::Int(5), ScriptValue::Int(10)]);
    assert!(runtime.errors().is_empty());
}

#[test]
fn crafted_function_names_cannot_inject_code() {
    let mut b = AppBuilder::new();
    b.function(LUA, "f() end os = nil function g", &[], " ", 1);
    let error = Runtime::from_document(b.build(), VMConfig::default()).expect_err("refused");
    assert!(error.to_string().contains("not a valid function or parameter name"), "{error}");
}

/// A handler's function is resolved once at load; a script that redefines (or removes) the
/// function later is still seen by the next event.
#[test]
fn a_redefined_handler_function_is_called_in_its_new_form() {
    let mut b = AppBuilder::new();
    b.int_var("counter", 0);
    b.button("b", "b", "step");
    b.button("swap", "swap", "swap");
    b.button("drop", "drop", "drop");
    b.function(LUA, "step", &[], " counter = counter + 1 ", 1);
    b.function(LUA, "swap", &[], " function step() counter = counter + 100 end ", 2);
    b.function(LUA, "drop", &[], " step = nil ", 3);
    let mut runtime = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
    runtime.click("b").expect("exists");
    runtime.click("b").expect("exists");
    assert_eq!(runtime.variable("counter"), Some(&ScriptValue::Int(2)));
    runtime.click("swap").expect("exists");
    runtime.click("b").expect("exists");
    assert_eq!(runtime.variable("counter"), Some(&ScriptValue::Int(102)));
    runtime.click("drop").expect("exists");
    let outcome = runtime.click("b").expect("exists");
    assert_eq!(outcome.errors.len(), 1, "{:?}", outcome.errors);
    assert_eq!(outcome.errors[0].kind, ScriptErrorKind::MissingFunction);
    assert_eq!(runtime.variable("counter"), Some(&ScriptValue::Int(102)));
}
