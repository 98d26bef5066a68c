//! `kryc inspect FILE.krb [--json]`: the file's content as a readable tree or JSON.

use std::io::Write;
use std::process::ExitCode;

use super::args::InspectArgs;
use super::report::{FAILURE, INPUT_ERRORS, SUCCESS};

pub fn run(args: &InspectArgs) -> ExitCode {
    let bytes = match std::fs::read(&args.file) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("error: cannot read `{}`: {e}", args.file.display());
            return ExitCode::from(FAILURE);
        }
    };
    let doc = match krb_format::read(&bytes) {
        Ok(doc) => doc,
        Err(e) => {
            eprintln!("error: `{}` is not a valid KRB file: {e}", args.file.display());
            return ExitCode::from(INPUT_ERRORS);
        }
    };
    let text = if args.json { kryc::inspect::json(&doc) } else { kryc::inspect::text(&doc) };
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write: {e}");
            ExitCode::from(FAILURE)
        }
        _ => ExitCode::from(SUCCESS),
    }
}
