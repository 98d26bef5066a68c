//! What Python scripts cannot reach: `open` is removed from the builtins, and `import` (the
//! builtins' `__import__`) accepts only the modules [`VMSettings::allow_modules`] grants.
//!
//! [`VMSettings::allow_modules`]: crate::VMSettings::allow_modules

use rustpython_vm::builtins::{PyStr, PyStrRef};
use rustpython_vm::function::FuncArgs;
use rustpython_vm::{AsObject, PyObjectRef, PyResult, VirtualMachine};

/// Builtins removed outright: they reach files or the interpreter's own internals.
const REMOVED: &[&str] = &["open", "breakpoint", "input", "help"];

pub(super) fn install(vm: &VirtualMachine, allowed: &[String]) -> PyResult<()> {
    let builtins = vm.builtins.as_object();
    for name in REMOVED {
        if builtins.get_attr(*name, vm).is_ok() {
            builtins.del_attr(*name, vm)?;
        }
    }
    let original = builtins.get_attr("__import__", vm)?;
    let allowed = allowed.to_vec();
    let guard = move |args: FuncArgs, vm: &VirtualMachine| -> PyResult {
        let name: PyStrRef = match args.args.first().map(|a| a.clone().downcast()) {
            Some(Ok(name)) => name,
            _ => return Err(vm.new_type_error("__import__() needs a module name")),
        };
        let text = name.to_string_lossy();
        let top = text.split('.').next().unwrap_or(&text);
        if top == "sys" && super::watchdog::stopping() && !allowed.iter().any(|m| m == top) {
            return Ok(quiet_sys(vm));
        }
        if !allowed.iter().any(|m| m == top) {
            let message = format!(
                "importing `{text}` is not allowed (grant it with VMSettings::allow_modules)"
            );
            return Err(vm.new_import_error(message, name));
        }
        original.call(args, vm)
    };
    builtins.set_attr("__import__", vm.new_function("__import__", guard), vm)?;
    for name in ["eval", "exec", "compile"] {
        guard_nesting(vm, name)?;
    }
    Ok(())
}

/// While a budget stop unwinds a call, RustPython reports the errors of generators it closes
/// ("unraisable" exceptions) through `sys.unraisablehook`, importing `sys` for it and
/// panicking if it cannot. A call being stopped gets a `sys` with only a hook that drops
/// the report; scripts still cannot import `sys` otherwise.
fn quiet_sys(vm: &VirtualMachine) -> PyObjectRef {
    let dict = vm.ctx.new_dict();
    let hook = vm.new_function("unraisablehook", |_: FuncArgs| {});
    let _ = dict.set_item("unraisablehook", hook.into(), vm);
    vm.new_module("sys", dict, None).into()
}

/// `eval`, `exec` and `compile` refuse source nested deeper than the parser can recurse on
/// the native stack (a `RecursionError`, reported as a stack stop).
fn guard_nesting(vm: &VirtualMachine, name: &'static str) -> PyResult<()> {
    let builtins = vm.builtins.as_object();
    let original = builtins.get_attr(name, vm)?;
    let guard = move |args: FuncArgs, vm: &VirtualMachine| -> PyResult {
        if let Some(source) = args.args.first().and_then(|a| a.downcast_ref::<PyStr>()) {
            if super::guards::nesting(&source.to_string_lossy()) > super::guards::MAX_NESTING {
                let kind = vm.ctx.exceptions.recursion_error.to_owned();
                return Err(vm.new_exception_msg(kind, "the code nests too deeply".into()));
            }
        }
        original.call(args, vm)
    };
    builtins.set_attr(name, vm.new_function(name, guard), vm)
}
