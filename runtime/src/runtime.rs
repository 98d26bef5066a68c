//! [`Runtime`]: a loaded app — the document, the element tree, the shared variables, the VMs
//! and the table that routes each function name to the VM that defines it.

use std::collections::HashMap;
use std::ops::Deref;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use krb_format::Document;

use crate::config::VMConfig;
use crate::dispatch::{DispatchOutcome, PreparedHandler};
use crate::dom::DomHandle;
use crate::error::{LoadError, ScriptError};
use crate::health::VmStats;
use crate::load::PreparedScript;
use crate::shared::{ChangeListener, SharedScriptData, SharedVariable};
use crate::snapshot::Snapshot;
use crate::template::TemplateEngine;
use crate::trace::{TraceObserver, Tracer};
use crate::tree::ElementTree;
use crate::value::ScriptValue;
use crate::vm::VMRegistry;

/// The most script errors [`Runtime::errors`] keeps; older ones are dropped first.
pub const MAX_KEPT_ERRORS: usize = 1000;

/// Where a function lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Route {
    pub language: &'static str,
    /// How many parameters the function declares; one more than the bound arguments of a
    /// handler means it takes the event object.
    pub params: usize,
    /// Whether the parameter after the bound arguments takes a `change`/`submit` event's new
    /// value instead of the event object (see `load::takes_value`).
    pub value_param: bool,
}

/// A loaded KRB app, ready for events.
///
/// ```no_run
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use kryon_runtime::{Runtime, VMConfig};
/// let bytes = std::fs::read("app.krb")?;
/// let mut runtime = Runtime::load(&bytes, VMConfig::default())?;
/// let outcome = runtime.click("increment")?;
/// for change in &outcome.changes {
///     println!("{change:?}");
/// }
/// println!("{}", runtime.snapshot_json());
/// # Ok(()) }
/// ```
pub struct Runtime {
    /// Shared so event dispatch can borrow names from it while it calls into VMs.
    pub(crate) doc: Rc<Document>,
    pub(crate) config: VMConfig,
    pub(crate) registry: VMRegistry,
    pub(crate) shared: SharedScriptData,
    pub(crate) templates: TemplateEngine,
    pub(crate) dom: DomHandle,
    /// Function name → VM.
    pub(crate) routes: FxHashMap<String, Route>,
    /// Functions whose script failed to load, with the error a call reports.
    pub(crate) broken: HashMap<String, ScriptError>,
    /// Event index → the generated function running its inline handler.
    pub(crate) inline: HashMap<u32, String>,
    /// Event index → its handler's function resolved to a VM at load (`None`: a dynamic
    /// handler, or a function no script defines).
    pub(crate) prepared: Vec<Option<PreparedHandler>>,
    pub(crate) errors: Vec<ScriptError>,
    /// Every script, in load order (a VM restart loads its scripts again).
    pub(crate) scripts: Vec<PreparedScript>,
    /// Set while a VM restarts (a restart does not start another).
    pub(crate) restarting: bool,
    /// Per-VM counters, in VM start order.
    pub(crate) health: Vec<VmStats>,
    pub(crate) load_outcome: DispatchOutcome,
    /// Hover, press and focus as the host reported them.
    pub(crate) interaction: crate::interaction::Interaction,
    /// The observer of every step, when the host set one (see `trace.rs`).
    pub(crate) tracer: Option<Tracer>,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("vms", &self.registry)
            .field("variables", &self.shared)
            .field("functions", &self.routes.len())
            .field("errors", &self.errors.len())
            .finish()
    }
}

impl Runtime {
    /// Reads a KRB file and loads it (see [`Runtime::from_document`]).
    pub fn load(bytes: &[u8], config: VMConfig) -> Result<Runtime, LoadError> {
        Runtime::from_document(krb_format::read(bytes)?, config)
    }

    /// Loads a document: checks that every VM it needs is compiled in and enabled (before any
    /// script runs), builds the element tree and the shared variables, starts the VMs the
    /// scripts need, loads the scripts (module scripts run once), then fires `load` events.
    ///
    /// A script that fails to load or run is recorded in [`Runtime::errors`] and the rest of
    /// the app keeps working; only a file the runtime cannot run at all is a [`LoadError`].
    pub fn from_document(doc: Document, config: VMConfig) -> Result<Runtime, LoadError> {
        Runtime::with_registry(doc, config, VMRegistry::new())
    }

    /// [`Runtime::from_document`] with the VMs of `registry`: this build's VMs
    /// ([`VMRegistry::new`]) plus or instead of the host's own ([`VMRegistry::register`]).
    pub fn with_registry(
        doc: Document,
        config: VMConfig,
        registry: VMRegistry,
    ) -> Result<Runtime, LoadError> {
        Runtime::start(doc, config, registry, None)
    }

    /// [`Runtime::from_document`] with an observer told every step from the first script's
    /// load on (see [`Runtime::set_observer`]).
    pub fn from_document_observed(
        doc: Document,
        config: VMConfig,
        observer: Box<dyn TraceObserver>,
    ) -> Result<Runtime, LoadError> {
        Runtime::start(doc, config, VMRegistry::new(), Some(Tracer::new(observer)))
    }

    fn start(
        doc: Document,
        config: VMConfig,
        registry: VMRegistry,
        tracer: Option<Tracer>,
    ) -> Result<Runtime, LoadError> {
        crate::load::check_vms(&doc, &config, &registry)?;
        let scripts = crate::load::prepare_scripts(&doc, &config, &registry)?;
        let shared = SharedScriptData::from_document(&doc);
        let dom = DomHandle::new(ElementTree::from_document(&doc, &shared));
        let templates = TemplateEngine::new(&doc);
        let mut runtime = Runtime {
            doc: Rc::new(doc),
            config,
            registry,
            shared,
            templates,
            dom,
            routes: FxHashMap::default(),
            broken: HashMap::new(),
            inline: HashMap::new(),
            prepared: Vec::new(),
            errors: Vec::new(),
            scripts,
            restarting: false,
            health: Vec::new(),
            load_outcome: DispatchOutcome::default(),
            interaction: Default::default(),
            tracer,
        };
        runtime.load_scripts()?;
        runtime.prepare_handlers();
        runtime.fire_load_events();
        Ok(runtime)
    }

    /// The document the runtime was loaded from.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    pub fn config(&self) -> &VMConfig {
        &self.config
    }

    /// The element tree as scripts and bindings left it.
    pub fn tree(&self) -> impl Deref<Target = ElementTree> + '_ {
        self.dom.tree()
    }

    /// The shared variables in declaration order, with their current values.
    pub fn variables(&self) -> &[SharedVariable] {
        self.shared.variables()
    }

    /// The shared variable store (a [`crate::Variables`] for evaluating the document's
    /// bound values, as a renderer does for pseudo-state styles).
    pub fn shared(&self) -> &SharedScriptData {
        &self.shared
    }

    /// A shared variable's current value.
    pub fn variable(&self, name: &str) -> Option<&ScriptValue> {
        self.shared.get(name)
    }

    /// The script errors so far (at most [`MAX_KEPT_ERRORS`], oldest first), including those
    /// of loading.
    pub fn errors(&self) -> &[ScriptError] {
        &self.errors
    }

    /// What loading changed: module scripts' top-level code and `load` event handlers.
    pub fn load_outcome(&self) -> &DispatchOutcome {
        &self.load_outcome
    }

    /// The languages whose VMs are running, in the order they started.
    pub fn active_vms(&self) -> Vec<&'static str> {
        self.registry.active_languages().collect()
    }

    /// The language of the VM a function runs in.
    pub fn function_language(&self, function: &str) -> Option<&'static str> {
        self.routes.get(function).map(|r| r.language)
    }

    /// A global as one VM sees it (to check that every VM agrees on a shared variable).
    pub fn vm_global(&self, language: &str, name: &str) -> Option<ScriptValue> {
        self.registry.get(language)?.get_global_variable(name)
    }

    /// Registers a listener told about every batch of variable changes.
    pub fn add_change_listener(&mut self, listener: impl ChangeListener + 'static) {
        self.shared.add_listener(Box::new(listener));
    }

    /// The state for a headless host: variables, elements and errors (see [`Snapshot`]).
    pub fn snapshot(&self) -> Snapshot {
        Snapshot::new(self)
    }

    /// [`Runtime::snapshot`] as pretty-printed JSON.
    pub fn snapshot_json(&self) -> String {
        serde_json::to_string_pretty(&self.snapshot()).unwrap_or_default()
    }

    pub(crate) fn record_error(&mut self, error: ScriptError) {
        self.trace_error(&error);
        if self.errors.len() >= MAX_KEPT_ERRORS {
            self.errors.remove(0);
        }
        self.errors.push(error);
    }
}
