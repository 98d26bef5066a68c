//! The JavaScript VM (QuickJS through rquickjs): `javascript-vm` feature.
//!
//! QuickJS has no file, process or network access of its own, and no module loader is
//! installed (the `std`/`os` modules of quickjs-libc are not part of rquickjs). Budgets: the
//! runtime's memory limit and an interrupt handler that stops a call past its time limit
//! (QuickJS makes that exception uncatchable). Shared variables are accessor properties of
//! `globalThis` whose setters record the assignment (see `prelude.js`). A function body is wrapped as `function name(params) {<body>\n}` on the body's
//! first line (so error lines map one to one onto the `.kry` source) and evaluated as global
//! code, which makes the function, and every shared variable, a property of `globalThis`:
//! `counter--` at the top level of a function changes the shared variable.

mod alloc;
mod convert;

pub use convert::{from_js, to_js};

use std::cell::Cell;
use std::rc::Rc;

use rquickjs::function::Rest;
use rquickjs::{CaughtError, Context, Ctx, Function, Object, Persistent, Value};

use self::alloc::{BudgetAllocator, Usage};
use crate::dom::{DomHandle, Returns, DOCUMENT_FUNCTIONS, ELEMENT_METHODS};
use crate::error::{ScriptError, ScriptErrorKind};
use crate::value::ScriptValue;
use crate::vm::budget::{self, Budget};
use crate::vm::{
    CallClock, ChunkMap, PendingChanges, ScriptKind, ScriptSource, ScriptVM, SharedGlobals,
    VmContext,
};

const LANGUAGE: &str = "javascript";

/// The DOM API on top of two native functions: `dom(method, element, ...args)` and
/// `find(id)`. Element objects keep their index in a non-enumerable property.
const PRELUDE: &str = include_str!("prelude.js");

/// Array methods over huge lengths as JavaScript loops, or refused (they loop natively), and
/// `BigInt.prototype.toString` of huge numbers refused.
const NATIVE_GUARDS: &str = include_str!("native_guards.js");

/// A QuickJS runtime and context with the DOM API and the shared variables as globals.
pub struct JavaScriptVM {
    // The handles and the context must drop before the runtime they live in.
    store: Persistent<Object<'static>>,
    context: Context,
    runtime: rquickjs::Runtime,
    dirty: Rc<Cell<bool>>,
    usage: Rc<Usage>,
    clock: CallClock,
    vm: VmContext,
    shared: SharedGlobals,
    chunks: ChunkMap,
}

type Parts = (rquickjs::Runtime, Context, Persistent<Object<'static>>, Rc<Cell<bool>>, Rc<Usage>);

fn new_context(vm: &VmContext, clock: &CallClock) -> Result<Parts, String> {
    let usage = Rc::new(Usage::default());
    let allocator = BudgetAllocator { usage: Rc::clone(&usage) };
    let runtime = rquickjs::Runtime::new_with_alloc(allocator).map_err(|e| e.to_string())?;
    let context = Context::full(&runtime).map_err(|e| e.to_string())?;
    let dirty = Rc::new(Cell::new(false));
    let store = context.with(|ctx| {
        let store = install(&ctx, &vm.dom, &vm.shared_variables, &dirty)
            .map_err(|e| describe(&ctx, e).1)?;
        Ok::<_, String>(Persistent::save(&ctx, store))
    })?;
    // Enforced by the allocator (see `alloc.rs`), from here on.
    usage.set_limit(vm.settings.memory_limit);
    if clock.limit().is_some() {
        let clock = clock.clone();
        runtime.set_interrupt_handler(Some(Box::new(move || clock.over())));
    }
    Ok((runtime, context, store, dirty, usage))
}

fn install<'js>(
    ctx: &Ctx<'js>,
    dom: &DomHandle,
    shared: &[String],
    dirty: &Rc<Cell<bool>>,
) -> rquickjs::Result<Object<'js>> {
    let handle = dom.clone();
    let call = Function::new(
        ctx.clone(),
        move |ctx: Ctx<'js>, method: String, target: Option<f64>, args: Rest<Value<'js>>| {
            let args = args
                .0
                .iter()
                .map(from_js)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|m| rquickjs::Exception::throw_type(&ctx, &m))?;
            let target =
                target.map(
                    |t| if (0.0..=u32::MAX as f64).contains(&t) { t as u32 } else { u32::MAX },
                );
            match handle.call(LANGUAGE, &method, target, &args) {
                Ok(value) => to_js(&ctx, &value),
                Err(message) => Err(rquickjs::Exception::throw_message(&ctx, &message)),
            }
        },
    )?;
    let flag = Rc::clone(dirty);
    let mark = Function::new(ctx.clone(), move || flag.set(true))?;
    let handle = dom.clone();
    let print =
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, line: String| match handle.print(line) {
            Ok(()) => Ok(()),
            Err(message) => Err(rquickjs::Exception::throw_message(&ctx, &message)),
        })?;
    let table = |entries: &[(&str, Returns)]| -> Vec<Vec<Value<'js>>> {
        entries
            .iter()
            .map(|(name, returns)| {
                let name = rquickjs::String::from_str(ctx.clone(), name).map(Value::from);
                vec![
                    name.unwrap_or_else(|_| Value::new_undefined(ctx.clone())),
                    Value::new_int(ctx.clone(), *returns as i32),
                ]
            })
            .collect()
    };
    let guards: Function = ctx.eval(NATIVE_GUARDS)?;
    guards.call::<_, ()>(())?;
    let prelude: Function = ctx.eval(PRELUDE)?;
    prelude.call((
        call,
        shared.to_vec(),
        mark,
        print,
        table(ELEMENT_METHODS),
        table(DOCUMENT_FUNCTIONS),
    ))
}

/// The kind, message and stack of a failed evaluation, taking the pending exception.
fn describe(ctx: &Ctx<'_>, error: rquickjs::Error) -> (ScriptErrorKind, String, Option<String>) {
    match CaughtError::from_error(ctx, error) {
        CaughtError::Exception(e) => {
            let name: Option<String> = e.as_object().get("name").ok();
            let message = e.message().unwrap_or_default();
            let kind = if name.as_deref() == Some("SyntaxError") {
                ScriptErrorKind::Syntax
            } else {
                ScriptErrorKind::Runtime
            };
            let message = match name {
                Some(name) if !name.is_empty() => format!("{name}: {message}"),
                _ => message,
            };
            let stack = e.stack().filter(|s| !s.trim().is_empty());
            (kind, message, stack)
        }
        CaughtError::Value(v) => {
            let text = from_js(&v).map(|v| v.to_string()).unwrap_or_else(|_| format!("{v:?}"));
            (ScriptErrorKind::Runtime, format!("uncaught {text}"), None)
        }
        CaughtError::Error(e) => (ScriptErrorKind::Runtime, e.to_string(), None),
    }
}

impl JavaScriptVM {
    /// A [`ScriptError`] located in the `.kry` sources through the stack's `chunk:line`.
    fn error(&self, ctx: &Ctx<'_>, function: &str, error: rquickjs::Error) -> ScriptError {
        let allocation = matches!(error, rquickjs::Error::Allocation);
        let (kind, message, stack) = describe(ctx, error);
        // A refused allocation (QuickJS then throws an "out of memory" error, or `null` when
        // it cannot allocate even that).
        let refused = self.usage.take_refused();
        let out_of_memory = allocation || refused || message.contains("out of memory");
        let mut e = ScriptError::new(kind, Some(LANGUAGE), function, message);
        if let Some((file, line)) = stack.as_deref().and_then(|s| self.chunks.find_in(s)) {
            e.kry_file = Some(file.into());
            e.kry_line = Some(line);
        }
        e.traceback = stack.map(|s| self.chunks.in_kry_positions(&s).into_boxed_str());
        // QuickJS's own check of the native stack (`InternalError: stack overflow`).
        let too_deep = kind == ScriptErrorKind::Runtime
            && (e.message == "InternalError: stack overflow"
                || e.message == "RangeError: Maximum call stack size exceeded");
        let budget = self
            .clock
            .hit()
            .or(out_of_memory.then_some(Budget::Memory))
            .or(too_deep.then_some(Budget::Stack));
        match budget {
            // (QuickJS frees what the stopped call allocated as its references go.)
            Some(b) => {
                let memory = self.vm.settings.memory_limit;
                budget::into_budget_error(e, b, self.clock.limit(), memory, &self.chunks)
            }
            None => e,
        }
    }

    fn missing(name: &str) -> ScriptError {
        ScriptError::new(
            ScriptErrorKind::MissingFunction,
            Some(LANGUAGE),
            name,
            format!("no JavaScript function is named `{name}`"),
        )
    }
}

impl ScriptVM for JavaScriptVM {
    fn initialize(vm: VmContext) -> Result<JavaScriptVM, String> {
        if let Some(grant) = vm.settings.allow_modules.first() {
            // QuickJS is built without quickjs-libc: there is no `std` or `os` to grant.
            return Err(format!(
                "`{grant}` cannot be granted to JavaScript scripts: this VM has no modules \
                 or host capabilities to grant"
            ));
        }
        let clock = CallClock::new(vm.settings.time_limit);
        let (runtime, context, store, dirty, usage) = new_context(&vm, &clock)?;
        let shared = SharedGlobals::new(vm.shared_variables.clone());
        Ok(JavaScriptVM {
            store,
            context,
            runtime,
            dirty,
            usage,
            clock,
            vm,
            shared,
            chunks: ChunkMap::default(),
        })
    }

    fn bind_function_expression(name: &str, expression: &str) -> Option<String> {
        Some(format!("globalThis.{name} = ({expression}\n);\n"))
    }

    fn language(&self) -> &'static str {
        LANGUAGE
    }

    fn load_script(&mut self, script: &ScriptSource<'_>) -> Result<(), ScriptError> {
        let code = match script.kind {
            ScriptKind::Function { name, params } => {
                format!("function {name}({}) {{{}\n}}", params.join(", "), script.code)
            }
            ScriptKind::Module { .. } => script.code.to_string(),
        };
        self.chunks.add(script, 0);
        self.context.with(|ctx| {
            let mut options = rquickjs::context::EvalOptions::default();
            options.global = true;
            options.strict = false;
            options.filename = Some(script.chunk.to_string());
            self.clock.begin();
            ctx.eval_with_options::<(), _>(code, options)
                .map_err(|e| self.error(&ctx, script.label(), e))
        })
    }

    fn has_function(&self, name: &str) -> bool {
        self.context.with(|ctx| ctx.globals().get::<_, Value>(name).is_ok_and(|v| v.is_function()))
    }

    fn call_function(
        &mut self,
        name: &str,
        args: &[ScriptValue],
    ) -> Result<ScriptValue, ScriptError> {
        self.context.with(|ctx| {
            let function = match ctx.globals().get::<_, Value>(name) {
                Ok(v) => match v.into_function() {
                    Some(f) => f,
                    None => return Err(Self::missing(name)),
                },
                Err(_) => return Err(Self::missing(name)),
            };
            let mut call_args = rquickjs::function::Args::new(ctx.clone(), args.len());
            for arg in args {
                let value = to_js(&ctx, arg).map_err(|e| self.error(&ctx, name, e))?;
                call_args.push_arg(value).map_err(|e| self.error(&ctx, name, e))?;
            }
            self.clock.begin();
            let result: Value =
                function.call_arg(call_args).map_err(|e| self.error(&ctx, name, e))?;
            from_js(&result)
                .map_err(|m| ScriptError::new(ScriptErrorKind::Conversion, Some(LANGUAGE), name, m))
        })
    }

    fn set_global_variable(&mut self, name: &str, value: &ScriptValue) -> Result<(), ScriptError> {
        let shared = self.shared.contains(name);
        self.context.with(|ctx| {
            let converted = to_js(&ctx, value).and_then(|v| {
                if shared {
                    self.store.clone().restore(&ctx)?.set(name, v)
                } else {
                    ctx.globals().set(name, v)
                }
            });
            converted.map_err(|e| self.error(&ctx, name, e))
        })?;
        self.shared.synced(name, value);
        Ok(())
    }

    fn get_global_variable(&self, name: &str) -> Option<ScriptValue> {
        self.context.with(|ctx| {
            let value: Value = ctx.globals().get(name).ok()?;
            from_js(&value).ok()
        })
    }

    fn get_pending_changes(&mut self) -> PendingChanges {
        let dirty = self.dirty.replace(false);
        if !dirty && !self.shared.any_deep() {
            return PendingChanges { variables: Vec::new(), elements: self.vm.dom.take_changes() };
        }
        let (context, store, shared) = (&self.context, &self.store, &mut self.shared);
        let variables = context.with(|ctx| {
            let store = match store.clone().restore(&ctx) {
                Ok(store) => store,
                Err(_) => return Vec::new(),
            };
            let read = |_: usize, name: &str| {
                let value: Value = store.get(name).map_err(|e| e.to_string())?;
                from_js(&value)
            };
            if dirty {
                shared.diff(read)
            } else {
                // Arrays and objects can change in place, without an assignment.
                let deep: Vec<bool> =
                    (0..shared.names().len()).map(|i| shared.is_deep(i)).collect();
                shared.diff_where(|i| deep[i], read)
            }
        });
        PendingChanges { variables, elements: self.vm.dom.take_changes() }
    }

    fn memory_usage(&self) -> Option<usize> {
        Some(self.usage.used())
    }

    fn collect_garbage(&mut self) {
        self.runtime.run_gc();
    }

    fn budget_clock(&self) -> Option<&CallClock> {
        self.clock.limit().is_some().then_some(&self.clock)
    }

    fn reset(&mut self) -> Result<(), String> {
        self.clock = CallClock::new(self.clock.limit().unwrap_or_default());
        let (runtime, context, store, dirty, usage) = new_context(&self.vm, &self.clock)?;
        self.store = store;
        self.context = context;
        self.runtime = runtime;
        self.dirty = dirty;
        self.usage = usage;
        self.shared.clear();
        self.chunks.clear();
        Ok(())
    }
}

impl JavaScriptVM {
    /// The QuickJS runtime (memory limits, interrupt handlers).
    pub fn runtime(&self) -> &rquickjs::Runtime {
        &self.runtime
    }

    /// The QuickJS context, for hosts that want to add their own globals.
    pub fn context(&self) -> &Context {
        &self.context
    }
}
