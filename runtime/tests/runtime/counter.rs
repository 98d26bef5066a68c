//! The multi-language counter: one shared variable, a bound text, and handlers in Lua,
//! JavaScript and Python that all see and change the same value.

use crate::support::{AppBuilder, Part};
use krb_format::languages::{JAVASCRIPT, LUA};
use krb_format::Document;
use kryon_runtime::{Runtime, ScriptValue, VMConfig};

/// `counter` int 0, a `Count: $counter` label, and +, - and 0 buttons whose handlers are in
/// the given languages.
fn counter_app(increment: u8, decrement: u8, reset: u8) -> Document {
    let mut b = AppBuilder::new();
    b.int_var("counter", 0);
    b.text_template("label", &[Part::Text("Count: "), Part::Var("counter")]);
    b.button("plus", "+", "increment");
    b.button("minus", "-", "decrement");
    b.button("zero", "0", "reset");
    let body = |language: u8, op: &str| match language {
        LUA => format!(" counter = {op} "),
        JAVASCRIPT => format!(" counter = {op}; "),
        _ => format!("\n    global counter\n    counter = {op}\n"),
    };
    b.function(increment, "increment", &[], &body(increment, "counter + 1"), 10);
    b.function(decrement, "decrement", &[], &body(decrement, "counter - 1"), 11);
    b.function(reset, "reset", &[], &body(reset, "0"), 12);
    b.build()
}

/// The variable, the label and every running VM's global agree on `expected`.
fn assert_agree(runtime: &Runtime, expected: i64) {
    assert_eq!(runtime.variable("counter"), Some(&ScriptValue::Int(expected)));
    let tree = runtime.tree();
    let label = tree.find("label").and_then(|i| tree.get(i)).expect("label");
    assert_eq!(label.text.as_deref(), Some(format!("Count: {expected}").as_str()));
    for language in runtime.active_vms() {
        assert_eq!(
            runtime.vm_global(language, "counter"),
            Some(ScriptValue::Int(expected)),
            "{language} disagrees"
        );
    }
}

fn click_through(runtime: &mut Runtime, clicks: &[(&str, i64)]) {
    assert_agree(runtime, 0);
    for (button, expected) in clicks {
        let outcome = runtime.click(button).expect("button exists");
        assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
        assert_eq!(outcome.handlers, 1);
        assert_agree(runtime, *expected);
    }
}

const ORDERS: &[&[(&str, i64)]] = &[
    &[("plus", 1), ("plus", 2), ("minus", 1), ("zero", 0), ("minus", -1)],
    &[("minus", -1), ("minus", -2), ("zero", 0), ("plus", 1), ("zero", 0), ("plus", 1)],
    &[("zero", 0), ("plus", 1), ("minus", 0), ("plus", 1), ("plus", 2), ("plus", 3)],
];

#[test]
fn lua_counter_agrees_after_every_click() {
    for order in ORDERS {
        let mut runtime =
            Runtime::from_document(counter_app(LUA, LUA, LUA), VMConfig::default()).expect("loads");
        click_through(&mut runtime, order);
    }
}

#[test]
fn a_label_change_is_reported_after_the_variable_change() {
    let mut runtime =
        Runtime::from_document(counter_app(LUA, LUA, LUA), VMConfig::default()).expect("loads");
    let outcome = runtime.click("plus").expect("exists");
    assert_eq!(outcome.variables.len(), 1);
    assert_eq!(outcome.variables[0].name, "counter");
    assert_eq!(outcome.variables[0].old, ScriptValue::Int(0));
    assert_eq!(outcome.variables[0].new, ScriptValue::Int(1));
    assert_eq!(outcome.variables[0].source, Some("lua"));
    assert_eq!(outcome.changes.len(), 1);
    assert_eq!(outcome.changes[0].id.as_deref(), Some("label"));
    assert_eq!(outcome.changes[0].kind, kryon_runtime::ElementChangeKind::Text("Count: 1".into()));
}

#[cfg(all(feature = "javascript-vm", feature = "python-vm"))]
#[test]
fn three_languages_share_one_counter() {
    use krb_format::languages::PYTHON;
    for order in ORDERS {
        let doc = counter_app(LUA, JAVASCRIPT, PYTHON);
        let mut runtime = Runtime::from_document(doc, VMConfig::default()).expect("loads");
        assert_eq!(runtime.active_vms(), ["lua", "javascript", "python"]);
        click_through(&mut runtime, order);
    }
    // Every rotation of languages over the three handlers.
    for (a, b, c) in [(JAVASCRIPT, PYTHON, LUA), (PYTHON, LUA, JAVASCRIPT)] {
        let mut runtime =
            Runtime::from_document(counter_app(a, b, c), VMConfig::default()).expect("loads");
        click_through(&mut runtime, ORDERS[0]);
    }
}

#[cfg(feature = "javascript-vm")]
#[test]
fn lua_and_javascript_share_one_counter() {
    let doc = counter_app(LUA, JAVASCRIPT, LUA);
    let mut runtime = Runtime::from_document(doc, VMConfig::default()).expect("loads");
    click_through(&mut runtime, ORDERS[1]);
}

#[test]
fn the_snapshot_lists_variables_elements_and_errors() {
    let mut runtime =
        Runtime::from_document(counter_app(LUA, LUA, LUA), VMConfig::default()).expect("loads");
    runtime.click("plus").expect("exists");
    let json: serde_json::Value = serde_json::from_str(&runtime.snapshot_json()).expect("json");
    assert_eq!(json["variables"]["counter"], 1);
    assert_eq!(json["elements"][1]["id"], "label");
    assert_eq!(json["elements"][1]["type"], "Text");
    assert_eq!(json["elements"][1]["text"], "Count: 1");
    assert_eq!(json["elements"][2]["type"], "Button");
    assert_eq!(json["errors"], serde_json::json!([]));
}
