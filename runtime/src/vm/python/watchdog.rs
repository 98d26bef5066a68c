//! The Python VM's budgets. RustPython has no instruction hook or memory cap, but it checks
//! for pending "signals" between bytecode instructions: a watchdog thread per VM watches the
//! running call and, once it is over its time limit (or the process's resident memory grew by
//! more than the memory limit during the call, Linux only), sends the interpreter a signal
//! that raises `KeyboardInterrupt`. The signal re-arms itself until the call ends, so an
//! `except` clause cannot swallow it and carry on.
//!
//! Starting and ending a call costs one atomic increment each; the thread wakes every tick
//! (a tenth of the time limit, between 2 and 50 ms) and reads the clock and, during a call,
//! `/proc/self/statm`.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rustpython_vm::signal::{UserSignal, UserSignalSender};
use rustpython_vm::{PyResult, VirtualMachine};

use crate::vm::Budget;

#[derive(Debug)]
struct WatchState {
    /// Odd while a call runs; bumped when one starts and when it ends.
    call: AtomicU64,
    /// 0: no budget hit in the current call; 1: time; 2: memory.
    hit: AtomicU8,
    alive: AtomicBool,
    time_limit: Option<Duration>,
    memory_limit: usize,
}

/// The watchdog of one interpreter; stops its thread when dropped.
#[derive(Debug)]
pub(super) struct Watchdog {
    state: Arc<WatchState>,
    thread: Option<JoinHandle<()>>,
}

impl Watchdog {
    /// A watchdog sending its signals through `sender`; no thread when there is no budget to
    /// watch.
    pub fn start(sender: UserSignalSender, time_limit: Duration, memory_limit: usize) -> Watchdog {
        let time_limit = (!time_limit.is_zero()).then_some(time_limit);
        let memory_limit = if cfg!(target_os = "linux") { memory_limit } else { 0 };
        let state = Arc::new(WatchState {
            call: AtomicU64::new(0),
            hit: AtomicU8::new(0),
            alive: AtomicBool::new(true),
            time_limit,
            memory_limit,
        });
        let thread = (time_limit.is_some() || memory_limit > 0).then(|| {
            let watched = Arc::clone(&state);
            std::thread::Builder::new()
                .name("kryon-python-watchdog".into())
                .spawn(move || watch(&watched, &sender))
                .ok()
        });
        Watchdog { state, thread: thread.flatten() }
    }

    /// A call starts.
    #[inline]
    pub fn begin(&self) {
        self.state.hit.store(0, Ordering::Relaxed);
        self.state.call.fetch_add(1, Ordering::Release);
    }

    /// The call ends; returns the budget that stopped it, if one did.
    #[inline]
    pub fn end(&self) -> Option<Budget> {
        self.state.call.fetch_add(1, Ordering::Release);
        match self.state.hit.load(Ordering::Acquire) {
            1 => Some(Budget::Time),
            2 => Some(Budget::Memory),
            _ => None,
        }
    }

    pub fn time_limit(&self) -> Option<Duration> {
        self.state.time_limit
    }

    pub fn memory_limit(&self) -> usize {
        self.state.memory_limit
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.state.alive.store(false, Ordering::Release);
        if let Some(thread) = self.thread.take() {
            thread.thread().unpark();
            let _ = thread.join();
        }
    }
}

fn watch(state: &Arc<WatchState>, sender: &UserSignalSender) {
    let tick = state
        .time_limit
        .map_or(Duration::from_millis(10), |l| l / 10)
        .clamp(Duration::from_millis(2), Duration::from_millis(50));
    // The call being watched, when it was first seen and the resident memory then.
    let mut watched: Option<(u64, Instant, usize)> = None;
    while state.alive.load(Ordering::Acquire) {
        std::thread::park_timeout(tick);
        let call = state.call.load(Ordering::Acquire);
        if call.is_multiple_of(2) {
            watched = None;
            continue;
        }
        let (_, started, memory) = match watched {
            Some(w) if w.0 == call => w,
            _ => {
                let w = (call, Instant::now(), resident_memory().unwrap_or(0));
                watched = Some(w);
                w
            }
        };
        let budget = if state.time_limit.is_some_and(|l| started.elapsed() >= l) {
            Some(1)
        } else if state.memory_limit > 0
            && resident_memory().is_some_and(|m| m.saturating_sub(memory) > state.memory_limit)
        {
            Some(2)
        } else {
            None
        };
        if let Some(budget) = budget {
            if state.hit.load(Ordering::Acquire) == 0 {
                state.hit.store(budget, Ordering::Release);
            }
            // Sent again every tick: another interpreter in the process may take the flag.
            let _ = sender.send(stop(Arc::clone(state), call, sender.clone()));
        }
    }
}

/// The signal that stops call `call`: raises `KeyboardInterrupt` and re-arms itself while
/// that call runs.
fn stop(state: Arc<WatchState>, call: u64, sender: UserSignalSender) -> UserSignal {
    Box::new(move |vm: &VirtualMachine| -> PyResult<()> {
        if state.call.load(Ordering::Acquire) != call {
            return Ok(());
        }
        let again = stop(Arc::clone(&state), call, sender.clone());
        let _ = sender.send(again);
        let kind = vm.ctx.exceptions.keyboard_interrupt.to_owned();
        Err(vm.new_exception_msg(kind, "stopped by the runtime's budget".into()))
    })
}

/// The process's resident memory in bytes (Linux: `/proc/self/statm`).
fn resident_memory() -> Option<usize> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: usize = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}
