//! The observer API: every step in order, from loading on; the host's own writes; the
//! observer removed; a restart (in `recovery.rs`).

use std::cell::RefCell;
use std::rc::Rc;

use crate::support::{AppBuilder, Part};
use krb_format::languages::LUA;
use kryon_runtime::{Runtime, ScriptValue, TraceFormat, TraceObserver, TraceStep, VMConfig};
use serde_json::{json, Value};

/// An observer keeping each step as JSON, and the list it fills.
pub fn recorder() -> (Box<dyn TraceObserver>, Rc<RefCell<Vec<Value>>>) {
    let steps = Rc::new(RefCell::new(Vec::new()));
    let kept = Rc::clone(&steps);
    let observer = move |step: &TraceStep<'_>| {
        let line = TraceFormat::Jsonl.line(step);
        kept.borrow_mut().push(serde_json::from_str(&line).expect("a step is JSON"));
    };
    (Box::new(observer), steps)
}

fn app() -> AppBuilder {
    let mut b = AppBuilder::new();
    b.int_var("n", 0);
    b.text_template("label", &[Part::Text("n = "), Part::Var("n")]);
    b.button("plus", "+", "inc");
    b.function(LUA, "inc", &[], " n = n + 1 ", 10);
    b.function(LUA, "add", &["k"], " n = n + k\n return n ", 11);
    b
}

/// The steps without their durations.
fn timeless(steps: &[Value]) -> Vec<Value> {
    steps
        .iter()
        .map(|s| {
            let mut s = s.clone();
            if let Some(o) = s.as_object_mut() {
                assert!(o.remove("duration_ns").is_none_or(|d| d.is_u64()), "{o:?}");
            }
            s
        })
        .collect()
}

#[test]
fn an_observer_sees_every_step_in_order_from_loading_on() {
    let (observer, steps) = recorder();
    let mut runtime = Runtime::from_document_observed(app().build(), VMConfig::default(), observer)
        .expect("loads");
    assert!(runtime.is_traced());
    runtime.click("plus").expect("click");
    let outcome = runtime.call("add", vec![ScriptValue::Int(5)]);
    assert_eq!(outcome.returned, vec![ScriptValue::Int(6)]);
    runtime.set_variable("n", ScriptValue::Int(0)).expect("set");
    let label = json!([{"element": 1, "id": "label", "kind": {"text": "n = 1"}}]);
    let label6 = json!([{"element": 1, "id": "label", "kind": {"text": "n = 6"}}]);
    let label0 = json!([{"element": 1, "id": "label", "kind": {"text": "n = 0"}}]);
    assert_eq!(
        timeless(&steps.borrow()),
        vec![
            json!({"step": "load", "vm": "lua", "script": "inc", "ok": true}),
            json!({"step": "load", "vm": "lua", "script": "add", "ok": true}),
            json!({"step": "document_event", "event": "load"}),
            json!({"step": "event", "event": "click", "element": "plus", "index": 2}),
            json!({"step": "call", "vm": "lua", "function": "inc", "args": [], "returned": null}),
            json!({"step": "change", "variable": "n", "vm": "lua", "function": "inc", "old": 0, "new": 1}),
            json!({"step": "sync", "variables": ["n"], "vms": [], "bindings": label}),
            json!({"step": "call", "vm": "lua", "function": "add", "args": [5], "returned": 6}),
            json!({"step": "change", "variable": "n", "vm": "lua", "function": "add", "old": 1, "new": 6}),
            json!({"step": "sync", "variables": ["n"], "vms": [], "bindings": label6}),
            json!({"step": "change", "variable": "n", "vm": null, "function": null, "old": 6, "new": 0}),
            json!({"step": "sync", "variables": ["n"], "vms": ["lua"], "bindings": label0}),
        ]
    );
}

#[test]
fn an_observer_set_later_sees_what_follows_and_removed_sees_nothing() {
    let mut runtime = Runtime::from_document(app().build(), VMConfig::default()).expect("loads");
    assert!(!runtime.is_traced());
    let (observer, steps) = recorder();
    runtime.set_observer(Some(observer));
    runtime.click("plus").expect("click");
    let text: Vec<String> = steps.borrow().iter().map(|s| s["step"].to_string()).collect();
    assert_eq!(text, ["\"event\"", "\"call\"", "\"change\"", "\"sync\""]);
    runtime.set_observer(None);
    assert!(!runtime.is_traced());
    runtime.click("plus").expect("click");
    assert_eq!(steps.borrow().len(), 4);
    assert_eq!(runtime.variable("n"), Some(&ScriptValue::Int(2)));
}

#[test]
fn a_failed_call_is_traced_before_its_error_and_the_text_form_reads() {
    let mut b = app();
    b.function(LUA, "boom", &["x"], " error('no ' .. x) ", 20);
    let mut runtime = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
    let lines = Rc::new(RefCell::new(Vec::new()));
    let kept = Rc::clone(&lines);
    let observer = move |step: &TraceStep<'_>| kept.borrow_mut().push(step.to_text());
    runtime.set_observer(Some(Box::new(observer)));
    runtime.call("boom", vec![ScriptValue::from("luck")]);
    let lines = lines.borrow();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with("  call lua boom(\"luck\") failed  "), "{lines:?}");
    assert!(lines[0].ends_with(" ms"), "{lines:?}");
    assert!(lines[1].starts_with("  error ") && lines[1].contains("no luck"), "{lines:?}");
    assert!(!lines[1].contains("set off by"), "a call's own error has no other side");
}
