import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, findingsInText, fixture, messagesOf } from '../harness';
import { hostWith } from '../host-snapshot';

const host = hostWith({
  networks: [{ name: 'app', subnets: ['10.40.0.0/16'] }],
  routes: ['0.0.0.0/0', '192.168.0.0/16', '172.17.0.0/16', '10.40.0.0/16'],
});

test('HOST004 marks subnets that overlap a host route, not default routes, container networks or macvlan', () => {
  checkFixture(fixture('HOST004-subnet-overlaps-host-route.yaml'), { codes: ['HOST004'], host });
});

test('HOST004 names the route', () => {
  assert.match(
    messagesOf(fixture('HOST004-subnet-overlaps-host-route.yaml'), 'HOST004', { host })[0] ?? '',
    /^subnet 192\.168\.1\.0\/24 of network "lan" overlaps the route to 192\.168\.0\.0\/16 on root@build-1; containers on it cannot reach that network\. Use a free subnet such as 10\.128\.0\.0\/24$/,
  );
});

test('HOST004 offers the free subnet as a fix, and leaves ipvlan networks alone like macvlan', () => {
  const net = (driver: string) =>
    `services:\n  web:\n    image: nginx\n    networks: [lan]\nnetworks:\n  lan:\n${driver}    ipam:\n      config:\n        - subnet: 192.168.1.0/24\n`;
  assert.deepEqual(
    findingsInText(net(''), 'HOST004', { host }).map((f) => [f.text, f.fix]),
    [['192.168.1.0/24', 'Use free subnet 10.128.0.0/24']],
  );
  assert.deepEqual(
    findingsInText(net('    driver: ipvlan\n    driver_opts: {parent: eth0}\n'), 'HOST004', { host }),
    [],
  );
});

test('HOST004 offers no subnet when no free one of that size exists', () => {
  const yaml =
    'services:\n  web:\n    image: nginx\n    networks: [lan]\nnetworks:\n  lan:\n    ipam:\n      config:\n        - subnet: 192.0.0.0/2\n';
  assert.deepEqual(findingsInText(yaml, 'HOST004', { host }), [
    {
      message:
        'subnet 192.0.0.0/2 of network "lan" overlaps the route to 192.168.0.0/16 on root@build-1; containers on it cannot reach that network',
      severity: 'warning',
      text: '192.0.0.0/2',
    },
  ]);
});
