//! Fuzz target: any bytes through the whole front end (lexer, dialect detection, delimiter
//! balancing, parser, includes through an in-memory loader) and every diagnostic renderer.
//! It must never panic, whatever the input.
#![no_main]

use std::path::Path;

use kryc::diagnostics::render::{render, Format, RenderOptions};
use kryc::loader::MemoryLoader;
use kryc::program::{parse_program, FrontendOptions};
use kryc::source::SourceDb;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    // The input may include itself or a second copy of itself.
    let loader = MemoryLoader::new().with("main.kry", text.clone()).with("lib.kry", text.clone());
    let mut db = SourceDb::new();
    let program =
        parse_program(&mut db, Path::new("main.kry"), text, &loader, &FrontendOptions::default());
    let options = RenderOptions::default();
    for format in Format::ALL {
        let _ = render(format, &db, program.diagnostics.as_slice(), &options);
    }
});
