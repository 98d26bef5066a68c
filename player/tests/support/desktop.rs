//! A real X display for tests, and the programs that drive it: Xvfb, xdotool, ImageMagick's
//! `import`. Shared by the player's window tests and the compiler's `kryc run --window` test
//! (which includes this file by path); it depends only on `std` and `image`.

#![allow(dead_code)]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Whether a program is on the `PATH`.
pub fn have(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// Whether the window tests can run; prints why they are skipped when they cannot.
pub fn desktop_tools() -> bool {
    let ok = have("Xvfb") && have("xdotool") && have("import");
    if !ok {
        eprintln!(
            "skipped: the window test needs Xvfb, xdotool and ImageMagick's `import` \
             (apt-get install xvfb xdotool imagemagick)"
        );
    }
    ok
}

/// Polls `f` until it gives `Some`, or panics with `what` after `timeout`.
pub fn wait_for<T>(what: &str, timeout: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// An X server of the test's own, stopped when dropped.
pub struct Xvfb {
    child: Child,
    pub display: String,
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Xvfb {
    /// Starts Xvfb on a display number it picks itself (`-displayfd`: it writes the number
    /// when it is ready), so tests running at once never share a server.
    pub fn start() -> Xvfb {
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

    /// Runs xdotool on this display; its standard output, trimmed.
    pub fn xdotool(&self, args: &[&str]) -> String {
        let out = Command::new("xdotool")
            .args(args)
            .env("DISPLAY", &self.display)
            .output()
            .expect("xdotool runs");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Waits for a shown window with this title and gives it the keyboard (no window
    /// manager runs under Xvfb); `alive` is asked on each poll, to fail fast when the
    /// program behind the window has exited.
    pub fn window(&self, title: &str, mut alive: impl FnMut()) -> String {
        let window = wait_for("the window", Duration::from_secs(60), || {
            alive();
            let id = self.xdotool(&["search", "--onlyvisible", "--name", title]);
            id.lines().next().filter(|l| !l.is_empty()).map(str::to_string)
        });
        self.xdotool(&["windowfocus", "--sync", &window]);
        window
    }

    /// Moves the pointer to (`x`, `y`) in the window and clicks the left button there.
    pub fn click(&self, window: &str, (x, y): (i32, i32)) {
        self.xdotool(&["mousemove", "--window", window, &x.to_string(), &y.to_string()]);
        std::thread::sleep(Duration::from_millis(50));
        self.xdotool(&["click", "1"]);
        std::thread::sleep(Duration::from_millis(100));
    }

    /// The window's pixels, by ImageMagick's `import`.
    pub fn screenshot(&self, window: &str) -> image::RgbaImage {
        // Window ids repeat across servers: the display keeps the file names apart.
        let name = format!("kryon-test-{}-{}-{window}.png", std::process::id(), &self.display[1..]);
        let shot = std::env::temp_dir().join(name);
        let status = Command::new("import")
            .args(["-window", window, shot.to_str().expect("utf-8")])
            .env("DISPLAY", &self.display)
            .status()
            .expect("import runs");
        assert!(status.success(), "import failed");
        let image = image::open(&shot).expect("the window's screenshot").to_rgba8();
        let _ = std::fs::remove_file(&shot);
        image
    }

    /// Waits until the window has presented a frame (its top-left pixel is the app's white).
    pub fn wait_drawn(&self, window: &str) {
        wait_for("the first frame", Duration::from_secs(30), || {
            (self.screenshot(window).get_pixel(2, 2).0[..3] == [255, 255, 255]).then_some(())
        });
    }
}
