//! Go to definition: of a style, a component, a variable, a handler function (its
//! `@function` name, or the definition inside `@script` code) and of an included or script
//! file (its start).

use lsp_types::{GotoDefinitionResponse, Location, Range};

use super::occurrences::{self, Kind};
use super::position::range;
use super::uri::from_path;
use super::FileAnalysis;
use crate::source::{FileSpan, PositionEncoding};

pub fn definition(
    analysis: &FileAnalysis,
    offset: usize,
    encoding: PositionEncoding,
) -> Option<GotoDefinitionResponse> {
    let all = occurrences::collect(analysis);
    let here = occurrences::at(&all, analysis.root(), offset)?;
    if here.kind == Kind::File {
        let target = here.target?;
        return Some(GotoDefinitionResponse::Scalar(Location {
            uri: from_path(&analysis.path_of(target)),
            range: Range::default(),
        }));
    }
    let targets: Vec<Location> = occurrences::same(&all, here)
        .into_iter()
        .filter(|o| o.definition)
        .map(|o| location(analysis, o.span, encoding))
        .collect();
    match targets.len() {
        0 => None,
        1 => Some(GotoDefinitionResponse::Scalar(targets.into_iter().next()?)),
        _ => Some(GotoDefinitionResponse::Array(targets)),
    }
}

pub(crate) fn location(
    analysis: &FileAnalysis,
    span: FileSpan,
    encoding: PositionEncoding,
) -> Location {
    Location {
        uri: from_path(&analysis.path_of(span.file)),
        range: range(analysis.source(span.file), span.range, encoding),
    }
}
