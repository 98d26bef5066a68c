//! What Python scripts cannot reach: `open` is removed from the builtins, and `import` (the
//! builtins' `__import__`) accepts only the modules [`VMSettings::allow_modules`] grants.
//!
//! [`VMSettings::allow_modules`]: crate::VMSettings::allow_modules

use rustpython_vm::builtins::PyStrRef;
use rustpython_vm::function::FuncArgs;
use rustpython_vm::{AsObject, PyResult, VirtualMachine};

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
        if !allowed.iter().any(|m| m == top) {
            let message = format!(
                "importing `{text}` is not allowed (grant it with VMSettings::allow_modules)"
            );
            return Err(vm.new_import_error(message, name));
        }
        original.call(args, vm)
    };
    builtins.set_attr("__import__", vm.new_function("__import__", guard), vm)
}
