//! Loading a document's scripts: the VM check that runs before anything else, preparing each
//! script (payload, names, source map), and routing every function name to its VM.

use std::collections::HashSet;
use std::path::{Component, Path};

use krb_format::{Document, Handler, Payload, ScriptRole};

use crate::config::{language_by_id, VMConfig};
use crate::dispatch::DispatchOutcome;
use crate::error::{LoadError, ScriptError, ScriptErrorKind};
use crate::runtime::{Route, Runtime};
use crate::value::ScriptValue;
use crate::vm::{is_identifier, ScriptKind, ScriptSource, SourceOrigin, VMRegistry, VmContext};

/// Checks that every language the document needs has a VM that is compiled in and enabled:
/// the header's required-VM list plus the language of every script and inline handler.
pub(crate) fn check_vms(
    doc: &Document,
    config: &VMConfig,
    registry: &VMRegistry,
) -> Result<(), LoadError> {
    let mut needed: Vec<u8> = doc.required_vms.clone();
    needed.extend(doc.scripts.iter().map(|s| s.language));
    needed.extend(doc.events.iter().filter_map(|e| match e.handler {
        Handler::Inline { language, .. } => Some(language),
        _ => None,
    }));
    needed.sort_unstable();
    needed.dedup();
    for id in needed {
        let info = language_by_id(id).ok_or(LoadError::UnknownLanguage(id))?;
        if !registry.has_factory(info.name) {
            return Err(LoadError::MissingVm {
                language: info.name.to_string(),
                feature: info.feature,
            });
        }
        if !config.is_enabled(info.name) {
            return Err(LoadError::DisabledVm { language: info.name.to_string() });
        }
    }
    Ok(())
}

/// What a prepared script defines.
#[derive(Debug)]
pub(crate) enum PreparedKind {
    Function { name: String, params: Vec<String> },
    Module { name: String, entry_points: Vec<(String, usize, bool)> },
}

/// A script ready for its VM: code in hand, names checked.
#[derive(Debug)]
pub(crate) struct PreparedScript {
    language: &'static str,
    chunk: String,
    code: String,
    /// Trusted bytecode of this build's engine, loaded instead of `code`.
    bytecode: Option<Vec<u8>>,
    kind: PreparedKind,
    origin: Option<SourceOrigin>,
    /// For an inline handler, the index of its event.
    inline_event: Option<u32>,
    /// Whether it loaded without error (a VM restart loads it again).
    loaded: bool,
}

impl PreparedScript {
    pub(crate) fn language(&self) -> &'static str {
        self.language
    }

    pub(crate) fn loaded(&self) -> bool {
        self.loaded
    }
}

fn checked_name(name: &str, script: &str) -> Result<String, LoadError> {
    if is_identifier(name) {
        Ok(name.to_string())
    } else {
        Err(LoadError::Script {
            script: script.to_string(),
            message: format!("`{name}` is not a valid function or parameter name"),
        })
    }
}

/// Chunk names, unique in the app: a script's label, then `label#2`, `label#3`, ... in
/// document order (scripts first, then inline handlers). [`crate::precompile()`] names the
/// chunks it compiles the same way, so bytecode errors map onto the same `.kry` lines.
#[derive(Default)]
pub(crate) struct ChunkNames(HashSet<String>);

impl ChunkNames {
    pub(crate) fn unique(&mut self, base: String) -> String {
        let mut name = base.clone();
        let mut n = 2;
        while !self.0.insert(name.clone()) {
            name = format!("{base}#{n}");
            n += 1;
        }
        name
    }
}

/// How errors and chunks name script `i`: its name, else its first entry point's, else
/// `script{i}`.
pub(crate) fn script_label(doc: &Document, i: usize, script: &krb_format::Script) -> String {
    script
        .name
        .map(|n| doc.str(n).to_string())
        .or_else(|| script.entry_points.first().map(|e| doc.str(e.name).to_string()))
        .unwrap_or_else(|| format!("script{i}"))
}

/// The bytecode of script `i` this runtime may load: the host trusts bytecode and the tag
/// is exactly this build's engine. Otherwise why not, for a precompiled-only script.
fn usable_bytecode(
    doc: &Document,
    i: usize,
    language: &'static str,
    config: &VMConfig,
    registry: &VMRegistry,
    label: &str,
) -> Result<Option<Vec<u8>>, LoadError> {
    let Some(bytecode) = doc.bytecode_of(i as u32) else { return Ok(None) };
    let found = doc.str(bytecode.engine);
    let runtime = registry.engine_tag(language);
    if config.trust_bytecode && runtime.as_deref() == Some(found) {
        return Ok(Some(bytecode.bytes.clone()));
    }
    match doc.scripts[i].payload {
        Payload::Precompiled => Err(LoadError::Bytecode {
            script: label.to_string(),
            found: found.to_string(),
            runtime,
            trusted: config.trust_bytecode,
        }),
        // The source is there: run it.
        _ => Ok(None),
    }
}

/// Reads every script's code and checks its names, before any VM starts.
pub(crate) fn prepare_scripts(
    doc: &Document,
    config: &VMConfig,
    registry: &VMRegistry,
) -> Result<Vec<PreparedScript>, LoadError> {
    let mut chunks = ChunkNames::default();
    let mut unique = |base: String| chunks.unique(base);
    let mut out = Vec::with_capacity(doc.scripts.len());
    for (i, script) in doc.scripts.iter().enumerate() {
        let Some(language) = language_by_id(script.language) else {
            return Err(LoadError::UnknownLanguage(script.language));
        };
        let label = script_label(doc, i, script);
        let bytecode = usable_bytecode(doc, i, language.name, config, registry, &label)?;
        let code = match &script.payload {
            Payload::Source(s) => doc.str(*s).to_string(),
            Payload::Precompiled => String::new(),
            Payload::Bytecode { engine, .. } => {
                return Err(LoadError::Script {
                    script: label,
                    message: format!(
                        "holds bytecode for `{}` without a checksum (a KRB 1.0 bytecode payload); \
                         this runtime loads only checked KRB 1.3 bytecode",
                        doc.str(*engine),
                    ),
                })
            }
            Payload::External(path) => read_external(config, doc.str(*path), &label)?,
        };
        let kind = match script.role {
            ScriptRole::Function => {
                let name = checked_name(&label, &label)?;
                let params = match script.entry_points.first() {
                    Some(e) => e
                        .params
                        .iter()
                        .map(|p| checked_name(doc.str(*p), &label))
                        .collect::<Result<_, _>>()?,
                    None => Vec::new(),
                };
                PreparedKind::Function { name, params }
            }
            ScriptRole::Module => {
                let entry_points = script
                    .entry_points
                    .iter()
                    .map(|e| {
                        let last = e.params.last().map(|p| doc.str(*p));
                        Ok((
                            checked_name(doc.str(e.name), &label)?,
                            e.params.len(),
                            takes_value(last),
                        ))
                    })
                    .collect::<Result<_, LoadError>>()?;
                PreparedKind::Module { name: label.clone(), entry_points }
            }
        };
        let origin = Some(SourceOrigin {
            file: doc.str(script.location.file).to_string(),
            line: script.location.line,
        });
        out.push(PreparedScript {
            language: language.name,
            chunk: unique(label),
            code,
            bytecode,
            kind,
            origin,
            inline_event: None,
            loaded: false,
        });
    }
    for (element_index, element) in doc.elements.iter().enumerate() {
        let start = element.events.start;
        for (k, event) in doc.events_in(element.events).iter().enumerate() {
            let Handler::Inline { language, source } = &event.handler else { continue };
            let Some(info) = language_by_id(*language) else {
                return Err(LoadError::UnknownLanguage(*language));
            };
            let index = start + k as u32;
            let target = match element.id {
                Some(id) => doc.str(id).to_string(),
                None => format!("element{element_index}"),
            };
            let chunk = unique(format!("on{}@{target}", event.kind.name()));
            let name = format!("__kry_inline_{index}");
            let expression = doc.str(*source);
            let Some(code) = registry.bind_function_expression(info.name, &name, expression) else {
                return Err(LoadError::Script {
                    script: chunk,
                    message: format!("inline handlers in {} are not supported", info.name),
                });
            };
            out.push(PreparedScript {
                language: info.name,
                kind: PreparedKind::Module {
                    name: chunk.clone(),
                    // The event object is passed; a function that declares no parameter
                    // ignores it.
                    entry_points: vec![(name, 1, false)],
                },
                chunk,
                code,
                bytecode: None,
                // KRB 1.1 says where the code is; the binding starts it on its first line.
                origin: doc
                    .event_location(index)
                    .map(|at| SourceOrigin { file: doc.str(at.file).to_string(), line: at.line }),
                inline_event: Some(index),
                loaded: false,
            });
        }
    }
    Ok(out)
}

/// Whether a handler's last parameter, when the runtime fills it, takes an input's new value
/// rather than the event object: a `change` or `submit` handler whose parameter is not named
/// like an event (`on_change(value)` gets the value, `on_change(event)` the object).
fn takes_value(param: Option<&str>) -> bool {
    param.is_some_and(|p| {
        !matches!(p.to_ascii_lowercase().as_str(), "event" | "e" | "evt" | "ev" | "ctx" | "_e")
    })
}

/// The code of `@script "lang" from "path"`: `path` must be relative and stay inside the
/// script root.
fn read_external(config: &VMConfig, path: &str, label: &str) -> Result<String, LoadError> {
    let error = |message: String| LoadError::Script { script: label.to_string(), message };
    let Some(root) = &config.script_root else {
        return Err(error(format!(
            "its code is in the external file `{path}`; set VMConfig::script_root to the \
             directory of the .krb file to load it"
        )));
    };
    let relative = Path::new(path);
    if !relative.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir)) {
        return Err(error(format!("the external file `{path}` is outside the app's directory")));
    }
    std::fs::read_to_string(root.join(relative))
        .map_err(|e| error(format!("cannot read the external file `{path}`: {e}")))
}

impl Runtime {
    /// An inline handler's error, named by its event and element (`onclick@save`: the
    /// event and the element's id, or `element7` without one) instead of its generated
    /// function; an error the VM gave no line for (a budget stop) is put at the handler's
    /// code. Runs only for failed calls.
    pub(crate) fn name_inline_error(&self, function: &str, error: &mut ScriptError) {
        let Some(script) = self.scripts.iter().find(|s| {
            s.inline_event.is_some()
                && matches!(&s.kind, PreparedKind::Module { entry_points, .. }
                    if entry_points.first().is_some_and(|(name, _, _)| name == function))
        }) else {
            return;
        };
        error.function = script.chunk.as_str().into();
        if let (None, Some(origin)) = (error.kry_line, &script.origin) {
            error.kry_file = Some(origin.file.as_str().into());
            error.kry_line = Some(origin.line);
        }
    }

    /// Starts VMs as their first script arrives, loads every script and routes the
    /// functions. Script errors are recorded, not returned; only a VM that cannot start is a
    /// [`LoadError`].
    pub(crate) fn load_scripts(&mut self) -> Result<(), LoadError> {
        let mut outcome = DispatchOutcome::default();
        for i in 0..self.scripts.len() {
            let language = self.scripts[i].language;
            self.start_vm(language)?;
            self.load_script_at(i, &mut outcome);
            self.sync_after_call(language, &mut outcome);
        }
        self.load_outcome = outcome;
        Ok(())
    }

    /// Loads script `i` into its (running) VM and routes the functions it defines; a failure
    /// is recorded and marks them broken. A VM that fails inside the load is restarted.
    pub(crate) fn load_script_at(&mut self, i: usize, outcome: &mut DispatchOutcome) {
        let script = &self.scripts[i];
        let language = script.language;
        let Some(vm) = self.registry.get_mut(language) else { return };
        let (kind, defined): (ScriptKind<'_>, Vec<(String, usize, bool)>) = match &script.kind {
            PreparedKind::Function { name, params } => (
                ScriptKind::Function { name, params },
                vec![(name.clone(), params.len(), takes_value(params.last().map(String::as_str)))],
            ),
            PreparedKind::Module { name, entry_points } => {
                (ScriptKind::Module { name }, entry_points.clone())
            }
        };
        let source = ScriptSource {
            chunk: &script.chunk,
            code: &script.code,
            kind,
            origin: script.origin.as_ref(),
        };
        let traced = self.tracer.is_some().then(std::time::Instant::now);
        let result = crate::recover::guarded(language, source.label(), || match &script.bytecode {
            Some(bytes) => vm.load_bytecode(&source, bytes),
            None => vm.load_script(&source),
        });
        if let (Some(tracer), Some(traced)) = (&mut self.tracer, traced) {
            tracer.observe(&crate::trace::TraceStep::Load {
                vm: language,
                script: source.label(),
                duration_ns: crate::trace::elapsed_ns(traced),
                ok: result.is_ok(),
            });
        }
        let inline = match (script.inline_event, &script.kind) {
            (Some(event), PreparedKind::Module { entry_points, .. }) => {
                entry_points.first().map(|(name, _, _)| (event, name.clone()))
            }
            _ => None,
        };
        match result {
            Ok(()) => {
                self.scripts[i].loaded = true;
                for (name, params, value_param) in defined {
                    self.route(name, Route { language, params, value_param });
                }
                if let Some((event, name)) = inline {
                    self.inline.insert(event, name);
                }
            }
            Err(error) => {
                let failed = error.kind == ScriptErrorKind::VmFailure
                    || self.registry.get(language).is_some_and(|vm| vm.is_lost());
                for (name, _, _) in defined {
                    self.broken.entry(name).or_insert_with(|| error.clone());
                }
                outcome.errors.push(error.clone());
                self.record_error(error);
                if failed {
                    self.restart_vm(language, outcome);
                }
            }
        }
    }

    /// How many scripts were loaded from precompiled bytecode (KRB 1.3, with
    /// [`VMConfig::trust_bytecode`] and this build's engine); the rest ran from source.
    pub fn scripts_from_bytecode(&self) -> usize {
        self.scripts.iter().filter(|s| s.loaded && s.bytecode.is_some()).count()
    }

    /// What the VM of `language` starts with.
    pub(crate) fn vm_context(&self, language: &'static str) -> VmContext {
        VmContext {
            dom: self.dom.clone(),
            shared_variables: self.shared.names(),
            settings: self.config.settings(language),
        }
    }

    /// Starts the VM of `language` if it is not running, and gives it every shared variable.
    fn start_vm(&mut self, language: &'static str) -> Result<(), LoadError> {
        if self.registry.get(language).is_some() {
            return Ok(());
        }
        let context = self.vm_context(language);
        self.registry
            .activate(language, || context)
            .map_err(|message| LoadError::VmStart { language: language.to_string(), message })?;
        self.push_shared_variables(language);
        Ok(())
    }

    /// Sets every shared variable in the VM of `language` to its current value.
    pub(crate) fn push_shared_variables(&mut self, language: &'static str) {
        let Some(vm) = self.registry.get_mut(language) else { return };
        let mut errors: Vec<ScriptError> = Vec::new();
        for var in self.shared.variables() {
            if let Err(e) = vm.set_global_variable(&var.name, &var.value) {
                errors.push(e);
            }
        }
        for e in errors {
            self.record_error(e);
        }
    }

    /// Routes a function name to a VM. When two languages define the same name, the
    /// configured default VM wins, otherwise the first definition.
    fn route(&mut self, name: String, route: Route) {
        self.broken.remove(&name);
        match self.routes.get(&name) {
            Some(existing)
                if existing.language == self.config.default_vm
                    || route.language != self.config.default_vm => {}
            _ => {
                self.routes.insert(name, route);
            }
        }
    }

    /// Fires every element's `load` handlers, in element order, then the start-up hooks of
    /// the 2025 API, into the load outcome: `onLoad(fn)` and `addEventListener("load", fn)`
    /// listeners, `onReady(fn)` listeners, and last every function named `init` or ending in
    /// `_init`, once each, in the order the scripts define them.
    pub(crate) fn fire_load_events(&mut self) {
        let mut outcome = std::mem::take(&mut self.load_outcome);
        if let Some(tracer) = &mut self.tracer {
            tracer.observe(&crate::trace::TraceStep::DocumentEvent { event: "load" });
        }
        for index in 0..self.doc.elements.len() as u32 {
            self.run_handlers(index, krb_format::EventKind::Load, None, &mut outcome);
        }
        self.run_document_listeners("load", ScriptValue::Nil, &mut outcome);
        self.run_document_listeners("ready", ScriptValue::Nil, &mut outcome);
        for name in self.init_functions() {
            let mut call = self.call(&name, Vec::new());
            call.returned.clear();
            outcome.merge(call);
        }
        self.load_outcome = outcome;
    }

    /// The functions the 2025 runtime ran after loading: `init` and `*_init`, in definition
    /// order, each once.
    fn init_functions(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for script in &self.scripts {
            let defined: Vec<&str> = match &script.kind {
                PreparedKind::Function { name, .. } => vec![name.as_str()],
                PreparedKind::Module { entry_points, .. } if script.inline_event.is_none() => {
                    entry_points.iter().map(|(n, _, _)| n.as_str()).collect()
                }
                PreparedKind::Module { .. } => Vec::new(),
            };
            for name in defined {
                let init = name == "init" || (name.ends_with("_init") && name.len() > 5);
                if init && self.routes.contains_key(name) && !names.iter().any(|n| n == name) {
                    names.push(name.to_string());
                }
            }
        }
        names
    }
}
