//! String literals: escapes and interpolation (`$name`, `${name}`, legacy `{{name}}`).

use super::ast::{StringLit, StringPart};
use crate::diagnostics::{Applicability, Code, Diagnostic, Edit, Fix};
use crate::source::{FileId, FileSpan, TextRange};

/// Processes the raw text of a string token (quotes included; the closing quote may be missing
/// when the lexer already reported an unterminated string). `start` is the token's offset.
pub fn parse_string(
    file: FileId,
    raw: &str,
    start: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> StringLit {
    let range = TextRange::new(start, start + raw.len());
    let inner_end = if raw.len() >= 2 && raw.ends_with('"') { raw.len() - 1 } else { raw.len() };
    let inner = raw.get(1..inner_end).unwrap_or("");
    let base = start + 1;
    let bytes = inner.as_bytes();
    if !bytes.iter().any(|&b| matches!(b, b'\\' | b'$' | b'{')) {
        // Fast path: nothing to unescape or interpolate.
        return StringLit { value: inner.to_string(), parts: Vec::new(), range };
    }

    let mut value = String::with_capacity(inner.len());
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'\\' => {
                let next = inner[i + 1..].chars().next();
                let replacement = match next {
                    Some('n') => Some('\n'),
                    Some('t') => Some('\t'),
                    Some('r') => Some('\r'),
                    Some('\\') => Some('\\'),
                    Some('"') => Some('"'),
                    Some('\'') => Some('\''),
                    Some('$') => Some('$'),
                    _ => None,
                };
                let len = 1 + next.map_or(0, char::len_utf8);
                match replacement {
                    Some(r) => {
                        value.push(r);
                        text.push(r);
                    }
                    None => {
                        let shown = &inner[i..i + len];
                        diagnostics.push(
                            Diagnostic::new(Code::InvalidEscape, format!("unknown escape `{shown}`"))
                                .at(file, TextRange::new(base + i, base + i + len))
                                .with_primary_label("not an escape")
                                .with_help("the escapes are \\n \\t \\r \\\\ \\\" \\' and \\$; write `\\\\` for a backslash")
                                .with_fix(Fix {
                                    message: "escape the backslash".into(),
                                    applicability: Applicability::MaybeIncorrect,
                                    edits: vec![Edit {
                                        span: FileSpan::new(file, TextRange::new(base + i, base + i + 1)),
                                        replacement: "\\\\".into(),
                                    }],
                                }),
                        );
                        value.push_str(shown);
                        text.push_str(shown);
                    }
                }
                i += len;
            }
            b'$' => {
                let after = &inner[i + 1..];
                if let Some(rest) = after.strip_prefix('{') {
                    let Some(close) = rest.find('}') else {
                        diagnostics.push(
                            Diagnostic::new(Code::InvalidInterpolation, "`${` is never closed")
                                .at(file, TextRange::new(base + i, base + i + 2))
                                .with_help("write `${name}`, or `\\$` for a literal dollar sign"),
                        );
                        value.push_str(&inner[i..]);
                        text.push_str(&inner[i..]);
                        break;
                    };
                    let name = rest[..close].trim();
                    let end = i + 2 + close + 1;
                    let part_range = TextRange::new(base + i, base + end);
                    if is_var_path(name) {
                        flush(&mut text, &mut parts);
                        parts.push(StringPart::Var {
                            name: name.into(),
                            braced: true,
                            range: part_range,
                        });
                    } else {
                        diagnostics.push(
                            Diagnostic::new(
                                Code::InvalidInterpolation,
                                if name.is_empty() {
                                    "empty `${}` in a string".to_string()
                                } else {
                                    format!("`{name}` is not a variable name")
                                },
                            )
                            .at(file, part_range)
                            .with_help("`${...}` holds one variable name, like `${count}`; write `\\$` for a literal dollar sign"),
                        );
                    }
                    value.push_str(&inner[i..end]);
                    i = end;
                } else {
                    let len = var_path_len(after);
                    if len == 0 {
                        value.push('$');
                        text.push('$');
                        i += 1;
                    } else {
                        let end = i + 1 + len;
                        flush(&mut text, &mut parts);
                        parts.push(StringPart::Var {
                            name: after[..len].into(),
                            braced: false,
                            range: TextRange::new(base + i, base + end),
                        });
                        value.push_str(&inner[i..end]);
                        i = end;
                    }
                }
            }
            b'{' if inner[i..].starts_with("{{") => {
                let rest = &inner[i + 2..];
                match rest.find("}}") {
                    Some(close) if is_var_path(rest[..close].trim()) => {
                        let name = rest[..close].trim();
                        let end = i + 2 + close + 2;
                        let part_range = TextRange::new(base + i, base + end);
                        let follows_ident = inner[end..]
                            .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
                        let replacement =
                            if follows_ident { format!("${{{name}}}") } else { format!("${name}") };
                        diagnostics.push(
                            Diagnostic::new(
                                Code::LegacyTemplate,
                                format!("`{{{{{name}}}}}` is a deprecated template"),
                            )
                            .at(file, part_range)
                            .with_primary_label("legacy template syntax")
                            .with_help(format!("write `{replacement}` instead"))
                            .with_fix(Fix {
                                message: format!("replace with `{replacement}`"),
                                applicability: Applicability::MachineApplicable,
                                edits: vec![Edit {
                                    span: FileSpan::new(file, part_range),
                                    replacement,
                                }],
                            }),
                        );
                        flush(&mut text, &mut parts);
                        parts.push(StringPart::Legacy { name: name.into(), range: part_range });
                        value.push_str(&inner[i..end]);
                        i = end;
                    }
                    _ => {
                        value.push_str("{{");
                        text.push_str("{{");
                        i += 2;
                    }
                }
            }
            _ => {
                let ch_len = inner[i..].chars().next().map_or(1, char::len_utf8);
                value.push_str(&inner[i..i + ch_len]);
                text.push_str(&inner[i..i + ch_len]);
                i += ch_len;
            }
        }
    }
    if parts.is_empty() {
        // A plain string: `value` says it all.
        return StringLit { value, parts, range };
    }
    flush(&mut text, &mut parts);
    StringLit { value, parts, range }
}

fn flush(text: &mut String, parts: &mut Vec<StringPart>) {
    if !text.is_empty() {
        parts.push(StringPart::Text(std::mem::take(text)));
    }
}

/// Length of a variable path (`name`, `item.title`) at the start of `s`, 0 if none.
fn var_path_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    loop {
        if i >= b.len() || !(b[i].is_ascii_alphabetic() || b[i] == b'_') {
            return if i == 0 { 0 } else { i - 1 };
        }
        i += 1;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
            i += 1;
        }
        if i + 1 < b.len() && b[i] == b'.' && (b[i + 1].is_ascii_alphabetic() || b[i + 1] == b'_') {
            i += 1;
        } else {
            return i;
        }
    }
}

pub(crate) fn is_var_path(s: &str) -> bool {
    !s.is_empty() && var_path_len(s) == s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> (StringLit, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let s = parse_string(FileId(0), raw, 0, &mut d);
        (s, d)
    }

    #[test]
    fn escapes() {
        let (s, d) = parse(r#""a\n\t\"\\\$x""#);
        assert_eq!(s.value, "a\n\t\"\\$x");
        assert!(d.is_empty());
        assert!(!s.is_interpolated());
        let (_, d) = parse(r#""a\qb""#);
        assert_eq!(d[0].code, Code::InvalidEscape);
        assert_eq!(d[0].span.unwrap().range, TextRange::new(2, 4));
    }

    #[test]
    fn interpolation() {
        let (s, d) = parse(r#""Count: $counter! ${a.b}x $5""#);
        assert!(d.is_empty());
        assert_eq!(
            s.parts,
            vec![
                StringPart::Text("Count: ".into()),
                StringPart::Var {
                    name: "counter".into(),
                    braced: false,
                    range: TextRange::new(8, 16)
                },
                StringPart::Text("! ".into()),
                StringPart::Var { name: "a.b".into(), braced: true, range: TextRange::new(18, 24) },
                StringPart::Text("x $5".into()),
            ]
        );
    }

    #[test]
    fn legacy_templates_warn_with_a_fix() {
        let (s, d) = parse(r#""Count: {{counter_value}}""#);
        assert_eq!(
            s.parts[1],
            StringPart::Legacy { name: "counter_value".into(), range: TextRange::new(8, 25) }
        );
        assert_eq!(d[0].code, Code::LegacyTemplate);
        assert_eq!(d[0].fixes[0].edits[0].replacement, "$counter_value");
    }

    #[test]
    fn bad_interpolations() {
        assert_eq!(parse(r#""${}""#).1[0].code, Code::InvalidInterpolation);
        assert_eq!(parse(r#""${a""#).1[0].code, Code::InvalidInterpolation);
        assert_eq!(parse(r#""${a b}""#).1[0].code, Code::InvalidInterpolation);
    }
}

/// A piece of a string literal that holds `${expression}`s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Text (with escapes and `$name` references still to process), at this byte offset.
    Text(&'a str, usize),
    /// The inside of a `${...}` that is not a variable name, at this byte offset.
    Expression(&'a str, usize),
}

/// Splits a string token (quotes included, at byte `start`) at its `${expression}`s: the
/// 2025 template form `"Checkbox: ${checked ? 'on' : 'off'}"`. `None` when it has none (a
/// `${name}` is a plain reference and stays in the string).
pub fn expression_segments(raw: &str, start: usize) -> Option<Vec<Segment<'_>>> {
    if !raw.contains("${") {
        return None;
    }
    let inner_end = if raw.len() >= 2 && raw.ends_with('"') { raw.len() - 1 } else { raw.len() };
    let inner = raw.get(1..inner_end)?;
    let base = start + 1;
    let bytes = inner.as_bytes();
    let mut segments = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                let Some(close) = expression_end(&bytes[i + 2..]).map(|c| i + 2 + c) else {
                    break;
                };
                let content = &inner[i + 2..close];
                // A name is a plain reference; an empty `${}` is reported by `parse_string`.
                if is_var_path(content.trim()) || content.trim().is_empty() {
                    i = close + 1;
                    continue;
                }
                if text_start < i {
                    segments.push(Segment::Text(&inner[text_start..i], base + text_start));
                }
                segments.push(Segment::Expression(content, base + i + 2));
                i = close + 1;
                text_start = i;
            }
            _ => i += 1,
        }
    }
    if !segments.iter().any(|s| matches!(s, Segment::Expression(..))) {
        return None;
    }
    if text_start < inner.len() {
        segments.push(Segment::Text(&inner[text_start..], base + text_start));
    }
    Some(segments)
}

/// The offset of the `}` closing a `${`, skipping nested braces and quoted strings.
fn expression_end(bytes: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'\'' | b'"') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' => depth += 1,
            b'}' if depth == 0 => return Some(i),
            b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    None
}
