//! Hot reload: a new build of the app replaces the running one, and the shared variables keep
//! their values.

use krb_format::Document;

use crate::dispatch::DispatchOutcome;
use crate::error::LoadError;
use crate::runtime::Runtime;

impl Runtime {
    /// Replaces the running app with `doc`, a new build of it (its `.kry` files were edited),
    /// and keeps the state a person has built up: every shared variable the new version still
    /// declares with a type that can hold its current value keeps that value (the others start
    /// from their new initial values), and change listeners stay registered.
    ///
    /// The new version loads like [`Runtime::from_document`], with the same [`VMConfig`] and
    /// the same VM factories, in new VMs: its module scripts run and its `load` handlers fire,
    /// then the kept values are set, pushed to every VM and re-rendered into the bindings. The
    /// element tree, the errors and the health counters are the new version's. If the new
    /// version cannot be loaded at all (a [`LoadError`]: a VM it needs is missing, a script
    /// name is invalid), the running app is left exactly as it was.
    ///
    /// The outcome holds what loading changed (as [`Runtime::load_outcome`]) followed by the
    /// restored variables' changes.
    ///
    /// [`VMConfig`]: crate::VMConfig
    pub fn reload(&mut self, doc: Document) -> Result<DispatchOutcome, LoadError> {
        let mut next = Runtime::with_registry(doc, self.config.clone(), self.registry.fresh())?;
        next.shared.take_listeners(&mut self.shared);
        // The observer follows the app (the new version's own loading is not traced: had it
        // failed, the observer would have stayed with the running app).
        next.tracer = self.tracer.take();
        let mut outcome = next.load_outcome.clone();
        for variable in self.shared.variables() {
            // A variable that is gone, or whose type changed, is refused: the new version's
            // declaration stands.
            if let Ok(restored) = next.set_variable(&variable.name, variable.value.clone()) {
                outcome.changes.extend(restored.changes);
                outcome.variables.extend(restored.variables);
                outcome.errors.extend(restored.errors);
            }
        }
        *self = next;
        Ok(outcome)
    }
}
