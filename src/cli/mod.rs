//! The `kryc` command line: argument parsing, file IO, colour, output formats and exit
//! statuses. Everything else lives in the library.

pub mod args;
mod build;
mod check;
mod explain;
mod fs_loader;
mod inspect;
pub mod report;
mod vms;

use std::process::ExitCode;

use clap::CommandFactory;

use args::{Cli, Command};

pub fn run(cli: Cli) -> ExitCode {
    match &cli.command {
        Command::Build(args) => build::run(args, cli.color),
        Command::Check(args) => check::run(args, cli.color),
        Command::Inspect(args) => inspect::run(args),
        Command::Vms => vms::run(),
        Command::Explain(args) => explain::run(args.code.as_deref()),
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "kryc", &mut std::io::stdout());
            ExitCode::from(report::SUCCESS)
        }
    }
}
