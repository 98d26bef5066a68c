//! Rename a variable (its declaration, every `$name` and every script's use of it), a style
//! (its definition and every `style:`, `class:` and `extends:` naming it) or a component
//! (its `Define` and every element of that name).

use std::collections::HashMap;

use lsp_types::{PrepareRenameResponse, TextEdit, Uri, WorkspaceEdit};

use super::occurrences::{self, Kind, Occurrence};
use super::position::range;
use super::uri::from_path;
use super::FileAnalysis;
use crate::source::PositionEncoding;

fn renamable(all: &[Occurrence], analysis: &FileAnalysis, offset: usize) -> Option<Occurrence> {
    let here = occurrences::at(all, analysis.root(), offset)?;
    let kind_ok = matches!(here.kind, Kind::Variable | Kind::Style | Kind::Component);
    // Only names the program defines can be renamed (not an unknown variable or a built-in).
    let defined = occurrences::same(all, here).iter().any(|o| o.definition);
    (kind_ok && defined).then(|| here.clone())
}

pub fn prepare(
    analysis: &FileAnalysis,
    offset: usize,
    encoding: PositionEncoding,
) -> Option<PrepareRenameResponse> {
    let all = occurrences::collect(analysis);
    let here = renamable(&all, analysis, offset)?;
    Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: range(analysis.source(here.span.file), here.span.range, encoding),
        placeholder: here.name.to_string(),
    })
}

/// The edits of a rename, or why it cannot be done.
pub fn rename(
    analysis: &FileAnalysis,
    offset: usize,
    new_name: &str,
    encoding: PositionEncoding,
) -> Result<WorkspaceEdit, String> {
    let all = occurrences::collect(analysis);
    let Some(here) = renamable(&all, analysis, offset) else {
        return Err("only variables, styles and components defined in this program can be renamed"
            .to_string());
    };
    let valid = match here.kind {
        Kind::Style => {
            !new_name.is_empty()
                && !new_name.chars().any(|c| c.is_whitespace() || matches!(c, '"' | '\\' | '$'))
        }
        _ => {
            new_name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && new_name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
    };
    if !valid {
        return Err(format!("`{new_name}` is not a valid name here"));
    }
    // LSP's `WorkspaceEdit` is keyed by `Uri`, whose parsed form clippy sees as mutable.
    #[allow(clippy::mutable_key_type)]
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for o in occurrences::same(&all, &here) {
        changes.entry(from_path(&analysis.path_of(o.span.file))).or_default().push(TextEdit {
            range: range(analysis.source(o.span.file), o.span.range, encoding),
            new_text: new_name.to_string(),
        });
    }
    Ok(WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() })
}
