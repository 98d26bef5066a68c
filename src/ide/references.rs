//! Find references: every place the program names the style, component, variable, function
//! or file under the cursor (scripts' reads and writes of a shared variable included).

use lsp_types::Location;

use super::goto::location;
use super::occurrences;
use super::FileAnalysis;
use crate::source::PositionEncoding;

pub fn references(
    analysis: &FileAnalysis,
    offset: usize,
    include_declaration: bool,
    encoding: PositionEncoding,
) -> Option<Vec<Location>> {
    let all = occurrences::collect(analysis);
    let here = occurrences::at(&all, analysis.root(), offset)?;
    Some(
        occurrences::same(&all, here)
            .into_iter()
            .filter(|o| include_declaration || !o.definition)
            .map(|o| location(analysis, o.span, encoding))
            .collect(),
    )
}
