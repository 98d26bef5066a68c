//! Code a VM runs with its budget checks off or outside a call: Lua `__gc` (and `__close`),
//! JavaScript finalization callbacks, Python `__del__`.

use super::{lua, Stop};

#[test]
fn lua_gc_metamethods_are_refused() {
    let message = "__gc";
    lua(
        " setmetatable({}, { __gc = function() while true do end end }) collectgarbage() ",
        Stop::Refused(message),
    );
    // A placeholder field marks the object for finalisation as well; the function comes later.
    lua(
        " local mt = { __gc = true } setmetatable({}, mt) mt.__gc = function() while true do end end collectgarbage() ",
        Stop::Refused(message),
    );
    lua(
        " local mt = setmetatable({}, { __index = function() return function() while true do end end end }) setmetatable({}, mt) collectgarbage() collectgarbage() while true do end ",
        Stop::Time,
    );
}

#[test]
fn lua_close_metamethods_are_budgeted() {
    lua(" do local x <close> = setmetatable({}, { __close = function() while true do end end }) end ", Stop::Time);
    // Run while the stop unwinds the call.
    lua(
        " local x <close> = setmetatable({}, { __close = function() while true do end end }) while true do end ",
        Stop::Time,
    );
    lua(
        " local co = coroutine.create(function() local x <close> = setmetatable({}, { __close = function() while true do end end }) coroutine.yield() end) coroutine.resume(co) coroutine.close(co) ",
        Stop::Time,
    );
}

#[cfg(feature = "javascript-vm")]
mod javascript {
    use super::super::{js, Stop};

    #[test]
    fn finalization_callbacks_cannot_run_away() {
        js(
            " const r = new FinalizationRegistry(() => { for (;;) {} }); for (let i = 0; i < 1e6; i++) r.register({}, i); for (;;) {} ",
            Stop::Time,
        );
        js(
            " const r = new FinalizationRegistry(() => { const a = []; for (;;) a.push('x'.repeat(1000)); }); for (let i = 0; i < 1e5; i++) r.register({ i }, i); for (;;) {} ",
            Stop::Time,
        );
    }
}

#[cfg(feature = "python-vm")]
mod python {
    use super::super::{python, Stop};

    #[test]
    fn del_methods_are_refused() {
        let message = "__del__";
        python(
            &["class A:", "    def __del__(self):", "        while True: pass", "A()"],
            Stop::Refused(message),
        );
        python(
            &[
                "def spin(self):",
                "    while True: pass",
                "A = type('A', (), {'__del__': spin})",
                "A()",
            ],
            Stop::Refused(message),
        );
        python(
            &[
                "class A: pass",
                "def spin(self):",
                "    while True: pass",
                "A.__del__ = spin",
                "a = A()",
                "del a",
            ],
            Stop::Refused(message),
        );
    }
}
