// `switchyard lint` without --docker-host does not load the Docker client (dockerode, ssh2 and, through
// them, grpc-js and protobufjs): evaluated at every start they cost each run about 0.1 s of CPU and 10 MB
// (bench/README.md, cli). Checked in a fresh process, where a static import would have loaded them first.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const repo = join(__dirname, '..', '..', '..', '..');

function loadedVendors(argv: string[]): { code: number; vendors: string[] } {
  const script = `
    const { runCli } = require(${JSON.stringify(join(repo, 'server/src/lint-cli/main.ts'))});
    const { mkdtempSync, writeFileSync } = require('node:fs');
    const dir = mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'lazy-docker-'));
    writeFileSync(dir + '/compose.yaml', 'services:\\n  a:\\n    image: x\\n');
    const io = { stdout() {}, stderr() {}, isTTY: false, cwd: dir, env: {}, stdinIsTTY: true };
    runCli(${JSON.stringify(argv)}.concat([dir + '/compose.yaml']), io).then((code) => {
      require('node:fs').rmSync(dir, { recursive: true, force: true });
      const vendors = Object.keys(require.cache)
        .map((p) => /node_modules\\/(dockerode|ssh2|@grpc\\/grpc-js|protobufjs)\\//.exec(p)?.[1])
        .filter(Boolean);
      process.stdout.write(JSON.stringify({ code, vendors: [...new Set(vendors)] }));
    });
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: repo, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { code: number; vendors: string[] };
}

test('lint without --docker-host loads no Docker client', () => {
  const r = loadedVendors(['lint']);
  assert.equal(r.code, 0);
  assert.deepEqual(r.vendors, []);
});

test('lint with --docker-host loads it (the control: the check sees a loaded client)', () => {
  const r = loadedVendors(['lint', '--docker-host', 'unix:///nonexistent.sock']);
  assert.equal(r.code, 2, 'no Docker at that socket: could not run');
  assert.ok(r.vendors.includes('dockerode'), `loaded: ${r.vendors.join(', ')}`);
});
