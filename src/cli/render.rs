//! `kryc run --screenshot OUT.png [--size WxH] [--scale F]`, `--print layout` and the
//! `"layout"` of `--print json`: the app rendered by `kryon-render` after the events, with
//! its images and fonts read from the app's directory. A missing or unreadable image or font
//! is a warning that names the file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use kryon_render::{encode_png, LayoutBox, RenderOptions, Renderer, ResourceLoader};
use kryon_runtime::Runtime;

use super::args::RunArgs;

/// The app's files, by paths relative to the app's directory.
struct FileResources {
    root: PathBuf,
}

impl ResourceLoader for FileResources {
    fn load(&self, path: &str) -> Result<Vec<u8>, String> {
        let full = self.root.join(path);
        std::fs::read(&full).map_err(|e| format!("cannot read `{}`: {e}", full.display()))
    }
}

/// Renders the app as the runtime holds it now, writes the screenshot when asked, prints the
/// renderer's warnings, and returns every element's box.
pub fn render(runtime: &Runtime, args: &RunArgs) -> Result<Vec<LayoutBox>, String> {
    let options = RenderOptions { size: args.size, scale: args.scale.unwrap_or(1.0) };
    let root = args.file.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut renderer = Renderer::new(FileResources { root }, options);
    renderer.render_runtime(runtime);
    for warning in renderer.take_warnings() {
        eprintln!("warning: {warning}");
    }
    if let Some(out) = &args.screenshot {
        let png = encode_png(renderer.frame())?;
        std::fs::write(out, png).map_err(|e| format!("cannot write `{}`: {e}", out.display()))?;
    }
    Ok(renderer.layout_boxes(&runtime.tree()))
}

/// A coordinate as printed: whole numbers without a fraction, others to two places.
fn number(v: f32) -> String {
    if v.fract() == 0.0 && v.abs() < 1e9 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// One line per element: `3 Button #inc x=104 y=80 width=60 height=40` (`[hidden]` after an
/// element that is not shown).
pub fn layout_text(boxes: &[LayoutBox]) -> String {
    let mut out = String::new();
    for b in boxes {
        let _ = write!(out, "{} {}", b.index, b.type_name);
        if let Some(id) = &b.id {
            let _ = write!(out, " #{id}");
        }
        let _ = write!(
            out,
            " x={} y={} width={} height={}",
            number(b.x),
            number(b.y),
            number(b.width),
            number(b.height)
        );
        if !b.shown {
            out.push_str(" [hidden]");
        }
        out.push('\n');
    }
    out
}

fn json_number(v: f32) -> serde_json::Value {
    if v.fract() == 0.0 && v.abs() < 1e9 {
        serde_json::Value::from(v as i64)
    } else {
        serde_json::Value::from((v as f64 * 100.0).round() / 100.0)
    }
}

/// `[{"id", "type", "x", "y", "width", "height"}, ...]` in element order.
pub fn layout_json(boxes: &[LayoutBox]) -> serde_json::Value {
    boxes
        .iter()
        .map(|b| {
            serde_json::json!({
                "id": b.id,
                "type": b.type_name,
                "x": json_number(b.x),
                "y": json_number(b.y),
                "width": json_number(b.width),
                "height": json_number(b.height),
            })
        })
        .collect()
}
