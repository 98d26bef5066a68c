//! The window under a real X server (Xvfb), driven by xdotool as a person would: clicks at
//! the positions the layout gives, typing into an input, Tab and Enter, Ctrl-Q to close;
//! then the app's state as `--print-json-on-exit` prints it, and the window's pixels
//! against the headless render. Skipped, with a message, only where Xvfb or xdotool is not
//! installed (`.ci/run` installs both).

mod support;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use support::{centre, finish, first_frame, form_krb, have, kryon, layout, variables, wait_for};

struct Xvfb {
    child: Child,
    display: String,
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts Xvfb on a display number it picks itself (`-displayfd`: it writes the number
/// when it is ready), so tests running at once never share a server.
fn xvfb() -> Xvfb {
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
    Xvfb { child, display: format!(":{n}") }
}

/// Fails the test with the player's output when it has exited before its window showed.
fn exited_early(player: &mut Child) {
    if let Ok(Some(status)) = player.try_wait() {
        let mut stderr = String::new();
        if let Some(mut pipe) = player.stderr.take() {
            use std::io::Read;
            let _ = pipe.read_to_string(&mut stderr);
        }
        panic!("kryon exited ({status}) before its window showed:\n{stderr}");
    }
}

/// The window's pixels, by ImageMagick's `import`.
fn screenshot(display: &str, window: &str) -> image::RgbaImage {
    let shot =
        std::env::temp_dir().join(format!("kryon-window-{}-{window}.png", std::process::id()));
    let status = Command::new("import")
        .args(["-window", window, shot.to_str().expect("utf-8")])
        .env("DISPLAY", display)
        .status()
        .expect("import runs");
    assert!(status.success(), "import failed");
    let image = image::open(&shot).expect("the window's screenshot").to_rgba8();
    let _ = std::fs::remove_file(&shot);
    image
}

/// Waits until the window has presented a frame (its top-left pixel is the app's white).
fn wait_drawn(display: &str, window: &str) {
    wait_for("the first frame", Duration::from_secs(30), || {
        (screenshot(display, window).get_pixel(2, 2).0[..3] == [255, 255, 255]).then_some(())
    });
}

fn xdotool(display: &str, args: &[&str]) -> String {
    let out =
        Command::new("xdotool").args(args).env("DISPLAY", display).output().expect("xdotool runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn clicks_typing_tab_and_enter_in_a_real_window() {
    if !have("Xvfb") || !have("xdotool") || !have("import") {
        eprintln!(
            "skipped: the window test needs Xvfb, xdotool and ImageMagick's `import` \
             (apt-get install xvfb xdotool imagemagick)"
        );
        return;
    }
    let x = xvfb();
    let krb = form_krb();
    let boxes = layout(&krb);
    let mut player = kryon()
        .arg(&krb)
        .arg("--print-json-on-exit")
        .env("DISPLAY", &x.display)
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kryon starts");
    let window = wait_for("the player's window", Duration::from_secs(60), || {
        exited_early(&mut player);
        let id = xdotool(&x.display, &["search", "--onlyvisible", "--name", "Player form"]);
        id.lines().next().filter(|l| !l.is_empty()).map(str::to_string)
    });
    // The window has the App's size (the display's scale is 1 under Xvfb).
    let geometry = xdotool(&x.display, &["getwindowgeometry", &window]);
    assert!(geometry.contains("320x240"), "window geometry: {geometry}");
    // The App's icon is the window's (`_NET_WM_ICON`, read by xprop where it is installed).
    if have("xprop") {
        let out = Command::new("xprop")
            .args(["-id", &window, "_NET_WM_ICON"])
            .env("DISPLAY", &x.display)
            .output()
            .expect("xprop runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("16 x 16"), "the window icon: {text}");
    } else {
        eprintln!("the icon is not checked: xprop is not installed (apt-get install x11-utils)");
    }
    // No window manager runs under Xvfb: give the window the keyboard as one would.
    xdotool(&x.display, &["windowfocus", "--sync", &window]);
    std::thread::sleep(Duration::from_millis(300));
    // Before any input, the window shows exactly the headless render's pixels (once its
    // first frame is presented).
    let (w, h, expected) = first_frame(&krb);
    wait_for("the window to show the headless render", Duration::from_secs(30), || {
        let shown = screenshot(&x.display, &window);
        let differing = shown
            .as_raw()
            .chunks(4)
            .zip(expected.chunks(4))
            .filter(|(a, b)| a[..3] != b[..3])
            .count();
        (shown.dimensions() == (w, h) && differing == 0).then_some(())
    });
    let click = |id: &str| {
        let (cx, cy) = centre(&boxes, id);
        let (cx, cy) = (cx.to_string(), cy.to_string());
        xdotool(&x.display, &["mousemove", "--window", &window, &cx, &cy]);
        std::thread::sleep(Duration::from_millis(50));
        xdotool(&x.display, &["click", "1"]);
        std::thread::sleep(Duration::from_millis(100));
    };
    // Two clicks on `+`, one on `-`: count 1.
    click("inc");
    click("inc");
    click("dec");
    // Click into the input, type, Enter submits: greeting = "Ada".
    click("name");
    xdotool(&x.display, &["type", "--delay", "20", "Ada"]);
    xdotool(&x.display, &["key", "Return"]);
    // Tab from the input wraps to the first button; Enter activates it: count 2.
    xdotool(&x.display, &["key", "Tab"]);
    xdotool(&x.display, &["key", "Return"]);
    std::thread::sleep(Duration::from_millis(200));
    xdotool(&x.display, &["key", "ctrl+q"]);
    let output = finish(player, Duration::from_secs(10));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "kryon failed: {:?}\n{stderr}", output.status);
    let vars = variables(&output.stdout);
    assert_eq!(vars["name"], "Ada", "{vars}\n{stderr}");
    assert_eq!(vars["greeting"], "Ada", "{vars}\n{stderr}");
    assert_eq!(vars["count"], 2, "{vars}\n{stderr}");
}

#[test]
fn a_missing_or_malformed_app_is_a_clear_error_without_a_window() {
    let dir = std::env::temp_dir().join(format!("kryon-window-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let broken = dir.join("broken.krb");
    std::fs::write(&broken, b"KRB\x01 not really").expect("write");
    for (path, expected) in [(dir.join("missing.krb"), "cannot open"), (broken, "cannot open")] {
        let output = kryon().arg(&path).env_remove("DISPLAY").output().expect("kryon runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
    }
    let output = kryon().arg("--size").arg("big").arg(form_krb()).output().expect("kryon runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("WxH"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_script_error_shows_in_an_overlay_line_and_the_app_keeps_running() {
    if !have("Xvfb") || !have("xdotool") || !have("import") {
        eprintln!(
            "skipped: the window test needs Xvfb, xdotool and ImageMagick's `import` \
             (apt-get install xvfb xdotool imagemagick)"
        );
        return;
    }
    let x = xvfb();
    let krb = form_krb().with_file_name("failing.krb");
    let boxes = layout(&krb);
    let mut player = kryon()
        .arg(&krb)
        .arg("--print-json-on-exit")
        .env("DISPLAY", &x.display)
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kryon starts");
    let window = wait_for("the player's window", Duration::from_secs(60), || {
        exited_early(&mut player);
        let id = xdotool(&x.display, &["search", "--onlyvisible", "--name", "Failing"]);
        id.lines().next().filter(|l| !l.is_empty()).map(str::to_string)
    });
    xdotool(&x.display, &["windowfocus", "--sync", &window]);
    wait_drawn(&x.display, &window);
    for id in ["boom", "ok"] {
        let (cx, cy) = centre(&boxes, id);
        xdotool(&x.display, &["mousemove", "--window", &window, &cx.to_string(), &cy.to_string()]);
        std::thread::sleep(Duration::from_millis(50));
        xdotool(&x.display, &["click", "1"]);
        std::thread::sleep(Duration::from_millis(150));
    }
    let title = wait_for("the error in the title", Duration::from_secs(10), || {
        let title = xdotool(&x.display, &["getwindowname", &window]);
        title.contains("error").then_some(title)
    });
    assert!(title.contains("failing.kry:22") && title.contains("boom"), "{title}");
    let shown = screenshot(&x.display, &window);
    // The bottom strip is the overlay's red, with the message in white on it.
    let (w, h) = shown.dimensions();
    let row: Vec<_> = (0..w).map(|px| shown.get_pixel(px, h - 3).0).collect();
    let red = row.iter().filter(|p| p[0] > 140 && p[1] < 60 && p[2] < 60).count();
    assert!(red > w as usize * 9 / 10, "{red} of {w} pixels of the bottom row are red");
    let band = (h - 20..h - 4).flat_map(|y| (0..w).map(move |x| (x, y)));
    let white = band.filter(|&(x, y)| shown.get_pixel(x, y).0[1] > 200).count();
    assert!(white > 30, "the message is drawn ({white} white pixels)");
    xdotool(&x.display, &["key", "ctrl+q"]);
    let output = finish(player, Duration::from_secs(10));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("attempt to index a nil value"), "{stderr}");
    assert_eq!(variables(&output.stdout)["count"], 1, "the other button still works");
}
