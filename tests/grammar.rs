//! The TextMate grammar (`grammar/kry.tmLanguage.json`) tokenized by the engine VS Code uses
//! (vscode-textmate and vscode-oniguruma, run by node; `grammar/test/`): over every fixture,
//! conformance file and example, each script body is scoped as its language from the
//! character the compiler's lexer starts it at to the one it ends it at, and KRY tokens
//! (directives, strings, comments, variables, numbers, property and element names) have their
//! scopes. A tokenized file is snapshot-tested too.
//!
//! Needs node and npm: the pinned packages (`grammar/test/package-lock.json`) are installed
//! with `npm ci` when they are missing; without node or npm the test fails and says so.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use kryc::languages::ScriptLanguage;
use kryc::source::{FileId, PositionEncoding, SourceFile};
use kryc::syntax::lexer::lex;
use kryc::syntax::token::Token;
use serde_json::{json, Value};

fn position(source: &SourceFile, offset: usize) -> (usize, usize) {
    let at = source.line_col(offset, PositionEncoding::Utf16);
    (at.line as usize - 1, at.column as usize - 1)
}

/// The script bodies and KRY token probes of one file, from the compiler's lexer.
fn expectations(path: &Path, name: &str, snapshot: bool) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    let source = SourceFile::new(name, text.as_str());
    let lexed = lex(FileId(0), &text);
    // Files with syntax errors are checked for their bodies only: what their broken parts
    // should look like is not defined.
    let broken =
        kryc::syntax::parse_file(FileId(0), &source).diagnostics.iter().any(|d| d.is_error());
    let tokens: Vec<Token<'_>> = lexed.tokens.iter().map(|t| t.token).collect();
    let ranges = &lexed.ranges;
    let mut bodies = Vec::new();
    let mut probes = Vec::new();
    let mut body_spans = Vec::new();
    for (k, token) in tokens.iter().enumerate() {
        let range = ranges[k];
        let (line, column) = position(&source, range.start as usize);
        if broken && !matches!(token, Token::ScriptBody(_)) {
            continue;
        }
        let probe = |what: &str, scope: &str| json!({ "what": format!("{what} {:?}", &text[range.as_range()]), "line": line, "column": column, "scope": scope });
        match *token {
            Token::ScriptBody(_) => {
                // The header: the directive before the body and its language tag.
                let Some(d) = (0..k).rev().find(|&i| matches!(tokens[i], Token::Directive(_)))
                else {
                    continue;
                };
                let opened_by_brace = k > 0
                    && tokens[k - 1] == Token::LBrace
                    && text[ranges[k - 1].as_range()] == *"{";
                let closed = tokens.get(k + 1) == Some(&Token::RBrace)
                    && ranges[k + 1].len() == 1
                    && lexed.diagnostics.iter().all(|d| d.code.id() != "K0107");
                let header_on_one_line =
                    !text[ranges[d].start as usize..range.start as usize].contains('\n');
                let language = match tokens.get(d + 1) {
                    Some(Token::Str(tag)) => ScriptLanguage::from_tag(tag.trim_matches('"')),
                    _ => Some(ScriptLanguage::Lua),
                };
                let (Some(language), true, true, true) =
                    (language, opened_by_brace, closed, header_on_one_line)
                else {
                    continue;
                };
                let scope = match language {
                    ScriptLanguage::Lua => "source.lua",
                    ScriptLanguage::JavaScript => "source.js",
                    ScriptLanguage::Python | ScriptLanguage::MicroPython => "source.python",
                    ScriptLanguage::Wren => "source.wren",
                };
                let start = position(&source, range.start as usize);
                let end = position(&source, range.end as usize);
                bodies.push(
                    json!({ "scope": scope, "start": [start.0, start.1], "end": [end.0, end.1] }),
                );
                body_spans.push(range);
            }
            Token::Directive(_) => probes.push(probe("directive", "keyword.control.directive.kry")),
            Token::Var(_) | Token::BracedVar(_) => probes.push(probe("variable", "variable")),
            Token::Str(s) if s.len() >= 2 && s.ends_with('"') => {
                probes.push(probe("string", "string.quoted"))
            }
            Token::Number(_) => probes.push(probe("number", "constant.numeric")),
            Token::Ident(name)
                if tokens.get(k + 1) == Some(&Token::Colon)
                    && k > 0
                    && !matches!(tokens[k - 1], Token::Colon | Token::Directive("var")) =>
            {
                let _ = name;
                probes.push(probe("property", "variable.other.property.kry"))
            }
            Token::Ident(name)
                if name.starts_with(|c: char| c.is_ascii_uppercase())
                    && tokens.get(k + 1) == Some(&Token::LBrace)
                    && !matches!(
                        k.checked_sub(1).map(|i| tokens[i]),
                        Some(Token::Ident("Define"))
                    )
                    && name != "Properties" =>
            {
                probes.push(probe("element", "entity.name.tag.kry"))
            }
            _ => {}
        }
    }
    for c in lexed.comments.iter().filter(|_| !broken) {
        let (line, column) = position(&source, c.start as usize);
        probes
            .push(json!({ "what": "comment", "line": line, "column": column, "scope": "comment" }));
    }
    Some(
        json!({ "name": name, "path": path, "bodies": bodies, "probes": probes, "snapshot": snapshot }),
    )
}

fn corpus() -> Vec<(PathBuf, String)> {
    let repo = common::repo();
    let mut out = Vec::new();
    for (dir, label) in [
        (repo.join("tests/fixtures"), "tests/fixtures"),
        (repo.join("tests/fmt"), "tests/fmt"),
        (repo.join("examples"), "examples"),
        (common::conformance_root(), "conformance"),
    ] {
        for path in common::kry_files(&dir) {
            let name = format!("{label}/{}", path.strip_prefix(&dir).unwrap().display());
            out.push((path, name));
        }
    }
    out
}

/// Runs the tokenizer; `name` keeps the input files of tests running at once apart.
fn run_node(name: &str, files: Vec<Value>) -> Value {
    let repo = common::repo();
    let modules = repo.join("grammar/test/node_modules/vscode-textmate");
    if !modules.exists() {
        // A fresh checkout: install the pinned packages (what `.ci/run` does first).
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(repo.join("grammar/test"))
            .status();
        assert!(
            matches!(status, Ok(s) if s.success()) && modules.exists(),
            "the grammar test needs node and its npm packages: `npm ci --prefix grammar/test` failed ({status:?})"
        );
    }
    let dir = common::scratch("grammar", name);
    let input = dir.join("input.json");
    let grammar = repo.join("grammar/kry.tmLanguage.json");
    std::fs::write(&input, json!({ "grammar": grammar, "files": files }).to_string()).unwrap();
    let output = Command::new("node")
        .arg(repo.join("grammar/test/tokenize.mjs"))
        .arg(&input)
        .output()
        .expect("node runs (the grammar test needs node on PATH)");
    assert!(output.status.success(), "node failed: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("JSON from tokenize.mjs")
}

#[test]
fn script_bodies_and_kry_tokens_are_scoped_over_the_corpus() {
    let corpus = corpus();
    assert!(corpus.len() > 250, "the corpus is there");
    let files: Vec<Value> =
        corpus.iter().filter_map(|(path, name)| expectations(path, name, false)).collect();
    let bodies: usize = files.iter().map(|f| f["bodies"].as_array().unwrap().len()).sum();
    let probes: usize = files.iter().map(|f| f["probes"].as_array().unwrap().len()).sum();
    assert!(bodies > 150, "script bodies checked: {bodies}");
    let result = run_node("corpus", files);
    let failures = result["failures"].as_array().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {bodies} bodies and {probes} tokens are scoped wrongly:\n{}",
        failures.len(),
        failures.iter().take(40).map(|f| f.as_str().unwrap_or("")).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn tokenized_fixture_snapshot() {
    let path = common::repo().join("tests/fmt/scripts.kry");
    let file = expectations(&path, "tests/fmt/scripts.kry", true).unwrap();
    let result = run_node("snapshot", vec![file]);
    let text = std::fs::read_to_string(&path).unwrap();
    let tokens = result["tokens"]["tests/fmt/scripts.kry"].as_array().unwrap();
    let lines: Vec<String> = tokens
        .iter()
        .map(|t| {
            format!("{:<28} {}", format!("{:?}", t[0].as_str().unwrap()), t[1].as_str().unwrap())
        })
        .collect();
    let snapshot = format!(
        "----- SOURCE CODE -- tests/fmt/scripts.kry\n{text}----- TOKENS\n{}\n",
        lines.join("\n")
    );
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("grammar_tokens_scripts", snapshot);
    });
    assert!(result["failures"].as_array().unwrap().is_empty(), "{}", result["failures"]);
}

#[test]
fn the_vscode_extension_names_the_grammar_s_scopes() {
    let repo = common::repo();
    let read = |p: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(repo.join(p)).unwrap())
            .unwrap_or_else(|e| panic!("{p}: {e}"))
    };
    let package = read("editors/vscode/package.json");
    let _ = read("editors/vscode/language-configuration.json");
    let grammar = std::fs::read_to_string(repo.join("grammar/kry.tmLanguage.json")).unwrap();
    let contributed = &package["contributes"]["grammars"][0];
    assert_eq!(contributed["scopeName"], "source.kry");
    let embedded = contributed["embeddedLanguages"].as_object().unwrap();
    assert_eq!(embedded.len(), 5);
    for scope in embedded.keys() {
        assert!(
            grammar.contains(&format!("\"name\": \"{scope}\"")),
            "{scope} is not in the grammar"
        );
    }
    assert_eq!(package["contributes"]["languages"][0]["extensions"][0], ".kry");
}
