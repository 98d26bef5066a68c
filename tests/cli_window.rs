//! `kryc run app.kry --window --watch` under a real X server (Xvfb), driven by xdotool: a
//! click, then an edit that reloads the open window keeping the shared variable (its pixels
//! equal the headless render of the edited app after the same input), then a broken edit
//! that keeps the last good app on screen and says so in the title. Skipped, with a message,
//! only where Xvfb, xdotool or ImageMagick's `import` is not installed (`.ci/run` installs
//! them).

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{kryc, repo, scratch, stderr};

fn have(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

fn wait_for<T>(what: &str, timeout: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts Xvfb on a display number it picks itself (`-displayfd`: it writes the number
/// when it is ready), so tests running at once never share a server.
fn xvfb() -> (Killed, String) {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new("Xvfb")
        .args(["-displayfd", "1", "-screen", "0", "800x600x24", "-nolisten", "tcp"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb starts");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("Xvfb's stdout");
    BufReader::new(stdout).read_line(&mut line).expect("Xvfb reports its display");
    let n: u32 = line.trim().parse().unwrap_or_else(|_| panic!("Xvfb said {line:?}"));
    (Killed(child), format!(":{n}"))
}

fn xdotool(display: &str, args: &[&str]) -> String {
    let out =
        Command::new("xdotool").args(args).env("DISPLAY", display).output().expect("xdotool runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn window_pixels(display: &str, window: &str, out: &Path) -> image::RgbaImage {
    let status = Command::new("import")
        .args(["-window", window, out.to_str().expect("utf-8")])
        .env("DISPLAY", display)
        .status()
        .expect("import runs");
    assert!(status.success(), "import failed");
    image::open(out).expect("the window's screenshot").to_rgba8()
}

#[test]
fn the_window_reloads_on_save_and_keeps_the_last_good_build() {
    if !have("Xvfb") || !have("xdotool") || !have("import") {
        eprintln!(
            "skipped: the window test needs Xvfb, xdotool and ImageMagick's `import` \
             (apt-get install xvfb xdotool imagemagick)"
        );
        return;
    }
    let dir = scratch("cli_window", "watch");
    let app = dir.join("app.kry");
    let original = std::fs::read_to_string(repo().join("examples/counter.kry")).expect("counter");
    std::fs::write(&app, &original).expect("write app");
    let (_x, display) = xvfb();
    let child = Command::new(env!("CARGO_BIN_EXE_kryc"))
        .args(["run", app.to_str().expect("utf-8"), "--window", "--watch"])
        .env("DISPLAY", &display)
        .env("NO_COLOR", "1")
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("kryc starts");
    let _kryc = Killed(child);
    let window = wait_for("the window", Duration::from_secs(30), || {
        let id = xdotool(&display, &["search", "--onlyvisible", "--name", "Counter"]);
        id.lines().next().filter(|l| !l.is_empty()).map(str::to_string)
    });
    xdotool(&display, &["windowfocus", "--sync", &window]);
    let first = dir.join("first.png");
    wait_for("the first frame", Duration::from_secs(30), || {
        let shown = window_pixels(&display, &window, &first);
        (shown.get_pixel(2, 2).0[..3] == [255, 255, 255]).then_some(())
    });
    // Where the layout puts `-`.
    let layout = kryc(&dir, &["run", "app.kry", "--print", "layout"]);
    let text = String::from_utf8_lossy(&layout.stdout).into_owned();
    let line = text.lines().find(|l| l.contains("#dec")).expect("#dec in the layout");
    let field = |name: &str| -> f32 {
        line.split_whitespace()
            .find_map(|w| w.strip_prefix(name))
            .and_then(|v| v.parse().ok())
            .expect("a number")
    };
    let (cx, cy) = (field("x=") + field("width=") / 2.0, field("y=") + field("height=") / 2.0);
    xdotool(&display, &["mousemove", "--window", &window, &format!("{cx}"), &format!("{cy}")]);
    std::thread::sleep(Duration::from_millis(100));
    xdotool(&display, &["click", "1"]);
    std::thread::sleep(Duration::from_millis(200));

    // An edit: the window reloads the new build with `counter` still -1.
    std::fs::write(&app, original.replace("Count: $counter", "Total: $counter")).expect("edit");
    let expected_png = dir.join("expected.png");
    let headless = kryc(
        &dir,
        &[
            "run",
            "app.kry",
            "--event",
            "hover:dec",
            "--event",
            "press:dec",
            "--event",
            "release:dec",
            "--print",
            "vars",
            "--screenshot",
            expected_png.to_str().expect("utf-8"),
        ],
    );
    assert!(headless.status.success(), "{}", stderr(&headless));
    let expected = image::open(&expected_png).expect("headless frame").to_rgba8();
    let shot = dir.join("window.png");
    let differing = |a: &image::RgbaImage| {
        a.pixels().zip(expected.pixels()).filter(|(p, q)| p.0[..3] != q.0[..3]).count()
    };
    wait_for("the reloaded frame to equal the headless render", Duration::from_secs(15), || {
        let shown = window_pixels(&display, &window, &shot);
        (shown.dimensions() == expected.dimensions() && differing(&shown) == 0).then_some(())
    });

    // A broken edit: the last good app stays, and the title says why.
    std::fs::write(&app, original.replace("font_size: 24", "font_size: 24 oops: }")).expect("edit");
    wait_for("the title to report the broken build", Duration::from_secs(15), || {
        let title = xdotool(&display, &["getwindowname", &window]);
        title.contains("does not build").then_some(())
    });
    // Above the error line at the bottom, the last good build is still on screen.
    let shown = window_pixels(&display, &window, &shot);
    let (w, h) = shown.dimensions();
    let above = |x: u32, y: u32| {
        y < h - 24 && shown.get_pixel(x, y).0[..3] != expected.get_pixel(x, y).0[..3]
    };
    let changed = (0..h).flat_map(|y| (0..w).map(move |x| (x, y))).filter(|&(x, y)| above(x, y));
    assert_eq!(changed.count(), 0, "the last good build stays on screen");
    let red = (0..w).filter(|&x| shown.get_pixel(x, h - 3).0[0] > 140).count();
    assert!(red > w as usize * 9 / 10, "the error line is shown");

    // Fixed again: the title is the App's.
    std::fs::write(&app, &original).expect("edit");
    wait_for("the title to be the App's again", Duration::from_secs(15), || {
        (xdotool(&display, &["getwindowname", &window]) == "Counter").then_some(())
    });
    xdotool(&display, &["key", "ctrl+q"]);
    let _ = std::fs::remove_dir_all(&dir);
}
