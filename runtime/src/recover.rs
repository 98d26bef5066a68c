//! Restarting a VM that cannot go on: one that failed inside a call (a panic in the engine,
//! caught here so the host keeps running) or whose memory is still near its limit after a
//! memory stop. The new VM gets the same context, the scripts that loaded before are loaded
//! again (a module's top-level code runs again), and every shared variable is restored from
//! the runtime's copy. Other globals of that VM are lost.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::dispatch::DispatchOutcome;
use crate::error::{ScriptError, ScriptErrorKind};
use crate::runtime::Runtime;

/// Runs `f` (a call into a VM), turning a panic inside it into a
/// [`ScriptErrorKind::VmFailure`] error.
pub(crate) fn guarded<T>(
    language: &'static str,
    function: &str,
    f: impl FnOnce() -> Result<T, ScriptError>,
) -> Result<T, ScriptError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let message = format!(
            "the {language} VM failed inside the call ({}); it was restarted with its \
             scripts and the shared variables",
            panic_text(payload.as_ref())
        );
        Err(ScriptError::new(ScriptErrorKind::VmFailure, Some(language), function, message))
    })
}

fn panic_text(payload: &(dyn Any + Send)) -> &str {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text
    } else {
        "a panic"
    }
}

/// A VM that still holds this many quarters of its memory limit after a memory stop is
/// restarted: its next call would only hit the limit again.
const STILL_FULL_QUARTERS: usize = 3;

impl Runtime {
    /// Whether the VM of `language` still uses most of its memory limit (after a memory stop,
    /// data the script kept in globals).
    pub(crate) fn memory_still_full(&mut self, language: &'static str) -> bool {
        let limit = self.config.settings(language).memory_limit;
        let Some(vm) = self.registry.get_mut(language) else { return false };
        vm.collect_garbage();
        let used = vm.memory_usage();
        limit > 0
            && used.is_some_and(|used| {
                used.saturating_mul(4) >= limit.saturating_mul(STILL_FULL_QUARTERS)
            })
    }

    /// Replaces the VM of `language` with a new one: the scripts that loaded before are
    /// loaded again, the element changes they make go into `outcome`, the variables they
    /// assign are overwritten by the shared variables' current values, and the handlers are
    /// prepared again. A failure while restarting is recorded; the VM is not restarted again
    /// from inside a restart.
    pub(crate) fn restart_vm(&mut self, language: &'static str, outcome: &mut DispatchOutcome) {
        if self.restarting {
            return;
        }
        self.restarting = true;
        let context = self.vm_context(language);
        match self.registry.restart(language, context) {
            Ok(_) => {
                if let Some(tracer) = &mut self.tracer {
                    tracer.observe(&crate::trace::TraceStep::Restart { vm: language });
                }
                self.stats_of(language).health.restarts += 1;
                // The VM's listener functions are gone; reloading its scripts adds them again.
                self.dom.drop_listeners_of(language);
                let mut reloaded = DispatchOutcome::default();
                for i in 0..self.scripts.len() {
                    if self.scripts[i].language() == language && self.scripts[i].loaded() {
                        self.load_script_at(i, &mut reloaded);
                    }
                }
                if let Some(vm) = self.registry.get_mut(language) {
                    // Only the element changes: the variables keep their current values.
                    let pending = vm.get_pending_changes();
                    reloaded.changes.extend(pending.elements);
                }
                self.push_shared_variables(language);
                outcome.changes.append(&mut reloaded.changes);
                outcome.errors.append(&mut reloaded.errors);
                self.prepare_handlers();
            }
            Err(message) => {
                let error = ScriptError::new(
                    ScriptErrorKind::VmFailure,
                    Some(language),
                    language,
                    format!("the {language} VM could not be restarted: {message}"),
                );
                outcome.errors.push(error.clone());
                self.record_error(error);
            }
        }
        self.restarting = false;
    }
}
