//! Pass 7: the build manifest. A function or `@script` in a language the manifest lacks could
//! not run on the target runtime: an error at its language tag, saying how to add the VM (the
//! `--vms` value, the runtime cargo feature, the smallest preset that has it).

use super::Context;
use crate::diagnostics::{Code, Diagnostic};
use crate::languages::ScriptLanguage;
use crate::manifest::{smallest_preset_with, Manifest};
use crate::model::UiModel;
use crate::source::FileSpan;

pub fn run(cx: &mut Context, manifest: &Manifest, model: &UiModel) {
    let uses = model
        .functions
        .iter()
        .map(|f| (f.language, f.language_span))
        .chain(model.scripts.iter().map(|s| (s.language, s.language_span)));
    for (language, span) in uses {
        if manifest.has(language) {
            continue;
        }
        // Untagged scripts are Lua, which every build has.
        let Some(span) = span else { continue };
        cx.report(not_enabled(language, span, manifest));
    }
}

fn not_enabled(language: ScriptLanguage, span: FileSpan, manifest: &Manifest) -> Diagnostic {
    let name = language.display_name();
    let preset = smallest_preset_with(language);
    let vms = manifest.vms_value_with(language);
    let toml_list = vms.split(',').map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(", ");
    let mut d =
        Diagnostic::new(Code::VmNotEnabled, format!("{name} is not enabled for this build"))
            .with_span(span)
            .with_primary_label(format!("needs the {name} VM"))
            .with_note(format!(
                "this build has {}: {}",
                manifest.languages.iter().map(|l| l.display_name()).collect::<Vec<_>>().join(", "),
                manifest.describe()
            ))
            .with_help(format!(
        "add it to the build: `--vms {vms}`, or `vms = [{toml_list}]` under `[build]` in kryon.toml"
    ));
    if let Some(feature) = language.info().runtime_feature {
        d = d.with_help(format!("build the runtime with the cargo feature `{feature}`"));
    }
    d.with_help(format!(
        "or use the smallest preset that has it: `--preset {}` ({})",
        preset.name,
        preset.languages.iter().map(|l| l.display_name()).collect::<Vec<_>>().join(", ")
    ))
}
