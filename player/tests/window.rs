//! The window under a real X server (Xvfb), driven by xdotool as a person would: clicks at
//! the positions the layout gives, typing into an input, Tab and Enter, Ctrl-Q to close;
//! then the app's state as `--print-json-on-exit` prints it, and the window's pixels
//! against the headless render. Skipped, with a message, only where Xvfb, xdotool or
//! ImageMagick is not installed (`.ci/run` installs them).

mod support;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use support::desktop::{desktop_tools, Xvfb};
use support::{
    centre, finish, first_frame, first_frame_at, form_krb, have, kryon, layout, variables, wait_for,
};

/// Starts the player on `krb` in the X server, printing its state on exit; its window, once
/// shown and focused.
fn open(x: &Xvfb, krb: &Path, title: &str) -> (Child, String) {
    open_with(x, krb, title, &[], &[])
}

/// [`open`] with more environment variables and arguments for the player.
fn open_with(
    x: &Xvfb,
    krb: &Path,
    title: &str,
    env: &[(&str, &str)],
    args: &[&str],
) -> (Child, String) {
    let mut player = kryon()
        .arg(krb)
        .args(args)
        .envs(env.iter().copied())
        .arg("--print-json-on-exit")
        .env("DISPLAY", &x.display)
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kryon starts");
    let window = x.window(title, || exited_early(&mut player));
    (player, window)
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

#[test]
fn clicks_typing_tab_and_enter_in_a_real_window() {
    if !desktop_tools() {
        return;
    }
    let x = Xvfb::start();
    let krb = form_krb();
    let boxes = layout(&krb);
    let (player, window) = open(&x, &krb, "Player form");
    // The window has the App's size (the display's scale is 1 under Xvfb).
    let geometry = x.xdotool(&["getwindowgeometry", &window]);
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
    // Before any input, the window shows exactly the headless render's pixels (once its
    // first frame is presented).
    let (w, h, expected) = first_frame(&krb);
    wait_for("the window to show the headless render", Duration::from_secs(30), || {
        let shown = x.screenshot(&window);
        (shown.dimensions() == (w, h) && differing(&shown, &expected) == 0).then_some(())
    });
    let click = |id: &str| x.click(&window, centre(&boxes, id));
    // Two clicks on `+`, one on `-`: count 1.
    click("inc");
    click("inc");
    click("dec");
    // Click into the input, type, Enter submits: greeting = "Ada".
    click("name");
    x.xdotool(&["type", "--delay", "20", "Ada"]);
    x.xdotool(&["key", "Return"]);
    // Tab from the input wraps to the first button; Enter activates it: count 2.
    x.xdotool(&["key", "Tab"]);
    x.xdotool(&["key", "Return"]);
    std::thread::sleep(Duration::from_millis(200));
    x.xdotool(&["key", "ctrl+q"]);
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
    if !desktop_tools() {
        return;
    }
    let x = Xvfb::start();
    let krb = form_krb().with_file_name("failing.krb");
    let boxes = layout(&krb);
    let (player, window) = open_with(&x, &krb, "Failing", &[], &["--trace", "jsonl"]);
    x.wait_drawn(&window);
    for id in ["boom", "ok"] {
        x.click(&window, centre(&boxes, id));
    }
    let title = wait_for("the error in the title", Duration::from_secs(10), || {
        let title = x.xdotool(&["getwindowname", &window]);
        title.contains("error").then_some(title)
    });
    assert!(title.contains("failing.kry:22") && title.contains("boom"), "{title}");
    let shown = x.screenshot(&window);
    // The bottom strip is the overlay's red, with the message in white on it.
    let (w, h) = shown.dimensions();
    let row: Vec<_> = (0..w).map(|px| shown.get_pixel(px, h - 3).0).collect();
    let red = row.iter().filter(|p| p[0] > 140 && p[1] < 60 && p[2] < 60).count();
    assert!(red > w as usize * 9 / 10, "{red} of {w} pixels of the bottom row are red");
    let band = (h - 20..h - 4).flat_map(|y| (0..w).map(move |x| (x, y)));
    let white = band.filter(|&(x, y)| shown.get_pixel(x, y).0[1] > 200).count();
    assert!(white > 30, "the message is drawn ({white} white pixels)");
    x.xdotool(&["key", "ctrl+q"]);
    let output = finish(player, Duration::from_secs(10));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("attempt to index a nil value"), "{stderr}");
    assert_eq!(variables(&output.stdout)["count"], 1, "the other button still works");
    // `--trace jsonl`: the two clicks, in order, each with its call; the failure and the change.
    let steps: Vec<serde_json::Value> = stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let clicks: Vec<&serde_json::Value> =
        steps.iter().filter(|s| s["step"] == "event" && s["event"] == "click").collect();
    let targets: Vec<&str> = clicks.iter().filter_map(|s| s["element"].as_str()).collect();
    assert_eq!(targets, ["boom", "ok"], "{stderr}");
    let calls: Vec<&str> = steps
        .iter()
        .filter(|s| s["step"] == "call")
        .filter_map(|s| s["function"].as_str())
        .collect();
    assert_eq!(calls, ["boom", "increment"], "{stderr}");
    let error = steps.iter().find(|s| s["step"] == "error").expect("the error step");
    assert_eq!(error["error"]["kry_line"], 22, "{error}");
    let change = steps.iter().find(|s| s["step"] == "change").expect("the change step");
    assert_eq!((change["old"].as_i64(), change["new"].as_i64()), (Some(0), Some(1)));
}

/// How many pixels of a screenshot differ (in colour) from RGBA bytes of the same size.
fn differing(shown: &image::RgbaImage, expected: &[u8]) -> usize {
    shown.as_raw().chunks(4).zip(expected.chunks(4)).filter(|(a, b)| a[..3] != b[..3]).count()
}

#[test]
fn on_a_hidpi_display_the_window_draws_at_the_display_scale() {
    if !desktop_tools() {
        return;
    }
    let x = Xvfb::start();
    let krb = form_krb();
    let boxes = layout(&krb);
    // winit reads the X11 scale from this variable (Xvfb has no Xft.dpi of its own).
    let (player, window) =
        open_with(&x, &krb, "Player form", &[("WINIT_X11_SCALE_FACTOR", "2")], &[]);
    let geometry = x.xdotool(&["getwindowgeometry", &window]);
    assert!(geometry.contains("640x480"), "the App's 320x240 at scale 2: {geometry}");
    let (w, h, expected) = first_frame_at(&krb, 2.0);
    assert_eq!((w, h), (640, 480));
    wait_for("the window to show the render at scale 2", Duration::from_secs(30), || {
        let shown = x.screenshot(&window);
        (shown.dimensions() == (w, h) && differing(&shown, &expected) == 0).then_some(())
    });
    // Input is in device pixels: the button's centre at scale 2.
    let (cx, cy) = centre(&boxes, "inc");
    x.click(&window, (cx * 2, cy * 2));
    std::thread::sleep(Duration::from_millis(200));
    x.xdotool(&["key", "ctrl+q"]);
    let output = finish(player, Duration::from_secs(10));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(variables(&output.stdout)["count"], 1, "{stderr}");
}

/// The X server's clipboard (the CLIPBOARD selection) through xclip.
fn read_clipboard(x: &Xvfb) -> String {
    let out = Command::new("xclip")
        .args(["-selection", "clipboard", "-o"])
        .env("DISPLAY", &x.display)
        .output()
        .expect("xclip runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Puts text on the X server's clipboard (xclip serves it from the background until another
/// program takes the selection).
fn write_clipboard(x: &Xvfb, text: &str) {
    use std::io::Write;
    let mut xclip = Command::new("xclip")
        .args(["-selection", "clipboard", "-i"])
        .env("DISPLAY", &x.display)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("xclip runs");
    xclip.stdin.take().expect("xclip's stdin").write_all(text.as_bytes()).expect("write");
    xclip.wait().expect("xclip forks and returns");
}

#[test]
fn copy_and_paste_go_through_the_system_clipboard() {
    if !desktop_tools() {
        return;
    }
    if !have("xclip") {
        eprintln!("skipped: xclip is not installed (apt-get install xclip; .ci/run does)");
        return;
    }
    let x = Xvfb::start();
    let krb = form_krb();
    let boxes = layout(&krb);
    let (player, window) = open(&x, &krb, "Player form");
    x.wait_drawn(&window);
    // Copy out of the app: another program reads what the input held.
    x.click(&window, centre(&boxes, "name"));
    x.xdotool(&["type", "--delay", "20", "Grace Hopper"]);
    x.xdotool(&["key", "ctrl+a", "ctrl+c"]);
    let copied = wait_for("the copied text on the clipboard", Duration::from_secs(10), || {
        let text = read_clipboard(&x);
        (text == "Grace Hopper").then_some(text)
    });
    assert_eq!(copied, "Grace Hopper");
    // Paste into the app what another program copied (UTF-8 included).
    write_clipboard(&x, "Ada Lovelace ✓");
    x.xdotool(&["key", "ctrl+a", "ctrl+v", "Return"]);
    std::thread::sleep(Duration::from_millis(200));
    x.xdotool(&["key", "ctrl+q"]);
    let output = finish(player, Duration::from_secs(10));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let vars = variables(&output.stdout);
    assert_eq!(vars["name"], "Ada Lovelace ✓", "{vars}\n{stderr}");
    assert_eq!(vars["greeting"], "Ada Lovelace ✓", "{vars}\n{stderr}");
}
