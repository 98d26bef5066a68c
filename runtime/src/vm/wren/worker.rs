//! The worker thread that owns a Wren VM, and the host's side of it.
//!
//! Wren has no interrupt hook, so the VM runs on its own thread. Script loops reach a check
//! point (`Kryon.tick_`, inserted by `instrument.rs`) that stops the call once the host has
//! set the stop flag; the host sets it when the call's time limit passes. A call that
//! reaches no check point (a long operation inside Wren's core library, deep recursion
//! without loops) does not answer: after a grace period the host abandons the thread — it
//! is left to finish on its own, its results ignored — and the VM is reported lost, so the
//! runtime starts a new one with the scripts and the shared variables
//! (`ScriptVM::is_lost`). A refused allocation parks the worker for good and is handled the
//! same way. At most [`MAX_ABANDONED`] abandoned workers may be running; past that no new
//! Wren VM starts.
//!
//! The worker calls back into the host for DOM calls and printed lines; the host serves
//! them while it waits for the reply (the DOM handle never leaves the host's thread).

use std::sync::atomic::{AtomicBool, AtomicI32, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use super::alloc::Meter;
use super::engine::{Engine, Link};
use super::protocol::{Command, Event, Reply};
use crate::dom::DomHandle;
use crate::value::ScriptValue;

/// The worker's native stack: Wren calls between Wren functions do not recurse natively,
/// and the compiler's nesting is capped before it runs (`instrument.rs`).
const STACK_SIZE: usize = 32 * 1024 * 1024;

/// How long the host waits, after setting the stop flag, for a check point to stop the call.
const GRACE: Duration = Duration::from_millis(100);

/// Abandoned workers that may still be running before new Wren VMs are refused.
pub const MAX_ABANDONED: usize = 8;

/// Workers abandoned while running (a runaway in native code); a finished one counts down.
static ABANDONED: AtomicUsize = AtomicUsize::new(0);

/// How a wait for a reply ended without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lost {
    /// No check point stopped the call in time: the worker was abandoned.
    Time,
    /// The allocator refused a block: the worker is parked.
    Memory,
    /// The worker is gone (it failed).
    Gone,
}

/// The host's handle on a worker.
pub struct Worker {
    commands: Sender<Command>,
    events: Receiver<Event>,
    dom_replies: Sender<Result<ScriptValue, String>>,
    stop: Arc<AtomicBool>,
    meter: Arc<Meter>,
    /// Cleared when the thread ends, so an abandoned worker counts down.
    running: Arc<AtomicBool>,
    /// The worker's kernel thread id (0 until it runs; Linux only).
    tid: Arc<AtomicI32>,
}

impl Worker {
    /// Starts a worker with a new VM; waits for its prelude.
    pub fn start(
        prelude: String,
        shared: Vec<String>,
        memory_limit: usize,
    ) -> Result<Worker, String> {
        if ABANDONED.load(Ordering::Relaxed) >= MAX_ABANDONED {
            return Err(format!(
                "{MAX_ABANDONED} Wren VMs stopped for running past their budgets are still \
                 running; no new one is started"
            ));
        }
        let (commands, command_rx) = mpsc::channel::<Command>();
        let (event_tx, events) = mpsc::channel::<Event>();
        let (dom_replies, dom_rx) = mpsc::channel();
        let (ready_tx, ready_rx) = mpsc::channel::<Result<(), String>>();
        let stop = Arc::new(AtomicBool::new(false));
        let meter = Arc::new(Meter::new(memory_limit));
        let running = Arc::new(AtomicBool::new(true));
        let link = Link {
            events: event_tx,
            dom_replies: dom_rx,
            stop: stop.clone(),
            meter: meter.clone(),
        };
        let flag = running.clone();
        let tid = Arc::new(AtomicI32::new(0));
        let worker_tid = tid.clone();
        thread::Builder::new()
            .name("kryon-wren".into())
            .stack_size(STACK_SIZE)
            .spawn(move || {
                let _done = Finished(flag);
                worker_tid.store(current_tid(), Ordering::Relaxed);
                let mut engine = match Engine::new(link, &prelude, shared) {
                    Ok(engine) => {
                        let _ = ready_tx.send(Ok(()));
                        engine
                    }
                    Err(message) => {
                        let _ = ready_tx.send(Err(message));
                        return;
                    }
                };
                serve(&mut engine, &command_rx);
            })
            .map_err(|e| format!("the Wren worker thread could not start: {e}"))?;
        let worker = Worker { commands, events, dom_replies, stop, meter, running, tid };
        match ready_rx.recv() {
            Ok(Ok(())) => Ok(worker),
            Ok(Err(message)) => Err(message),
            Err(_) => Err("the Wren VM failed while starting".into()),
        }
    }

    pub fn memory_used(&self) -> usize {
        self.meter.used()
    }

    /// Runs a command and waits for its reply, serving the worker's DOM calls and output;
    /// `limit` is the time the command may take (`None`: no limit).
    pub fn run(
        &self,
        command: Command,
        limit: Option<Duration>,
        dom: &DomHandle,
    ) -> Result<Reply, Lost> {
        self.stop.store(false, Ordering::Relaxed);
        self.commands.send(command).map_err(|_| Lost::Gone)?;
        let started = Instant::now();
        let mut stopping = false;
        loop {
            let wait = match (limit, stopping) {
                (None, _) => None,
                (Some(limit), false) => Some(limit.saturating_sub(started.elapsed())),
                (Some(limit), true) => Some((limit + GRACE).saturating_sub(started.elapsed())),
            };
            let event = match wait {
                None => self.events.recv().map_err(|_| RecvTimeoutError::Disconnected),
                Some(wait) => self.events.recv_timeout(wait),
            };
            match event {
                Ok(Event::Reply(reply)) => return Ok(reply),
                Ok(Event::Print(line)) => {
                    let _ = dom.print(line);
                }
                Ok(Event::Dom { method, element, args }) => {
                    let result = dom.call(super::LANGUAGE, &method, element, &args);
                    let _ = self.dom_replies.send(result);
                }
                Ok(Event::MemoryRefused) => {
                    self.abandon();
                    return Err(Lost::Memory);
                }
                Err(RecvTimeoutError::Timeout) if !stopping => {
                    self.stop.store(true, Ordering::Relaxed);
                    stopping = true;
                }
                Err(RecvTimeoutError::Timeout) => {
                    self.abandon();
                    return Err(Lost::Time);
                }
                Err(RecvTimeoutError::Disconnected) => return Err(Lost::Gone),
            }
        }
    }

    /// Leaves the worker to itself: it is counted while it runs, its next allocation parks
    /// it for good, and until then it runs only when a CPU is otherwise idle.
    fn abandon(&self) {
        self.meter.revoke();
        idle(self.tid.load(Ordering::Relaxed));
        if self.running.load(Ordering::Relaxed) {
            ABANDONED.fetch_add(1, Ordering::Relaxed);
            // The thread counts itself down when it ends (see `Finished`).
            self.running.store(false, Ordering::Relaxed);
        }
    }
}

/// Clears the running flag when the worker thread ends; counts an abandoned worker down.
struct Finished(Arc<AtomicBool>);

impl Drop for Finished {
    fn drop(&mut self) {
        if !self.0.swap(false, Ordering::Relaxed) {
            // Not running any more by the host's account: this worker was abandoned.
            let _ =
                ABANDONED.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1));
        }
    }
}

/// The worker's loop: one command at a time until the host drops its sender.
fn serve(engine: &mut Engine, commands: &Receiver<Command>) {
    while let Ok(command) = commands.recv() {
        let reply = match command {
            Command::Interpret(code) => {
                let result = engine.interpret(&code).map(|()| ScriptValue::Nil);
                Reply::Ran(result, engine.shared_values())
            }
            Command::Call { name, args } => {
                let result = engine.call(&name, &args);
                Reply::Ran(result, engine.shared_values())
            }
            Command::HasFunction(name) => Reply::Bool(engine.has_function(&name)),
            Command::SetShared { name, value } => {
                Reply::Done(engine.set_shared(&name, &value).map(|()| ScriptValue::Nil))
            }
            Command::Global(name) => Reply::Value(engine.global(&name)),
            Command::SharedValues => Reply::Values(engine.shared_values()),
            Command::CollectGarbage => {
                engine.collect_garbage();
                Reply::Bool(true)
            }
        };
        if !engine.send(Event::Reply(reply)) {
            return;
        }
    }
}

#[cfg(target_os = "linux")]
fn current_tid() -> i32 {
    // SAFETY: gettid has no preconditions.
    unsafe { libc::gettid() }
}

#[cfg(not(target_os = "linux"))]
fn current_tid() -> i32 {
    0
}

/// Moves thread `tid` of this process to the idle scheduling class.
#[cfg(target_os = "linux")]
fn idle(tid: i32) {
    if tid > 0 {
        let param = libc::sched_param { sched_priority: 0 };
        // SAFETY: a thread of this process and a valid parameter; a failure changes nothing.
        unsafe {
            libc::sched_setscheduler(tid, libc::SCHED_IDLE, &param);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn idle(_tid: i32) {}
