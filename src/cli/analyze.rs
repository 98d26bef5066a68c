//! `kryc analyze FILE [--format text|json|dot]`: checks the app, prints its cross-language
//! graph on stdout. Errors of the check go to stderr (human form) and make the exit status
//! 1; the graph is printed anyway, from the best model the passes produced.

use std::io::Write;
use std::process::ExitCode;

use kryc::diagnostics::Severity;
use kryc::source::SourceDb;

use super::args::{AnalyzeArgs, AnalyzeFormat, ColorChoice, DiagnosticArgs};
use super::check::{check_root, manifest, options, with_manifest};
use super::report::{report, FAILURE, INPUT_ERRORS, SUCCESS};

pub fn run(args: &AnalyzeArgs, color: ColorChoice) -> ExitCode {
    let mut db = SourceDb::new();
    let mut problems = Vec::new();
    let human = DiagnosticArgs {
        diagnostic_format: kryc::diagnostics::render::Format::Human,
        position_encoding: kryc::source::PositionEncoding::Utf32,
        deny_warnings: false,
    };
    let (Some(options), Some(manifest)) = (
        options(&args.input, &mut db, &mut problems),
        manifest(&args.input, &args.file, &mut db, &mut problems),
    ) else {
        report(&db, &problems, &human, color, &Default::default());
        return ExitCode::from(FAILURE);
    };
    let host = manifest.host_functions.clone();
    let options = with_manifest(&options, manifest.clone());
    let checked = match check_root(&args.file, &options, &mut db) {
        Ok(checked) => checked,
        Err(d) => {
            report(&db, &[*d], &human, color, &manifest);
            return ExitCode::from(FAILURE);
        }
    };
    let errors: Vec<_> =
        checked.diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
    if !errors.is_empty() {
        report(&db, &errors, &human, color, &manifest);
    }
    let graph = kryc::analysis::analyze(&checked, &db, &host);
    let text = match args.format {
        AnalyzeFormat::Text => kryc::analysis::text::render(&graph),
        AnalyzeFormat::Json => kryc::analysis::to_json(&graph),
        AnalyzeFormat::Dot => kryc::analysis::dot::render(&graph),
    };
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write: {e}");
            ExitCode::from(FAILURE)
        }
        _ if !errors.is_empty() => ExitCode::from(INPUT_ERRORS),
        _ => ExitCode::from(SUCCESS),
    }
}
