// `npm run editor` (and the second half of `npm start`): real VS Code in your browser, with Switchyard
// installed and the example project open, connected to this machine (localhost). code-server and the Node 24
// it needs are installed from npm on the first run (a few minutes), into ~/.cache/switchyard.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installCodeServer, packageExtension, startCodeServer } from './code-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const folder = process.argv[2] ?? join(root, 'examples', 'broken');

const build = spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
console.log(
  'Preparing VS Code (code-server; the first run installs it from npm, which takes a few minutes)…',
);
installCodeServer();
const vsix = packageExtension(join(mkdtempSync(join(tmpdir(), 'sy-vsix-')), 'switchyard.vsix'));
const server = await startCodeServer({ vsix, folder });
console.log(
  `\nSwitchyard in VS Code: ${server.url}\nOpen it in a browser; the Switchyard view is in the activity bar. Ctrl+C stops it.`,
);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
