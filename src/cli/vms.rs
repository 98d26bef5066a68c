//! `kryc vms`: languages, VMs, runtime features and presets; `kryc vms --recommend FILE
//! [--target PRESET]`: the VMs an app needs and the smallest preset that has them.
//!
//! The measured tables (`docs/data/player-sizes.json` from `bench/player-size.sh`,
//! `docs/data/vm-costs.json` from `bench/vm-costs.sh`) are embedded at build time: the
//! numbers travel with the binary, so an installed `kryc` answers the same anywhere (no
//! repository checkout needed, no file that may be missing or newer than the binary), and a
//! re-measurement reaches users with the next build. The library's `recommend` stays pure and
//! gets the text.

use std::io::Write;
use std::process::ExitCode;

use kryc::diagnostics::Severity;
use kryc::manifest::Manifest;
use kryc::source::SourceDb;

use super::args::{ColorChoice, DiagnosticArgs, InputArgs, VmsArgs, VmsFormat};
use super::check::{check_root, manifest, options, with_manifest};
use super::report::{report, FAILURE, INPUT_ERRORS, SUCCESS};

/// `bench/player-size.sh`'s table.
pub const PLAYER_SIZES: &str = include_str!("../../docs/data/player-sizes.json");
/// `bench/vm-costs.sh`'s table.
pub const VM_COSTS: &str = include_str!("../../docs/data/vm-costs.json");

pub fn run(args: &VmsArgs, color: ColorChoice) -> ExitCode {
    match &args.recommend {
        Some(file) => recommend(args, file, color),
        None => list(),
    }
}

fn list() -> ExitCode {
    let embedded: Vec<_> = kryon_runtime::compiled_vms()
        .iter()
        .filter_map(|name| kryc::languages::ScriptLanguage::from_tag(name))
        .collect();
    let text = kryc::manifest::vms_report(&embedded);
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    ExitCode::from(SUCCESS)
}

fn recommend(args: &VmsArgs, file: &std::path::Path, color: ColorChoice) -> ExitCode {
    let costs = match kryc::recommend::Costs::from_json(PLAYER_SIZES, VM_COSTS) {
        Ok(costs) => costs,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(FAILURE);
        }
    };
    let input = InputArgs {
        include_dirs: args.include_dirs.clone(),
        defines: args.defines.clone(),
        vms: None,
        preset: None,
    };
    let human = DiagnosticArgs {
        diagnostic_format: kryc::diagnostics::render::Format::Human,
        position_encoding: kryc::source::PositionEncoding::Utf32,
        deny_warnings: false,
    };
    let mut db = SourceDb::new();
    let mut problems = Vec::new();
    let (Some(options), Some(manifest)) =
        (options(&input, &mut db, &mut problems), manifest(&input, file, &mut db, &mut problems))
    else {
        report(&db, &problems, &human, color, &Default::default());
        return ExitCode::from(FAILURE);
    };
    // Every VM: the question is which ones the app needs, not whether a target has them.
    let host = manifest.host_functions.clone();
    let everything = Manifest { host_functions: host.clone(), ..Manifest::everything() };
    let options = with_manifest(&options, everything.clone());
    let checked = match check_root(file, &options, &mut db) {
        Ok(checked) => checked,
        Err(d) => {
            report(&db, &[*d], &human, color, &everything);
            return ExitCode::from(FAILURE);
        }
    };
    let errors: Vec<_> =
        checked.diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
    if !errors.is_empty() {
        report(&db, &errors, &human, color, &everything);
    }
    let graph = kryc::analysis::analyze(&checked, &db, &host);
    let recommendation = kryc::recommend::recommend(&graph, &costs, args.target);
    let text = match args.format {
        VmsFormat::Text => kryc::recommend::text::render(&recommendation),
        VmsFormat::Json => kryc::recommend::to_json(&recommendation),
    };
    let misfit = recommendation.target.as_ref().is_some_and(|t| !t.fits);
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write: {e}");
            ExitCode::from(FAILURE)
        }
        _ if !errors.is_empty() || misfit => ExitCode::from(INPUT_ERRORS),
        _ => ExitCode::from(SUCCESS),
    }
}
