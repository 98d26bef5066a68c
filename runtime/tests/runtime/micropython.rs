//! The MicroPython VM's budgets, sandbox and DOM API: a runaway loop, an allocation bomb, deep
//! recursion, a long operation in C, file and module attempts; each is contained, the host
//! keeps serving, the next call works and a Lua VM beside it is unaffected.
#![cfg(feature = "micropython-vm")]

use std::time::{Duration, Instant};

use crate::support::AppBuilder;
use krb_format::languages::{LUA, MICROPYTHON};
use kryon_runtime::{Runtime, ScriptErrorKind, ScriptValue, VMConfig, VMSettings};

const LIMIT: Duration = Duration::from_millis(200);
const MIB: usize = 1024 * 1024;
const FINE: &str = "\n    global n\n    n = n + 1\n";

/// `runaway` (the body under test) and `fine` in MicroPython, `lua_fine` in Lua.
fn app(runaway: &str, memory: usize) -> Runtime {
    let mut b = AppBuilder::new();
    b.int_var("n", 0);
    b.function(MICROPYTHON, "runaway", &[], runaway, 10);
    b.function(MICROPYTHON, "fine", &[], FINE, 40);
    b.function(LUA, "lua_fine", &[], " n = n + 10 ", 50);
    let settings = VMSettings::default().with_time_limit(LIMIT).with_memory_limit(memory);
    let config = VMConfig::default().with_settings("micropython", settings);
    Runtime::from_document(b.build(), config).expect("loads")
}

/// Calls `runaway`: it fails with `kind` in bounded time, then both VMs work.
fn contained(runtime: &mut Runtime, kind: ScriptErrorKind) -> kryon_runtime::ScriptError {
    let started = Instant::now();
    let outcome = runtime.call("runaway", vec![]);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(3), "took {took:?}");
    let error = outcome.errors.first().expect("the call was stopped").clone();
    assert_eq!(error.kind, kind, "{error:?}");
    assert_eq!(&*error.function, "runaway");
    assert_eq!(error.language, Some("micropython"));
    assert!(error.kry_line.is_some_and(|l| l >= 10), "{error:?}");
    let before = match runtime.variable("n") {
        Some(ScriptValue::Int(n)) => *n,
        other => panic!("n is {other:?}"),
    };
    let next = runtime.call("fine", vec![]);
    assert!(next.errors.is_empty(), "{:?}", next.errors);
    let lua = runtime.call("lua_fine", vec![]);
    assert!(lua.errors.is_empty(), "{:?}", lua.errors);
    assert_eq!(runtime.variable("n"), Some(&ScriptValue::Int(before + 11)));
    error
}

#[test]
fn an_endless_loop_is_stopped_at_the_time_limit() {
    let started = Instant::now();
    let mut runtime = app("\n    while True:\n        pass\n", 64 * MIB);
    let error = contained(&mut runtime, ScriptErrorKind::TimeLimit);
    assert!(error.message.contains("200 ms"), "{}", error.message);
    // The loop is on the body's lines 2 and 3 (`.kry` lines 11 and 12).
    assert!(matches!(error.kry_line, Some(11 | 12)), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[test]
fn a_loop_that_catches_the_interrupt_is_abandoned_and_the_vm_replaced() {
    let body = "\n    while True:\n        try:\n            while True:\n                pass\n        except BaseException:\n            pass\n";
    let mut runtime = app(body, 64 * MIB);
    let error = contained(&mut runtime, ScriptErrorKind::VmFailure);
    assert!(error.message.contains("time limit"), "{}", error.message);
    assert_eq!(runtime.health().iter().map(|h| h.restarts).sum::<u64>(), 1);
}

#[test]
fn a_long_operation_in_c_is_abandoned_and_the_vm_replaced() {
    // One multiplication of huge integers: no bytecode runs until it ends.
    let body = "\n    x = 7 ** 2000000\n    return x * x\n";
    let mut runtime = app(body, 512 * MIB);
    let error = contained(&mut runtime, ScriptErrorKind::VmFailure);
    assert!(error.message.contains("C code"), "{}", error.message);
}

/// The memory cap holds: the heap never grows past it and the bomb is a memory stop. The time
/// limit is long here because MicroPython allocates slowly under wasmi (≈ 30 ms per MiB: the
/// module's `memset` and each GC pass over the growing heap are interpreted), so with the
/// 200 ms of the other tests the time budget stops the bomb first — also contained.
#[test]
fn an_allocation_bomb_is_stopped_at_the_memory_limit() {
    for piece in ["bytearray(2 * 1024 * 1024)", "[0] * (512 * 1024)"] {
        let body = format!("\n    a = []\n    while True:\n        a.append({piece})\n");
        let mut b = AppBuilder::new();
        b.int_var("n", 0);
        b.function(MICROPYTHON, "runaway", &[], &body, 10);
        b.function(MICROPYTHON, "fine", &[], FINE, 40);
        let limit = Duration::from_secs(20);
        let settings = VMSettings::default().with_time_limit(limit).with_memory_limit(16 * MIB);
        let config = VMConfig::default().with_settings("micropython", settings);
        let mut runtime = Runtime::from_document(b.build(), config).expect("loads");
        let started = Instant::now();
        let outcome = runtime.call("runaway", vec![]);
        assert!(started.elapsed() < limit, "{piece}: {:?}", started.elapsed());
        let error = outcome.errors.first().expect("the bomb was stopped");
        assert_eq!(error.kind, ScriptErrorKind::MemoryLimit, "{piece}: {error:?}");
        assert!(error.message.contains("16 MiB"), "{piece}: {}", error.message);
        assert_eq!(error.kry_line, Some(13), "{piece}: {error:?}");
        let health = runtime.health();
        let peak = health.iter().filter_map(|h| h.peak_memory_bytes).max().unwrap_or(0);
        assert!(peak <= 16 * MIB, "{piece}: peak {peak}");
        assert!(runtime.call("fine", vec![]).errors.is_empty(), "{piece}: the VM goes on");
    }
}

#[test]
fn deep_recursion_is_a_stack_limit() {
    let body = "\n    def down(k):\n        return down(k + 1) + 1\n    return down(0)\n";
    let mut runtime = app(body, 64 * MIB);
    contained(&mut runtime, ScriptErrorKind::StackLimit);
}

#[test]
fn files_modules_and_the_host_are_out_of_reach() {
    let probes = [
        "\n    return open('/etc/passwd').read()\n",
        "\n    import os\n    return os.listdir('/')\n",
        "\n    import os\n    return os.stat('/etc/passwd')\n",
        "\n    import some_module_on_disk\n",
        "\n    import js\n    return js.process.env\n",
        "\n    import __kry_host\n    return __kry_host.call(42)\n",
    ];
    for probe in probes {
        let mut runtime = app(probe, 64 * MIB);
        let outcome = runtime.call("runaway", vec![]);
        assert_eq!(outcome.errors.len(), 1, "`{probe}` did not fail: {outcome:?}");
        assert!(outcome.returned.is_empty(), "{probe}: {:?}", outcome.returned);
        let next = runtime.call("fine", vec![]);
        assert!(next.errors.is_empty(), "{:?}", next.errors);
    }
}

#[test]
fn output_goes_to_the_runtime() {
    let mut b = AppBuilder::new();
    b.function(
        MICROPYTHON,
        "hello",
        &[],
        "\n    print('héllo', 1, None)\n    import sys\n    sys.stdout.write('raw\\n')\n    kryon.log('via kryon')\n",
        1,
    );
    let mut runtime = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
    let outcome = runtime.call("hello", vec![]);
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert_eq!(outcome.output, vec!["héllo 1 None", "raw", "via kryon"]);
}

/// What the compiler's MicroPython check refuses as syntax (`src/scripts/micropython.rs`),
/// the VM refuses too: each is a syntax error when the script loads, the others still load.
#[test]
fn the_statements_the_compiler_refuses_do_not_compile_in_the_vm() {
    let refused = [
        "\n    match n:\n        case 1:\n            pass\n",
        "\n    try:\n        pass\n    except* ValueError:\n        pass\n",
        "\n    type Alias = int\n",
        "\n    def first[T](xs):\n        return xs[0]\n",
        "\n    class Box[T]:\n        pass\n",
    ];
    for body in refused {
        let mut b = AppBuilder::new();
        b.int_var("n", 0);
        b.function(MICROPYTHON, "refused", &[], body, 10);
        b.function(MICROPYTHON, "fine", &[], FINE, 40);
        let mut runtime = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
        let error = runtime.errors().first().unwrap_or_else(|| panic!("{body:?} loaded"));
        assert_eq!(error.kind, ScriptErrorKind::Syntax, "{body:?}: {error:?}");
        assert!(runtime.call("fine", vec![]).errors.is_empty(), "{body:?}");
    }
}
