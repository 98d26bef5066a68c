//! Code actions: the fixes of the diagnostics at the requested range, as quick fixes (the
//! machine-applicable one preferred).

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, Uri, WorkspaceEdit,
};

use super::diagnostics::to_lsp;
use super::position::range;
use super::uri::from_path;
use super::FileAnalysis;
use crate::diagnostics::Applicability;
use crate::source::PositionEncoding;

pub fn code_actions(
    analysis: &FileAnalysis,
    requested: Range,
    encoding: PositionEncoding,
) -> Vec<CodeActionOrCommand> {
    let root = analysis.root();
    let source = analysis.source(root);
    let mut out = Vec::new();
    for d in &analysis.checked.diagnostics {
        let Some(span) = d.span.filter(|s| s.file == root) else { continue };
        let at = range(source, span.range, encoding);
        let overlaps = at.start <= requested.end && requested.start <= at.end;
        if !overlaps {
            continue;
        }
        for fix in &d.fixes {
            // LSP's `WorkspaceEdit` is keyed by `Uri`, whose parsed form clippy sees as mutable.
            #[allow(clippy::mutable_key_type)]
            let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
            for edit in &fix.edits {
                changes.entry(from_path(&analysis.path_of(edit.span.file))).or_default().push(
                    TextEdit {
                        range: range(analysis.source(edit.span.file), edit.span.range, encoding),
                        new_text: edit.replacement.clone(),
                    },
                );
            }
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.message.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![to_lsp(analysis, d, encoding)]),
                edit: Some(WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() }),
                is_preferred: Some(fix.applicability == Applicability::MachineApplicable),
                ..CodeAction::default()
            }));
        }
    }
    out
}
