//! The Python VM's budgets. RustPython has no instruction hook or memory cap, but it checks
//! for pending "signals" between bytecode instructions: a watchdog thread per VM watches the
//! running call and, once it is over its time limit or its memory limit, sends the
//! interpreter a signal that stops the call.
//!
//! Memory is what the interpreter holds, as counted by the [`MeteredAllocator`] when the
//! application installs it (`kryc run` does); without it, the growth of the process's
//! resident memory during the call (Linux only; other threads count too).
//!
//! Stopping takes two steps, because RustPython checks signals before every instruction but
//! raising there is only sound where the value stack matches the exception table:
//! - At a safe point (a backward jump, which every loop has, or the start of a function) the
//!   signal raises `KeyboardInterrupt`, as CPython does on Ctrl-C: `finally` blocks run.
//!   Raised anywhere else (inside an `except` block, after an `EXTENDED_ARG`) the exception
//!   would corrupt the frame and the interpreter would panic, so elsewhere the signal wakes
//!   the watchdog thread, which sends it again at once, until the frame reaches one.
//! - It also installs a trace function on every frame of the call. RustPython propagates an
//!   error of a trace function straight out of the frame, past its `except` clauses, so the
//!   next new line, call or return in any frame ends that frame. An `except BaseException`
//!   that swallows the first `KeyboardInterrupt` therefore cannot keep the call alive; the
//!   trace function is removed when the call ends.
//!
//! Starting and ending a call costs one atomic increment each; the thread wakes every tick
//! (a tenth of the time limit, between 2 and 50 ms), reads the clock and, during a call, the
//! memory meter (or `/proc/self/statm`).
//!
//! [`MeteredAllocator`]: crate::MeteredAllocator

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rustpython_vm::bytecode::Instruction;
use rustpython_vm::function::FuncArgs;
use rustpython_vm::signal::{UserSignal, UserSignalSender};
use rustpython_vm::{PyObjectRef, PyResult, VirtualMachine};

use crate::alloc_meter::{metered_allocator_installed, Meter, MeterScope};
use crate::vm::Budget;

#[derive(Debug)]
struct WatchState {
    /// Odd while a call runs; bumped when one starts and when it ends.
    call: AtomicU64,
    /// 0: no budget hit in the current call; 1: time; 2: memory.
    hit: AtomicU8,
    alive: AtomicBool,
    /// The watchdog thread, woken to send the signal again when it came at an unsafe point.
    thread: OnceLock<std::thread::Thread>,
    time_limit: Option<Duration>,
    memory_limit: usize,
    /// The interpreter's allocations, when the metered allocator is installed.
    meter: Option<Meter>,
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
        let metered = metered_allocator_installed();
        let memory_limit = if metered || cfg!(target_os = "linux") { memory_limit } else { 0 };
        let state = Arc::new(WatchState {
            call: AtomicU64::new(0),
            hit: AtomicU8::new(0),
            alive: AtomicBool::new(true),
            thread: OnceLock::new(),
            time_limit,
            memory_limit,
            meter: metered.then(Meter::default),
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

    /// Counts this thread's allocations as the interpreter's until the scope ends; nothing
    /// without the metered allocator.
    pub fn meter(&self) -> Option<MeterScope<'_>> {
        self.state.meter.as_ref().map(Meter::attach)
    }

    /// The bytes the interpreter holds, when the metered allocator is installed.
    pub fn memory_usage(&self) -> Option<usize> {
        self.state.meter.as_ref().map(Meter::bytes)
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
    let _ = state.thread.set(std::thread::current());
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
                let rss = if state.meter.is_some() { 0 } else { resident_memory().unwrap_or(0) };
                let w = (call, Instant::now(), rss);
                watched = Some(w);
                w
            }
        };
        let budget = if state.time_limit.is_some_and(|l| started.elapsed() >= l) {
            Some(1)
        } else if state.memory_limit > 0 && over_memory_limit(state, memory) {
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

/// Whether the interpreter holds more than its limit (metered), or the process grew by more
/// than the limit since the call started with `resident` bytes.
fn over_memory_limit(state: &WatchState, resident: usize) -> bool {
    match &state.meter {
        Some(meter) => meter.bytes() > state.memory_limit,
        None => resident_memory().is_some_and(|m| m.saturating_sub(resident) > state.memory_limit),
    }
}

/// The signal that stops call `call`: traces every frame to end it at its next line, raises
/// `KeyboardInterrupt` at the next safe point and re-arms itself while that call runs.
fn stop(state: Arc<WatchState>, call: u64, sender: UserSignalSender) -> UserSignal {
    Box::new(move |vm: &VirtualMachine| -> PyResult<()> {
        if state.call.load(Ordering::Acquire) != call {
            return Ok(());
        }
        trace_to_stop(vm);
        if !at_safe_point(vm) {
            // Sending from here would run this signal again before the instruction does.
            if let Some(thread) = state.thread.get() {
                thread.unpark();
            }
            return Ok(());
        }
        let again = stop(Arc::clone(&state), call, sender.clone());
        let _ = sender.send(again);
        Err(budget_exception(vm))
    })
}

thread_local! {
    /// Where the running script was when the current call was first stopped: chunk and line.
    static STOPPED_AT: std::cell::RefCell<Option<(String, u32)>> =
        const { std::cell::RefCell::new(None) };
}

/// Whether a budget is stopping the call running on this thread (from the first stop until
/// the runtime reads where it happened).
pub(super) fn stopping() -> bool {
    STOPPED_AT.with(|at| at.borrow().is_some())
}

/// Where the last stopped call was stopped (chunk, line), taken once.
pub(super) fn take_stop_position() -> Option<(String, u32)> {
    STOPPED_AT.with(|at| at.borrow_mut().take())
}

/// The exception that stops a call; the first one of a call records where the script was
/// (the exception itself carries no frames: it is raised from outside the script's code).
fn budget_exception(vm: &VirtualMachine) -> rustpython_vm::builtins::PyBaseExceptionRef {
    STOPPED_AT.with(|at| {
        let mut at = at.borrow_mut();
        if at.is_none() {
            *at = vm.current_frame().map(|f| {
                let line = u32::try_from(f.f_lineno()).unwrap_or(u32::MAX);
                (f.code.source_path().as_str().to_string(), line)
            });
        }
    });
    let kind = vm.ctx.exceptions.keyboard_interrupt.to_owned();
    vm.new_exception_msg(kind, "stopped by the runtime's budget".into())
}

/// Installs a trace function that raises the budget exception on every frame of the call and
/// on frames it starts (the `call` event).
fn trace_to_stop(vm: &VirtualMachine) {
    if vm.use_tracing.get() {
        return;
    }
    let tracer: PyObjectRef = vm
        .new_function("_kryon_budget", |_: FuncArgs, vm: &VirtualMachine| -> PyResult<()> {
            Err(budget_exception(vm))
        })
        .into();
    let mut frame = vm.current_frame();
    while let Some(f) = frame {
        *f.trace.lock() = tracer.clone();
        frame = f.f_back(vm);
    }
    vm.trace_func.replace(tracer);
    vm.use_tracing.set(true);
}

/// Removes the trace function of [`trace_to_stop`] once the call is over.
pub(super) fn stop_tracing(vm: &VirtualMachine) {
    if vm.use_tracing.get() {
        vm.trace_func.replace(vm.ctx.none());
        vm.use_tracing.set(false);
    }
}

/// Whether the current frame's next instruction is one where an exception can be raised
/// before it runs: a backward jump or the start of a function, not after an `EXTENDED_ARG`
/// (whose argument would carry over to the handler). Outside any frame, anywhere is safe.
fn at_safe_point(vm: &VirtualMachine) -> bool {
    let Some(frame) = vm.current_frame() else { return true };
    // The frame has already stepped past the instruction it is about to run.
    let Some(next) = (frame.lasti() as usize).checked_sub(1) else { return false };
    let units = &frame.code.code.instructions;
    // Walk the instructions from the start (inline caches hold data, not opcodes) to `next`.
    let mut at = 0;
    let mut after_extended_arg = false;
    while at < next && at < units.len() {
        let op = units.read_op(at);
        after_extended_arg = matches!(op, Instruction::ExtendedArg);
        at += 1 + if after_extended_arg { 0 } else { op.cache_entries() };
    }
    if at != next || after_extended_arg {
        return false;
    }
    // An `EXTENDED_ARG` prefix belongs to the instruction it extends.
    while at < units.len() && matches!(units.read_op(at), Instruction::ExtendedArg) {
        at += 1;
    }
    if at >= units.len() {
        return false;
    }
    match units.read_op(at).deoptimize() {
        Instruction::JumpBackward { .. } => true,
        // RESUME at a function's start (not after `yield`, `yield from` or `await`).
        Instruction::Resume { .. } => at == next && u8::from(units.read_arg(at)) & 3 == 0,
        _ => false,
    }
}

/// The process's resident memory in bytes (Linux: `/proc/self/statm`).
fn resident_memory() -> Option<usize> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: usize = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}
