//! `$name` written inside a script body for a shared variable, as some 2025 apps did
//! (`$is_open = not $is_open`): the 2025 compiler turned it into the variable itself. kryc
//! does the same, with a warning (K0370) whose fix removes the `$`. The name moves onto the
//! `$` and spaces fill the rest (`$count` → `count `, `${count}` → `count   `), so the body
//! keeps its length, its lines and its indentation (which Python needs).

use crate::languages::ScriptLanguage;
use crate::syntax::script_scan::code_dollars;

/// One `$name` or `${name}` in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DollarRef {
    /// Offset of the `$` in the body.
    pub at: usize,
    /// Offset just after the reference (after the name, or after `}`).
    pub end: usize,
    pub name: String,
    /// Whether it was written `${name}`.
    pub braced: bool,
}

/// The shared-variable references written with `$` in the code of a body (not in its strings
/// or comments), for the names `is_shared` accepts.
pub fn find(
    language: ScriptLanguage,
    body: &str,
    is_shared: impl Fn(&str) -> bool,
) -> Vec<DollarRef> {
    let bytes = body.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    code_dollars(language, body)
        .into_iter()
        .filter_map(|at| {
            let braced = bytes.get(at + 1) == Some(&b'{');
            let start = at + 1 + usize::from(braced);
            let len = bytes[start.min(bytes.len())..].iter().take_while(|&&b| ident(b)).count();
            let name = body.get(start..start + len)?;
            let mut end = start + len;
            if braced {
                if bytes.get(end) != Some(&b'}') {
                    return None;
                }
                end += 1;
            }
            (!name.is_empty() && is_shared(name)).then(|| DollarRef {
                at,
                end,
                name: name.to_string(),
                braced,
            })
        })
        .collect()
}

/// The body with each reference written as its plain name, padded with spaces to the same
/// length.
pub fn rewrite(body: &str, refs: &[DollarRef]) -> String {
    let mut out = body.as_bytes().to_vec();
    for r in refs {
        let name = r.name.as_bytes();
        out[r.at..r.at + name.len()].copy_from_slice(name);
        out[r.at + name.len()..r.end].fill(b' ');
    }
    // Only ASCII bytes were replaced by ASCII spaces.
    String::from_utf8(out).unwrap_or_else(|_| body.to_string())
}

/// [`find`] then [`rewrite`]: the body the VM runs, and the references.
pub fn strip(
    language: ScriptLanguage,
    body: &str,
    is_shared: impl Fn(&str) -> bool,
) -> (std::borrow::Cow<'_, str>, Vec<DollarRef>) {
    if !body.contains('$') {
        return (std::borrow::Cow::Borrowed(body), Vec::new());
    }
    let refs = find(language, body, is_shared);
    if refs.is_empty() {
        return (std::borrow::Cow::Borrowed(body), refs);
    }
    (std::borrow::Cow::Owned(rewrite(body, &refs)), refs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared(name: &str) -> bool {
        matches!(name, "open" | "count")
    }

    #[test]
    fn dollars_in_code_become_spaces() {
        let body = "$open = not $open -- $count in a comment\nprint(\"$count\", ${count})";
        let (code, refs) = strip(ScriptLanguage::Lua, body, shared);
        assert_eq!(code, "open  = not open  -- $count in a comment\nprint(\"$count\", count   )");
        assert_eq!(refs.len(), 3);
        assert_eq!(code.len(), body.len());
    }

    #[test]
    fn only_shared_names_and_whole_words() {
        let (code, refs) = strip(ScriptLanguage::JavaScript, "$count + $other + a$count", shared);
        assert_eq!(code, "count  + $other + a$count");
        assert_eq!(refs.len(), 1);
        let (_, refs) = strip(ScriptLanguage::Python, "x = '$open'  # $open", shared);
        assert!(refs.is_empty());
    }
}
