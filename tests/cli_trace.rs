//! `kryc run --trace`: every step of a scripted multi-language session, in order — events,
//! calls with arguments and results, shared-variable changes with the VM and function that
//! made them, syncs to the other VMs and the bindings, output, errors with the call on the
//! other side of the language boundary — as text (snapshots, durations masked) and as JSON
//! lines (each line parsed and checked).
#![cfg(all(
    feature = "javascript-vm",
    feature = "python-vm",
    feature = "wren-vm",
    feature = "micropython-vm"
))]

mod common;

use common::{kryc, repo, stderr};

/// `  call lua f()  0.021 ms` → `  call lua f()  [time]`.
fn mask_durations(text: &str) -> String {
    text.lines()
        .map(|line| match line.strip_suffix(" ms").and_then(|l| l.rsplit_once("  ")) {
            Some((head, number)) if number.parse::<f64>().is_ok() => format!("{head}  [time]"),
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The stderr of `kryc run APP --trace[=FORMAT] --print vars` with these clicks.
fn traced(app: &str, format: Option<&str>, clicks: &[&str]) -> (String, String, bool) {
    let trace = match format {
        Some(f) => format!("--trace={f}"),
        None => "--trace".to_string(),
    };
    let mut args = vec!["run", trace.as_str(), app, "--print", "vars"];
    for c in clicks {
        args.extend(["--click", c]);
    }
    let out = kryc(&repo(), &args);
    (stderr(&out), common::stdout(&out), out.status.success())
}

fn snapshot(name: &str, app: &str, clicks: &[&str]) {
    let (trace, vars, _) = traced(app, None, clicks);
    let source = std::fs::read_to_string(repo().join(app)).expect("the app");
    let command = format!("kryc run --trace {app} --click {}", clicks.join(" --click "));
    let text = format!(
        "----- SOURCE CODE -- {app}\n{source}\n----- {command}\n{}\n----- stdout\n{vars}",
        mask_durations(&trace)
    );
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn a_four_language_session_traced() {
    snapshot(
        "trace_four_language_counter",
        "examples/counter-four.kry",
        &["inc", "double", "dec", "reset", "inc"],
    );
}

#[test]
fn failures_across_languages_name_both_sides() {
    snapshot(
        "trace_cross_language_errors",
        "tests/trace/cross_language_error.kry",
        &["grow", "fix", "fail", "wrong"],
    );
}

#[test]
fn the_trace_is_the_same_with_or_without_a_format_and_goes_to_stderr() {
    let clicks = ["inc", "double"];
    let (plain, vars, ok) = traced("examples/counter-four.kry", None, &clicks);
    let (text, _, _) = traced("examples/counter-four.kry", Some("text"), &clicks);
    assert!(ok, "{plain}");
    assert_eq!(mask_durations(&plain), mask_durations(&text));
    assert_eq!(vars, "variables:\n  counter = 2\n", "stdout is the app's, not the trace");
    // `--trace` followed by the file does not read the file as the format.
    let out = kryc(&repo(), &["run", "--trace", "examples/counter-four.kry"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("load (document)"), "{}", stderr(&out));
}

#[test]
fn jsonl_is_one_object_per_step_in_order() {
    let (trace, _, ok) =
        traced("tests/trace/cross_language_error.kry", Some("jsonl"), &["grow", "fail"]);
    assert!(!ok, "the script errors make the exit status 1");
    let steps: Vec<serde_json::Value> = trace
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let kinds: Vec<&str> = steps.iter().map(|s| s["step"].as_str().expect("step")).collect();
    let clicks: Vec<usize> =
        kinds.iter().enumerate().filter(|(_, k)| **k == "event").map(|(i, _)| i).collect();
    assert_eq!(clicks.len(), 2, "{kinds:?}");
    // Loading: every script, then the load event.
    assert!(kinds[..clicks[0]].iter().filter(|k| **k == "load").count() >= 4, "{kinds:?}");
    // `grow`: its call, both changes by lua grow, the sync, the binding error it set off.
    let grow = &steps[clicks[0]..clicks[1]];
    assert_eq!(grow[0]["event"], "click");
    assert_eq!(grow[0]["element"], "grow");
    let call = &grow[1];
    assert_eq!((call["step"].as_str(), call["vm"].as_str()), (Some("call"), Some("lua")));
    assert_eq!(call["function"], "grow");
    assert!(call["duration_ns"].as_u64().is_some(), "{call}");
    let changes: Vec<&serde_json::Value> = grow.iter().filter(|s| s["step"] == "change").collect();
    assert_eq!(changes.len(), 2, "{grow:?}");
    assert_eq!(changes[0]["variable"], "size");
    assert_eq!(changes[0]["old"], "40");
    assert_eq!(changes[0]["new"], "huge");
    assert_eq!(changes[0]["vm"], "lua");
    assert_eq!(changes[0]["function"], "grow");
    let sync = grow.iter().find(|s| s["step"] == "sync").expect("a sync");
    assert_eq!(sync["variables"], serde_json::json!(["size", "clicks"]));
    assert_eq!(sync["vms"], serde_json::json!(["javascript", "python"]));
    let error = grow.iter().find(|s| s["step"] == "error").expect("the binding error");
    assert_eq!(error["error"]["kind"], "binding", "{error}");
    assert_eq!(error["cause"], serde_json::json!({"vm": "lua", "function": "grow"}));
    // `fail`: the call failed (no `returned`), its write before the raise is still synced,
    // its print is traced, and its own error has no other side.
    let fail = &steps[clicks[1]..];
    let call = fail.iter().find(|s| s["step"] == "call").expect("the call");
    assert_eq!(call["returned"], serde_json::Value::Null);
    assert!(fail.iter().any(|s| s["step"] == "print" && s["line"] == "about to fail"));
    let error = fail.iter().find(|s| s["step"] == "error").expect("the error");
    assert_eq!(error["error"]["language"], "python");
    assert_eq!(error["error"]["kry_line"], 38, "{error}");
    assert!(error.get("cause").is_none(), "{error}");
    let change = fail.iter().find(|s| s["step"] == "change").expect("the write before");
    assert_eq!(
        (change["variable"].as_str(), change["new"].as_str()),
        (Some("note"), Some("failing"))
    );
}

/// The four-language counter with MicroPython in place of Python traces the same steps.
#[test]
fn micropython_in_place_of_python_traces_the_same_session() {
    let dir = common::scratch("cli-trace", "micropython");
    let source = std::fs::read_to_string(repo().join("examples/counter-four.kry")).expect("app");
    let swapped = source.replace("@function \"python\"", "@function \"micropython\"");
    assert_ne!(source, swapped);
    std::fs::write(dir.join("counter.kry"), &swapped).expect("write");
    std::fs::copy(repo().join("examples/kryon.toml"), dir.join("kryon.toml")).expect("copy");
    let clicks = ["inc", "double", "reset", "dec", "double"];
    let mut args = vec!["run", "--trace", "counter.kry", "--print", "vars"];
    for c in clicks {
        args.extend(["--click", c]);
    }
    let with_micropython = kryc(&dir, &args);
    assert!(with_micropython.status.success(), "{}", stderr(&with_micropython));
    let (with_python, vars, _) = traced("examples/counter-four.kry", None, &clicks);
    assert_eq!(common::stdout(&with_micropython), vars);
    assert_eq!(vars, "variables:\n  counter = -2\n");
    let events = |trace: &str| -> Vec<String> {
        mask_durations(trace)
            .lines()
            .filter(|l| !l.ends_with("loaded  [time]"))
            .map(|l| l.replace("micropython", "python"))
            .collect()
    };
    assert_eq!(events(&stderr(&with_micropython)), events(&with_python));
}
