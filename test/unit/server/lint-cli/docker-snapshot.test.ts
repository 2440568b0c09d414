import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerOptions, dockerSnapshot } from '../../../../server/src/lint-cli/docker-snapshot';
import { sshDockerTarget } from '../../../../server/src/lint-cli/ssh-docker';
import { InputError } from '../../../../server/src/lint-cli/input';
import { which } from '../../../support/env';

/** A stand-in for the Docker Engine API on a Unix socket of the test's own: only the calls the lint makes. */
async function fakeDocker(
  routes: Record<string, unknown>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-docker-'));
  const sock = join(dir, 'docker.sock');
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const body = routes[path];
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? { message: `no route ${path}` }));
  });
  await new Promise<void>((resolve) => server.listen(sock, resolve));
  return {
    url: `unix://${sock}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const NETWORK = {
  Name: 'app_back',
  Id: 'n1',
  Scope: 'local',
  Driver: 'bridge',
  Internal: false,
  IPAM: { Driver: 'default', Config: [{ Subnet: '172.30.0.0/24', Gateway: '172.30.0.1' }] },
  Containers: {
    c1: { Name: 'app-db-1', EndpointID: 'e', MacAddress: '', IPv4Address: '172.30.0.2/24', IPv6Address: '' },
  },
  Labels: { 'com.docker.compose.project': 'app' },
};

test('dockerSnapshot: networks with subnets and containers, published ports of running containers', async () => {
  const fake = await fakeDocker({
    '/networks': [{ Name: 'app_back', Id: 'n1' }],
    '/networks/n1': NETWORK,
    '/version': { Version: '20.10.24+dfsg1', ApiVersion: '1.41' },
    '/containers/json': [
      {
        Id: 'c1',
        Names: ['/app-db-1'],
        Ports: [
          { IP: '0.0.0.0', PrivatePort: 5432, PublicPort: 15432, Type: 'tcp' },
          { PrivatePort: 9000, Type: 'tcp' },
        ],
      },
    ],
  });
  try {
    const snap = await dockerSnapshot(fake.url);
    assert.equal(snap.host, 'localhost');
    assert.deepEqual(
      snap.networks.map((n) => [n.name, n.driver, n.subnets, n.containers]),
      [['app_back', 'bridge', [{ subnet: '172.30.0.0/24', gateway: '172.30.0.1' }], ['app-db-1']]],
    );
    assert.deepEqual(
      snap.ports.filter((p) => p.kind === 'published'),
      [{ hostIp: '0.0.0.0', port: 15432, protocol: 'tcp', owner: 'app-db-1', kind: 'published' }],
    );
    assert.equal(snap.dockerVersion, '20.10.24+dfsg1');
  } finally {
    await fake.close();
  }
});

test("dockerSnapshot over a local socket adds this machine's /proc: a listener of ours, interfaces, kernel", async () => {
  const fake = await fakeDocker({ '/networks': [], '/containers/json': [] });
  const listener = createNetServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  try {
    const port = (listener.address() as AddressInfo).port;
    const snap = await dockerSnapshot(fake.url);
    assert.deepEqual(
      snap.ports.filter((p) => p.port === port),
      // ss (iproute2) names the holder: this very process. Without ss (a bare Debian root has no iproute2)
      // /proc alone cannot say whose socket it is.
      [
        {
          hostIp: '127.0.0.1',
          port,
          protocol: 'tcp',
          owner: which('ss') ? `node (pid ${process.pid})` : 'a process',
          kind: 'listening',
        },
      ],
    );
    assert.ok(snap.interfaces?.includes('lo'), `interfaces: ${snap.interfaces?.join(', ')}`);
    assert.equal(snap.kernel, readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim());
    assert.equal(snap.dockerVersion, undefined, 'a Docker that does not answer /version gives no version');
  } finally {
    await new Promise<void>((resolve) => listener.close(() => resolve()));
    await fake.close();
  }
});

test('dockerSnapshot: a reply of the wrong shape is one clear error naming the endpoint', async () => {
  const fake = await fakeDocker({
    '/networks': [{ Name: 'x', Id: 'n1' }],
    '/networks/n1': { Name: 'x', Id: 'n1', IPAM: { Config: 'nope' } },
    '/containers/json': [],
  });
  try {
    await assert.rejects(dockerSnapshot(fake.url), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /unexpected reply from Docker GET \/networks\/n1: IPAM\.Config/);
      return true;
    });
  } finally {
    await fake.close();
  }
});

test('dockerSnapshot: no daemon at the socket says so', async () => {
  await assert.rejects(dockerSnapshot('unix:///nonexistent/docker.sock'), /no Docker socket there/);
});

test('dockerOptions: unix and tcp URLs; other schemes are refused', () => {
  assert.deepEqual(dockerOptions('unix:///var/run/docker.sock').socketPath, '/var/run/docker.sock');
  const tcp = dockerOptions('tcp://10.0.0.5:2375');
  assert.deepEqual([tcp.protocol, tcp.host, tcp.port], ['http', '10.0.0.5', 2375]);
  assert.throws(() => dockerOptions('ftp://x'), /unsupported scheme ftp:/);
  assert.throws(() => dockerOptions('not a url'), /not a URL/);
});

test('ssh:// URLs: user and port of the URL win over ~/.ssh/config; the path is the Docker socket', (t) => {
  const home = mkdtempSync(join(tmpdir(), 'sy-sshurl-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  mkdirSync(join(home, '.ssh'));
  writeFileSync(join(home, '.ssh', 'config'), 'Include hosts.d/*\n');
  mkdirSync(join(home, '.ssh', 'hosts.d'));
  writeFileSync(
    join(home, '.ssh', 'hosts.d', 'build'),
    'Host build-1\n  HostName 10.0.0.7\n  User builder\n  Port 2200\n  ProxyJump gw\n',
  );
  const plain = sshDockerTarget('ssh://build-1', home, 'me');
  assert.deepEqual(
    [plain.entry.hostName, plain.entry.user, plain.entry.port, plain.socket],
    ['10.0.0.7', 'builder', 2200, '/var/run/docker.sock'],
  );
  assert.deepEqual(
    plain.entry.jumps?.map((j) => [j.hostName, j.user]),
    [['gw', 'me']],
  );
  const given = sshDockerTarget('ssh://deploy@build-1:2222/run/user/1000/docker.sock', home, 'me');
  assert.deepEqual(
    [given.entry.user, given.entry.port, given.socket],
    ['deploy', 2222, '/run/user/1000/docker.sock'],
  );
  writeFileSync(join(home, '.ssh', 'hosts.d', 'loop'), 'Include config\n');
  assert.throws(
    () => sshDockerTarget('ssh://build-1', home, 'me'),
    (e: unknown) => e instanceof InputError && /Include cycle/.test(e.message),
  );
});
