//! Python 3 through rustpython-parser (also for MicroPython, whose grammar is Python's). A
//! function body is dedented and re-indented under `def f(params):`; a module is dedented;
//! positions are mapped back line by line.

use rustpython_parser::{parse, Mode};

use super::{params, widen, BodyKind, Definition, Facts, ScriptError};

/// The indentation added under `def`.
const INDENT: &str = "    ";

/// A dedented (and maybe re-indented) body with a map from its lines to the original ones.
struct Reindented {
    text: String,
    /// Per line of `text` after the header: (start in `text`, start of the line's content in
    /// the body, bytes added before it).
    lines: Vec<(usize, usize, usize)>,
    header: usize,
}

/// Under a header (`def`), a body that is already indented keeps its own indentation (so tabs
/// stay tabs); one written at column 0 is indented by `indent`. Without a header (a module),
/// the common indentation is removed.
fn reindent(body: &str, header: &str, indent: &str) -> Reindented {
    let lines: Vec<(usize, &str)> = body
        .split_inclusive('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line))
        })
        .collect();
    // The longest whitespace prefix shared by every line with code.
    let mut common: Option<&str> = None;
    for (_, line) in &lines {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            continue;
        }
        let ws = &content[..content.len() - content.trim_start().len()];
        common = Some(match common {
            None => ws,
            Some(c) => {
                let n = c.bytes().zip(ws.bytes()).take_while(|(a, b)| a == b).count();
                &c[..n]
            }
        });
    }
    let mut common = common.unwrap_or("").len();
    let mut indent = indent;
    if !header.is_empty() && common > 0 {
        common = 0;
        indent = "";
    }
    let mut text = String::from(header);
    let mut map = Vec::new();
    let mut has_code = false;
    for (start, line) in &lines {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            map.push((text.len(), start + content.len(), 0));
            text.push_str(&line[content.len()..]);
            if !line.ends_with('\n') {
                text.push('\n');
            }
            continue;
        }
        has_code |= !content.trim_start().starts_with('#');
        map.push((text.len(), start + common, indent.len()));
        text.push_str(indent);
        text.push_str(&line[common..]);
        if !line.ends_with('\n') {
            text.push('\n');
        }
    }
    if !has_code && !header.is_empty() {
        map.push((text.len(), body.len(), INDENT.len()));
        text.push_str(INDENT);
        text.push_str("pass\n");
    }
    Reindented { text, lines: map, header: header.len() }
}

impl Reindented {
    fn map(&self, offset: usize, body_len: usize) -> usize {
        if offset < self.header {
            return 0;
        }
        let i = self.lines.partition_point(|(start, _, _)| *start <= offset);
        let Some(&(start, original, added)) = i.checked_sub(1).and_then(|i| self.lines.get(i))
        else {
            return 0;
        };
        (original + (offset - start).saturating_sub(added)).min(body_len)
    }
}

pub fn check(kind: BodyKind<'_>, body: &str) -> Vec<ScriptError> {
    analyze(kind, body, false).errors
}

/// The body's syntax errors and, when it parses, the globals it uses. With `micropython`,
/// what MicroPython rejects is an error too, and imports of modules it lacks are warnings.
pub fn analyze(kind: BodyKind<'_>, body: &str, micropython: bool) -> Facts {
    let re = match kind {
        BodyKind::Function { .. } => reindent(body, &format!("def f({}):\n", params(kind)), INDENT),
        BodyKind::Module => reindent(body, "", ""),
        BodyKind::Expression => reindent(body, "f = (\n", INDENT),
    };
    let text = if matches!(kind, BodyKind::Expression) {
        format!("{})\n", re.text)
    } else {
        re.text.clone()
    };
    match parse(&text, Mode::Module, "<kry>") {
        Ok(rustpython_parser::ast::Mod::Module(m)) => {
            let mut facts = Facts::default();
            if micropython {
                for found in super::micropython::check(m.body.clone()) {
                    let start = re.map(found.start, body.len());
                    // The statement's first line.
                    let line_end = body[start..].find('\n').map_or(body.len(), |i| start + i);
                    let end = re.map(found.end, body.len()).min(line_end);
                    let error = widen(body, start, end, found.message);
                    if found.is_error {
                        facts.errors.push(error);
                    } else {
                        facts.warnings.push(error);
                    }
                }
            }
            let module = matches!(kind, BodyKind::Module);
            let mut usage = super::usage::python::usage(m.body, module);
            usage.map(|o| re.map(o, body.len()));
            if facts.errors.is_empty() {
                facts.usage = Some(usage);
            }
            facts
        }
        Ok(_) => Facts::default(),
        Err(e) => {
            let offset = re.map(u32::from(e.offset) as usize, body.len());
            let error = widen(body, offset, offset, e.error.to_string());
            Facts { errors: vec![error], ..Facts::default() }
        }
    }
}

/// Top-level `def name(...)`, the code dedented first.
pub fn definitions(code: &str) -> Vec<Definition> {
    use rustpython_parser::ast::{Arguments, Mod, Ranged, Stmt};
    let re = reindent(code, "", "");
    let Ok(Mod::Module(module)) = parse(&re.text, Mode::Module, "<kry>") else {
        return Vec::new();
    };
    let params = |a: &Arguments| {
        let mut out: Vec<String> =
            a.posonlyargs.iter().chain(&a.args).map(|p| p.def.arg.to_string()).collect();
        out.extend(a.vararg.iter().map(|v| format!("*{}", v.arg)));
        out.extend(a.kwonlyargs.iter().map(|p| p.def.arg.to_string()));
        out.extend(a.kwarg.iter().map(|v| format!("**{}", v.arg)));
        out
    };
    module
        .body
        .iter()
        .filter_map(|s| {
            let (name, args) = match s {
                Stmt::FunctionDef(f) => (f.name.to_string(), &f.args),
                Stmt::AsyncFunctionDef(f) => (f.name.to_string(), &f.args),
                _ => return None,
            };
            let offset = re.map(u32::from(s.range().start()) as usize, code.len());
            Some(Definition { name, params: params(args), offset })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: BodyKind<'static> = BodyKind::Function { params: &["a", "b"] };

    #[test]
    fn valid_python() {
        for body in [
            "\n    global counter\n    counter = 0\n",
            "\n        x = [i * 2 for i in range(a)]\n        if x:\n            return {k: v for k, v in zip(x, x)}\n",
            "\n\tif a:\n\t\treturn f\"{a!r:>10}\"\n",
            "",
            "\n    # only a comment\n",
            " return a + b ",
        ] {
            assert_eq!(check(F, body), vec![], "{body:?}");
        }
        assert_eq!(
            check(BodyKind::Module, "\n    x = 1\n    def g():\n        return x\n"),
            vec![]
        );
        let defs = definitions(
            "\n    def a():\n        pass\n    x = 1\n    def b(y, *r, **k):\n        return y\n",
        );
        let names: Vec<&str> = defs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, vec!["a", "b"]);
        assert_eq!(defs[1].params, vec!["y", "*r", "**k"]);
        assert_eq!(defs[0].offset, 5, "at `def`");
    }

    #[test]
    fn errors_point_into_the_body() {
        let body = "\n    x = (1 +\n    y = 2\n";
        let errors = check(F, body);
        assert_eq!(errors.len(), 1, "{errors:?}");
        let body = "\n    counter = = 0\n";
        let errors = check(F, body);
        assert_eq!(errors[0].start, body.rfind("= 0").expect("found"), "{errors:?}");
        let body = "\n        if a:\n        return b\n";
        let errors = check(F, body);
        assert_eq!(errors[0].start, body.find("return").expect("found"), "{errors:?}");
    }
}
