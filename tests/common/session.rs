//! Scripted sessions: `kryc run` with events, then assertions on what a user would see. A
//! session is written as comment lines (in a fixture's own source, or in a test's table for
//! files that are not ours):
//!
//! ```text
//! # session: --click inc --event change:name:Ada
//! # > a line the scripts print (every printed line, in order, when any `>` line is given)
//! # text label = "Count: 1"
//! # visible panel = false
//! # checked agree = true
//! # property box background_color = "#ff0000"
//! # var count = 1
//! # errors = 0
//! ```
//!
//! Each `# session:` line starts a session; the lines after it, up to the next session, are
//! its expectations. Values are JSON (a bare word is a string). An element is named by its
//! id, or by `text=LABEL` for one without an id (the first element showing that text).

use std::path::Path;

use serde_json::Value;

use super::{kryc, stderr};

#[derive(Debug, Default, Clone)]
pub struct Session {
    pub args: Vec<String>,
    pub output: Option<Vec<String>>,
    pub checks: Vec<Check>,
}

#[derive(Debug, Clone)]
pub enum Check {
    Text(String, Value),
    Visible(String, bool),
    Checked(String, bool),
    Property(String, String, Value),
    Var(String, Value),
    Errors(usize),
}

fn value(text: &str) -> Value {
    serde_json::from_str(text.trim()).unwrap_or_else(|_| Value::String(text.trim().to_string()))
}

/// Splits shell-like arguments: words, with `"..."` keeping spaces.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    out.push(std::mem::take(&mut current));
                    any = false;
                }
            }
            c => {
                current.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(current);
    }
    out
}

/// The sessions written in `source`'s comments.
pub fn parse(source: &str) -> Vec<Session> {
    let mut sessions: Vec<Session> = Vec::new();
    for line in source.lines() {
        let Some(rest) = line.trim_start().strip_prefix('#') else { continue };
        let rest = rest.strip_prefix(' ').unwrap_or(rest);
        if let Some(args) = rest.strip_prefix("session:") {
            sessions.push(Session { args: words(args), ..Session::default() });
            continue;
        }
        let Some(session) = sessions.last_mut() else { continue };
        if let Some(printed) = rest.strip_prefix("> ").or_else(|| (rest == ">").then_some("")) {
            session.output.get_or_insert_with(Vec::new).push(printed.replace("\\t", "\t"));
            continue;
        }
        let (head, expected) = match rest.split_once(" = ") {
            Some(pair) => pair,
            None => continue,
        };
        let parts: Vec<&str> = head.split_whitespace().collect();
        let check = match parts.as_slice() {
            ["text", target] => Check::Text(target.to_string(), value(expected)),
            ["visible", target] => Check::Visible(target.to_string(), value(expected) == true),
            ["checked", target] => Check::Checked(target.to_string(), value(expected) == true),
            ["property", target, name] => {
                Check::Property(target.to_string(), name.to_string(), value(expected))
            }
            ["var", name] => Check::Var(name.to_string(), value(expected)),
            ["errors"] => Check::Errors(expected.trim().parse().unwrap_or(usize::MAX)),
            _ => continue,
        };
        session.checks.push(check);
    }
    sessions
}

fn element<'a>(snapshot: &'a Value, target: &str) -> Option<&'a Value> {
    let elements = snapshot["elements"].as_array()?;
    match target.strip_prefix("text=") {
        Some(text) => elements.iter().find(|e| e["text"] == text),
        None => elements.iter().find(|e| e["id"] == target),
    }
}

/// How the app a session runs is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Build {
    /// `kryc run FILE.kry`: built in memory, as written.
    Source,
    /// `kryc build -O` (dead functions removed, Lua precompiled; `strip`: without the
    /// source), then `kryc run --trust-bytecode FILE.krb`.
    Optimised { strip: bool },
}

/// Runs a session on `file` (from `dir`) and returns every expectation that failed.
pub fn run(dir: &Path, file: &str, session: &Session) -> Vec<String> {
    run_built(dir, file, session, Build::Source)
}

/// [`run`] on the app built as `build` says.
pub fn run_built(dir: &Path, file: &str, session: &Session, build: Build) -> Vec<String> {
    let krb = match build {
        Build::Source => None,
        Build::Optimised { strip } => {
            // Beside the source, so files the app names resolve as they do from it.
            let path = Path::new(file);
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
            let name = format!(".{}.{}.O.krb", stem.unwrap_or_default(), std::process::id());
            let krb = path.with_file_name(name).to_string_lossy().into_owned();
            let mut args = vec!["build", "-O", file, "-o", &krb, "--preset", "full"];
            if strip {
                args.push("--strip-source");
            }
            let out = kryc(dir, &args);
            if !out.status.success() {
                return vec![format!("{file}: kryc build -O failed: {}", stderr(&out))];
            }
            Some(krb)
        }
    };
    let mut args: Vec<&str> = vec!["run", krb.as_deref().unwrap_or(file)];
    if krb.is_some() {
        args.push("--trust-bytecode");
    }
    args.extend(session.args.iter().map(String::as_str));
    args.extend(["--print", "json"]);
    let out = kryc(dir, &args);
    if let Some(krb) = &krb {
        let _ = std::fs::remove_file(dir.join(krb));
    }
    let mut failures = Vec::new();
    let label = format!("{file} ({build:?}) {}", session.args.join(" "));
    let Ok(snapshot) = serde_json::from_slice::<Value>(&out.stdout) else {
        return vec![format!("{label}: no JSON (exit {:?}): {}", out.status.code(), stderr(&out))];
    };
    if let Some(expected) = &session.output {
        let printed: Vec<String> = snapshot["output"]
            .as_array()
            .map(|lines| lines.iter().map(|l| l.as_str().unwrap_or_default().to_string()).collect())
            .unwrap_or_default();
        if &printed != expected {
            failures.push(format!("{label}: output\n  expected {expected:#?}\n  got {printed:#?}"));
        }
    }
    let errors = snapshot["errors"].as_array().map_or(0, Vec::len);
    for check in &session.checks {
        let problem = match check {
            Check::Errors(n) => (errors != *n)
                .then(|| format!("{n} errors expected, got {errors}: {:#}", snapshot["errors"])),
            Check::Var(name, expected) => {
                let got = &snapshot["variables"][name];
                (got != expected).then(|| format!("var {name}: expected {expected}, got {got}"))
            }
            Check::Text(target, expected) => match element(&snapshot, target) {
                Some(e) => (e["text"] != *expected)
                    .then(|| format!("text {target}: expected {expected}, got {}", e["text"])),
                None => Some(format!("no element {target}")),
            },
            Check::Visible(target, expected) => match element(&snapshot, target) {
                Some(e) => (e["visible"] != *expected).then(|| {
                    format!("visible {target}: expected {expected}, got {}", e["visible"])
                }),
                None => Some(format!("no element {target}")),
            },
            Check::Checked(target, expected) => match element(&snapshot, target) {
                Some(e) => {
                    let got = e["checked"].as_bool().unwrap_or(false);
                    (got != *expected)
                        .then(|| format!("checked {target}: expected {expected}, got {got}"))
                }
                None => Some(format!("no element {target}")),
            },
            Check::Property(target, name, expected) => match element(&snapshot, target) {
                Some(e) => {
                    let got = &e["changed_properties"][name];
                    (got != expected).then(|| {
                        format!("property {target} {name}: expected {expected}, got {got}")
                    })
                }
                None => Some(format!("no element {target}")),
            },
        };
        if let Some(problem) = problem {
            failures.push(format!("{label}: {problem}"));
        }
    }
    failures
}
