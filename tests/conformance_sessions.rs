//! Every app of the conformance corpus (`../shared/conformance`) that has scripts, used as a
//! person would: scripted sessions through `kryc run` (clicks by id or by label), with the
//! texts, variables and printed lines the app's own code says a user should see. The
//! sessions are written here in the format of `tests/common/session.rs`, since the files are
//! not ours.

mod common;

use common::{conformance_root, session};

/// (file, sessions).
const SESSIONS: &[(&str, &str)] = &[
    (
        "kryon-compiler/examples/calculator.kry",
        r#"
# session:
# text display = "0"
# errors = 0
# session: --click text=7 --click text=+ --click text=8 --click text==
# text display = "15"
# errors = 0
# session: --click text=7 --click text=+ --click text=8 --click text== --click text=C
# text display = "0"
# session: --click text=9 --click text=÷ --click text=2 --click text==
# text display = "4.5"
# session: --click text=6 --click text=× --click text=7 --click text==
# text display = "42"
# session: --click text=5 --click text=− --click text=8 --click text==
# text display = "-3"
# session: --click text=1 --click text=2 --click text=CE --click text=3
# text display = "3"
# errors = 0
"#,
    ),
    (
        "kryon-compiler/examples/02_basic_ui/counter_simple.kry",
        r#"
# session: --click increment_btn --click increment_btn
# text counter_display = "2"
# var counter_value = 2
# > Counter incremented to: 1
# > Counter incremented to: 2
# session: --click increment_btn --click decrement_btn --click decrement_btn
# text counter_display = "-1"
# var counter_value = -1
# session: --click increment_btn --click increment_btn --click reset_btn
# text counter_display = "0"
# var counter_value = 0
# errors = 0
"#,
    ),
    (
        "kryon-compiler/template_test.kry",
        r#"
# session:
# var counter_value = 5
# text display = "Count: 5"
# errors = 0
"#,
    ),
    (
        "kryon-compiler/test_template_complete.kry",
        r#"
# session:
# text display = "Value: initial"
# session: --click set_button
# var test_var = "42"
# text display = "Value: 42"
# > Setting template variable to 42
# > Template variable set! Current value: 42
# errors = 0
"#,
    ),
    (
        "kryon-renderer/test-files/sample.kry",
        r#"
# session: --click my_button
# text my_button = "Clicked!"
# > Button clicked!
# errors = 0
"#,
    ),
];

#[test]
fn every_conformance_app_with_scripts_behaves_as_its_code_says() {
    let root = conformance_root();
    let mut failures = Vec::new();
    let mut count = 0;
    for (file, sessions) in SESSIONS {
        let parsed = session::parse(sessions);
        assert!(!parsed.is_empty(), "{file}: no sessions");
        for s in &parsed {
            count += 1;
            failures.extend(session::run(&root, file, s));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} sessions failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Every valid corpus file with a script is in the table above.
#[test]
fn the_table_covers_every_corpus_app_with_scripts() {
    let root = conformance_root();
    for rel in common::VALID {
        let text = std::fs::read_to_string(root.join(rel)).expect("corpus file");
        let has_scripts = text.contains("@function") || text.contains("@script");
        let is_app = text.contains("App {") || text.contains("App{");
        if has_scripts && is_app {
            assert!(SESSIONS.iter().any(|(f, _)| f == rel), "{rel} has scripts but no session");
        }
    }
}
