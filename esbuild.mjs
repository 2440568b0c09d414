// Bundles every entry point into dist/: one file each, so the engine is one file to copy to a host.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { etcdProtoPlugin } from './scripts/etcd-proto.mjs';
import { lazyVendors, lazyVendorsPlugin } from './scripts/lazy-vendors.mjs';

const entries = [
  { in: 'client/src/extension.ts', out: 'client', external: ['vscode'], plugins: [lazyVendorsPlugin] },
  ...lazyVendors.map((name) => ({ in: `./node_modules/${name}`, out: `vendor/${name}` })),
  { in: 'server/src/server.ts', out: 'server' },
  { in: 'server/src/cli.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  {
    in: 'engine/src/main.ts',
    out: 'engine',
    banner: '#!/usr/bin/env node',
    plugins: [etcdProtoPlugin],
  },
];

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

await Promise.all([
  ...entries
    .filter((e) => existsSync(e.in) && (only === undefined || only.includes(e.out)))
    .map((e) =>
      build({
        entryPoints: [e.in],
        outfile: `${outdir}/${e.out}.js`,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        sourcemap: !production,
        minify: production,
        external: [...(e.external ?? []), 'cpu-features', './crypto/build/Release/sshcrypto.node'],
        plugins: e.plugins ?? [],
        // import() of a lazily loaded vendor file becomes require(): no ESM loader, named exports as before.
        supported: { 'dynamic-import': false },
        banner: e.banner ? { js: e.banner } : undefined,
        logLevel: watch ? 'info' : 'warning',
        legalComments: 'none',
      }),
    ),
  // The topology webview's script runs in the browser, not in Node: its own build, with cytoscape inside.
  ...(only !== undefined
    ? []
    : [
        build({
          entryPoints: ['client/src/views/topology/webview/main.ts'],
          outfile: 'dist/topology.js',
          bundle: true,
          platform: 'browser',
          target: 'es2022',
          format: 'iife',
          sourcemap: !production,
          minify: production,
          logLevel: watch ? 'info' : 'warning',
          legalComments: 'none',
        }),
      ]),
]);
