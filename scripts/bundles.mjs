// What esbuild bundles, in one place: esbuild.mjs builds these; scripts/notice.mjs reads which packages they
// pull in from node_modules (their licences go into NOTICE, since the bundles drop legal comments).
import { existsSync } from 'node:fs';
import { etcdProtoPlugin } from './etcd-proto.mjs';
import { lazyVendors, lazyVendorsPlugin } from './lazy-vendors.mjs';
import { zodEnglishOnlyPlugin } from './zod-locales.mjs';

const vendorOuts = lazyVendors.map((name) => `vendor/${name}`);
const entries = [
  {
    in: 'client/src/extension.ts',
    out: 'client',
    external: ['vscode'],
    plugins: [lazyVendorsPlugin],
    needs: vendorOuts,
  },
  ...lazyVendors.map((name) => ({ in: `./node_modules/${name}`, out: `vendor/${name}` })),
  { in: 'server/src/server.ts', out: 'server' },
  // The CLI loads the Docker client only for `--docker-host`: from dist/vendor/ too, so a plain `lint` does not
  // even parse it (about half of the bundle: 40-85 ms of every run; bench/README.md, cli).
  {
    in: 'server/src/cli.ts',
    out: 'cli',
    banner: '#!/usr/bin/env node',
    plugins: [lazyVendorsPlugin],
    needs: vendorOuts,
  },
  {
    in: 'engine/src/main.ts',
    out: 'engine',
    banner: '#!/usr/bin/env node',
    plugins: [etcdProtoPlugin],
  },
];

/** esbuild options of every bundle: one file each, so the engine is one file to copy to a host. */
/**
 * `outdir` and `only` (names as in `out`) build some of the bundles elsewhere: scripts/pack-cli.mjs does. A
 * bundle named in `only` brings the vendor bundles it loads at run time (`needs`).
 */
export function bundleOptions({ production = false, watch = false, outdir = 'dist', only = undefined } = {}) {
  const wanted =
    only === undefined
      ? undefined
      : new Set([...only, ...entries.filter((e) => only.includes(e.out)).flatMap((e) => e.needs ?? [])]);
  return [
    ...entries
      .filter((e) => existsSync(e.in) && (wanted === undefined || wanted.has(e.out)))
      .map((e) => ({
        entryPoints: [e.in],
        outfile: `${outdir}/${e.out}.js`,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        sourcemap: !production,
        minify: production,
        external: [...(e.external ?? []), 'cpu-features', './crypto/build/Release/sshcrypto.node'],
        // Every bundle that takes zod takes its English locale alone (scripts/zod-locales.mjs).
        plugins: [...(e.plugins ?? []), zodEnglishOnlyPlugin],
        // import() of a lazily loaded vendor file becomes require(): no ESM loader, named exports as before.
        supported: { 'dynamic-import': false },
        banner: e.banner ? { js: e.banner } : undefined,
        logLevel: watch ? 'info' : 'warning',
        legalComments: 'none',
      })),
    // The topology webview's script runs in the browser, not in Node: its own build, with cytoscape inside.
    ...(only !== undefined
      ? []
      : [
          {
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
          },
        ]),
  ];
}
