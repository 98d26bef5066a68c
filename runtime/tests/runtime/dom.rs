//! The DOM API behaves the same in every language: one script written in Lua, JavaScript and
//! Python gives the same tree, variables and change records.

use crate::support::{AppBuilder, BACKGROUND_COLOR, BUTTON, CHECKBOX, CHECKED, TEXT, TEXT_ELEMENT};
use krb_format::languages::LUA;
use krb_format::{EventKind, Handler, Style, Value, VarType};
use kryon_runtime::{DispatchOutcome, Runtime, ScriptValue, Snapshot, VMConfig};

const LUA_RUN: &str = r##"
    local title = getElementById("title")
    title:setText("Hi " .. title:getText())
    local box = getElementById("box")
    box:setVisible(false)
    box:setProperty("backgroundColor", "#ff0000ff")
    local check = getElementById("check")
    check:setChecked(not check:getChecked())
    title:setStyle("big")
    setVariable("message", box:getProperty("background_color") .. "/" .. tostring(box:getVisible()))
    setVariable("found", getElementById("nope") ~= nil)
    setVariable("counter", getVariable("counter") + 5)
"##;

#[cfg(feature = "javascript-vm")]
const JS_RUN: &str = r##"
    const title = getElementById("title");
    title.setText("Hi " + title.getText());
    const box = getElementById("box");
    box.setVisible(false);
    box.setProperty("backgroundColor", "#ff0000ff");
    const check = getElementById("check");
    check.setChecked(!check.getChecked());
    title.setStyle("big");
    setVariable("message", box.getProperty("background_color") + "/" + String(box.getVisible()));
    setVariable("found", getElementById("nope") !== null);
    setVariable("counter", getVariable("counter") + 5);
"##;

#[cfg(feature = "python-vm")]
const PY_RUN: &str = r##"
    title = getElementById("title")
    title.setText("Hi " + title.getText())
    box = getElementById("box")
    box.setVisible(False)
    box.setProperty("backgroundColor", "#ff0000ff")
    check = getElementById("check")
    check.setChecked(not check.getChecked())
    title.setStyle("big")
    setVariable("message", box.getProperty("background_color") + "/" + str(box.getVisible()).lower())
    setVariable("found", getElementById("nope") is not None)
    setVariable("counter", getVariable("counter") + 5)
"##;

/// The same script with fields instead of getters and setters, and the `kryon` namespace
/// (the spelling of the 2025 apps: `kryon.getElementById("display").text = "0"`).
const LUA_FIELDS_RUN: &str = r##"
    local title = kryon.getElementById("title")
    title.text = "Hi " .. title.text
    local box = kryon.getElementById("box")
    box.visible = false
    box:setProperty("backgroundColor", "#ff0000ff")
    local check = kryon.getElementById("check")
    check.checked = not check.checked
    title:setStyle("big")
    kryon.setVariable("message", box:getProperty("background_color") .. "/" .. tostring(box.visible))
    kryon.setVariable("found", kryon.getElementById("nope") ~= nil)
    kryon.setVariable("counter", kryon.getVariable("counter") + 5)
"##;

#[cfg(feature = "javascript-vm")]
const JS_FIELDS_RUN: &str = r##"
    const title = kryon.getElementById("title");
    title.text = "Hi " + title.text;
    const box = kryon.getElementById("box");
    box.visible = false;
    box.setProperty("backgroundColor", "#ff0000ff");
    const check = kryon.getElementById("check");
    check.checked = !check.checked;
    title.setStyle("big");
    kryon.setVariable("message", box.getProperty("background_color") + "/" + String(box.visible));
    kryon.setVariable("found", kryon.getElementById("nope") !== null);
    kryon.setVariable("counter", kryon.getVariable("counter") + 5);
"##;

#[cfg(feature = "python-vm")]
const PY_FIELDS_RUN: &str = r##"
    title = kryon.getElementById("title")
    title.text = "Hi " + title.text
    box = kryon.getElementById("box")
    box.visible = False
    box.setProperty("backgroundColor", "#ff0000ff")
    check = kryon.getElementById("check")
    check.checked = not check.checked
    title.setStyle("big")
    kryon.setVariable("message", box.getProperty("background_color") + "/" + str(box.visible).lower())
    kryon.setVariable("found", kryon.getElementById("nope") is not None)
    kryon.setVariable("counter", kryon.getVariable("counter") + 5)
"##;

fn dom_app(language: u8, body: &str) -> Runtime {
    let mut b = AppBuilder::new();
    b.int_var("counter", 1);
    let empty = b.string("");
    b.variable("message", VarType::String, empty);
    b.variable("found", VarType::Bool, Value::Bool(true));
    let hello = b.string("Hello");
    b.element(TEXT_ELEMENT, Some("title"), vec![(TEXT, hello)], vec![]);
    b.element(2, Some("box"), vec![(BACKGROUND_COLOR, Value::Color(0x0000ffff))], vec![]);
    b.element(CHECKBOX, Some("check"), vec![(CHECKED, Value::Bool(false))], vec![]);
    let run = b.s("run");
    let go = b.string("Go");
    b.element(
        BUTTON,
        Some("go"),
        vec![(TEXT, go)],
        vec![(EventKind::Click, Handler::Function(run))],
    );
    let big = b.s("big");
    b.doc.styles.push(Style {
        name: big,
        properties: Default::default(),
        state_sets: Default::default(),
    });
    b.function(language, "run", &[], body, 20);
    Runtime::from_document(b.build(), VMConfig::default()).expect("loads")
}

fn run(language: u8, body: &str) -> (Snapshot, DispatchOutcome) {
    let mut runtime = dom_app(language, body);
    let outcome = runtime.click("go").expect("go exists");
    assert!(outcome.errors.is_empty(), "{language}: {:?}", outcome.errors);
    let mut outcome = outcome;
    // Everything but the language that made the change must match.
    outcome.variables.iter_mut().for_each(|v| v.source = None);
    (runtime.snapshot(), outcome)
}

#[test]
fn lua_dom_api() {
    let (snapshot, outcome) = run(LUA, LUA_RUN);
    let vars: Vec<_> = snapshot.variables.0.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    assert_eq!(
        vars,
        [
            ("counter", ScriptValue::Int(6)),
            ("message", ScriptValue::String("#ff0000ff/false".into())),
            ("found", ScriptValue::Bool(false)),
        ]
    );
    let title = &snapshot.elements[1];
    assert_eq!(title.text.as_deref(), Some("Hi Hello"));
    assert_eq!(title.styles, ["big"]);
    let the_box = &snapshot.elements[2];
    assert!(!the_box.visible);
    assert_eq!(
        the_box.changed_properties.0,
        [("background_color".to_string(), ScriptValue::String("#ff0000ff".into()))]
    );
    assert_eq!(snapshot.elements[3].checked, Some(true));
    let kinds: Vec<String> = outcome.changes.iter().map(|c| format!("{:?}", c.kind)).collect();
    assert_eq!(
        kinds,
        [
            "Text(\"Hi Hello\")",
            "Visible(false)",
            "Property { name: \"background_color\", value: String(\"#ff0000ff\") }",
            "Checked(true)",
            "Style(\"big\")",
        ]
    );
}

#[test]
fn fields_and_the_kryon_namespace_match_the_methods() {
    assert_eq!(run(LUA, LUA_FIELDS_RUN), run(LUA, LUA_RUN));
    #[cfg(feature = "javascript-vm")]
    assert_eq!(run(krb_format::languages::JAVASCRIPT, JS_FIELDS_RUN), run(LUA, LUA_RUN));
    #[cfg(feature = "python-vm")]
    assert_eq!(run(krb_format::languages::PYTHON, PY_FIELDS_RUN), run(LUA, LUA_RUN));
}

#[cfg(feature = "javascript-vm")]
#[test]
fn javascript_dom_api_matches_lua() {
    assert_eq!(run(krb_format::languages::JAVASCRIPT, JS_RUN), run(LUA, LUA_RUN));
}

#[cfg(feature = "python-vm")]
#[test]
fn python_dom_api_matches_lua() {
    assert_eq!(run(krb_format::languages::PYTHON, PY_RUN), run(LUA, LUA_RUN));
}

#[cfg(feature = "wren-vm")]
const WREN_RUN: &str = r##"
    var title = Kryon.getElementById("title")
    title.setText("Hi " + title.getText())
    var box = Kryon.getElementById("box")
    box.setVisible(false)
    box.setProperty("backgroundColor", "#ff0000ff")
    var check = Kryon.getElementById("check")
    check.setChecked(!check.getChecked())
    title.setStyle("big")
    message = box.getProperty("background_color") + "/" + box.getVisible().toString
    found = Kryon.getElementById("nope") != null
    counter = Kryon.getVariable("counter") + 5
"##;

/// Fields, and the shared variables as `Kryon`'s getters and setters.
#[cfg(feature = "wren-vm")]
const WREN_FIELDS_RUN: &str = r##"
    var title = Kryon.getElementById("title")
    title.text = "Hi " + title.text
    var box = Kryon.getElementById("box")
    box.visible = false
    box.setProperty("backgroundColor", "#ff0000ff")
    var check = Kryon.getElementById("check")
    check.checked = !check.checked
    title.setStyle("big")
    Kryon.setVariable("message", box.getProperty("background_color") + "/" + box.visible.toString)
    Kryon.found = Kryon.getElementById("nope") != null
    Kryon.counter = Kryon.counter + 5
"##;

#[cfg(feature = "wren-vm")]
#[test]
fn wren_dom_api_matches_lua() {
    assert_eq!(run(krb_format::languages::WREN, WREN_RUN), run(LUA, LUA_RUN));
    assert_eq!(run(krb_format::languages::WREN, WREN_FIELDS_RUN), run(LUA, LUA_RUN));
}

#[test]
fn handlers_get_bound_arguments_and_the_event_object() {
    let mut b = AppBuilder::new();
    b.int_var("counter", 3);
    let empty = b.string("");
    b.variable("message", VarType::String, empty);
    let pick = b.s("pick");
    let counter = b.s("counter");
    let args = vec![AppBuilder::int(7), Value::Var(counter)];
    b.element(
        BUTTON,
        Some("b"),
        vec![],
        vec![(EventKind::Click, Handler::Call { function: pick, args })],
    );
    b.function(
        LUA,
        "pick",
        &["n", "c", "event"],
        " message = n .. ':' .. c .. ':' .. event.type .. ':' .. event.target ",
        5,
    );
    let mut runtime = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
    let outcome = runtime.click("b").expect("exists");
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert_eq!(runtime.variable("message"), Some(&ScriptValue::String("7:3:click:b".into())));
}

#[test]
fn an_input_value_reaches_the_event_object_and_the_element() {
    let mut b = AppBuilder::new();
    let empty = b.string("");
    b.variable("message", VarType::String, empty);
    let typed = b.s("typed");
    b.element(
        crate::support::INPUT,
        Some("name"),
        vec![],
        vec![(EventKind::Change, Handler::Function(typed))],
    );
    b.function(LUA, "typed", &["event"], " message = event.value ", 5);
    let mut runtime = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
    let outcome = runtime
        .dispatch(EventKind::Change, "name", Some(ScriptValue::String("Ada".into())))
        .expect("exists");
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert_eq!(runtime.variable("message"), Some(&ScriptValue::String("Ada".into())));
    let tree = runtime.tree();
    assert_eq!(tree.property(1, "value"), ScriptValue::String("Ada".into()));
}

#[test]
fn unknown_elements_are_errors_not_panics() {
    let mut runtime = dom_app(LUA, LUA_RUN);
    let error = runtime.click("nope").expect_err("no such element");
    assert_eq!(error.to_string(), "no element has the id `nope`");
    // Elements without a handler for the event do nothing.
    let outcome = runtime.dispatch(EventKind::Hover, "title", None).expect("exists");
    assert_eq!(outcome.handlers, 0);
}

/// A DOM call that fails and that the script does not handle: the script error names the
/// host's message as its cause; a failure the script handles leaves no trace on later errors.
#[test]
fn script_errors_name_the_failed_host_function() {
    let mut b = AppBuilder::new();
    b.element(TEXT_ELEMENT, Some("title"), vec![], vec![]);
    b.button("bad", "x", "restyle");
    b.button("caught", "y", "careful");
    b.function(LUA, "restyle", &[], " getElementById(\"title\"):setStyle(\"no-such-style\") ", 3);
    b.function(
        LUA,
        "careful",
        &[],
        " pcall(function() getElementById(\"title\"):setStyle(\"no-such-style\") end)\n error(\"own\") ",
        6,
    );
    let mut rt = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
    let outcome = rt.click("bad").expect("dispatched");
    let error = outcome.errors.first().expect("an error");
    let cause = error.host_cause.as_deref().expect("a host cause");
    assert!(cause.contains("no-such-style"), "{cause}");
    assert!(error.to_string().contains("the host function failed"), "{error}");
    let outcome = rt.click("caught").expect("dispatched");
    let error = outcome.errors.first().expect("an error");
    assert!(error.message.contains("own"), "{error}");
    assert_eq!(error.host_cause, None, "a handled DOM failure is not the cause: {error}");
}

/// The same host cause in JavaScript and Python.
#[cfg(all(feature = "javascript-vm", feature = "python-vm"))]
#[test]
fn host_causes_in_every_language() {
    use krb_format::languages::{JAVASCRIPT, PYTHON};
    for (language, body) in [
        (JAVASCRIPT, " getElementById(\"title\").setStyle(\"no-such-style\"); "),
        (PYTHON, "\n    getElementById(\"title\").setStyle(\"no-such-style\")\n"),
    ] {
        let mut b = AppBuilder::new();
        b.element(TEXT_ELEMENT, Some("title"), vec![], vec![]);
        b.button("bad", "x", "restyle");
        b.function(language, "restyle", &[], body, 3);
        let mut rt = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
        let outcome = rt.click("bad").expect("dispatched");
        let error = outcome.errors.first().expect("an error");
        let cause = error.host_cause.as_deref().unwrap_or_default();
        assert!(cause.contains("no-such-style"), "language {language}: {error:?}");
    }
}

/// The 2025 template-variable API: values read as text, text written back in the variable's
/// type, the same in every language.
#[test]
fn template_variable_api_reads_text_and_writes_typed_values() {
    #[cfg_attr(not(any(feature = "javascript-vm", feature = "python-vm")), allow(unused_mut))]
    let mut cases: Vec<(u8, &str)> = vec![(
        LUA,
        r#"
    local before = getTemplateVariable("counter")
    setTemplateVariable("counter", "7")
    setTemplateVariable("found", "false")
    local all = getTemplateVariables()
    setVariable("message", before .. "/" .. all["counter"] .. "/" .. all["found"])
"#,
    )];
    #[cfg(feature = "javascript-vm")]
    cases.push((
        krb_format::languages::JAVASCRIPT,
        r#"
    const before = getTemplateVariable("counter");
    setTemplateVariable("counter", "7");
    setTemplateVariable("found", "false");
    const all = getTemplateVariables();
    setVariable("message", before + "/" + all.counter + "/" + all.found);
"#,
    ));
    #[cfg(feature = "python-vm")]
    cases.push((
        krb_format::languages::PYTHON,
        r#"
    before = getTemplateVariable("counter")
    setTemplateVariable("counter", "7")
    setTemplateVariable("found", "false")
    all = getTemplateVariables()
    setVariable("message", before + "/" + all["counter"] + "/" + all["found"])
"#,
    ));
    for (language, body) in cases {
        let (snapshot, _) = run(language, body);
        let vars: Vec<_> =
            snapshot.variables.0.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        assert_eq!(
            vars,
            [
                ("counter", ScriptValue::Int(7)),
                ("message", ScriptValue::String("1/7/false".into())),
                ("found", ScriptValue::Bool(false)),
            ],
            "{language}"
        );
    }
}
