//! The formatter's safety check: the formatted text parses without errors to the same syntax
//! tree as the original (every node, value, name and script body; positions aside) and has
//! the same comments in the same order.

use crate::diagnostics::Severity;
use crate::source::{FileId, SourceFile, TextRange};
use crate::syntax::ast::Module;
use crate::syntax::{lexer, parse_file};

pub(super) fn same_meaning(
    file: FileId,
    original: &SourceFile,
    module: &Module,
    comments: &[TextRange],
    formatted: &str,
) -> Result<(), String> {
    let source = SourceFile::new(original.name(), formatted);
    let parsed = parse_file(file, &source);
    if let Some(d) = parsed.diagnostics.iter().find(|d| d.severity == Severity::Error) {
        return Err(format!("the formatted text does not parse: {}", d.message));
    }
    if without_positions(&format!("{module:?}"))
        != without_positions(&format!("{:?}", parsed.module))
    {
        return Err("the formatted text parses to a different syntax tree".to_string());
    }
    let before = comments.iter().map(|c| original.text()[c.as_range()].trim_end());
    let lexed = lexer::lex(file, formatted);
    let after = lexed.comments.iter().map(|c| formatted[c.as_range()].trim_end());
    if !before.eq(after) {
        return Err("the formatted text does not keep every comment in place".to_string());
    }
    Ok(())
}

/// The `Debug` text of a tree with every byte range (`12..30`) taken out; string literals
/// (in quotes, with escapes) are kept as they are.
fn without_positions(debug: &str) -> String {
    let bytes = debug.as_bytes();
    let mut out = String::with_capacity(debug.len());
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'0'..=b'9' if i == 0 || !bytes[i - 1].is_ascii_alphanumeric() => {
                let start = i;
                let digits = |mut j: usize| {
                    while j < bytes.len() && bytes[j].is_ascii_digit() {
                        j += 1;
                    }
                    j
                };
                let a = digits(i);
                if bytes.get(a..a + 2) == Some(b"..") {
                    let b = digits(a + 2);
                    if b > a + 2 {
                        out.push_str(&debug[copied..start]);
                        copied = b;
                        i = b;
                        continue;
                    }
                }
                i = a;
            }
            _ => i += 1,
        }
    }
    out.push_str(&debug[copied.min(debug.len())..]);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn positions_are_erased_outside_strings() {
        assert_eq!(
            super::without_positions(r#"Name { text: "a 1..2 \" 3..4", range: 10..20 }"#),
            r#"Name { text: "a 1..2 \" 3..4", range:  }"#
        );
    }
}
