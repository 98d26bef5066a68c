//! Leaving out the `@function`s nothing can run ([`crate::analysis::reachable`]). The
//! emitter writes one *function* script per model function, first and in model order, so
//! function `i` of the model is script `i` of the document.

use krb_format::{Document, ScriptRole};

use crate::analysis::reachable::{dead_functions, DeadFunction};
use crate::check::Checked;
use crate::source::SourceDb;

/// Removes the dead functions' scripts; returns them, and why whole languages were kept.
pub fn remove(
    checked: &Checked,
    sources: &SourceDb,
    doc: &mut Document,
) -> (Vec<DeadFunction>, Vec<String>) {
    let (dead, reach) = dead_functions(checked, sources);
    let functions = &checked.analysis.model.functions;
    // Only when the document is laid out as the emitter lays it out.
    let laid_out = functions.iter().enumerate().all(|(i, f)| {
        doc.scripts.get(i).is_some_and(|s| {
            s.role == ScriptRole::Function && s.name.map(|n| doc.str(n)) == Some(f.name.as_str())
        })
    });
    if !laid_out || dead.is_empty() {
        return (Vec::new(), reach.kept_because);
    }
    let mut i = 0;
    doc.scripts.retain(|_| {
        let keep = reach.live.get(i).copied().unwrap_or(true);
        i += 1;
        keep
    });
    (dead, reach.kept_because)
}
