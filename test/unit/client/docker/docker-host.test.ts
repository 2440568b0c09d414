// DockerHost against a fake Docker Engine API on a Unix socket: a network removed between the list and its
// inspect is left out, not an error (the tree refreshes while other tools create and remove networks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerHost } from '../../../../client/src/docker/docker-host';
import { LocalTransport } from '../../../../client/src/hosts/local';

const network = (id: string, name: string) => ({
  Name: name,
  Id: id,
  Scope: 'local',
  Driver: 'bridge',
  IPAM: { Driver: 'default', Config: [{ Subnet: '10.9.0.0/24' }] },
  Containers: {},
});

test('networks(): a network gone between list and inspect is skipped; other errors still fail', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-fake-docker-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  let inspectFails = 404;
  const server = createServer((req, res) => {
    const url = req.url ?? '';
    res.setHeader('content-type', 'application/json');
    if (/\/networks$/.test(url.split('?')[0] ?? '')) {
      res.end(JSON.stringify([{ Id: 'aaa' }, { Id: 'bbb' }]));
    } else if (url.includes('/networks/aaa')) {
      res.end(JSON.stringify(network('aaa', 'front')));
    } else if (url.includes('/networks/bbb')) {
      res.statusCode = inspectFails;
      res.end(JSON.stringify({ message: inspectFails === 404 ? 'network bbb not found' : 'daemon is sad' }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  const socket = join(dir, 'docker.sock');
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const docker = await DockerHost.create(new LocalTransport(socket));
  assert.deepEqual(
    (await docker.networks()).map((n) => n.Name),
    ['front'],
  );
  inspectFails = 500;
  await assert.rejects(docker.networks(), /daemon is sad/);
});
