//! JavaScript (latest ECMAScript, script goal, as the runtime's QuickJS runs it) through
//! swc. A function body is checked as `function f(params) { body }`; an inline handler as
//! `(expression);`; a module as a script.

use swc_common::BytePos;
use swc_ecma_parser::{EsSyntax, Parser, StringInput, Syntax};

use super::{params, BodyKind, Definition, Facts, ScriptError, Wrapped};

/// Where the wrapped text starts in swc's positions (0 is swc's "no position").
const START: u32 = 1;

pub fn check(kind: BodyKind<'_>, body: &str) -> Vec<ScriptError> {
    analyze(kind, body).errors
}

/// The body's syntax errors and, when it parses, the globals it uses.
pub fn analyze(kind: BodyKind<'_>, body: &str) -> Facts {
    let wrapped = match kind {
        BodyKind::Function { .. } => {
            Wrapped::new(&format!("function f({}) {{", params(kind)), body, "\n}")
        }
        BodyKind::Expression => Wrapped::new("(", body, "\n);"),
        BodyKind::Module => Wrapped::new("", body, ""),
    };
    let Ok(len) = u32::try_from(wrapped.text.len()) else {
        let error = super::widen(body, 0, 0, "the script is too large to check".into());
        return Facts { errors: vec![error], ..Facts::default() };
    };
    let input = StringInput::new(&wrapped.text, BytePos(START), BytePos(START + len));
    let syntax =
        Syntax::Es(EsSyntax { allow_return_outside_function: false, ..Default::default() });
    let mut parser = Parser::new(syntax, input, None);
    let result = parser.parse_script();
    let mut errors = parser.take_errors();
    let result = result.map_err(|e| errors.push(e));
    let mut out: Vec<ScriptError> = errors
        .into_iter()
        .map(|e| {
            let span = swc_common::Spanned::span(&e);
            let at = |p: BytePos| p.0.saturating_sub(START) as usize;
            wrapped.error(body, at(span.lo), at(span.hi), e.kind().msg().into_owned())
        })
        .collect();
    // Two messages for one place are one mistake: keep the first.
    out.sort_by_key(|e| e.start);
    out.dedup_by(|a, b| a.start == b.start);
    let usage = match (&result, out.is_empty()) {
        (Ok(script), true) => {
            let module = matches!(kind, BodyKind::Module);
            let mut usage = super::usage::javascript::usage(script, START, module);
            usage.map(|o| wrapped.map(o));
            Some(usage)
        }
        _ => None,
    };
    Facts { errors: out, warnings: Vec::new(), usage }
}

/// Top-level `function name()` and `var/let/const name = function/arrow`.
pub fn definitions(code: &str) -> Vec<Definition> {
    use swc_ecma_ast::{Decl, Expr, Pat, Stmt};
    let Ok(len) = u32::try_from(code.len()) else { return Vec::new() };
    let input = StringInput::new(code, BytePos(START), BytePos(START + len));
    let mut parser = Parser::new(Syntax::Es(EsSyntax::default()), input, None);
    let Ok(script) = parser.parse_script() else { return Vec::new() };
    let pat_name = |p: &Pat| match p {
        Pat::Ident(id) => id.id.sym.to_string(),
        Pat::Rest(_) => "...rest".to_string(),
        _ => "{...}".to_string(),
    };
    let at = |p: BytePos| p.0.saturating_sub(START) as usize;
    let mut out = Vec::new();
    for stmt in &script.body {
        match stmt {
            Stmt::Decl(Decl::Fn(f)) => out.push(Definition {
                name: f.ident.sym.to_string(),
                params: f.function.params.iter().map(|p| pat_name(&p.pat)).collect(),
                offset: at(f.ident.span.lo),
            }),
            Stmt::Decl(Decl::Var(v)) => {
                for d in &v.decls {
                    let (Pat::Ident(id), Some(init)) = (&d.name, &d.init) else { continue };
                    let params = match &**init {
                        Expr::Fn(f) => f.function.params.iter().map(|p| pat_name(&p.pat)).collect(),
                        Expr::Arrow(a) => a.params.iter().map(pat_name).collect(),
                        _ => continue,
                    };
                    out.push(Definition {
                        name: id.id.sym.to_string(),
                        params,
                        offset: at(id.id.span.lo),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: BodyKind<'static> = BodyKind::Function { params: &["a", "b"] };

    #[test]
    fn valid_javascript() {
        for body in [
            "\n    return a + b;\n",
            "\n    const s = `sum ${a + b} {}`;\n    let o = { ...a, [b]: 1, f() { return 2 } };\n    return o?.x ?? s;\n",
            "\n    class C { #p = 1; static m() {} }\n    for (const x of [1, 2]) { if (x) continue; }\n",
            " counter = counter - 1; ",
            "",
        ] {
            assert_eq!(check(F, body), vec![], "{body}");
        }
        assert_eq!(check(BodyKind::Expression, "() => select(1)"), vec![]);
        assert_eq!(check(BodyKind::Module, "var x = 1;\nfunction g() { return x; }\n"), vec![]);
        let defs = definitions(
            "function a(x, ...r) {}\nconst b = (y) => 1;\nvar c = function() {};\nlet d = 2;\n",
        );
        let names: Vec<&str> = defs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, vec!["a", "b", "c"]);
        assert_eq!(defs[0].params, vec!["x", "...rest"]);
        assert_eq!((defs[1].params.clone(), defs[1].offset), (vec!["y".to_string()], 29));
    }

    #[test]
    fn errors_point_into_the_body() {
        let body = "\n    let x = ;\n";
        let errors = check(F, body);
        assert_eq!(errors[0].start, body.find(';').expect("found"), "{errors:?}");
        let errors = check(BodyKind::Module, "return 1;");
        assert!(!errors.is_empty(), "return outside a function");
        let body = "\n    if (a) {\n";
        assert!(!check(F, body).is_empty());
    }
}
