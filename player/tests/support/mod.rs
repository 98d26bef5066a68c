//! What the window and terminal tests share: the test app, its layout as the renderer gives
//! it, the `kryon` binary, and waiting with a deadline.

#![allow(dead_code)]

pub mod desktop;

pub use desktop::{have, wait_for};

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

use kryon_render::{LayoutBox, NoResources, RenderOptions, Renderer};
use kryon_runtime::{Runtime, VMConfig};

/// The test app's KRB (built from `form.kry` beside it).
pub fn form_krb() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/apps/form.krb")
}

pub fn kryon() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kryon"))
}

/// Every element's box in logical pixels, as the renderer lays the app out at its own size.
pub fn layout(krb: &Path) -> Vec<LayoutBox> {
    let bytes = std::fs::read(krb).expect("the test app's KRB");
    let runtime = Runtime::load(&bytes, VMConfig::default()).expect("the test app loads");
    let mut renderer = Renderer::new(NoResources, RenderOptions::default());
    renderer.render_runtime(&runtime);
    let boxes = renderer.layout_boxes(&runtime.tree());
    boxes
}

/// The app's first frame as the renderer draws it headless at its own size: RGBA bytes.
pub fn first_frame(krb: &Path) -> (u32, u32, Vec<u8>) {
    first_frame_at(krb, 1.0)
}

/// The app's first frame at its own size and this scale (device pixels per logical pixel).
pub fn first_frame_at(krb: &Path, scale: f32) -> (u32, u32, Vec<u8>) {
    let bytes = std::fs::read(krb).expect("the test app's KRB");
    let runtime = Runtime::load(&bytes, VMConfig::default()).expect("the test app loads");
    let options = RenderOptions { scale, ..RenderOptions::default() };
    let mut renderer = Renderer::new(NoResources, options);
    renderer.render_runtime(&runtime);
    let frame = renderer.frame();
    (frame.width(), frame.height(), frame.data().to_vec())
}

/// The centre of the element with `id`.
pub fn centre(boxes: &[LayoutBox], id: &str) -> (i32, i32) {
    let b = boxes
        .iter()
        .find(|b| b.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no #{id} in the layout"));
    ((b.x + b.width / 2.0) as i32, (b.y + b.height / 2.0) as i32)
}

/// Waits for a child to exit (killing it after `timeout`) and returns its output.
pub fn finish(mut child: Child, timeout: Duration) -> Output {
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() < timeout => std::thread::sleep(Duration::from_millis(50)),
            _ => {
                let _ = child.kill();
                break;
            }
        }
    }
    child.wait_with_output().expect("the player's output")
}

/// The variables of `--print-json-on-exit` output.
pub fn variables(stdout: &[u8]) -> serde_json::Value {
    let text = String::from_utf8_lossy(stdout);
    let json: serde_json::Value =
        serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    json["variables"].clone()
}
