//! `kryc vms`: languages, VMs, runtime features and presets.

use std::io::Write;
use std::process::ExitCode;

use super::report::SUCCESS;

pub fn run() -> ExitCode {
    let embedded: Vec<_> = kryon_runtime::compiled_vms()
        .iter()
        .filter_map(|name| kryc::languages::ScriptLanguage::from_tag(name))
        .collect();
    let text = kryc::manifest::vms_report(&embedded);
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    ExitCode::from(SUCCESS)
}
