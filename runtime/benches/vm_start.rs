//! What one VM costs an app: the time to load a one-button app whose only function is in
//! that language (the runtime's load with that VM started and its prelude run), and the
//! resident memory one more such app takes (the process's resident set, Linux
//! `/proc/self/statm`, grown by loading 10 more and keeping them, divided by 10, after one
//! warm-up load). Resident memory is the one measure every VM shares: Lua and QuickJS count
//! their own heaps, but RustPython's meter counts only what it allocates inside calls, not
//! the interpreter it builds at start.
//!
//!
//! Before criterion runs, one line per compiled VM goes to stdout:
//! `vm-memory LANGUAGE BYTES`; `bench/vm-costs.sh` reads them and criterion's estimates and
//! writes `docs/data/vm-costs.json`, which `kryc vms --recommend` reports from.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Duration;

use criterion::Criterion;
use krb_format::languages;
use kryon_runtime::{Runtime, VMConfig};
use support::AppBuilder;

/// A button `b` whose click calls `noop` in `language`, and one shared variable.
fn one_function_app(language: u8, body: &str) -> Vec<u8> {
    let mut b = AppBuilder::new();
    b.int_var("counter", 0);
    b.button("b", "b", "noop");
    b.function(language, "noop", &[], body, 1);
    krb_format::write(&b.build()).expect("writes")
}

/// Every VM this bench binary has: its tag and the app that starts it.
fn apps() -> Vec<(&'static str, Vec<u8>)> {
    let mut apps = vec![("lua", one_function_app(languages::LUA, " local x = 1 "))];
    #[cfg(feature = "javascript-vm")]
    apps.push(("javascript", one_function_app(languages::JAVASCRIPT, " let x = 1; ")));
    #[cfg(feature = "python-vm")]
    apps.push(("python", one_function_app(languages::PYTHON, "\n    x = 1\n")));
    apps
}

/// The process's resident set in bytes (`None` off Linux).
fn resident() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

const KEPT: u64 = 10;

fn print_memory(apps: &[(&'static str, Vec<u8>)]) {
    for (language, bytes) in apps {
        let warm = Runtime::load(bytes, VMConfig::default()).expect("loads");
        let before = resident();
        let kept: Vec<Runtime> =
            (0..KEPT).map(|_| Runtime::load(bytes, VMConfig::default()).expect("loads")).collect();
        match (before, resident()) {
            (Some(before), Some(after)) => {
                println!("vm-memory {language} {}", after.saturating_sub(before) / KEPT)
            }
            _ => println!("vm-memory {language} unknown"),
        }
        drop((warm, kept));
    }
}

fn vm_start(c: &mut Criterion, apps: &[(&'static str, Vec<u8>)]) {
    let mut group = c.benchmark_group("vm_start");
    for (language, bytes) in apps {
        group.bench_function(*language, |b| {
            b.iter(|| Runtime::load(bytes, VMConfig::default()).expect("loads"))
        });
    }
    group.finish();
}

fn main() {
    let apps = apps();
    print_memory(&apps);
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20)
        .configure_from_args();
    vm_start(&mut c, &apps);
    c.final_summary();
}
