//! Event dispatch through the runtime against a direct call into the same VM, per language,
//! and the cost of syncing one changed variable to two other VMs and one binding.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use krb_format::languages;
use kryon_runtime::{Runtime, VMConfig, VMSettings};
use support::{AppBuilder, Part};

/// A button `b` whose click calls `noop` in `language`, and one shared variable.
fn noop_app(language: u8, body: &str) -> Runtime {
    noop_app_with(language, body, VMConfig::default())
}

fn noop_app_with(language: u8, body: &str, config: VMConfig) -> Runtime {
    let mut b = AppBuilder::new();
    b.int_var("counter", 0);
    b.button("b", "b", "noop");
    b.function(language, "noop", &[], body, 1);
    Runtime::from_document(b.build(), config).expect("loads")
}

fn dispatch_lua(c: &mut Criterion) {
    let mut group = c.benchmark_group("dispatch_lua");
    let mut runtime = noop_app(languages::LUA, " local x = 1 ");
    group.bench_function("runtime_click", |b| b.iter(|| runtime.click("b").expect("exists")));
    // With a trace observer: one that does nothing (the steps built and handed over, two
    // clock reads), and one that formats each step as a JSON line as `--trace jsonl` does.
    runtime.set_observer(Some(Box::new(|_: &kryon_runtime::TraceStep<'_>| {})));
    group.bench_function("runtime_click_observed", |b| {
        b.iter(|| runtime.click("b").expect("exists"))
    });
    let mut bytes = 0usize;
    runtime.set_observer(Some(Box::new(move |step: &kryon_runtime::TraceStep<'_>| {
        bytes = bytes.wrapping_add(std::hint::black_box(step.to_json()).len());
    })));
    group.bench_function("runtime_click_traced_jsonl", |b| {
        b.iter(|| runtime.click("b").expect("exists"))
    });
    runtime.set_observer(None);
    // Without a time limit: no count hook, and every call is timed for the health counters.
    let unlimited = VMSettings::default().with_time_limit(Duration::ZERO);
    let config = VMConfig::default().with_settings("lua", unlimited);
    let mut runtime = noop_app_with(languages::LUA, " local x = 1 ", config);
    group.bench_function("runtime_click_no_time_limit", |b| {
        b.iter(|| runtime.click("b").expect("exists"))
    });
    let lua = mlua::Lua::new();
    lua.load("function noop() local x = 1 end").exec().expect("loads");
    let noop: mlua::Function = lua.globals().get("noop").expect("defined");
    group.bench_function("direct_mlua_call", |b| b.iter(|| noop.call::<()>(()).expect("runs")));
    // The same call in a state with the runtime's default budgets: a count hook every
    // `DEFAULT_CHECK_INTERVAL` instructions (a set hook slows every instruction) and the
    // default memory limit.
    let budgeted = mlua::Lua::new();
    budgeted.set_memory_limit(kryon_runtime::DEFAULT_MEMORY_LIMIT).expect("limit");
    let every =
        mlua::HookTriggers::new().every_nth_instruction(kryon_runtime::DEFAULT_CHECK_INTERVAL);
    budgeted.set_global_hook(every, |_, _| Ok(mlua::VmState::Continue)).expect("hook");
    budgeted.load("function noop() local x = 1 end").exec().expect("loads");
    let noop: mlua::Function = budgeted.globals().get("noop").expect("defined");
    group.bench_function("direct_mlua_call_with_hook", |b| {
        b.iter(|| noop.call::<()>(()).expect("runs"))
    });
    group.finish();
}

#[cfg(feature = "javascript-vm")]
fn dispatch_javascript(c: &mut Criterion) {
    let mut group = c.benchmark_group("dispatch_javascript");
    let mut runtime = noop_app(languages::JAVASCRIPT, " let x = 1; ");
    group.bench_function("runtime_click", |b| b.iter(|| runtime.click("b").expect("exists")));
    let rt = rquickjs::Runtime::new().expect("runtime");
    let context = rquickjs::Context::full(&rt).expect("context");
    context.with(|ctx| ctx.eval::<(), _>("function noop() { let x = 1; }").expect("loads"));
    group.bench_function("direct_rquickjs_call", |b| {
        b.iter(|| {
            context.with(|ctx| {
                let f: rquickjs::Function = ctx.globals().get("noop").expect("defined");
                f.call::<_, ()>(()).expect("runs")
            })
        })
    });
    group.finish();
}

#[cfg(not(feature = "javascript-vm"))]
fn dispatch_javascript(_: &mut Criterion) {}

#[cfg(feature = "python-vm")]
fn dispatch_python(c: &mut Criterion) {
    use rustpython_vm::compiler::Mode;
    let mut group = c.benchmark_group("dispatch_python");
    let mut runtime = noop_app(languages::PYTHON, "\n    x = 1\n");
    group.bench_function("runtime_click", |b| b.iter(|| runtime.click("b").expect("exists")));
    let interpreter = rustpython_vm::Interpreter::without_stdlib(Default::default());
    let (scope, noop) = interpreter.enter(|vm| {
        let scope = vm.new_scope_with_builtins();
        let code =
            vm.compile("def noop():\n    x = 1\n", Mode::Exec, "<bench>".into()).expect("ok");
        vm.run_code_obj(code, scope.clone()).expect("runs");
        let noop = scope.globals.get_item("noop", vm).expect("defined");
        (scope, noop)
    });
    group.bench_function("direct_rustpython_call", |b| {
        b.iter(|| interpreter.enter(|vm| noop.call((), vm).expect("runs")))
    });
    drop(scope);
    group.finish();
}

#[cfg(not(feature = "python-vm"))]
fn dispatch_python(_: &mut Criterion) {}

/// Wren: a click through the runtime, a call through `ScriptVM` (a round trip to the VM's
/// worker thread), the same with a value there and back, and a cold start (a new VM: worker
/// thread, Wren VM, prelude).
#[cfg(feature = "wren-vm")]
fn dispatch_wren(c: &mut Criterion) {
    use kryon_runtime::vm::{ScriptKind, ScriptSource, VmContext};
    use kryon_runtime::{DomHandle, ScriptValue, VMRegistry};
    let mut group = c.benchmark_group("dispatch_wren");
    let mut runtime = noop_app(languages::WREN, " var x = 1 ");
    group.bench_function("runtime_click", |b| b.iter(|| runtime.click("b").expect("exists")));
    let context = || VmContext {
        dom: DomHandle::default(),
        shared_variables: vec!["counter".to_string()],
        settings: VMSettings::default(),
    };
    let registry = VMRegistry::new();
    let mut vm = registry.create("wren", context()).expect("starts");
    let code = "var noop = Fn.new { }\nvar echo = Fn.new {|x| x }\n";
    let script =
        ScriptSource { chunk: "m", code, kind: ScriptKind::Module { name: "m" }, origin: None };
    vm.load_script(&script).expect("loads");
    group.bench_function("call_round_trip", |b| {
        b.iter(|| vm.call_function("noop", &[]).expect("runs"))
    });
    let value = ScriptValue::String("hello".into());
    group.bench_function("call_round_trip_with_a_value", |b| {
        b.iter(|| vm.call_function("echo", std::slice::from_ref(&value)).expect("runs"))
    });
    group.bench_function("cold_start", |b| {
        b.iter(|| drop(registry.create("wren", context()).expect("starts")))
    });
    group.finish();
}

/// MicroPython: a click through the runtime, a call by name straight into the VM, and the
/// cold start of a VM (a new wasmi instance of the compiled module, MicroPython's
/// initialisation and the prelude).
#[cfg(feature = "micropython-vm")]
fn dispatch_micropython(c: &mut Criterion) {
    use kryon_runtime::vm::VmContext;
    use kryon_runtime::{DomHandle, ScriptValue, VMRegistry};
    let mut group = c.benchmark_group("dispatch_micropython");
    let mut runtime = noop_app(languages::MICROPYTHON, "\n    x = 1\n");
    group.bench_function("runtime_click", |b| b.iter(|| runtime.click("b").expect("exists")));
    let context = || VmContext {
        dom: DomHandle::default(),
        shared_variables: vec!["counter".into()],
        settings: VMSettings::default(),
    };
    let registry = VMRegistry::new();
    let mut vm = registry.create("micropython", context()).expect("starts");
    let module = kryon_runtime::vm::ScriptSource {
        chunk: "bench",
        code: "def noop():\n    x = 1\ndef echo(v):\n    return v\n",
        kind: kryon_runtime::vm::ScriptKind::Module { name: "bench" },
        origin: None,
    };
    vm.load_script(&module).expect("loads");
    group.bench_function("call_by_name", |b| {
        b.iter(|| vm.call_function("noop", &[]).expect("runs"))
    });
    let value = ScriptValue::Array(vec![1.into(), "two".into(), 3.5.into()]);
    group.bench_function("call_round_trip_list", |b| {
        b.iter(|| vm.call_function("echo", std::slice::from_ref(&value)).expect("runs"))
    });
    group.bench_function("cold_start", |b| {
        b.iter(|| registry.create("micropython", context()).expect("starts"))
    });
    group.finish();
}

#[cfg(not(feature = "wren-vm"))]
fn dispatch_wren(_: &mut Criterion) {}
#[cfg(not(feature = "micropython-vm"))]
fn dispatch_micropython(_: &mut Criterion) {}

/// A Lua handler changing `counter`, synced to a JavaScript and a Python VM (when compiled
/// in) and one `Count: $counter` binding.
fn sync_one_variable(c: &mut Criterion) {
    let mut b = AppBuilder::new();
    b.int_var("counter", 0);
    b.text_template("label", &[Part::Text("Count: "), Part::Var("counter")]);
    b.button("plus", "+", "increment");
    b.function(languages::LUA, "increment", &[], " counter = counter + 1 ", 1);
    #[cfg(feature = "javascript-vm")]
    b.function(languages::JAVASCRIPT, "js_side", &[], " ", 2);
    #[cfg(feature = "python-vm")]
    b.function(languages::PYTHON, "py_side", &[], "\n    pass\n", 3);
    let others: &[&str] = &[
        #[cfg(feature = "javascript-vm")]
        "javascript",
        #[cfg(feature = "python-vm")]
        "python",
    ];
    let mut runtime = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
    let name = format!("lua_change_synced_to_{}_vms_and_1_binding", others.len());
    c.bench_function(&name, |b| b.iter(|| runtime.click("plus").expect("exists")));
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
}

criterion_group! {
    name = benches;
    config = config();
    targets = dispatch_lua, dispatch_javascript, dispatch_python, dispatch_wren, dispatch_micropython,
        sync_one_variable
}
criterion_main!(benches);
