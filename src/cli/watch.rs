//! `kryc watch FILE [-o OUT]`: builds, then rebuilds whenever the root file, a file it
//! includes, a script file it names or its `kryon.toml` changes. One status line per build
//! with its duration; a failed build prints its diagnostics and leaves the last good KRB in
//! place (writes are atomic, so the KRB is always a whole build).
//!
//! Changes are found by polling the size and modification time of exactly the files the last
//! build read, every `--poll-interval` milliseconds. That costs a few `stat` calls per tick,
//! follows the include graph as it changes, and sees editors' atomic saves (a new file
//! renamed over the old one), which directory watchers report in many ways.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

use kryc::diagnostics::render::Format;
use kryc::diagnostics::{Diagnostic, Severity};
use kryc::emit::{build, EmitOptions};
use kryc::manifest::Manifest;
use kryc::source::SourceDb;

use super::args::{ColorChoice, WatchArgs};
use super::atomic::write_atomically;
use super::check::{check_root, manifest, options, with_manifest};
use super::report::report;

pub fn run(args: &WatchArgs, color: ColorChoice) -> ExitCode {
    let output = args.output.clone().unwrap_or_else(|| args.file.with_extension("krb"));
    let interval = Duration::from_millis(args.poll_interval.max(10));
    let mut number = 0u64;
    let config = args.file.parent().unwrap_or(Path::new("")).join("kryon.toml");
    let mut watched = vec![args.file.clone(), config];
    loop {
        number += 1;
        // Stamped before the build reads them: an edit made while it runs is a change.
        let before = stamps(&watched);
        let outcome = build_once(args, &output, color);
        status_line(args, number, &outcome, &output);
        let changed_meanwhile = stamps(&watched) != before;
        watched = outcome.watched;
        if changed_meanwhile {
            continue;
        }
        let seen = stamps(&watched);
        while stamps(&watched) == seen {
            std::thread::sleep(interval);
        }
        // Let a burst of writes finish before building.
        std::thread::sleep(interval);
    }
}

struct Outcome {
    /// Some((bytes)) when the KRB was written.
    wrote: Option<usize>,
    errors: usize,
    warnings: usize,
    millis: u128,
    /// Why nothing was built when it is not the diagnostics (IO, configuration).
    failure: Option<String>,
    watched: Vec<PathBuf>,
}

fn build_once(args: &WatchArgs, output: &Path, color: ColorChoice) -> Outcome {
    let started = Instant::now();
    let mut db = SourceDb::new();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut vms = Manifest::default();
    let config = args.file.parent().unwrap_or(Path::new("")).join("kryon.toml");
    let mut watched = vec![args.file.clone(), config];
    let outcome = |wrote, failure: Option<String>, diagnostics: &[Diagnostic], watched| {
        let count = |s| diagnostics.iter().filter(|d: &&Diagnostic| d.severity == s).count();
        Outcome {
            wrote,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            millis: started.elapsed().as_millis(),
            failure,
            watched,
        }
    };
    let result = (|| {
        let options = options(&args.input, &mut db, &mut diagnostics).ok_or("invalid -D option")?;
        let manifest = manifest(&args.input, &args.file, &mut db, &mut diagnostics)
            .ok_or("invalid kryon.toml")?;
        vms = manifest.clone();
        let checked =
            check_root(&args.file, &with_manifest(&options, manifest), &mut db).map_err(|d| {
                let message = d.message.clone();
                diagnostics.push(*d);
                message
            })?;
        watched.extend(checked.program.files.iter().map(|f| f.path.clone()));
        watched.extend(
            checked.program.script_files.iter().map(|s| PathBuf::from(db.get(s.file).name())),
        );
        diagnostics.extend(checked.diagnostics.iter().cloned());
        let stop = diagnostics.iter().any(|d| d.severity == Severity::Error)
            || (args.diagnostics.deny_warnings
                && diagnostics.iter().any(|d| d.severity == Severity::Warning));
        if stop {
            return Ok(None);
        }
        let bytes = build(&checked, &db, &EmitOptions::default()).map_err(|d| {
            let message = d.message.clone();
            diagnostics.push(*d);
            message
        })?;
        write_atomically(output, &bytes)
            .map_err(|e| format!("cannot write `{}`: {e}", output.display()))?;
        Ok::<_, String>(Some(bytes.len()))
    })();
    let _ = report(&db, &diagnostics, &args.diagnostics, color, &vms);
    watched.sort();
    watched.dedup();
    match result {
        Ok(wrote) => outcome(wrote, None, &diagnostics, watched),
        Err(failure) => outcome(None, Some(failure), &diagnostics, watched),
    }
}

fn status_line(args: &WatchArgs, number: u64, outcome: &Outcome, output: &Path) {
    let kept = output.exists();
    if args.diagnostics.diagnostic_format == Format::Jsonl {
        let line = serde_json::json!({
            "type": "build",
            "build": number,
            "ok": outcome.wrote.is_some(),
            "errors": outcome.errors,
            "warnings": outcome.warnings,
            "millis": outcome.millis as u64,
            "output": output.display().to_string(),
            "bytes": outcome.wrote,
            "kept_last_good": outcome.wrote.is_none() && kept,
            "failure": outcome.failure,
        });
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
        return;
    }
    let counts = format!(
        "{} error{}, {} warning{}",
        outcome.errors,
        if outcome.errors == 1 { "" } else { "s" },
        outcome.warnings,
        if outcome.warnings == 1 { "" } else { "s" }
    );
    let line = match (outcome.wrote, &outcome.failure) {
        (Some(bytes), _) => format!(
            "[build {number}] ok in {} ms: wrote {} ({bytes} bytes), {counts}",
            outcome.millis,
            output.display()
        ),
        (None, failure) => {
            let why = failure.clone().unwrap_or(counts);
            let keep = if kept {
                format!("{} is the last good build", output.display())
            } else {
                "nothing written yet".to_string()
            };
            format!("[build {number}] failed in {} ms: {why}; {keep}", outcome.millis)
        }
    };
    eprintln!("{line}");
}

/// What a file looks like to the poll: missing, or its length and modification time.
pub(super) type Stamp = Option<(u64, SystemTime)>;

pub(super) fn stamps(files: &[PathBuf]) -> Vec<Stamp> {
    files
        .iter()
        .map(|f| {
            std::fs::metadata(f)
                .ok()
                .map(|m| (m.len(), m.modified().unwrap_or(SystemTime::UNIX_EPOCH)))
        })
        .collect()
}
