//! `kryc build FILE [-o OUT]`: check against the build manifest, and when there are no errors
//! write the KRB file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kryc::diagnostics::{Code, Diagnostic, Severity};
use kryc::emit::{build_with_report, EmitOptions};
use kryc::manifest::Manifest;
use kryc::source::SourceDb;

use super::args::{BuildArgs, ColorChoice};
use super::check::{check_root, manifest, options, with_manifest};
use super::report::{report, FAILURE, INPUT_ERRORS};

pub fn run(args: &BuildArgs, color: ColorChoice) -> ExitCode {
    let to_stdout = args.output.as_deref() == Some(Path::new("-"));
    if to_stdout && args.diagnostics.diagnostic_format.is_machine() {
        eprintln!(
            "error: `-o -` and `--diagnostic-format {}` both write to standard output; write the KRB to a file or use a human format",
            args.diagnostics.diagnostic_format.name()
        );
        return ExitCode::from(FAILURE);
    }
    let mut db = SourceDb::new();
    let mut diagnostics = Vec::new();
    let mut vms = Manifest::default();
    let outcome = run_build(args, &mut db, &mut diagnostics, &mut vms);
    let status = report(&db, &diagnostics, &args.diagnostics, color, &vms);
    match outcome {
        Outcome::Failed(code) => ExitCode::from(code),
        Outcome::Stopped => status,
        Outcome::Wrote { path, bytes } => {
            if !args.diagnostics.diagnostic_format.is_machine() && !to_stdout {
                eprintln!("wrote {} ({bytes} bytes)", path.display());
            }
            status
        }
    }
}

enum Outcome {
    /// A usage, IO or configuration failure, or a format limit: this exit status.
    Failed(u8),
    /// The diagnostics decide (errors, or warnings with `--deny-warnings`); nothing written.
    Stopped,
    Wrote {
        path: PathBuf,
        bytes: usize,
    },
}

fn run_build(
    args: &BuildArgs,
    db: &mut SourceDb,
    diagnostics: &mut Vec<Diagnostic>,
    vms: &mut Manifest,
) -> Outcome {
    let Some(options) = options(&args.input, db, diagnostics) else {
        return Outcome::Failed(FAILURE);
    };
    let Some(manifest) = manifest(&args.input, &args.file, db, diagnostics) else {
        return Outcome::Failed(FAILURE);
    };
    *vms = manifest.clone();
    let checked = match check_root(&args.file, &with_manifest(&options, manifest), db) {
        Ok(checked) => checked,
        Err(d) => {
            diagnostics.push(*d);
            return Outcome::Failed(FAILURE);
        }
    };
    diagnostics.extend(checked.diagnostics.iter().cloned());
    let errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    let warnings = diagnostics.iter().any(|d| d.severity == Severity::Warning);
    if errors || (args.diagnostics.deny_warnings && warnings) {
        return Outcome::Stopped;
    }
    let mut emit = EmitOptions::default();
    if args.optimise.optimize || vms.optimize {
        let precompiler: std::sync::Arc<dyn kryc::optimise::Precompiler> =
            std::sync::Arc::new(super::precompile::RuntimePrecompiler);
        let mut optimise = kryc::optimise::OptimiseOptions::all(Some(precompiler));
        optimise.strip_source = args.optimise.strip_source || vms.strip_source;
        emit.optimise = Some(optimise);
    }
    let bytes = match build_with_report(&checked, db, &emit) {
        Ok((bytes, report)) => {
            if let Some(report) =
                report.filter(|_| !args.diagnostics.diagnostic_format.is_machine())
            {
                for line in report.lines() {
                    eprintln!("-O: {line}");
                }
            }
            bytes
        }
        Err(d) => {
            diagnostics.push(*d);
            return Outcome::Failed(INPUT_ERRORS);
        }
    };
    let output = args.output.clone().unwrap_or_else(|| args.file.with_extension("krb"));
    if let Err(message) = write_output(&output, &bytes) {
        diagnostics.push(Diagnostic::new(
            Code::Io,
            format!("cannot write `{}`: {message}", output.display()),
        ));
        return Outcome::Failed(FAILURE);
    }
    Outcome::Wrote { path: output, bytes: bytes.len() }
}

/// Writes the file whole or not at all: to a temporary file beside it, then renamed over it,
/// so a failed build never leaves a truncated KRB. `-` is standard output.
fn write_output(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if path == Path::new("-") {
        let mut out = std::io::stdout().lock();
        return out.write_all(bytes).and_then(|_| out.flush()).map_err(|e| e.to_string());
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp: PathBuf = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::write(&temp, bytes).and_then(|_| std::fs::rename(&temp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map_err(|e| e.to_string())
}
