import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeBinding, formatPublished, parsePortSpec } from '@switchyard/core';
import type { PortBinding } from '@switchyard/core';

/** `ip/published->target/proto` per binding, or the error text: a compact view of one parse. */
function view(raw: string): string[] | string {
  const r = parsePortSpec(raw);
  if (!r.ok) return r.error;
  return r.value.map((b: PortBinding) => `${b.hostIp}/${b.published}->${b.containerPort}/${b.protocol}`);
}

const range = (ip: string, hs: number | null, cs: number, n: number, proto = 'tcp') =>
  Array.from({ length: n }, (_, i) => `${ip}/${hs === null ? '' : hs + i}->${cs + i}/${proto}`);

// Every row of compose-rules.md §3.3, in order.
const accepted: [string, string[]][] = [
  ['3000', ['/->3000/tcp']],
  ['3000-3005', range('', null, 3000, 6)],
  ['8000:8000', ['/8000->8000/tcp']],
  ['9090-9091:8080-8081', ['/9090->8080/tcp', '/9091->8081/tcp']],
  ['49100:22', ['/49100->22/tcp']],
  ['8000-9000:80', ['/8000-9000->80/tcp']],
  ['127.0.0.1:8001:8001', ['127.0.0.1/8001->8001/tcp']],
  ['127.0.0.1:5000-5010:5000-5010', range('127.0.0.1', 5000, 5000, 11)],
  ['::1:6000:6000', ['::1/6000->6000/tcp']],
  ['[::1]:6001:6001', ['::1/6001->6001/tcp']],
  ['6060:6060/udp', ['/6060->6060/udp']],
  ['127.0.0.1::80', ['127.0.0.1/->80/tcp']],
  ['[::1]::80', ['::1/->80/tcp']],
  [':80', ['/->80/tcp']],
  ['::80', ['/->80/tcp']],
  ['::::80', ['::/->80/tcp']],
  ['2001:db8::1:8080:80', ['2001:db8::1/8080->80/tcp']],
  ['80/SCTP', ['/->80/sctp']],
  ['+80', ['/->80/tcp']],
  ['080:0080', ['/80->80/tcp']],
  ['80-80:8080', ['/80->8080/tcp']],
  ['0:80', ['/0->80/tcp']],
  ['0', ['/->0/tcp']],
  // go-connections SplitProtoPort: an empty protocol after the slash is tcp (not "invalid proto").
  ['80/', ['/->80/tcp']],
  ['8080:80/', ['/8080->80/tcp']],
];

const refused: [string, string][] = [
  ['', 'no port specified: <empty>'],
  ['80:', 'no port specified: 80:<empty>'],
  ['/udp', 'no port specified: /udp<empty>'],
  ['80/xyz', 'invalid proto: xyz'],
  ['80/tcp/udp', 'invalid proto: tcp/udp'],
  ['65536', 'invalid containerPort: 65536'],
  ['-1', 'invalid containerPort: -1'],
  [' 80', 'invalid containerPort:  80'],
  ['80-70', 'invalid containerPort: 80-70'],
  ['80--90', 'invalid containerPort: 80--90'],
  ['80-90-100', 'invalid containerPort: 80-90-100'],
  ['8080:65536', 'invalid containerPort: 65536'],
  ['127.0.0.1:8080', 'invalid hostPort: 127.0.0.1'],
  ['${PORT}:80', 'invalid hostPort: ${PORT}'],
  ['8080-8081:80-82', 'invalid ranges specified for container and host Ports: 80-82 and 8080-8081'],
  ['8080:80-81', 'invalid ranges specified for container and host Ports: 80-81 and 8080'],
  ['localhost:8080:80', 'invalid IP address: localhost'],
  ['127.0.0.01:80:80', 'invalid IP address: 127.0.0.01'],
  ['300.1.1.1:80:80', 'invalid IP address: 300.1.1.1'],
  ['fe80::1%eth0:80:80', 'invalid IP address: fe80::1%eth0'],
  ['[::1:80:80', "invalid IP address [::1: address [::1:: missing ']' in address"],
  ['[::1]x:80:80', 'invalid IP address [::1]x: address [::1]x:: missing port in address'],
  ['[::1]:5:80:80', 'invalid IP address [::1]:5: address [::1]:5:: too many colons in address'],
  ['[[::1]:80:80', "invalid IP address [[::1]: address [[::1]:: unexpected '[' in address"],
  ['::1:6000', 'invalid IP address: :'],
  ['8080:80:tcp', 'invalid IP address: 8080'],
  ['1.2.3.4:80:80:80', 'invalid IP address: 1.2.3.4:80'],
];

for (const [raw, want] of accepted) {
  test(`ParsePortSpec accepts ${JSON.stringify(raw)}`, () => assert.deepEqual(view(raw), want));
}
for (const [raw, want] of refused) {
  test(`ParsePortSpec refuses ${JSON.stringify(raw)} with Docker's text`, () =>
    assert.equal(view(raw), want));
}

test('a dynamic host range keeps its range as the binding host port', () => {
  const r = parsePortSpec('8000-9000:80');
  assert.ok(r.ok);
  assert.deepEqual(r.value[0]?.hostPort, { start: 8000, end: 9000 });
  // From port 0 too: only a single port 0 (or none) leaves the choice to the engine.
  const zero = parsePortSpec('0-5:80');
  assert.ok(zero.ok);
  assert.deepEqual(zero.value[0]?.hostPort, { start: 0, end: 5 });
  assert.equal(zero.value[0]?.published, '0-5');
});

test('host port 0 and an empty host port are both ephemeral', () => {
  for (const raw of ['0:80', ':80', '80']) {
    const r = parsePortSpec(raw);
    assert.ok(r.ok);
    assert.equal(r.value[0]?.hostPort, null, raw);
  }
});

test('bracketed IPv4 and empty brackets are accepted as go-connections does', () => {
  assert.deepEqual(view('[127.0.0.1]:80:80'), ['127.0.0.1/80->80/tcp']);
  assert.deepEqual(view('[]:80:80'), ['/80->80/tcp']);
  assert.deepEqual(
    view('[::1]]:80:80'),
    'invalid IP address [::1]]: address [::1]]:: missing port in address',
  );
});

test('a binding in words, for hovers', () => {
  const words = (raw: string) => {
    const r = parsePortSpec(raw);
    assert.ok(r.ok);
    return r.value.map(describeBinding);
  };
  assert.deepEqual(words('8080:80'), [
    'host port 8080 on every host address (IPv4 and IPv6) → container port 80/tcp',
  ]);
  assert.deepEqual(words('[::1]:53:53/udp'), ['host port 53 on [::1] → container port 53/udp']);
  assert.deepEqual(words('127.0.0.1:53:53/udp'), ['host port 53 on 127.0.0.1 → container port 53/udp']);
  assert.deepEqual(words('[::]::80'), [
    'a random free host port on every IPv6 address of the host → container port 80/tcp',
  ]);
  assert.deepEqual(words('0.0.0.0::80'), [
    'a random free host port on every IPv4 address of the host → container port 80/tcp',
  ]);
  assert.deepEqual(words('8000-9000:80'), [
    'the first free host port of 8000-9000 on every host address (IPv4 and IPv6) → container port 80/tcp',
  ]);
});

test('published ports print as docker ps prints them', () => {
  assert.equal(
    formatPublished([
      { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
      { hostIp: '::', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
      { hostIp: '127.0.0.1', hostPort: 5353, containerPort: 53, protocol: 'udp' },
    ]),
    '0.0.0.0:8080->80/tcp, :::8080->80/tcp, 127.0.0.1:5353->53/udp',
  );
  assert.equal(formatPublished([]), '');
});
