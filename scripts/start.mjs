// `npm start`: does its own set-up (node_modules when missing or stale, the build), lints the example project
// in examples/broken and prints what Switchyard finds, then opens the same project in real VS Code
// (code-server, installed on first use with the Debian build tools it needs) and prints its URL. The example
// is broken on purpose, so its errors are the expected output. `npm start -- --lint-only` (or
// SWITCHYARD_LINT_ONLY=1) stops after the lint; it exits 0 unless the set-up fails or the lint cannot run.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { build, ensureNodeModules, root } from './setup.mjs';

ensureNodeModules();
build();

const example = 'examples/broken/compose.yaml';
console.log(`$ switchyard lint ${example}\n`);
const lint = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'lint', example], {
  cwd: root,
  stdio: 'inherit',
});
if (lint.status === 2 || lint.status === null) process.exit(2);
console.log(
  `\nThose mistakes are deliberate (see the comments in ${example}); examples/clean has none.` +
    '\nCheck your own project with: npx switchyard lint path/to/compose.yaml [--format json|sarif]\n',
);
if (process.argv.includes('--lint-only') || process.env.SWITCHYARD_LINT_ONLY === '1') process.exit(0);
await import('./ui/editor.mjs');
