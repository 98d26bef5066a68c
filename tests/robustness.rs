//! The compiler never panics and never hangs, whatever the input: every fixture and corpus
//! file is mutated thousands of times (byte edits, truncations, deleted and doubled braces,
//! spliced fragments) and checked (front end and semantic passes), through includes too.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use kryc::check::{check, CheckOptions};
use kryc::diagnostics::render::{render, Format, RenderOptions};
use kryc::loader::MemoryLoader;
use kryc::source::SourceDb;

/// xorshift64*: a small deterministic generator, so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const FRAGMENTS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"(",
    b")",
    b"\"",
    b"#",
    b"#fff",
    b"$",
    b"${",
    b"{{",
    b"@for x in $l\n",
    b"@if $a\n",
    b"@end\n",
    b"@else\n",
    b"@function \"lua\" f() {",
    b"@script \"js\" {",
    b"--[[",
    b"/*",
    b"`",
    b"'''",
    b"\\",
    b"&:hover",
    b":",
    b";",
    b",",
    b"\n",
    b"Define X {",
    b"Properties {",
    b"= ",
    b"\xff",
    b"\xe2\x82",
    b"\r\n",
    b"\t",
];

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] = rng.next() as u8;
            }
            1 => out.truncate(at),
            2 => {
                // Delete a brace.
                if let Some(i) = out
                    .iter()
                    .enumerate()
                    .skip(at)
                    .find(|(_, b)| **b == b'}' || **b == b'{')
                    .map(|(i, _)| i)
                {
                    out.remove(i);
                }
            }
            3 => {
                let f = FRAGMENTS[rng.below(FRAGMENTS.len())];
                out.splice(at..at, f.iter().copied());
            }
            4 if !out.is_empty() => {
                let end = (at + rng.below(64)).min(out.len());
                out.drain(at.min(end)..end);
            }
            _ => {
                let start = rng.below(out.len() + 1);
                let end = (start + rng.below(200)).min(out.len());
                let chunk = out[start..end].to_vec();
                out.splice(at..at, chunk);
            }
        }
    }
    out
}

fn inputs() -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "kry") {
                let bytes = std::fs::read(&path).expect("readable");
                out.push((path, bytes));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    walk(&root.join("tests/fixtures"), &mut out);
    walk(&root.join("../shared/conformance/upstream"), &mut out);
    walk(&root.join("examples"), &mut out);
    out.sort();
    out
}

/// Checks (front end and semantic passes), then renders the diagnostics in every format
/// (renderers must not panic either).
fn parse(path: &Path, bytes: &[u8], loader: &MemoryLoader) {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let mut db = SourceDb::new();
    let checked = check(&mut db, path, text, loader, &CheckOptions::default());
    let options = RenderOptions::default();
    for format in Format::ALL {
        let _ = render(format, &db, &checked.diagnostics, &options);
    }
}

#[test]
fn mutated_inputs_never_panic_or_hang() {
    let inputs = inputs();
    assert!(inputs.len() >= 20);
    let iterations: usize =
        std::env::var("KRYC_MUTATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(60);
    let (done_tx, done_rx) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
            let mut loader = MemoryLoader::new();
            for (path, bytes) in &inputs {
                loader.insert(path, String::from_utf8_lossy(bytes).into_owned());
            }
            let mut runs = 0usize;
            for (path, bytes) in &inputs {
                for _ in 0..iterations {
                    let mutated = mutate(&mut rng, bytes);
                    // Included files are mutated too, through the loader.
                    let mut local = loader.clone();
                    local.insert(path, String::from_utf8_lossy(&mutated).into_owned());
                    parse(path, &mutated, &local);
                    runs += 1;
                }
            }
            done_tx.send(runs).expect("main thread waits");
        })
        .expect("spawn");
    // A generous bound: the whole loop takes well under a second per thousand runs.
    match done_rx.recv_timeout(Duration::from_secs(600)) {
        Ok(runs) => assert!(runs > 1000, "ran {runs}"),
        Err(_) => panic!("the front end hung on a mutated input"),
    }
    worker.join().expect("no panic");
}

#[test]
fn pathological_inputs() {
    let loader = MemoryLoader::new();
    let deep_braces = "App {".repeat(20_000);
    let deep_values = format!("App {{ a: {}1{} }}", "[".repeat(20_000), "]".repeat(20_000));
    let deep_parens = format!("App {{ a: {}1{} }}", "(".repeat(20_000), ")".repeat(20_000));
    let many_errors = "App { : : : }\n".repeat(5_000);
    let long_line = format!("App {{ text: \"{}\" }}", "x".repeat(1_000_000));
    let closers = "}".repeat(50_000);
    let component_chain: String = (0..3000)
        .map(|i| format!("Define C{i} {{ Container {{ C{} {{ }} }} }}\n", i + 1))
        .chain(std::iter::once("App { C0 { } }\n".to_string()))
        .collect();
    let wide_loop = format!(
        "@variables {{ xs: [{}] }}\nApp {{ @for x in $xs\n Text {{ text: \"$x\" }}\n @end }}",
        vec!["1"; 20_000].join(", ")
    );
    let nul = "App {\0\0\0}".to_string();
    // Variables that use themselves, and chains that use the next one several times: folding
    // must stay linear (a mutated fixture once made this exponential).
    let self_fanout =
        "@variables { c: \"$c $c $c $c\" }\nApp { Text { text: \"$c\" } }".to_string();
    let chain_fanout: String = (0..30)
        .map(|i| format!("@var v{i} = \"$v{} $v{}\"\n", i + 1, i + 1))
        .chain(std::iter::once("@var v30 = 1\nApp { Text { text: \"$v0\" } }".to_string()))
        .collect();
    for input in [
        deep_braces,
        deep_values,
        deep_parens,
        many_errors,
        long_line,
        closers,
        nul,
        self_fanout,
        chain_fanout,
        component_chain,
        wide_loop,
    ] {
        let text = input.clone();
        std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(move || parse(Path::new("p.kry"), text.as_bytes(), &MemoryLoader::new()))
            .expect("spawn")
            .join()
            .unwrap_or_else(|_| {
                panic!("panicked on input starting {:?}", &input[..40.min(input.len())])
            });
    }
    parse(Path::new("p.kry"), b"", &loader);
}
