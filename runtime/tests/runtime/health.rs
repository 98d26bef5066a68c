//! `Runtime::health`: per-VM counters after a scripted sequence of calls and failures.

use std::time::Duration;

use crate::support::AppBuilder;
use krb_format::languages::LUA;
use kryon_runtime::{Runtime, VMConfig, VMSettings};

#[test]
fn counts_calls_failures_time_and_memory() {
    let mut b = AppBuilder::new();
    b.int_var("n", 0);
    b.function(LUA, "inc", &[], " n = n + 1 ", 1);
    b.function(LUA, "boom", &[], " error('boom') ", 2);
    b.function(LUA, "spin", &[], " while true do end ", 3);
    let settings = VMSettings::default().with_time_limit(Duration::from_millis(50));
    let config = VMConfig::default().with_settings("lua", settings);
    let mut runtime = Runtime::from_document(b.build(), config).expect("loads");
    for _ in 0..3 {
        runtime.call("inc", vec![]);
    }
    runtime.call("boom", vec![]);
    runtime.call("spin", vec![]);
    runtime.call("inc", vec![]);

    let health = runtime.health();
    assert_eq!(health.len(), 1);
    let lua = &health[0];
    assert_eq!(lua.language, "lua");
    assert_eq!(lua.calls, 6);
    assert_eq!(lua.errors, 2);
    assert_eq!(lua.time_limit_hits, 1);
    assert_eq!(lua.memory_limit_hits, 0);
    assert!(lua.max_call_ns >= 50_000_000, "{lua:?}");
    assert!(lua.total_call_ns >= lua.max_call_ns);
    assert!(lua.memory_bytes.is_some_and(|m| m > 0));
    assert!(lua.peak_memory_bytes >= lua.memory_bytes);
    let json = serde_json::to_value(&health).expect("serialises");
    assert_eq!(json[0]["calls"], 6);
}

/// Only a sample of short calls is timed (the VM's time check covers long ones), but every
/// call is counted and the time total covers all of them.
#[test]
fn sampled_timing_counts_every_call() {
    let mut b = AppBuilder::new();
    b.int_var("n", 0);
    b.function(LUA, "inc", &[], " n = n + 1 ", 1);
    let mut runtime = Runtime::from_document(b.build(), VMConfig::default()).expect("loads");
    for _ in 0..100 {
        runtime.call("inc", vec![]);
    }
    let lua = &runtime.health()[0];
    assert_eq!(lua.calls, 100);
    assert_eq!(lua.errors, 0);
    assert!(lua.max_call_ns > 0, "{lua:?}");
    assert!(lua.total_call_ns >= lua.max_call_ns, "{lua:?}");
    assert_eq!(runtime.variable("n"), Some(&kryon_runtime::ScriptValue::Int(100)));
}

/// A long call (here the first, which is sampled) does not inflate the time that stands for
/// the unsampled short calls after it.
#[test]
fn a_long_sampled_call_does_not_inflate_the_estimates() {
    let mut b = AppBuilder::new();
    b.int_var("n", 0);
    b.function(LUA, "inc", &[], " n = n + 1 ", 1);
    b.function(LUA, "spin", &[], " while true do end ", 2);
    let settings = VMSettings::default().with_time_limit(Duration::from_millis(50));
    let config = VMConfig::default().with_settings("lua", settings);
    let mut runtime = Runtime::from_document(b.build(), config).expect("loads");
    runtime.call("spin", vec![]);
    for _ in 0..64 {
        runtime.call("inc", vec![]);
    }
    let lua = &runtime.health()[0];
    assert_eq!(lua.calls, 65);
    assert_eq!(lua.time_limit_hits, 1);
    assert!(lua.max_call_ns >= 50_000_000, "{lua:?}");
    // 64 short calls take well under 20 ms between them, even on a loaded machine.
    assert!(lua.total_call_ns < lua.max_call_ns + 20_000_000, "{lua:?}");
}
