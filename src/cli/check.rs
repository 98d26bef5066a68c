//! `kryc check FILE...`

use std::path::Path;
use std::process::ExitCode;

use kryc::check::{check, CheckOptions};
use kryc::diagnostics::{Code, Diagnostic};
use kryc::loader::{LoadError, Loader};
use kryc::passes::variables::parse_override;
use kryc::passes::AnalysisOptions;
use kryc::program::FrontendOptions;
use kryc::source::{SourceDb, TextRange};

use super::args::{CheckArgs, ColorChoice};
use super::fs_loader::FsLoader;
use super::report::{report, FAILURE};

pub fn run(args: &CheckArgs, color: ColorChoice) -> ExitCode {
    let mut options = CheckOptions {
        frontend: FrontendOptions { include_dirs: args.include_dirs.clone() },
        ..CheckOptions::default()
    };
    let mut db = SourceDb::new();
    let mut diagnostics = Vec::new();
    let mut usage_error = false;
    let mut overrides = Vec::new();
    for option in &args.defines {
        match parse_override(&mut db, option) {
            Ok(o) => overrides.push(o),
            Err(d) => {
                usage_error = true;
                diagnostics.push(*d);
            }
        }
    }
    options.analysis = AnalysisOptions { overrides };
    for path in &args.files {
        match read_root(path) {
            Ok((text, utf8_error)) => {
                let checked = check(&mut db, path, text, &FsLoader, &options);
                if let Some(offset) = utf8_error {
                    diagnostics.push(
                        Diagnostic::new(Code::InvalidUtf8, "this file is not valid UTF-8")
                            .at(checked.program.root().file, TextRange::new(offset, offset + 1))
                            .with_primary_label("the first byte that is not UTF-8")
                            .with_help("re-save the file as UTF-8"),
                    );
                }
                diagnostics.extend(checked.diagnostics);
            }
            Err(message) => {
                usage_error = true;
                diagnostics.push(Diagnostic::new(
                    Code::Io,
                    format!("cannot read `{}`: {message}", path.display()),
                ));
            }
        }
    }
    let status = report(&db, &diagnostics, &args.diagnostics, color);
    if usage_error {
        ExitCode::from(FAILURE)
    } else {
        status
    }
}

/// Reads a root file; invalid UTF-8 is replaced and its first offset returned, so the rest of
/// the file is still checked.
fn read_root(path: &Path) -> Result<(String, Option<usize>), String> {
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok((text, None)),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                Ok((String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(offset)))
            }
        },
        Err(_) => match FsLoader.load(path) {
            Err(LoadError::NotFound) => Err("no such file".to_string()),
            Err(LoadError::Other(reason)) => Err(reason),
            Ok(_) => Err("usage_error".to_string()),
        },
    }
}
