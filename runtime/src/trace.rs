//! Cross-VM tracing: every step the runtime takes, in order, for a host that observes it
//! ([`Runtime::set_observer`]): each event, each call into a VM (function, arguments,
//! duration, result), each shared-variable change with the VM and function that made it, each
//! sync of a batch of changes to the other VMs and the bindings, what scripts print, each
//! script error — with the call in another VM that set it off, when a write in one language
//! made another language (or a binding) fail — and each VM restart.
//!
//! With no observer the runtime only tests an `Option` at each step: no clock reads, no
//! allocation (`benches/dispatch.rs` measures it). [`TraceStep::to_text`] and
//! [`TraceStep::to_json`] are the two forms `kryc run --trace` and `kryon --trace` print.

use std::fmt::Write as _;

use serde::Serialize;

use crate::config::VMConfig;
use crate::error::{LoadError, ScriptError};
use crate::runtime::Runtime;
use crate::tree::{ElementChange, ElementChangeKind};
use crate::value::ScriptValue;

/// Told every [`TraceStep`], in order, as the runtime takes it.
pub trait TraceObserver {
    fn observe(&mut self, step: &TraceStep<'_>);
}

impl<F: FnMut(&TraceStep<'_>)> TraceObserver for F {
    fn observe(&mut self, step: &TraceStep<'_>) {
        self(step)
    }
}

/// One step of what the runtime did. Borrowed from the runtime for the observer's call:
/// an observer that keeps steps serializes or formats them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
#[non_exhaustive]
pub enum TraceStep<'a> {
    /// An event reached an element; its handlers and listeners follow.
    Event {
        event: &'a str,
        /// The element's id, when it has one.
        element: Option<&'a str>,
        /// The element's index in the tree (pre-order).
        index: u32,
        /// The value an input reported with the event.
        #[serde(skip_serializing_if = "Option::is_none")]
        value: Option<&'a ScriptValue>,
    },
    /// A document event (`load`, `keydown`, `resize`, ...) reached the script listeners (for
    /// `load`: the elements' `load` handlers and the start-up functions too).
    DocumentEvent { event: &'a str },
    /// A script was loaded into its VM (a module's top-level code ran).
    Load { vm: &'a str, script: &'a str, duration_ns: u64, ok: bool },
    /// A call into a VM returned or failed.
    Call {
        vm: &'a str,
        function: &'a str,
        args: &'a [ScriptValue],
        duration_ns: u64,
        /// What it returned (`None` when it failed).
        returned: Option<&'a ScriptValue>,
    },
    /// A shared variable changed.
    Change {
        variable: &'a str,
        /// The VM that wrote it; `None` when the host set it.
        vm: Option<&'a str>,
        /// The function whose call wrote it, when a call did.
        function: Option<&'a str>,
        old: &'a ScriptValue,
        new: &'a ScriptValue,
    },
    /// The element changes a call made through the DOM API.
    Elements { vm: &'a str, changes: &'a [ElementChange] },
    /// A batch of changes reached the other VMs and re-rendered the bindings.
    Sync {
        variables: &'a [&'a str],
        /// The VMs the values were pushed to (every running VM but the writer).
        vms: &'a [&'static str],
        /// What the bindings that depend on them re-rendered.
        bindings: &'a [ElementChange],
    },
    /// A line a script printed.
    Print { line: &'a str },
    /// A script error.
    Error {
        error: &'a ScriptError,
        /// The call whose writes set this error off when it happened while they were
        /// synced: another VM refusing a value, a binding failing, a type refused.
        #[serde(skip_serializing_if = "Option::is_none")]
        cause: Option<TraceCause<'a>>,
    },
    /// A VM was replaced by a new one, its scripts loaded again and given the shared
    /// variables (after a failure or a budget breach it could not recover from).
    Restart { vm: &'a str },
}

/// The call on the other side of an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TraceCause<'a> {
    pub vm: &'a str,
    pub function: &'a str,
}

impl TraceStep<'_> {
    /// The step as one line of text (steps inside an event indented by two spaces):
    ///
    /// ```text
    /// click #inc
    ///   call lua increment()  0.021 ms
    ///   change count: 0 -> 1 by lua increment
    ///   sync count -> javascript, python; bindings: #label text="Count: 1"
    /// ```
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let ms = |ns: u64| format!("{:.3} ms", ns as f64 / 1e6);
        match *self {
            TraceStep::Event { event, element, index, value } => {
                let _ = match element {
                    Some(id) => write!(out, "{event} #{id}"),
                    None => write!(out, "{event} element {index}"),
                };
                if let Some(value) = value {
                    let _ = write!(out, " {}", json(value));
                }
            }
            TraceStep::DocumentEvent { event } => {
                let _ = write!(out, "{event} (document)");
            }
            TraceStep::Load { vm, script, duration_ns, ok } => {
                let result = if ok { "loaded" } else { "failed to load" };
                let _ = write!(out, "{vm} {script} {result}  {}", ms(duration_ns));
            }
            TraceStep::Call { vm, function, args, duration_ns, returned } => {
                let args: Vec<String> = args.iter().map(json).collect();
                let _ = write!(out, "  call {vm} {function}({})", args.join(", "));
                let _ = match returned {
                    Some(ScriptValue::Nil) => Ok(()),
                    Some(value) => write!(out, " -> {}", json(value)),
                    None => write!(out, " failed"),
                };
                let _ = write!(out, "  {}", ms(duration_ns));
            }
            TraceStep::Change { variable, vm, function, old, new } => {
                let _ = write!(out, "  change {variable}: {} -> {}", json(old), json(new));
                let _ = match (vm, function) {
                    (Some(vm), Some(function)) => write!(out, " by {vm} {function}"),
                    (Some(vm), None) => write!(out, " by {vm}"),
                    (None, _) => write!(out, " by the host"),
                };
            }
            TraceStep::Elements { vm, changes } => {
                let _ = write!(out, "  dom {vm}: {}", describe_changes(changes));
            }
            TraceStep::Sync { variables, vms, bindings } => {
                let to = if vms.is_empty() { "no other VM".to_string() } else { vms.join(", ") };
                let _ = write!(out, "  sync {} -> {to}", variables.join(", "));
                if !bindings.is_empty() {
                    let _ = write!(out, "; bindings: {}", describe_changes(bindings));
                }
            }
            TraceStep::Print { line } => {
                let _ = write!(out, "  print {line}");
            }
            TraceStep::Error { error, cause } => {
                let _ = write!(out, "  error {error}");
                if let Some(cause) = cause {
                    let _ = write!(out, "; set off by {} {}", cause.vm, cause.function);
                }
            }
            TraceStep::Restart { vm } => {
                let _ = write!(
                    out,
                    "  restart {vm}: a new VM with its scripts and the shared variables"
                );
            }
        }
        out
    }

    /// The step as one line of JSON (`{"step": "call", "vm": "lua", ...}`), for `--trace jsonl`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The two printed forms of a trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TraceFormat {
    /// [`TraceStep::to_text`]: for people.
    Text,
    /// [`TraceStep::to_json`], a JSON object per line: for tools.
    Jsonl,
}

impl TraceFormat {
    /// The names on the command line: `text`, `jsonl`.
    pub const NAMES: [&'static str; 2] = ["text", "jsonl"];

    /// The format called `name` (`text` or `jsonl`).
    pub fn from_name(name: &str) -> Option<TraceFormat> {
        match name {
            "text" => Some(TraceFormat::Text),
            "jsonl" | "json" => Some(TraceFormat::Jsonl),
            _ => None,
        }
    }

    /// `step` as one line in this format (no line break).
    pub fn line(self, step: &TraceStep<'_>) -> String {
        match self {
            TraceFormat::Text => step.to_text(),
            TraceFormat::Jsonl => step.to_json(),
        }
    }
}

/// `#label text="Count: 2", element 4 visible=false`.
fn describe_changes(changes: &[ElementChange]) -> String {
    let described: Vec<String> = changes
        .iter()
        .map(|change| {
            let element = match &change.id {
                Some(id) => format!("#{id}"),
                None => format!("element {}", change.element),
            };
            let what = match &change.kind {
                ElementChangeKind::Text(text) => format!("text={}", json(&text.as_str().into())),
                ElementChangeKind::Visible(on) => format!("visible={on}"),
                ElementChangeKind::Property { name, value } => format!("{name}={}", json(value)),
                ElementChangeKind::Style(style) => {
                    format!("style={}", json(&style.as_str().into()))
                }
                ElementChangeKind::Checked(on) => format!("checked={on}"),
                ElementChangeKind::Disabled(on) => format!("disabled={on}"),
                ElementChangeKind::Interaction(bits) => format!("states={bits:#x}"),
                ElementChangeKind::Caret(Some((caret, anchor))) => {
                    format!("caret={caret}:{anchor}")
                }
                ElementChangeKind::Caret(None) => "caret=none".to_string(),
                ElementChangeKind::StateProperty { states, name, value } => {
                    format!("{}:{name}={}", states.join(":"), json(value))
                }
            };
            format!("{element} {what}")
        })
        .collect();
    described.join(", ")
}

fn json(value: &ScriptValue) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| format!("{value:?}"))
}

/// The runtime's observer, and the call whose writes are being synced (the other side of an
/// error raised while they are).
pub(crate) struct Tracer {
    observer: Box<dyn TraceObserver>,
    syncing: Option<(&'static str, Box<str>)>,
}

impl Tracer {
    pub(crate) fn new(observer: Box<dyn TraceObserver>) -> Tracer {
        Tracer { observer, syncing: None }
    }

    pub(crate) fn observe(&mut self, step: &TraceStep<'_>) {
        self.observer.observe(step);
    }

    /// The call being synced: the VM and function a [`TraceStep::Change`] names.
    pub(crate) fn syncing(&self) -> (Option<&'static str>, Option<Box<str>>) {
        match &self.syncing {
            Some((vm, function)) => (Some(*vm), Some(function.clone())),
            None => (None, None),
        }
    }
}

/// Nanoseconds since `started`, saturating.
pub(crate) fn elapsed_ns(started: std::time::Instant) -> u64 {
    u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX)
}

impl Runtime {
    /// Sets (or with `None` removes) the observer told every [`TraceStep`] from now on. To
    /// see loading too, give it to [`Runtime::from_document_observed`].
    pub fn set_observer(&mut self, observer: Option<Box<dyn TraceObserver>>) {
        self.tracer = observer.map(Tracer::new);
    }

    /// [`Runtime::load`] with an observer told every step from the first script's load on.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use kryon_runtime::{Runtime, TraceFormat, TraceStep, VMConfig};
    /// let bytes = std::fs::read("app.krb")?;
    /// let observer = |step: &TraceStep<'_>| eprintln!("{}", TraceFormat::Text.line(step));
    /// let mut runtime = Runtime::load_observed(&bytes, VMConfig::default(), Box::new(observer))?;
    /// runtime.click("inc")?; // `click #inc`, `  call lua increment()  0.021 ms`, ...
    /// runtime.set_observer(None); // no more steps
    /// # Ok(()) }
    /// ```
    pub fn load_observed(
        bytes: &[u8],
        config: VMConfig,
        observer: Box<dyn TraceObserver>,
    ) -> Result<Runtime, LoadError> {
        Runtime::from_document_observed(krb_format::read(bytes)?, config, observer)
    }

    /// Whether an observer is set.
    pub fn is_traced(&self) -> bool {
        self.tracer.is_some()
    }

    /// Marks the call of `function` in `language` as the one being synced (until
    /// [`Runtime::end_sync_trace`]).
    #[inline]
    pub(crate) fn begin_sync_trace(&mut self, language: &'static str, function: &str) {
        if let Some(tracer) = &mut self.tracer {
            tracer.syncing = Some((language, function.into()));
        }
    }

    #[inline]
    pub(crate) fn end_sync_trace(&mut self) {
        if let Some(tracer) = &mut self.tracer {
            tracer.syncing = None;
        }
    }

    /// Traces an error being recorded, with the call being synced as its cause.
    #[inline]
    pub(crate) fn trace_error(&mut self, error: &ScriptError) {
        if let Some(tracer) = &mut self.tracer {
            let syncing = tracer.syncing.take();
            let cause = syncing.as_ref().map(|(vm, function)| TraceCause { vm, function });
            tracer.observe(&TraceStep::Error { error, cause });
            tracer.syncing = syncing;
        }
    }
}
