//! `short`: one line per diagnostic, like ruff's `concise` output and compiler `-fdiagnostics`
//! one-liners that editors' quickfix lists read:
//!
//! ```text
//! app.kry:5:34: error[K0101]: unexpected character `%`
//! error[K0002]: could not read `missing.kry`
//! 2 errors, 1 warning
//! ```
//!
//! Columns are in the requested encoding. Line breaks inside a message become spaces so every
//! diagnostic stays on one line. The final count line is written when there are diagnostics.

use std::fmt::Write as _;

use super::{locate, plural, RenderOptions, Summary};
use crate::diagnostics::Diagnostic;
use crate::source::SourceDb;

pub(super) fn render(db: &SourceDb, diagnostics: &[Diagnostic], options: &RenderOptions) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        if let Some(at) = diagnostic.span.and_then(|span| locate(db, span, options.encoding)) {
            let _ = write!(out, "{}:{}:{}: ", at.name(), at.start_pos.line, at.start_pos.column);
        }
        let message = diagnostic.message.replace("\r\n", " ").replace(['\n', '\r'], " ");
        let severity = diagnostic.severity.as_str();
        let _ = writeln!(out, "{severity}[{}]: {message}", diagnostic.code.id());
    }
    if !diagnostics.is_empty() {
        let summary = Summary::of(diagnostics);
        let errors = plural(summary.errors, "error");
        let _ = writeln!(out, "{errors}, {}", plural(summary.warnings, "warning"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::render::fixture;
    use crate::diagnostics::Code;
    use crate::source::PositionEncoding;

    fn short(diagnostics: &[Diagnostic], encoding: PositionEncoding) -> String {
        let options = RenderOptions { encoding, ..fixture::options() };
        render(&fixture::db(), diagnostics, &options)
    }

    #[test]
    fn one_line_each_then_counts() {
        let out = short(&fixture::all(), PositionEncoding::Utf32);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), fixture::all().len() + 1, "{out}");
        assert_eq!(lines[0], "app.kry:3:5: error[K0104]: this block is never closed");
        assert!(lines.contains(
            &"theme.kry:1:1: error[K0202]: `theme.kry` includes itself through `app.kry`"
        ));
        assert!(lines
            .contains(&"error[K0002]: could not read `missing.kry`: No such file or directory"));
        assert_eq!(*lines.last().unwrap(), "5 errors, 1 warning");
    }

    #[test]
    fn columns_follow_the_encoding() {
        let d = [fixture::unexpected_character()];
        assert!(short(&d, PositionEncoding::Utf32).starts_with("app.kry:5:34: "));
        assert!(short(&d, PositionEncoding::Utf16).starts_with("app.kry:5:35: "));
        assert!(short(&d, PositionEncoding::Utf8).starts_with("app.kry:5:37: "));
    }

    #[test]
    fn messages_stay_on_one_line_and_nothing_for_nothing() {
        let d = Diagnostic::new(Code::Io, "two\nlines\r\nhere");
        assert_eq!(
            short(&[d], PositionEncoding::Utf32),
            "error[K0002]: two lines here\n1 error, 0 warnings\n"
        );
        assert_eq!(short(&[], PositionEncoding::Utf32), "");
    }

    #[test]
    fn bad_spans_do_not_panic() {
        let out = short(&fixture::out_of_range(), PositionEncoding::Utf16);
        assert!(out.contains("app.kry:8:1: error[K0106]: past the end"), "{out}");
        assert!(out.contains("\nerror[K0106]: unknown file"), "{out}");
    }
}
