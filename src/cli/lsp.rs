//! `kryc lsp`: the language server's stdio loop over `lsp-server` (rust-analyzer's
//! synchronous scaffold). Every answer comes from the library's engine (`kryc::ide`); this
//! file only reads messages, keeps the documents' state, debounces diagnostics and writes
//! answers. A request that fails (or panics) gets an error response and the server goes on.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crossbeam_channel::RecvTimeoutError;
use kryc::ide::position::{encoding_kind, negotiate, offset};
use kryc::ide::uri::{from_path, to_path};
use kryc::ide::{
    code_actions, completion, diagnostics, folding, formatting, goto, hover, references, rename,
    semantic_tokens, symbols, DocumentCache,
};
use kryc::source::PositionEncoding;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::*;
use serde_json::Value;

use super::fs_loader::FsLoader;
use super::report::{FAILURE, SUCCESS};

/// How long diagnostics wait after a change for the next keystroke.
const DEBOUNCE: Duration = Duration::from_millis(30);

pub fn run() -> ExitCode {
    let (connection, io_threads) = Connection::stdio();
    let status = match serve(&connection) {
        Ok(()) => SUCCESS,
        Err(e) => {
            eprintln!("kryc lsp: {e}");
            FAILURE
        }
    };
    drop(connection);
    let _ = io_threads.join();
    ExitCode::from(status)
}

fn serve(connection: &Connection) -> Result<(), Box<dyn std::error::Error>> {
    let (id, params) = connection.initialize_start()?;
    let init: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let encoding =
        negotiate(init.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_deref()));
    let result = serde_json::json!({
        "capabilities": capabilities(encoding),
        "serverInfo": { "name": "kryc", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, result)?;
    let mut server = Server {
        connection,
        encoding,
        cache: DocumentCache::new(),
        pending: BTreeMap::new(),
        published: BTreeMap::new(),
    };
    server.main_loop()
}

fn capabilities(encoding: PositionEncoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding_kind(encoding)),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::Supported(true)),
            ..TextDocumentSyncOptions::default()
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["$".into(), "\"".into(), "@".into(), ":".into()]),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: semantic_tokens::legend(),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: None,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            },
        )),
        ..ServerCapabilities::default()
    }
}

struct Server<'a> {
    connection: &'a Connection,
    encoding: PositionEncoding,
    cache: DocumentCache,
    /// Documents whose diagnostics are due, and when.
    pending: BTreeMap<PathBuf, Instant>,
    /// The files diagnostics were last published for (so they can be cleared).
    published: BTreeMap<PathBuf, usize>,
}

impl Server<'_> {
    fn main_loop(&mut self) -> Result<(), Box<dyn std::error::Error>> {
        loop {
            let next = self.pending.values().min().copied();
            let message = match next {
                Some(due) => {
                    let wait = due.saturating_duration_since(Instant::now());
                    match self.connection.receiver.recv_timeout(wait) {
                        Ok(m) => Some(m),
                        Err(RecvTimeoutError::Timeout) => None,
                        Err(RecvTimeoutError::Disconnected) => return Ok(()),
                    }
                }
                None => match self.connection.receiver.recv() {
                    Ok(m) => Some(m),
                    Err(_) => return Ok(()),
                },
            };
            match message {
                None => self.flush_due(),
                Some(Message::Request(request)) => {
                    if self.connection.handle_shutdown(&request)? {
                        return Ok(());
                    }
                    let id = request.id.clone();
                    let response = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        self.request(request)
                    }))
                    .unwrap_or_else(|_| {
                        Response::new_err(
                            id,
                            ErrorCode::InternalError as i32,
                            "kryc hit a bug answering this request".into(),
                        )
                    });
                    self.connection.sender.send(Message::Response(response))?;
                }
                Some(Message::Notification(n)) => {
                    if n.method == notif::Exit::METHOD {
                        return Ok(());
                    }
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        self.notification(n)
                    }));
                }
                Some(Message::Response(_)) => {}
            }
        }
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            notif::DidOpenTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) else {
                    return;
                };
                let Some(path) = to_path(&p.text_document.uri) else { return };
                self.cache.open(&path, p.text_document.text, p.text_document.version);
                self.check(&path);
            }
            notif::DidChangeTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) else {
                    return;
                };
                let Some(path) = to_path(&p.text_document.uri) else { return };
                self.cache.change(
                    &path,
                    &p.content_changes,
                    p.text_document.version,
                    self.encoding,
                );
                self.pending.insert(path, Instant::now() + DEBOUNCE);
            }
            notif::DidSaveTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidSaveTextDocumentParams>(n.params) else {
                    return;
                };
                if let Some(path) = to_path(&p.text_document.uri) {
                    self.pending.insert(path, Instant::now());
                }
            }
            notif::DidCloseTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) else {
                    return;
                };
                let Some(path) = to_path(&p.text_document.uri) else { return };
                self.cache.close(&path);
                self.pending.remove(&path);
                self.publish(&path, Vec::new(), None);
                // Files that include it now read it from disk.
                for dependent in self.dependents_of(&path) {
                    self.check(&dependent);
                }
            }
            _ => {}
        }
    }

    fn flush_due(&mut self) {
        let now = Instant::now();
        let due: Vec<PathBuf> =
            self.pending.iter().filter(|(_, at)| **at <= now).map(|(p, _)| p.clone()).collect();
        for path in due {
            self.pending.remove(&path);
            self.check(&path);
        }
    }

    /// A request about a document sees its latest text: its pending check runs first.
    fn flush(&mut self, path: &Path) {
        if self.pending.remove(path).is_some() {
            self.check(path);
        }
    }

    fn dependents_of(&self, path: &Path) -> Vec<PathBuf> {
        self.cache.dependents(path)
    }

    /// Checks an open document, publishes its diagnostics (and those of the files it
    /// includes that are not open), then checks the open documents that include it.
    fn check(&mut self, path: &Path) {
        self.check_one(path);
        for dependent in self.dependents_of(path) {
            self.pending.remove(&dependent);
            self.check_one(&dependent);
        }
    }

    fn check_one(&mut self, path: &Path) {
        let Some(analysis) = self.cache.analyze(path, &FsLoader) else { return };
        for file in analysis.files() {
            let file_path = analysis.path_of(file);
            if file != analysis.root() && self.cache.is_open(&file_path) {
                continue;
            }
            let list = diagnostics::for_file(&analysis, file, self.encoding);
            let version = (file == analysis.root()).then_some(analysis.version);
            if file == analysis.root()
                || !list.is_empty()
                || self.published.contains_key(&file_path)
            {
                self.publish(&file_path, list, version);
            }
        }
    }

    fn publish(
        &mut self,
        path: &Path,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) {
        if diagnostics.is_empty() {
            self.published.remove(path);
        } else {
            self.published.insert(path.to_path_buf(), diagnostics.len());
        }
        let params = PublishDiagnosticsParams { uri: from_path(path), diagnostics, version };
        let n = Notification::new(notif::PublishDiagnostics::METHOD.to_string(), params);
        let _ = self.connection.sender.send(Message::Notification(n));
    }

    fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        match self.answer(&request.method, request.params) {
            Ok(value) => Response::new_ok(id, value),
            Err(Failure::UnknownMethod) => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("kryc lsp does not answer `{}`", request.method),
            ),
            Err(Failure::BadParams(message)) => {
                Response::new_err(id, ErrorCode::InvalidParams as i32, message)
            }
            Err(Failure::Refused(message)) => {
                Response::new_err(id, ErrorCode::RequestFailed as i32, message)
            }
        }
    }

    fn answer(&mut self, method: &str, params: Value) -> Result<Value, Failure> {
        use lsp_types::request::*;
        let enc = self.encoding;
        Ok(match method {
            Completion::METHOD => {
                let p: CompletionParams = parse(params)?;
                let Some((analysis, at)) = self.at(&p.text_document_position) else {
                    return Ok(Value::Null);
                };
                let path = to_path(&p.text_document_position.text_document.uri);
                let text = path
                    .and_then(|p| self.cache.document(&p).map(|d| d.text.clone()))
                    .unwrap_or_default();
                let items = completion::complete(&analysis, &text, at, enc);
                to_json(CompletionResponse::Array(items))
            }
            HoverRequest::METHOD => {
                let p: HoverParams = parse(params)?;
                let Some((analysis, at)) = self.at(&p.text_document_position_params) else {
                    return Ok(Value::Null);
                };
                to_json(hover::hover(&analysis, at, enc))
            }
            GotoDefinition::METHOD => {
                let p: GotoDefinitionParams = parse(params)?;
                let Some((analysis, at)) = self.at(&p.text_document_position_params) else {
                    return Ok(Value::Null);
                };
                to_json(goto::definition(&analysis, at, enc))
            }
            References::METHOD => {
                let p: ReferenceParams = parse(params)?;
                let Some((analysis, at)) = self.at(&p.text_document_position) else {
                    return Ok(Value::Null);
                };
                let declaration = p.context.include_declaration;
                to_json(references::references(&analysis, at, declaration, enc))
            }
            PrepareRenameRequest::METHOD => {
                let p: TextDocumentPositionParams = parse(params)?;
                let Some((analysis, at)) = self.at(&p) else { return Ok(Value::Null) };
                to_json(rename::prepare(&analysis, at, enc))
            }
            Rename::METHOD => {
                let p: RenameParams = parse(params)?;
                let Some((analysis, at)) = self.at(&p.text_document_position) else {
                    return Ok(Value::Null);
                };
                let edit =
                    rename::rename(&analysis, at, &p.new_name, enc).map_err(Failure::Refused)?;
                to_json(edit)
            }
            DocumentSymbolRequest::METHOD => {
                let p: DocumentSymbolParams = parse(params)?;
                let Some(analysis) = self.analysis(&p.text_document.uri) else {
                    return Ok(Value::Null);
                };
                to_json(DocumentSymbolResponse::Nested(symbols::document_symbols(&analysis, enc)))
            }
            SemanticTokensFullRequest::METHOD => {
                let p: SemanticTokensParams = parse(params)?;
                let Some(analysis) = self.analysis(&p.text_document.uri) else {
                    return Ok(Value::Null);
                };
                let data = semantic_tokens::semantic_tokens(analysis.source(analysis.root()), enc);
                to_json(SemanticTokensResult::Tokens(SemanticTokens { result_id: None, data }))
            }
            FoldingRangeRequest::METHOD => {
                let p: FoldingRangeParams = parse(params)?;
                let Some(analysis) = self.analysis(&p.text_document.uri) else {
                    return Ok(Value::Null);
                };
                to_json(folding::folding_ranges(analysis.source(analysis.root())))
            }
            Formatting::METHOD => {
                let p: DocumentFormattingParams = parse(params)?;
                let Some(analysis) = self.analysis(&p.text_document.uri) else {
                    return Ok(Value::Null);
                };
                to_json(formatting::format_document(analysis.source(analysis.root()), enc))
            }
            CodeActionRequest::METHOD => {
                let p: CodeActionParams = parse(params)?;
                let Some(analysis) = self.analysis(&p.text_document.uri) else {
                    return Ok(Value::Null);
                };
                to_json(code_actions::code_actions(&analysis, p.range, enc))
            }
            _ => return Err(Failure::UnknownMethod),
        })
    }

    /// The current analysis of a document (its pending check run first).
    fn analysis(&mut self, uri: &Uri) -> Option<std::sync::Arc<kryc::ide::FileAnalysis>> {
        let path = to_path(uri)?;
        self.flush(&path);
        self.cache.analysis(&path)
    }

    /// The analysis and byte offset of a position.
    fn at(
        &mut self,
        position: &TextDocumentPositionParams,
    ) -> Option<(std::sync::Arc<kryc::ide::FileAnalysis>, usize)> {
        let analysis = self.analysis(&position.text_document.uri)?;
        let at = offset(analysis.source(analysis.root()), position.position, self.encoding);
        Some((analysis, at))
    }
}

enum Failure {
    UnknownMethod,
    BadParams(String),
    Refused(String),
}

fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, Failure> {
    serde_json::from_value(params).map_err(|e| Failure::BadParams(e.to_string()))
}

fn to_json<T: serde::Serialize>(value: T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}
