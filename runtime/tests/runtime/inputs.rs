//! Native input behaviour in the runtime, so every host gets it: checkbox toggles, radio
//! groups, typed input values, disabled elements, and the host's interaction states.

use crate::support::{AppBuilder, CHECKBOX, CHECKED, INPUT};
use krb_format::languages::LUA;
use krb_format::{EventKind, Handler, Value, VarType};
use kryon_runtime::{ElementChangeKind, Runtime, ScriptValue, VMConfig};

const RADIO: u16 = 16;
const SLIDER: u16 = 17;
const TYPE: u16 = 160;
const VALUE: u16 = 162;
const MIN: u16 = 163;
const MAX: u16 = 164;
const DISABLED: u16 = 167;
const NAME: u16 = 170;

fn checked(runtime: &Runtime, id: &str) -> bool {
    let tree = runtime.tree();
    let index = tree.find(id).expect("element");
    tree.get(index).and_then(|e| e.checked).unwrap_or(false)
}

fn var(runtime: &Runtime, name: &str) -> ScriptValue {
    runtime.variable(name).cloned().unwrap_or_default()
}

#[test]
fn a_click_toggles_a_checkbox_and_fires_change_with_the_new_state() {
    let mut app = AppBuilder::new();
    let empty = app.string("");
    app.variable("seen", VarType::String, empty);
    let on_change = app.s("changed");
    app.element(
        CHECKBOX,
        Some("agree"),
        vec![],
        vec![(EventKind::Change, Handler::Function(on_change))],
    );
    app.function(LUA, "changed", &["value"], "seen = seen .. tostring(value) .. ';'", 1);
    let mut runtime = Runtime::from_document(app.build(), VMConfig::default()).expect("loads");
    let outcome = runtime.click("agree").expect("clicks");
    assert!(checked(&runtime, "agree"));
    assert!(outcome.changes.iter().any(|c| c.kind == ElementChangeKind::Checked(true)));
    runtime.click("agree").expect("clicks");
    assert!(!checked(&runtime, "agree"));
    assert_eq!(var(&runtime, "seen"), ScriptValue::from("true;false;"));
}

#[test]
fn radios_of_one_group_are_exclusive_and_only_a_new_choice_fires_change() {
    let mut app = AppBuilder::new();
    app.int_var("changes", 0);
    let group = app.string("size");
    let other = app.string("other");
    let on_change = app.s("changed");
    let radio = |app: &mut AppBuilder, id: &str, group: &Value| {
        let value = app.string(id);
        app.element(
            RADIO,
            Some(id),
            vec![(NAME, group.clone()), (VALUE, value)],
            vec![(EventKind::Change, Handler::Function(on_change))],
        );
    };
    radio(&mut app, "small", &group);
    radio(&mut app, "large", &group);
    radio(&mut app, "unrelated", &other);
    app.function(LUA, "changed", &["value"], "changes = changes + 1", 1);
    let mut runtime = Runtime::from_document(app.build(), VMConfig::default()).expect("loads");
    runtime.click("unrelated").expect("clicks");
    runtime.click("small").expect("clicks");
    runtime.click("large").expect("clicks");
    assert!(!checked(&runtime, "small"));
    assert!(checked(&runtime, "large"));
    assert!(checked(&runtime, "unrelated"), "another group is untouched");
    runtime.click("large").expect("clicks");
    assert_eq!(
        var(&runtime, "changes"),
        ScriptValue::Int(3),
        "a checked radio clicked again fires nothing"
    );
}

#[test]
fn a_change_types_the_value_by_the_input() {
    let mut app = AppBuilder::new();
    let empty = app.string("");
    app.variable("got", VarType::String, empty);
    let number = app.string("number");
    let on_change = app.s("changed");
    let handler = || vec![(EventKind::Change, Handler::Function(on_change))];
    app.element(INPUT, Some("age"), vec![(TYPE, number)], handler());
    app.element(
        SLIDER,
        Some("volume"),
        vec![(MIN, AppBuilder::int(0)), (MAX, AppBuilder::int(100))],
        handler(),
    );
    app.element(INPUT, Some("name"), vec![], handler());
    app.function(
        LUA,
        "changed",
        &["value"],
        "got = got .. tostring(math.type(value)) .. ' ' .. tostring(value) .. ';'",
        1,
    );
    let mut runtime = Runtime::from_document(app.build(), VMConfig::default()).expect("loads");
    runtime.dispatch(EventKind::Change, "age", Some("41".into())).expect("dispatches");
    runtime.dispatch(EventKind::Change, "volume", Some(250.into())).expect("dispatches");
    let outcome =
        runtime.dispatch(EventKind::Change, "age", Some("old".into())).expect("dispatches");
    assert_eq!(outcome.handlers, 0, "a value that is no number fires no handler");
    assert_eq!(outcome.errors.len(), 1, "{outcome:?}");
    assert_eq!(var(&runtime, "got"), ScriptValue::from("integer 41;integer 100;"));
    let tree = runtime.tree();
    let volume = tree.get(tree.find("volume").expect("volume")).expect("element");
    assert_eq!(volume.property("value"), Some(&ScriptValue::Int(100)), "clamped to max");
}

#[test]
fn disabled_elements_get_no_events_until_enabled() {
    let mut app = AppBuilder::new();
    app.int_var("clicks", 0);
    let on_click = app.s("clicked");
    app.element(
        crate::support::BUTTON,
        Some("locked"),
        vec![(DISABLED, Value::Bool(true))],
        vec![(EventKind::Click, Handler::Function(on_click))],
    );
    app.element(
        CHECKBOX,
        Some("off"),
        vec![(DISABLED, Value::Bool(true)), (CHECKED, Value::Bool(false))],
        vec![],
    );
    app.function(LUA, "clicked", &[], "clicks = clicks + 1", 1);
    app.module(
        LUA,
        "unlock",
        "function unlock() getElementById('locked'):setEnabled(true) end",
        &[("unlock", &[])],
        1,
    );
    let mut runtime = Runtime::from_document(app.build(), VMConfig::default()).expect("loads");
    let outcome = runtime.click("locked").expect("clicks");
    assert_eq!(outcome.handlers, 0);
    runtime.click("off").expect("clicks");
    assert!(!checked(&runtime, "off"), "a disabled checkbox does not toggle");
    runtime.call("unlock", vec![]);
    runtime.click("locked").expect("clicks");
    assert_eq!(var(&runtime, "clicks"), ScriptValue::Int(1));
}

fn interaction(runtime: &Runtime, id: &str) -> u32 {
    let tree = runtime.tree();
    tree.get(tree.find(id).expect("element")).expect("element").interaction
}

/// Two buttons (`a` counts into `clicks`, `b` into `other`), a disabled `c` and a text.
fn pointer_app() -> Runtime {
    let mut app = AppBuilder::new();
    app.int_var("clicks", 0);
    app.int_var("hovers", 0);
    app.int_var("focuses", 0);
    let click = app.s("clicked");
    let hover = app.s("hovered");
    let focus = app.s("focused");
    app.element(
        crate::support::BUTTON,
        Some("a"),
        vec![],
        vec![
            (EventKind::Click, Handler::Function(click)),
            (EventKind::Hover, Handler::Function(hover)),
            (EventKind::Focus, Handler::Function(focus)),
        ],
    );
    app.element(crate::support::BUTTON, Some("b"), vec![], vec![]);
    app.element(crate::support::BUTTON, Some("c"), vec![(DISABLED, Value::Bool(true))], vec![]);
    app.element(crate::support::TEXT_ELEMENT, Some("t"), vec![], vec![]);
    app.function(LUA, "clicked", &[], "clicks = clicks + 1", 1);
    app.function(LUA, "hovered", &[], "hovers = hovers + 1", 2);
    app.function(LUA, "focused", &[], "focuses = focuses + 1", 3);
    Runtime::from_document(app.build(), VMConfig::default()).expect("loads")
}

fn index(runtime: &Runtime, id: &str) -> u32 {
    runtime.tree().find(id).expect("element")
}

#[test]
fn the_pointer_sets_hover_and_active_and_a_release_over_the_press_clicks() {
    use krb_format::states::{ACTIVE, FOCUS, HOVER};
    let mut runtime = pointer_app();
    let a = index(&runtime, "a");
    let b = index(&runtime, "b");
    let outcome = runtime.pointer_move(Some(a));
    assert_eq!(interaction(&runtime, "a"), HOVER);
    assert!(outcome.changes.iter().any(|c| c.kind == ElementChangeKind::Interaction(HOVER)));
    runtime.pointer_move(Some(a));
    assert_eq!(var(&runtime, "hovers"), ScriptValue::Int(1), "hover fires on entering only");
    runtime.pointer_down(a);
    assert_eq!(interaction(&runtime, "a"), HOVER | ACTIVE | FOCUS);
    runtime.pointer_up(Some(a));
    assert_eq!(interaction(&runtime, "a"), HOVER | FOCUS);
    assert_eq!(var(&runtime, "clicks"), ScriptValue::Int(1));
    // A press dragged off the button does not click it.
    runtime.pointer_down(a);
    runtime.pointer_move(Some(b));
    runtime.pointer_up(Some(b));
    assert_eq!(var(&runtime, "clicks"), ScriptValue::Int(1));
    assert_eq!(interaction(&runtime, "a"), FOCUS, "hover left, active released");
    runtime.pointer_move(None);
    assert_eq!(interaction(&runtime, "b"), 0);
}

#[test]
fn tab_moves_focus_over_what_takes_it_and_enter_activates() {
    let mut runtime = pointer_app();
    let a = index(&runtime, "a");
    let b = index(&runtime, "b");
    runtime.focus_next(false);
    assert_eq!(runtime.focused(), Some(a));
    assert_eq!(var(&runtime, "focuses"), ScriptValue::Int(1));
    runtime.focus_next(false);
    assert_eq!(runtime.focused(), Some(b), "the disabled button and the text are skipped");
    runtime.focus_next(false);
    assert_eq!(runtime.focused(), Some(a), "wraps around");
    runtime.focus_next(true);
    assert_eq!(runtime.focused(), Some(b));
    runtime.focus_next(true);
    runtime.activate_focused();
    assert_eq!(var(&runtime, "clicks"), ScriptValue::Int(1));
    let c = index(&runtime, "c");
    runtime.focus(Some(c));
    assert_eq!(runtime.focused(), Some(a), "a disabled element cannot take focus");
}

#[test]
fn typing_edits_the_focused_input_with_caret_selection_and_change_events() {
    use kryon_runtime::Edit;
    let mut app = AppBuilder::new();
    let empty = app.string("");
    app.variable("seen", VarType::String, empty);
    let on_change = app.s("changed");
    let on_submit = app.s("submitted");
    app.element(
        INPUT,
        Some("name"),
        vec![],
        vec![
            (EventKind::Change, Handler::Function(on_change)),
            (EventKind::Submit, Handler::Function(on_submit)),
        ],
    );
    app.function(LUA, "changed", &["value"], "seen = value", 1);
    app.function(LUA, "submitted", &["value"], "seen = 'sent ' .. value", 2);
    let mut runtime = Runtime::from_document(app.build(), VMConfig::default()).expect("loads");
    let name = index(&runtime, "name");
    assert!(runtime.edit_text(Edit::Insert("x".into())).changes.is_empty(), "nothing has focus");
    runtime.focus(Some(name));
    runtime.edit_text(Edit::Insert("Adá".into()));
    assert_eq!(var(&runtime, "seen"), ScriptValue::from("Adá"));
    runtime.edit_text(Edit::Left { select: false });
    runtime.edit_text(Edit::DeleteBackward);
    assert_eq!(var(&runtime, "seen"), ScriptValue::from("Aá"));
    runtime.edit_text(Edit::Home { select: false });
    runtime.edit_text(Edit::Right { select: true });
    assert_eq!(runtime.selected_text().as_deref(), Some("A"));
    runtime.edit_text(Edit::Insert("Bé".into()));
    assert_eq!(var(&runtime, "seen"), ScriptValue::from("Béá"));
    {
        let tree = runtime.tree();
        assert_eq!(tree.get(name).and_then(|e| e.caret), Some((2, 2)));
    }
    runtime.edit_text(Edit::SelectAll);
    runtime.edit_text(Edit::DeleteForward);
    assert_eq!(var(&runtime, "seen"), ScriptValue::from(""));
    runtime.edit_text(Edit::Insert("ok".into()));
    runtime.edit_text(Edit::Submit);
    assert_eq!(var(&runtime, "seen"), ScriptValue::from("sent ok"));
    runtime.focus(None);
    assert_eq!(runtime.tree().get(name).and_then(|e| e.caret), None, "blur stops editing");
}
