//! MicroPython compatibility: MicroPython's grammar is Python 3's minus the newest
//! statements, and its standard library is a small subset of CPython's. A body that parses as
//! Python is checked here for what MicroPython rejects (`match`, `except*`, `type` aliases,
//! generic type parameters) and for imports of modules the runtime's MicroPython does not
//! have. Both lists are tested against the VM itself (`tests/cli_micropython.rs` for the
//! modules, the runtime's `micropython.rs` tests for the statements).

use rustpython_parser::ast::{self, Ranged, Stmt, Visitor};

/// A MicroPython incompatibility: a byte range in the parsed text and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incompatibility {
    pub start: usize,
    pub end: usize,
    pub message: String,
    /// `true` for syntax MicroPython's compiler rejects; `false` for a module it may lack.
    pub is_error: bool,
}

/// The modules the runtime's MicroPython VM imports (MicroPython 1.27's WebAssembly build
/// with its frozen micropython-lib modules, and the `u`-prefixed names it still resolves).
/// `tests/cli_micropython.rs` imports every name here, and the usual others, in the VM: a
/// name the VM gains or loses fails that test, so this list follows the VM.
pub const MODULES: &[&str] = &[
    "_asyncio",
    "abc",
    "array",
    "asyncio",
    "base64",
    "binascii",
    "builtins",
    "cmath",
    "collections",
    "copy",
    "datetime",
    "deflate",
    "errno",
    "fnmatch",
    "framebuf",
    "functools",
    "gc",
    "gzip",
    "hashlib",
    "heapq",
    "hmac",
    "html",
    "inspect",
    "io",
    "itertools",
    "json",
    "locale",
    "logging",
    "math",
    "micropython",
    "operator",
    "os",
    "pathlib",
    "platform",
    "random",
    "re",
    "select",
    "stat",
    "string",
    "struct",
    "sys",
    "tarfile",
    "time",
    "types",
    "uctypes",
    "unittest",
    "uu",
    "vfs",
    "zlib",
    "uarray",
    "ubinascii",
    "ucollections",
    "uerrno",
    "uhashlib",
    "uheapq",
    "uio",
    "ujson",
    "uos",
    "uplatform",
    "urandom",
    "ure",
    "uselect",
    "ustruct",
    "usys",
    "utime",
];

/// Modules the VM imports that reach nothing in kryon: the WebAssembly build's bridge to a
/// JavaScript host, which the runtime does not give it.
pub const UNREACHABLE_MODULES: &[&str] = &["js", "jsffi"];

/// Everything in `body` that MicroPython would not run.
pub fn check(body: Vec<Stmt>) -> Vec<Incompatibility> {
    let mut c = Checker { found: Vec::new() };
    for stmt in body {
        c.visit_stmt(stmt);
    }
    c.found.sort_by_key(|i| i.start);
    c.found
}

struct Checker {
    found: Vec<Incompatibility>,
}

impl Checker {
    fn push(&mut self, node: &impl Ranged, message: String, is_error: bool) {
        let r = node.range();
        let (start, end) = (u32::from(r.start()) as usize, u32::from(r.end()) as usize);
        // Point at the statement's first line only.
        self.found.push(Incompatibility { start, end, message, is_error });
    }

    fn module(&mut self, node: &impl Ranged, name: &str) {
        let top = name.split('.').next().unwrap_or(name);
        if UNREACHABLE_MODULES.contains(&top) {
            let message = format!(
                "`{top}` reaches no JavaScript host in kryon (it fails at first use); the \
                 page is the app: use the DOM functions (`getElementById`, ...)"
            );
            self.push(node, message, false);
        } else if !MODULES.contains(&top) {
            self.push(node, format!("kryon's MicroPython has no `{top}` module"), false);
        }
    }
}

impl Visitor for Checker {
    fn visit_stmt_match(&mut self, node: ast::StmtMatch) {
        self.push(&node, "MicroPython does not support `match` statements".into(), true);
    }

    fn visit_stmt_try_star(&mut self, node: ast::StmtTryStar) {
        self.push(&node, "MicroPython does not support `except*` (exception groups)".into(), true);
    }

    fn visit_stmt_type_alias(&mut self, node: ast::StmtTypeAlias) {
        self.push(&node, "MicroPython does not support `type` alias statements".into(), true);
    }

    fn visit_stmt_function_def(&mut self, node: ast::StmtFunctionDef) {
        if !node.type_params.is_empty() {
            self.push(
                &node,
                "MicroPython does not support type parameters (`def f[T]`)".into(),
                true,
            );
        }
        self.generic_visit_stmt_function_def(node);
    }

    fn visit_stmt_class_def(&mut self, node: ast::StmtClassDef) {
        if !node.type_params.is_empty() {
            self.push(
                &node,
                "MicroPython does not support type parameters (`class C[T]`)".into(),
                true,
            );
        }
        self.generic_visit_stmt_class_def(node);
    }

    fn visit_stmt_import(&mut self, node: ast::StmtImport) {
        for alias in &node.names {
            self.module(&node, &alias.name);
        }
    }

    fn visit_stmt_import_from(&mut self, node: ast::StmtImportFrom) {
        let relative = node.level.is_some_and(|l| l.to_u32() > 0);
        if let (Some(module), false) = (&node.module, relative) {
            self.module(&node, module);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustpython_parser::{parse, Mode};

    fn run(code: &str) -> Vec<(String, bool)> {
        let Ok(ast::Mod::Module(m)) = parse(code, Mode::Module, "<test>") else { panic!() };
        check(m.body).into_iter().map(|i| (i.message, i.is_error)).collect()
    }

    #[test]
    fn rejects_what_micropython_lacks() {
        assert_eq!(run("import time, json, os.path\nfrom datetime import date\nfrom . import x\nx = [i for i in range(3)]\n"), vec![]);
        assert_eq!(
            run("from machine import Pin\nfrom __future__ import annotations\nimport js\n"),
            vec![
                ("kryon's MicroPython has no `machine` module".to_string(), false),
                ("kryon's MicroPython has no `__future__` module".to_string(), false),
                ("`js` reaches no JavaScript host in kryon (it fails at first use); the page is the app: use the DOM functions (`getElementById`, ...)".to_string(), false),
            ]
        );
        let found = run("import dataclasses\nmatch x:\n    case 1:\n        pass\ntype T = int\n");
        assert_eq!(
            found,
            vec![
                ("kryon's MicroPython has no `dataclasses` module".to_string(), false),
                ("MicroPython does not support `match` statements".to_string(), true),
                ("MicroPython does not support `type` alias statements".to_string(), true),
            ]
        );
        assert_eq!(run("def f():\n    match y:\n        case _: pass\n").len(), 1);
    }
}
