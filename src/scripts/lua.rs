//! Lua 5.4 through full_moon. A function body is checked as `function f(params) body end`;
//! an inline handler as `local f = <expression>`; a module as it is.

use full_moon::LuaVersion;

use super::{params, BodyKind, Definition, Facts, ScriptError, Wrapped};

pub fn check(kind: BodyKind<'_>, body: &str) -> Vec<ScriptError> {
    analyze(kind, body).errors
}

/// The body's syntax errors and, when it parses, the globals it uses.
pub fn analyze(kind: BodyKind<'_>, body: &str) -> Facts {
    let wrapped = match kind {
        BodyKind::Function { .. } => {
            Wrapped::new(&format!("local function f({})", params(kind)), body, "\nend")
        }
        BodyKind::Expression => Wrapped::new("local f = ", body, "\n"),
        BodyKind::Module => Wrapped::new("", body, ""),
    };
    let result = parse(&wrapped.text);
    // After its first error full_moon's recovery reports follow-on errors of the same
    // mistake (a missing `end` after a broken statement): report the first only.
    let errors: Vec<ScriptError> = result
        .errors()
        .first()
        .map(|e| {
            let (start, end) = e.range();
            wrapped.error(body, start.bytes(), end.bytes(), without_position(&e.error_message()))
        })
        .into_iter()
        .collect();
    let usage = errors.is_empty().then(|| {
        let mut usage = super::usage::lua::usage(result.ast(), matches!(kind, BodyKind::Module));
        usage.map(|o| wrapped.map(o));
        usage
    });
    Facts { errors, warnings: Vec::new(), usage }
}

/// full_moon 3.0 panics on a backtick outside Luau mode; a backtick is not Lua anywhere but
/// in strings and comments, so it is replaced by another character Lua rejects (`@`, same
/// length), which keeps every position and gives an error where the backtick was.
fn parse(code: &str) -> full_moon::ast::AstResult {
    if code.contains('`') {
        full_moon::parse_fallible(&code.replace('`', "@"), LuaVersion::lua54())
    } else {
        full_moon::parse_fallible(code, LuaVersion::lua54())
    }
}

/// Top-level `function name()`, `local function name()` and `name = function() ... end`.
pub fn definitions(code: &str) -> Vec<Definition> {
    use full_moon::ast::{Expression, FunctionBody, Parameter, Stmt, Var};
    use full_moon::tokenizer::TokenReference;
    let result = parse(code);
    if !result.errors().is_empty() {
        return Vec::new();
    }
    let name = |t: &TokenReference| t.token().to_string();
    let offset = |t: &TokenReference| t.token().start_position().bytes();
    let params = |body: &FunctionBody| {
        body.parameters()
            .iter()
            .map(|p| match p {
                Parameter::Name(n) => name(n),
                Parameter::Ellipsis(_) => "...".to_string(),
                _ => String::new(),
            })
            .collect::<Vec<_>>()
    };
    let mut out = Vec::new();
    for stmt in result.ast().nodes().stmts() {
        match stmt {
            Stmt::FunctionDeclaration(f) => {
                let names: Vec<String> = f.name().names().iter().map(name).collect();
                let mut full = names.join(".");
                if let Some(method) = f.name().method_name() {
                    full = format!("{full}:{}", name(method));
                }
                let at = f.name().names().iter().next().map(offset).unwrap_or(0);
                out.push(Definition { name: full, params: params(f.body()), offset: at });
            }
            Stmt::LocalFunction(f) => out.push(Definition {
                name: name(f.name()),
                params: params(f.body()),
                offset: offset(f.name()),
            }),
            Stmt::Assignment(a) => {
                for (var, value) in a.variables().iter().zip(a.expressions().iter()) {
                    if let (Var::Name(n), Expression::Function(f)) = (var, value) {
                        out.push(Definition {
                            name: name(n),
                            params: params(f.body()),
                            offset: offset(n),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// full_moon's tokenizer messages end with the position in the text it parsed (`unclosed
/// string (2:11 to 3:1)`), which is the wrapped text's, not the user's: drop it.
fn without_position(message: &str) -> String {
    if let Some(open) = message.rfind(" (") {
        let tail = &message[open + 2..];
        if tail.ends_with(')')
            && tail.contains(" to ")
            && tail[..tail.len() - 1].chars().all(|c| c.is_ascii_digit() || " :to".contains(c))
        {
            return message[..open].to_string();
        }
    }
    message.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: BodyKind<'static> = BodyKind::Function { params: &["a", "b"] };

    #[test]
    fn valid_lua() {
        for body in [
            "\n    return a + b\n",
            "\n    local t <const> = {1, 2, x = 3}\n    for i, v in ipairs(t) do print(i // 2, v ~ 1) end\n",
            "\n    goto done\n    ::done::\n",
            " counter = counter + 1 ",
            "",
        ] {
            assert_eq!(check(F, body), vec![], "{body}");
        }
        assert_eq!(check(BodyKind::Expression, "function() inputNumber(7) end"), vec![]);
        assert_eq!(check(BodyKind::Module, "x = 1\nfunction g() return x end\n"), vec![]);
        let defs = definitions(
            "function a(x, ...) end\nlocal function b() end\nc = function(y) end\nfunction t.d() end\nx = 1\n",
        );
        let names: Vec<&str> = defs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, vec!["a", "b", "c", "t.d"]);
        assert_eq!(defs[0].params, vec!["x", "..."]);
        assert_eq!(defs[2].offset, 46);
    }

    #[test]
    fn errors_point_into_the_body() {
        let body = "\n    local x = = 2\n";
        let errors = check(F, body);
        assert_eq!(errors.len(), 1, "one mistake, one error: {errors:?}");
        assert_eq!(errors[0].start, body.find('=').expect("found"), "{errors:?}");
        assert_eq!(errors[0].message, "expected an expression");
        let body = "\n    if a then\n        return b\n";
        let errors = check(F, body);
        assert!(!errors.is_empty());
        assert!(errors[0].start <= body.len());
        let errors = check(BodyKind::Expression, "function() inputNumber(7) ed");
        assert!(!errors.is_empty());
        assert_eq!(check(F, " print(\"abc) ")[0].message, "unclosed string");
        // full_moon would panic on a backtick: an error instead, at the backtick.
        assert!(!check(F, " x = `a` ").is_empty());
        assert_eq!(check(F, " x = \"`\" "), vec![]);
    }
}
