//! The same contract for every VM: values convert both ways, errors are data with the `.kry`
//! line, a missing function is an error, and the VM keeps working after an error.

use std::collections::BTreeMap;

use crate::support::AppBuilder;
use krb_format::languages::{JAVASCRIPT, LUA};
use krb_format::Document;
use kryon_runtime::vm::{ScriptKind, ScriptSource, SourceOrigin, VmContext};
use kryon_runtime::{
    DomHandle, Runtime, ScriptErrorKind, ScriptVM, ScriptValue, VMConfig, VMRegistry, VMSettings,
};

/// The snippets one language needs for the contract.
struct Snippets {
    language: u8,
    name: &'static str,
    /// A module defining `echo(x)` that returns its argument.
    echo: &'static str,
    /// Module code with a syntax error on its third line.
    syntax_error: &'static str,
    /// A function body failing on its third line.
    runtime_error: &'static str,
    /// A function body that sets `counter` to 7.
    ok: &'static str,
}

const LUA_SNIPPETS: Snippets = Snippets {
    language: LUA,
    name: "lua",
    echo: "function echo(x)\n  return x\nend\n",
    syntax_error: "local x = 1\nlocal y = 2\nlocal = 3\n",
    runtime_error: "\n  local t = nil\n  return t.x\n",
    ok: " counter = 7 ",
};

#[cfg(feature = "javascript-vm")]
const JS_SNIPPETS: Snippets = Snippets {
    language: JAVASCRIPT,
    name: "javascript",
    echo: "function echo(x) {\n  return x;\n}\n",
    syntax_error: "let x = 1;\nlet y = 2;\nlet = = 3;\n",
    runtime_error: "\n  const t = null;\n  return t.x;\n",
    ok: " counter = 7; ",
};

#[cfg(feature = "python-vm")]
const PY_SNIPPETS: Snippets = Snippets {
    language: krb_format::languages::PYTHON,
    name: "python",
    echo: "def echo(x):\n    return x\n",
    syntax_error: "x = 1\ny = 2\nx = = 3\n",
    runtime_error: "\n    t = None\n    return t.x\n",
    ok: "\n    global counter\n    counter = 7\n",
};

#[cfg(feature = "wren-vm")]
const WREN_SNIPPETS: Snippets = Snippets {
    language: krb_format::languages::WREN,
    name: "wren",
    echo: "var echo = Fn.new { |x|\n  return x\n}\n",
    syntax_error: "var x = 1\nvar y = 2\nvar = 3\n",
    runtime_error: "\n  var t = null\n  return t.x\n",
    ok: " counter = 7 ",
};

/// What a value comes back as: Wren numbers are doubles, so an integer beyond ±2⁵³ comes
/// back as the nearest double.
fn expected(language: &str, value: &ScriptValue) -> ScriptValue {
    match value {
        ScriptValue::Int(i) if language == "wren" && i.unsigned_abs() > (1 << 53) => {
            ScriptValue::Float(*i as f64)
        }
        other => other.clone(),
    }
}

#[cfg(feature = "micropython-vm")]
const MPY_SNIPPETS: Snippets = Snippets {
    language: krb_format::languages::MICROPYTHON,
    name: "micropython",
    echo: "def echo(x):\n    return x\n",
    syntax_error: "x = 1\ny = 2\nx = = 3\n",
    runtime_error: "\n    t = None\n    return t.x\n",
    ok: "\n    global counter\n    counter = 7\n",
};

fn values(language: &str) -> Vec<ScriptValue> {
    let map = |pairs: Vec<(&str, ScriptValue)>| {
        ScriptValue::Map(
            pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<BTreeMap<_, _>>(),
        )
    };
    let mut values = vec![
        ScriptValue::Nil,
        ScriptValue::Bool(true),
        ScriptValue::Bool(false),
        ScriptValue::Int(0),
        ScriptValue::Int(-5),
        ScriptValue::Int(1 << 40),
        ScriptValue::Int(i64::MAX),
        ScriptValue::Int(i64::MIN),
        ScriptValue::Float(1.5),
        ScriptValue::Float(-0.25),
        ScriptValue::Float(1e300),
        ScriptValue::String(String::new()),
        ScriptValue::String("héllo wörld ✓ 😀 中文".into()),
        ScriptValue::Array(vec![]),
        ScriptValue::Array(vec![
            ScriptValue::Int(1),
            ScriptValue::String("a".into()),
            ScriptValue::Array(vec![ScriptValue::Float(2.5), ScriptValue::Bool(true)]),
        ]),
        map(vec![
            ("a", ScriptValue::Int(1)),
            ("ü", map(vec![("deep", ScriptValue::Array(vec![ScriptValue::String("x".into())]))])),
        ]),
    ];
    if language != "lua" {
        // Lua tables cannot hold nil items or tell an empty map from an empty array.
        values.push(ScriptValue::Array(vec![ScriptValue::Nil, ScriptValue::Int(2)]));
        values.push(ScriptValue::Map(BTreeMap::new()));
    }
    values
}

fn start(language: &str) -> Box<dyn ScriptVM> {
    let context = VmContext {
        dom: DomHandle::default(),
        shared_variables: vec!["v".to_string()],
        settings: VMSettings::default(),
    };
    VMRegistry::new().create(language, context).expect("starts")
}

fn conversions(s: &Snippets) {
    let mut vm = start(s.name);
    let origin = SourceOrigin { file: "app.kry".into(), line: 1 };
    let source = ScriptSource {
        chunk: "echo",
        code: s.echo,
        kind: ScriptKind::Module { name: "echo" },
        origin: Some(&origin),
    };
    vm.load_script(&source).expect("loads");
    for value in values(s.name) {
        let back = vm.call_function("echo", std::slice::from_ref(&value)).expect("echoes");
        assert_eq!(back, expected(s.name, &value), "{}: echo", s.name);
        vm.set_global_variable("v", &value).expect("sets");
        let global = vm.get_global_variable("v");
        assert_eq!(global, Some(expected(s.name, &value)), "{}: global", s.name);
        // What the runtime pushed in is not reported back as a change.
        assert!(vm.get_pending_changes().variables.is_empty(), "{}: {value:?}", s.name);
    }
    let missing = vm.call_function("nope", &[]).expect_err("missing");
    assert_eq!(missing.kind, ScriptErrorKind::MissingFunction);
    assert_eq!(missing.language, Some(s.name));
    // The VM works after the error.
    assert_eq!(vm.call_function("echo", &[ScriptValue::Int(3)]), Ok(ScriptValue::Int(3)));

    // After a reset nothing of the old scripts or globals is left, and the VM loads again.
    vm.set_global_variable("v", &ScriptValue::Int(9)).expect("sets");
    vm.reset().expect("resets");
    let gone = vm.call_function("echo", &[]).expect_err("no scripts after a reset");
    assert_eq!(gone.kind, ScriptErrorKind::MissingFunction, "{}: {gone:?}", s.name);
    let after = vm.get_global_variable("v");
    assert!(matches!(after, None | Some(ScriptValue::Nil)), "{}: after reset {after:?}", s.name);
    vm.load_script(&source).expect("loads again");
    assert_eq!(vm.call_function("echo", &[ScriptValue::Int(4)]), Ok(ScriptValue::Int(4)));
}

fn error_app(s: &Snippets) -> Document {
    let mut b = AppBuilder::new();
    b.int_var("counter", 0);
    b.button("boom", "boom", "boom");
    b.button("ok", "ok", "ok");
    b.module(s.language, "broken", s.syntax_error, &[("never", &[])], 10);
    b.function(s.language, "boom", &[], s.runtime_error, 20);
    b.function(s.language, "ok", &[], s.ok, 30);
    b.build()
}

fn errors(s: &Snippets) {
    let mut runtime = Runtime::from_document(error_app(s), VMConfig::default()).expect("loads");
    // The syntax error of the module is recorded at load, at its `.kry` line.
    let load = runtime.errors().to_vec();
    assert_eq!(load.len(), 1, "{}: {load:?}", s.name);
    assert_eq!(load[0].kind, ScriptErrorKind::Syntax, "{}: {load:?}", s.name);
    assert_eq!(load[0].language, Some(s.name));
    assert_eq!(&*load[0].function, "broken");
    assert_eq!(load[0].kry_file.as_deref(), Some("app.kry"));
    assert_eq!(load[0].kry_line, Some(12), "{}: {:?}", s.name, load[0]);
    // Calling a function of the broken module reports why it is missing.
    let outcome = runtime.call("never", vec![]);
    assert_eq!(outcome.errors[0].kind, ScriptErrorKind::Syntax);

    for _ in 0..2 {
        let outcome = runtime.click("boom").expect("exists");
        assert_eq!(outcome.errors.len(), 1, "{}", s.name);
        let e = &outcome.errors[0];
        assert_eq!(e.kind, ScriptErrorKind::Runtime, "{}: {e:?}", s.name);
        assert_eq!(&*e.function, "boom");
        assert_eq!(e.language, Some(s.name));
        assert_eq!((e.kry_file.as_deref(), e.kry_line), (Some("app.kry"), Some(22)), "{e:?}");
        // Every frame of a loaded script shows its `.kry` position.
        let traceback = e.traceback.as_deref().unwrap_or_default();
        let at_line = ["app.kry:22", "\"app.kry\", line 22"];
        assert!(at_line.iter().any(|p| traceback.contains(p)), "{}: {traceback}", s.name);
        assert!(!traceback.contains("boom:"), "{}: {traceback}", s.name);
        // The next call works.
        let outcome = runtime.click("ok").expect("exists");
        assert!(outcome.errors.is_empty(), "{}: {:?}", s.name, outcome.errors);
        assert_eq!(runtime.variable("counter"), Some(&ScriptValue::Int(7)));
        runtime.set_variable("counter", ScriptValue::Int(0)).expect("int");
    }

    let outcome = runtime.call("nowhere", vec![]);
    assert_eq!(outcome.errors[0].kind, ScriptErrorKind::MissingFunction);
    assert_eq!(outcome.errors[0].language, None);
    assert_eq!(runtime.errors().len(), 5);
}

fn type_errors(s: &Snippets) {
    let body = match s.language {
        LUA => " counter = 'seven' ",
        JAVASCRIPT => " counter = 'seven'; ",
        krb_format::languages::WREN => " counter = \"seven\" ",
        _ => "\n    global counter\n    counter = 'seven'\n",
    };
    let mut b = AppBuilder::new();
    b.int_var("counter", 4);
    b.button("bad", "bad", "bad");
    b.function(s.language, "bad", &[], body, 3);
    let mut runtime = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
    let outcome = runtime.click("bad").expect("exists");
    assert_eq!(outcome.errors.len(), 1);
    assert_eq!(outcome.errors[0].kind, ScriptErrorKind::VariableType);
    // The store refused the value and the VM has the stored value back.
    assert_eq!(runtime.variable("counter"), Some(&ScriptValue::Int(4)));
    assert_eq!(runtime.vm_global(s.name, "counter"), Some(ScriptValue::Int(4)));
}

#[test]
fn lua_contract() {
    conversions(&LUA_SNIPPETS);
    errors(&LUA_SNIPPETS);
    type_errors(&LUA_SNIPPETS);
}

#[cfg(feature = "javascript-vm")]
#[test]
fn javascript_contract() {
    conversions(&JS_SNIPPETS);
    errors(&JS_SNIPPETS);
    type_errors(&JS_SNIPPETS);
}

#[cfg(feature = "python-vm")]
#[test]
fn python_contract() {
    conversions(&PY_SNIPPETS);
    errors(&PY_SNIPPETS);
    type_errors(&PY_SNIPPETS);
}

#[cfg(feature = "wren-vm")]
#[test]
fn wren_contract() {
    conversions(&WREN_SNIPPETS);
    errors(&WREN_SNIPPETS);
    type_errors(&WREN_SNIPPETS);
}

#[cfg(feature = "micropython-vm")]
#[test]
fn micropython_contract() {
    conversions(&MPY_SNIPPETS);
    errors(&MPY_SNIPPETS);
    type_errors(&MPY_SNIPPETS);
}
