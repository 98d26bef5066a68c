//! `kryc explain CODE`

use std::process::ExitCode;

use kryc::diagnostics::codes::{self, Code};

use super::report::{FAILURE, SUCCESS};

pub fn run(code: Option<&str>) -> ExitCode {
    let Some(code) = code else {
        for info in codes::ALL {
            println!(
                "{}  {:<30} {:<7}  {}",
                info.id,
                info.name,
                info.severity.as_str(),
                info.summary
            );
        }
        return ExitCode::from(SUCCESS);
    };
    match Code::lookup(code) {
        Some(code) => {
            let info = code.info();
            println!(
                "{} ({}, {})\n\n{}\n\n{}",
                info.id,
                info.name,
                info.severity.as_str(),
                info.summary,
                info.explanation
            );
            ExitCode::from(SUCCESS)
        }
        None => {
            eprintln!("error: `{code}` is not a kryc diagnostic code");
            let names = codes::ALL.iter().flat_map(|c| [c.id, c.name]);
            if let Some(close) = kryc::suggest::closest(code, names) {
                eprintln!("help: did you mean `{close}`?");
            }
            eprintln!("help: `kryc explain` without a code lists every code");
            ExitCode::from(FAILURE)
        }
    }
}
