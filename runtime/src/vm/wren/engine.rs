//! The Wren VM itself, on its worker thread: configuration (allocator, output, errors,
//! module loading, foreign methods), the prelude, and the operations the worker runs for the
//! host. Nothing here is shared with another thread except through [`Link`].

use std::cell::{Cell, RefCell};
use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;

use wren_sys::*;

use super::alloc::{self, Meter};
use super::convert::{self, SCRATCH_SLOTS};
use super::prelude::{self, tags};
use super::protocol::{Diagnostic, Event, Failure, FailureKind};
use crate::value::ScriptValue;
use crate::vm::Budget;

const MODULE: &CStr = c"main";

/// What an `import "meta"` runs: the `meta` module compiles code at run time, which would
/// bypass the loop check points, so it is refused.
const META_REFUSED: &CStr = c"Fiber.abort(\"the meta module is not available to kryon scripts\")";

/// The worker's side of the channels to the host, and the flags the host sets.
pub struct Link {
    pub events: Sender<Event>,
    pub dom_replies: Receiver<Result<ScriptValue, String>>,
    /// Set by the host when the current call is past its time limit.
    pub stop: Arc<AtomicBool>,
    pub meter: Arc<Meter>,
}

/// What the callbacks reach through Wren's user data.
struct Ctx {
    link: Link,
    diagnostics: RefCell<Vec<Diagnostic>>,
    /// `System.write` text not yet ended by a newline.
    line: RefCell<String>,
    /// The budget a check point stopped the current call with.
    hit: Cell<Option<Budget>>,
}

unsafe fn ctx<'a>(vm: *mut WrenVM) -> &'a Ctx {
    &*(wrenGetUserData(vm) as *const Ctx)
}

unsafe fn text(ptr: *const c_char) -> String {
    if ptr.is_null() {
        String::new()
    } else {
        CStr::from_ptr(ptr).to_string_lossy().into_owned()
    }
}

/// Aborts the current fiber with `message`.
unsafe fn abort(vm: *mut WrenVM, message: &str) {
    wrenEnsureSlots(vm, 1);
    wrenSetSlotBytes(vm, 0, message.as_ptr().cast(), message.len());
    wrenAbortFiber(vm, 0);
}

unsafe extern "C" fn reallocate(
    memory: *mut c_void,
    size: usize,
    user_data: *mut c_void,
) -> *mut c_void {
    let ctx = &*(user_data as *const Ctx);
    match alloc::reallocate(&ctx.link.meter, memory, size) {
        Some(block) => block,
        None => {
            // Wren cannot take a refused allocation: this thread never returns to it. The host
            // drops the VM and starts another; the memory stays with this parked thread.
            let _ = ctx.link.events.send(Event::MemoryRefused);
            loop {
                std::thread::park();
            }
        }
    }
}

unsafe extern "C" fn write(vm: *mut WrenVM, text_ptr: *const c_char) {
    let ctx = ctx(vm);
    let mut line = ctx.line.borrow_mut();
    line.push_str(&text(text_ptr));
    while let Some(end) = line.find('\n') {
        let rest = line.split_off(end + 1);
        line.pop();
        let done = std::mem::replace(&mut *line, rest);
        let _ = ctx.link.events.send(Event::Print(done));
    }
}

unsafe extern "C" fn error(
    vm: *mut WrenVM,
    kind: WrenErrorType,
    _module: *const c_char,
    line: c_int,
    message: *const c_char,
) {
    let d = Diagnostic { kind, line: u32::try_from(line).unwrap_or(0), message: text(message) };
    ctx(vm).diagnostics.borrow_mut().push(d);
}

unsafe extern "C" fn load_module(_vm: *mut WrenVM, name: *const c_char) -> WrenLoadModuleResult {
    let source = if text(name) == "meta" { META_REFUSED.as_ptr() } else { std::ptr::null() };
    WrenLoadModuleResult { source, onComplete: None, userData: std::ptr::null_mut() }
}

/// `Kryon.tick_`: the check point of every script loop.
unsafe extern "C" fn tick(vm: *mut WrenVM) {
    let ctx = ctx(vm);
    if ctx.link.stop.load(Ordering::Relaxed) {
        ctx.hit.set(Some(Budget::Time));
        abort(vm, "stopped: time limit");
        return;
    }
    if ctx.link.meter.over_soft_limit() {
        wrenCollectGarbage(vm);
        if ctx.link.meter.over_soft_limit() {
            ctx.hit.set(Some(Budget::Memory));
            abort(vm, "stopped: memory limit");
            return;
        }
    }
    wrenSetSlotBool(vm, 0, true);
}

/// `Kryon.dom_(method, element, count, a0, a1, a2)`: a DOM call, run by the host. It reads
/// and writes only its own argument slots (no `wrenEnsureSlots`: growing the stack inside a
/// foreign method would leave Wren's interpreter with a stale pointer into it).
unsafe extern "C" fn dom(vm: *mut WrenVM) {
    let ctx = ctx(vm);
    let method = match convert::read_scalar(vm, 1) {
        Ok(ScriptValue::String(m)) => m,
        _ => return abort(vm, "Kryon.dom_ expects a method name"),
    };
    let element = match convert::read_scalar(vm, 2) {
        Ok(ScriptValue::Int(i)) => u32::try_from(i).ok(),
        _ => None,
    };
    let count = match convert::read_scalar(vm, 3) {
        Ok(ScriptValue::Int(n)) => n.clamp(0, 3) as c_int,
        _ => 0,
    };
    let mut args = Vec::with_capacity(count as usize);
    for slot in 4..4 + count {
        match convert::read_scalar(vm, slot) {
            Ok(value) => args.push(value),
            Err(message) => return abort(vm, &format!("{method}: {message}")),
        }
    }
    if ctx.link.events.send(Event::Dom { method, element, args }).is_err() {
        return abort(vm, "the host is gone");
    }
    match ctx.link.dom_replies.recv() {
        Ok(Ok(value)) => convert::write_scalar_or_encoded(vm, 0, &value),
        Ok(Err(message)) => abort(vm, &message),
        Err(_) => abort(vm, "the host is gone"),
    }
}

/// `KryTag_.new(kind)`.
unsafe extern "C" fn tag_allocate(vm: *mut WrenVM) {
    let kind = wrenGetSlotDouble(vm, 1) as u8;
    let data = wrenSetSlotNewForeign(vm, 0, 0, 1) as *mut u8;
    if !data.is_null() {
        *data = kind;
    }
}

unsafe extern "C" fn bind_method(
    _vm: *mut WrenVM,
    module: *const c_char,
    class: *const c_char,
    is_static: bool,
    signature: *const c_char,
) -> WrenForeignMethodFn {
    if text(module) != "main" || text(class) != "Kryon" || !is_static {
        return None;
    }
    match text(signature).as_str() {
        "dom_(_,_,_,_,_,_)" => Some(dom),
        "tick_" => Some(tick),
        _ => None,
    }
}

unsafe extern "C" fn bind_class(
    _vm: *mut WrenVM,
    module: *const c_char,
    class: *const c_char,
) -> WrenForeignClassMethods {
    let allocate: WrenForeignMethodFn =
        (text(module) == "main" && text(class) == "KryTag_").then_some(tag_allocate as _);
    WrenForeignClassMethods { allocate, finalize: None }
}

/// The call handles the host's operations use.
struct Handles {
    kryon: *mut WrenHandle,
    invoke: *mut WrenHandle,
    encode: *mut WrenHandle,
    listener: *mut WrenHandle,
    set_variable: *mut WrenHandle,
    shared: *mut WrenHandle,
}

/// A Wren VM with the prelude loaded.
pub struct Engine {
    vm: *mut WrenVM,
    ctx: Box<Ctx>,
    handles: Handles,
    shared: Vec<String>,
}

impl Engine {
    /// A new VM: configured, the prelude run.
    pub fn new(link: Link, prelude: &str, shared: Vec<String>) -> Result<Engine, String> {
        let limit = link.meter.limit();
        let ctx = Box::new(Ctx {
            link,
            diagnostics: RefCell::new(Vec::new()),
            line: RefCell::new(String::new()),
            hit: Cell::new(None),
        });
        // SAFETY: the configuration is initialised by Wren, then given our callbacks; the
        // context outlives the VM (both are owned by the engine, the VM freed first).
        unsafe {
            let mut config = std::mem::MaybeUninit::<WrenConfiguration>::uninit();
            wrenInitConfiguration(config.as_mut_ptr());
            let mut config = config.assume_init();
            config.reallocateFn = Some(reallocate);
            config.writeFn = Some(write);
            config.errorFn = Some(error);
            config.loadModuleFn = Some(load_module);
            config.bindForeignMethodFn = Some(bind_method);
            config.bindForeignClassFn = Some(bind_class);
            if limit > 0 {
                // Collect before the check points' soft limit, not only at Wren's 10 MB default.
                config.initialHeapSize = (limit / 4).min(config.initialHeapSize);
                config.minHeapSize = (limit / 8).min(config.minHeapSize);
            }
            config.userData = &*ctx as *const Ctx as *mut c_void;
            let vm = wrenNewVM(&mut config);
            if vm.is_null() {
                return Err("Wren could not start".into());
            }
            let null = std::ptr::null_mut();
            let handles = Handles {
                kryon: null,
                invoke: null,
                encode: null,
                listener: null,
                set_variable: null,
                shared: null,
            };
            let mut engine = Engine { vm, ctx, handles, shared };
            engine
                .interpret(prelude)
                .map_err(|f| format!("the Wren prelude failed: {}", f.message))?;
            wrenEnsureSlots(vm, 1);
            wrenGetVariable(vm, MODULE.as_ptr(), c"Kryon".as_ptr(), 0);
            engine.handles = Handles {
                kryon: wrenGetSlotHandle(vm, 0),
                invoke: wrenMakeCallHandle(vm, c"invoke_(_,_)".as_ptr()),
                encode: wrenMakeCallHandle(vm, c"enc_(_,_,_)".as_ptr()),
                listener: wrenMakeCallHandle(vm, c"listener_(_,_)".as_ptr()),
                set_variable: wrenMakeCallHandle(vm, c"setVariable(_,_)".as_ptr()),
                shared: wrenMakeCallHandle(vm, c"shared_".as_ptr()),
            };
            Ok(engine)
        }
    }

    /// Clears what the last operation left: diagnostics, the budget hit.
    fn begin(&self) {
        self.ctx.diagnostics.borrow_mut().clear();
        self.ctx.hit.set(None);
    }

    /// Sends an event to the host; `false` when the host is gone.
    pub fn send(&self, event: Event) -> bool {
        self.ctx.link.events.send(event).is_ok()
    }

    /// Sends what `System.write` left without a newline.
    pub fn flush_output(&self) {
        let rest = std::mem::take(&mut *self.ctx.line.borrow_mut());
        if !rest.is_empty() {
            let _ = self.ctx.link.events.send(Event::Print(rest));
        }
    }

    fn failure(&self, kind: FailureKind, message: String) -> Failure {
        let diagnostics = std::mem::take(&mut *self.ctx.diagnostics.borrow_mut());
        let stopped = self.ctx.link.stop.load(Ordering::Relaxed);
        let budget = self.ctx.hit.get().or(stopped.then_some(Budget::Time));
        Failure { kind, message, diagnostics, budget }
    }

    /// The failure after a call or interpret that did not succeed.
    fn failed(&self, result: WrenInterpretResult) -> Failure {
        let kind = if result == WrenInterpretResult_WREN_RESULT_COMPILE_ERROR {
            FailureKind::Compile
        } else {
            FailureKind::Runtime
        };
        self.failure(kind, String::new())
    }

    /// Compiles and runs module code in `main`.
    pub fn interpret(&mut self, code: &str) -> Result<(), Failure> {
        self.begin();
        let Ok(source) = CString::new(code) else {
            return Err(
                self.failure(FailureKind::Compile, "the code contains a NUL character".into())
            );
        };
        // SAFETY: a live VM; the source is a C string that outlives the call.
        let result = unsafe { wrenInterpret(self.vm, MODULE.as_ptr(), source.as_ptr()) };
        self.flush_output();
        if result == WrenInterpretResult_WREN_RESULT_SUCCESS {
            Ok(())
        } else {
            Err(self.failed(result))
        }
    }

    /// Whether `main` has a variable `name` (a module variable's name, checked by the caller).
    fn has_variable(&self, name: &str) -> bool {
        let Ok(name) = CString::new(name) else { return false };
        // SAFETY: a live VM; `main` exists once the prelude ran.
        unsafe { wrenHasVariable(self.vm, MODULE.as_ptr(), name.as_ptr()) }
    }

    /// Puts `main`'s variable `name` in `slot` (null when there is none).
    unsafe fn variable(&self, name: &str, slot: c_int) {
        match CString::new(name) {
            Ok(c) if prelude::is_module_variable(name) && self.has_variable(name) => {
                wrenGetVariable(self.vm, MODULE.as_ptr(), c.as_ptr(), slot)
            }
            _ => wrenSetSlotNull(self.vm, slot),
        }
    }

    /// Whether `main`'s variable `name` holds a function (`Fn`).
    pub fn has_function(&mut self, name: &str) -> bool {
        prelude::is_module_variable(name) && self.has_variable(name) && {
            // The encoder calls nothing and names the type of what cannot leave the VM.
            self.begin();
            // SAFETY: a live VM with enough slots.
            unsafe {
                wrenEnsureSlots(self.vm, 4 + SCRATCH_SLOTS);
                wrenSetSlotHandle(self.vm, 0, self.handles.kryon);
                self.variable(name, 1);
                wrenSetSlotDouble(self.vm, 2, 0.0);
                wrenSetSlotBool(self.vm, 3, false);
                wrenCall(self.vm, self.handles.encode) == WrenInterpretResult_WREN_RESULT_SUCCESS
                    && convert::read(self.vm, 0).is_err_and(|e| e.contains("Wren Fn "))
            }
        }
    }

    /// Calls `main`'s function `name` (or, for `__kry_listener`, a listener by slot).
    pub fn call(&mut self, name: &str, args: &[ScriptValue]) -> Result<ScriptValue, Failure> {
        self.begin();
        // SAFETY: a live VM with enough slots; handles made by this VM.
        let result = unsafe {
            let vm = self.vm;
            wrenEnsureSlots(vm, 3 + SCRATCH_SLOTS);
            wrenSetSlotHandle(vm, 0, self.handles.kryon);
            let handle = if name == "__kry_listener" {
                let slot = args.first().cloned().unwrap_or_default();
                let event = args.get(1).cloned().unwrap_or_default();
                for (i, v) in [(1, &slot), (2, &event)] {
                    convert::write(vm, i, v)
                        .map_err(|m| self.failure(FailureKind::Conversion, m))?;
                }
                self.handles.listener
            } else {
                if !(prelude::is_module_variable(name) && self.has_variable(name)) {
                    return Err(self.failure(FailureKind::Missing, String::new()));
                }
                self.variable(name, 1);
                let list = ScriptValue::Array(args.to_vec());
                convert::write(vm, 2, &list)
                    .map_err(|m| self.failure(FailureKind::Conversion, m))?;
                self.handles.invoke
            };
            wrenCall(vm, handle)
        };
        self.flush_output();
        if result != WrenInterpretResult_WREN_RESULT_SUCCESS {
            return Err(self.failed(result));
        }
        if self.ctx.link.stop.load(Ordering::Relaxed) {
            return Err(self.failure(FailureKind::Runtime, String::new()));
        }
        // SAFETY: the call's result is in slot 0.
        unsafe {
            if convert::tag(self.vm, 0) == Some(tags::NOT_A_FUNCTION) {
                return Err(self.failure(FailureKind::Missing, String::new()));
            }
            convert::read(self.vm, 0).map_err(|m| self.failure(FailureKind::Conversion, m))
        }
    }

    /// Sets a shared variable through `Kryon.setVariable`.
    pub fn set_shared(&mut self, name: &str, value: &ScriptValue) -> Result<(), Failure> {
        self.begin();
        // SAFETY: a live VM with enough slots.
        let result = unsafe {
            let vm = self.vm;
            wrenEnsureSlots(vm, 3 + SCRATCH_SLOTS);
            wrenSetSlotHandle(vm, 0, self.handles.kryon);
            wrenSetSlotBytes(vm, 1, name.as_ptr().cast(), name.len());
            convert::write(vm, 2, value).map_err(|m| self.failure(FailureKind::Conversion, m))?;
            wrenCall(vm, self.handles.set_variable)
        };
        if result == WrenInterpretResult_WREN_RESULT_SUCCESS {
            Ok(())
        } else {
            Err(self.failed(result))
        }
    }

    /// A module variable's value.
    pub fn global(&mut self, name: &str) -> Result<ScriptValue, String> {
        self.begin();
        // SAFETY: a live VM with enough slots.
        unsafe {
            let vm = self.vm;
            wrenEnsureSlots(vm, 4 + SCRATCH_SLOTS);
            wrenSetSlotHandle(vm, 0, self.handles.kryon);
            self.variable(name, 1);
            wrenSetSlotDouble(vm, 2, 0.0);
            wrenSetSlotBool(vm, 3, false);
            if wrenCall(vm, self.handles.encode) != WrenInterpretResult_WREN_RESULT_SUCCESS {
                let f = self.failed(WrenInterpretResult_WREN_RESULT_RUNTIME_ERROR);
                return Err(f.runtime_message());
            }
            convert::read(vm, 0)
        }
    }

    /// Every shared variable's value, in the order of the names given at start.
    pub fn shared_values(&mut self) -> Vec<Result<ScriptValue, String>> {
        self.begin();
        let names: Vec<&str> = self.shared.iter().map(String::as_str).collect();
        // SAFETY: a live VM with enough slots.
        let all = unsafe {
            let vm = self.vm;
            wrenEnsureSlots(vm, 2 + SCRATCH_SLOTS);
            wrenSetSlotHandle(vm, 0, self.handles.kryon);
            (wrenCall(vm, self.handles.shared) == WrenInterpretResult_WREN_RESULT_SUCCESS
                && wrenGetSlotType(vm, 0) == WrenType_WREN_TYPE_LIST)
                .then(|| {
                    let count = wrenGetListCount(vm, 0);
                    (0..count)
                        .map(|i| {
                            wrenGetListElement(vm, 0, i, 1);
                            convert::read(vm, 1)
                        })
                        .collect::<Vec<_>>()
                })
        };
        let mut values = all.unwrap_or_default().into_iter();
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let mut out = Vec::with_capacity(names.len());
        let mut fallback = false;
        for name in &names {
            if !prelude::is_module_variable(name) {
                out.push(Ok(ScriptValue::Nil));
                continue;
            }
            match values.next() {
                Some(v) if !fallback => out.push(v),
                _ => {
                    fallback = true;
                    out.push(self.global(name));
                }
            }
        }
        out
    }

    pub fn collect_garbage(&mut self) {
        // SAFETY: a live VM, outside any call.
        unsafe { wrenCollectGarbage(self.vm) }
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        // SAFETY: the handles belong to this VM; the VM is freed once, before its context.
        unsafe {
            for h in [
                self.handles.kryon,
                self.handles.invoke,
                self.handles.encode,
                self.handles.listener,
                self.handles.set_variable,
                self.handles.shared,
            ] {
                if !h.is_null() {
                    wrenReleaseHandle(self.vm, h);
                }
            }
            wrenFreeVM(self.vm);
        }
    }
}
