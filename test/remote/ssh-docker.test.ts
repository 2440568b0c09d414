// The extension's host modules against real pieces: Debian's sshd in a throwaway namespace plays the remote
// host; the client side runs in the same namespace and reaches it on that namespace's loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createNetns } from '../support/netns';
import type { Netns } from '../support/netns';
import { startSshd } from '../support/sshd';
import type { Sshd } from '../support/sshd';
import { run } from '../support/proc';
import { isRoot, requireOrSkip, which } from '../support/env';
import { dockerReachable, dockerSocketPath } from '../support/docker';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { procInterfaces } from '@switchyard/core';
import type { HostFacts } from '@switchyard/core';
import { tmpdir } from 'node:os';
import { listNetns } from '../support/netns';
import { stepsOf } from './steps';

const scenario = join(__dirname, 'scenarios', 'ssh-client.ts');

async function drive(ns: Netns, sshd: Sshd, knownHosts: string, steps: string[], extra: object = {}) {
  const args = JSON.stringify({
    ...extra,
    host: '127.0.0.1',
    port: sshd.port,
    privateKeyPath: sshd.privateKeyPath,
    knownHosts,
    dockerSocket: dockerSocketPath() ?? '/var/run/docker.sock',
    steps,
  });
  const r = await ns.exec([process.execPath, '--import', 'tsx', scenario, args], { timeoutMs: 60_000 });
  return { byStep: stepsOf(r.stdout), stderr: r.stderr };
}

test('SSH hosts: host keys, exec with argument arrays, dockerode over a stream-local forward', async (t) => {
  if (!requireOrSkip(t, isRoot(), 'needs root to create namespaces')) return;
  if (!requireOrSkip(t, which('sshd') !== undefined, 'needs openssh-server (apt-get install openssh-server)'))
    return;
  const ns = await createNetns('sy-rem');
  t.after(() => ns.delete());
  const sshd = await startSshd({ ns });
  t.after(() => sshd.stop());

  await t.test('an unknown host key is shown with its fingerprint and not trusted by itself', async () => {
    const { byStep } = await drive(ns, sshd, '', []);
    const c = byStep.get('connect');
    assert.equal(c?.['ok'], false);
    const verdict = c?.['verdict'] as { kind: string; fingerprint: string };
    assert.equal(verdict.kind, 'unknown');
    const fp = await run(['ssh-keygen', '-l', '-E', 'sha256', '-f', `${sshd.dir}/host_key.pub`]);
    assert.ok(fp.stdout.includes(verdict.fingerprint), `${verdict.fingerprint} vs ${fp.stdout}`);
  });

  await t.test('a changed host key is refused', async () => {
    const otherKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBqPq0Uq1m1v6cVQ0fY0rP6mJ9nq6o1bW8XQ2f0g3h4i';
    const { byStep } = await drive(ns, sshd, `127.0.0.1 ${otherKey}\n`, []);
    const c = byStep.get('connect');
    assert.equal(c?.['ok'], false);
    assert.equal((c?.['verdict'] as { kind: string }).kind, 'changed');
  });

  await t.test('a known key connects; arguments arrive as single words', async () => {
    const { byStep, stderr } = await drive(ns, sshd, `${sshd.knownHostsLine}\n`, ['exec']);
    assert.equal(byStep.get('connect')?.['ok'], true, stderr);
    const exec = byStep.get('exec') as { code: number; stdout: string };
    assert.equal(exec.code, 0);
    assert.equal(exec.stdout, "hello world it's\n");
  });

  await t.test(
    "the host's /proc arrives in one exec, ss beside it: its sshd listening and named, interfaces, kernel",
    async () => {
      const { byStep, stderr } = await drive(ns, sshd, `${sshd.knownHostsLine}\n`, ['facts']);
      const facts = byStep.get('facts') as unknown as HostFacts | null;
      assert.ok(facts, stderr);
      const held = facts.ports.find((p) => p.port === sshd.port && p.protocol === 'tcp');
      assert.equal(held?.kind, 'listening', `sshd's port ${sshd.port} among ${JSON.stringify(facts.ports)}`);
      assert.match(held.owner, /^sshd \(pid \d+\)$/, 'ss on the host names the holder');
      const inNs = await ns.exec(['cat', '/proc/net/dev']);
      assert.deepEqual(
        facts.interfaces,
        procInterfaces(inNs.stdout),
        "the namespace's interfaces, not this host's",
      );
      assert.equal(facts.kernel, readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim());
    },
  );

  await t.test('dockerode reaches the host Docker through the same SSH connection', async (tt) => {
    if (!requireOrSkip(tt, await dockerReachable(), 'needs a running dockerd (scripts/ci/services.sh start)'))
      return;
    const { byStep, stderr } = await drive(ns, sshd, `${sshd.knownHostsLine}\n`, ['docker']);
    const d = byStep.get('docker') as { ok: boolean; names?: string[]; error?: string };
    assert.equal(d.ok, true, d.error ?? stderr);
    assert.ok(
      d.names?.includes('bridge') && d.names.includes('host') && d.names.includes('none'),
      String(d.names),
    );
  });

  await t.test(
    'the engine is deployed over SSH (checked by hash), started as root, and works',
    async (tt) => {
      if (!requireOrSkip(tt, which('nft') !== undefined, 'needs nftables (apt-get install nftables)')) return;
      const dir = mkdtempSync(join(tmpdir(), 'sy-remote-engine-'));
      const prefix = `r${(process.pid % 1296).toString(36)}`;
      tt.after(async () => {
        for (const name of await listNetns())
          if (name.startsWith(prefix)) await run(['ip', 'netns', 'del', name]);
        rmSync(dir, { recursive: true, force: true });
        // The daemon's prefix lock (its namespace's end killed it: a clean stop would have removed it).
        rmSync(`/run/switchyard/prefix-${prefix}.lock`, { force: true });
      });
      const bundle = join(__dirname, '..', '..', 'dist', 'engine.js');
      const { byStep, stderr } = await drive(ns, sshd, `${sshd.knownHostsLine}\n`, ['engine'], {
        engineDir: dir,
        prefix,
        bundle,
      });
      const e = byStep.get('engine') as {
        ok: boolean;
        error?: string;
        steps: string[];
        pid: number;
        pidAfterRedeploy: number;
        received: number;
      };
      assert.equal(e.ok, true, `${e.error ?? ''}\n${stderr}`);
      assert.deepEqual(e.steps, [
        'checking Node.js on the host',
        'uploading the engine',
        'starting the engine',
      ]);
      assert.equal(e.received, 2, 'both pings answered');
      assert.equal(e.pidAfterRedeploy, e.pid, 'the same bundle keeps the running daemon');
      // The daemon dies with the namespace (ns.delete kills what runs inside); nothing it made may outlive it.
    },
  );
});
