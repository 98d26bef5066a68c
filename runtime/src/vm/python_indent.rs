//! Python indentation for code cut out of a `.kry` file: a function body goes under a
//! `def` line, a module is dedented. Lines are kept one for one, so a line number in the
//! wrapped code maps straight back to the payload.

/// The indentation added under `def`.
const INDENT: &str = "    ";

/// The longest run of whitespace every line with code starts with.
fn common_indent(code: &str) -> &str {
    let mut common: Option<&str> = None;
    for line in code.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let ws = &line[..line.len() - line.trim_start().len()];
        common = Some(match common {
            None => ws,
            Some(c) => {
                let n = c.bytes().zip(ws.bytes()).take_while(|(a, b)| a == b).count();
                &c[..n]
            }
        });
    }
    common.unwrap_or("")
}

/// A function body ready to follow `def f():`. A body already indented keeps its own
/// indentation (tabs stay tabs); one written at column 0 is indented by four spaces. A body
/// without code gets `pass`.
pub fn under_def(body: &str) -> String {
    let indent = if common_indent(body).is_empty() { INDENT } else { "" };
    let mut out = String::with_capacity(body.len() + 16);
    let mut has_code = false;
    for line in body.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            out.push('\n');
            continue;
        }
        has_code |= !line.trim_start().starts_with('#');
        out.push_str(indent);
        out.push_str(line);
        out.push('\n');
    }
    if !has_code {
        out.push_str(INDENT);
        out.push_str("pass\n");
    }
    out
}

/// Module code with the indentation every line shares removed.
pub fn dedent(code: &str) -> String {
    let common = common_indent(code).len();
    let mut out = String::with_capacity(code.len());
    for line in code.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            out.push('\n');
        } else {
            out.push_str(line.get(common..).unwrap_or(line));
            out.push('\n');
        }
    }
    out
}

/// A script's code as the VM runs it, and how many lines the wrapping adds above the payload:
/// a function body under its `def` line, a module dedented.
pub fn wrap(script: &super::ScriptSource<'_>) -> (String, u32) {
    match script.kind {
        super::ScriptKind::Function { name, params } => {
            let header = format!("def {name}({}):\n", params.join(", "));
            (header + &under_def(script.code), 1)
        }
        super::ScriptKind::Module { .. } => (dedent(script.code), 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_go_under_def() {
        assert_eq!(
            under_def("\n    global counter\n    counter = 0\n"),
            "\n    global counter\n    counter = 0\n\n"
        );
        assert_eq!(under_def("x = 1\nif x:\n    y = 2"), "    x = 1\n    if x:\n        y = 2\n");
        assert_eq!(under_def(" x = 1 "), " x = 1 \n");
        assert_eq!(under_def("# nothing\n"), "    # nothing\n\n    pass\n");
    }

    #[test]
    fn modules_are_dedented() {
        assert_eq!(dedent("\n    def f():\n        return 1\n"), "\ndef f():\n    return 1\n\n");
    }
}
