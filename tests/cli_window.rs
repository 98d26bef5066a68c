//! `kryc run app.kry --window --watch` under a real X server (Xvfb), driven by xdotool: a
//! click, then an edit that reloads the open window keeping the shared variable (its pixels
//! equal the headless render of the edited app after the same input), then a broken edit
//! that keeps the last good app on screen and says so in the title. Skipped, with a message,
//! only where Xvfb, xdotool or ImageMagick's `import` is not installed (`.ci/run` installs
//! them).

mod common;
#[path = "../player/tests/support/desktop.rs"]
mod desktop;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{element_box, kryc, repo, scratch, stderr};
use desktop::{desktop_tools, wait_for, Xvfb};

/// Kills the process when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_window_reloads_on_save_and_keeps_the_last_good_build() {
    if !desktop_tools() {
        return;
    }
    let dir = scratch("cli_window", "watch");
    let app = dir.join("app.kry");
    let original = std::fs::read_to_string(repo().join("examples/counter.kry")).expect("counter");
    std::fs::write(&app, &original).expect("write app");
    let x = Xvfb::start();
    let child = Command::new(env!("CARGO_BIN_EXE_kryc"))
        .args(["run", app.to_str().expect("utf-8"), "--window", "--watch"])
        .env("DISPLAY", &x.display)
        .env("NO_COLOR", "1")
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("kryc starts");
    let mut kryc_window = Killed(child);
    let window = x.window("Counter", || {
        if let Ok(Some(status)) = kryc_window.0.try_wait() {
            panic!("kryc exited ({status}) before its window showed");
        }
    });
    x.wait_drawn(&window);
    // Where the layout puts `-`.
    let layout = kryc(&dir, &["run", "app.kry", "--print", "layout"]);
    let (bx, by, bw, bh) = element_box(&String::from_utf8_lossy(&layout.stdout), "dec");
    x.click(&window, ((bx + bw / 2.0) as i32, (by + bh / 2.0) as i32));
    std::thread::sleep(Duration::from_millis(100));

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
    let differing = |a: &image::RgbaImage| {
        a.pixels().zip(expected.pixels()).filter(|(p, q)| p.0[..3] != q.0[..3]).count()
    };
    wait_for("the reloaded frame to equal the headless render", Duration::from_secs(15), || {
        let shown = x.screenshot(&window);
        (shown.dimensions() == expected.dimensions() && differing(&shown) == 0).then_some(())
    });

    // A broken edit: the last good app stays, and the title says why.
    std::fs::write(&app, original.replace("font_size: 24", "font_size: 24 oops: }")).expect("edit");
    wait_for("the title to report the broken build", Duration::from_secs(15), || {
        let title = x.xdotool(&["getwindowname", &window]);
        title.contains("does not build").then_some(())
    });
    // Above the error line at the bottom, the last good build is still on screen.
    let shown = x.screenshot(&window);
    let (w, h) = shown.dimensions();
    let above = |px: u32, py: u32| {
        py < h - 24 && shown.get_pixel(px, py).0[..3] != expected.get_pixel(px, py).0[..3]
    };
    let changed =
        (0..h).flat_map(|py| (0..w).map(move |px| (px, py))).filter(|&(px, py)| above(px, py));
    assert_eq!(changed.count(), 0, "the last good build stays on screen");
    let red = (0..w).filter(|&px| shown.get_pixel(px, h - 3).0[0] > 140).count();
    assert!(red > w as usize * 9 / 10, "the error line is shown");

    // Fixed again: the title is the App's.
    std::fs::write(&app, &original).expect("edit");
    wait_for("the title to be the App's again", Duration::from_secs(15), || {
        (x.xdotool(&["getwindowname", &window]) == "Counter").then_some(())
    });
    x.xdotool(&["key", "ctrl+q"]);
    let _ = std::fs::remove_dir_all(&dir);
}
