//! Step 3: scripts. Every function becomes a *function* entry (its body as written, the VM
//! wraps it) and every `@script` block a *module* entry (code embedded, or the path of its
//! `from` file) whose entry points are the functions its code defines (found by the
//! language's parser), each with its VM and the location of its code in the sources.
//! Fonts become resources. Last, the header's required-VM list: every language of a script
//! or an inline handler.

use krb_format::{EntryPoint, Handler, Payload, ResourceKind, Script, ScriptRole};

use super::Emitter;
use crate::model::ScriptSource;
use crate::source::{FileSpan, TextRange};

/// The functions module code defines; `span` is where the code starts.
fn module_entry_points(
    cx: &mut Emitter<'_>,
    language: crate::languages::ScriptLanguage,
    code: &str,
    span: FileSpan,
) -> Vec<EntryPoint> {
    let mut out = Vec::new();
    for d in crate::scripts::definitions(language, code) {
        let name = cx.str(&d.name);
        let params = d.params.iter().map(|p| cx.str(p)).collect();
        let start = span.range.start as usize + d.offset;
        let at = FileSpan::new(span.file, TextRange::new(start, start));
        out.push(EntryPoint { name, params, location: cx.location(at) });
    }
    out
}

pub fn run(cx: &mut Emitter<'_>) {
    let checked = cx.checked;
    let model = &checked.analysis.model;
    for f in &model.functions {
        let name = cx.str(&f.name);
        let params = f.params.iter().map(|p| cx.str(p)).collect();
        let entry = EntryPoint { name, params, location: cx.location(f.name_span) };
        let script = Script {
            language: f.language.info().krb_id,
            role: ScriptRole::Function,
            vm: cx.str(f.language.info().vm),
            name: Some(name),
            payload: Payload::Source(cx.str(&f.body)),
            location: cx.location(f.body_span),
            entry_points: vec![entry],
        };
        cx.doc.scripts.push(script);
    }
    for s in &model.scripts {
        let mut entry_points = Vec::new();
        let (payload, at) = match &s.source {
            ScriptSource::Inline { code, span } => {
                entry_points = module_entry_points(cx, s.language, code, *span);
                (Payload::Source(cx.str(code)), *span)
            }
            ScriptSource::File { path, span, loaded: Some(loaded), external } => {
                let at = FileSpan::new(loaded.file, TextRange::new(0, 0));
                entry_points = module_entry_points(cx, s.language, &loaded.code, at);
                if *external {
                    // The file ships beside the app; its functions were found in it all the same.
                    let path = super::paths::resolve_in(&cx.file_dir(span.file), path);
                    (Payload::External(cx.str(&path)), at)
                } else {
                    (Payload::Source(cx.str(&loaded.code)), at)
                }
            }
            ScriptSource::File { path, span, loaded: None, .. } => {
                let path = super::paths::resolve_in(&cx.file_dir(span.file), path);
                (Payload::External(cx.str(&path)), *span)
            }
        };
        let script = Script {
            language: s.language.info().krb_id,
            role: ScriptRole::Module,
            vm: cx.str(s.language.info().vm),
            name: s.name.as_ref().map(|n| cx.str(n)),
            payload,
            location: cx.location(at),
            entry_points,
        };
        cx.doc.scripts.push(script);
    }
    for font in &model.fonts {
        cx.resource(ResourceKind::Font, &font.path, Some(&font.family), font.span.file);
    }
    let mut vms: Vec<u8> = cx.doc.scripts.iter().map(|s| s.language).collect();
    vms.extend(cx.doc.events.iter().filter_map(|e| match e.handler {
        Handler::Inline { language, .. } => Some(language),
        _ => None,
    }));
    vms.sort_unstable();
    vms.dedup();
    cx.doc.required_vms = vms;
}

#[cfg(test)]
mod tests {
    use crate::languages::LANGUAGES;

    #[test]
    fn language_ids_match_the_format() {
        for l in LANGUAGES {
            assert_eq!(krb_format::languages::name(l.krb_id), Some(l.tag));
        }
    }
}
