//! The Wren VM's sandbox and budgets: loops stopped at their check points (also when a script
//! catches the stop), long calls that reach no check point stopped by abandoning the worker
//! and replacing the VM (scripts and shared variables restored), memory stopped at check
//! points or, for one allocation past the limit, by replacing the VM; no module reaches
//! files; listeners and output; other VMs unaffected.

use std::time::{Duration, Instant};

use crate::support::AppBuilder;
use krb_format::languages::{LUA, WREN};
use kryon_runtime::{Runtime, ScriptErrorKind, ScriptValue, VMConfig, VMSettings};

const LIMIT: Duration = Duration::from_millis(200);
const MIB: usize = 1 << 20;

/// `runaway` (the body under test, at line 10), `fine` (`n = n + 1`, line 40) in Wren, and
/// `lua_fine` (`m = m + 1`) in Lua.
fn app(runaway: &str, memory: usize) -> Runtime {
    let mut b = AppBuilder::new();
    b.int_var("n", 0);
    b.int_var("m", 0);
    b.function(WREN, "runaway", &[], runaway, 10);
    b.function(WREN, "fine", &[], " n = n + 1 ", 40);
    b.function(LUA, "lua_fine", &[], " m = m + 1 ", 50);
    let settings = VMSettings::default().with_time_limit(LIMIT).with_memory_limit(memory);
    let config = VMConfig::default().with_settings("wren", settings);
    Runtime::from_document(b.build(), config).expect("loads")
}

/// Runs `runaway`: it must stop with `kind` within a few time limits, at a line of its body;
/// then Wren (`fine`, twice, seeing the shared variable) and Lua still work.
fn stopped(body: &str, memory: usize, kind: ScriptErrorKind) -> Runtime {
    let mut runtime = app(body, memory);
    runtime.set_variable("n", ScriptValue::Int(10)).expect("int");
    let started = Instant::now();
    let outcome = runtime.call("runaway", vec![]);
    let took = started.elapsed();
    assert!(took < 4 * LIMIT, "{body:?} took {took:?}");
    let error = outcome.errors.first().unwrap_or_else(|| panic!("{body:?} was not stopped"));
    assert_eq!(error.kind, kind, "{body:?}: {error:?}");
    assert_eq!(&*error.function, "runaway");
    assert!(error.message.contains("limit"), "{}", error.message);
    assert!(error.kry_line.is_some_and(|l| (10..40).contains(&l)), "{error:?}");
    for expected in [11, 12] {
        let next = runtime.call("fine", vec![]);
        assert!(next.errors.is_empty(), "{body:?}: {:?}", next.errors);
        assert_eq!(runtime.variable("n"), Some(&ScriptValue::Int(expected)), "{body:?}");
    }
    let lua = runtime.call("lua_fine", vec![]);
    assert!(lua.errors.is_empty(), "{:?}", lua.errors);
    assert_eq!(runtime.variable("m"), Some(&ScriptValue::Int(1)));
    runtime
}

fn restarts(runtime: &mut Runtime) -> u64 {
    let health = runtime.health();
    health.iter().find(|h| h.language == "wren").map_or(0, |h| h.restarts)
}

#[test]
fn endless_loops_are_stopped_at_their_check_points() {
    for body in [
        " while (true) {} ",
        "\n  var i = 0\n  while (true) i = i + 1\n",
        "\n  var s = 0\n  for (i in 1..1e300) {\n    s = i\n  }\n",
        // A script cannot catch the stop and go on: every loop level reaches a check point.
        "\n  while (true) {\n    Fiber.new {\n      while (true) {}\n    }.try()\n  }\n",
    ] {
        let mut runtime = stopped(body, 64 * MIB, ScriptErrorKind::TimeLimit);
        assert_eq!(restarts(&mut runtime), 0, "{body:?}: the VM stayed");
    }
}

#[test]
fn the_time_limit_points_at_the_looping_line() {
    let mut runtime = app("\n  var x = 1\n  while (x > 0) x = x + 1\n", 64 * MIB);
    let outcome = runtime.call("runaway", vec![]);
    let error = outcome.errors.first().expect("stopped");
    assert_eq!(error.kind, ScriptErrorKind::TimeLimit, "{error:?}");
    // The body's first line (empty here) is line 10.
    assert_eq!(error.kry_line, Some(12), "{error:?}");
}

/// A loop inside Wren's core library (no check point) or a recursion without loops: the
/// worker is abandoned and the VM replaced, with the scripts and the shared variables.
#[test]
fn calls_without_check_points_are_stopped_by_replacing_the_vm() {
    for body in [
        " return (1..1e300).count ",
        "\n  var s = 0\n  (1..1e300).each {|i| s = i }\n",
        " return \"x\" * 1e9 ",
        "\n  var f = null\n  f = Fn.new {|k| k < 2 ? k : f.call(k - 1) + f.call(k - 2) }\n  return f.call(60)\n",
    ] {
        let mut runtime = stopped(body, 64 * MIB, ScriptErrorKind::TimeLimit);
        assert_eq!(restarts(&mut runtime), 1, "{body:?}");
    }
}

#[test]
fn memory_is_capped() {
    // Growing a little at a time: stopped at a loop's check point.
    let body = "\n  var l = []\n  while (true) l.add(List.filled(1000, l.count))\n";
    let mut runtime = stopped(body, 8 * MIB, ScriptErrorKind::MemoryLimit);
    assert_eq!(restarts(&mut runtime), 0);
    // One allocation past the limit: the VM is replaced.
    for body in [" return List.filled(1e8, 0) ", " return \"%(List.filled(1e6, \"x\"))\" "] {
        let mut runtime = stopped(body, 8 * MIB, ScriptErrorKind::MemoryLimit);
        assert_eq!(restarts(&mut runtime), 1, "{body:?}");
        let health = runtime.health();
        let wren = health.iter().find(|h| h.language == "wren").expect("wren");
        assert!(wren.memory_bytes.is_some_and(|m| m < 8 * MIB), "{wren:?}");
    }
}

#[test]
fn deep_recursion_is_contained() {
    let body = "\n  var f = null\n  f = Fn.new {|k| f.call(k + 1) + 1 }\n  return f.call(0)\n";
    stopped(body, 8 * MIB, ScriptErrorKind::MemoryLimit);
    // Code nesting deeper than the compiler may recurse is refused before it compiles.
    let mut b = AppBuilder::new();
    b.function(WREN, "deep", &[], &format!(" return {}1{} ", "(".repeat(500), ")".repeat(500)), 3);
    let runtime = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
    let error = &runtime.errors()[0];
    assert_eq!(error.kind, ScriptErrorKind::StackLimit, "{error:?}");
    assert_eq!(error.kry_line, Some(3));
}

#[test]
fn no_module_reaches_files_or_compiles_code() {
    let probes = [
        " import \"io\" for File ",
        " import \"os\" for Process ",
        " import \"/etc/passwd\" ",
        " import \"meta\" for Meta ",
    ];
    let mut b = AppBuilder::new();
    b.int_var("n", 0);
    for (i, body) in probes.iter().enumerate() {
        b.module(WREN, &format!("probe{i}"), body, &[], 10 + i as u32);
    }
    b.module(
        WREN,
        "random",
        "import \"random\" for Random\nvar roll = Fn.new { Random.new(1).int(6) }\n",
        &[("roll", &[])],
        20,
    );
    let mut runtime = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
    let errors = runtime.errors().to_vec();
    assert_eq!(errors.len(), probes.len(), "{errors:?}");
    for (i, e) in errors.iter().enumerate() {
        assert_eq!(e.kry_line, Some(10 + i as u32), "{e:?}");
        assert!(
            e.message.contains("Could not load module") || e.message.contains("meta module"),
            "{e:?}"
        );
    }
    let roll = runtime.call("roll", vec![]);
    assert!(matches!(roll.returned[..], [ScriptValue::Int(1..=6)]), "{roll:?}");
}

#[test]
fn listeners_output_and_modules() {
    let mut b = AppBuilder::new();
    b.int_var("clicks", 0);
    b.button("b", "press", "noop");
    let module = r#"
var noop = Fn.new {}
var onPress = Fn.new {|event|
  clicks = clicks + 1
  System.print("pressed %(event["type"]) %(clicks)")
}
Kryon.getElementById("b").addEventListener("click", onPress)
System.write("loaded")
"#;
    b.module(WREN, "setup", module, &[("noop", &[])], 1);
    let mut runtime = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
    assert!(runtime.errors().is_empty(), "{:?}", runtime.errors());
    let outcome = runtime.click("b").expect("exists");
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert_eq!(outcome.output, ["pressed click 1"], "{outcome:?}");
    assert_eq!(runtime.variable("clicks"), Some(&ScriptValue::Int(1)));
}
