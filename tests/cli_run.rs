//! `kryc run` as a user runs it: the multi-language counter (Lua `+`, JavaScript `-`, Python
//! reset) built and run headless, clicks in several orders, with the variable, the bound text
//! and every VM's own global agreeing; events in command-line order; JSON output; errors.

mod common;

use std::path::Path;

use common::{kryc, repo, run_clicks, stderr, stdout, text_of};

fn scratch(name: &str) -> std::path::PathBuf {
    common::scratch("cli-run", name)
}

/// Clicks `+` (Lua), `-` (JavaScript) and `0` (Python) in `order` and returns the JSON
/// snapshot.
#[test]
fn the_three_language_counter_agrees_in_every_order() {
    let cases: &[(&[&str], i64)] = &[
        (&[], 0),
        (&["inc", "inc", "inc"], 3),
        (&["inc", "dec", "dec"], -1),
        (&["dec", "dec", "reset", "inc"], 1),
        (&["inc", "inc", "reset"], 0),
        (&["reset", "dec", "inc", "inc", "dec", "inc"], 1),
    ];
    for (clicks, expected) in cases {
        let snapshot = run_clicks("examples/counter.kry", clicks);
        assert_eq!(snapshot["variables"]["counter"], *expected, "{clicks:?}");
        assert_eq!(text_of(&snapshot, "label"), format!("Count: {expected}"), "{clicks:?}");
        assert_eq!(snapshot["errors"], serde_json::json!([]), "{clicks:?}");
    }
}

/// The four-language counter (`+` Lua, `-` JavaScript, `x2` Wren, `0` Python): the shared
/// variable, the bound label and the text the Wren handler writes agree with the same clicks
/// applied to a plain integer, in every order.
#[cfg(feature = "wren-vm")]
#[test]
fn the_four_language_counter_agrees_in_every_order() {
    let orders: &[&[&str]] = &[
        &[],
        &["inc", "double", "double"],
        &["inc", "inc", "double", "dec"],
        &["dec", "double", "reset", "inc", "double"],
        &["double", "inc", "dec", "dec", "double"],
        &["inc", "double", "inc", "double", "reset"],
    ];
    for clicks in orders {
        let (mut expected, mut doubled) = (0i64, None);
        for click in *clicks {
            match *click {
                "inc" => expected += 1,
                "dec" => expected -= 1,
                "double" => {
                    expected *= 2;
                    doubled = Some(expected);
                }
                _ => expected = 0,
            }
        }
        let snapshot = run_clicks("examples/counter-four.kry", clicks);
        assert_eq!(snapshot["errors"], serde_json::json!([]), "{clicks:?}");
        assert_eq!(snapshot["variables"]["counter"], expected, "{clicks:?}");
        assert_eq!(text_of(&snapshot, "label"), format!("Count: {expected}"), "{clicks:?}");
        let elements = snapshot["elements"].as_array().expect("elements");
        let double = elements.iter().find(|e| e["id"] == "double").expect("double button");
        let text = doubled.map_or("x2".to_string(), |v| format!("x2 ({v})"));
        assert_eq!(double["text"], text.as_str(), "{clicks:?}");
    }
}

#[test]
fn a_built_krb_runs_the_same_and_prints_a_tree() {
    let dir = scratch("krb");
    for f in ["counter.kry", "kryon.toml"] {
        std::fs::copy(repo().join("examples").join(f), dir.join(f)).expect("copy");
    }
    let built = kryc(&dir, &["build", "counter.kry"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let out =
        kryc(&dir, &["run", "counter.krb", "--click", "inc", "--click", "dec", "--click", "dec"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Text #label \"Count: -1\""), "{text}");
    assert!(text.contains("Button #inc \"+\""), "{text}");
    assert!(text.contains("variables:\n  counter = -1\n"), "{text}");
    let vars = kryc(&dir, &["run", "counter.krb", "--click", "inc", "--print", "vars"]);
    assert_eq!(stdout(&vars), "variables:\n  counter = 1\n");
}

#[test]
fn events_run_in_command_line_order() {
    // reset (Python) between two increments: 1 with this order, 2 if clicks ran first.
    let out = kryc(
        &repo(),
        &[
            "run",
            "examples/counter.kry",
            "--click",
            "inc",
            "--event",
            "click:reset",
            "--click",
            "inc",
            "--print",
            "vars",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "variables:\n  counter = 1\n");
}

/// Inline handlers as 2025 apps write them (`onClick: "function() inputNumber(7) end"`),
/// calling a function of the app and writing a bound variable, with and without the event.
#[test]
fn inline_handlers_run_like_the_compiler_checks_them() {
    let dir = scratch("inline");
    std::fs::write(
        dir.join("app.kry"),
        "@variables { shown: \"\" }\nApp {\n    Text { id: \"display\" text: \"=$shown\" }\n    Button { id: \"seven\" onClick: \"function() inputNumber(7) end\" }\n    Button { id: \"who\" onClick: \"function(e) shown = e.target end\" }\n}\n@function \"lua\" inputNumber(n) {\n    shown = shown .. tostring(n)\n}\n",
    )
    .expect("write");
    let check = kryc(&dir, &["check", "app.kry"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let out =
        kryc(&dir, &["run", "app.kry", "--click", "seven", "--click", "seven", "--print", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["variables"]["shown"], "77", "{json}");
    let display =
        json["elements"].as_array().expect("elements").iter().find(|e| e["id"] == "display");
    assert_eq!(display.expect("display")["text"], "=77", "{json}");
    let out = kryc(&dir, &["run", "app.kry", "--click", "who", "--print", "vars"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "variables:\n  shown = \"who\"\n");
}

/// Script output keeps `--print json` valid: it is in `output`, in order, and before the tree
/// in the text formats.
#[test]
fn script_output_is_part_of_the_result() {
    let dir = scratch("output");
    std::fs::write(
        dir.join("app.kry"),
        "App {\n    Button { id: \"b\" onClick: \"say\" }\n}\n@script \"lua\" {\n    print(\"ready\")\n}\n@function \"javascript\" say() {\n    console.log(\"clicked\", 2);\n}\n",
    )
    .expect("write");
    let out = kryc(&dir, &["run", "app.kry", "--click", "b", "--print", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["output"], serde_json::json!(["ready", "clicked 2"]));
    let out = kryc(&dir, &["run", "app.kry", "--click", "b", "--print", "vars"]);
    assert_eq!(stdout(&out), "ready\nclicked 2\nvariables:\n");
}

/// `@script ... mode external from "file"`: the KRB names the file, and the runtime reads it
/// beside the app at load, so changing the file changes the app without a rebuild.
#[test]
fn external_scripts_are_read_at_load() {
    let dir = scratch("external");
    std::fs::write(
        dir.join("app.kry"),
        "@variables { counter: 0 }\n@script \"lua\" mode external from \"logic.lua\"\nApp {\n    Button { id: \"inc\" onClick: \"increment\" }\n}\n",
    )
    .expect("write");
    std::fs::write(dir.join("logic.lua"), "function increment()\n    counter = counter + 1\nend\n")
        .expect("write");
    let built = kryc(&dir, &["build", "app.kry"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let inspected = kryc(&dir, &["inspect", "app.krb"]);
    assert!(stdout(&inspected).contains("external"), "{}", stdout(&inspected));
    let run = |dir: &Path| kryc(dir, &["run", "app.krb", "--click", "inc", "--print", "vars"]);
    assert_eq!(stdout(&run(&dir)), "variables:\n  counter = 1\n");
    std::fs::write(
        dir.join("logic.lua"),
        "function increment()\n    counter = counter + 10\nend\n",
    )
    .expect("write");
    assert_eq!(stdout(&run(&dir)), "variables:\n  counter = 10\n");
    std::fs::remove_file(dir.join("logic.lua")).expect("remove");
    let missing = run(&dir);
    assert_eq!(missing.status.code(), Some(1), "{}", stderr(&missing));
    assert!(stderr(&missing).contains("logic.lua"), "{}", stderr(&missing));
}

/// Elements without an id are clicked by their label (`--click text=7`): the element showing
/// it that handles the event wins over one that only shows it.
#[test]
fn elements_without_ids_are_clicked_by_label() {
    let dir = scratch("labels");
    std::fs::write(
        dir.join("app.kry"),
        "@variables { shown: \"\" }\nApp {\n    Text { id: \"display\" text: \"=$shown\" }\n    Text { text: \"0\" }\n    Button { text: \"1\" onClick: \"function() shown = shown .. '1' end\" }\n    Button { text: \"0\" onClick: \"function() shown = shown .. '0' end\" }\n}\n",
    )
    .expect("write");
    let args =
        ["run", "app.kry", "--click", "text=1", "--event", "click:text=0", "--click", "text=0"];
    let out = kryc(&dir, &[&args[..], &["--print", "vars"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "variables:\n  shown = \"100\"\n");
    let out = kryc(
        &dir,
        &["run", "app.kry", "--click", "text=9", "--click", "text=1", "--print", "vars"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no element shows the text `9`"), "{}", stderr(&out));
    assert_eq!(stdout(&out), "variables:\n  shown = \"1\"\n", "later events still run");
}

#[test]
fn script_errors_are_reported_and_later_events_still_run() {
    let dir = scratch("errors");
    std::fs::write(
        dir.join("app.kry"),
        "@variables { n: 0 }\nApp {\n    Button { id: \"bad\" onClick: \"fail\" }\n    Button { id: \"ok\" onClick: \"bump\" }\n}\n@function \"lua\" fail() {\n    error(\"boom\")\n}\n@function \"javascript\" bump() {\n    n = n + 1;\n}\n",
    )
    .expect("write");
    let out = kryc(&dir, &["run", "app.kry", "--click", "bad", "--click", "ok", "--print", "vars"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(stdout(&out), "variables:\n  n = 1\n");
    let err = stderr(&out);
    assert!(err.contains("app.kry:7"), "the error points at the .kry line: {err}");
    assert!(err.contains("boom"), "{err}");
    assert!(err.contains("fail"), "{err}");
}

#[test]
fn bad_events_and_inputs_are_clear_errors() {
    let out = kryc(&repo(), &["run", "examples/counter.kry", "--click", "nope"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nope"), "{}", stderr(&out));
    let out = kryc(&repo(), &["run", "examples/counter.kry", "--event", "poke:inc"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown event `poke`"), "{}", stderr(&out));
    let dir = scratch("bad-krb");
    std::fs::write(dir.join("x.krb"), b"KRB\0garbage").expect("write");
    let out = kryc(&dir, &["run", "x.krb"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot run `x.krb`"), "{}", stderr(&out));
    // A .kry with errors stops before running, with the diagnostics.
    std::fs::write(
        dir.join("broken.kry"),
        "App { Button { onClick: \"nothing\" } }\n@function \"lua\" f() { x = = 1 }\n",
    )
    .expect("write");
    let out = kryc(&dir, &["run", "broken.kry"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("K0361"), "{}", stderr(&out));
}

#[test]
fn budgets_stop_runaway_handlers_and_stats_count_them() {
    let dir = scratch("budgets");
    std::fs::write(
        dir.join("app.kry"),
        "@variables { n: 0 }\nApp {\n    Button { id: \"spin\" onClick: \"spin\" }\n    Button { id: \"ok\" onClick: \"bump\" }\n}\n@function \"lua\" spin() {\n    while true do end\n}\n@function \"lua\" bump() {\n    n = n + 1\n}\n",
    )
    .expect("write");
    let started = std::time::Instant::now();
    let out = kryc(
        &dir,
        &["run", "app.kry", "--max-time", "200ms", "--click", "spin", "--click", "ok", "--stats"],
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("spin") && err.contains("app.kry:"), "{err}");
    let text = stdout(&out);
    assert!(text.contains("  n = 1\n"), "the next click still runs: {text}");
    let lua = text.lines().find(|l| l.trim_start().starts_with("lua ")).expect("a lua row");
    let cols: Vec<&str> = lua.split_whitespace().collect();
    assert_eq!((cols[1], cols[2]), ("2", "1"), "two calls, one error: {lua}");
    let last = &cols[cols.len() - 2..];
    assert_eq!(last, ["1", "0"], "one budget stop, no restart: {lua}");
    let json = kryc(&dir, &["run", "app.kry", "--click", "ok", "--stats", "--print", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(value["health"][0]["language"], "lua");
    assert_eq!(value["health"][0]["calls"], 1);
    let bad = kryc(&dir, &["run", "app.kry", "--max-time", "5"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("needs a unit"), "{}", stderr(&bad));
}
