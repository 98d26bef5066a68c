//! The editor engine and the formatter on broken text: every fixture and conformance file,
//! cut short and with characters removed or added at spread-out places (what a file looks
//! like while someone types), through every request the language server answers, at spread-
//! out positions. Nothing may panic, and formatting what formats must be idempotent.

mod common;

use std::path::Path;

use kryc::format::format_text;
use kryc::ide::{
    code_actions, completion, folding, goto, hover, references, rename, semantic_tokens, symbols,
    DocumentCache,
};
use kryc::loader::MemoryLoader;
use kryc::source::PositionEncoding;
use lsp_types::{Position, Range};

fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The text cut, with a character taken out and with delimiters put in, at a few places.
fn variants(text: &str) -> Vec<String> {
    let mut out = vec![text.to_string()];
    let n = 4;
    for i in 1..=n {
        let at = boundary(text, text.len() * i / (n + 1));
        out.push(text[..at].to_string());
        let next = boundary(text, at + text[at..].chars().next().map_or(0, char::len_utf8));
        out.push(format!("{}{}", &text[..at], &text[next..]));
        let insert = ["{", "}", "\"", "$", "@function \"lua\" f() {", ":"][i % 6];
        out.push(format!("{}{insert}{}", &text[..at], &text[at..]));
    }
    out
}

#[test]
fn broken_text_never_panics_the_engine_or_the_formatter() {
    let mut files = common::kry_files(&common::repo().join("tests/fixtures"));
    files.extend(common::kry_files(&common::conformance_root()));
    let enc = PositionEncoding::Utf16;
    let path = Path::new("/robust/app.kry");
    let mut requests = 0usize;
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        if text.len() > 12_000 {
            continue;
        }
        for variant in variants(&text) {
            if let Ok(once) = format_text("t.kry", &variant) {
                assert_eq!(
                    format_text("t.kry", &once).ok().as_ref(),
                    Some(&once),
                    "{}",
                    file.display()
                );
            }
            let mut cache = DocumentCache::new();
            cache.open(path, variant.clone(), 1);
            let analysis = cache.analyze(path, &MemoryLoader::new()).expect("open");
            let source = analysis.source(analysis.root());
            let _ = semantic_tokens::semantic_tokens(source, enc);
            let _ = folding::folding_ranges(source);
            let _ = symbols::document_symbols(&analysis, enc);
            let whole = Range {
                start: Position::default(),
                end: Position { line: u32::MAX, character: 0 },
            };
            let _ = code_actions::code_actions(&analysis, whole, enc);
            for i in 0..=6 {
                let at = variant.len() * i / 6;
                let _ = completion::complete(&analysis, &variant, at, enc);
                let _ = hover::hover(&analysis, at, enc);
                let _ = goto::definition(&analysis, at, enc);
                let _ = references::references(&analysis, at, true, enc);
                let _ = rename::prepare(&analysis, at, enc);
                let _ = rename::rename(&analysis, at, "renamed", enc);
                requests += 6;
            }
        }
    }
    assert!(requests > 10_000, "{requests} requests");
}
