//! `kryc lsp` as a separate process, driven over stdio by a small JSON-RPC client: initialize,
//! open files with errors, edit, and every request the server answers, each answer compared
//! with a snapshot that starts with the sources.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(60);

/// A JSON-RPC client over the server's stdin and stdout.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Notifications that arrived while waiting for something else.
    notifications: Vec<Value>,
    next_id: i64,
    dir: PathBuf,
}

impl Client {
    fn start(dir: &Path, position_encodings: &[&str]) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kryc"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("kryc lsp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let value: Value = serde_json::from_slice(&body).expect("JSON from the server");
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            messages: rx,
            notifications: Vec::new(),
            next_id: 1,
            dir: dir.to_path_buf(),
        };
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": client.uri(""),
                "capabilities": { "general": { "positionEncodings": position_encodings } },
            }),
        );
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn uri(&self, name: &str) -> String {
        let path = self.dir.join(name);
        kryc::ide::uri::from_path(&path).as_str().to_string()
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its `result` (or `{"error": ...}`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.messages.recv_timeout(TIMEOUT).expect("an answer in time");
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return match message.get("error") {
                    Some(error) => json!({ "error": error }),
                    None => message["result"].clone(),
                };
            }
            self.notifications.push(message);
        }
    }

    /// The next diagnostics published for `name`.
    fn diagnostics(&mut self, name: &str) -> Value {
        let uri = self.uri(name);
        let is_ours = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri.as_str()
        };
        if let Some(i) = self.notifications.iter().position(is_ours) {
            return self.notifications.remove(i)["params"].clone();
        }
        loop {
            let message = self.messages.recv_timeout(TIMEOUT).expect("diagnostics in time");
            if is_ours(&message) {
                return message["params"].clone();
            }
            self.notifications.push(message);
        }
    }

    fn open(&mut self, name: &str, text: &str) {
        let uri = self.uri(name);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "kry", "version": 1, "text": text } }),
        );
    }

    fn at(&self, name: &str, line: u32, character: u32) -> Value {
        json!({ "textDocument": { "uri": self.uri(name) }, "position": { "line": line, "character": character } })
    }

    fn stop(mut self) {
        let answer = self.request("shutdown", Value::Null);
        assert_eq!(answer, Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().expect("the server exits");
        assert!(status.success(), "kryc lsp exited with {status}");
    }
}

/// The position of the `n`th occurrence of `needle` in `text` (plus `plus` characters),
/// as (line, UTF-16 column).
fn find(text: &str, needle: &str, n: usize, plus: usize) -> (u32, u32) {
    let start = text.match_indices(needle).nth(n).expect("needle in text").0 + plus;
    let before = &text[..start];
    let line = before.matches('\n').count() as u32;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..].encode_utf16().count() as u32;
    (line, column)
}

/// A snapshot section: the JSON with the scratch directory's URI written `$DIR`.
fn section(out: &mut String, client: &Client, title: &str, value: &Value) {
    let dir = kryc::ide::uri::from_path(&client.dir).as_str().to_string();
    let text = serde_json::to_string_pretty(value).unwrap().replace(&dir, "file://$DIR");
    out.push_str(&format!("----- {title}\n{text}\n"));
}

/// Completion items as `label  (kind) detail -> inserted text`, one a line.
fn completion_lines(value: &Value) -> String {
    let items = value.as_array().cloned().unwrap_or_default();
    let lines: Vec<String> = items
        .iter()
        .map(|i| {
            format!(
                "{} (kind {}) {} -> {:?}",
                i["label"].as_str().unwrap_or(""),
                i["kind"],
                i["detail"].as_str().unwrap_or(""),
                i["textEdit"]["newText"].as_str().unwrap_or("")
            )
        })
        .collect();
    lines.join("\n")
}

fn snapshot(name: &str, text: String) {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, text);
    });
}

const APP: &str = r#"@include "widgets.kry"
@variables { counter: 0 }

App {
    window_title: "Counter"
    Text { id: "label" text: "Count: $counter" style: "title" }
    Button { text: "+" onClick: "increment" style: "buton" }
    Card { heading: "Hi" }
    Container {
        layout: row
        text_alignment: centre
    }
}

@function "lua" increment() {
    counter = counter + 1
}

@function "python" reset() {
    counter = 0
}
"#;

const WIDGETS: &str = r##"style "title" {
    font_size: 18
}

style "button" {
    background_color: "#336699"
}

Define Card {
    Properties {
        heading: String = "Card"
    }
    Container {
        Text { text: $heading }
    }
}
"##;

#[test]
fn a_session_from_open_to_rename() {
    let dir = common::scratch("lsp", "session");
    std::fs::write(dir.join("app.kry"), APP).unwrap();
    std::fs::write(dir.join("widgets.kry"), WIDGETS).unwrap();
    std::fs::write(dir.join("kryon.toml"), "[build]\nvms = [\"lua\", \"python\"]\n").unwrap();
    let (mut client, init) = Client::start(&dir, &[]);
    let mut out =
        format!("----- SOURCE CODE -- app.kry\n{APP}----- SOURCE CODE -- widgets.kry\n{WIDGETS}");
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");

    client.open("app.kry", APP);
    let diagnostics = client.diagnostics("app.kry");
    section(&mut out, &client, "diagnostics after opening app.kry", &diagnostics);
    let count = diagnostics["diagnostics"].as_array().unwrap().len();
    assert!(count >= 3, "the typo'd style, the bad enum and the Python write: {diagnostics}");

    // Fix the style name with an incremental edit: `buton` -> `button`.
    let (line, column) = find(APP, "buton", 0, 3);
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": client.uri("app.kry"), "version": 2 },
            "contentChanges": [{
                "range": { "start": { "line": line, "character": column }, "end": { "line": line, "character": column } },
                "text": "t"
            }]
        }),
    );
    let after = client.diagnostics("app.kry");
    assert_eq!(after["version"], 2);
    assert_eq!(after["diagnostics"].as_array().unwrap().len(), count - 1, "{after}");
    section(&mut out, &client, "diagnostics after the edit (buton -> button)", &after);
    let text = APP.replacen("buton", "button", 1);

    let cases: &[(&str, &str, usize, usize)] = &[
        ("completion: a property value of Text's text_alignment", "centre", 0, 0),
        ("completion: a handler name", "\"increment\"", 0, 4),
        ("completion: a $variable in a string", "$counter", 0, 4),
        ("completion: a style name", "\"title\"", 0, 1),
    ];
    for (title, needle, n, plus) in cases {
        let (line, character) = find(&text, needle, *n, *plus);
        let items =
            client.request("textDocument/completion", client.at("app.kry", line, character));
        out.push_str(&format!(
            "----- {title} (line {line}, column {character})\n{}\n",
            completion_lines(&items)
        ));
    }
    // Properties of an element: the list is long; its start and what it holds are checked.
    let (line, character) = find(&text, "layout: row", 0, 0);
    let items = client.request("textDocument/completion", client.at("app.kry", line, character));
    let labels: Vec<&str> =
        items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert!(
        labels.contains(&"flex_direction") && labels.contains(&"Text") && labels.contains(&"Card")
    );
    assert!(!labels.contains(&"src"), "src is for media elements only");
    out.push_str(&format!(
        "----- completion: members of a Container (first 12 of {})\n{}\n",
        labels.len(),
        labels[..12].join(", ")
    ));
    // A language tag after `@function "`.
    let (line, character) = find(&text, "\"lua\"", 0, 1);
    let items = client.request("textDocument/completion", client.at("app.kry", line, character));
    out.push_str(&format!("----- completion: a language tag\n{}\n", completion_lines(&items)));

    for (title, needle, plus) in [
        ("hover: an element", "Button", 0),
        ("hover: a property", "window_title", 2),
        ("hover: a variable", "$counter", 2),
        ("hover: a handler function", "\"increment\"", 3),
        ("hover: a component", "Card", 1),
    ] {
        let (line, character) = find(&text, needle, 0, plus);
        let hover = client.request("textDocument/hover", client.at("app.kry", line, character));
        section(&mut out, &client, title, &hover);
    }

    for (title, needle, plus) in [
        ("definition: a style in an included file", "\"title\"", 2),
        ("definition: a component", "Card", 0),
        ("definition: a variable", "$counter", 1),
        ("definition: a handler function", "\"increment\"", 2),
        ("definition: an included file", "widgets.kry", 2),
    ] {
        let (line, character) = find(&text, needle, 0, plus);
        let answer =
            client.request("textDocument/definition", client.at("app.kry", line, character));
        section(&mut out, &client, title, &answer);
    }

    let (line, character) = find(&text, "counter:", 0, 1);
    let mut params = client.at("app.kry", line, character);
    params["context"] = json!({ "includeDeclaration": true });
    let refs = client.request("textDocument/references", params);
    section(&mut out, &client, "references: the variable counter (scripts included)", &refs);

    let prepare =
        client.request("textDocument/prepareRename", client.at("app.kry", line, character));
    section(&mut out, &client, "prepareRename: counter", &prepare);
    let mut params = client.at("app.kry", line, character);
    params["newName"] = json!("count");
    let rename = client.request("textDocument/rename", params);
    section(&mut out, &client, "rename: counter -> count", &rename);
    let mut params = client.at("app.kry", line, character);
    params["newName"] = json!("not a name");
    let refused = client.request("textDocument/rename", params);
    assert!(refused.get("error").is_some(), "{refused}");

    let (line, _) = find(&text, "counter = 0", 0, 0);
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": client.uri("app.kry") },
            "range": { "start": { "line": line, "character": 4 }, "end": { "line": line, "character": 11 } },
            "context": { "diagnostics": [] }
        }),
    );
    section(&mut out, &client, "code actions at the Python write", &actions);
    assert!(!actions.as_array().unwrap().is_empty(), "the `global` fix is offered");

    let formatting = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": client.uri("app.kry") }, "options": { "tabSize": 4, "insertSpaces": true } }),
    );
    let formatted = formatting[0]["newText"].as_str().unwrap_or("").to_string();
    out.push_str(&format!("----- formatting (the new text)\n{formatted}"));

    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": client.uri("app.kry") } }),
    );
    let names: Vec<String> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} ({})",
                s["name"].as_str().unwrap(),
                s["children"].as_array().map_or(0, |c| c.len())
            )
        })
        .collect();
    out.push_str(&format!("----- document symbols (name, children)\n{}\n", names.join("\n")));
    let folds = client.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": client.uri("app.kry") } }),
    );
    let folds: Vec<String> = folds
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}-{}", f["startLine"], f["endLine"]))
        .collect();
    out.push_str(&format!("----- folding ranges (lines)\n{}\n", folds.join(" ")));
    let tokens = client.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": client.uri("app.kry") } }),
    );
    let data = tokens["data"].as_array().unwrap();
    assert_eq!(data.len() % 5, 0);
    let first: Vec<String> = data[..25]
        .chunks(5)
        .map(|t| format!("{t:?}").replace("Number(", "").replace(')', ""))
        .collect();
    out.push_str(&format!(
        "----- semantic tokens: {} tokens; the first five\n{}\n",
        data.len() / 5,
        first.join("\n")
    ));

    // Unknown methods are an error, not a crash; the server still answers afterwards.
    let unknown = client.request("textDocument/inlayHint", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);

    client.stop();
    snapshot("lsp_session", out);
}

#[test]
fn a_change_to_an_included_file_rechecks_the_files_that_include_it() {
    let dir = common::scratch("lsp", "dependents");
    std::fs::write(dir.join("app.kry"), APP).unwrap();
    std::fs::write(dir.join("widgets.kry"), WIDGETS).unwrap();
    let (mut client, _) = Client::start(&dir, &["utf-8", "utf-16"]);
    client.open("app.kry", APP);
    let before = client.diagnostics("app.kry");
    client.open("widgets.kry", WIDGETS);
    let _ = client.diagnostics("widgets.kry");
    // Opening it checks the files that include it again (the buffer may differ from disk).
    let _ = client.diagnostics("app.kry");
    // Remove the style `title` from the open (unsaved) buffer of widgets.kry.
    let edited = WIDGETS.replacen("style \"title\"", "style \"heading\"", 1);
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": client.uri("widgets.kry"), "version": 2 },
            "contentChanges": [{ "text": edited }]
        }),
    );
    let _ = client.diagnostics("widgets.kry");
    let after = client.diagnostics("app.kry");
    let messages = |v: &Value| -> Vec<String> {
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["message"].as_str().unwrap().lines().next().unwrap().to_string())
            .collect()
    };
    let new: Vec<String> =
        messages(&after).into_iter().filter(|m| !messages(&before).contains(m)).collect();
    assert!(new.iter().any(|m| m.contains("title")), "app.kry now uses an unknown style: {new:?}");
    client.stop();
}

#[test]
fn utf8_is_used_when_offered_and_columns_follow_it() {
    let dir = common::scratch("lsp", "utf8");
    let text = "App {\n    Text { text: \"héllo\" colour: red }\n}\n";
    std::fs::write(dir.join("app.kry"), text).unwrap();
    for (offered, expected, column) in
        [(vec!["utf-8"], "utf-8", 26), (vec!["utf-16"], "utf-16", 25)]
    {
        let (mut client, init) = Client::start(&dir, &offered);
        assert_eq!(init["capabilities"]["positionEncoding"], expected);
        client.open("app.kry", text);
        let d = client.diagnostics("app.kry");
        let unknown = d["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["message"].as_str().unwrap().contains("colour"))
            .cloned()
            .unwrap_or_else(|| panic!("a diagnostic for `colour`: {d}"));
        assert_eq!(unknown["range"]["start"]["character"], column, "{expected}: {unknown}");
        client.stop();
    }
}

#[test]
fn malformed_text_never_stops_the_server() {
    let dir = common::scratch("lsp", "malformed");
    let (mut client, _) = Client::start(&dir, &[]);
    let texts = [
        "App { Text { text: \"",
        "@function \"lua\" f() { if then",
        "}}}{{{ $ @ # \u{0}",
        "Define { Properties { a: } }",
        "\u{1F600}App{\u{1F600}",
    ];
    for (i, text) in texts.iter().enumerate() {
        let name = format!("bad{i}.kry");
        client.open(&name, text);
        let _ = client.diagnostics(&name);
        for (line, character) in [(0, 0), (0, 3), (0, 200), (9, 9)] {
            for method in
                ["textDocument/completion", "textDocument/hover", "textDocument/definition"]
            {
                let answer = client.request(method, client.at(&name, line, character));
                assert!(answer.get("error").is_none(), "{method} on {text:?}: {answer}");
            }
        }
        let formatted = client.request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": client.uri(&name) }, "options": { "tabSize": 4, "insertSpaces": true } }),
        );
        assert_eq!(formatted, json!([]), "a file that does not parse is not formatted");
    }
    client.stop();
}
