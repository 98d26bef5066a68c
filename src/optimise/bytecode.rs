//! Attaching bytecode to a document (KRB 1.3): the precompiler's blobs, each tagged with its
//! engine, beside the source or instead of it.

use krb_format::{Bytecode, Document, Payload};

use super::{OptimiseReport, Precompiler};
use crate::languages::LANGUAGES;

fn language_tag(id: u8) -> &'static str {
    LANGUAGES.iter().find(|l| l.krb_id == id).map_or("?", |l| l.tag)
}

/// Adds the bytecode `precompiler` makes for `doc`'s scripts; with `strip_source`, the
/// scripts that got bytecode keep no source.
pub fn attach(
    doc: &mut Document,
    precompiler: &dyn Precompiler,
    strip_source: bool,
    report: &mut OptimiseReport,
) {
    let engines = precompiler.languages();
    let mut results = precompiler.precompile(doc);
    results.sort_by_key(|p| p.script);
    results.dedup_by_key(|p| p.script);
    for p in results {
        let Some(script) = doc.scripts.get(p.script as usize) else { continue };
        let language = language_tag(script.language);
        let label = script.name.map(|n| doc.str(n).to_string()).unwrap_or_default();
        match p.result {
            Ok((engine, bytes)) => {
                let engine_id = doc.strings.intern(&engine);
                doc.bytecode.push(Bytecode { script: p.script, engine: engine_id, bytes });
                if strip_source {
                    doc.scripts[p.script as usize].payload = Payload::Precompiled;
                }
                match report.precompiled.iter_mut().find(|(l, _, e)| *l == language && *e == engine)
                {
                    Some(entry) => entry.1 += 1,
                    None => report.precompiled.push((language, 1, engine)),
                }
            }
            Err(why) => report
                .not_precompiled
                .push(format!("{language} script `{label}` stays source: {why}")),
        }
    }
    let mut others: Vec<&'static str> = doc
        .scripts
        .iter()
        .map(|s| language_tag(s.language))
        .filter(|l| !engines.contains(l))
        .collect();
    others.sort_unstable();
    others.dedup();
    report.source_only = others;
    report.stripped_source = strip_source && !doc.bytecode.is_empty();
    if !doc.bytecode.is_empty() {
        doc.minor_version = doc.minor_version.max(3);
    }
}
