//! `human`: source snippets with labels, drawn by miette's graphical handler.
//!
//! Each diagnostic becomes a [`MietteReport`]: the header `error[K0104]: unclosed-delimiter`,
//! the message, the primary span and the labels in the same file, and the help lines (fixes as
//! `fix: ...`). miette draws one file per snippet, so labels in other files are printed after
//! it as `note: file:line:col: message`, followed by the diagnostic's own notes. A summary line
//! modelled on rustc's ends the output.

use std::fmt::{self, Write as _};
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::{locate, plural, source_file, RenderOptions, Summary};
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::{PositionEncoding, SourceDb};

/// Narrowest width passed to miette; text wrapping misbehaves near zero.
const MIN_WIDTH: usize = 20;

pub(super) fn render(db: &SourceDb, diagnostics: &[Diagnostic], options: &RenderOptions) -> String {
    let theme =
        if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme.clone())
        .with_width(options.width.max(MIN_WIDTH))
        .with_links(false)
        .with_context_lines(CONTEXT_LINES);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let report = MietteReport::new(db, diagnostic, options.encoding);
        let mut text = String::new();
        if snippet_too_wide(db, diagnostic) || handler.render_report(&mut text, &report).is_err() {
            text = fallback(&report);
            if let Some(at) = diagnostic.span.and_then(|s| locate(db, s, options.encoding)) {
                let (line, column) = (at.start_pos.line, at.start_pos.column);
                text.push_str(&format!("  --> {}:{line}:{column}\n", at.name()));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
        for note in notes(db, diagnostic, options) {
            let prefix = "note:";
            let _ = writeln!(out, "  {} {}", theme.styles.advice.style(prefix), indent(&note, 8));
        }
        out.push('\n');
    }
    if let Some(line) = summary_line(Summary::of(diagnostics)) {
        let (word, rest) = line.split_once(':').unwrap_or(("", &line));
        let style = if word == "error" { theme.styles.error } else { theme.styles.warning };
        let _ = writeln!(out, "{}:{}", style.style(word), rest);
    }
    out
}

/// `error: found 2 errors; 1 warning emitted`, `warning: 1 warning emitted`, or
/// nothing when there are neither errors nor warnings.
fn summary_line(summary: Summary) -> Option<String> {
    let warnings = plural(summary.warnings, "warning");
    match (summary.errors, summary.warnings) {
        (0, 0) => None,
        (0, _) => Some(format!("warning: {warnings} emitted")),
        (errors, 0) => Some(format!("error: found {}", plural(errors, "error"))),
        (errors, _) => {
            Some(format!("error: found {}; {warnings} emitted", plural(errors, "error")))
        }
    }
}

/// Notes printed below the snippet: labels miette cannot draw, then the diagnostic's notes.
fn notes(db: &SourceDb, diagnostic: &Diagnostic, options: &RenderOptions) -> Vec<String> {
    let primary_file =
        diagnostic.span.filter(|s| source_file(db, s.file).is_some()).map(|s| s.file);
    let mut notes = Vec::new();
    for label in &diagnostic.labels {
        if Some(label.span.file) == primary_file {
            continue;
        }
        if let Some(at) = locate(db, label.span, options.encoding) {
            let (line, column) = (at.start_pos.line, at.start_pos.column);
            notes.push(format!("{}:{line}:{column}: {}", at.name(), label.message));
        }
    }
    notes.extend(diagnostic.notes.iter().cloned());
    notes
}

/// Lines longer than this are not drawn as snippets (miette cannot pad past 65,535 columns,
/// and such a snippet would not help anyone); the report gets a `-->` location instead.
const MAX_SNIPPET_LINE: usize = 2_000;

/// Lines of context miette draws around a span.
const CONTEXT_LINES: usize = 1;

fn snippet_too_wide(db: &SourceDb, diagnostic: &Diagnostic) -> bool {
    let spans = diagnostic.span.into_iter().chain(diagnostic.labels.iter().map(|l| l.span));
    spans.into_iter().any(|span| {
        source_file(db, span.file).is_some_and(|file| {
            // miette also draws context lines around each span.
            let first = file.line_index(span.range.start as usize).saturating_sub(CONTEXT_LINES);
            let last = (file.line_index(span.range.end as usize) + CONTEXT_LINES)
                .min(file.line_count() - 1);
            (first..=last).any(|line| file.line_text(line).len() > MAX_SNIPPET_LINE)
        })
    })
}

/// Indents every line after the first of `text` by `width` spaces.
fn indent(text: &str, width: usize) -> String {
    text.replace('\n', &format!("\n{:width$}", ""))
}

/// What the header, message and help look like if miette fails to draw a report.
fn fallback(report: &MietteReport) -> String {
    let mut text = format!("{}\n  {}\n", report.header, report.message);
    if let Some(help) = &report.help {
        text.push_str(&format!("  help: {}\n", indent(help, 8)));
    }
    text
}

/// A [`Diagnostic`] in the shape miette draws.
#[derive(Debug)]
struct MietteReport {
    /// `error[K0104]: unclosed-delimiter`, shown where miette shows a code.
    header: String,
    message: String,
    severity: miette::Severity,
    source: Option<SnippetSource>,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
}

impl MietteReport {
    fn new(db: &SourceDb, diagnostic: &Diagnostic, encoding: PositionEncoding) -> Self {
        let severity = match diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        };
        let header = format!(
            "{}[{}]: {}",
            diagnostic.severity.as_str(),
            diagnostic.code.id(),
            diagnostic.code.name()
        );
        let mut help: Vec<String> = diagnostic.help.clone();
        help.extend(diagnostic.fixes.iter().map(|fix| format!("fix: {}", fix.message)));
        let mut report = MietteReport {
            header,
            message: diagnostic.message.clone(),
            severity,
            source: None,
            labels: Vec::new(),
            help: (!help.is_empty()).then(|| help.join("\n")),
        };
        let Some(span) = diagnostic.span else { return report };
        let Some(file) = source_file(db, span.file) else { return report };
        let text = file.text();
        let to_miette = |range: crate::source::TextRange| {
            let mut start = floor_char_boundary(text, range.start as usize);
            let end = ceil_char_boundary(text, (range.end as usize).max(start));
            // miette does not draw the empty line after a final newline: show an end-of-file
            // position at the end of the last line instead.
            if start == text.len() && text.ends_with('\n') {
                start -= 1;
                return SourceSpan::from(start..start);
            }
            SourceSpan::from(start..end)
        };
        let label = diagnostic.primary_label.clone().filter(|l| !l.is_empty());
        report.labels.push(LabeledSpan::new_primary_with_span(label, to_miette(span.range)));
        for label in diagnostic.labels.iter().filter(|l| l.span.file == span.file) {
            let message = Some(label.message.clone()).filter(|m| !m.is_empty());
            report.labels.push(LabeledSpan::new_with_span(message, to_miette(label.span.range)));
        }
        let name = file.name().to_string();
        report.source = Some(SnippetSource { name, text: file.shared_text(), encoding });
        report
    }
}

impl fmt::Display for MietteReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MietteReport {}

impl miette::Diagnostic for MietteReport {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.header))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}

/// A file's text for miette, with snippet-header columns counted in the requested encoding
/// (miette's own text sources count bytes).
#[derive(Debug)]
struct SnippetSource {
    name: String,
    text: Arc<str>,
    encoding: PositionEncoding,
}

impl SourceCode for SnippetSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let bytes = self.text.as_bytes();
        let inner = bytes.read_span(span, context_lines_before, context_lines_after)?;
        let mut column = inner.column();
        // miette reads the column of a span's start with no context lines.
        if context_lines_before == 0 && span.offset() <= bytes.len() {
            let prefix = &bytes[..span.offset()];
            let line_start = prefix.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let prefix = &prefix[line_start..];
            let chars = prefix.iter().filter(|&&b| b & 0xC0 != 0x80).count();
            column = match self.encoding {
                PositionEncoding::Utf8 => prefix.len(),
                PositionEncoding::Utf16 => chars + prefix.iter().filter(|&&b| b >= 0xF0).count(),
                PositionEncoding::Utf32 => chars,
            };
        }
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

/// The largest char boundary of `text` at or before `offset` (clamped to the text).
fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The smallest char boundary of `text` at or after `offset` (clamped to the text).
fn ceil_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::render::fixture;

    fn human(diagnostics: &[Diagnostic]) -> String {
        let db = fixture::db();
        render(&db, diagnostics, &fixture::options())
    }

    #[test]
    fn shows_code_name_message_and_labels() {
        let out = human(&[fixture::unclosed()]);
        assert!(out.contains("error[K0104]: unclosed-delimiter"), "{out}");
        assert!(out.contains("× this block is never closed"), "{out}");
        assert!(out.contains("[app.kry:3:5]"), "{out}");
        assert!(out.contains("this `{` is never closed"), "{out}");
        assert!(out.contains("the file ends here"), "{out}");
        assert!(out.contains("note: blocks close with `}`"), "{out}");
        assert!(out.contains("help: add a `}`"), "{out}");
        assert!(out.contains("        or delete the `{`"), "{out}");
        assert!(out.ends_with("error: found 1 error\n"), "{out}");
        assert!(!out.contains('\u{1b}'), "colour off means no escapes: {out}");
    }

    #[test]
    fn labels_in_other_files_become_notes() {
        let out = human(&[fixture::include_cycle()]);
        assert!(out.contains("[theme.kry:1:1]"), "{out}");
        assert!(out.contains("note: app.kry:2:1: app.kry includes theme.kry here"), "{out}");
    }

    #[test]
    fn fixes_show_as_help_and_no_span_still_renders() {
        let out = human(&[fixture::legacy_template(), fixture::no_span()]);
        assert!(out.contains("help: fix: use `$count`"), "{out}");
        assert!(out.contains("error[K0002]: io-error"), "{out}");
        assert!(out.contains("could not read `missing.kry`"), "{out}");
        assert!(out.ends_with("error: found 1 error; 1 warning emitted\n"), "{out}");
    }

    #[test]
    fn colour_adds_escapes() {
        let db = fixture::db();
        let options = RenderOptions { color: true, ..fixture::options() };
        let out = render(&db, &[fixture::unclosed()], &options);
        assert!(out.contains('\u{1b}'), "{out}");
    }

    #[test]
    fn snippet_header_columns_follow_the_encoding() {
        let db = fixture::db();
        let header = |encoding| {
            let options = RenderOptions { encoding, ..fixture::options() };
            render(&db, &[fixture::unexpected_character()], &options)
        };
        assert!(header(PositionEncoding::Utf32).contains("[app.kry:5:34]"));
        assert!(header(PositionEncoding::Utf16).contains("[app.kry:5:35]"));
        assert!(header(PositionEncoding::Utf8).contains("[app.kry:5:37]"));
    }

    #[test]
    fn bad_spans_do_not_panic() {
        let out = human(&fixture::out_of_range());
        assert!(out.contains("past the end") && out.contains("unknown file"), "{out}");
        assert!(out.contains("inside a character"), "{out}");
        assert!(out.ends_with("error: found 4 errors\n"), "{out}");
        let narrow = RenderOptions { width: 0, ..fixture::options() };
        render(&fixture::db(), &fixture::all(), &narrow);
    }

    #[test]
    fn summary_wording() {
        let s = |errors, warnings| summary_line(Summary { errors, warnings });
        assert_eq!(s(0, 0), None);
        assert_eq!(human(&[]), "");
        assert_eq!(s(0, 1).unwrap(), "warning: 1 warning emitted");
        assert_eq!(s(2, 0).unwrap(), "error: found 2 errors");
        assert_eq!(s(1, 3).unwrap(), "error: found 1 error; 3 warnings emitted");
    }

    #[test]
    fn char_boundaries_are_safe() {
        let text = "a\u{e9}b";
        assert_eq!(floor_char_boundary(text, 2), 1);
        assert_eq!(ceil_char_boundary(text, 2), 3);
        assert_eq!(ceil_char_boundary(text, 99), 4);
    }
}
