//! Events: finding an element's handlers, evaluating their bound arguments, building the
//! event object, calling the function in its VM, and what came of it ([`DispatchOutcome`]).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::rc::Rc;

use krb_format::{Document, EventKind, Handler};
use serde::Serialize;

use crate::error::{DispatchError, ScriptError, ScriptErrorKind};
use crate::eval;
use crate::runtime::Runtime;
use crate::shared::VariableChange;
use crate::tree::ElementChange;
use crate::value::ScriptValue;

/// What an event (or a call) did, in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DispatchOutcome {
    /// How many handlers ran.
    pub handlers: usize,
    /// The return value of each handler that returned normally, in order.
    pub returned: Vec<ScriptValue>,
    /// Element changes, for the host to apply to its tree: each handler's DOM calls in order,
    /// then the bindings its variable changes re-rendered.
    pub changes: Vec<ElementChange>,
    /// Shared variables that changed, batch by batch, each batch in declaration order.
    pub variables: Vec<VariableChange>,
    /// Script errors; the runtime is still usable after them.
    pub errors: Vec<ScriptError>,
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
        if let Some(value) = &value {
            let _ = self.dom.with_tree_mut(|t| t.record_input(index, value));
        }
        let mut outcome = DispatchOutcome::default();
        self.run_handlers(index, kind, value, &mut outcome);
        Ok(outcome)
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
            self.invoke(&function, args, Some(event), outcome);
        }
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
        mut args: Vec<ScriptValue>,
        event: Option<EventInfo<'_>>,
        outcome: &mut DispatchOutcome,
    ) {
        let Some(route) = self.routes.get(function).cloned() else {
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
        if let Some(event) = event {
            if route.params > args.len() {
                args.push(event.object());
            }
        }
        let Some(vm) = self.registry.get_mut(route.language) else { return };
        outcome.handlers += 1;
        match vm.call_function(function, &args) {
            Ok(value) => outcome.returned.push(value),
            Err(error) => {
                outcome.errors.push(error.clone());
                self.record_error(error);
            }
        }
        // A failed call may have changed things before it failed: sync those too.
        self.sync_after_call(route.language, outcome);
    }
}
