//! `kryc vms`: languages, VMs, runtime features and presets.

use std::io::Write;
use std::process::ExitCode;

use super::report::SUCCESS;

pub fn run() -> ExitCode {
    let text = kryc::manifest::vms_report(&[]);
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    ExitCode::from(SUCCESS)
}
