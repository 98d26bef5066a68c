//! The soak test (ignored by default; minutes long):
//!
//! ```sh
//! cargo test -p kryon-runtime --all-features --test runtime soak -- --ignored --nocapture
//! KRYON_SOAK_CALLS=500 cargo test ...   # a shorter run
//! ```
//!
//! `KRYON_SOAK_CALLS` (default 10,000) random handler calls, mixing the attacks of
//! `attacks/` with normal work, in one runtime with a VM per language: no call may crash the
//! process or take longer than twice its time budget (no VM gets stuck), the normal handlers
//! must keep giving the right answer, and the process's resident memory must stay flat (after
//! a warm-up, it may not grow by more than the memory budget of one VM).

use std::time::{Duration, Instant};

use crate::support::AppBuilder;
use krb_format::languages::LUA;
use kryon_runtime::{Runtime, ScriptValue, VMConfig, VMSettings};

const LIMIT: Duration = Duration::from_millis(50);
const MEMORY: usize = 16 << 20;

/// (language, name, body); a name starting with `attack` must fail, others must succeed.
fn handlers() -> Vec<(u8, &'static str, String)> {
    let mut all: Vec<(u8, &'static str, String)> = vec![
        (LUA, "work_lua", " n = n + 1 local s = ('ab'):rep(100):gsub('a', 'c') ".into()),
        (
            LUA,
            "attack_lua_pattern",
            r#" string.find(("a"):rep(5000), ("a*"):rep(12) .. "b") "#.into(),
        ),
        (LUA, "attack_lua_loop", " while true do end ".into()),
        (
            LUA,
            "attack_lua_memory",
            " local t = {} while true do t[#t + 1] = ('x'):rep(1000) .. #t end ".into(),
        ),
        (LUA, "attack_lua_gc", " setmetatable({}, { __gc = function() end }) ".into()),
        (
            LUA,
            "attack_lua_stack",
            " local t = setmetatable({}, { __index = function(t, k) return t[k] end }) return t.x "
                .into(),
        ),
    ];
    #[cfg(feature = "javascript-vm")]
    {
        use krb_format::languages::JAVASCRIPT;
        all.extend([
            (JAVASCRIPT, "work_js", " n = n + 1; [3, 1, 2].sort().join(','); ".to_string()),
            (JAVASCRIPT, "attack_js_regex", r#" /(a+)+$/.test("a".repeat(40) + "b"); "#.into()),
            (
                JAVASCRIPT,
                "attack_js_array",
                " Array.prototype.indexOf.call({ length: 2 ** 53 - 1 }, 1); ".into(),
            ),
            (
                JAVASCRIPT,
                "attack_js_memory",
                " const a = []; for (;;) a.push('x'.repeat(1000) + a.length); ".into(),
            ),
            (JAVASCRIPT, "attack_js_stack", " function f() { return f() + 1; } f(); ".into()),
        ]);
    }
    #[cfg(feature = "python-vm")]
    {
        use krb_format::languages::PYTHON;
        all.extend([
            (
                PYTHON,
                "work_py",
                "\n    global n\n    n = n + 1\n    x = sorted([3, 1, 2])\n".to_string(),
            ),
            (PYTHON, "attack_py_pow", "\n    x = 10 ** 10 ** 7\n".into()),
            (PYTHON, "attack_py_sum", "\n    x = sum(range(10 ** 13))\n".into()),
            (PYTHON, "attack_py_alloc", "\n    b = bytearray(2 ** 40)\n".into()),
            (
                PYTHON,
                "attack_py_del",
                "\n    class A:\n        def __del__(self):\n            pass\n".into(),
            ),
            (PYTHON, "attack_py_stack", "\n    def f(): return f() + 1\n    f()\n".into()),
        ]);
    }
    #[cfg(feature = "wren-vm")]
    {
        use krb_format::languages::WREN;
        all.extend([
            (WREN, "work_wren", " n = n + 1\n var s = [3, 1, 2].sort().join(\",\") ".to_string()),
            (WREN, "attack_wren_loop", " while (true) {} ".into()),
            (
                WREN,
                "attack_wren_memory",
                "\n  var l = []\n  while (true) l.add(List.filled(1000, l.count))\n".into(),
            ),
            (
                WREN,
                "attack_wren_fiber",
                "\n  while (true) {\n    Fiber.new {\n      while (true) {}\n    }.try()\n  }\n"
                    .into(),
            ),
        ]);
    }
    all
}

fn resident_bytes() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    statm.split_whitespace().nth(1).and_then(|p| p.parse::<usize>().ok()).unwrap_or(0) * 4096
}

#[test]
#[ignore = "minutes long; run with --ignored"]
fn soak_random_attacks_and_work() {
    let calls: usize =
        std::env::var("KRYON_SOAK_CALLS").ok().and_then(|c| c.parse().ok()).unwrap_or(10_000);
    let handlers = handlers();
    let mut b = AppBuilder::new();
    b.int_var("n", 0);
    for (i, (language, name, body)) in handlers.iter().enumerate() {
        b.function(*language, name, &[], body, 10 + 10 * i as u32);
    }
    let settings = VMSettings::default().with_time_limit(LIMIT).with_memory_limit(MEMORY);
    let config = ["lua", "javascript", "python", "wren"]
        .into_iter()
        .fold(VMConfig::default(), |c, vm| c.with_settings(vm, settings.clone()));
    let mut runtime = Runtime::from_document(b.build(), config).expect("loads");
    // xorshift64: the same sequence every run.
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let (mut work, mut baseline) = (0i64, 0usize);
    for call in 0..calls {
        if call == calls.min(200) / 2 {
            baseline = resident_bytes();
        }
        let (_, name, _) = &handlers[next() as usize % handlers.len()];
        let started = Instant::now();
        let outcome = runtime.call(name, vec![]);
        let took = started.elapsed();
        assert!(
            took < 2 * LIMIT + Duration::from_millis(100),
            "call {call} `{name}` took {took:?}"
        );
        if name.starts_with("attack") {
            assert!(!outcome.errors.is_empty(), "call {call}: `{name}` was not stopped");
        } else {
            assert!(outcome.errors.is_empty(), "call {call} `{name}`: {:?}", outcome.errors);
            work += 1;
            assert_eq!(runtime.variable("n"), Some(&ScriptValue::Int(work)), "call {call}");
        }
    }
    let grown = resident_bytes().saturating_sub(baseline);
    println!("{calls} calls, {work} of them work; resident memory grew by {grown} bytes");
    for health in runtime.health() {
        println!("{health:?}");
    }
    assert!(grown < MEMORY + (16 << 20), "resident memory grew by {grown} bytes");
}
