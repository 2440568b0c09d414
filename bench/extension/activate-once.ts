// One activation in a fresh process: `require` the bundle, then `activate()` against the vscode stub.
// Prints one JSON line; activation.bench.ts bundles this file and runs it many times on plain node (no tsx,
// no source-map support, as in the extension host). argv: BUNDLE EXTENSION_ROOT
import { performance } from 'node:perf_hooks';
import * as stub from './vscode-stub';
import { extensionContext, installVscodeStub, recorded } from './vscode-stub';

type Extension = { activate(ctx: unknown): Promise<void>; deactivate?(): Promise<void> };

async function main(): Promise<void> {
  const [bundle, root] = process.argv.slice(2);
  if (!bundle || !root) throw new Error('usage: activate-once.ts BUNDLE EXTENSION_ROOT');
  installVscodeStub(stub);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS bundle, timed synchronously
  const ext = require(bundle) as Extension;
  const t1 = performance.now();
  const cpu1 = process.cpuUsage();
  await ext.activate(extensionContext(root));
  const t2 = performance.now();
  const cpu2 = process.cpuUsage();
  const ms = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
  // Counts of what activate registered: a bundle that skipped wiring cannot pass for a fast one.
  const line = {
    requireMs: t1 - t0,
    activateMs: t2 - t1,
    requireCpuMs: ms(process.cpuUsage(cpu0)) - ms(process.cpuUsage(cpu1)),
    activateCpuMs: ms(process.cpuUsage(cpu1)) - ms(process.cpuUsage(cpu2)),
    commands: recorded.commands.length,
    views: recorded.views.length,
    providers: recorded.providers.length,
    loadedModules: Object.keys(require.cache).length,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
