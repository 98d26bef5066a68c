//! `kryc watch`: a real process rebuilds when the root file or a file it includes changes,
//! prints one status line per build, and keeps the last good KRB when a build fails.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

struct Watch {
    child: Child,
    lines: Receiver<String>,
}

impl Watch {
    fn start(dir: &Path, extra: &[&str], stdout: bool) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kryc"))
            .args(["watch", "app.kry", "-o", "out/app.krb", "--poll-interval", "40"])
            .args(extra)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("kryc watch starts");
        let (tx, rx) = channel();
        let stream: Box<dyn std::io::Read + Send> = if stdout {
            Box::new(child.stdout.take().unwrap())
        } else {
            Box::new(child.stderr.take().unwrap())
        };
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        Watch { child, lines: rx }
    }

    /// The lines up to and including the next one that contains `needle`.
    fn until(&self, needle: &str) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            match self.lines.recv_timeout(Duration::from_secs(60)) {
                Ok(line) => {
                    let done = line.contains(needle);
                    seen.push(line);
                    if done {
                        return seen;
                    }
                }
                Err(_) => panic!("no line with {needle:?}; saw {seen:#?}"),
            }
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Writes a file so that its modification time surely differs from the last write's.
fn edit(path: &Path, text: &str) {
    std::thread::sleep(Duration::from_millis(50));
    std::fs::write(path, text).unwrap();
}

const APP: &str = "@include \"parts.kry\"\nApp {\n    Text { text: \"one\" style: \"big\" }\n}\n";
const PARTS: &str = "style \"big\" { font_size: 20 }\n";

#[test]
fn rebuilds_on_change_and_keeps_the_last_good_krb() {
    let dir = common::scratch("watch", "rebuild");
    std::fs::create_dir_all(dir.join("out")).unwrap();
    std::fs::write(dir.join("app.kry"), APP).unwrap();
    std::fs::write(dir.join("parts.kry"), PARTS).unwrap();
    let watch = Watch::start(&dir, &[], false);
    let first = watch.until("[build 1]");
    assert!(first.last().unwrap().contains("ok in"), "{first:?}");
    assert!(first.last().unwrap().contains("wrote out/app.krb"), "{first:?}");
    let good = std::fs::read(dir.join("out/app.krb")).unwrap();

    // A broken edit: diagnostics, a failed build, and the KRB stays as it was.
    edit(&dir.join("app.kry"), &APP.replace("Text {", "Text { text_alignment: sideways"));
    let failed = watch.until("[build 2]");
    let status = failed.last().unwrap();
    assert!(status.contains("failed") && status.contains("1 error"), "{failed:#?}");
    assert!(status.contains("out/app.krb is the last good build"), "{status}");
    assert!(
        failed.iter().any(|l| l.contains("sideways")),
        "the diagnostic is printed: {failed:#?}"
    );
    assert_eq!(std::fs::read(dir.join("out/app.krb")).unwrap(), good);

    // Fixed, with other text: a new KRB.
    edit(&dir.join("app.kry"), &APP.replace("one", "two"));
    let fixed = watch.until("[build 3]");
    assert!(fixed.last().unwrap().contains("ok in"), "{fixed:?}");
    let second = std::fs::read(dir.join("out/app.krb")).unwrap();
    assert_ne!(second, good);

    // An included file is watched too.
    edit(&dir.join("parts.kry"), "style \"big\" { font_size: 30 }\n");
    let included = watch.until("[build 4]");
    assert!(included.last().unwrap().contains("ok in"), "{included:?}");
    assert_ne!(std::fs::read(dir.join("out/app.krb")).unwrap(), second);
}

#[test]
fn jsonl_status_lines_for_tools() {
    let dir = common::scratch("watch", "jsonl");
    std::fs::create_dir_all(dir.join("out")).unwrap();
    std::fs::write(dir.join("app.kry"), APP).unwrap();
    std::fs::write(dir.join("parts.kry"), PARTS).unwrap();
    let watch = Watch::start(&dir, &["--diagnostic-format", "jsonl"], true);
    let line = watch.until("\"type\":\"build\"").pop().unwrap();
    let status: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(status["ok"], true);
    assert_eq!(status["build"], 1);
    edit(&dir.join("parts.kry"), "style \"big\" { font_size: huge }\n");
    let lines = watch.until("\"type\":\"build\"");
    let status: serde_json::Value = serde_json::from_str(lines.last().unwrap()).unwrap();
    assert_eq!(status["ok"], false);
    assert_eq!(status["kept_last_good"], true);
    assert_eq!(status["errors"], 1);
    let diagnostic: serde_json::Value =
        serde_json::from_str(&lines[lines.len() - 2]).expect("a JSON diagnostic before it");
    assert_eq!(diagnostic["severity"], "error", "{diagnostic}");
}
