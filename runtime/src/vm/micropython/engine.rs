//! One MicroPython instance in wasmi: the store and its host state, the exports the host
//! calls, and [`run`], through which every call into the module goes: it runs the call in
//! fuel slices, checks the time budget between slices, schedules a `KeyboardInterrupt` when
//! the budget is spent and abandons the call when MicroPython does not stop soon after (a long
//! operation in C never reaches a point where it checks for the interrupt).

use std::fmt;
use std::time::{Duration, Instant};

use wasmi::{
    AsContextMut, Error, Func, Instance, Linker, Memory, ResumableCall, Store, Table, Val,
};

use crate::dom::DomHandle;
use crate::vm::budget::Budget;

/// Fuel (about one wasm instruction each) between two checks of the clock.
const SLICE: u64 = 400_000;
/// How long past its time limit a call may run after the interrupt was scheduled before it is
/// abandoned (and the VM replaced).
const GRACE: Duration = Duration::from_millis(100);
/// Calls from the host into the module nested inside one another (each `invoke_*` of
/// MicroPython's `setjmp` and each DOM call is one); deeper is stopped as a stack budget, well
/// before the host's own stack could run out.
const MAX_NESTING: u32 = 600;

/// Why the host stopped a call (a wasmi host error).
#[derive(Debug, Clone)]
pub(super) enum Stop {
    /// `longjmp`: unwinds to the `invoke_*` of the matching `setjmp`.
    Longjmp,
    /// A budget was exceeded and the call could not be stopped from inside.
    Budget(Budget),
    /// `abort()` or another failure inside the module.
    Abort(String),
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::Longjmp => f.write_str("longjmp"),
            Stop::Budget(b) => write!(f, "the {b:?} budget stopped the call"),
            Stop::Abort(why) => f.write_str(why),
        }
    }
}

impl wasmi::errors::HostError for Stop {}

/// The exports the host uses.
#[derive(Clone, Copy)]
pub(super) struct Exports {
    pub memory: Memory,
    pub table: Table,
    pub malloc: Func,
    pub free: Func,
    pub set_threw: Func,
    pub stack_restore: Func,
    pub stack_current: Func,
    pub interrupt: Func,
}

/// The time budget of the current call.
#[derive(Debug, Default)]
pub(super) struct Clock {
    pub limit: Option<Duration>,
    started: Option<Instant>,
    interrupted: bool,
}

enum Slice {
    Go,
    Interrupt,
    Abandon,
}

impl Clock {
    pub fn begin(&mut self) {
        self.started = self.limit.map(|_| Instant::now());
        self.interrupted = false;
    }

    pub fn end(&mut self) {
        self.started = None;
    }

    /// Whether the interrupt was scheduled during the current (or last) call.
    pub fn interrupted(&self) -> bool {
        self.interrupted
    }

    fn slice(&mut self) -> Slice {
        let (Some(limit), Some(started)) = (self.limit, self.started) else { return Slice::Go };
        let spent = started.elapsed();
        if spent >= limit + GRACE {
            Slice::Abandon
        } else if spent >= limit && !self.interrupted {
            self.interrupted = true;
            Slice::Interrupt
        } else {
            Slice::Go
        }
    }
}

/// The store's data: what the host functions need.
pub(super) struct Host {
    pub dom: DomHandle,
    pub exports: Option<Exports>,
    pub clock: Clock,
    /// The most bytes the module's memory may grow to (`0`: no limit).
    pub memory_limit: u64,
    /// The memory limit refused a growth during the current call.
    pub memory_hit: bool,
    /// How deep host → module calls nest now.
    pub nesting: u32,
    /// Bytes written to standard output or error that do not end a line yet.
    pub stdout: Vec<u8>,
    /// When the VM started (`time.ticks_ms`).
    pub started: Instant,
    /// The state of `random`'s seed source.
    pub random: u64,
}

impl Host {
    pub fn new(dom: DomHandle, time_limit: Duration, memory_limit: usize) -> Host {
        Host {
            dom,
            exports: None,
            clock: Clock {
                limit: (!time_limit.is_zero()).then_some(time_limit),
                ..Clock::default()
            },
            memory_limit: memory_limit as u64,
            memory_hit: false,
            nesting: 0,
            stdout: Vec::new(),
            started: Instant::now(),
            random: 0x9E37_79B9_7F4A_7C15,
        }
    }

    pub fn exports(&self) -> Result<Exports, Error> {
        self.exports.ok_or_else(|| Error::host(Stop::Abort("the module is not started".into())))
    }
}

/// Calls `func`, in fuel slices, with the budget checks between them.
pub(super) fn run(
    mut ctx: impl AsContextMut<Data = Host>,
    func: Func,
    inputs: &[Val],
    outputs: &mut [Val],
) -> Result<(), Error> {
    let mut ctx = ctx.as_context_mut();
    if ctx.data().nesting >= MAX_NESTING {
        return Err(Error::host(Stop::Budget(Budget::Stack)));
    }
    ctx.data_mut().nesting += 1;
    let result = run_nested(&mut ctx, func, inputs, outputs);
    ctx.data_mut().nesting -= 1;
    result
}

fn run_nested(
    ctx: &mut wasmi::StoreContextMut<'_, Host>,
    func: Func,
    inputs: &[Val],
    outputs: &mut [Val],
) -> Result<(), Error> {
    refuel(ctx)?;
    let mut call = func.call_resumable(&mut *ctx, inputs, outputs)?;
    loop {
        match call {
            ResumableCall::Finished => return Ok(()),
            ResumableCall::HostTrap(trap) => return Err(trap.into_host_error()),
            ResumableCall::OutOfFuel(paused) => {
                match ctx.data_mut().clock.slice() {
                    Slice::Go => {}
                    Slice::Interrupt => {
                        // `mp_sched_keyboard_interrupt` only sets a flag the bytecode loop
                        // checks at its next jump.
                        let interrupt = ctx.data().exports()?.interrupt;
                        refuel(ctx)?;
                        interrupt.call(&mut *ctx, &[], &mut [])?;
                    }
                    Slice::Abandon => return Err(Error::host(Stop::Budget(Budget::Time))),
                }
                refuel(ctx)?;
                call = paused.resume(&mut *ctx, outputs)?;
            }
        }
    }
}

fn refuel(ctx: &mut wasmi::StoreContextMut<'_, Host>) -> Result<(), Error> {
    let fuel = ctx.get_fuel()?;
    if fuel < SLICE {
        ctx.set_fuel(SLICE)?;
    }
    Ok(())
}

/// A started MicroPython: the store, the instance and the Python-side entry function.
pub(super) struct Machine {
    pub store: Store<Host>,
    pub instance: Instance,
}

impl Machine {
    /// Instantiates the module with the host's imports and runs its constructors.
    pub fn start(host: Host) -> Result<Machine, String> {
        let (engine, module) = super::wasm::module()?;
        let mut store = Store::new(engine, host);
        let mut linker = Linker::<Host>::new(engine);
        super::imports::define(&mut linker).map_err(|e| e.to_string())?;
        let instance = linker
            .instantiate_and_start(&mut store, module)
            .map_err(|e| format!("the MicroPython module cannot start: {e}"))?;
        let func = |name: &str| {
            instance
                .get_func(&store, name)
                .ok_or_else(|| format!("the MicroPython module has no `{name}` export"))
        };
        let exports = Exports {
            memory: instance
                .get_memory(&store, "memory")
                .ok_or("the MicroPython module exports no memory")?,
            table: instance
                .get_table(&store, "__indirect_function_table")
                .ok_or("the MicroPython module exports no function table")?,
            malloc: func("malloc")?,
            free: func("free")?,
            set_threw: func("setThrew")?,
            stack_restore: func("_emscripten_stack_restore")?,
            stack_current: func("emscripten_stack_get_current")?,
            interrupt: func("mp_sched_keyboard_interrupt")?,
        };
        store.data_mut().exports = Some(exports);
        let mut machine = Machine { store, instance };
        machine.call("emscripten_stack_init", &[], &mut [])?;
        machine.call("__wasm_call_ctors", &[], &mut [])?;
        Ok(machine)
    }

    /// Calls an export by name (errors as text).
    pub fn call(&mut self, name: &str, inputs: &[Val], outputs: &mut [Val]) -> Result<(), String> {
        let func = self
            .instance
            .get_func(&self.store, name)
            .ok_or_else(|| format!("the MicroPython module has no `{name}` export"))?;
        run(&mut self.store, func, inputs, outputs).map_err(|e| describe(&e))
    }

    pub fn exports(&self) -> Exports {
        self.store.data().exports.expect("set in Machine::start")
    }

    /// `malloc(len)` with `bytes` copied in.
    pub fn alloc_bytes(&mut self, bytes: &[u8]) -> Result<u32, Error> {
        alloc_bytes(&mut self.store, bytes)
    }

    pub fn free(&mut self, ptr: u32) -> Result<(), Error> {
        let free = self.exports().free;
        run(&mut self.store, free, &[Val::I32(ptr as i32)], &mut [])
    }

    /// The bytes the module's memory holds now.
    pub fn memory_size(&self) -> usize {
        self.exports().memory.data_size(&self.store)
    }
}

/// `malloc(bytes.len() + 1)` with `bytes` and a NUL copied in.
pub(super) fn alloc_bytes(
    mut ctx: impl AsContextMut<Data = Host>,
    bytes: &[u8],
) -> Result<u32, Error> {
    let mut ctx = ctx.as_context_mut();
    let exports = ctx.data().exports()?;
    let mut out = [Val::I32(0)];
    let len = i32::try_from(bytes.len() + 1)
        .map_err(|_| Error::host(Stop::Abort("a string too large for the module".into())))?;
    run(&mut ctx, exports.malloc, &[Val::I32(len)], &mut out)?;
    let ptr = out[0].i32().unwrap_or(0) as u32;
    if ptr == 0 {
        return Err(Error::host(Stop::Budget(Budget::Memory)));
    }
    let memory = exports.memory.data_mut(&mut ctx);
    let start = ptr as usize;
    let Some(slot) = memory.get_mut(start..start + bytes.len() + 1) else {
        return Err(Error::host(Stop::Abort("malloc returned memory out of bounds".into())));
    };
    slot[..bytes.len()].copy_from_slice(bytes);
    slot[bytes.len()] = 0;
    Ok(ptr)
}

/// A wasmi error as a message.
pub(super) fn describe(error: &Error) -> String {
    match error.downcast_ref::<Stop>() {
        Some(stop) => stop.to_string(),
        None => error.to_string(),
    }
}

/// The budget that stopped a call, when a budget did.
pub(super) fn budget_of(error: &Error) -> Option<Budget> {
    match error.downcast_ref::<Stop>() {
        Some(Stop::Budget(b)) => Some(*b),
        _ => None,
    }
}
