import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET107 marks protocols other than tcp, udp and sctp', () => {
  checkFixture(fixture('NET107-port-protocol.yaml'), { codes: ['NET107'] });
});
