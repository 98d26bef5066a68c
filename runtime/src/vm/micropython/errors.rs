//! MicroPython's exceptions as [`ScriptError`]s: the type and message the prelude reports,
//! and the traceback `sys.print_exception` wrote, with every frame of a loaded chunk written
//! as its `.kry` file and line and the innermost such frame as the error's position.

use std::time::Duration;

use crate::error::{ScriptError, ScriptErrorKind};
use crate::vm::budget::{self, Budget};
use crate::vm::ChunkMap;

use super::dom::LANGUAGE;

/// The chunk name MicroPython gives the prelude.
const PRELUDE_CHUNK: &str = "<stdin>";

/// What the prelude reported about an exception.
pub(super) struct Raised<'a> {
    pub type_name: &'a str,
    pub message: &'a str,
    pub traceback: &'a str,
}

/// The limits a budget error names.
pub(super) struct Limits {
    pub time: Option<Duration>,
    pub memory: usize,
}

/// A [`ScriptError`] for an exception `function` raised. `budget` is the budget the host saw
/// run out during the call (the interrupt it scheduled, a refused heap growth); a recursion
/// error is the stack budget.
pub(super) fn from_raised(
    raised: &Raised<'_>,
    function: &str,
    chunks: &ChunkMap,
    budget: Option<Budget>,
    limits: &Limits,
) -> ScriptError {
    let kind = if raised.type_name == "SyntaxError" || raised.type_name == "IndentationError" {
        ScriptErrorKind::Syntax
    } else {
        ScriptErrorKind::Runtime
    };
    let text = if raised.message.is_empty() {
        raised.type_name.to_string()
    } else {
        format!("{}: {}", raised.type_name, raised.message)
    };
    let mut error = ScriptError::new(kind, Some(LANGUAGE), function, text);
    let (traceback, innermost) = map_traceback(raised.traceback, chunks);
    if let Some((file, line)) = innermost {
        error.kry_file = Some(file.into());
        error.kry_line = Some(line);
    }
    if !traceback.trim().is_empty() {
        error.traceback = Some(traceback.trim_end().into());
    }
    let too_deep = raised.type_name == "RuntimeError"
        && (raised.message.contains("maximum recursion depth")
            || raised.message.contains("pystack"));
    let budget = match (budget, raised.type_name) {
        (Some(Budget::Time), "KeyboardInterrupt") => Some(Budget::Time),
        (Some(Budget::Memory), _) | (_, "MemoryError") => Some(Budget::Memory),
        _ if too_deep => Some(Budget::Stack),
        _ => None,
    };
    match budget {
        Some(b) => budget::into_budget_error(error, b, limits.time, limits.memory, chunks),
        None => error,
    }
}

/// The traceback with each `File "chunk", line N` of a loaded chunk as its `.kry` position,
/// and the innermost such position.
fn map_traceback(traceback: &str, chunks: &ChunkMap) -> (String, Option<(String, u32)>) {
    let mut out = String::with_capacity(traceback.len());
    let mut innermost = None;
    for line in traceback.split_inclusive('\n') {
        // The prelude's own frames (its entry runs every request) are not the script's.
        if frame(line).is_some_and(|(chunk, ..)| chunk == PRELUDE_CHUNK) {
            continue;
        }
        match frame(line).and_then(|(chunk, n, rest)| Some((chunks.locate(chunk, n)?, rest))) {
            Some(((file, kry_line), rest)) => {
                out.push_str(&format!("  File \"{file}\", line {kry_line}{rest}"));
                innermost = Some((file, kry_line));
            }
            None => out.push_str(line),
        }
    }
    (out, innermost)
}

/// `  File "chunk", line 3, in f` as (chunk, 3, ", in f\n").
fn frame(line: &str) -> Option<(&str, u32, &str)> {
    let rest = line.trim_start().strip_prefix("File \"")?;
    let (chunk, rest) = rest.split_once("\", line ")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let n = rest[..digits].parse().ok()?;
    Some((chunk, n, &rest[digits..]))
}

/// The error of a call the host had to abandon (MicroPython could not be stopped from inside,
/// or failed): the VM is replaced.
pub(super) fn abandoned(
    function: &str,
    budget: Option<Budget>,
    why: &str,
    limits: &Limits,
) -> ScriptError {
    let cause = match budget {
        Some(Budget::Time) => format!(
            "the call ran past its time limit ({}) inside MicroPython's C code, where it \
             cannot be interrupted",
            limits.time.map_or_else(|| "none".to_string(), |t| format!("{} ms", t.as_millis()))
        ),
        Some(Budget::Stack) => "the call nested deeper than the host allows".to_string(),
        Some(Budget::Memory) => "the VM ran out of memory inside MicroPython's C code".to_string(),
        None => format!("MicroPython failed: {why}"),
    };
    ScriptError::new(
        ScriptErrorKind::VmFailure,
        Some(LANGUAGE),
        function,
        format!(
            "{cause}; the micropython VM was restarted with its scripts and the shared variables"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_parsed() {
        assert_eq!(frame("  File \"inc\", line 3, in inc\n"), Some(("inc", 3, ", in inc\n")));
        assert_eq!(frame("  File \"<stdin>\", line 12\n"), Some(("<stdin>", 12, "\n")));
        assert_eq!(frame("ZeroDivisionError: divide by zero"), None);
    }
}
