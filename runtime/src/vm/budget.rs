//! Per-call budgets: [`CallClock`], the time limit as the Lua hook and the QuickJS interrupt
//! handler see it, and the errors a VM reports when a budget stops a call.
//!
//! Starting a call only bumps a counter: the clock starts at the first check the VM makes
//! during that call (at most one check interval after it began), so a short call never reads
//! the system clock.

use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use crate::error::{ScriptError, ScriptErrorKind};
use crate::vm::ChunkMap;

/// Which budget stopped a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    Time,
    Memory,
    /// The call nested too deep.
    Stack,
}

impl Budget {
    pub fn kind(self) -> ScriptErrorKind {
        match self {
            Budget::Time => ScriptErrorKind::TimeLimit,
            Budget::Memory => ScriptErrorKind::MemoryLimit,
            Budget::Stack => ScriptErrorKind::StackLimit,
        }
    }
}

#[derive(Debug)]
struct ClockState {
    limit: Option<Duration>,
    /// Bumped when a call starts.
    call: Cell<u64>,
    /// The call the clock was started for, and when.
    timed: Cell<(u64, Option<Instant>)>,
    /// The budget that stopped the current call.
    hit: Cell<Option<Budget>>,
}

/// The time budget of one VM's calls; clones share the state (the VM keeps one, its hook
/// another).
#[derive(Debug, Clone)]
pub struct CallClock {
    state: Rc<ClockState>,
}

impl CallClock {
    /// A clock for calls of at most `limit` (`Duration::ZERO`: no limit).
    pub fn new(limit: Duration) -> CallClock {
        let limit = (!limit.is_zero()).then_some(limit);
        let state = ClockState {
            limit,
            call: Cell::new(0),
            timed: Cell::new((0, None)),
            hit: Cell::new(None),
        };
        CallClock { state: Rc::new(state) }
    }

    /// A call starts.
    #[inline]
    pub fn begin(&self) {
        let s = &self.state;
        s.call.set(s.call.get().wrapping_add(1));
        if s.hit.get().is_some() {
            s.hit.set(None);
        }
    }

    /// Called from inside the VM every check interval: whether the current call is over its
    /// time limit (it stays over until the next [`CallClock::begin`]).
    pub fn over(&self) -> bool {
        let s = &self.state;
        if s.hit.get().is_some() {
            return true;
        }
        let Some(limit) = s.limit else { return false };
        let now = Instant::now();
        match s.timed.get() {
            (call, Some(started)) if call == s.call.get() => {
                if now.duration_since(started) >= limit {
                    s.hit.set(Some(Budget::Time));
                    return true;
                }
            }
            _ => s.timed.set((s.call.get(), Some(now))),
        }
        false
    }

    /// When the clock started for the current (or last) call: the VM's first time check
    /// during it; `None` when no check ran during that call (it was short, or there is no
    /// limit, so the VM never checks).
    #[inline]
    pub fn started(&self) -> Option<Instant> {
        let s = &self.state;
        match s.timed.get() {
            (call, started) if call == s.call.get() => started,
            _ => None,
        }
    }

    /// Records that the memory budget stopped the current call.
    pub fn hit_memory(&self) {
        self.state.hit.set(Some(Budget::Memory));
    }

    /// The budget that stopped the current call, if one did.
    pub fn hit(&self) -> Option<Budget> {
        self.state.hit.get()
    }

    pub fn limit(&self) -> Option<Duration> {
        self.state.limit
    }
}

/// The message of a call a budget stopped.
#[cfg_attr(
    not(any(feature = "lua-vm", feature = "javascript-vm", feature = "python-vm")),
    allow(dead_code)
)]
pub fn message(budget: Budget, time_limit: Option<Duration>, memory_limit: usize) -> String {
    match (budget, time_limit) {
        (Budget::Time, Some(limit)) => {
            format!("stopped: the call ran longer than its time limit of {}", show(limit))
        }
        (Budget::Time, None) => "stopped: the call ran longer than its time limit".to_string(),
        (Budget::Memory, _) => format!(
            "stopped: the VM needed more memory than its limit of {}",
            show_bytes(memory_limit)
        ),
        (Budget::Stack, _) => {
            "stopped: the call nested deeper than the VM's stack limit".to_string()
        }
    }
}

/// Turns an error into the budget error it really is: same function, position and
/// traceback, the budget's kind and message.
/// When the VM gave no position, the error points at the function's own script.
#[cfg_attr(
    not(any(feature = "lua-vm", feature = "javascript-vm", feature = "python-vm")),
    allow(dead_code)
)]
pub fn into_budget_error(
    mut error: ScriptError,
    budget: Budget,
    time_limit: Option<Duration>,
    memory_limit: usize,
    chunks: &ChunkMap,
) -> ScriptError {
    error.kind = budget.kind();
    error.message = message(budget, time_limit, memory_limit);
    if error.kry_line.is_none() {
        if let Some((file, line)) = chunks.locate_label(&error.function) {
            error.kry_file = Some(file.into());
            error.kry_line = Some(line);
        }
    }
    error
}

#[cfg_attr(
    not(any(feature = "lua-vm", feature = "javascript-vm", feature = "python-vm")),
    allow(dead_code)
)]
fn show(d: Duration) -> String {
    if d.as_secs() > 0 && d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

#[cfg_attr(
    not(any(feature = "lua-vm", feature = "javascript-vm", feature = "python-vm")),
    allow(dead_code)
)]
fn show_bytes(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_starts_at_the_first_check_of_a_call() {
        let clock = CallClock::new(Duration::from_millis(20));
        clock.begin();
        assert!(!clock.over());
        std::thread::sleep(Duration::from_millis(30));
        assert!(clock.over());
        assert_eq!(clock.hit(), Some(Budget::Time));
        assert!(clock.started().is_some_and(|s| s.elapsed() >= Duration::from_millis(30)));
        clock.begin();
        assert_eq!(clock.hit(), None);
        assert_eq!(clock.started(), None);
        assert!(!clock.over());
        assert!(clock.started().is_some());
    }

    #[test]
    fn messages_name_the_limit() {
        assert!(message(Budget::Time, Some(Duration::from_millis(200)), 0).contains("200 ms"));
        assert!(message(Budget::Memory, None, 64 << 20).contains("64 MiB"));
    }
}
