//! Every app under `tests/sessions/` runs the scripted sessions written in its comments (see
//! `tests/common/session.rs`): clicks and input changes through `kryc run`, then the texts,
//! visibility, checked states, properties, variables and printed lines a user would expect.

mod common;

use common::{kry_files, repo, session};

#[test]
fn every_session_app_behaves_as_its_comments_say() {
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
            failures.extend(session::run(&dir, &rel, s));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {sessions} sessions failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
