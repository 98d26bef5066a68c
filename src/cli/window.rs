//! `kryc run app.kry --window [--watch]`: the app in a window, through the `kryon` player's
//! window host. The `.kry` (or `.krb`) is built in memory first; with `--watch` its sources
//! (the root, includes, script files, `kryon.toml`) are polled, each change is rebuilt and
//! reloaded into the open window with `Runtime::reload` (the shared variables keep their
//! values), and an edit that does not build prints its diagnostics while the last good app
//! stays on screen.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use kryon_player::app::{App, Source};
use kryon_player::options::Options;

use super::args::{ColorChoice, RunArgs};
use super::report::{FAILURE, INPUT_ERRORS, SUCCESS};
use super::watch::{stamps, Stamp};

/// New builds of the app when its sources change.
struct Rebuilds {
    args: RunArgs,
    color: ColorChoice,
    watched: Vec<PathBuf>,
    seen: Vec<Stamp>,
}

impl Source for Rebuilds {
    fn interval(&self) -> Duration {
        Duration::from_millis(200)
    }

    fn poll(&mut self) -> Option<Result<Vec<u8>, String>> {
        if stamps(&self.watched) == self.seen {
            return None;
        }
        // Stamped before the build reads them: an edit made while it runs is seen next time.
        self.seen = stamps(&self.watched);
        if self.args.file.extension().is_some_and(|e| e == "krb") {
            return Some(std::fs::read(&self.args.file).map_err(|e| {
                format!(
                    "cannot read `{}`: {e}; showing the last good build",
                    self.args.file.display()
                )
            }));
        }
        let (result, watched) = super::run::build_watched(&self.args, self.color);
        if watched != self.watched {
            self.watched = watched;
            self.seen = stamps(&self.watched);
        }
        Some(result.map_err(|_| {
            format!(
                "`{}` does not build (see the terminal); showing the last good build",
                self.args.file.display()
            )
        }))
    }
}

pub fn run(args: &RunArgs, color: ColorChoice) -> ExitCode {
    let (bytes, watched) = if args.file.extension().is_some_and(|e| e == "krb") {
        match super::run::read_krb(&args.file) {
            Ok(bytes) => (bytes, vec![args.file.clone()]),
            Err(code) => return code,
        }
    } else {
        match super::run::build_watched(args, color) {
            (Ok(bytes), watched) => (bytes, watched),
            (Err(code), _) => return code,
        }
    };
    let options = Options {
        app: args.file.clone(),
        tui: false,
        size: args.size,
        scale: args.scale.unwrap_or(1.0),
        max_time: args.max_time,
        max_memory: args.max_memory,
        print_json_on_exit: false,
        frames: None,
        trace: args.trace.as_deref().and_then(kryon_runtime::TraceFormat::from_name),
        trust_bytecode: args.trust_bytecode,
    };
    let app = match App::from_bytes(&bytes, &options) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(INPUT_ERRORS);
        }
    };
    let source: Option<Box<dyn Source>> = args.watch.then(|| {
        let seen = stamps(&watched);
        Box::new(Rebuilds { args: args.clone(), color, watched, seen }) as Box<dyn Source>
    });
    match kryon_player::window::run_app(app, options, source) {
        Ok(()) => ExitCode::from(SUCCESS),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(FAILURE)
        }
    }
}
