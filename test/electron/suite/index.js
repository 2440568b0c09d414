// Runs inside VS Code's extension host (loaded by @vscode/test-electron): the same checks as test/ui, through
// the VS Code API instead of the browser. Plain JavaScript: the extension host loads it as it is.
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');

async function waitFor(fn, ms, what) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

exports.run = async function run() {
  const ext = vscode.extensions.all.find((e) => e.packageJSON.name === 'switchyard');
  assert.ok(ext, 'the Switchyard extension is installed');
  await ext.activate();
  const commands = await vscode.commands.getCommands(true);
  for (const id of ['switchyard.network.create', 'switchyard.endpoint.ping', 'switchyard.engine.deploy']) {
    assert.ok(commands.includes(id), `${id} is registered`);
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(folder, 'the example workspace is open');
  const doc = await vscode.workspace.openTextDocument(path.join(folder, 'compose.yaml'));
  await vscode.window.showTextDocument(doc);
  const diagnostics = await waitFor(
    () => {
      const found = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'switchyard');
      return found.length > 0 ? found : undefined;
    },
    30_000,
    'Switchyard diagnostics on examples/broken/compose.yaml',
  );
  const codes = diagnostics.map((d) => String(typeof d.code === 'object' ? d.code.value : d.code));
  for (const code of ['NET109', 'NET063', 'NET010', 'NET011', 'NET036']) {
    assert.ok(codes.includes(code), `${code} is reported (got ${codes.join(', ')})`);
  }
};
