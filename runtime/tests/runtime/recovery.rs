//! A VM that cannot go on is replaced: one that fails inside a call (a panic in the engine)
//! or whose memory stays near its limit after a memory stop. The new VM has the scripts and
//! the shared variables' current values; the host and the other VMs keep running.

use crate::support::AppBuilder;
use krb_format::languages::LUA;
use kryon_runtime::vm::{
    Factory, PendingChanges, ScriptSource, ScriptVM, VMFactory, VMRegistry, VmContext,
};
use kryon_runtime::{
    LanguageInfo, Runtime, ScriptError, ScriptErrorKind, ScriptValue, VMConfig, VMSettings,
};

/// A Lua VM whose engine "fails" (panics) when `explode` is called or `bomb` is loaded.
struct Fragile(Box<dyn ScriptVM>);

impl ScriptVM for Fragile {
    fn initialize(_: VmContext) -> Result<Fragile, String> {
        Err("created by FragileFactory".into())
    }
    fn language(&self) -> &'static str {
        self.0.language()
    }
    fn load_script(&mut self, script: &ScriptSource<'_>) -> Result<(), ScriptError> {
        assert_ne!(script.label(), "bomb", "engine failure while loading");
        self.0.load_script(script)
    }
    fn has_function(&self, name: &str) -> bool {
        self.0.has_function(name)
    }
    fn call_function(
        &mut self,
        name: &str,
        args: &[ScriptValue],
    ) -> Result<ScriptValue, ScriptError> {
        if name == "explode" {
            // Half-done work first: the changes of a failed VM do not leak.
            let _ = self.0.call_function("bump", &[]);
            panic!("engine failure in {name}");
        }
        self.0.call_function(name, args)
    }
    fn set_global_variable(&mut self, name: &str, value: &ScriptValue) -> Result<(), ScriptError> {
        self.0.set_global_variable(name, value)
    }
    fn get_global_variable(&self, name: &str) -> Option<ScriptValue> {
        self.0.get_global_variable(name)
    }
    fn get_pending_changes(&mut self) -> PendingChanges {
        self.0.get_pending_changes()
    }
    fn reset(&mut self) -> Result<(), String> {
        self.0.reset()
    }
}

struct FragileFactory(Factory<kryon_runtime::vm::lua::LuaVM>);

impl VMFactory for FragileFactory {
    fn language(&self) -> &'static LanguageInfo {
        self.0.language()
    }
    fn create_vm(&self, context: VmContext) -> Result<Box<dyn ScriptVM>, String> {
        Ok(Box::new(Fragile(self.0.create_vm(context)?)))
    }
}

fn fragile_runtime(b: AppBuilder) -> Runtime {
    let mut registry = VMRegistry::new();
    registry.register(Box::new(FragileFactory(Factory::new("lua").expect("lua"))));
    Runtime::with_registry(b.build(), VMConfig::default(), registry).expect("loads")
}

#[test]
fn a_vm_that_fails_inside_a_call_is_restarted_with_the_shared_variables() {
    let mut b = AppBuilder::new();
    b.int_var("n", 0);
    b.module(LUA, "setup", " private = 'kept until a restart' ", &[], 1);
    b.function(LUA, "bump", &[], " n = n + 100 ", 2);
    b.function(LUA, "inc", &[], " n = n + 1 ", 3);
    b.function(LUA, "explode", &[], " ", 4);
    b.function(LUA, "private_value", &[], " return private ", 5);
    let mut runtime = fragile_runtime(b);
    for _ in 0..3 {
        assert!(runtime.call("inc", vec![]).errors.is_empty());
    }
    let outcome = runtime.call("explode", vec![]);
    let error = outcome.errors.first().expect("the failure is reported");
    assert_eq!(error.kind, ScriptErrorKind::VmFailure);
    assert_eq!(error.language, Some("lua"));
    assert_eq!(&*error.function, "explode");
    assert!(error.message.contains("engine failure in explode"), "{}", error.message);
    assert!(error.message.contains("restarted"), "{}", error.message);
    // The variable is what it was before the failed call, in the runtime and the new VM.
    assert_eq!(runtime.variable("n"), Some(&ScriptValue::Int(3)));
    assert_eq!(runtime.vm_global("lua", "n"), Some(ScriptValue::Int(3)));
    // The scripts are loaded again (the module's top level ran again).
    assert!(runtime.call("inc", vec![]).errors.is_empty());
    assert_eq!(runtime.variable("n"), Some(&ScriptValue::Int(4)));
    let private = runtime.call("private_value", vec![]);
    assert_eq!(private.returned, vec![ScriptValue::from("kept until a restart")]);
    let health = runtime.health();
    assert_eq!(health[0].restarts, 1);
    assert_eq!(health[0].errors, 1);
}

#[test]
fn a_restart_is_traced_after_the_failed_call_and_before_the_reloads() {
    let mut b = AppBuilder::new();
    b.int_var("n", 0);
    b.function(LUA, "bump", &[], " n = n + 100 ", 2);
    b.function(LUA, "explode", &[], " ", 4);
    let mut runtime = fragile_runtime(b);
    let (observer, steps) = crate::trace::recorder();
    runtime.set_observer(Some(observer));
    runtime.call("explode", vec![]);
    let kinds: Vec<String> =
        steps.borrow().iter().map(|s| s["step"].as_str().unwrap_or("?").to_string()).collect();
    assert_eq!(kinds, ["call", "error", "restart", "load", "load"], "{:?}", steps.borrow());
    assert_eq!(steps.borrow()[2]["vm"], "lua");
    assert_eq!(steps.borrow()[1]["error"]["kind"], "vm_failure");
}

#[test]
fn a_vm_that_fails_while_loading_keeps_the_scripts_before_it() {
    let mut b = AppBuilder::new();
    b.int_var("n", 0);
    b.function(LUA, "inc", &[], " n = n + 1 ", 1);
    b.module(LUA, "bomb", " ", &[("never", &[])], 2);
    b.function(LUA, "dec", &[], " n = n - 1 ", 3);
    let mut runtime = fragile_runtime(b);
    let error = &runtime.errors()[0];
    assert_eq!(error.kind, ScriptErrorKind::VmFailure);
    assert_eq!(&*error.function, "bomb");
    assert!(runtime.call("inc", vec![]).errors.is_empty());
    assert!(runtime.call("inc", vec![]).errors.is_empty());
    assert!(runtime.call("dec", vec![]).errors.is_empty());
    assert_eq!(runtime.variable("n"), Some(&ScriptValue::Int(1)));
    let never = runtime.call("never", vec![]);
    assert_eq!(never.errors[0].kind, ScriptErrorKind::VmFailure);
    assert_eq!(runtime.health()[0].restarts, 1);
}

#[test]
fn a_vm_whose_memory_stays_full_is_restarted() {
    const LIMIT: usize = 4 * 1024 * 1024;
    let mut b = AppBuilder::new();
    b.int_var("n", 0);
    // `hoard` is a global the script keeps: after the stop the VM is still full.
    let hoard = " hoard = hoard or {} while true do hoard[#hoard + 1] = string.rep('x', 1000) .. #hoard end ";
    b.function(LUA, "fill", &[], hoard, 1);
    b.function(LUA, "inc", &[], " n = n + 1 ", 2);
    let settings = VMSettings::default().with_memory_limit(LIMIT);
    let config = VMConfig::default().with_settings("lua", settings);
    let mut runtime = Runtime::from_document(b.build(), config).expect("loads");
    assert!(runtime.call("inc", vec![]).errors.is_empty());
    let outcome = runtime.call("fill", vec![]);
    let error = outcome.errors.first().expect("stopped");
    assert_eq!(error.kind, ScriptErrorKind::MemoryLimit);
    assert!(error.message.contains("restarted"), "{}", error.message);
    let lua = &runtime.health()[0];
    assert_eq!(lua.restarts, 1);
    assert!(lua.memory_bytes.is_some_and(|m| m < LIMIT / 2), "{lua:?}");
    assert_eq!(runtime.vm_global("lua", "n"), Some(ScriptValue::Int(1)));
    for _ in 0..5 {
        assert!(runtime.call("inc", vec![]).errors.is_empty());
    }
    assert_eq!(runtime.variable("n"), Some(&ScriptValue::Int(6)));
}

/// A memory stop whose data the script did not keep leaves a usable VM: no restart.
#[test]
fn a_vm_that_freed_its_memory_is_not_restarted() {
    let mut b = AppBuilder::new();
    b.int_var("n", 0);
    let body = " local t = {} while true do t[#t + 1] = string.rep('x', 1000) .. #t end ";
    b.function(LUA, "fill", &[], body, 1);
    let settings = VMSettings::default().with_memory_limit(4 * 1024 * 1024);
    let config = VMConfig::default().with_settings("lua", settings);
    let mut runtime = Runtime::from_document(b.build(), config).expect("loads");
    let outcome = runtime.call("fill", vec![]);
    assert_eq!(outcome.errors[0].kind, ScriptErrorKind::MemoryLimit);
    assert_eq!(runtime.health()[0].restarts, 0);
}
