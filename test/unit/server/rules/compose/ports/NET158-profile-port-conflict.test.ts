import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET158 warns about a clash that needs a profile, not about alternatives', () => {
  checkFixture(fixture('NET158-profile-port-conflict.yaml'), { codes: ['NET158'] });
});
