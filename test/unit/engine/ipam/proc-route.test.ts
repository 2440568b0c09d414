import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCidr } from '../../../../engine/src/ipam/addr';
import { parseProcRoutes } from '../../../../engine/src/ipam/reserved';

// /proc/net/route as a little-endian x86 host prints it: 192.0.2.1 is 010200C0.
const TEXT = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
eth0\t050200C0\t00000000\t0005\t0\t0\t0\tFFFFFFFF\t0\t0\t0
`;

test('/proc/net/route: destinations and masks in host byte order, as ip -4 route shows them', () => {
  const routes = parseProcRoutes(TEXT, true).map((r) => `${r.dev} ${formatCidr(r.dst)}`);
  assert.deepEqual(routes, [
    'eth0 0.0.0.0/0',
    'docker0 172.17.0.0/16',
    'eth0 192.0.2.0/24',
    'eth0 192.0.2.5/32',
  ]);
});

test('/proc/net/route on a big-endian host, and lines that are not routes', () => {
  const be =
    'Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\nbr0\t0A010000\t00000000\t0001\t0\t0\t0\tFFFF0000\n\n';
  assert.deepEqual(
    parseProcRoutes(be, false).map((r) => formatCidr(r.dst)),
    ['10.1.0.0/16'],
  );
  assert.deepEqual(parseProcRoutes('Iface\tDestination\nbad line\n', true), []);
});
