//! Hand-built sources and diagnostics shared by the renderers' unit tests.
//!
//! Line 5 of `app.kry` has a 👋 (4 bytes, 2 UTF-16 units, 1 character) before its errors, so
//! the three column encodings differ there.

use super::RenderOptions;
use crate::diagnostics::{Applicability, Code, Diagnostic, Edit, Fix, Origin, Severity};
use crate::languages::ScriptLanguage;
use crate::source::{FileId, FileSpan, PositionEncoding, SourceDb, TextRange};

pub const APP: &str = concat!(
    "# Grüße 👋 from the app\n",
    "@include \"theme.kry\"\n",
    "App {\n",
    "    window_title: \"Café ☕\"\n",
    "    Text { text: \"👋 {{count}}\" } %\n",
    "    @function \"lua\" on_click() {\n",
    "        print(\"hi\"\n",
);

pub const THEME: &str = "@include \"app.kry\"\nstyle \"base\" {\n    color: \"#fff\"\n}\n";

pub const APP_ID: FileId = FileId(0);
pub const THEME_ID: FileId = FileId(1);

pub fn db() -> SourceDb {
    let mut db = SourceDb::new();
    db.add("app.kry", APP);
    db.add("theme.kry", THEME);
    db
}

pub fn options() -> RenderOptions {
    RenderOptions {
        encoding: PositionEncoding::Utf32,
        color: false,
        tool_version: "0.0.0-test".to_string(),
        vms: vec!["lua".to_string()],
        width: 80,
    }
}

/// The part `from..to` (relative offsets) of `span`.
pub fn narrow(span: FileSpan, from: usize, to: usize) -> FileSpan {
    let start = span.range.start as usize;
    FileSpan::new(span.file, TextRange::new(start + from, start + to))
}

/// The span of the `nth` (0-based) occurrence of `needle` in `text`.
pub fn find(file: FileId, text: &str, needle: &str, nth: usize) -> FileSpan {
    let start = text.match_indices(needle).nth(nth).map(|(i, _)| i).expect("needle in text");
    FileSpan::new(file, TextRange::new(start, start + needle.len()))
}

pub fn unexpected_character() -> Diagnostic {
    let span = find(APP_ID, APP, "%", 0);
    Diagnostic::new(Code::UnexpectedCharacter, "unexpected character `%`")
        .with_span(span)
        .with_primary_label("not part of KRY syntax")
        .with_fix(Fix {
            message: "remove the `%`".to_string(),
            applicability: Applicability::MachineApplicable,
            edits: vec![Edit { span, replacement: String::new() }],
        })
}

pub fn unclosed() -> Diagnostic {
    Diagnostic::new(Code::UnclosedDelimiter, "this block is never closed")
        .with_span(find(APP_ID, APP, "{", 0))
        .with_primary_label("this `{` is never closed")
        .with_label(FileSpan::new(APP_ID, TextRange::empty(APP.len())), "the file ends here")
        .with_note("blocks close with `}`")
        .with_help("add a `}` where `App` should end\nor delete the `{`")
}

pub fn include_cycle() -> Diagnostic {
    Diagnostic::new(Code::IncludeCycle, "`theme.kry` includes itself through `app.kry`")
        .with_span(find(THEME_ID, THEME, "@include \"app.kry\"", 0))
        .with_primary_label("includes `app.kry`")
        .with_label(
            find(APP_ID, APP, "@include \"theme.kry\"", 0),
            "app.kry includes theme.kry here",
        )
        .with_note("include chain: theme.kry -> app.kry -> theme.kry")
}

pub fn legacy_template() -> Diagnostic {
    let span = find(APP_ID, APP, "{{count}}", 0);
    Diagnostic::new(Code::LegacyTemplate, "`{{count}}` is a deprecated template")
        .with_span(span)
        .with_fix(Fix {
            message: "use `$count`".to_string(),
            applicability: Applicability::MaybeIncorrect,
            edits: vec![Edit { span, replacement: "$count".to_string() }],
        })
}

pub fn script() -> Diagnostic {
    Diagnostic::new(Code::UnterminatedScriptBody, "the body of `on_click` never ends")
        .with_span(narrow(find(APP_ID, APP, "() {", 0), 3, 4))
        .with_label(find(APP_ID, APP, "print(", 0), "this call is never closed")
        .with_origin(Origin {
            language: ScriptLanguage::Lua,
            function: Some("on_click".to_string()),
            script_line: 2,
            script_column: 14,
        })
}

pub fn note() -> Diagnostic {
    Diagnostic::new(Code::MissingScriptLanguage, "`lua` is also the default language")
        .with_severity(Severity::Note)
        .with_span(find(APP_ID, APP, "\"lua\"", 0))
        .with_help("keep the tag: the file then means the same in every build")
}

pub fn no_span() -> Diagnostic {
    Diagnostic::new(Code::Io, "could not read `missing.kry`: No such file or directory")
}

/// Spans past the end, reversed, and into a file the database does not hold.
pub fn out_of_range() -> Vec<Diagnostic> {
    let past_end = FileSpan::new(APP_ID, TextRange { start: 5000, end: 6000 });
    let reversed = FileSpan::new(THEME_ID, TextRange { start: 9, end: 3 });
    let unknown = FileSpan::new(FileId(42), TextRange::new(0, 4));
    let inside_char = narrow(find(APP_ID, APP, "👋", 0), 1, 3);
    vec![
        Diagnostic::new(Code::UnexpectedToken, "past the end")
            .with_span(past_end)
            .with_label(unknown, "nowhere")
            .with_fix(Fix {
                message: "append".to_string(),
                applicability: Applicability::HasPlaceholders,
                edits: vec![Edit { span: past_end, replacement: "}".to_string() }],
            }),
        Diagnostic::new(Code::UnexpectedToken, "reversed").with_span(reversed),
        Diagnostic::new(Code::UnexpectedToken, "unknown file").with_span(unknown),
        Diagnostic::new(Code::UnexpectedToken, "inside a character").with_span(inside_char),
    ]
}

/// Every fixture diagnostic, in source order.
pub fn all() -> Vec<Diagnostic> {
    vec![
        unclosed(),
        unexpected_character(),
        legacy_template(),
        note(),
        script(),
        include_cycle(),
        no_span(),
    ]
}
