//! Hot reload: a new build of the app replaces the running one; shared variables keep their
//! values, listeners stay, and a build that cannot load leaves the running app as it was.

use std::cell::RefCell;
use std::rc::Rc;

use crate::support::{AppBuilder, Part};
use krb_format::languages::{JAVASCRIPT, LUA};
use krb_format::{Document, VarType};
use kryon_runtime::{Runtime, ScriptValue, VMConfig, VariableChange};

fn body(language: u8, statement: &str) -> String {
    match language {
        LUA => format!(" {statement} "),
        JAVASCRIPT => format!(" {statement}; "),
        _ => format!("\n    global counter\n    {statement}\n"),
    }
}

/// Version 1: `counter`, `name` (string) and `gone`; `Count: $counter`; + adds 1.
fn version_1(language: u8) -> Document {
    let mut b = AppBuilder::new();
    b.int_var("counter", 0);
    let x = b.string("x");
    b.variable("name", VarType::String, x);
    b.int_var("gone", 7);
    b.text_template("label", &[Part::Text("Count: "), Part::Var("counter")]);
    b.button("plus", "+", "increment");
    b.function(language, "increment", &[], &body(language, "counter = counter + 1"), 10);
    b.build()
}

/// Version 2: `name` is now an int, `extra` is new, `gone` is gone; `Total: $counter`; +
/// adds 10.
fn version_2(language: u8) -> Document {
    let mut b = AppBuilder::new();
    b.int_var("counter", 0);
    b.int_var("name", 1);
    b.int_var("extra", 5);
    b.text_template("label", &[Part::Text("Total: "), Part::Var("counter")]);
    b.button("plus", "+", "increment");
    b.function(language, "increment", &[], &body(language, "counter = counter + 10"), 10);
    b.build()
}

fn label(runtime: &Runtime) -> Option<String> {
    let tree = runtime.tree();
    tree.find("label").and_then(|i| tree.get(i)).and_then(|e| e.text.clone())
}

fn keeps_variables_across_a_reload(language: u8) {
    let mut runtime = Runtime::from_document(version_1(language), VMConfig::default()).unwrap();
    let batches = Rc::new(RefCell::new(0));
    let seen = Rc::clone(&batches);
    runtime.add_change_listener(move |_: &[VariableChange]| *seen.borrow_mut() += 1);
    for _ in 0..3 {
        assert!(runtime.click("plus").unwrap().errors.is_empty());
    }
    assert_eq!(*batches.borrow(), 3);

    let outcome = runtime.reload(version_2(language)).expect("reloads");
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    // The kept value is set, pushed and rendered with the new template.
    assert_eq!(runtime.variable("counter"), Some(&ScriptValue::Int(3)));
    assert_eq!(label(&runtime).as_deref(), Some("Total: 3"));
    assert!(outcome.variables.iter().any(|c| c.name == "counter"), "{outcome:?}");
    // A variable whose type changed starts from its new value; new ones from theirs; a
    // removed one is gone.
    assert_eq!(runtime.variable("name"), Some(&ScriptValue::Int(1)));
    assert_eq!(runtime.variable("extra"), Some(&ScriptValue::Int(5)));
    assert_eq!(runtime.variable("gone"), None);
    // The listener moved with the app: it saw the restore.
    assert_eq!(*batches.borrow(), 4);

    // The new code runs, in a VM that has the kept value.
    assert!(runtime.click("plus").unwrap().errors.is_empty());
    assert_eq!(runtime.variable("counter"), Some(&ScriptValue::Int(13)));
    assert_eq!(label(&runtime).as_deref(), Some("Total: 13"));
    for vm in runtime.active_vms() {
        assert_eq!(runtime.vm_global(vm, "counter"), Some(ScriptValue::Int(13)), "{vm}");
    }
}

#[test]
fn lua_keeps_variables_across_a_reload() {
    keeps_variables_across_a_reload(LUA);
}

#[cfg(feature = "javascript-vm")]
#[test]
fn javascript_keeps_variables_across_a_reload() {
    keeps_variables_across_a_reload(JAVASCRIPT);
}

#[cfg(feature = "python-vm")]
#[test]
fn python_keeps_variables_across_a_reload() {
    keeps_variables_across_a_reload(krb_format::languages::PYTHON);
}

#[test]
fn a_build_that_cannot_load_leaves_the_app_running() {
    let mut runtime = Runtime::from_document(version_1(LUA), VMConfig::default()).unwrap();
    runtime.click("plus").unwrap();
    // No runtime has a VM for language 9: the new build is refused before anything stops.
    let mut b = AppBuilder::new();
    b.int_var("counter", 0);
    b.function(9, "f", &[], " ", 2);
    assert!(runtime.reload(b.build()).is_err());
    assert!(runtime.click("plus").unwrap().errors.is_empty());
    assert_eq!(runtime.variable("counter"), Some(&ScriptValue::Int(2)));
    assert_eq!(label(&runtime).as_deref(), Some("Count: 2"));
}
