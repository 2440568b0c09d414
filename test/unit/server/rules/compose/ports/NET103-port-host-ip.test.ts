import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET103 marks host_ip values that are not IP addresses', () => {
  checkFixture(fixture('NET103-port-host-ip.yaml'), { codes: ['NET103'] });
});
