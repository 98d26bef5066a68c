//! Handler kinds beyond a plain function name: inline code, handlers chosen at run time,
//! `load` events, and module scripts whose top-level code changes variables.

use crate::support::{AppBuilder, BUTTON};
use krb_format::languages::LUA;
use krb_format::{EventKind, Handler, Value, VarType};
use kryon_runtime::{Runtime, ScriptErrorKind, ScriptValue, VMConfig};

#[test]
fn inline_handlers_run_in_their_language_with_the_event() {
    let mut b = AppBuilder::new();
    b.int_var("counter", 1);
    let empty = b.string("");
    b.variable("last", VarType::String, empty);
    let source = b.s("function(event) counter = counter + 10; last = event.type end");
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
fn an_inline_handler_error_names_its_event_and_element() {
    let mut b = AppBuilder::new();
    let source = b.s("function() local t = nil; t.x = 1 end");
    b.element(
        BUTTON,
        Some("save"),
        vec![],
        vec![(EventKind::Click, Handler::Inline { language: LUA, source })],
    );
    let mut doc = b.build();
    // KRB 1.1: the code is at app.kry:12:40.
    let file = doc.strings.intern("app.kry");
    let location = krb_format::SourceLocation { file, line: 12, column: 40 };
    doc.event_locations.push(krb_format::EventLocation { event: 0, location });
    doc.minor_version = 1;
    let mut runtime = Runtime::from_document(doc, VMConfig::default()).expect("loads");
    let outcome = runtime.click("save").expect("exists");
    assert_eq!(outcome.errors.len(), 1);
    let e = &outcome.errors[0];
    assert_eq!(&*e.function, "onclick@save");
    assert_eq!((e.kry_file.as_deref(), e.kry_line), (Some("app.kry"), Some(12)), "{e:?}");
    assert!(e.traceback.as_deref().unwrap_or_default().contains("app.kry:12"), "{e:?}");
    assert_eq!(&*runtime.errors()[0].function, "onclick@save");
}

/// Inline handlers as apps write them (`onClick: "function() inputNumber(7) end"`): an
/// expression that evaluates to a function, with or without the event parameter, in every
/// language the runtime has; a trailing comment does not swallow the binding.
#[test]
fn inline_handlers_are_function_expressions_in_every_language() {
    #[cfg_attr(not(any(feature = "javascript-vm", feature = "python-vm")), allow(unused_mut))]
    let mut cases: Vec<(u8, &str)> = vec![
        (LUA, "function() counter = counter + 1 end -- one more"),
        (LUA, "function(e) counter = counter + #e.target end"),
    ];
    #[cfg(feature = "javascript-vm")]
    cases.extend([
        (krb_format::languages::JAVASCRIPT, "() => { counter += 1; } // one more"),
        (krb_format::languages::JAVASCRIPT, "function (e) { counter += e.target.length; }"),
    ]);
    #[cfg(feature = "python-vm")]
    cases.extend([
        (krb_format::languages::PYTHON, "lambda: setVariable('counter', counter + 1)"),
        (
            krb_format::languages::PYTHON,
            "lambda e: setVariable('counter', counter + len(e['target']))",
        ),
    ]);
    for (language, code) in cases {
        let mut b = AppBuilder::new();
        b.int_var("counter", 0);
        let source = b.s(code);
        b.element(
            BUTTON,
            Some("abc"),
            vec![],
            vec![(EventKind::Click, Handler::Inline { language, source })],
        );
        let mut runtime = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
        assert!(runtime.errors().is_empty(), "{code}: {:?}", runtime.errors());
        for _ in 0..2 {
            let outcome = runtime.click("abc").expect("exists");
            assert!(outcome.errors.is_empty(), "{code}: {:?}", outcome.errors);
        }
        let expected = if code.contains("target") { 6 } else { 2 };
        assert_eq!(runtime.variable("counter"), Some(&ScriptValue::Int(expected)), "{code}");
    }
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

/// `print` (Lua, Python) and `console.log` (JavaScript) go to the outcome's `output`, a line
/// per call, never to the process's standard output; module code prints into the load outcome.
#[test]
fn script_output_is_returned_not_written_to_stdout() {
    #[cfg_attr(not(any(feature = "javascript-vm", feature = "python-vm")), allow(unused_mut))]
    let mut cases: Vec<(u8, &str, &str)> =
        vec![(LUA, "print('clicked', 1, nil, true)", "print('loaded')")];
    #[cfg(feature = "javascript-vm")]
    cases.push((
        krb_format::languages::JAVASCRIPT,
        "console.log('clicked', 1, null, true);",
        "console.log('loaded');",
    ));
    #[cfg(feature = "python-vm")]
    cases.push((
        krb_format::languages::PYTHON,
        "\n    print('clicked', 1, None, True, sep='\\t')\n",
        "print('loaded')\n",
    ));
    for (language, body, module) in cases {
        let mut b = AppBuilder::new();
        b.button("b", "b", "say");
        b.function(language, "say", &[], body, 1);
        b.module(language, "setup", module, &[], 5);
        let mut runtime = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
        assert_eq!(runtime.load_outcome().output, ["loaded"], "{body}");
        let outcome = runtime.click("b").expect("exists");
        assert!(outcome.errors.is_empty(), "{body}: {:?}", outcome.errors);
        let expected = match language {
            LUA => "clicked\t1\tnil\ttrue",
            krb_format::languages::JAVASCRIPT => "clicked 1 null true",
            _ => "clicked\t1\tNone\tTrue",
        };
        assert_eq!(outcome.output, [expected], "{body}");
    }
}

/// Hosts and tests reach elements without an id by their label and their index.
#[test]
fn elements_are_found_by_label_and_dispatched_by_index() {
    let mut b = AppBuilder::new();
    b.int_var("counter", 0);
    let label = b.string("+");
    b.element(crate::support::TEXT_ELEMENT, None, vec![(crate::support::TEXT, label)], vec![]);
    let plus = b.string("+");
    let up = b.s("up");
    let button = b.element(
        BUTTON,
        None,
        vec![(crate::support::TEXT, plus)],
        vec![(EventKind::Click, Handler::Function(up))],
    );
    b.function(LUA, "up", &[], " counter = counter + 1 ", 1);
    let mut runtime = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
    // The element that handles the event wins over the one that only shows the label.
    assert_eq!(runtime.find_by_text("+", EventKind::Click), Some(button));
    assert_eq!(runtime.find_by_text("-", EventKind::Click), None);
    runtime.dispatch_at(EventKind::Click, button, None).expect("exists");
    assert_eq!(runtime.variable("counter"), Some(&ScriptValue::Int(1)));
    let missing = runtime.dispatch_at(EventKind::Click, 999, None).expect_err("no element");
    assert_eq!(missing.to_string(), "the tree has no element 999");
}
