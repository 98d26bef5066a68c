//! Fuzz target: random script bodies and random event sequences through the runtime. The
//! input is a language byte, a function body (up to the first 0xFF byte, as UTF-8 with
//! replacements), then events of three bytes each (what, which element, which value). The
//! app has a bound label, a button and an input calling the fuzzed function, a checkbox, and a
//! known-good function in the other language. Budgets are small, so a runaway body ends quickly.
//!
//! It must never panic or abort; every event gets an answer; afterwards the snapshot and the
//! health counters are readable and the known-good function in the other VM still runs and
//! its write reaches the store.
#![no_main]

#[path = "../../runtime/tests/support/mod.rs"]
mod support;

use std::time::Duration;

use krb_format::{languages, EventKind, Handler};
use kryon_runtime::{Edit, Runtime, ScriptValue, VMConfig, VMSettings};
use libfuzzer_sys::fuzz_target;
use support::{AppBuilder, Part, BUTTON, CHECKBOX, INPUT, TEXT};

const LANGUAGES: [u8; 2] = [languages::LUA, languages::JAVASCRIPT];

fn app(language: u8, body: &str) -> Runtime {
    let mut b = AppBuilder::new();
    b.int_var("n", 0);
    b.text_template("label", &[Part::Text("n = "), Part::Var("n")]);
    b.button("b", "go", "f");
    let on_change = b.s("f");
    let placeholder = b.string("type");
    b.element(
        INPUT,
        Some("in"),
        vec![(TEXT, placeholder)],
        vec![
            (EventKind::Change, Handler::Function(on_change)),
            (EventKind::Submit, Handler::Function(on_change)),
        ],
    );
    b.element(CHECKBOX, Some("c"), Vec::new(), Vec::new());
    let _ = BUTTON;
    b.function(language, "f", &["a"], body, 20);
    // The known-good function is in the other VM: a fuzzed body may legitimately break its
    // own VM's globals (a metatable on `_G`, a setter on `globalThis`).
    match language {
        languages::LUA => b.function(languages::JAVASCRIPT, "ok", &[], " n = 1; ", 40),
        _ => b.function(languages::LUA, "ok", &[], " n = 1 ", 40),
    }
    let settings = VMSettings::default()
        .with_time_limit(Duration::from_millis(50))
        .with_memory_limit(16 << 20);
    let mut config = VMConfig::default();
    for name in ["lua", "javascript"] {
        config = config.with_settings(name, settings.clone());
    }
    Runtime::from_document(b.build(), config).expect("the app itself is valid")
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let language = LANGUAGES[first as usize % LANGUAGES.len()];
    let split = rest.iter().position(|&b| b == 0xFF).unwrap_or(rest.len());
    let body = String::from_utf8_lossy(&rest[..split]);
    let events = rest.get(split + 1..).unwrap_or_default();
    let mut runtime = app(language, &body);
    let elements = runtime.tree().elements().len() as u32;
    for event in events.chunks(3).take(32) {
        let (what, which, value) =
            (event[0], *event.get(1).unwrap_or(&0), *event.get(2).unwrap_or(&0));
        let index = u32::from(which) % elements;
        let value = match value % 4 {
            0 => None,
            1 => Some(ScriptValue::Int(i64::from(value) - 128)),
            2 => Some(ScriptValue::from(body.chars().take(usize::from(value)).collect::<String>())),
            _ => Some(ScriptValue::Bool(value & 1 == 1)),
        };
        let _ = match what % 10 {
            0 => runtime.click("b").ok(),
            1 => Some(runtime.pointer_move(Some(index))),
            2 => Some(runtime.pointer_down(index)),
            3 => Some(runtime.pointer_up(Some(index))),
            4 => Some(runtime.focus(Some(index))),
            5 => Some(runtime.focus_next(value.is_some())),
            6 => Some(runtime.edit_text(Edit::Insert(format!("{which}")))),
            7 => Some(runtime.edit_text(Edit::Submit)),
            8 => runtime
                .dispatch_at(
                    EventKind::ALL[usize::from(which) % EventKind::ALL.len()],
                    index,
                    value,
                )
                .ok(),
            _ => Some(runtime.call("f", value.into_iter().collect())),
        };
    }
    let _ = runtime.snapshot_json();
    let _ = runtime.health();
    let ok = runtime.call("ok", Vec::new());
    assert!(ok.errors.is_empty(), "the known-good function failed: {:?}", ok.errors);
    assert_eq!(runtime.variable("n"), Some(&ScriptValue::Int(1)));
});
