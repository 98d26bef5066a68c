// Tokenizes KRY files with grammar/kry.tmLanguage.json through vscode-textmate and
// vscode-oniguruma (the engine VS Code uses), and checks what tests/grammar.rs asks:
// every script body is scoped as its language from its first character to its last and
// no further, and KRY tokens have the scopes given. Input: a JSON file (argument 1); output:
// JSON on stdout: { failures: [...], tokens: { file: [[text, scopes]...] } }.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const wasm = readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm')).buffer;
await oniguruma.loadWASM(wasm);
const registry = new vsctm.Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
    createOnigString: (s) => new oniguruma.OnigString(s),
  }),
  loadGrammar: async (scopeName) =>
    scopeName === 'source.kry'
      ? vsctm.parseRawGrammar(readFileSync(input.grammar, 'utf8'), input.grammar)
      : null,
});
const grammar = await registry.loadGrammar('source.kry');

const failures = [];
const tokens = {};
for (const file of input.files) {
  const text = readFileSync(file.path, 'utf8');
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  let stack = vsctm.INITIAL;
  const perLine = [];
  for (const line of lines) {
    const result = grammar.tokenizeLine(line, stack, 5000);
    stack = result.ruleStack;
    perLine.push(result.tokens);
  }
  const scopesAt = (line, column) => {
    const list = perLine[line] || [];
    const t = list.find((t) => t.startIndex <= column && column < t.endIndex);
    return t ? t.scopes : [];
  };
  const fail = (what) => failures.push(`${file.name}: ${what}`);
  for (const body of file.bodies) {
    const [sl, sc] = body.start;
    const [el, ec] = body.end;
    const wanted = body.scope;
    let bad = null;
    for (let l = sl; l <= el && !bad; l++) {
      const from = l === sl ? sc : 0;
      const to = l === el ? ec : lines[l].length;
      for (let c = from; c < to; c++) {
        if (!scopesAt(l, c).includes(wanted)) {
          bad = [l, c];
          break;
        }
      }
    }
    if (bad) {
      fail(`body ${sl + 1}:${sc + 1}-${el + 1}:${ec + 1} is not ${wanted} at ${bad[0] + 1}:${bad[1] + 1} (${scopesAt(bad[0], bad[1]).join(' ')})`);
      continue;
    }
    const after = scopesAt(el, ec);
    if (after.includes(wanted) || !after.includes('punctuation.section.block.end.kry')) {
      fail(`body ${sl + 1}:${sc + 1} does not end at ${el + 1}:${ec + 1} (there: ${after.join(' ')})`);
    }
  }
  for (const probe of file.probes) {
    const scopes = scopesAt(probe.line, probe.column);
    if (!scopes.some((s) => s.includes(probe.scope))) {
      fail(`${probe.what} at ${probe.line + 1}:${probe.column + 1} is not ${probe.scope} (${scopes.join(' ')})`);
    }
  }
  if (file.snapshot) {
    tokens[file.name] = perLine.flatMap((list, l) =>
      list
        .filter((t) => lines[l].slice(t.startIndex, t.endIndex).trim() !== '')
        .map((t) => [lines[l].slice(t.startIndex, t.endIndex), t.scopes.slice(1).join(' ')]),
    );
  }
}
process.stdout.write(JSON.stringify({ failures, tokens }));
