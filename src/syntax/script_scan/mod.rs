//! TEMPORARY naive scanner (replaced by merge).
use crate::languages::ScriptLanguage;
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanErrorKind {
    UnclosedBody,
}
impl ScanErrorKind {
    pub fn describe(&self) -> &'static str {
        "body"
    }
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScanError {
    pub kind: ScanErrorKind,
    pub at: usize,
}
pub fn find_body_end(_l: ScriptLanguage, text: &str, start: usize) -> Result<usize, ScanError> {
    let mut depth = 0i32;
    for (i, b) in text.as_bytes()[start..].iter().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => {
                if depth == 0 {
                    return Ok(start + i);
                }
                depth -= 1
            }
            _ => {}
        }
    }
    Err(ScanError { kind: ScanErrorKind::UnclosedBody, at: start })
}
