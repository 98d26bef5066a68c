//! `kryc run` with MicroPython: the counter of `examples/micropython/` (Lua `+`, JavaScript
//! `-`, MicroPython `×2` and reset on one variable) agrees in every click order, built to a KRB
//! and run from it, and `kryc vms` lists the VM. Needs a `kryc` with the `micropython-vm` and
//! `javascript-vm` features (both are in `full`).
#![cfg(all(feature = "micropython-vm", feature = "javascript-vm"))]

mod common;

use common::{kryc, repo, run_clicks, stderr, stdout, text_of};

#[test]
fn the_counter_with_micropython_agrees_in_every_order() {
    // (clicks, counter, whether `double` ran last)
    let cases: &[(&[&str], i64, bool)] = &[
        (&[], 0, false),
        (&["inc", "inc", "double"], 4, true),
        (&["inc", "double", "dec"], 1, false),
        (&["dec", "double", "double"], -4, true),
        (&["inc", "inc", "reset", "inc"], 1, false),
        (&["double", "reset", "dec", "inc", "inc", "double"], 2, true),
    ];
    for (clicks, expected, doubled) in cases {
        let snapshot = run_clicks("examples/micropython/counter.kry", clicks);
        assert_eq!(snapshot["variables"]["counter"], *expected, "{clicks:?}");
        assert_eq!(snapshot["errors"], serde_json::json!([]), "{clicks:?}");
        assert_eq!(text_of(&snapshot, "label"), format!("Count: {expected}"), "{clicks:?}");
        // The MicroPython `double` prints what it did; the last line is its when it ran last.
        let output = snapshot["output"].as_array().expect("output");
        let last = output.last().and_then(|l| l.as_str()).unwrap_or_default();
        assert_eq!(last.starts_with(&format!("doubled to {expected} on")), *doubled, "{output:?}");
    }
}

#[test]
fn a_built_micropython_krb_runs() {
    let dir = common::scratch("cli-micropython", "krb");
    for f in ["counter.kry", "kryon.toml"] {
        std::fs::copy(repo().join("examples/micropython").join(f), dir.join(f)).expect("copy");
    }
    let built = kryc(&dir, &["build", "counter.kry"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let vars = kryc(
        &dir,
        &["run", "counter.krb", "--click", "inc", "--click", "double", "--print", "vars"],
    );
    assert!(vars.status.success(), "{}", stderr(&vars));
    assert_eq!(stdout(&vars), "doubled to 2 on ×2\nvariables:\n  counter = 2\n");
}

#[test]
fn a_micropython_error_points_at_its_kry_line() {
    let dir = common::scratch("cli-micropython", "error");
    let app = "@variables {\n    n: 0\n}\n\nApp {\n    Button { id: \"b\" text: \"b\" onClick: \"boom\" }\n}\n\n@function \"micropython\" boom() {\n    x = 1\n    return x / 0\n}\n";
    std::fs::write(dir.join("app.kry"), app).expect("write");
    std::fs::write(dir.join("kryon.toml"), "[build]\npreset = \"full\"\n").expect("write");
    let out = kryc(&dir, &["run", "app.kry", "--click", "b", "--print", "json"]);
    let snapshot: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let error = &snapshot["errors"][0];
    assert_eq!(error["language"], "micropython", "{snapshot}");
    assert_eq!(error["kry_line"], 11, "{snapshot}");
    assert!(error["message"].as_str().unwrap_or("").contains("ZeroDivisionError"), "{snapshot}");
}

#[test]
fn kryc_vms_lists_micropython() {
    let out = kryc(&repo(), &["vms"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let line = text.lines().find(|l| l.contains("micropython")).unwrap_or_default();
    assert!(line.contains("micropython-vm"), "{text}");
}

/// The compiler's MicroPython module list is the VM's: every name it accepts imports in the
/// VM, every other name tried does not, and `help('modules')` lists nothing it lacks.
#[test]
fn the_compilers_module_list_is_what_the_vm_imports() {
    use kryc::scripts::micropython::{MODULES, UNREACHABLE_MODULES};
    let others = [
        "typing",
        "__future__",
        "dataclasses",
        "machine",
        "network",
        "socket",
        "ssl",
        "bluetooth",
        "pyb",
        "esp",
        "_thread",
        "threading",
        "subprocess",
        "ctypes",
        "pickle",
        "uasyncio",
        "umath",
        "uzlib",
        "udeflate",
        "urllib",
        "sqlite3",
        "tkinter",
        "enum",
    ];
    let mut candidates: Vec<String> = Vec::new();
    for name in MODULES.iter().chain(UNREACHABLE_MODULES).chain(&others) {
        candidates.push(name.to_string());
        candidates.push(format!("u{name}"));
    }
    candidates.sort();
    candidates.dedup();
    let list = candidates.iter().map(|c| format!("{c:?}")).collect::<Vec<_>>().join(", ");
    let app = format!(
        "App {{\n    Button {{ id: \"b\" text: \"b\" onClick: \"probe\" }}\n}}\n\n\
         @function \"micropython\" probe() {{\n    \
         for name in [{list}]:\n        \
         try:\n            __import__(name)\n            print('yes', name)\n        \
         except ImportError:\n            print('no', name)\n    \
         help('modules')\n}}\n"
    );
    let dir = common::scratch("cli-micropython", "modules");
    std::fs::write(dir.join("probe.kry"), app).expect("write");
    let out = kryc(&dir, &["run", "probe.kry", "--click", "b", "--print", "vars"]);
    let text = stdout(&out);
    let imported: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("yes ")).collect();
    let refused = text.lines().filter(|l| l.starts_with("no ")).count();
    assert_eq!(imported.len() + refused, candidates.len(), "{text}\n{}", stderr(&out));
    let mut accepted: Vec<&str> = MODULES.iter().chain(UNREACHABLE_MODULES).copied().collect();
    accepted.sort();
    let mut imported = imported;
    imported.sort();
    assert_eq!(imported, accepted, "the VM imports exactly the compiler's list");
    // `help('modules')`: names in columns, packages as `name/__init__`, then a note.
    let listed = text
        .lines()
        .skip_while(|l| !l.starts_with("__main__"))
        .take_while(|l| !l.starts_with("Plus any modules"))
        .flat_map(|l| l.split_whitespace())
        .map(|n| n.split('/').next().unwrap_or(n))
        .filter(|n| *n != "__main__");
    for name in listed {
        assert!(accepted.contains(&name), "the VM has `{name}`, the compiler's list does not");
    }
}
