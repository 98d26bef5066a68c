//! The `kryc` binary: a thin shell over the `kryc` library.

mod cli;

use std::process::ExitCode;

/// Counts what the Python VM allocates, so `kryc run` enforces its memory limit per VM.
#[global_allocator]
static ALLOCATOR: kryon_runtime::MeteredAllocator = kryon_runtime::MeteredAllocator::system();

const STACK_SIZE: usize = 64 * 1024 * 1024;

fn main() -> ExitCode {
    // A panic is a bug in kryc: report it as an internal error (exit 101), never as a crash.
    std::panic::set_hook(Box::new(|info| {
        let location =
            info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        eprintln!("error[K0001]: internal compiler error: {message}{location}");
        eprintln!(
            "note: this is a bug in kryc {}, not a problem with your input",
            env!("CARGO_PKG_VERSION")
        );
        eprintln!("note: please report it with the input file and the command line");
    }));
    let cli = cli::parse();
    // The compiler runs on a thread with a generous stack: the passes are bounded (nesting
    // and component depth limits), and this keeps large real-world inputs far from them.
    let worker =
        std::thread::Builder::new().name("kryc".into()).stack_size(STACK_SIZE).spawn(move || {
            std::panic::catch_unwind(move || {
                // Lets the test suite check the internal-error path; not a user-facing option.
                if std::env::var_os("KRYC_TEST_INTERNAL_ERROR").is_some() {
                    panic!("internal error requested by KRYC_TEST_INTERNAL_ERROR");
                }
                cli::run(cli)
            })
        });
    match worker.map(|handle| handle.join()) {
        Ok(Ok(Ok(code))) => code,
        _ => ExitCode::from(cli::report::INTERNAL_ERROR),
    }
}
