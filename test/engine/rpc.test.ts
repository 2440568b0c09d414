import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { API_VERSION, EngineErrorCode } from '@switchyard/protocol';
import { NamespaceHost, sh, skipReason } from './harness';

const skip = skipReason();

/** Sends raw bytes with LSP-style framing and returns the first reply (or undefined if the socket closes). */
function rawCall(
  socket: string,
  body: string,
): Promise<{ error?: { code: number; message: string }; result?: unknown } | undefined> {
  return new Promise((resolve) => {
    const s = connect(socket);
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString();
      const at = buf.indexOf('\r\n\r\n');
      const len = Number(/Content-Length: (\d+)/.exec(buf)?.[1]);
      if (at >= 0 && buf.length >= at + 4 + len) {
        s.destroy();
        resolve(JSON.parse(buf.slice(at + 4, at + 4 + len)));
      }
    });
    s.on('close', () => resolve(undefined));
    s.on('error', () => resolve(undefined));
    s.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    setTimeout(() => s.destroy(), 3000);
  });
}

const req = (method: string, params: unknown) => JSON.stringify({ jsonrpc: '2.0', id: 1, method, params });

describe('engine: RPC boundary', { skip }, () => {
  let h: NamespaceHost;
  before(async () => {
    h = await NamespaceHost.start();
    await h.c.call('network.create', { name: 'base', ipam: [{ subnet: '10.66.0.0/24' }] });
  });
  after(async () => h?.close());

  const snapshot = () => ({
    state: readFileSync(join(h.stateDir, 'state.json'), 'utf8'),
    links: h.ourLinks().sort(),
    netns: h.sandboxNamespaces().sort(),
    nft: h.inHost(['nft', 'list', 'table', 'inet', `switchyard_${h.prefix}`]).stdout,
  });

  test('malformed requests are rejected and nothing changes', async () => {
    const before = snapshot();
    const cases: [string, number, RegExp][] = [
      [req('network.create', { name: 'bad name!' }), EngineErrorCode.InvalidParams, /name/],
      [req('network.create', { name: 'x', evil: true }), EngineErrorCode.InvalidParams, /evil/],
      [req('network.create', { name: 'x', ipam: [{ subnet: 12 }] }), EngineErrorCode.InvalidParams, /subnet/],
      [req('network.create', 'not an object'), EngineErrorCode.InvalidParams, /params/],
      // Positional params: a per-method handler would get (params[0], params[1]) and a null "token".
      [req('version', [{}, null]), EngineErrorCode.InvalidParams, /array/],
      [req('network.create', [{ name: 'arr' }]), EngineErrorCode.InvalidParams, /array/],
      [req('network.ls', [{}, null, 3]), EngineErrorCode.InvalidParams, /array/],
      [req('version', 7), EngineErrorCode.InvalidParams, /params/],
      [
        req('network.create', { name: 'y', ipam: [{ subnet: '10.66.0.0/16' }] }),
        EngineErrorCode.Conflict,
        /Pool overlaps/,
      ],
      [
        req('network.create', { name: 'z', ipam: [{ subnet: '10.9.0.0/24', gateway: '10.8.0.1' }] }),
        EngineErrorCode.InvalidParams,
        /invalid gateway 10\.8\.0\.1: parent subnet 10\.9\.0\.0\/24 doesn't contain this address/,
      ],
      [
        req('network.create', { name: 'z', ipam: [{ subnet: '10.9.0.1/24' }] }),
        EngineErrorCode.InvalidParams,
        /it should be 10\.9\.0\.0\/24/,
      ],
      [
        req('sandbox.create', { name: 's', networks: ['base'], publish: ['http'] }),
        EngineErrorCode.InvalidParams,
        /invalid publish spec/,
      ],
      [
        req('sandbox.create', { name: 's', networks: ['nope'] }),
        EngineErrorCode.NotFound,
        /network nope not found/,
      ],
      [req('sandbox.exec', { sandbox: 's', argv: [] }), EngineErrorCode.InvalidParams, /argv/],
      [req('network.destroy', {}), EngineErrorCode.MethodNotFound, /network\.destroy/],
      [req('diag.ping', { from: { sandbox: 's' }, host: '-f' }), EngineErrorCode.InvalidParams, /host/],
      [
        req('diag.capture', { from: { sandbox: 's' }, filter: ['-w', '/etc/passwd'] }),
        EngineErrorCode.InvalidParams,
        /filter/,
      ],
    ];
    for (const [body, code, message] of cases) {
      const reply = await rawCall(h.socket, body);
      assert.equal(reply?.error?.code, code, `${body} -> ${JSON.stringify(reply)}`);
      assert.match(reply?.error?.message ?? '', message);
    }
    // Bytes that are not JSON at all: the connection is dropped, the daemon keeps serving.
    assert.equal(await rawCall(h.socket, '{"jsonrpc": "2.0", "id": 1, "method": '), undefined);
    assert.equal((await h.c.call('version', {})).apiVersion, API_VERSION);
    assert.deepEqual(snapshot(), before);
  });

  test('the socket is root-only', () => {
    assert.equal(statSync(h.socket).mode & 0o777, 0o600);
  });

  test('the CLI prints one clear line and exits non-zero', () => {
    const cli = (...args: string[]) =>
      sh([process.execPath, '--import', 'tsx', 'engine/src/main.ts', '--socket', h.socket, ...args]);
    const r = cli('network', 'rm', 'ghost');
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /network ghost not found/);
    const ok = cli(
      'network',
      'create',
      '--subnet',
      '10.55.0.0/24',
      '--gateway',
      '10.55.0.254',
      '--aux-address',
      'r=10.55.0.2',
      'cli-net',
    );
    assert.equal(ok.status, 0, ok.stderr);
    const inspect = JSON.parse(cli('network', 'inspect', 'cli-net').stdout);
    assert.deepEqual(inspect[0].IPAM.Config, [
      { Subnet: '10.55.0.0/24', Gateway: '10.55.0.254', AuxiliaryAddresses: { r: '10.55.0.2' } },
    ]);
    const bad = cli('network', 'create', '--subnet', '10.56.0.0/24', '--gateway', '10.57.0.1', 'x');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /no matching subnet for gateway 10\.57\.0\.1/);
    assert.match(cli('network', 'ls').stdout, /^NETWORK ID\s+NAME\s+DRIVER\s+SCOPE\n/);
  });

  test('the CLI as docker network: --format, label filters, prune asks, prune -f --filter removes only those', () => {
    const cli = (input: string | undefined, ...args: string[]) =>
      sh([process.execPath, '--import', 'tsx', 'engine/src/main.ts', '--socket', h.socket, ...args], input);
    for (const [name, label] of [
      ['fmt-drop', 'role=drop'],
      ['fmt-keep', 'role=keep'],
    ] as const)
      assert.equal(cli(undefined, 'network', 'create', '--label', label, name).status, 0);
    const listed = cli(
      undefined,
      'network',
      'list',
      '--filter',
      'label=role',
      '--format',
      '{{.Name}} {{.Label "role"}}',
    );
    assert.deepEqual(listed.stdout.trim().split('\n').sort(), ['fmt-drop drop', 'fmt-keep keep']);
    const subnet = cli(
      undefined,
      'network',
      'inspect',
      '-f',
      '{{range .IPAM.Config}}{{.Subnet}}{{end}}',
      'fmt-drop',
    );
    assert.match(subnet.stdout, /^\d+\.\d+\.\d+\.\d+\/\d+\n$/);
    const declined = cli('n\n', 'network', 'prune', '--filter', 'label=role=drop');
    assert.equal(declined.status, 1);
    const pruned = cli(undefined, 'network', 'prune', '-f', '--filter', 'label=role=drop');
    assert.equal(pruned.status, 0, pruned.stderr);
    assert.equal(pruned.stdout, 'Deleted Networks:\nfmt-drop\n');
    const left = cli(undefined, 'network', 'ls', '--format', '{{.Name}}', '--filter', 'label=role');
    assert.equal(left.stdout, 'fmt-keep\n');
    assert.equal(cli(undefined, 'network', 'remove', 'fmt-keep').status, 0);
  });

  test('static addresses, aux addresses and ip-range are honoured', async () => {
    await h.c.call('network.create', {
      name: 'pinned',
      ipam: [{ subnet: '10.44.0.0/24', ipRange: '10.44.0.128/25', auxAddresses: { r: '10.44.0.128' } }],
    });
    const a = await h.c.call('sandbox.create', { name: 'pa', networks: ['pinned'] });
    assert.equal(
      a.endpoints[0]?.ipv4,
      '10.44.0.129',
      'first free address of the ip-range, skipping the aux address',
    );
    const b = await h.c.call('sandbox.create', { name: 'pb', networks: ['pinned'], ip: '10.44.0.7' });
    assert.equal(b.endpoints[0]?.ipv4, '10.44.0.7');
    await assert.rejects(
      h.c.call('sandbox.create', { name: 'pc', networks: ['pinned'], ip: '10.44.0.7' }),
      /Address already in use/,
    );
    await assert.rejects(
      h.c.call('sandbox.create', { name: 'pd', networks: ['pinned'], ip: '10.45.0.7' }),
      /does not belong to any of this network's subnets/,
    );
    await assert.rejects(
      h.c.call('sandbox.create', { name: 'pe', ip: '172.17.0.50' }),
      /user specified IP address is supported only when connecting to networks with user configured subnets/,
    );
    await assert.rejects(
      h.c.call('network.rm', { network: 'pinned' }),
      /network pinned has active endpoints \((pa, pb|pb, pa)\)/,
    );
  });

  test('a sandbox takes a static IPv6 address on its first network at create, as connect --ip6 does', async () => {
    await h.c.call('network.create', {
      name: 'pinned6',
      enableIPv6: true,
      ipam: [{ subnet: '10.46.0.0/24' }, { subnet: 'fd46::/64' }],
    });
    const a = await h.c.call('sandbox.create', { name: 'p6a', networks: ['pinned6'], ip6: 'fd46::46' });
    assert.equal(a.endpoints[0]?.ipv6, 'fd46::46');
    assert.match(a.endpoints[0]?.ipv4 ?? '', /^10\.46\.0\./, 'and a dynamic IPv4 address beside it');
    const inside = await h.c.call('sandbox.exec', { sandbox: 'p6a', argv: ['ip', '-6', 'addr', 'show'] });
    assert.match(inside.stdout, /inet6 fd46::46\/64/, inside.stdout);
    await assert.rejects(
      h.c.call('sandbox.create', { name: 'p6b', networks: ['pinned6'], ip6: 'fd47::1' }),
      /does not belong to any of this network's subnets/,
    );
    await h.c.call('sandbox.rm', { sandbox: 'p6a' });
    await h.c.call('network.rm', { network: 'pinned6' });
  });
});
