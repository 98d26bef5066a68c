//! `github`: GitHub Actions workflow commands, which the Actions runner turns into annotations
//! on the pull request diff:
//!
//! ```text
//! ::error file=app.kry,line=3,col=5,endLine=3,endColumn=6,title=K0104 (unclosed-delimiter)::this block is never closed
//! ```
//!
//! Errors become `::error`, warnings `::warning`, notes `::notice`. The message is followed by
//! labels, notes and help as extra lines (`note: ...`, `help: ...`). Values are escaped as the
//! runner requires: `%`, `\r`, `\n` everywhere, and also `:` and `,` in properties.

use std::fmt::Write as _;

use super::{locate, RenderOptions};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::SourceDb;

pub(super) fn render(db: &SourceDb, diagnostics: &[Diagnostic], options: &RenderOptions) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut properties = Vec::new();
        if let Some(at) = d.span.and_then(|span| locate(db, span, options.encoding)) {
            properties.push(format!("file={}", escape_property(at.name())));
            properties.push(format!("line={}", at.start_pos.line));
            properties.push(format!("col={}", at.start_pos.column));
            properties.push(format!("endLine={}", at.end_pos.line));
            properties.push(format!("endColumn={}", at.end_pos.column));
        }
        let title = format!("{} ({})", d.code.id(), d.code.name());
        properties.push(format!("title={}", escape_property(&title)));
        let mut message = d.message.clone();
        for label in &d.labels {
            if let Some(at) = locate(db, label.span, options.encoding) {
                let (line, column) = (at.start_pos.line, at.start_pos.column);
                let _ = write!(message, "\nnote: {}:{line}:{column}: {}", at.name(), label.message);
            }
        }
        for note in &d.notes {
            let _ = write!(message, "\nnote: {note}");
        }
        for help in &d.help {
            let _ = write!(message, "\nhelp: {help}");
        }
        for fix in &d.fixes {
            let _ = write!(message, "\nhelp: fix: {}", fix.message);
        }
        let _ = writeln!(out, "::{command} {}::{}", properties.join(","), escape_data(&message));
    }
    out
}

/// Escapes a command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::render::fixture;
    use crate::diagnostics::Code;
    use crate::source::PositionEncoding;

    fn github(diagnostics: &[Diagnostic]) -> String {
        render(&fixture::db(), diagnostics, &fixture::options())
    }

    #[test]
    fn commands_with_positions_and_title() {
        let out = github(&[fixture::unclosed()]);
        assert_eq!(
            out,
            "::error file=app.kry,line=3,col=5,endLine=3,endColumn=6,\
             title=K0104 (unclosed-delimiter)::this block is never closed\
             %0Anote: app.kry:8:1: the file ends here%0Anote: blocks close with `}`\
             %0Ahelp: add a `}` where `App` should end%0Aor delete the `{`\n"
        );
    }

    #[test]
    fn severities_and_missing_span() {
        let out = github(&[fixture::legacy_template(), fixture::note(), fixture::no_span()]);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("::warning file=app.kry,line=5,"), "{out}");
        assert!(lines[0].ends_with("%0Ahelp: fix: use `$count`"), "{out}");
        assert!(lines[1].starts_with("::notice file=app.kry,line=6,"), "{out}");
        assert_eq!(
            lines[2],
            "::error title=K0002 (io-error)::could not read `missing.kry`: No such file or directory"
        );
    }

    #[test]
    fn escaping() {
        assert_eq!(escape_data("100%\r\ndone: a,b"), "100%25%0D%0Adone: a,b");
        assert_eq!(escape_property("C:\\a,b%"), "C%3A\\a%2Cb%25");
        let d = Diagnostic::new(Code::Io, "50% done\nnext");
        assert_eq!(github(&[d]), "::error title=K0002 (io-error)::50%25 done%0Anext\n");
    }

    #[test]
    fn columns_follow_the_encoding_and_bad_spans_are_safe() {
        let options = RenderOptions { encoding: PositionEncoding::Utf8, ..fixture::options() };
        let out = render(&fixture::db(), &[fixture::unexpected_character()], &options);
        assert!(
            out.starts_with("::error file=app.kry,line=5,col=37,endLine=5,endColumn=38,"),
            "{out}"
        );
        let out = github(&fixture::out_of_range());
        assert_eq!(out.lines().count(), 4);
    }
}
