import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET116 notes IPv6 host IPs on networks without IPv6', () => {
  checkFixture(fixture('NET116-ipv6-host-ip-without-ipv6.yaml'), { codes: ['NET116'] });
});
