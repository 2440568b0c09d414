// Bundles every entry point into dist/ (scripts/bundles.mjs lists them): dist/client.js, dist/server.js,
// dist/engine.js (one file to copy to a host), dist/cli.js, dist/vendor/*.js and dist/topology.js.
import { build, context } from 'esbuild';
import { bundleOptions } from './scripts/bundles.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
// `--outdir DIR --only cli,server,engine`: some of the bundles, elsewhere (scripts/pack-cli.mjs builds the npm
// package's so).
const argValue = (name) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const outdir = argValue('--outdir') ?? 'dist';
const only = argValue('--only')?.split(',');

const options = bundleOptions({ production, watch, outdir, only });
if (watch) {
  // `--watch`: one esbuild context per bundle, rebuilt on every change until interrupted; each prints
  // "[watch] build finished" (the end pattern of .vscode/tasks.json's "watch" task).
  const contexts = await Promise.all(options.map((o) => context(o)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(options.map((o) => build(o)));
}
