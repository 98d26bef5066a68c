//! Scripts cannot reach files, processes or modules on disk.

mod support;

use krb_format::languages::LUA;
use kryon_runtime::{Runtime, ScriptValue, VMConfig};
use support::AppBuilder;

fn probe(language: u8, body: &str) -> Runtime {
    let mut b = AppBuilder::new();
    b.variable("reached", krb_format::VarType::Bool, krb_format::Value::Bool(false));
    b.function(language, "probe", &[], body, 1);
    let mut runtime = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
    runtime.call("probe", vec![]);
    runtime
}

#[test]
fn lua_has_no_io_os_or_file_loading() {
    let runtime = probe(
        LUA,
        " reached = io ~= nil or os ~= nil or package ~= nil or require ~= nil \
         or dofile ~= nil or loadfile ~= nil or debug ~= nil ",
    );
    assert_eq!(runtime.variable("reached"), Some(&ScriptValue::Bool(false)));
}

#[cfg(feature = "javascript-vm")]
#[test]
fn javascript_has_no_module_or_file_access() {
    let runtime = probe(
        krb_format::languages::JAVASCRIPT,
        " reached = typeof require !== 'undefined' || typeof std !== 'undefined' \
         || typeof os !== 'undefined'; ",
    );
    assert_eq!(runtime.variable("reached"), Some(&ScriptValue::Bool(false)));
}

#[cfg(feature = "python-vm")]
#[test]
fn python_cannot_open_files_or_import_os() {
    let runtime = probe(
        krb_format::languages::PYTHON,
        "\n    global reached\n    try:\n        open('/etc/hostname')\n        reached = True\n    except BaseException:\n        pass\n    try:\n        import os\n        reached = True\n    except BaseException:\n        pass\n",
    );
    assert_eq!(
        runtime.variable("reached"),
        Some(&ScriptValue::Bool(false)),
        "{:?}",
        runtime.errors()
    );
}
