//! Attacks on the budgets through `kryc run`, as a user would meet them: every app under
//! `tests/attacks/` has handlers in Lua, JavaScript and Python that try one class of attack
//! (native calls with super-linear cost, finalizers, giant allocations, deep recursion), two or
//! more per language, with what each must end as written in its comments
//! (`# expect ID: time|memory|time-or-memory|stack|refused "TEXT"`). One run clicks every attack, then one
//! harmless handler per language, with a 250 ms time budget and a 32 MiB memory cap. Checked:
//! each attack is a contained error of its kind naming its function and a line inside it; no
//! call took twice the budget; no VM's memory went past the cap (plus a small margin); each
//! stop is counted in the health counters; the harmless handlers all ran afterwards; and the
//! run created no file in its directory.

mod common;

use std::path::Path;

use common::{kryc, repo, stderr};

/// The time budget of every call.
const BUDGET_MS: u64 = 250;
/// The memory cap of every VM.
const CAP: u64 = 32 << 20;
/// What a VM may hold over its cap when a stop is reported (the allocation that failed is not
/// counted; bookkeeping is).
const MARGIN: u64 = 2 << 20;

/// What one attack must end as.
#[derive(Debug)]
struct Expect {
    function: String,
    kind: String,
    /// For a refusal: text the message must have.
    text: Option<String>,
}

fn expectations(source: &str) -> Vec<Expect> {
    source
        .lines()
        .filter_map(|line| line.strip_prefix("# expect "))
        .map(|rest| {
            let (function, what) = rest.split_once(": ").expect("`# expect ID: KIND`");
            let (kind, text) = match what.split_once(' ') {
                Some((kind, text)) => (kind, Some(text.trim_matches('"').to_string())),
                None => (what, None),
            };
            let kind = match kind {
                "time" => "time_limit",
                "memory" => "memory_limit",
                "stack" => "stack_limit",
                // An allocating loop: whichever budget it reaches first.
                "time-or-memory" => "time_or_memory",
                "refused" => "runtime",
                other => panic!("unknown expectation `{other}`"),
            };
            Expect { function: function.to_string(), kind: kind.to_string(), text }
        })
        .collect()
}

/// The lines of `@function ... NAME(` to its closing `}`.
fn function_lines(source: &str, name: &str) -> std::ops::RangeInclusive<u64> {
    let lines: Vec<&str> = source.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("@function") && l.contains(&format!(" {name}(")))
        .unwrap_or_else(|| panic!("no function {name}"));
    let end = (start..lines.len()).find(|&i| lines[i] == "}").expect("the function's end");
    (start as u64 + 1)..=(end as u64 + 1)
}

fn language_of(function: &str) -> &'static str {
    match function.split('_').next() {
        Some("lua") => "lua",
        Some("js") => "javascript",
        _ => "python",
    }
}

fn run_attacks(app: &str) {
    let source = std::fs::read_to_string(repo().join("tests/attacks").join(app)).expect("app");
    let expected = expectations(&source);
    assert!(expected.len() >= 6, "{app}: two or more attacks per language");
    let dir = common::scratch("cli-attacks", app.trim_end_matches(".kry"));
    std::fs::write(dir.join(app), &source).expect("copy the app");
    let mut args: Vec<String> = ["run", app, "--max-time", "250ms", "--max-memory", "32MiB"]
        .into_iter()
        .chain(["--stats", "--print", "json"])
        .map(String::from)
        .collect();
    for e in &expected {
        args.extend(["--click".to_string(), e.function.clone()]);
    }
    for ok in ["lua_ok", "js_ok", "py_ok"] {
        args.extend(["--click".to_string(), ok.to_string()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = kryc(&dir, &args);
    let context = format!("{app}\n{}", stderr(&out));
    assert_eq!(out.status.code(), Some(1), "script errors make the status 1: {context}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");

    // Each attack: one error of its kind, naming its function, at a line inside it.
    let errors = json["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), expected.len(), "one error per attack: {errors:#?}\n{context}");
    for (e, error) in expected.iter().zip(errors) {
        let what = format!("{app} {}: {error}", e.function);
        assert_eq!(error["function"], e.function.as_str(), "{what}");
        match e.kind.as_str() {
            "time_or_memory" => {
                assert!(error["kind"] == "time_limit" || error["kind"] == "memory_limit", "{what}")
            }
            kind => assert_eq!(error["kind"], kind, "{what}"),
        }
        assert_eq!(error["language"], language_of(&e.function), "{what}");
        let line = error["kry_line"].as_u64().unwrap_or_else(|| panic!("no line: {what}"));
        assert!(function_lines(&source, &e.function).contains(&line), "line {line}: {what}");
        assert!(error["kry_file"].as_str().is_some_and(|f| f.ends_with(app)), "{what}");
        let message = error["message"].as_str().expect("message");
        match &e.text {
            Some(text) => assert!(message.contains(text.as_str()), "{what}"),
            None => assert!(message.contains("limit"), "the budget is named: {what}"),
        }
        // stderr says the same, with the function and its place.
        let place = format!("{app}:{line}");
        assert!(stderr(&out).contains(&place), "{place} on stderr: {context}");
    }

    // The harmless handlers ran, in every language, after every attack.
    assert_eq!(json["variables"]["n"], 3, "{context}");

    // Budgets held: no call took twice the budget, no VM held more than its cap, every stop
    // was counted.
    let health = json["health"].as_array().expect("health (--stats)");
    for language in ["lua", "javascript", "python"] {
        let h = health
            .iter()
            .find(|h| h["language"] == language)
            .unwrap_or_else(|| panic!("no health for {language}: {context}"));
        let mine: Vec<&Expect> =
            expected.iter().filter(|e| language_of(&e.function) == language).collect();
        let kinds: Vec<&serde_json::Value> =
            errors.iter().filter(|e| e["language"] == language).map(|e| &e["kind"]).collect();
        let what = format!("{app} {language}: {h}");
        assert!(mine.len() >= 2, "two or more {language} attacks in {app}");
        assert_eq!(h["calls"], mine.len() as u64 + 1, "{what}");
        assert_eq!(h["errors"], mine.len() as u64, "{what}");
        for (counter, kind) in [
            ("time_limit_hits", "time_limit"),
            ("memory_limit_hits", "memory_limit"),
            ("stack_limit_hits", "stack_limit"),
        ] {
            let n = kinds.iter().filter(|k| **k == kind).count() as u64;
            assert_eq!(h[counter], n, "{counter}: {what}");
        }
        let longest = h["max_call_ns"].as_u64().expect("max_call_ns");
        assert!(longest < 2 * BUDGET_MS * 1_000_000, "a call took {longest} ns: {what}");
        for field in ["memory_bytes", "peak_memory_bytes"] {
            if let Some(bytes) = h[field].as_u64() {
                assert!(bytes <= CAP + MARGIN, "{field} {bytes}: {what}");
            }
        }
    }

    // Nothing was written beside the app (the build is in memory; scripts have no files).
    let left: Vec<_> = std::fs::read_dir(&dir)
        .expect("the run's directory")
        .map(|e| e.expect("entry").file_name())
        .filter(|name| Path::new(name) != Path::new(app))
        .collect();
    assert!(left.is_empty(), "{app} left {left:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn native_calls_with_super_linear_cost_are_stopped() {
    run_attacks("native_calls.kry");
}

#[test]
fn finalizers_cannot_run_outside_the_budgets() {
    run_attacks("finalizers.kry");
}

#[test]
fn giant_allocations_are_refused_by_the_memory_cap() {
    run_attacks("giant_allocations.kry");
}

#[test]
fn deep_recursion_ends_at_the_stack_limit() {
    run_attacks("deep_recursion.kry");
}
