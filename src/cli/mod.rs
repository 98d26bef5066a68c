//! The `kryc` command line: argument parsing, file IO, colour, output formats and exit
//! statuses. Everything else lives in the library.

mod analyze;
pub mod args;
mod atomic;
mod build;
mod check;
mod explain;
mod fmt;
mod fs_loader;
mod inspect;
mod lsp;
pub mod optimise_args;
mod precompile;
mod render;
pub mod report;
mod run;
mod vms;
mod watch;
mod window;

use std::process::ExitCode;

use clap::CommandFactory;

use args::{Cli, Command};

/// Parses the command line. `kryc run`'s `--click` and `--event` are merged in the order
/// they were written, which clap's derive cannot express.
pub fn parse() -> Cli {
    use clap::FromArgMatches;
    let matches = Cli::command().get_matches_from(trace_without_value(std::env::args_os()));
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    if let (Command::Run(args), Some(("run", sub))) = (&mut cli.command, matches.subcommand()) {
        let mut ordered = Vec::new();
        for (name, click) in [("clicks", true), ("event_texts", false)] {
            let indices = sub.indices_of(name).into_iter().flatten();
            let values = sub.get_many::<String>(name).into_iter().flatten();
            for (index, value) in indices.zip(values) {
                match run::parse_event(value, click) {
                    Ok(event) => ordered.push((index, event)),
                    Err(message) => {
                        Cli::command().error(clap::error::ErrorKind::InvalidValue, message).exit()
                    }
                }
            }
        }
        ordered.sort_by_key(|(index, _)| *index);
        args.events = ordered.into_iter().map(|(_, e)| e).collect();
    }
    cli
}

/// `--trace` takes an optional format: when the next argument is not one (`kryc run --trace
/// app.kry`), it is `--trace=text`, so the file is not read as the format.
fn trace_without_value(args: impl Iterator<Item = std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut args: Vec<std::ffi::OsString> = args.collect();
    for i in 0..args.len() {
        let next = args.get(i + 1).and_then(|a| a.to_str());
        let is_format = next.is_some_and(|n| kryon_runtime::TraceFormat::NAMES.contains(&n));
        if args[i] == "--trace" && !is_format {
            args[i] = "--trace=text".into();
        }
    }
    args
}

pub fn run(cli: Cli) -> ExitCode {
    match &cli.command {
        Command::Build(args) => build::run(args, cli.color),
        Command::Check(args) => check::run(args, cli.color),
        Command::Inspect(args) => inspect::run(args),
        Command::Analyze(args) => analyze::run(args, cli.color),
        Command::Run(args) => run::run(args, cli.color),
        Command::Vms(args) => vms::run(args, cli.color),
        Command::Explain(args) => explain::run(args.code.as_deref()),
        Command::Fmt(args) => fmt::run(args, cli.color),
        Command::Lsp(_) => lsp::run(),
        Command::Watch(args) => watch::run(args, cli.color),
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "kryc", &mut std::io::stdout());
            ExitCode::from(report::SUCCESS)
        }
    }
}
