import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import { dockerClient, ensureDocker, testImage } from '../support/docker';
import { isCI } from '../support/env';
import { NamespaceHost, sh, skipReason, waitFor } from './harness';

const skip = skipReason(['iptables', 'iptables-save', 'iptables-restore']);

const ping = (h: NamespaceHost, from: string, host: string) =>
  h.c.call('diag.ping', { from: { sandbox: from }, host, count: 2, intervalMs: 200, timeoutMs: 2000 });

/** Both sandboxes' first addresses. */
async function addr(h: NamespaceHost, name: string): Promise<string> {
  return (await h.c.call('sandbox.inspect', { sandbox: name })).endpoints[0]?.ipv4 as string;
}

/**
 * The rules that matter when Docker shares the host: FORWARD policy DROP with a DOCKER-USER chain. A drop in
 * any base chain is final, so the engine's own accepts cannot overrule it; it keeps ACCEPTs for its bridges
 * in DOCKER-USER instead. Proven with and without those rules.
 */
async function checkBesideDocker(h: NamespaceHost) {
  h.addOutside();
  await h.c.call('network.create', { name: 'n1' });
  await h.c.call('network.create', { name: 'n2' });
  await h.c.call('sandbox.create', { name: 'a', networks: ['n1'] });
  await h.c.call('sandbox.create', { name: 'b', networks: ['n1'] });
  await h.c.call('sandbox.create', { name: 'c', networks: ['n2'] });
  assert.match(h.inHost(['iptables', '-S', 'DOCKER-USER']).stdout, new RegExp(`-i ${h.prefix}-b`));
  assert.equal((await ping(h, 'a', '198.51.100.2')).received, 2, 'out through NAT despite FORWARD DROP');
  assert.equal((await ping(h, 'a', await addr(h, 'b'))).received, 2, 'within one network');
  assert.equal((await ping(h, 'a', await addr(h, 'c'))).received, 0, 'isolation still holds');
  // Take our DOCKER-USER rules away: Docker's DROP wins (so this test can fail). The daemon runs without
  // its drift timer here, so nothing races the check; a restart re-applies them (reconcile).
  const dropOurs = () => {
    const ours = h
      .inHost(['iptables', '-S', 'DOCKER-USER'])
      .stdout.split('\n')
      .filter((l) => l.includes(`switchyard_${h.prefix}`));
    for (const rule of ours) h.inHost(['iptables', ...rule.replace(/^-A /, '-D ').split(' ')]);
  };
  dropOurs();
  assert.equal((await ping(h, 'a', '198.51.100.2')).received, 0, 'FORWARD DROP bites without our rules');
  await h.kill9();
  await h.startDaemon(['--drift-check-ms', '300']);
  assert.equal((await ping(h, 'a', '198.51.100.2')).received, 2, 'restored at start');
  // And with the drift timer on, a removal is repaired while the daemon runs.
  dropOurs();
  await waitFor(
    'the drift check to restore DOCKER-USER rules',
    () => h.inHost(['iptables', '-S', 'DOCKER-USER']).stdout.includes(`switchyard_${h.prefix}`),
    15_000,
  );
  assert.equal((await ping(h, 'a', '198.51.100.2')).received, 2);
}

describe('engine: beside Docker', { skip }, () => {
  describe("with Docker's FORWARD DROP and DOCKER-USER in the namespace host", () => {
    let h: NamespaceHost;
    before(async () => {
      // Docker's rules are in place before the engine starts, as on a host where dockerd runs first.
      const docker = [
        ['-N', 'DOCKER-USER'],
        ['-A', 'DOCKER-USER', '-j', 'RETURN'],
        ['-I', 'FORWARD', '-j', 'DOCKER-USER'],
        ['-P', 'FORWARD', 'DROP'],
      ];
      h = await NamespaceHost.start(['--drift-check-ms', '3600000'], (host) => {
        for (const rule of docker) assert.equal(host.inHost(['iptables', '-w', ...rule]).status, 0);
      });
    });
    after(async () => h?.close());
    test('traffic, isolation and the drift check', () => checkBesideDocker(h));
  });

  describe('with a running dockerd', () => {
    let h: NamespaceHost | undefined;
    let docker: Docker;
    let container: Docker.Container | undefined;
    let reason: string | undefined;
    before(async () => {
      reason = await ensureDocker();
      if (reason && isCI()) throw new Error(`CI=true and Docker is not available: ${reason}`);
      if (reason) return;
      docker = dockerClient();
      // dockerd's live ruleset (read from the machine, never changed there) loaded into the namespace host.
      // dockerd sets the FORWARD policy to DROP only when it turned ip_forward on itself; on a host where
      // forwarding was already on it leaves ACCEPT, so the namespace host gets the DROP dockerd sets elsewhere.
      const live = sh(['iptables-save']).stdout;
      assert.match(live, /DOCKER-USER/, 'dockerd has set up its chains');
      const saved = live.replace(/^:FORWARD ACCEPT /m, ':FORWARD DROP ');
      assert.match(saved, /^:FORWARD DROP /m);
      h = await NamespaceHost.start(['--drift-check-ms', '3600000'], (host) =>
        assert.equal(host.inHost(['iptables-restore'], saved).status, 0),
      );
      container = await docker.createContainer({
        Image: testImage(),
        Cmd: ['sleep', '600'],
        name: `sy-engine-${randomBytes(4).toString('hex')}`,
      });
      await container.start();
    });
    after(async () => {
      await container?.remove({ force: true }).catch(() => undefined);
      await h?.close();
    });

    test("traffic and isolation with dockerd's real ruleset", async (t) => {
      if (reason || !h) return t.skip(reason);
      await checkBesideDocker(h);
    });

    test('ping and tcp probes run inside a Docker container by id (through its pid)', async (t) => {
      if (reason || !h || !container) return t.skip(reason);
      const info = await container.inspect();
      const ip = Object.values(info.NetworkSettings.Networks)[0]?.IPAddress as string;
      const id = info.Id.slice(0, 12);
      const r = await h.c.call('diag.ping', { from: { container: id }, host: ip, count: 1, timeoutMs: 2000 });
      assert.equal(r.received, 1, r.output);
      const tcp = await h.c.call('diag.tcp', { from: { container: id }, host: ip, port: 1, timeoutMs: 2000 });
      assert.equal(tcp.error, 'ECONNREFUSED', 'the probe ran where the container address is local');
      const fromSandbox = await h.c.call('diag.tcp', {
        from: { sandbox: 'a' },
        host: ip,
        port: 1,
        timeoutMs: 500,
      });
      assert.notEqual(fromSandbox.error, 'ECONNREFUSED');
      await assert.rejects(
        h.c.call('diag.ping', { from: { container: 'no-such-container-x' }, host: ip }),
        /No such container/,
      );
    });

    test('probes in a container resolve names as the container does (its 127.0.0.11)', async (t) => {
      if (reason || !h) return t.skip(reason);
      const tag = randomBytes(4).toString('hex');
      const net = await docker.createNetwork({ Name: `sy-probe-${tag}` });
      const made: Docker.Container[] = [];
      t.after(async () => {
        for (const c of made) await c.remove({ force: true }).catch(() => undefined);
        await net.remove().catch(() => undefined);
      });
      for (const name of [`sy-one-${tag}`, `sy-two-${tag}`]) {
        const c = await docker.createContainer({
          Image: testImage(),
          Cmd: ['sleep', '600'],
          name,
          HostConfig: { NetworkMode: `sy-probe-${tag}` },
        });
        made.push(c);
        await c.start();
      }
      const [one, two] = await Promise.all(made.map((c) => c.inspect()));
      const twoIp = Object.values(two?.NetworkSettings.Networks ?? {})[0]?.IPAddress;
      const from = { container: (one?.Id ?? '').slice(0, 12) };
      // A name only the container's resolver (Docker's 127.0.0.11 on the user network) knows.
      const r = await h.c.call('diag.ping', { from, host: `sy-two-${tag}`, count: 1, timeoutMs: 3000 });
      assert.equal(r.received, 1, r.output);
      assert.equal(r.replies[0]?.from, twoIp);
      const tcp = await h.c.call('diag.tcp', { from, host: `sy-two-${tag}`, port: 1, timeoutMs: 2000 });
      assert.equal(tcp.error, 'ECONNREFUSED', 'connected to the right address, nothing listens on port 1');
      // Its own name comes from its /etc/hosts (Docker writes the hostname there), as in the container.
      const self = await h.c.call('diag.tcp', {
        from,
        host: one?.Config.Hostname ?? '',
        port: 1,
        timeoutMs: 2000,
      });
      assert.equal(self.error, 'ECONNREFUSED');
      await assert.rejects(
        h.c.call('diag.ping', { from, host: `sy-none-${tag}`, count: 1, timeoutMs: 2000 }),
        /Name or service not known/,
      );
    });
  });
});
