//! Per-call budgets: a handler that loops forever or allocates without end is stopped with a
//! `TimeLimit`/`MemoryLimit` error naming the function and its `.kry` line, and the next
//! handler in the same VM works.

use std::time::{Duration, Instant};

use crate::support::AppBuilder;
use krb_format::languages::LUA;
use kryon_runtime::{Runtime, ScriptErrorKind, ScriptValue, VMConfig, VMSettings};

const LIMIT: Duration = Duration::from_millis(200);

/// `runaway` (the body under test) and `fine` (`n = n + 1`), both in `language`.
fn app(language: u8, tag: &str, runaway: &str, fine: &str, memory: usize) -> Runtime {
    let mut b = AppBuilder::new();
    b.int_var("n", 0);
    b.function(language, "runaway", &[], runaway, 10);
    b.function(language, "fine", &[], fine, 20);
    let settings = VMSettings::default().with_time_limit(LIMIT).with_memory_limit(memory);
    let config = VMConfig::default().with_settings(tag, settings);
    Runtime::from_document(b.build(), config).expect("loads")
}

fn stopped(runtime: &mut Runtime, kind: ScriptErrorKind) {
    let started = Instant::now();
    let outcome = runtime.call("runaway", vec![]);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(3), "took {took:?}");
    let error = outcome.errors.first().expect("the call was stopped");
    assert_eq!(error.kind, kind, "{error:?}");
    assert_eq!(&*error.function, "runaway");
    assert!(error.message.contains("limit"), "{}", error.message);
    assert!(error.kry_line.is_some_and(|l| l >= 10), "{error:?}");
    // The VM still works.
    let next = runtime.call("fine", vec![]);
    assert!(next.errors.is_empty(), "{:?}", next.errors);
    assert_eq!(runtime.variable("n"), Some(&ScriptValue::Int(1)));
    let health = runtime.health();
    assert_eq!(health[0].calls, 2);
    assert_eq!(health[0].errors, 1);
}

const MIB: usize = 1024 * 1024;

#[test]
fn lua_endless_loop_is_stopped() {
    let mut runtime = app(LUA, "lua", " while true do end ", " n = n + 1 ", 64 * MIB);
    stopped(&mut runtime, ScriptErrorKind::TimeLimit);
}

/// The error points at the line the loop was stopped on, also when the hook fires inside the
/// metamethods that shared-variable accesses go through.
#[test]
fn lua_time_limit_points_at_the_looping_line() {
    let body = "\n    local x = 1\n    while true do n = n + 1 end\n";
    let mut runtime = app(LUA, "lua", body, " n = 0 ", 64 * MIB);
    let outcome = runtime.call("runaway", vec![]);
    let error = outcome.errors.first().expect("stopped");
    assert_eq!(error.kind, ScriptErrorKind::TimeLimit, "{error:?}");
    // The body starts on line 10 (its first line is the rest of the header's line).
    assert_eq!(error.kry_line, Some(12), "{error:?}");
}

#[test]
fn lua_pcall_cannot_swallow_the_time_limit() {
    let body = " while true do pcall(function() while true do end end) end ";
    let mut runtime = app(LUA, "lua", body, " n = n + 1 ", 64 * MIB);
    stopped(&mut runtime, ScriptErrorKind::TimeLimit);
}

#[test]
fn lua_unbounded_allocation_is_stopped() {
    let body = " local t = {} while true do t[#t + 1] = string.rep(\"x\", 1000) .. #t end ";
    let mut runtime = app(LUA, "lua", body, " n = n + 1 ", 4 * MIB);
    stopped(&mut runtime, ScriptErrorKind::MemoryLimit);
    assert!(runtime.health()[0].memory_bytes.is_some_and(|m| m < 4 * MIB));
}

#[cfg(feature = "javascript-vm")]
mod javascript {
    use super::*;
    use krb_format::languages::JAVASCRIPT;

    #[test]
    fn endless_loop_is_stopped() {
        let body = " for (;;) { try { for (;;) {} } catch (e) {} } ";
        let mut runtime = app(JAVASCRIPT, "javascript", body, " n = n + 1; ", 64 * MIB);
        stopped(&mut runtime, ScriptErrorKind::TimeLimit);
    }

    #[test]
    fn a_scripts_own_throw_null_is_not_a_memory_stop() {
        let mut runtime = app(JAVASCRIPT, "javascript", " throw null; ", " n = n + 1; ", 4 * MIB);
        let outcome = runtime.call("runaway", vec![]);
        assert_eq!(outcome.errors[0].kind, ScriptErrorKind::Runtime, "{:?}", outcome.errors);
    }

    #[test]
    fn unbounded_allocation_is_stopped() {
        // Small strings: the limit is hit where QuickJS cannot allocate its own error object
        // (it throws `null`), which the VM's allocator still recognises.
        let body = " const a = []; for (;;) { a.push('x'.repeat(1000) + a.length); } ";
        let mut runtime = app(JAVASCRIPT, "javascript", body, " n = n + 1; ", 4 * MIB);
        stopped(&mut runtime, ScriptErrorKind::MemoryLimit);
    }
}

#[cfg(feature = "python-vm")]
mod python {
    use super::*;
    use krb_format::languages::PYTHON;

    const FINE: &str = "\n    global n\n    n = n + 1\n";

    #[test]
    fn endless_loop_is_stopped_even_when_caught() {
        let body = "\n    while True:\n        try:\n            while True:\n                pass\n        except BaseException:\n            pass\n";
        let mut runtime = app(PYTHON, "python", body, FINE, 64 * MIB);
        stopped(&mut runtime, ScriptErrorKind::TimeLimit);
    }

    /// The exception the watchdog raises has no frames of its own: the error points at the
    /// line the script was on when it was stopped.
    #[test]
    fn the_time_limit_points_at_the_looping_line() {
        let body = "\n    global n\n    x = 1\n    while True:\n        n = n + 1\n";
        let mut runtime = app(PYTHON, "python", body, FINE, 64 * MIB);
        let outcome = runtime.call("runaway", vec![]);
        let error = outcome.errors.first().expect("stopped");
        assert_eq!(error.kind, ScriptErrorKind::TimeLimit, "{error:?}");
        // Body line 1 is the header's line (10): the loop is on lines 13 and 14.
        assert!(matches!(error.kry_line, Some(13 | 14)), "{error:?}");
    }

    #[test]
    fn handlers_in_every_frame_cannot_keep_the_call_alive() {
        // `spin` swallows the stop in its own frame and its caller swallows it again.
        let spin = "\n    while True:\n        try:\n            while True:\n                pass\n        except BaseException:\n            pass\n";
        let body = "\n    while True:\n        try:\n            spin()\n        except BaseException:\n            pass\n        finally:\n            pass\n";
        let mut b = AppBuilder::new();
        b.int_var("n", 0);
        b.function(PYTHON, "runaway", &[], body, 10);
        b.function(PYTHON, "fine", &[], FINE, 20);
        b.function(PYTHON, "spin", &[], spin, 30);
        let settings = VMSettings::default().with_time_limit(LIMIT);
        let config = VMConfig::default().with_settings("python", settings);
        let mut runtime = Runtime::from_document(b.build(), config).expect("loads");
        stopped(&mut runtime, ScriptErrorKind::TimeLimit);
    }

    fn allocating_app(limit: usize) -> Runtime {
        let body = "\n    a = []\n    while True:\n        a.append('x' * 1000 + str(len(a)))\n";
        // A long time limit: the memory check must stop it first.
        let mut b = AppBuilder::new();
        b.int_var("n", 0);
        b.function(PYTHON, "runaway", &[], body, 10);
        b.function(PYTHON, "fine", &[], FINE, 20);
        b.function(PYTHON, "text", &["i"], "\n    return 'item %d' % i\n", 30);
        let settings =
            VMSettings::default().with_time_limit(Duration::from_secs(20)).with_memory_limit(limit);
        let config = VMConfig::default().with_settings("python", settings);
        Runtime::from_document(b.build(), config).expect("loads")
    }

    #[test]
    fn unbounded_allocation_is_stopped() {
        let mut runtime = allocating_app(32 * MIB);
        stopped(&mut runtime, ScriptErrorKind::MemoryLimit);
        // The list was freed with the frame; the meter saw it go.
        let memory = runtime.health()[0].memory_bytes.expect("metered");
        assert!(memory < 4 * MIB, "{memory}");
    }

    #[test]
    fn results_handed_to_the_host_are_not_counted_as_the_interpreters() {
        let mut runtime = allocating_app(32 * MIB);
        let call = |runtime: &mut Runtime, i: i64| {
            let outcome = runtime.call("text", vec![ScriptValue::Int(i)]);
            assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
        };
        call(&mut runtime, 0);
        let before = runtime.health()[0].memory_bytes.expect("metered");
        for i in 0..20_000 {
            call(&mut runtime, i);
        }
        let after = runtime.health()[0].memory_bytes.expect("metered");
        // 20,000 strings of ~10 bytes would be > 200 KB if they were counted.
        assert!(after < before + 64 * 1024, "{before} -> {after}");
    }
}
