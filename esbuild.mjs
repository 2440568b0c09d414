// Bundles every entry point into dist/ (scripts/bundles.mjs lists them): dist/client.js, dist/server.js,
// dist/engine.js (one file to copy to a host), dist/cli.js, dist/vendor/*.js and dist/topology.js.
import { build } from 'esbuild';
import { bundleOptions } from './scripts/bundles.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

await Promise.all(bundleOptions({ production, watch }).map((options) => build(options)));
