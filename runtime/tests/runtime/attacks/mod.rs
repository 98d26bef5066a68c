//! Attacks on the budgets, one module per class: native library calls with super-linear cost,
//! finalizers (code a VM runs with its hooks off), giant single allocations and deep
//! recursion, each in Lua, JavaScript and Python. Every attack must end within twice its time
//! budget with a contained error naming the function, its `.kry` line and the budget (or, for
//! what the sandbox refuses outright, the refusal), the host and the VM must carry on (a later
//! handler works), and the health counters must count the stop.

mod deep_recursion;
mod finalizers;
mod giant_allocations;
mod native_calls;

use std::time::{Duration, Instant};

use crate::support::AppBuilder;
use krb_format::languages::{JAVASCRIPT, LUA, PYTHON};
use kryon_runtime::{Runtime, ScriptErrorKind, ScriptValue, VMConfig, VMSettings};

/// The time budget of every attack.
pub const LIMIT: Duration = Duration::from_millis(250);
pub const MIB: usize = 1 << 20;
/// The memory budget of every attack.
pub const MEMORY: usize = 32 * MIB;

/// How an attack must end.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(not(feature = "python-vm"), allow(dead_code))]
pub enum Stop {
    Time,
    Memory,
    Stack,
    /// Time or memory, whichever the VM reaches first (an allocating loop).
    TimeOrMemory,
    /// Refused by the sandbox before it could run away: a script error whose message has
    /// this text.
    Refused(&'static str),
}

/// The line the attack's body starts on.
const LINE: u32 = 10;

/// A Python body from its lines (indented under the `def`).
pub fn py(lines: &[&str]) -> String {
    let mut body = String::from("\n");
    for line in lines {
        body.push_str("    ");
        body.push_str(line);
        body.push('\n');
    }
    body
}

/// The VM's name in settings and health.
fn vm_name(language: u8) -> &'static str {
    match language {
        LUA => "lua",
        JAVASCRIPT => "javascript",
        _ => "python",
    }
}

fn fine(language: u8) -> String {
    match language {
        LUA => " n = n + 1 ".into(),
        JAVASCRIPT => " n = n + 1; ".into(),
        _ => py(&["global n", "n = n + 1"]),
    }
}

/// Runs `body` as function `runaway` in `language` with the budgets above and checks that it
/// ends as `stop` says, then that a later handler still works.
pub fn attack(language: u8, body: &str, stop: Stop) {
    attack_with(language, body, stop, &[]);
}

/// [`attack`] with modules granted to the VM.
pub fn attack_with(language: u8, body: &str, stop: Stop, grants: &[&str]) {
    let mut b = AppBuilder::new();
    b.int_var("n", 0);
    b.function(language, "runaway", &[], body, LINE);
    b.function(language, "fine", &[], &fine(language), 40);
    let settings = VMSettings::default()
        .with_time_limit(LIMIT)
        .with_memory_limit(MEMORY)
        .with_allowed_modules(grants.iter().copied());
    let config = VMConfig::default().with_settings(vm_name(language), settings);
    let mut runtime = Runtime::from_document(b.build(), config).expect("loads");
    let started = Instant::now();
    let outcome = runtime.call("runaway", vec![]);
    let took = started.elapsed();
    let context = format!("{} attack {body:?}", vm_name(language));
    assert!(took < 2 * LIMIT, "{context}: took {took:?}");
    let error = outcome.errors.first().unwrap_or_else(|| panic!("{context}: not stopped"));
    let kind = match stop {
        Stop::Time => ScriptErrorKind::TimeLimit,
        Stop::Memory => ScriptErrorKind::MemoryLimit,
        Stop::Stack => ScriptErrorKind::StackLimit,
        Stop::TimeOrMemory if error.kind == ScriptErrorKind::TimeLimit => error.kind,
        Stop::TimeOrMemory => ScriptErrorKind::MemoryLimit,
        Stop::Refused(text) => {
            assert!(error.message.contains(text), "{context}: {error:?}");
            ScriptErrorKind::Runtime
        }
    };
    assert_eq!(error.kind, kind, "{context}: {error:?}");
    assert_eq!(&*error.function, "runaway", "{context}");
    assert!(
        error.kry_line.is_some_and(|l| (LINE..40).contains(&l)),
        "{context}: no .kry line in the attack: {error:?}"
    );
    if kind.is_budget() {
        assert!(error.message.contains("limit"), "{context}: {}", error.message);
    }
    // The VM carries on.
    let next = runtime.call("fine", vec![]);
    assert!(next.errors.is_empty(), "{context}: the next handler failed: {:?}", next.errors);
    assert_eq!(runtime.variable("n"), Some(&ScriptValue::Int(1)), "{context}");
    let health = runtime.health();
    let health = health.iter().find(|h| h.language == vm_name(language)).expect("health");
    assert_eq!((health.calls, health.errors), (2, 1), "{context}: {health:?}");
    let hits = match kind {
        ScriptErrorKind::TimeLimit => health.time_limit_hits,
        ScriptErrorKind::MemoryLimit => health.memory_limit_hits,
        ScriptErrorKind::StackLimit => health.stack_limit_hits,
        _ => 1,
    };
    assert_eq!(hits, 1, "{context}: {health:?}");
    for memory in [health.memory_bytes, health.peak_memory_bytes].into_iter().flatten() {
        assert!(memory <= MEMORY + 2 * MIB, "{context}: {memory} bytes in use: {health:?}");
    }
}

pub fn lua(body: &str, stop: Stop) {
    attack(LUA, body, stop);
}

#[cfg(feature = "javascript-vm")]
pub fn js(body: &str, stop: Stop) {
    attack(JAVASCRIPT, body, stop);
}

#[cfg(feature = "python-vm")]
pub fn python(lines: &[&str], stop: Stop) {
    attack(PYTHON, &py(lines), stop);
}

#[cfg(not(feature = "python-vm"))]
#[allow(dead_code)]
const _: u8 = PYTHON;
