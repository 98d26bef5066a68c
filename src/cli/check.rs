//! `kryc check FILE...`, and the reading and checking of a root file that `build` shares:
//! options from `-I`/`-D`, the build manifest from `--vms`/`--preset`/`kryon.toml`.

use std::path::Path;
use std::process::ExitCode;

use kryc::check::{check, CheckOptions, Checked};
use kryc::diagnostics::{Code, Diagnostic};
use kryc::loader::{LoadError, Loader};
use kryc::manifest::{from_config, Manifest, Origin};
use kryc::passes::variables::parse_override;
use kryc::passes::AnalysisOptions;
use kryc::program::FrontendOptions;
use kryc::source::{SourceDb, TextRange};

use super::args::{CheckArgs, ColorChoice, InputArgs};
use super::fs_loader::FsLoader;
use super::report::{report, FAILURE};

pub fn run(args: &CheckArgs, color: ColorChoice) -> ExitCode {
    let mut db = SourceDb::new();
    let mut diagnostics = Vec::new();
    let options = options(&args.input, &mut db, &mut diagnostics);
    let mut usage_error = options.is_none();
    let options = options.unwrap_or_default();
    let mut vms = Manifest::default();
    for path in &args.files {
        let Some(manifest) = manifest(&args.input, path, &mut db, &mut diagnostics) else {
            usage_error = true;
            continue;
        };
        vms = manifest.clone();
        let options = with_manifest(&options, manifest);
        match check_root(path, &options, &mut db) {
            Ok(checked) => diagnostics.extend(checked.diagnostics),
            Err(d) => {
                usage_error = true;
                diagnostics.push(*d);
            }
        }
    }
    let status = report(&db, &diagnostics, &args.diagnostics, color, &vms);
    if usage_error {
        ExitCode::from(FAILURE)
    } else {
        status
    }
}

/// The check options of `-I` and `-D`; `None` (with the problems in `diagnostics`) when a
/// `-D` is malformed.
pub fn options(
    input: &InputArgs,
    db: &mut SourceDb,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<CheckOptions> {
    let mut overrides = Vec::new();
    let mut ok = true;
    for option in &input.defines {
        match parse_override(db, option) {
            Ok(o) => overrides.push(o),
            Err(d) => {
                ok = false;
                diagnostics.push(*d);
            }
        }
    }
    ok.then(|| CheckOptions {
        frontend: FrontendOptions { include_dirs: input.include_dirs.clone() },
        analysis: AnalysisOptions { overrides, manifest: None, ..AnalysisOptions::default() },
    })
}

pub fn with_manifest(options: &CheckOptions, manifest: Manifest) -> CheckOptions {
    let mut options = options.clone();
    options.analysis.manifest = Some(manifest);
    options
}

/// The build manifest for a root file: `--vms` or `--preset`, else `kryon.toml` beside the
/// file, else Lua only. Host functions come from `kryon.toml` in every case. `None` (with
/// the problems in `diagnostics`) when `kryon.toml` is invalid.
pub fn manifest(
    input: &InputArgs,
    root: &Path,
    db: &mut SourceDb,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Manifest> {
    let config_path = root.parent().unwrap_or(Path::new("")).join("kryon.toml");
    let from_file = match std::fs::read_to_string(&config_path) {
        Ok(text) => {
            let name = config_path.display().to_string();
            let file = db.add(name.clone(), text.clone());
            match from_config(&text, file, &name) {
                Ok(m) => m,
                Err(problems) => {
                    diagnostics.extend(problems);
                    return None;
                }
            }
        }
        Err(_) => None,
    };
    let host_functions = from_file.as_ref().map(|m| m.host_functions.clone()).unwrap_or_default();
    let mut manifest = if let Some(vms) = &input.vms {
        Manifest::from_languages(vms.0.iter().copied(), None, Origin::CommandLine)
    } else if let Some(preset) = input.preset {
        Manifest::from_languages(
            preset.languages.iter().copied(),
            Some(preset.name),
            Origin::CommandLine,
        )
    } else {
        from_file.unwrap_or_default()
    };
    manifest.host_functions = host_functions;
    Some(manifest)
}

/// Reads and checks one root file. Its diagnostics include one for invalid UTF-8; a file that
/// cannot be read gives an IO diagnostic instead.
pub fn check_root(
    path: &Path,
    options: &CheckOptions,
    db: &mut SourceDb,
) -> Result<Checked, Box<Diagnostic>> {
    let (text, utf8_error) = read_root(path).map_err(|message| {
        Box::new(Diagnostic::new(Code::Io, format!("cannot read `{}`: {message}", path.display())))
    })?;
    let mut checked = check(db, path, text, &FsLoader, options);
    if let Some(offset) = utf8_error {
        checked.diagnostics.insert(
            0,
            Diagnostic::new(Code::InvalidUtf8, "this file is not valid UTF-8")
                .at(checked.program.root().file, TextRange::new(offset, offset + 1))
                .with_primary_label("the first byte that is not UTF-8")
                .with_help("re-save the file as UTF-8"),
        );
    }
    Ok(checked)
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
