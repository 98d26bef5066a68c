//! `kryc run --screenshot` as a user runs it: a screenshot after clicks shows the new state
//! (and nothing else changed), every valid conformance file renders at its window size
//! without an error, and rendering twice gives identical bytes.

mod common;

use std::path::Path;

use common::{conformance_root, element_box, kryc, repo, scratch, stderr, stdout, VALID};

fn screenshot(dir: &Path, file: &Path, out: &Path, extra: &[&str]) -> (String, Vec<u8>) {
    let mut args = vec!["run", file.to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    args.extend(["--print", "layout", "--screenshot", out.to_str().expect("utf-8 path")]);
    let output = kryc(dir, &args);
    assert!(output.status.success(), "kryc {args:?} failed:\n{}", stderr(&output));
    (stdout(&output), std::fs::read(out).expect("the screenshot is written"))
}

#[test]
fn a_screenshot_after_clicks_shows_the_new_label_and_nothing_else_changes() {
    let dir = scratch("render_cli", "counter");
    let counter = repo().join("examples/counter.kry");
    let (layout, before) = screenshot(&dir, &counter, &dir.join("before.png"), &[]);
    let (after_layout, after) =
        screenshot(&dir, &counter, &dir.join("after.png"), &["--click", "inc", "--click", "inc"]);
    let before = image::load_from_memory(&before).expect("PNG").to_rgba8();
    let after = image::load_from_memory(&after).expect("PNG").to_rgba8();
    assert_eq!(before.dimensions(), (320, 200), "the App's window size");
    assert_eq!(before.dimensions(), after.dimensions());
    // The label's text changed ("Count: 0" → "Count: 2"): pixels differ, all of them inside
    // the label's box (the buttons, the background and the rest are as before).
    let (x, y, w, h) = element_box(&after_layout, "label");
    assert_eq!(element_box(&layout, "label").1, y, "the label stays on its line");
    let mut changed = 0;
    for (px, py, pixel) in after.enumerate_pixels() {
        if before.get_pixel(px, py) != pixel {
            changed += 1;
            let (fx, fy) = (px as f32 + 0.5, py as f32 + 0.5);
            assert!(
                fx >= x && fx <= x + w && fy >= y && fy <= y + h,
                "pixel ({px}, {py}) changed outside the label's box {x},{y} {w}×{h}"
            );
        }
    }
    assert!(changed > 20, "the new count is drawn ({changed} pixels changed)");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_valid_conformance_file_renders_the_same_bytes_twice() {
    let root = conformance_root();
    let dir = scratch("render_cli", "conformance");
    let mut failures = Vec::new();
    for (n, rel) in VALID.iter().enumerate() {
        let file = root.join(rel);
        let source = std::fs::read_to_string(&file).expect("conformance file");
        if !source.lines().any(|l| l.trim_start().starts_with("App")) {
            // A library of components or scripts: nothing to show on its own.
            continue;
        }
        let mut frames = Vec::new();
        for round in 0..2 {
            let out = dir.join(format!("{n}-{round}.png"));
            let args = ["run", file.to_str().expect("utf-8"), "--print", "vars", "--screenshot"];
            let mut args = args.to_vec();
            args.push(out.to_str().expect("utf-8"));
            let output = kryc(file.parent().expect("dir"), &args);
            let errors = stderr(&output);
            if !output.status.success() || errors.lines().any(|l| l.starts_with("error")) {
                failures.push(format!("{rel}: kryc run failed:\n{errors}"));
                break;
            }
            frames.push(std::fs::read(&out).expect("screenshot"));
        }
        if let [first, second] = frames.as_slice() {
            if first != second {
                failures.push(format!("{rel}: two renders differ"));
            }
            let image = image::load_from_memory(first).expect("PNG");
            if image.width() == 0 || image.height() == 0 {
                failures.push(format!("{rel}: empty frame"));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_missing_or_broken_image_is_a_warning_that_names_the_file() {
    let dir = scratch("render_cli", "images");
    std::fs::write(dir.join("broken.png"), b"\x89PNG\r\n\x1a\n not really a PNG").expect("write");
    std::fs::write(
        dir.join("app.kry"),
        "App {\n    window_width: 200\n    window_height: 100\n    layout: row\n    \
         Image { id: \"gone\" src: \"nothere.png\" width: 50 height: 50 }\n    \
         Image { id: \"bad\" src: \"broken.png\" width: 50 height: 50 }\n    \
         Text { id: \"after\" text: \"still drawn\" }\n}\n",
    )
    .expect("write app");
    let out = dir.join("shot.png");
    let output = kryc(&dir, &["run", "app.kry", "--print", "layout", "--screenshot", "shot.png"]);
    let errors = stderr(&output);
    assert!(output.status.success(), "{errors}");
    assert!(errors.contains("warning") && errors.contains("nothere.png"), "{errors}");
    assert!(errors.contains("broken.png"), "{errors}");
    let image = image::open(&out).expect("the frame is still written");
    assert_eq!((image.width(), image.height()), (200, 100));
    let layout = stdout(&output);
    let (x, _, w, _) = element_box(&layout, "after");
    assert!(x >= 100.0 && w > 0.0, "the images keep their boxes: {layout}");
    let _ = std::fs::remove_dir_all(&dir);
}
