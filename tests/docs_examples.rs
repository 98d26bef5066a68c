//! Every KRY code block in the documentation is built, so the docs cannot drift from the
//! compiler. A block's info string says what it must do:
//!
//! - ` ```kry ` — checks with no errors (warnings allowed), with every VM enabled;
//! - ` ```kry,fragment ` — a piece of a file (`...` placeholders, a lone element): it must not
//!   crash the compiler, and nothing else is asserted;
//! - ` ```kry,error ` — reports at least one error; in `docs/diagnostics.md` the block must
//!   report the code of the section it illustrates;
//! - a block right after `<!-- kryc run ARGS -->` is also run with those arguments, and the
//!   next ` ```text ` block is what `kryc run` prints on standard output.

mod common;

use std::path::{Path, PathBuf};

use common::{kryc, repo, stdout};

/// A code block of a page.
#[derive(Debug)]
struct Block {
    page: String,
    line: usize,
    info: String,
    code: String,
    /// The `## K0123` section it is in (diagnostics reference).
    section: Option<String>,
    /// Arguments of a `<!-- kryc run ARGS -->` comment before it, and the expected output.
    run: Option<(Vec<String>, String)>,
}

fn pages() -> Vec<PathBuf> {
    let mut out = vec![repo().join("README.md"), repo().join("runtime/README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(repo().join("docs"))
        .expect("docs/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    out.extend(docs);
    out
}

fn blocks(path: &Path) -> Vec<Block> {
    let text = std::fs::read_to_string(path).expect("read page");
    let page = path.strip_prefix(repo()).unwrap_or(path).to_string_lossy().replace('\\', "/");
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<Block> = Vec::new();
    let mut section = None;
    let mut pending_run: Option<Vec<String>> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(code) = line.strip_prefix("## ").filter(|h| h.starts_with('K')) {
            section = Some(code.trim().to_string());
        }
        if let Some(args) =
            line.trim().strip_prefix("<!-- kryc run").and_then(|r| r.strip_suffix("-->"))
        {
            pending_run = Some(args.split_whitespace().map(str::to_string).collect());
        }
        if let Some(info) = line.trim_start().strip_prefix("```") {
            let info = info.trim().to_string();
            let start = i + 1;
            let mut end = start;
            while end < lines.len() && !lines[end].trim_start().starts_with("```") {
                end += 1;
            }
            let code = lines[start..end.min(lines.len())].join("\n");
            if info.starts_with("kry") {
                let run = pending_run.take().map(|args| (args, String::new()));
                out.push(Block {
                    page: page.clone(),
                    line: i + 1,
                    info,
                    code,
                    section: section.clone(),
                    run,
                });
            } else if info == "text" {
                if let Some(Block { run: Some((_, expected)), .. }) = out.last_mut() {
                    if expected.is_empty() {
                        *expected = format!("{code}\n");
                    }
                }
            }
            i = end + 1;
            continue;
        }
        i += 1;
    }
    out
}

fn scratch() -> PathBuf {
    common::scratch("docs-examples", "blocks")
}

#[test]
fn every_kry_block_in_the_docs_does_what_its_fence_says() {
    let dir = scratch();
    let mut failures = Vec::new();
    let mut checked = 0;
    for page in pages() {
        for (n, block) in blocks(&page).into_iter().enumerate() {
            let where_ = format!("{}:{}", block.page, block.line);
            let file = format!("block{n}_{}.kry", block.page.replace(['/', '.'], "_"));
            std::fs::write(dir.join(&file), format!("{}\n", block.code)).expect("write block");
            let out =
                kryc(&dir, &["check", "--preset", "full", "--diagnostic-format", "json", &file]);
            let Ok(json) = serde_json::from_slice::<serde_json::Value>(&out.stdout) else {
                failures.push(format!("{where_}: kryc crashed: {}", common::stderr(&out)));
                continue;
            };
            checked += 1;
            let errors: Vec<String> = json["diagnostics"]
                .as_array()
                .map(|d| {
                    d.iter()
                        .filter(|d| d["severity"] == "error")
                        .map(|d| {
                            format!(
                                "{} {}",
                                d["code"].as_str().unwrap_or(""),
                                d["message"].as_str().unwrap_or("")
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let codes: Vec<&str> = json["diagnostics"]
                .as_array()
                .map(|d| d.iter().filter_map(|d| d["code"].as_str()).collect())
                .unwrap_or_default();
            let kind = block.info.split(',').nth(1).map(str::trim).unwrap_or("");
            match kind {
                "fragment" => {}
                "error" => {
                    if errors.is_empty() {
                        failures.push(format!("{where_}: expected an error, got none"));
                    }
                    if let Some(code) =
                        block.section.as_deref().filter(|_| block.page.ends_with("diagnostics.md"))
                    {
                        if !codes.contains(&code) {
                            failures.push(format!(
                                "{where_}: the example of {code} does not report it ({codes:?})"
                            ));
                        }
                    }
                }
                _ => {
                    if !errors.is_empty() {
                        failures.push(format!("{where_}: {}", errors.join("; ")));
                    }
                }
            }
            if let Some((args, expected)) = &block.run {
                let mut run = vec!["run", file.as_str()];
                run.extend(args.iter().map(String::as_str));
                let out = kryc(&dir, &run);
                if stdout(&out) != *expected {
                    failures.push(format!(
                        "{where_}: `kryc run {}` printed\n{}\nexpected\n{expected}",
                        args.join(" "),
                        stdout(&out)
                    ));
                }
            }
        }
    }
    assert!(checked >= 10, "only {checked} KRY blocks found");
    assert!(
        failures.is_empty(),
        "{} of {checked} blocks:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
