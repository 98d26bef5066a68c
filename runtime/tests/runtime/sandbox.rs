//! Scripts cannot reach files, processes, modules on disk or the environment: each attempt
//! fails with a script error, and the next handler in the same VM still works.

use crate::support::AppBuilder;
use krb_format::languages::LUA;
use kryon_runtime::{Runtime, ScriptValue, VMConfig};

/// Runs each probe in its own function, then `fine` (`n` + 1); every probe must fail.
fn each_probe_fails(language: u8, probes: &[&str], fine: &str, config: VMConfig) -> Runtime {
    let mut b = AppBuilder::new();
    b.int_var("n", 0);
    let names: Vec<String> = (0..probes.len()).map(|i| format!("probe{i}")).collect();
    for (i, (name, body)) in names.iter().zip(probes).enumerate() {
        b.function(language, name, &[], body, 10 + i as u32);
    }
    b.function(language, "fine", &[], fine, 100);
    let mut runtime = Runtime::from_document(b.build(), config).expect("loads");
    for (i, (name, body)) in names.iter().zip(probes).enumerate() {
        let outcome = runtime.call(name, vec![]);
        assert_eq!(outcome.errors.len(), 1, "`{body}` did not fail: {outcome:?}");
        let next = runtime.call("fine", vec![]);
        assert!(next.errors.is_empty(), "{:?}", next.errors);
        assert_eq!(runtime.variable("n"), Some(&ScriptValue::Int(i as i64 + 1)));
    }
    runtime
}

#[test]
fn lua_cannot_reach_files_processes_modules_or_the_environment() {
    each_probe_fails(
        LUA,
        &[
            " return io.open('/etc/passwd'):read('a') ",
            " return os.execute('true') ",
            " return require('os') ",
            " return dofile('/etc/passwd') ",
            " return loadfile('/etc/passwd') ",
            " return load('return 1')() ",
            " return os.getenv('HOME') ",
            " return debug.getinfo(1) ",
            " return package.loadlib('libc.so.6', 'system') ",
        ],
        " n = n + 1 ",
        VMConfig::default(),
    );
}

#[test]
fn lua_keeps_os_time_and_clock() {
    let mut b = AppBuilder::new();
    b.function(LUA, "now", &[], " return os.time() > 0 and os.clock() >= 0 ", 1);
    let mut runtime = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
    assert_eq!(runtime.call("now", vec![]).returned, vec![ScriptValue::Bool(true)]);
}

#[cfg(feature = "javascript-vm")]
#[test]
fn javascript_cannot_reach_files_processes_modules_or_the_environment() {
    use krb_format::languages::JAVASCRIPT;
    each_probe_fails(
        JAVASCRIPT,
        &[
            " return std.loadFile('/etc/passwd'); ",
            " return os.exec(['true']); ",
            " return require('fs'); ",
            " return process.env.HOME; ",
            " return std.getenv('HOME'); ",
            " return import('/etc/passwd'); ",
        ],
        " n = n + 1; ",
        VMConfig::default(),
    );
}

#[cfg(feature = "python-vm")]
mod python {
    use super::*;
    use krb_format::languages::PYTHON;
    use kryon_runtime::VMSettings;

    const FINE: &str = "\n    global n\n    n = n + 1\n";

    #[test]
    fn cannot_reach_files_processes_modules_or_the_environment() {
        each_probe_fails(
            PYTHON,
            &[
                "\n    return open('/etc/passwd').read()\n",
                "\n    import os\n    return os.system('true')\n",
                "\n    import subprocess\n",
                "\n    import sys\n    return sys.modules\n",
                "\n    return __import__('os').environ['HOME']\n",
                "\n    import posix\n",
                "\n    import _io\n",
            ],
            FINE,
            VMConfig::default(),
        );
    }

    #[test]
    fn modules_can_be_granted() {
        let mut b = AppBuilder::new();
        b.function(PYTHON, "probe", &[], "\n    import sys\n    return 1\n", 1);
        let settings = VMSettings::default().with_allowed_modules(["sys"]);
        let config = VMConfig::default().with_settings("python", settings);
        let mut runtime = Runtime::from_document(b.build(), config).expect("loads");
        let outcome = runtime.call("probe", vec![]);
        assert_eq!(outcome.returned, vec![ScriptValue::Int(1)], "{:?}", outcome.errors);
    }
}

/// Lua capabilities are granted one by one in `VMSettings::allow_modules`; an unknown grant
/// stops the VM from starting.
#[test]
fn lua_capabilities_can_be_granted() {
    use kryon_runtime::VMSettings;
    let grant = |names: &[&str]| {
        let settings = VMSettings::default().with_allowed_modules(names.iter().copied());
        VMConfig::default().with_settings("lua", settings)
    };
    let app = || {
        let mut b = AppBuilder::new();
        b.function(LUA, "files", &[], " return io ~= nil and io.open ~= nil ", 1);
        b.function(LUA, "env", &[], " return os.getenv ~= nil ", 2);
        b.function(LUA, "strings", &[], " return load('return 41 + 1')() ", 3);
        b.function(LUA, "disk", &[], " return require ~= nil and dofile ~= nil ", 4);
        b.build()
    };
    let run = |config: VMConfig, function: &str| {
        let mut runtime = Runtime::from_document(app(), config).expect("loads");
        runtime.call(function, vec![])
    };
    assert_eq!(run(grant(&["io"]), "files").returned, vec![ScriptValue::Bool(true)]);
    assert_eq!(run(grant(&["os"]), "env").returned, vec![ScriptValue::Bool(true)]);
    assert_eq!(run(grant(&["load"]), "strings").returned, vec![ScriptValue::Int(42)]);
    assert_eq!(run(grant(&["package"]), "disk").returned, vec![ScriptValue::Bool(true)]);
    // Each grant gives only itself.
    assert_eq!(run(grant(&["io"]), "env").returned, vec![ScriptValue::Bool(false)]);
    assert_eq!(run(grant(&["os"]), "files").returned, vec![ScriptValue::Bool(false)]);
    assert_eq!(run(grant(&["io"]), "strings").errors.len(), 1);
    let error = Runtime::from_document(app(), grant(&["debug"])).expect_err("refused");
    assert!(error.to_string().contains("`debug` cannot be granted"), "{error}");
}

#[cfg(feature = "javascript-vm")]
#[test]
fn javascript_has_nothing_to_grant() {
    use kryon_runtime::VMSettings;
    let mut b = AppBuilder::new();
    b.function(krb_format::languages::JAVASCRIPT, "f", &[], " ", 1);
    let settings = VMSettings::default().with_allowed_modules(["os"]);
    let config = VMConfig::default().with_settings("javascript", settings);
    let error = Runtime::from_document(b.build(), config).expect_err("refused");
    assert!(error.to_string().contains("`os` cannot be granted"), "{error}");
}
