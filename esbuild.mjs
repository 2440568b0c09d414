// Bundles every entry point into dist/: one file each, so the engine is one file to copy to a host.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

/**
 * The extension loads dockerode and ssh2 only when it first talks to Docker or opens an SSH connection. They
 * are bundled on their own (dist/vendor/*.js) and the extension's bundle refers to them by path, so VS Code
 * does not even parse them at activation (about a third of the activation cost).
 */
const lazyVendors = ['dockerode', 'ssh2'];
const vendorExternal = {
  name: 'lazy-vendors',
  setup(b) {
    const filter = new RegExp(`^(${lazyVendors.join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: `./vendor/${args.path}.js`, external: true }));
  },
};

const entries = [
  { in: 'client/src/extension.ts', out: 'client', external: ['vscode'], plugins: [vendorExternal] },
  ...lazyVendors.map((name) => ({ in: `./node_modules/${name}`, out: `vendor/${name}` })),
  { in: 'server/src/server.ts', out: 'server' },
  { in: 'server/src/cli.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  { in: 'engine/src/main.ts', out: 'engine', banner: '#!/usr/bin/env node' },
];

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

await Promise.all([
  ...entries
    .filter((e) => existsSync(e.in))
    .map((e) =>
      build({
        entryPoints: [e.in],
        outfile: `dist/${e.out}.js`,
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
]);
