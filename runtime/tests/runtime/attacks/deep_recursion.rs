//! Recursion deep enough to exhaust a native stack: script functions, metamethods, parsers
//! and nested values, also after a script raised its recursion limit. Each ends with a
//! `StackLimit` budget error, never a stack overflow of the process.

use super::{lua, Stop};

#[test]
fn lua_deep_recursion() {
    // Lua frames live on the heap: with a 32 MiB budget, the memory limit stops this one
    // before Lua's own limit of 1,000,000 stack slots.
    lua(" local function f(n) return f(n + 1) + 1 end f(1) ", Stop::Memory);
    lua(
        " local t = setmetatable({}, { __index = function(t, k) return t[k] end }) return t.x ",
        Stop::Stack,
    );
    lua(r#" local function f() return (string.gsub("x", "x", f)) end f() "#, Stop::Stack);
    lua(" local function f() coroutine.wrap(f)() end f() ", Stop::Stack);
}

#[cfg(feature = "javascript-vm")]
mod javascript {
    use super::super::{js, Stop};

    #[test]
    fn deep_recursion() {
        js(" function f() { return f() + 1; } f(); ", Stop::Stack);
        js(" JSON.parse('['.repeat(1e6)); ", Stop::Stack);
        js(" let x = []; for (let i = 0; i < 1e5; i++) x = [x]; JSON.stringify(x); ", Stop::Stack);
        js(" const p = new Proxy({}, { get(t, k, r) { return r[k]; } }); p.x; ", Stop::Stack);
    }
}

#[cfg(feature = "python-vm")]
mod python {
    use super::super::{attack_with, py, python, Stop};
    use krb_format::languages::PYTHON;

    #[test]
    fn deep_recursion() {
        python(&["def f(): return f() + 1", "f()"], Stop::Stack);
        python(&["x = eval('(' * 100000 + ')' * 100000)"], Stop::Stack);
        python(&["a = []", "for i in range(20000): a = [a]", "s = repr(a)"], Stop::Stack);
        python(
            &[
                "a = []",
                "b = []",
                "for i in range(20000):",
                "    a = [a]",
                "    b = [b]",
                "x = a == b",
            ],
            Stop::Stack,
        );
    }

    #[test]
    fn deep_recursion_after_raising_the_limit() {
        let body =
            py(&["import sys", "sys.setrecursionlimit(10 ** 7)", "def f(): return f() + 1", "f()"]);
        attack_with(PYTHON, &body, Stop::Stack, &["sys"]);
    }
}
