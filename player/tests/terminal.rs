//! `kryon --tui` in a real pseudo-terminal (tmux): the screen text after key presses, and the
//! app's state when it quits. Skipped, with a message, only where tmux is not installed
//! (`.ci/run` installs it).

mod support;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use support::{form_krb, have, wait_for};

/// A tmux server of its own (`-L`), so tests never touch a person's sessions.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "app"])
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "app"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Waits until the screen shows `text`.
    fn shows(&self, text: &str) -> String {
        wait_for(&format!("the screen to show {text:?}"), Duration::from_secs(10), || {
            let screen = self.screen();
            screen.contains(text).then_some(screen)
        })
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

#[test]
fn the_terminal_mode_draws_the_app_and_takes_keys() {
    if !have("tmux") {
        eprintln!("skipped: the terminal test needs tmux (apt-get install tmux)");
        return;
    }
    let dir = std::env::temp_dir().join(format!("kryon-tui-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let json = dir.join("state.json");
    let errors = dir.join("stderr.txt");
    let command = format!(
        "{} --tui {} --print-json-on-exit > {} 2> {}",
        quote(Path::new(env!("CARGO_BIN_EXE_kryon"))),
        quote(&form_krb()),
        quote(&json),
        quote(&errors)
    );
    let tmux = Tmux { socket: format!("kryon-test-{}", std::process::id()) };
    tmux.run(&["new-session", "-d", "-s", "app", "-x", "60", "-y", "20", &command]);
    let screen = tmux.shows("Count: 0");
    assert!(screen.contains("[Your name]"), "the input shows its placeholder:\n{screen}");
    assert!(screen.contains("Hello, nobody yet"), "{screen}");
    assert!(screen.contains("Tab: focus"), "the status line:\n{screen}");
    // Tab focuses `+`, Enter activates it, Space again.
    tmux.keys(&["Tab"]);
    tmux.keys(&["Enter"]);
    tmux.shows("Count: 1");
    tmux.keys(&["Space"]);
    tmux.shows("Count: 2");
    // Two more Tabs reach the input; typing edits it, Enter submits.
    tmux.keys(&["Tab"]);
    tmux.keys(&["Tab"]);
    tmux.keys(&["-l", "Bo"]);
    tmux.shows("[Bo");
    tmux.keys(&["Enter"]);
    tmux.shows("Hello, Bo");
    tmux.keys(&["Escape"]);
    let state = wait_for("the player to quit and print its state", Duration::from_secs(10), || {
        std::fs::read_to_string(&json).ok().filter(|t| t.trim_end().ends_with('}'))
    });
    let state: serde_json::Value = serde_json::from_str(&state).expect("JSON state");
    let vars = &state["variables"];
    assert_eq!(vars["count"], 2, "{state}");
    assert_eq!(vars["greeting"], "Bo", "{state}");
    let stderr = std::fs::read_to_string(&errors).unwrap_or_default();
    assert!(!stderr.contains("error"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn quote(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}
