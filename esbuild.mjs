// Bundles every entry point into dist/ (scripts/bundles.mjs lists them): dist/client.js, dist/server.js,
// dist/engine.js (one file to copy to a host), dist/cli.js, dist/vendor/*.js and dist/topology.js.
import { build } from 'esbuild';
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

await Promise.all(bundleOptions({ production, watch, outdir, only }).map((options) => build(options)));
