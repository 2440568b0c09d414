import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET114 notes an unbracketed IPv6 host IP', () => {
  checkFixture(fixture('NET114-unbracketed-ipv6.yaml'), { codes: ['NET114'] });
});
