// Activation: builds the client bundle in three ways into a temp folder, then times `require(bundle)` and
// `activate()` in fresh node processes (activate-once.ts, bundled so the child runs on plain node, like the
// extension host). The variants alternate run by run so machine load hits them alike.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { lazyVendorsPlugin } from '../../scripts/lazy-vendors.mjs';
import { bundleOptions } from '../../scripts/bundles.mjs';
import type { Plugin } from 'esbuild';
import { summarize } from '../lsp/stats';
import type { Summary } from '../lsp/stats';

export interface Variant {
  name: string;
  bytes: number;
  requireMs: Summary;
  activateMs: Summary;
  totalMs: Summary;
  totalCpuMs: Summary;
}

interface Once {
  requireMs: number;
  activateMs: number;
  requireCpuMs: number;
  activateCpuMs: number;
  commands: number;
  views: number;
}

/**
 * The baseline: the language client library initialised at load, as before it moved behind import().
 * A side-effect import at the top of language-client.ts is exactly what the old static import did.
 */
const eagerLanguageClient: Plugin = {
  name: 'eager-language-client',
  setup(b) {
    b.onLoad({ filter: /client[\\/]src[\\/]lsp[\\/]language-client\.ts$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const source = await readFile(args.path, 'utf8');
      return { contents: `import 'vscode-languageclient/node';\n${source}`, loader: 'ts' };
    });
  },
};

/** dist/client.js as esbuild.mjs builds it (scripts/bundles.mjs, the one list of bundle options), elsewhere. */
async function bundle(repo: string, outfile: string, production: boolean, plugins: Plugin[] = []) {
  const [client] = bundleOptions({ production, only: ['client'] });
  if (!client) throw new Error(`scripts/bundles.mjs has no client bundle (run from the repository, ${repo})`);
  await build({ ...client, entryPoints: [join(repo, 'client/src/extension.ts')], outfile, plugins });
}

export async function measureActivation(repo: string, dir: string, runs: number): Promise<Variant[]> {
  const child = join(dir, 'activate-once.js');
  await build({
    entryPoints: [join(__dirname, 'activate-once.ts')],
    outfile: child,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'warning',
  });
  const variants = [
    { name: 'before: everything loaded at activation (dev)', file: join(dir, 'eager', 'client.js') },
    { name: 'as shipped: lazy client, docker, ssh (dev)', file: join(dir, 'dev', 'client.js') },
    { name: 'as shipped, --production (minify)', file: join(dir, 'prod', 'client.js') },
  ];
  const [eager, dev, prod] = variants.map((v) => v.file) as [string, string, string];
  await bundle(repo, eager, false, [eagerLanguageClient]);
  await bundle(repo, dev, false, [lazyVendorsPlugin]);
  await bundle(repo, prod, true, [lazyVendorsPlugin]);
  const samples = variants.map((v) => ({ ...v, runs: [] as Once[] }));
  // One unmeasured run each warms the page cache, so the first variant is not charged for the disk.
  for (let round = -1; round < runs; round++) {
    for (const v of samples) {
      const out = execFileSync(process.execPath, [child, v.file, repo], { encoding: 'utf8' });
      const once = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Once;
      if (once.commands < 1 || once.views < 1) throw new Error(`${v.name}: activate registered nothing`);
      if (round >= 0) v.runs.push(once);
    }
  }
  return samples.map((v) => {
    const s = v.runs;
    return {
      name: v.name,
      bytes: statSync(v.file).size,
      requireMs: summarize(s.map((x) => x.requireMs)),
      activateMs: summarize(s.map((x) => x.activateMs)),
      totalMs: summarize(s.map((x) => x.requireMs + x.activateMs)),
      totalCpuMs: summarize(s.map((x) => x.requireCpuMs + x.activateCpuMs)),
    };
  });
}
