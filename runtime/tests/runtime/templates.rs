//! Bindings re-render from the compiler's parsed templates: `$count` never matches inside
//! `$counter`, and only the bindings of a changed variable are re-rendered.

use crate::support::{AppBuilder, Part};
use krb_format::languages::LUA;
use kryon_runtime::{ElementChangeKind, Runtime, ScriptValue, VMConfig};

fn app() -> Runtime {
    let mut b = AppBuilder::new();
    b.int_var("count", 1);
    b.int_var("counter", 20);
    b.text_template("a", &[Part::Text("c="), Part::Var("count")]);
    b.text_template("b", &[Part::Text("n="), Part::Var("counter")]);
    b.text_template("both", &[Part::Var("count"), Part::Text("/"), Part::Var("counter")]);
    b.button("bump", "bump", "bump");
    b.function(LUA, "bump", &[], " counter = counter + 1 ", 3);
    Runtime::from_document(b.build(), VMConfig::default()).expect("loads")
}

fn text(runtime: &Runtime, id: &str) -> String {
    let tree = runtime.tree();
    let index = tree.find(id).expect("element");
    tree.get(index).and_then(|e| e.text.clone()).unwrap_or_default()
}

#[test]
fn templates_render_at_load() {
    let runtime = app();
    assert_eq!(text(&runtime, "a"), "c=1");
    assert_eq!(text(&runtime, "b"), "n=20");
    assert_eq!(text(&runtime, "both"), "1/20");
}

#[test]
fn counter_changes_do_not_touch_count_bindings() {
    let mut runtime = app();
    let outcome = runtime.click("bump").expect("exists");
    let changed: Vec<_> = outcome.changes.iter().map(|c| c.id.as_deref().unwrap_or("")).collect();
    assert_eq!(changed, ["b", "both"]);
    assert_eq!(text(&runtime, "a"), "c=1");
    assert_eq!(text(&runtime, "b"), "n=21");
    assert_eq!(text(&runtime, "both"), "1/21");
}

#[test]
fn host_writes_re_render_and_reach_the_vms() {
    let mut runtime = app();
    let outcome = runtime.set_variable("count", ScriptValue::Int(5)).expect("int");
    let changed: Vec<_> = outcome
        .changes
        .iter()
        .map(|c| (c.id.clone().unwrap_or_default(), c.kind.clone()))
        .collect();
    assert_eq!(
        changed,
        [
            ("a".to_string(), ElementChangeKind::Text("c=5".into())),
            ("both".to_string(), ElementChangeKind::Text("5/20".into())),
        ]
    );
    assert_eq!(runtime.vm_global("lua", "count"), Some(ScriptValue::Int(5)));
    assert_eq!(text(&runtime, "b"), "n=20");
    let error = runtime.set_variable("count", ScriptValue::String("x".into())).expect_err("typed");
    assert_eq!(error.message, "`count` is an int variable; it cannot hold the string \"x\"");
}

#[test]
fn listeners_see_each_batch_in_declaration_order() {
    use std::cell::RefCell;
    use std::rc::Rc;
    let seen = Rc::new(RefCell::new(Vec::new()));
    let mut runtime = app();
    let sink = seen.clone();
    runtime.add_change_listener(move |changes: &[kryon_runtime::VariableChange]| {
        sink.borrow_mut().push(changes.iter().map(|c| c.name.clone()).collect::<Vec<_>>());
    });
    runtime.click("bump").expect("exists");
    runtime.set_variable("count", ScriptValue::Int(2)).expect("int");
    assert_eq!(*seen.borrow(), [vec!["counter".to_string()], vec!["count".to_string()]]);
}

#[test]
fn style_bindings_reach_the_elements_using_the_style() {
    use krb_format::{property_flags, Binding, BindingOwner, Property, Style, Value, VarType};
    let mut b = AppBuilder::new();
    b.variable("accent", VarType::Color, Value::Color(0x112233ff));
    let accent = b.s("accent");
    let bound = |value| Property {
        id: crate::support::BACKGROUND_COLOR,
        flags: property_flags::BOUND,
        name: None,
        value,
    };
    let properties = b.doc.push_properties([bound(Value::Var(accent))]);
    let state_sets = b.doc.push_state_sets([(1, vec![bound(Value::Var(accent))])]);
    let name = b.s("primary");
    b.doc.styles.push(Style { name, properties, state_sets });
    b.doc.bindings.push(Binding {
        owner: BindingOwner::Style(0),
        state_set: None,
        property: 0,
        variables: vec![0],
    });
    b.doc.bindings.push(Binding {
        owner: BindingOwner::Style(0),
        state_set: Some(0),
        property: 0,
        variables: vec![0],
    });
    b.element(crate::support::BUTTON, Some("styled"), vec![(21, Value::Style(0))], vec![]);
    b.element(crate::support::BUTTON, Some("plain"), vec![], vec![]);
    let mut runtime = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
    let outcome =
        runtime.set_variable("accent", ScriptValue::String("#f00".into())).expect("colour");
    let red = ScriptValue::String("#ff0000ff".into());
    let changes: Vec<_> = outcome
        .changes
        .iter()
        .map(|c| (c.id.clone().unwrap_or_default(), c.kind.clone()))
        .collect();
    assert_eq!(
        changes,
        [
            (
                "styled".to_string(),
                ElementChangeKind::Property { name: "background_color".into(), value: red.clone() }
            ),
            (
                "styled".to_string(),
                ElementChangeKind::StateProperty {
                    states: vec!["hover"],
                    name: "background_color".into(),
                    value: red,
                }
            ),
        ]
    );
}
