import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET118 marks container_name on a replicated service', () => {
  checkFixture(fixture('NET118-container-name-scale.yaml'), { codes: ['NET118'] });
});
