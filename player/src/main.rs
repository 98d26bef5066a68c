//! `kryon`: the player. Opens a KRB app (built with `kryc build`) in a window, or with
//! `--tui` in the terminal, and runs it: the runtime (`kryon-runtime`) runs its scripts, the
//! renderer (`kryon-render`) draws it, and this binary owns the window, the terminal, the
//! command line and the exit status. It never depends on the compiler.
//!
//! Exit statuses: 0 when the app closed normally, 1 when the app cannot be opened (a missing
//! or malformed `.krb`, a VM this build lacks), 2 for a usage error or a host failure (no
//! display, no terminal).

use std::process::ExitCode;

use kryon_player::options::{self, Command, USAGE};

fn version() -> String {
    let vms: Vec<&str> = kryon_runtime::compiled_vms().to_vec();
    format!("kryon {} (VMs: {})", env!("CARGO_PKG_VERSION"), vms.join(", "))
}

fn main() -> ExitCode {
    let command = match options::parse(std::env::args_os().skip(1)) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let options = match command {
        Command::Help => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Command::Version => {
            println!("{}", version());
            return ExitCode::SUCCESS;
        }
        Command::Run(options) => options,
    };
    let result = if options.tui { run_tui(options) } else { run_window(options) };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::App(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
        Err(Failure::Host(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Why the player stopped early.
enum Failure {
    /// The app cannot be opened.
    App(String),
    /// The window or terminal failed.
    Host(String),
}

fn classify(message: String) -> Failure {
    if message.starts_with("cannot open `") {
        Failure::App(message)
    } else {
        Failure::Host(message)
    }
}

#[cfg(feature = "tui")]
fn run_tui(options: options::Options) -> Result<(), Failure> {
    kryon_player::tui::run(options).map_err(classify)
}

#[cfg(not(feature = "tui"))]
fn run_tui(_: options::Options) -> Result<(), Failure> {
    Err(Failure::Host("this build of kryon has no terminal mode (cargo feature `tui`)".into()))
}

#[cfg(feature = "window")]
fn run_window(options: options::Options) -> Result<(), Failure> {
    kryon_player::window::run(options).map_err(classify)
}

#[cfg(not(feature = "window"))]
fn run_window(_: options::Options) -> Result<(), Failure> {
    Err(Failure::Host(
        "this build of kryon has no window (cargo feature `window`); try --tui".into(),
    ))
}
