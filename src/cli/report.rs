//! Writing diagnostics: choosing colour and stream, rendering, and the exit status.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use kryc::diagnostics::render::{render, RenderOptions};
use kryc::diagnostics::{Diagnostic, Severity};
use kryc::source::SourceDb;

use super::args::{ColorChoice, DiagnosticArgs};

/// Exit statuses.
pub const SUCCESS: u8 = 0;
pub const INPUT_ERRORS: u8 = 1;
pub const FAILURE: u8 = 2;
pub const INTERNAL_ERROR: u8 = 101;

pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal()
        }
    }
}

/// Renders `diagnostics` as asked and returns the exit status they call for.
pub fn report(
    db: &SourceDb,
    diagnostics: &[Diagnostic],
    args: &DiagnosticArgs,
    color: ColorChoice,
    manifest: &kryc::manifest::Manifest,
) -> ExitCode {
    let format = args.diagnostic_format;
    let options = RenderOptions {
        encoding: args.position_encoding,
        color: !format.is_machine() && use_color(color),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        vms: manifest.languages.iter().map(|l| l.tag().to_string()).collect(),
        width: terminal_width(),
    };
    let text = render(format, db, diagnostics, &options);
    let written = if format.is_machine() {
        std::io::stdout().lock().write_all(text.as_bytes())
    } else {
        std::io::stderr().lock().write_all(text.as_bytes())
    };
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write diagnostics: {e}");
            return ExitCode::from(FAILURE);
        }
    }
    let errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let warnings = diagnostics.iter().any(|d| d.severity == Severity::Warning);
    if errors || (args.deny_warnings && warnings) {
        ExitCode::from(INPUT_ERRORS)
    } else {
        ExitCode::from(SUCCESS)
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(100)
}
