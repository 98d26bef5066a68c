//! Precompiling a document's scripts with this build's engines (`kryc build -O` calls it):
//! each script wrapped and named exactly as loading names it ([`crate::load`]), compiled by
//! the VM's own engine without running, tagged with the engine's exact version. Pure: no IO.

use krb_format::{Document, Payload, ScriptRole};

use crate::config::language_by_id;
use crate::load::{script_label, ChunkNames};
use crate::vm::{is_identifier, ScriptKind, ScriptSource, VMRegistry};

/// The bytecode of one script, or why it has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Precompiled {
    /// The script's index in the document.
    pub script: u32,
    /// The engine tag and the bytes, or why the script could not be compiled.
    pub result: Result<(String, Vec<u8>), String>,
}

/// The engine tag this build's VM of `language` loads bytecode under (`None`: source only).
pub fn engine_tag(language: &str) -> Option<String> {
    VMRegistry::new().engine_tag(language)
}

/// Compiles every source script whose language this build has a bytecode engine for, in
/// document order. Scripts of other languages, and external or already compiled ones, are
/// left out.
pub fn precompile(doc: &Document) -> Vec<Precompiled> {
    let registry = VMRegistry::new();
    let mut chunks = ChunkNames::default();
    let mut out = Vec::new();
    for (i, script) in doc.scripts.iter().enumerate() {
        let label = script_label(doc, i, script);
        let chunk = chunks.unique(label.clone());
        let Some(language) = language_by_id(script.language) else { continue };
        let Some(engine) = registry.engine_tag(language.name) else { continue };
        let Payload::Source(code) = script.payload else { continue };
        let params: Vec<String> = script
            .entry_points
            .first()
            .map(|e| e.params.iter().map(|p| doc.str(*p).to_string()).collect())
            .unwrap_or_default();
        let result = if script.role == ScriptRole::Function
            && !(is_identifier(&label) && params.iter().all(|p| is_identifier(p)))
        {
            Err(format!("`{label}` has a name the runtime refuses"))
        } else {
            let kind = match script.role {
                ScriptRole::Function => ScriptKind::Function { name: &label, params: &params },
                ScriptRole::Module => ScriptKind::Module { name: &label },
            };
            let source = ScriptSource { chunk: &chunk, code: doc.str(code), kind, origin: None };
            registry.precompile(language.name, &source).map(|bytes| (engine, bytes))
        };
        out.push(Precompiled { script: i as u32, result });
    }
    out
}
