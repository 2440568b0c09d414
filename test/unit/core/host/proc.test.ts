// The /proc parsers of the host snapshot, on text in the kernel's own format (as read from a real x86 host).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  HOST_FACT_FILES,
  hostFactsFromProc,
  portsFromSandboxes,
  procInterfaces,
  procListeners,
  procRoutes4,
  procRoutes6,
  procRouteTable4,
  socketOwners,
  splitTailOutput,
  withHostFacts,
} from '@switchyard/core';
import type { HostSnapshot } from '@switchyard/protocol';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0
   1: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   108        0 2 1 0000000000000000 100 0 0 10 0
   2: 0501A8C0:0016 0A01A8C0:D431 01 00000000:00000000 02:000A7B2C 00000000     0        0 3 4 0000000000000000 20 4 29 10 -1
   3: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4 1 0000000000000000 100 0 0 10 0
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5 1 0000000000000000 100 0 0 10 0
   1: 00000000000000000000000001000000:0277 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 6 1 0000000000000000 100 0 0 10 0
   2: 0000000000000000FFFF00000100007F:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7 1 0000000000000000 100 0 0 10 0
`;
const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  100: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 8 2 0000000000000000 0
  101: 0501A8C0:A3F2 0101A8C0:0035 01 00000000:00000000 00:00000000 00000000     0        0 9 2 0000000000000000 0
`;
const ROUTE = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
eth0\t0001A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
wg0\t0000000A\t00000000\t0001\t0\t0\t0\t000000FF\t0\t0\t0
`;
const ROUTE6 = `fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0
fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0
00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000003 00000000 00000003     eth0
00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000004 00000000 80200001       lo
fd000000000000000000000000000005 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001     eth0
ff000000000000000000000000000000 08 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000004 00000000 00000001     eth0
`;
const DEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:  104512    1202    0    0    0     0          0         0   104512    1202    0    0    0     0       0          0
  eth0: 9071733   10385    0    0    0     0          0         0   1208011    8129    0    0    0     0       0          0
docker0:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
`;

test('listening TCP sockets, bound UDP sockets, in both families; connected ones are not listeners', () => {
  assert.deepEqual(
    procListeners(TCP, 'tcp', 4).map((p) => `${p.hostIp}:${p.port}`),
    ['0.0.0.0:8080', '127.0.0.1:5432', '0.0.0.0:8080'],
  );
  assert.deepEqual(
    procListeners(TCP6, 'tcp', 6).map((p) => `[${p.hostIp}]:${p.port}`),
    ['[::]:80', '[::1]:631', '[::ffff:127.0.0.1]:8081'],
  );
  assert.deepEqual(procListeners(UDP, 'udp', 4), [
    { hostIp: '0.0.0.0', port: 53, protocol: 'udp', owner: 'a process', kind: 'listening' },
  ]);
});

test('routes: IPv4 without the default, IPv6 without default, link-local, multicast, host routes and lo', () => {
  assert.deepEqual(procRoutes4(ROUTE), ['192.168.1.0/24', '172.17.0.0/16', '10.0.0.0/8']);
  assert.deepEqual(procRoutes6(ROUTE6), ['fd00::/64']);
});

test('/proc words in big-endian order are recognised by the route masks', () => {
  const be = ROUTE.replace('0001A8C0', 'C0A80100')
    .replace('00FFFFFF', 'FFFFFF00')
    .replace('0000FFFF', 'FFFF0000')
    .replace('000011AC', 'AC110000')
    .replace('0000000A', '0A000000')
    .replace('000000FF', 'FF000000');
  const beTcp = TCP.replace('0100007F:1538', '7F000001:1538');
  const facts = hostFactsFromProc(
    new Map([
      ['/proc/net/route', be],
      ['/proc/net/tcp', beTcp],
    ]),
  );
  assert.deepEqual(facts.routes, ['192.168.1.0/24', '172.17.0.0/16', '10.0.0.0/8']);
  assert.ok(facts.ports.some((p) => p.hostIp === '127.0.0.1' && p.port === 5432));
});

test('interfaces from /proc/net/dev', () => {
  assert.deepEqual(procInterfaces(DEV), ['lo', 'eth0', 'docker0']);
});

test('tail -n +1 output splits by file; a file tail could not read is simply absent', () => {
  const out = `==> /proc/net/tcp <==\n${TCP}\n==> /proc/net/dev <==\n${DEV}\n==> /proc/sys/kernel/osrelease <==\n6.1.0-18-amd64\n`;
  const files = splitTailOutput(out, HOST_FACT_FILES);
  assert.equal(files.get('/proc/net/tcp'), TCP);
  assert.equal(files.get('/proc/net/dev'), DEV);
  assert.equal(files.has('/proc/net/tcp6'), false);
  const facts = hostFactsFromProc(files);
  assert.equal(facts.kernel, '6.1.0-18-amd64');
  assert.deepEqual(facts.interfaces, ['lo', 'eth0', 'docker0']);
  assert.equal(facts.ports.filter((p) => p.port === 8080).length, 1, 'one entry per address, port, protocol');
  assert.deepEqual(
    splitTailOutput('6.1.0\n', ['/proc/sys/kernel/osrelease']).get('/proc/sys/kernel/osrelease'),
    '6.1.0\n',
  );
});

test('facts join the snapshot; a listener on a port someone publishes is that publisher, not "a process"', () => {
  const snap: HostSnapshot = {
    host: 'h',
    takenAt: 'now',
    networks: [],
    routes: [],
    ports: [
      { hostIp: '0.0.0.0', port: 8080, protocol: 'tcp', owner: 'web-1', kind: 'published' },
      ...portsFromSandboxes([
        { name: 'api', ports: [{ hostIp: '0.0.0.0', hostPort: 9000, containerPort: 80, protocol: 'tcp' }] },
      ]),
    ],
  };
  const facts = hostFactsFromProc(
    new Map([
      ['/proc/net/tcp', `${TCP}   9: 00000000:2328 00000000:0000 0A 0 0 0 0 0 9 1\n`],
      ['/proc/net/route', ROUTE],
      ['/proc/net/dev', DEV],
    ]),
  );
  const merged = withHostFacts(snap, facts);
  assert.deepEqual(
    merged.ports.map((p) => `${p.port} ${p.owner}`),
    ['8080 web-1', '9000 sandbox api', '5432 a process'],
  );
  assert.deepEqual(merged.routes, ['192.168.1.0/24', '172.17.0.0/16', '10.0.0.0/8']);
  assert.deepEqual(merged.interfaces, ['lo', 'eth0', 'docker0']);
  assert.equal(merged.kernel, undefined);
});

const SS = `tcp   LISTEN 0      511    127.0.0.1:5432     0.0.0.0:* users:(("postgres",pid=812,fd=6))
tcp   LISTEN 0      4096           *:8080           *:* users:(("caddy",pid=90,fd=7),("caddy",pid=91,fd=7))
udp   UNCONN 0      0      127.0.0.53%lo:53        0.0.0.0:* users:(("systemd-resolve",pid=300,fd=13))
udp   UNCONN 0      0          [::1]:46132       [::]:* users:(("node",pid=20757,fd=20))
tcp   LISTEN 0      128      0.0.0.0:2024      0.0.0.0:*
`;

test('ss names the process behind each listener it may see; "*" stands for both families', () => {
  const owners = socketOwners(SS);
  assert.equal(owners.get('tcp|5432|127.0.0.1'), 'postgres (pid 812)');
  assert.equal(owners.get('tcp|8080|0.0.0.0'), 'caddy (pid 90)');
  assert.equal(owners.get('tcp|8080|::'), 'caddy (pid 90)');
  assert.equal(owners.get('udp|53|127.0.0.53'), 'systemd-resolve (pid 300)');
  assert.equal(owners.get('udp|46132|::1'), 'node (pid 20757)');
  assert.equal(owners.has('tcp|2024|0.0.0.0'), false, 'a socket ss shows without its process stays unnamed');
  assert.deepEqual(socketOwners(''), new Map());
});

test('listeners are named by ss where it knows them, "a process" elsewhere', () => {
  const facts = hostFactsFromProc(new Map([['/proc/net/tcp', TCP]]), socketOwners(SS));
  assert.deepEqual(
    facts.ports.map((p) => `${p.hostIp}:${p.port} ${p.owner}`),
    ['0.0.0.0:8080 caddy (pid 90)', '127.0.0.1:5432 postgres (pid 812)'],
  );
});

test('splitTailOutput: headers only at line starts, blank lines inside a file kept, no guess for many files', () => {
  const out = '==> /a <==\nsee ==> /b <==\n==> /d <== more\nx\n\ny\n\n==> /c <==\nz\n';
  assert.deepEqual(
    [...splitTailOutput(out, ['/a', '/c'])],
    [
      ['/a', 'see ==> /b <==\n==> /d <== more\nx\n\ny\n'],
      ['/c', 'z\n'],
    ],
  );
  assert.equal(
    splitTailOutput('x\n', ['/a', '/b']).size,
    0,
    'without headers the text belongs to no one file',
  );
});

test('socketOwners: indented lines count; other socket kinds and sockets without a port do not', () => {
  const ss = [
    '   tcp   LISTEN 0 511 10.0.0.5:7000 0.0.0.0:* users:(("api",pid=7,fd=3))',
    'u_str LISTEN 0 4096 /run/x.sock 1 * 0 users:(("systemd",pid=1,fd=9))',
    'raw   UNCONN 0 0 0.0.0.0:255 0.0.0.0:* users:(("ping",pid=2,fd=3))',
    'tcp   LISTEN 0 5 0.0.0.0:0 0.0.0.0:* users:(("zero",pid=3,fd=3))',
    'udp   UNCONN 0 0 0.0.0.0:* 0.0.0.0:* users:(("noport",pid=4,fd=3))',
    'tcp   LISTEN 0 511 10.0.0.6:7000 0.0.0.0:* users:(("web",pid=8,fd=3))',
  ].join('\n');
  assert.deepEqual(
    [...socketOwners(ss)],
    [
      ['tcp|7000|10.0.0.5', 'api (pid 7)'],
      ['tcp|7000', 'api (pid 7)'],
      ['tcp|7000|10.0.0.6', 'web (pid 8)'],
    ],
    'by port alone, the first holder stands',
  );
});

test('a listener is named by its exact address first, by its port alone only when that is unknown', () => {
  const tcp = `${TCP.split('\n')[0]}\n   0: 00000000:1F90 00000000:0000 0A 0 0 0 0 0 1 1\n   1: 0100007F:1F91 00000000:0000 0A 0 0 0 0 0 1 1\n`;
  const owners = new Map([
    ['tcp|8080|0.0.0.0', 'exact (pid 1)'],
    ['tcp|8080', 'other (pid 2)'],
    ['tcp|8081', 'by-port (pid 3)'],
  ]);
  assert.deepEqual(
    hostFactsFromProc(new Map([['/proc/net/tcp', tcp]]), owners).ports.map((p) => `${p.port} ${p.owner}`),
    ['8080 exact (pid 1)', '8081 by-port (pid 3)'],
  );
});

/** One line of /proc/net/ipv6_route for a destination, prefix length (hex) and device. */
const route6 = (dst: string, len: string, dev = 'eth0') =>
  `${dst} ${len} 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001 ${dev.padStart(8)}`;

test('IPv6 routes: all of fe80::/10 and ff00::/8 are left out, in either case; a dst with fe8 or ff inside stays', () => {
  const text = [
    route6('fea00000000000000000000000000000', '40'),
    route6('febf0000000000000000000000000000', '40'),
    route6('FE800000000000000000000000000000', '40'),
    route6('ff020000000000000000000000000000', '08'),
    route6('FF050000000000000000000000000000', '10'),
    route6('fd00fe80000000000000000000000000', '40'),
    route6('fd0000000000ff000000000000000000', '60'),
    route6('fec00000000000000000000000000000', '0a'),
    route6('FD120000000000000000000000000000', '30', 'wg0'),
    route6('fd00dead000000000000000000000000', '40', 'lo'),
  ].join('\n');
  assert.deepEqual(procRoutes6(text), ['fd00:fe80::/64', 'fd00:0:0:ff00::/96', 'fec0::/10', 'fd12::/48']);
});

test('IPv6 routes: a destination of other than 32 hex digits, or a line without device, is skipped', () => {
  const text = [
    route6('fd00000000000000000000000000000', '40'),
    route6('fd0000000000000000000000000000000', '40'),
    route6('fd00000000000000000000000000000g', '40'),
    route6('fd000000000000000000000000000000', '40').replace(/\s+eth0$/, ''),
    route6('fd110000000000000000000000000000', '40'),
  ].join('\n');
  assert.deepEqual(procRoutes6(text), ['fd11::/64']);
});

test('IPv4 routes: a destination or mask of other than 8 hex digits is skipped', () => {
  const head = ROUTE.split('\n')[0];
  const line = (dst: string, mask: string) => `eth1\t${dst}\t00000000\t0001\t0\t0\t0\t${mask}\t0\t0\t0`;
  const text = [
    head,
    line('0001A8C0', '00FFFFFF'),
    line('001A8C0', '00FFFFFF'),
    line('00001A8C0', '00FFFFFF'),
    line('0001A8CG', '00FFFFFF'),
    line('0002A8C0', '0FFFFFF'),
    line('0003A8C0', '000FFFFFF'),
    line('0004A8C0', '00FFFFFG'),
    line('0005a8c0', '00ffffff'),
  ].join('\n');
  assert.deepEqual(procRoutes4(text), ['192.168.1.0/24', '192.168.5.0/24']);
});

test('byte order: host routes (/32) and default routes say nothing; the first mask in between decides', () => {
  const head = ROUTE.split('\n')[0];
  const line = (dst: string, mask: string) => `eth0\t${dst}\t00000000\t0005\t0\t0\t0\t${mask}\t0\t0\t0`;
  const le = [head, line('0101A8C0', 'FFFFFFFF'), line('00000000', '00000000'), line('0001A8C0', '00FFFFFF')];
  assert.deepEqual(hostFactsFromProc(new Map([['/proc/net/route', le.join('\n')]])).routes, [
    '192.168.1.1/32',
    '192.168.1.0/24',
  ]);
  const be = [head, line('C0A80101', 'FFFFFFFF'), line('C0A80100', 'FFFFFF00')];
  assert.deepEqual(hostFactsFromProc(new Map([['/proc/net/route', be.join('\n')]])).routes, [
    '192.168.1.1/32',
    '192.168.1.0/24',
  ]);
  // A mask that is not 8 hex digits is no evidence either way: little-endian, the default, stands.
  const odd = [head, line('0001A8C0', 'FFFFFF'), line('0001A8C0', 'FFFFFF000'), line('0001A8C0', '00FFFFFF')];
  assert.deepEqual(hostFactsFromProc(new Map([['/proc/net/route', odd.join('\n')]])).routes, [
    '192.168.1.0/24',
  ]);
});

test('listeners: a local address of other than 8 (IPv4) or 32 (IPv6) hex digits, or without a port, is skipped', () => {
  const sock = (local: string) =>
    `   0: ${local} 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1`;
  const v4 = [
    TCP.split('\n')[0],
    sock('0100007F:0050'),
    sock('100007F:0051'),
    sock('00100007F:0052'),
    sock('0100007G:0053'),
    sock('0100007F:0000'),
    sock('0100007F'),
    sock('0100007f:1f90'),
  ].join('\n');
  assert.deepEqual(
    procListeners(v4, 'tcp', 4).map((p) => `${p.hostIp}:${p.port}`),
    ['127.0.0.1:80', '127.0.0.1:8080'],
  );
  const v6 = [
    TCP6.split('\n')[0],
    sock('00000000000000000000000001000000:0050'),
    sock('0000000000000000000000000100000:0051'),
    sock('000000000000000000000000001000000:0052'),
  ].join('\n');
  assert.deepEqual(
    procListeners(v6, 'tcp', 6).map((p) => `[${p.hostIp}]:${p.port}`),
    ['[::1]:80'],
  );
});

test('big-endian words are read as such in all four socket files', () => {
  const beRoute = ROUTE.replace('0001A8C0', 'C0A80100').replace('00FFFFFF', 'FFFFFF00');
  const sock = (local: string, st: string) =>
    `   0: ${local} 00000000000000000000000000000000:0000 ${st} 00000000:00000000 00:00000000 00000000     0        0 1 1`;
  const facts = hostFactsFromProc(
    new Map([
      ['/proc/net/route', beRoute],
      ['/proc/net/tcp6', `${TCP6.split('\n')[0]}\n${sock('00000000000000000000000000000001:0050', '0A')}\n`],
      ['/proc/net/udp', `${UDP.split('\n')[0]}\n${sock('7F000001:0035', '07')}\n`],
      ['/proc/net/udp6', `${UDP.split('\n')[0]}\n${sock('FD000000000000000000000000000005:0035', '07')}\n`],
    ]),
  );
  assert.deepEqual(
    facts.ports.map((p) => `${p.protocol} ${p.hostIp} ${p.port}`),
    ['tcp ::1 80', 'udp 127.0.0.1 53', 'udp fd00::5 53'],
  );
});

test('a destination routed twice (two devices or metrics) is one route', () => {
  const twice = `${ROUTE}wg1\t0000000A\t00000000\t0001\t0\t0\t100\t000000FF\t0\t0\t0\n`;
  const six = `${ROUTE6}${route6('fd000000000000000000000000000000', '40', 'wg1')}\n`;
  assert.deepEqual(
    hostFactsFromProc(
      new Map([
        ['/proc/net/route', twice],
        ['/proc/net/ipv6_route', six],
      ]),
    ).routes,
    ['192.168.1.0/24', '172.17.0.0/16', '10.0.0.0/8', 'fd00::/64'],
  );
});

test('socketOwners: a name with an escaped quote is kept whole; a line cut short is skipped', () => {
  const ss = [
    'tcp LISTEN 0 5 0.0.0.0:7001 0.0.0.0:* users:(("my\\"app",pid=9,fd=3))',
    'tcp users:(("cut",pid=10,fd=3))',
  ].join('\n');
  assert.deepEqual(
    [...socketOwners(ss)],
    [
      ['tcp|7001|0.0.0.0', 'my\\"app (pid 9)'],
      ['tcp|7001', 'my\\"app (pid 9)'],
    ],
  );
});

test('one port held over TCP and over UDP on one address is two listeners', () => {
  const tcp = `${TCP.split('\n')[0]}\n   0: 00000000:0035 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n`;
  const facts = hostFactsFromProc(
    new Map([
      ['/proc/net/tcp', tcp],
      ['/proc/net/udp', UDP],
    ]),
  );
  assert.deepEqual(
    facts.ports.map((p) => `${p.protocol} ${p.hostIp}:${p.port}`),
    ['tcp 0.0.0.0:53', 'udp 0.0.0.0:53'],
  );
});

test('procRouteTable4: every IPv4 route with its device, the default included, little-endian unless told', () => {
  assert.deepEqual(procRouteTable4(ROUTE), [
    { dev: 'eth0', prefix: '0.0.0.0/0' },
    { dev: 'eth0', prefix: '192.168.1.0/24' },
    { dev: 'docker0', prefix: '172.17.0.0/16' },
    { dev: 'wg0', prefix: '10.0.0.0/8' },
  ]);
  assert.deepEqual(
    procRouteTable4(`${ROUTE.split('\n')[0]}\nwg0\t0A000000\t0\t0\t0\t0\t0\tFF000000\n`, false),
    [{ dev: 'wg0', prefix: '10.0.0.0/8' }],
  );
});
