// Starts `kryc lsp` for .kry files. Everything the editor shows (diagnostics, completion,
// hover, definitions, references, rename, formatting, code actions, semantic tokens,
// outline, folding) comes from the server; the TextMate grammar gives the colours of the
// KRY parts and of the embedded script bodies.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('kry').get('server.path') || 'kryc';
  const server = { command, args: ['lsp'] };
  client = new LanguageClient(
    'kry',
    'KRY (kryc lsp)',
    { run: server, debug: server },
    { documentSelector: [{ scheme: 'file', language: 'kry' }] },
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
