// The cluster store over TLS with client certificates (Docker's kv.cacertfile/kv.certfile/kv.keyfile),
// certificates made here with openssl: one etcd member that demands a client certificate, one host.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EtcdTls } from '../support/etcd';
import { NamespaceHost, must, skipReason } from './harness';
import { OverlayLab, etcdAddr, hostAddr, waitFor } from './overlay-lab';

const skip = skipReason(['etcd', 'openssl'].filter((t) => spawnSync('which', [t]).status !== 0));

/** A CA, a server certificate for the member's address and a client certificate, all EC P-256, one day. */
function makeCerts(dir: string): { server: EtcdTls; client: EtcdTls } {
  const f = (n: string) => join(dir, n);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  must([
    'openssl',
    'req',
    '-x509',
    ...ec,
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-days',
    '1',
    '-subj',
    '/CN=sy-test-ca',
  ]);
  const sign = (name: string, ext: string) => {
    writeFileSync(f(`${name}.ext`), ext);
    must([
      'openssl',
      'req',
      ...ec,
      '-keyout',
      f(`${name}.key`),
      '-out',
      f(`${name}.csr`),
      '-subj',
      `/CN=${name}`,
    ]);
    must([
      'openssl',
      'x509',
      '-req',
      '-in',
      f(`${name}.csr`),
      '-CA',
      f('ca.pem'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-out',
      f(`${name}.pem`),
      '-days',
      '1',
      '-extfile',
      f(`${name}.ext`),
    ]);
  };
  sign('server', `subjectAltName=IP:${etcdAddr(0)}\nextendedKeyUsage=serverAuth,clientAuth\n`);
  sign('client', 'extendedKeyUsage=clientAuth\n');
  const pair = (n: string) => ({ caFile: f('ca.pem'), certFile: f(`${n}.pem`), keyFile: f(`${n}.key`) });
  return { server: pair('server'), client: pair('client') };
}

describe('engine: cluster store over TLS with client certificates', { skip }, () => {
  let lab: OverlayLab;
  let dir: string;
  let certs: ReturnType<typeof makeCerts>;
  const extra: NamespaceHost[] = [];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sy-tls-'));
    certs = makeCerts(dir);
    const c = certs.client;
    lab = await OverlayLab.start({
      hosts: 1,
      members: 1,
      etcdTls: { server: certs.server },
      storeOpts: [
        '--cluster-store-opt',
        `kv.cacertfile=${c.caFile}`,
        '--cluster-store-opt',
        `kv.certfile=${c.certFile}`,
        '--cluster-store-opt',
        `kv.keyfile=${c.keyFile}`,
      ],
    });
  });
  after(async () => {
    for (const h of extra) await h.close();
    await lab?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('with the client certificate the host registers and creates an overlay', async () => {
    const h = lab.hosts[0] as NamespaceHost;
    const r = await waitFor('registration over TLS', () =>
      h.c.call('node.ls', {}).then((x) => x.storeState === 'connected' && x.nodes.length === 1 && x),
    );
    assert.equal(r.nodes[0]?.address, hostAddr(0));
    const net = await h.c.call('network.create', { name: 'tls1', driver: 'overlay', attachable: true });
    assert.equal(net.Scope, 'global');
    await h.c.call('network.rm', { network: 'tls1' });
  });

  test('without a client certificate the store refuses the host: overlay changes fail naming it', async () => {
    const h2 = await NamespaceHost.start(
      [
        '--cluster-store',
        `etcd://${etcdAddr(0)}:2379`,
        '--advertise-addr',
        hostAddr(1),
        '--cluster-store-opt',
        `kv.cacertfile=${certs.client.caFile}`,
      ],
      (h) => lab.plugHost(h, 1),
    );
    extra.push(h2);
    // Wait for a real attempt (the TLS handshake failing), not the state before the first one.
    const err = await waitFor('a refused attempt', () =>
      h2.c.call('network.create', { name: 'tls2', driver: 'overlay' }).then(
        () => assert.fail('an overlay create without a client certificate succeeded'),
        (e: Error) => !e.message.includes('not connected yet') && e,
      ),
    );
    assert.match(
      err.message,
      new RegExp(`cluster store etcd://${etcdAddr(0).replace(/\./g, '\\.')}:2379 is unreachable`),
    );
    assert.equal((await h2.c.call('node.ls', {})).storeState, 'unreachable');
    const seen = await (lab.hosts[0] as NamespaceHost).c.call('node.ls', {});
    assert.deepEqual(
      seen.nodes.map((n) => n.address),
      [hostAddr(0)],
      'the refused host never registered',
    );
  });
});
