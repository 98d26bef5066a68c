//! Health monitoring: per-VM counters of calls, failures, time and memory
//! ([`Runtime::health`]).

use serde::Serialize;

use crate::error::{ScriptError, ScriptErrorKind};
use crate::runtime::Runtime;

/// How one VM has fared since the runtime loaded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VmHealth {
    /// The language (`lua`, `javascript`, `python`).
    pub language: &'static str,
    /// Calls of script functions (event handlers and [`Runtime::call`]).
    pub calls: u64,
    /// Calls that failed, budget stops included.
    pub errors: u64,
    /// Calls stopped by the time limit.
    pub time_limit_hits: u64,
    /// Calls stopped by the memory limit.
    pub memory_limit_hits: u64,
    /// Calls stopped by the stack limit (recursion too deep).
    pub stack_limit_hits: u64,
    /// Times the VM was replaced by a new one: it failed inside a call, or its memory stayed
    /// near the limit after a memory stop (the scripts are loaded again and the shared
    /// variables restored).
    pub restarts: u64,
    /// Time spent in calls, in nanoseconds. For a VM that checks its time limit from inside
    /// calls (Lua, JavaScript with a time limit) the runtime reads the clock around one call
    /// in [`TIMING_SAMPLE`] only: a call the VM's own time check saw is measured from that
    /// check (it misses at most one check interval), and every other call counts as the mean
    /// of the sampled calls. Python and VMs without a time limit: every call is measured.
    pub total_call_ns: u64,
    /// The longest call measured, in nanoseconds (see [`VmHealth::total_call_ns`]: a call
    /// neither sampled nor seen by the VM's time check is short and not measured).
    pub max_call_ns: u64,
    /// The memory the VM uses now, in bytes, when it reports it (Lua, JavaScript).
    pub memory_bytes: Option<usize>,
    /// The most memory seen in use, in bytes: sampled after failed calls and at every
    /// [`Runtime::health`].
    pub peak_memory_bytes: Option<usize>,
}

/// One call in this many is timed by the runtime when the VM's time check covers the others
/// (see [`VmHealth::total_call_ns`]); `calls` and the error counters count every call.
pub const TIMING_SAMPLE: u64 = 16;

/// How one call was timed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallTime {
    /// A short call the runtime read the clock around (a sampled call, or a VM that is
    /// always timed): also feeds the mean that stands for unsampled calls.
    Sampled(std::time::Duration),
    /// A call the VM's time check saw: timed by the runtime when sampled, else from that
    /// check to its end.
    Measured(std::time::Duration),
    /// Short and not sampled: counted as the mean of the sampled calls.
    Estimated,
}

/// A VM's counters and the sampled timings behind the estimates.
#[derive(Debug, Clone, Default)]
pub(crate) struct VmStats {
    pub health: VmHealth,
    sampled_ns: u64,
    sampled_calls: u64,
}

impl VmStats {
    /// Whether the next call should be timed by the runtime, given whether the VM's own
    /// time check would see a long call.
    #[inline]
    pub fn time_next_call(&self, vm_checks_time: bool) -> bool {
        !vm_checks_time || self.health.calls.is_multiple_of(TIMING_SAMPLE)
    }
}

impl VmHealth {
    fn new(language: &'static str) -> VmHealth {
        VmHealth { language, ..VmHealth::default() }
    }

    fn sample_memory(&mut self, memory: Option<usize>) {
        self.memory_bytes = memory;
        if let Some(m) = memory {
            self.peak_memory_bytes = Some(self.peak_memory_bytes.map_or(m, |p| p.max(m)));
        }
    }
}

impl Runtime {
    /// Health counters of every VM that has started, in start order.
    pub fn health(&mut self) -> Vec<VmHealth> {
        let languages: Vec<&'static str> = self.registry.active_languages().collect();
        for language in languages {
            let memory = self.registry.get(language).and_then(|vm| vm.memory_usage());
            self.stats_of(language).health.sample_memory(memory);
        }
        self.health.iter().map(|s| s.health.clone()).collect()
    }

    /// The counters of `language`'s VM (created on first use).
    #[inline]
    pub(crate) fn stats_of(&mut self, language: &'static str) -> &mut VmStats {
        let i = match self.health.iter().position(|s| std::ptr::eq(s.health.language, language)) {
            Some(i) => i,
            None => {
                let health = VmHealth::new(language);
                self.health.push(VmStats { health, ..VmStats::default() });
                self.health.len() - 1
            }
        };
        &mut self.health[i]
    }

    /// Counts one call into `language`'s VM.
    pub(crate) fn record_call(
        &mut self,
        language: &'static str,
        time: CallTime,
        error: Option<&ScriptError>,
    ) {
        let memory = match error {
            Some(_) => self.registry.get(language).and_then(|vm| vm.memory_usage()),
            None => None,
        };
        let stats = self.stats_of(language);
        let ns = |d: std::time::Duration| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        let took = match time {
            CallTime::Sampled(d) => {
                let ns = ns(d);
                stats.sampled_ns = stats.sampled_ns.saturating_add(ns);
                stats.sampled_calls += 1;
                ns
            }
            CallTime::Measured(d) => ns(d),
            CallTime::Estimated => stats.sampled_ns.checked_div(stats.sampled_calls).unwrap_or(0),
        };
        let health = &mut stats.health;
        health.calls += 1;
        health.total_call_ns = health.total_call_ns.saturating_add(took);
        if !matches!(time, CallTime::Estimated) {
            health.max_call_ns = health.max_call_ns.max(took);
        }
        if let Some(error) = error {
            health.errors += 1;
            match error.kind {
                ScriptErrorKind::TimeLimit => health.time_limit_hits += 1,
                ScriptErrorKind::MemoryLimit => health.memory_limit_hits += 1,
                ScriptErrorKind::StackLimit => health.stack_limit_hits += 1,
                _ => {}
            }
            health.sample_memory(memory);
        }
    }
}
