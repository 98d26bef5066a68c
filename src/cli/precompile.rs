//! The precompiler `kryc build -O` gives the compiler library: the runtime's own engines
//! (`kryon_runtime::precompile`), so the bytecode is what this kryc's `kryc run` and a player
//! of the same runtime load.

use krb_format::Document;
use kryc::optimise::{PrecompiledScript, Precompiler};

pub struct RuntimePrecompiler;

impl Precompiler for RuntimePrecompiler {
    fn precompile(&self, doc: &Document) -> Vec<PrecompiledScript> {
        kryon_runtime::precompile(doc)
            .into_iter()
            .map(|p| PrecompiledScript { script: p.script, result: p.result })
            .collect()
    }

    fn languages(&self) -> Vec<&'static str> {
        kryon_runtime::compiled_vms()
            .iter()
            .copied()
            .filter(|l| kryon_runtime::engine_tag(l).is_some())
            .collect()
    }
}
