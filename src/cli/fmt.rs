//! `kryc fmt [--check] [FILE...]`: formats files in place through the library's formatter.
//! A file that does not parse is left untouched and its diagnostics are printed; a changed
//! file is written atomically.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kryc::diagnostics::render::{render, Format, RenderOptions};
use kryc::diagnostics::{Code, Diagnostic};
use kryc::format::{format, FormatError};
use kryc::source::SourceDb;

use super::args::{ColorChoice, FmtArgs};
use super::atomic::write_atomically;
use super::report::{use_color, FAILURE, INPUT_ERRORS, INTERNAL_ERROR, SUCCESS};

pub fn run(args: &FmtArgs, color: ColorChoice) -> ExitCode {
    if args.files.iter().any(|f| f == Path::new("-")) {
        if args.files.len() > 1 {
            eprintln!("error: `-` (standard input) cannot be formatted together with files");
            return ExitCode::from(FAILURE);
        }
        return stdin(args.check, color);
    }
    let roots = if args.files.is_empty() { vec![PathBuf::from(".")] } else { args.files.clone() };
    let mut files = Vec::new();
    for root in &roots {
        if root.is_dir() {
            collect(root, &mut files);
        } else {
            files.push(root.clone());
        }
    }
    let mut status = SUCCESS;
    let mut db = SourceDb::new();
    let mut problems = Vec::new();
    for path in &files {
        let text = match std::fs::read(path).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                eprintln!("error: {} is not valid UTF-8; it is left as it was", path.display());
                status = status.max(INPUT_ERRORS);
                continue;
            }
            Err(e) => {
                eprintln!("error[K0002]: cannot read `{}`: {e}", path.display());
                status = status.max(FAILURE);
                continue;
            }
        };
        let file = db.add(path.display().to_string(), text.clone());
        match format(file, db.get(file)) {
            Ok(formatted) if formatted == text => {}
            Ok(_) if args.check => {
                println!("{}", path.display());
                status = status.max(INPUT_ERRORS);
            }
            Ok(formatted) => match write_atomically(path, formatted.as_bytes()) {
                Ok(()) => eprintln!("formatted {}", path.display()),
                Err(e) => {
                    eprintln!("error[K0002]: cannot write `{}`: {e}", path.display());
                    status = status.max(FAILURE);
                }
            },
            Err(FormatError::Syntax(diagnostics)) => {
                problems.extend(diagnostics);
                eprintln!("{} has syntax errors; it is left as it was", path.display());
                status = status.max(INPUT_ERRORS);
            }
            Err(FormatError::Unsafe(reason)) => {
                problems.push(unsafe_format(path, &reason));
                status = INTERNAL_ERROR;
            }
        }
    }
    print_diagnostics(&db, &problems, color);
    if args.check && status == INPUT_ERRORS && problems.is_empty() {
        eprintln!("these files are not formatted; run `kryc fmt` on them");
    }
    ExitCode::from(status)
}

fn stdin(check: bool, color: ColorChoice) -> ExitCode {
    let mut text = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("error[K0002]: cannot read standard input: {e}");
        return ExitCode::from(FAILURE);
    }
    let mut db = SourceDb::new();
    let file = db.add("<stdin>", text.clone());
    match format(file, db.get(file)) {
        Ok(formatted) => {
            if check {
                return ExitCode::from(if formatted == text { SUCCESS } else { INPUT_ERRORS });
            }
            let _ = std::io::stdout().lock().write_all(formatted.as_bytes());
            ExitCode::from(SUCCESS)
        }
        Err(FormatError::Syntax(diagnostics)) => {
            print_diagnostics(&db, &diagnostics, color);
            ExitCode::from(INPUT_ERRORS)
        }
        Err(FormatError::Unsafe(reason)) => {
            print_diagnostics(&db, &[unsafe_format(Path::new("<stdin>"), &reason)], color);
            ExitCode::from(INTERNAL_ERROR)
        }
    }
}

fn unsafe_format(path: &Path, reason: &str) -> Diagnostic {
    Diagnostic::new(
        Code::InternalError,
        format!("the formatter would change what {} means ({reason})", path.display()),
    )
    .with_note(
        "the file is left as it was; this is a bug in kryc fmt, please report it with the file",
    )
}

fn print_diagnostics(db: &SourceDb, diagnostics: &[Diagnostic], color: ColorChoice) {
    if diagnostics.is_empty() {
        return;
    }
    let options = RenderOptions { color: use_color(color), ..RenderOptions::default() };
    let text = render(Format::Human, db, diagnostics, &options);
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// The `.kry` files under `dir`, sorted; hidden directories and `target` are skipped.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                collect(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "kry") {
            out.push(path);
        }
    }
}
