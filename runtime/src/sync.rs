//! Cross-VM synchronisation. After every call, the variables the VM changed are checked
//! against their types, stored, and published in one ordered batch: pushed to every other
//! active VM, re-rendered into every binding that depends on them, then told to the change
//! listeners. A value the type forbids is refused and the VM gets the stored value back.

use crate::dispatch::DispatchOutcome;
use crate::error::{ScriptError, ScriptErrorKind};
use crate::runtime::Runtime;
use crate::shared::VariableChange;
use crate::trace::TraceStep;
use crate::value::ScriptValue;
use crate::vm::PendingChanges;

impl Runtime {
    /// Collects what the last call into `language`'s VM changed and publishes it.
    pub(crate) fn sync_after_call(
        &mut self,
        language: &'static str,
        outcome: &mut DispatchOutcome,
    ) {
        let Some(vm) = self.registry.get_mut(language) else { return };
        let pending = vm.get_pending_changes();
        self.sync_pending(language, pending, outcome);
    }

    /// Moves what scripts printed into the outcome.
    pub(crate) fn take_output(&mut self, outcome: &mut DispatchOutcome) {
        let printed = self.dom.take_output();
        if printed.is_empty() {
            return;
        }
        if let Some(tracer) = &mut self.tracer {
            for line in &printed {
                tracer.observe(&TraceStep::Print { line });
            }
        }
        outcome.output.extend(printed);
    }

    /// Publishes what a call into `language`'s VM changed.
    pub(crate) fn sync_pending(
        &mut self,
        language: &'static str,
        pending: PendingChanges,
        outcome: &mut DispatchOutcome,
    ) {
        self.take_output(outcome);
        if !pending.elements.is_empty() {
            if let Some(tracer) = &mut self.tracer {
                tracer.observe(&TraceStep::Elements { vm: language, changes: &pending.elements });
            }
            outcome.changes.extend(pending.elements);
        }
        if pending.variables.is_empty() {
            return;
        }
        let mut changed = Vec::new();
        let mut push_back: Vec<(String, ScriptValue)> = Vec::new();
        let mut errors = Vec::new();
        for write in pending.variables {
            let error =
                |kind, message| ScriptError::new(kind, Some(language), &write.name, message);
            let written = match write.value {
                Ok(v) => v,
                Err(message) => {
                    errors.push(error(ScriptErrorKind::Conversion, message));
                    if let Some(stored) = self.shared.get(&write.name) {
                        push_back.push((write.name.clone(), stored.clone()));
                    }
                    continue;
                }
            };
            match self.shared.set(&write.name, written.clone()) {
                Ok(change) => {
                    if let Some((index, old)) = change {
                        changed.push((index, old));
                    }
                    // The store may hold it differently (`3.0` as `3`): give the VM the same.
                    if let Some(stored) = self.shared.get(&write.name) {
                        if *stored != written {
                            push_back.push((write.name.clone(), stored.clone()));
                        }
                    }
                }
                Err(message) => {
                    errors.push(error(ScriptErrorKind::VariableType, message));
                    if let Some(stored) = self.shared.get(&write.name) {
                        push_back.push((write.name.clone(), stored.clone()));
                    }
                }
            }
        }
        if let Some(vm) = self.registry.get_mut(language) {
            for (name, value) in &push_back {
                if let Err(e) = vm.set_global_variable(name, value) {
                    errors.push(e);
                }
            }
        }
        for e in errors {
            outcome.errors.push(e.clone());
            self.record_error(e);
        }
        self.publish(Some(language), changed, outcome);
    }

    /// Publishes stored changes (variable index, old value), in declaration order: to every
    /// VM except `source`, to the bindings, to the listeners.
    pub(crate) fn publish(
        &mut self,
        source: Option<&'static str>,
        mut changed: Vec<(usize, ScriptValue)>,
        outcome: &mut DispatchOutcome,
    ) {
        if changed.is_empty() {
            return;
        }
        changed.sort_by_key(|(index, _)| *index);
        let mut errors = Vec::new();
        for (language, vm) in self.registry.active_mut() {
            if Some(language) == source {
                continue;
            }
            for (index, _) in &changed {
                if let Some(var) = self.shared.variable(*index) {
                    if let Err(e) = vm.set_global_variable(&var.name, &var.value) {
                        errors.push(e);
                    }
                }
            }
        }
        let indices: Vec<usize> = changed.iter().map(|(i, _)| *i).collect();
        let (rendered, binding_errors) =
            self.templates.rerender(&self.doc, &self.shared, &self.dom, &indices);
        let changes_before = outcome.changes.len();
        outcome.changes.extend(rendered);
        errors.extend(binding_errors);
        let batch: Vec<VariableChange> = changed
            .into_iter()
            .filter_map(|(index, old)| {
                let var = self.shared.variable(index)?;
                Some(VariableChange {
                    name: var.name.clone(),
                    index,
                    old,
                    new: var.value.clone(),
                    source,
                })
            })
            .collect();
        if let Some(tracer) = &mut self.tracer {
            let (vm, function) = tracer.syncing();
            let vm = vm.or(source);
            for change in &batch {
                tracer.observe(&TraceStep::Change {
                    variable: &change.name,
                    vm,
                    function: function.as_deref(),
                    old: &change.old,
                    new: &change.new,
                });
            }
            let variables: Vec<&str> = batch.iter().map(|c| c.name.as_str()).collect();
            let vms: Vec<&'static str> =
                self.registry.active_languages().filter(|l| Some(*l) != source).collect();
            let bindings = &outcome.changes[changes_before..];
            tracer.observe(&TraceStep::Sync { variables: &variables, vms: &vms, bindings });
        }
        self.shared.notify(&batch);
        outcome.variables.extend(batch);
        for e in errors {
            outcome.errors.push(e.clone());
            self.record_error(e);
        }
    }
}
