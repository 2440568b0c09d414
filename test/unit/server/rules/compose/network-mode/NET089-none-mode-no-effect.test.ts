import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET089 warns on networking options under network_mode: none', () => {
  checkFixture(fixture('NET089-none-mode-no-effect.yaml'), { codes: ['NET089'] });
});
