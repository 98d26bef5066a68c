//! Golden frames: every app under `tests/render/` is rendered by `kryc run --screenshot` (a
//! real process) in the cases its comments describe, and each frame must match its PNG under
//! `snapshots/render/` byte for byte. Each case also states the boxes that matter, from
//! `--print layout`, so a failing golden says *what* moved:
//!
//! ```text
//! # render: --size 240x120 --event hover:ok
//! # box #ok x=10 y=10 width=80 height=30
//! # box 3 Text x=10 y=50 width=80 height=19
//! ```
//!
//! A `# render:` line starts a case (its arguments are added to `kryc run FILE`); the `# box`
//! lines after it name an element by `#id`, or by its index and type as `--print layout`
//! prints them, and give its box exactly. The first case of `name.kry` is compared with
//! `snapshots/render/name.png`, the next ones with `name-2.png`, `name-3.png`, …
//!
//! A frame that differs (or has no golden yet) is written beside the golden as `.new.png`.
//! `KRYC_BLESS=1 cargo test --test render_golden` writes the goldens instead, after the box
//! assertions pass; look at every changed PNG before committing it.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{kry_files, kryc, repo, scratch, stderr, stdout};

#[derive(Debug, Default)]
struct Case {
    args: Vec<String>,
    /// (`#id` or `INDEX Type`, `x=.. y=.. width=.. height=..`, line number).
    boxes: Vec<(String, String, usize)>,
}

fn cases(source: &str) -> Result<Vec<Case>, String> {
    let mut out: Vec<Case> = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let line = line.trim();
        if let Some(args) = line.strip_prefix("# render:") {
            out.push(Case {
                args: args.split_whitespace().map(str::to_string).collect(),
                boxes: Vec::new(),
            });
        } else if let Some(rest) = line.strip_prefix("# box ") {
            let at = rest.find(" x=").ok_or(format!("line {}: `# box NAME x=..`", n + 1))?;
            let case =
                out.last_mut().ok_or(format!("line {}: `# box` before `# render:`", n + 1))?;
            case.boxes.push((
                rest[..at].trim().to_string(),
                rest[at + 1..].trim().to_string(),
                n + 1,
            ));
        }
    }
    Ok(out)
}

/// `--print layout` lines by `#id` and by `INDEX Type`.
fn layout(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let Some(at) = line.find(" x=") else { continue };
        let (name, geometry) = (&line[..at], line[at + 1..].trim_end_matches(" [hidden]"));
        let mut words = name.split_whitespace();
        let (Some(index), Some(kind)) = (words.next(), words.next()) else { continue };
        out.insert(format!("{index} {kind}"), geometry.to_string());
        if let Some(id) = words.next() {
            out.insert(id.to_string(), geometry.to_string());
        }
    }
    out
}

fn golden_name(stem: &str, case: usize) -> String {
    if case == 0 {
        format!("{stem}.png")
    } else {
        format!("{stem}-{}.png", case + 1)
    }
}

fn check_case(dir: &Path, file: &Path, name: &str, case: &Case, bless: bool) -> Vec<String> {
    let rel = file.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let what = format!(
        "{rel} (`# render:{}`)",
        case.args.iter().map(|a| format!(" {a}")).collect::<String>()
    );
    let shot = dir.join(name);
    let mut args: Vec<String> = vec!["run".into(), file.to_string_lossy().into_owned()];
    args.extend(case.args.iter().cloned());
    args.extend(["--print".into(), "layout".into(), "--screenshot".into()]);
    args.push(shot.to_string_lossy().into_owned());
    let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = kryc(&repo(), &arg_refs);
    if !output.status.success() {
        return vec![format!("{what}: kryc run failed:\n{}", stderr(&output))];
    }
    let warnings = stderr(&output);
    if !warnings.trim().is_empty() {
        return vec![format!("{what}: kryc run printed:\n{warnings}")];
    }
    let boxes = layout(&stdout(&output));
    let mut failures = Vec::new();
    for (element, expected, line) in &case.boxes {
        match boxes.get(element) {
            Some(actual) if actual == expected => {}
            Some(actual) => failures
                .push(format!("{rel}:{line}: {element} is at `{actual}`, expected `{expected}`")),
            None => failures.push(format!("{rel}:{line}: no element {element} in the layout")),
        }
    }
    if !failures.is_empty() {
        return failures;
    }
    let frame = match std::fs::read(&shot) {
        Ok(bytes) => bytes,
        Err(e) => return vec![format!("{what}: no screenshot: {e}")],
    };
    let golden_path = repo().join("snapshots/render").join(name);
    let new_path = golden_path.with_extension("new.png");
    if bless {
        std::fs::create_dir_all(golden_path.parent().expect("parent")).expect("snapshots/render");
        std::fs::write(&golden_path, &frame).expect("write golden");
        let _ = std::fs::remove_file(&new_path);
        return Vec::new();
    }
    match std::fs::read(&golden_path) {
        Ok(golden) if golden == frame => {
            let _ = std::fs::remove_file(&new_path);
            Vec::new()
        }
        Ok(_) => {
            let _ = std::fs::write(&new_path, &frame);
            vec![format!(
                "{what}: the frame differs from snapshots/render/{name} (the boxes above match); \
                 the new frame is snapshots/render/{}",
                new_path.file_name().unwrap_or_default().to_string_lossy()
            )]
        }
        Err(_) => {
            let _ = std::fs::write(&new_path, &frame);
            vec![format!(
                "{what}: no golden snapshots/render/{name}; the frame is in {} \
                 (KRYC_BLESS=1 writes goldens)",
                new_path.display()
            )]
        }
    }
}

#[test]
fn every_render_fixture_matches_its_boxes_and_golden_frames() {
    let fixtures = repo().join("tests/render");
    let files = kry_files(&fixtures);
    assert!(files.len() >= 10, "the render fixtures are missing");
    let bless = std::env::var_os("KRYC_BLESS").is_some_and(|v| v == "1");
    let dir = scratch("render_golden", "frames");
    let mut failures = Vec::new();
    let mut count = 0;
    let mut goldens = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).expect("read fixture");
        let stem = file.file_stem().unwrap_or_default().to_string_lossy().into_owned();
        let parsed = match cases(&source) {
            Ok(parsed) if !parsed.is_empty() => parsed,
            Ok(_) => {
                failures.push(format!("{stem}.kry: no `# render:` line"));
                continue;
            }
            Err(e) => {
                failures.push(format!("{stem}.kry: {e}"));
                continue;
            }
        };
        for (i, case) in parsed.iter().enumerate() {
            if case.boxes.is_empty() {
                failures.push(format!("{stem}.kry: case {} asserts no `# box`", i + 1));
            }
            let name = golden_name(&stem, i);
            count += 1;
            failures.extend(check_case(&dir, file, &name, case, bless));
            goldens.push(name);
        }
    }
    // A golden that no case produces is left over from a renamed or removed case.
    if let Ok(entries) = std::fs::read_dir(repo().join("snapshots/render")) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".png") && !name.ends_with(".new.png") && !goldens.contains(&name) {
                failures.push(format!("snapshots/render/{name}: no render case produces it"));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        failures.is_empty(),
        "{} of {count} frames failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_box_assertion_that_does_not_hold_is_reported() {
    let source = "# render: --size 100x60\n# box #b x=1 y=2 width=3 height=4\n";
    let parsed = cases(source).expect("parses");
    assert_eq!(parsed.len(), 1);
    assert_eq!(parsed[0].boxes[0].0, "#b");
    let text = "0 App x=0 y=0 width=100 height=60\n1 Button #b x=0 y=0 width=40 height=20\n";
    let boxes = layout(text);
    assert_eq!(boxes["#b"], "x=0 y=0 width=40 height=20");
    assert_eq!(boxes["1 Button"], "x=0 y=0 width=40 height=20");
    assert_ne!(boxes["#b"], parsed[0].boxes[0].1);
}
