// The extension in VS Code desktop (Electron) through @vscode/test-electron, where VS Code is available. Not
// part of `npm test` (CI cannot download VS Code): run it with `npm run test:electron`. It never reaches out
// on its own: it uses a VS Code given by SWITCHYARD_VSCODE_EXECUTABLE or already in .vscode-test/, and
// downloads one only when SWITCHYARD_ALLOW_DOWNLOAD=1. Without either it skips and says why, or fails under
// CI=true (requireOrSkip); the same checks run against real VS Code in test/ui (code-server in chromium).
import { test } from 'node:test';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { requireOrSkip } from '../support/env';

const repo = join(__dirname, '..', '..');

function localVSCode(): string | undefined {
  const given = process.env['SWITCHYARD_VSCODE_EXECUTABLE'];
  if (given && existsSync(given)) return given;
  const cache = join(repo, '.vscode-test');
  if (!existsSync(cache)) return undefined;
  for (const dir of readdirSync(cache)) {
    const candidate = join(cache, dir, 'code');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

test('VS Code desktop (Electron): activation, commands and compose diagnostics', async (t) => {
  const { runTests, downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  let executable = localVSCode();
  if (!executable && process.env['SWITCHYARD_ALLOW_DOWNLOAD'] === '1') {
    executable = await downloadAndUnzipVSCode({ version: 'stable', extensionDevelopmentPath: repo });
  }
  const reason =
    'no VS Code desktop here and downloads are off (this machine cannot reach the VS Code download server); ' +
    'set SWITCHYARD_VSCODE_EXECUTABLE, or SWITCHYARD_ALLOW_DOWNLOAD=1 where it can. The same checks run ' +
    'against real VS Code in test/ui (code-server)';
  if (executable === undefined) {
    requireOrSkip(t, false, reason);
    return;
  }
  await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: repo,
    extensionTestsPath: join(__dirname, 'suite', 'index.js'),
    launchArgs: [join(repo, 'examples', 'broken'), '--disable-extensions', '--disable-workspace-trust'],
  });
});
