//! Events: finding an element's handlers, evaluating their bound arguments, building the
//! event object, calling the function in its VM, and what came of it ([`DispatchOutcome`]).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::Instant;

use krb_format::{Document, EventKind, Handler};
use serde::Serialize;

use crate::dom::{set_checked, values, InputKind, Listener, ListenerEvent};
use crate::error::{DispatchError, ScriptError, ScriptErrorKind};
use crate::eval;
use crate::health::CallTime;
use crate::runtime::{Route, Runtime};
use crate::shared::VariableChange;
use crate::trace::{elapsed_ns, TraceStep};
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

impl DispatchOutcome {
    /// Appends what another call did.
    pub fn merge(&mut self, other: DispatchOutcome) {
        self.handlers += other.handlers;
        self.returned.extend(other.returned);
        self.changes.extend(other.changes);
        self.variables.extend(other.variables);
        self.errors.extend(other.errors);
        self.output.extend(other.output);
    }
}

/// An event handler's function, resolved at load: its VM and the VM's prepared slot.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PreparedHandler {
    route: Route,
    slot: Option<usize>,
}

/// The function every VM's prelude defines to call a listener by its slot.
const LISTENER_FUNCTION: &str = "__kry_listener";

/// A function to call and its arguments.
type Call<'d> = (Cow<'d, str>, Vec<ScriptValue>);

/// The event a handler runs for; made into the event object only for functions that take it.
#[derive(Clone, Copy)]
struct EventInfo<'a> {
    kind: EventKind,
    /// The element the event is at.
    index: Option<u32>,
    target: Option<&'a str>,
    value: Option<&'a ScriptValue>,
}

impl Runtime {
    /// The event object: `{type, target, id, value, text}`: `target` and `id` the element's
    /// id, `value` what an input reported (else the element's `value` property, so a 2025
    /// `handleNumberClick(element)` reads `element.value`), `text` the element's text.
    fn event_object(&self, event: EventInfo<'_>) -> ScriptValue {
        let mut object = BTreeMap::new();
        object.insert("type".to_string(), ScriptValue::from(event.kind.name()));
        let target = event.target.map(ScriptValue::from).unwrap_or_default();
        object.insert("id".to_string(), target.clone());
        object.insert("target".to_string(), target);
        let tree = self.dom.tree();
        let element = event.index.and_then(|i| tree.get(i));
        let value = match (event.value, element) {
            (Some(value), _) => Some(value.clone()),
            (None, Some(e)) => e.property("value").cloned(),
            (None, None) => None,
        };
        if let Some(value) = value {
            object.insert("value".to_string(), value);
        }
        if let Some(text) = element.and_then(|e| e.text.clone()) {
            object.insert("text".to_string(), ScriptValue::String(text));
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

    /// Fires an event at an element that exists, with the native behaviour of inputs first:
    /// a disabled element (or one inside a disabled element) gets no events; a value an input
    /// reports is typed by its kind and recorded; a click toggles a checkbox or selects a
    /// radio (unchecking the rest of its group), and the `change` event with the new value
    /// follows the click handlers. Handlers run before listeners added by scripts.
    pub(crate) fn fire(
        &mut self,
        kind: EventKind,
        index: u32,
        value: Option<ScriptValue>,
    ) -> DispatchOutcome {
        let mut outcome = DispatchOutcome::default();
        if kind != EventKind::Load && self.dom.tree().is_disabled(index) {
            return outcome;
        }
        let value = match value {
            Some(value) => match self.record_input(index, value, &mut outcome) {
                Some(value) => Some(value),
                None => return outcome,
            },
            None => None,
        };
        if let Some(tracer) = &mut self.tracer {
            let tree = self.dom.tree();
            let element = tree.get(index).and_then(|e| e.id.as_deref());
            let event = kind.name();
            tracer.observe(&TraceStep::Event { event, element, index, value: value.as_ref() });
        }
        let toggled =
            if kind == EventKind::Click { self.toggle(index, &mut outcome) } else { None };
        self.run_handlers(index, kind, value.clone(), &mut outcome);
        self.run_listeners(Some(index), ListenerEvent::Element(kind), value, &mut outcome);
        if let Some(new_value) = toggled {
            self.run_handlers(index, EventKind::Change, Some(new_value.clone()), &mut outcome);
            let change = ListenerEvent::Element(EventKind::Change);
            self.run_listeners(Some(index), change, Some(new_value), &mut outcome);
        }
        outcome
    }

    /// Records a value an input reported, typed by the input's kind (a number input's `"42"`
    /// is 42; a bool for a checkbox or radio sets `checked`); `None` when the value does not
    /// fit the input (an error in the outcome, and no event).
    fn record_input(
        &mut self,
        index: u32,
        value: ScriptValue,
        outcome: &mut DispatchOutcome,
    ) -> Option<ScriptValue> {
        let result = self.dom.with_tree_mut(|t| {
            let element = t.get(index)?;
            let kind = InputKind::of(element);
            if kind.is_toggle() {
                let checked = values::checked_of(&value);
                let changes = set_checked(t, index, checked);
                return Some(Ok((ScriptValue::Bool(checked), changes)));
            }
            Some(values::typed(element, value).map(|typed| {
                let changes = t.record_input(index, &typed).into_iter().collect();
                (typed, changes)
            }))
        });
        match result.ok().flatten() {
            Some(Ok((value, changes))) => {
                outcome.changes.extend(changes);
                Some(value)
            }
            Some(Err(message)) => {
                let target = self.dom.tree().get(index).and_then(|e| e.id.clone());
                let label = target.unwrap_or_else(|| format!("element{index}"));
                let error = ScriptError::new(ScriptErrorKind::Conversion, None, &label, message);
                outcome.errors.push(error.clone());
                self.record_error(error);
                None
            }
            None => None,
        }
    }

    /// A click's native effect on a checkbox or radio: the new value for the `change` event,
    /// or `None` (not a toggle, or a radio that was already checked).
    fn toggle(&mut self, index: u32, outcome: &mut DispatchOutcome) -> Option<ScriptValue> {
        let changed = self.dom.with_tree_mut(|t| {
            let element = t.get(index)?;
            let was = element.checked.unwrap_or(false);
            let value = match InputKind::of(element) {
                InputKind::Checkbox => ScriptValue::Bool(!was),
                InputKind::Radio if !was => match element.property("value") {
                    Some(v) if *v != ScriptValue::Nil => v.clone(),
                    _ => ScriptValue::Bool(true),
                },
                _ => return None,
            };
            let changes = set_checked(t, index, !was);
            Some((value, changes))
        });
        let (value, changes) = changed.ok().flatten()?;
        outcome.changes.extend(changes);
        Some(value)
    }

    /// Fires a document event a host reports (`keydown`, `keyup`, `resize`, `scroll`) at the
    /// listeners scripts added with `addEventListener` (or `onKeyDown`, `onResize`, ...);
    /// `data` (a map, such as `{key = "Enter"}`) is merged into the event object.
    pub fn fire_document_event(&mut self, name: &str, data: ScriptValue) -> DispatchOutcome {
        let mut outcome = DispatchOutcome::default();
        let name = crate::dom::document_event(name).unwrap_or_else(|| name.to_ascii_lowercase());
        if let Some(tracer) = &mut self.tracer {
            tracer.observe(&TraceStep::DocumentEvent { event: &name });
        }
        self.run_document_listeners(&name, data, &mut outcome);
        outcome
    }

    /// Calls the listeners of a document event.
    pub(crate) fn run_document_listeners(
        &mut self,
        name: &str,
        data: ScriptValue,
        outcome: &mut DispatchOutcome,
    ) {
        if !self.dom.has_listeners() {
            return;
        }
        for listener in self.dom.listeners_for(None, &ListenerEvent::Document(name.to_string())) {
            let mut object = match &data {
                ScriptValue::Map(map) => map.clone(),
                _ => BTreeMap::new(),
            };
            object.insert("type".to_string(), ScriptValue::from(name));
            let label = format!("{name} listener");
            self.call_listener(&listener, ScriptValue::Map(object), &label, outcome);
        }
    }

    /// Calls the listeners scripts added for an element event.
    fn run_listeners(
        &mut self,
        target: Option<u32>,
        event: ListenerEvent,
        value: Option<ScriptValue>,
        outcome: &mut DispatchOutcome,
    ) {
        if !self.dom.has_listeners() {
            return;
        }
        let listeners = self.dom.listeners_for(target, &event);
        if listeners.is_empty() {
            return;
        }
        let ListenerEvent::Element(kind) = event else { return };
        let id = target.and_then(|i| self.dom.tree().get(i).and_then(|e| e.id.clone()));
        let info = EventInfo { kind, index: target, target: id.as_deref(), value: value.as_ref() };
        let object = self.event_object(info);
        let label = match &id {
            Some(id) => format!("{} listener on #{id}", kind.name()),
            None => format!("{} listener", kind.name()),
        };
        for listener in listeners {
            self.call_listener(&listener, object.clone(), &label, outcome);
        }
    }

    fn call_listener(
        &mut self,
        listener: &Listener,
        event: ScriptValue,
        label: &str,
        outcome: &mut DispatchOutcome,
    ) {
        let route = Route { language: listener.language, params: 2, value_param: false };
        let first_error = outcome.errors.len();
        let args = vec![ScriptValue::Int(listener.slot), event];
        self.invoke_route(LISTENER_FUNCTION, route, None, args, None, outcome);
        for error in &mut outcome.errors[first_error..] {
            if &*error.function == LISTENER_FUNCTION {
                error.function = label.into();
            }
        }
        if let Some(last) = self.errors.last_mut() {
            if &*last.function == LISTENER_FUNCTION {
                last.function = label.into();
            }
        }
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
            let event = EventInfo { kind, index: Some(index), target, value: value.as_ref() };
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
                let value = matches!(event.kind, EventKind::Change | EventKind::Submit)
                    && route.value_param;
                match (value, event.value) {
                    (true, Some(v)) => args.push(v.clone()),
                    _ => args.push(self.event_object(event)),
                }
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
        let traced = self.tracer.is_some().then(Instant::now);
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
        let lost = vm.is_lost();
        if let (Some(tracer), Some(traced)) = (&mut self.tracer, traced) {
            tracer.observe(&TraceStep::Call {
                vm: route.language,
                function,
                args: &args,
                duration_ns: elapsed_ns(traced),
                returned: result.as_ref().ok(),
            });
        }
        self.record_call(route.language, time, result.as_ref().err());
        // What the call printed comes before what became of it.
        self.take_output(outcome);
        let mut restart = failed || lost;
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
        self.begin_sync_trace(route.language, function);
        self.sync_pending(route.language, pending, outcome);
        self.end_sync_trace();
        if restart {
            self.restart_vm(route.language, outcome);
        }
    }
}
