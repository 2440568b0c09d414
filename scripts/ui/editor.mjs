// `npm run editor` (and the second half of `npm start`): real VS Code in your browser, with Switchyard
// installed and the example project open, connected to this machine (localhost). code-server and the Node 24
// it needs are installed from npm on the first run (a few minutes), into ~/.cache/switchyard.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, ensureNodeModules, root } from '../setup.mjs';
import { codeServerInstalled, installCodeServer, packageExtension, startCodeServer } from './code-server.mjs';

const folder = process.argv[2] ?? join(root, 'examples', 'broken');

ensureNodeModules();
build();
if (!codeServerInstalled()) {
  console.log(
    'Preparing VS Code (code-server; the first run installs it from npm, which takes a few minutes)…',
  );
  installCodeServer();
}
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
