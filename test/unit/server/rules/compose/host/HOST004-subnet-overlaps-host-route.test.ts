import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';
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
