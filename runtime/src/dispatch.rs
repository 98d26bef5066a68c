//! Events: finding an element's handlers, evaluating their bound arguments, building the
//! event object, calling the function in its VM, and what came of it ([`DispatchOutcome`]).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::Instant;

use krb_format::{Document, EventKind, Handler};
use serde::Serialize;

use crate::error::{DispatchError, ScriptError, ScriptErrorKind};
use crate::eval;
use crate::health::CallTime;
use crate::runtime::{Route, Runtime};
use crate::shared::VariableChange;
use crate::tree::ElementChange;
use crate::value::ScriptValue;
use crate::vm::PendingChanges;

/// What an event (or a call) did, in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DispatchOutcome {
    /// How many handlers ran.
    pub handlers: usize,
    /// The return value of each handler that returned normally, in order; an event handler
    /// that returned `nil` (the usual case) is left out, so a click costs no allocation.
    /// [`Runtime::call`] always gives its function's return value, `nil` included.
    pub returned: Vec<ScriptValue>,
    /// Element changes, for the host to apply to its tree: each handler's DOM calls in order,
    /// then the bindings its variable changes re-rendered.
    pub changes: Vec<ElementChange>,
    /// Shared variables that changed, batch by batch, each batch in declaration order.
    pub variables: Vec<VariableChange>,
    /// Script errors; the runtime is still usable after them.
    pub errors: Vec<ScriptError>,
    /// What scripts printed (`print` in Lua and Python, `console.log` in JavaScript), a line
    /// per call, in order. The runtime never writes to the process's standard output.
    pub output: Vec<String>,
}

/// An event handler's function, resolved at load: its VM and the VM's prepared slot.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PreparedHandler {
    route: Route,
    slot: Option<usize>,
}

/// A function to call and its arguments.
type Call<'d> = (Cow<'d, str>, Vec<ScriptValue>);

/// The event a handler runs for; made into the event object only for functions that take it.
#[derive(Clone, Copy)]
struct EventInfo<'a> {
    kind: EventKind,
    target: Option<&'a str>,
    value: Option<&'a ScriptValue>,
}

impl EventInfo<'_> {
    /// `{type, target, value}` (`value` only for inputs).
    fn object(self) -> ScriptValue {
        let mut object = BTreeMap::new();
        object.insert("type".to_string(), ScriptValue::from(self.kind.name()));
        object.insert("target".to_string(), self.target.map(ScriptValue::from).unwrap_or_default());
        if let Some(value) = self.value {
            object.insert("value".to_string(), value.clone());
        }
        ScriptValue::Map(object)
    }
}

impl Runtime {
    /// Fires an event at the element with this `id`: every handler the element has for the
    /// event runs, in order, with its bound arguments and (when the function declares a
    /// parameter for it) an event object `{type, target, value}`. `value` is what an input
    /// reports (its new text, or `true`/`false` for a checkbox); the runtime records it on
    /// the element first.
    ///
    /// Script errors are in the outcome, not the `Err`: the only error is an unknown id.
    pub fn dispatch(
        &mut self,
        kind: EventKind,
        element_id: &str,
        value: Option<ScriptValue>,
    ) -> Result<DispatchOutcome, DispatchError> {
        let Some(index) = self.dom.tree().find(element_id) else {
            return Err(DispatchError::UnknownElement(element_id.to_string()));
        };
        Ok(self.fire(kind, index, value))
    }

    /// [`Runtime::dispatch`] to the element at `index` in the tree (pre-order, as
    /// [`Runtime::snapshot`] lists them and [`Runtime::find_by_text`] finds them).
    pub fn dispatch_at(
        &mut self,
        kind: EventKind,
        index: u32,
        value: Option<ScriptValue>,
    ) -> Result<DispatchOutcome, DispatchError> {
        if self.dom.tree().get(index).is_none() {
            return Err(DispatchError::NoElementAt(index));
        }
        Ok(self.fire(kind, index, value))
    }

    /// Fires an event at an element that exists.
    fn fire(&mut self, kind: EventKind, index: u32, value: Option<ScriptValue>) -> DispatchOutcome {
        if let Some(value) = &value {
            let _ = self.dom.with_tree_mut(|t| t.record_input(index, value));
        }
        let mut outcome = DispatchOutcome::default();
        self.run_handlers(index, kind, value, &mut outcome);
        outcome
    }

    /// The element a person means by its label, for elements without an id (a headless test
    /// clicking the button `7`): the first element in tree order that shows exactly `text`
    /// and has a handler for `kind`, or else the first that shows it.
    pub fn find_by_text(&self, text: &str, kind: EventKind) -> Option<u32> {
        let tree = self.dom.tree();
        let showing = || {
            tree.elements()
                .iter()
                .enumerate()
                .filter(|(_, e)| e.text.as_deref() == Some(text))
                .filter_map(|(i, _)| u32::try_from(i).ok())
        };
        let handles = |i: &u32| {
            self.doc
                .elements
                .get(*i as usize)
                .is_some_and(|e| self.doc.events_in(e.events).iter().any(|ev| ev.kind == kind))
        };
        showing().find(handles).or_else(|| showing().next())
    }

    /// `dispatch(EventKind::Click, id, None)`.
    pub fn click(&mut self, element_id: &str) -> Result<DispatchOutcome, DispatchError> {
        self.dispatch(EventKind::Click, element_id, None)
    }

    /// Calls a script function by name, in whichever VM defines it, then syncs what it
    /// changed like an event handler. Its return value is `outcome.returned[0]`; a failure is
    /// in `outcome.errors`.
    pub fn call(&mut self, function: &str, args: Vec<ScriptValue>) -> DispatchOutcome {
        let mut outcome = DispatchOutcome::default();
        self.invoke(function, args, None, &mut outcome);
        outcome
    }

    /// Sets a shared variable from the host: checked against its type, pushed to every VM
    /// and re-rendered into every binding, like a script's write.
    pub fn set_variable(
        &mut self,
        name: &str,
        value: ScriptValue,
    ) -> Result<DispatchOutcome, ScriptError> {
        let mut outcome = DispatchOutcome::default();
        let error = |message| ScriptError::new(ScriptErrorKind::VariableType, None, name, message);
        if let Some((index, old)) = self.shared.set(name, value).map_err(error)? {
            self.publish(None, vec![(index, old)], &mut outcome);
        }
        Ok(outcome)
    }

    /// Runs the handlers of one element for one event.
    pub(crate) fn run_handlers(
        &mut self,
        index: u32,
        kind: EventKind,
        value: Option<ScriptValue>,
        outcome: &mut DispatchOutcome,
    ) {
        // The document never changes after loading: hold it apart from `self`, so names and
        // arguments are borrowed from it, not copied, while the handlers run.
        let doc = Rc::clone(&self.doc);
        let Some(element) = doc.elements.get(index as usize) else { return };
        let span = element.events;
        let target = element.id.map(|id| doc.str(id));
        for (k, event) in doc.events_in(span).iter().enumerate() {
            if event.kind != kind {
                continue;
            }
            let (function, args) =
                match self.resolve(&doc, span.start + k as u32, kind, &event.handler) {
                    Ok(Some(call)) => call,
                    Ok(None) => continue,
                    Err(error) => {
                        outcome.errors.push(error.clone());
                        self.record_error(error);
                        continue;
                    }
                };
            let event = EventInfo { kind, target, value: value.as_ref() };
            // The function was resolved to its VM (and prepared there) at load.
            let prepared = self.prepared.get((span.start + k as u32) as usize);
            match prepared.copied().flatten() {
                Some(p) => {
                    self.invoke_route(&function, p.route, p.slot, args, Some(event), outcome)
                }
                None => self.invoke(&function, args, Some(event), outcome),
            }
        }
    }

    /// Resolves every event handler that names its function statically (a function, a call,
    /// an inline handler) to its VM once, and prepares the function there, so an event does
    /// not look the name up again. Runs after the scripts load (routes never change after).
    pub(crate) fn prepare_handlers(&mut self) {
        let doc = Rc::clone(&self.doc);
        let mut table = Vec::with_capacity(doc.events.len());
        for (i, event) in doc.events.iter().enumerate() {
            let name = match &event.handler {
                Handler::Function(f) | Handler::Call { function: f, .. } => Some(doc.str(*f)),
                Handler::Inline { .. } => {
                    u32::try_from(i).ok().and_then(|i| self.inline.get(&i)).map(String::as_str)
                }
                Handler::Dynamic(_) => None,
            };
            let prepared = name.and_then(|name| {
                let route = *self.routes.get(name)?;
                let slot = self.registry.get_mut(route.language)?.prepare_function(name);
                Some(PreparedHandler { route, slot })
            });
            table.push(prepared);
        }
        self.prepared = table;
    }

    /// The function a handler calls and its bound arguments, evaluated against the current
    /// variables; `None` for an inline handler whose code failed to load (already reported).
    fn resolve<'d>(
        &self,
        doc: &'d Document,
        event_index: u32,
        kind: EventKind,
        handler: &Handler,
    ) -> Result<Option<Call<'d>>, ScriptError> {
        Ok(Some(match handler {
            Handler::Function(f) => (Cow::Borrowed(doc.str(*f)), Vec::new()),
            Handler::Call { function, args } => (
                Cow::Borrowed(doc.str(*function)),
                args.iter().map(|a| eval::evaluate(doc, a, &self.shared)).collect(),
            ),
            Handler::Inline { .. } => match self.inline.get(&event_index) {
                Some(name) => (Cow::Owned(name.clone()), Vec::new()),
                None => return Ok(None),
            },
            Handler::Dynamic(v) => match eval::evaluate(doc, v, &self.shared) {
                ScriptValue::String(name) => (Cow::Owned(name), Vec::new()),
                other => {
                    let message = format!(
                        "the {} handler chose no function (its value is the {} `{other}`)",
                        kind.name(),
                        other.kind_name()
                    );
                    return Err(ScriptError::new(
                        ScriptErrorKind::MissingFunction,
                        None,
                        kind.name(),
                        message,
                    ));
                }
            },
        }))
    }

    /// Calls a function in its VM and syncs what it changed.
    fn invoke(
        &mut self,
        function: &str,
        args: Vec<ScriptValue>,
        event: Option<EventInfo<'_>>,
        outcome: &mut DispatchOutcome,
    ) {
        let Some(&route) = self.routes.get(function) else {
            let error = self.broken.get(function).cloned().unwrap_or_else(|| {
                ScriptError::new(
                    ScriptErrorKind::MissingFunction,
                    None,
                    function,
                    format!("no script defines a function named `{function}`"),
                )
            });
            outcome.errors.push(error.clone());
            self.record_error(error);
            return;
        };
        self.invoke_route(function, route, None, args, event, outcome);
    }

    /// Calls a function in the VM `route` names (through its prepared `slot`, when it has
    /// one) and syncs what it changed.
    fn invoke_route(
        &mut self,
        function: &str,
        route: Route,
        slot: Option<usize>,
        mut args: Vec<ScriptValue>,
        event: Option<EventInfo<'_>>,
        outcome: &mut DispatchOutcome,
    ) {
        // A DOM failure belongs to the call that made it.
        let _ = self.dom.take_failure();
        if let Some(event) = event {
            if route.params > args.len() {
                args.push(event.object());
            }
        }
        let Some(vm) = self.registry.get(route.language) else { return };
        // Timing a call costs two clock reads; when the VM checks its time limit from inside
        // calls, only a sample of calls is timed here (see `VmHealth::total_call_ns`).
        let vm_checks_time = vm.budget_clock().is_some();
        let timed = self.stats_of(route.language).time_next_call(vm_checks_time);
        let Some(vm) = self.registry.get_mut(route.language) else { return };
        outcome.handlers += 1;
        let started = timed.then(Instant::now);
        let result = crate::recover::guarded(route.language, function, || match slot {
            Some(slot) => vm.call_prepared(slot, function, &args),
            None => vm.call_function(function, &args),
        });
        let failed = matches!(&result, Err(e) if e.kind == ScriptErrorKind::VmFailure);
        // A call the VM's time check saw is long (or happened to straddle a check): measured,
        // but kept out of the mean that stands for unsampled short calls.
        let checked = vm.budget_clock().and_then(|c| c.started());
        let time = match (started, checked) {
            (Some(started), None) => CallTime::Sampled(started.elapsed()),
            (Some(started), Some(_)) => CallTime::Measured(started.elapsed()),
            (None, Some(checked)) => CallTime::Measured(checked.elapsed()),
            (None, None) => CallTime::Estimated,
        };
        // A failed call may have changed things before it failed: sync those too (a VM that
        // failed is not asked: its restart reports the element changes).
        let pending = if failed { PendingChanges::default() } else { vm.get_pending_changes() };
        self.record_call(route.language, time, result.as_ref().err());
        let mut restart = failed;
        match result {
            // An event handler's `nil` is not kept (no allocation for the usual click).
            Ok(ScriptValue::Nil) if event.is_some() => {}
            Ok(value) => outcome.returned.push(value),
            Err(mut error) => {
                self.name_inline_error(function, &mut error);
                // The host's failure is the cause when it is what the script raised (its
                // message travels in the script error); a failure the script handled is not.
                error.host_cause = self
                    .dom
                    .take_failure()
                    .filter(|m| error.message.contains(m.as_str()))
                    .map(String::into_boxed_str);
                if error.kind == ScriptErrorKind::MemoryLimit
                    && self.memory_still_full(route.language)
                {
                    error.message.push_str(
                        "; the VM's memory stayed near the limit, so it was restarted with its \
                         scripts and the shared variables",
                    );
                    restart = true;
                }
                outcome.errors.push(error.clone());
                self.record_error(error);
            }
        }
        self.sync_pending(route.language, pending, outcome);
        if restart {
            self.restart_vm(route.language, outcome);
        }
    }
}
