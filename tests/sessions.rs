//! Every app under `tests/sessions/` runs the scripted sessions written in its comments (see
//! `tests/common/session.rs`): clicks and input changes through `kryc run`, then the texts,
//! visibility, checked states, properties, variables and printed lines a user would expect.

mod common;

use common::session::Build;
use common::{kry_files, repo, session};

#[test]
fn every_session_app_behaves_as_its_comments_say() {
    sessions_pass(Build::Source);
}

/// The same sessions on `kryc build -O` output: functions nothing runs left out, Lua loaded
/// from its precompiled bytecode (with and without the source beside it).
#[test]
fn every_session_app_behaves_the_same_when_optimised() {
    sessions_pass(Build::Optimised { strip: false });
    sessions_pass(Build::Optimised { strip: true });
}

fn sessions_pass(build: Build) {
    let dir = repo().join("tests/sessions");
    let files = kry_files(&dir);
    assert!(files.len() >= 6, "the session apps are missing");
    let mut failures = Vec::new();
    let mut sessions = 0;
    for file in &files {
        let source = std::fs::read_to_string(file).expect("read session app");
        let rel = file.strip_prefix(&dir).expect("inside").to_string_lossy().replace('\\', "/");
        let parsed = session::parse(&source);
        if parsed.is_empty() {
            failures.push(format!("{rel}: no `# session:` line"));
        }
        for s in &parsed {
            sessions += 1;
            failures.extend(session::run_built(&dir, &rel, s, build));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {sessions} sessions failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
