// `switchyard lint` without --docker-host does not load the Docker client (dockerode, ssh2 and, through
// them, grpc-js and protobufjs): evaluated at every start they cost each run about 0.1 s of CPU and 10 MB
// (bench/README.md, cli). Checked in a fresh process, where a static import would have loaded them first.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from 'esbuild';
import { bundleOptions } from '../../../../scripts/bundles.mjs';

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

// The built CLI does not even parse the Docker client for a plain `lint`: compiling it was about 40 ms and
// 6 MB of every run (bench/README.md, cli). The bundle refers to dist/vendor/*.js by path; `--only cli`
// builds them beside it, and `--docker-host` loads them from there.
test('the CLI bundle leaves the Docker client to vendor/ files beside it and --docker-host loads them', async () => {
  const out = mkdtempSync(join(tmpdir(), 'lazy-docker-bundle-'));
  try {
    await Promise.all(
      bundleOptions({ outdir: out, only: ['cli'], production: true }).map((o) =>
        build({ ...o, logLevel: 'silent' }),
      ),
    );
    assert.ok(existsSync(join(out, 'vendor', 'dockerode.js')), 'vendor/dockerode.js built with the CLI');
    assert.ok(existsSync(join(out, 'vendor', 'ssh2.js')), 'vendor/ssh2.js built with the CLI');
    const cli = readFileSync(join(out, 'cli.js'), 'utf8');
    // Strings of docker-modem, grpc-js and ssh2's key exchange: in the bundle only if the client is in it.
    for (const inside of ['DOCKER_CERT_PATH', 'grpc-js', 'diffie-hellman-group14-sha256'])
      assert.ok(!cli.includes(inside), `cli.js holds "${inside}": the Docker client is bundled into it`);

    const work = join(out, 'work');
    mkdirSync(work);
    writeFileSync(join(work, 'compose.yaml'), 'services:\n  a:\n    image: x\n');
    const run = (argv: string[]) =>
      spawnSync(process.execPath, [join(out, 'cli.js'), ...argv, 'compose.yaml'], {
        cwd: work,
        encoding: 'utf8',
      });
    const plain = run(['lint']);
    assert.equal(plain.status, 0, plain.stderr);
    const remote = run(['lint', '--docker-host', `unix://${join(out, 'no-docker.sock')}`]);
    assert.equal(remote.status, 2, remote.stderr);
    assert.match(remote.stderr, /cannot read Docker at unix:.*no Docker socket there; is dockerd running\?/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
