import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET119 marks scale versus deploy.replicas and negative counts', () => {
  checkFixture(fixture('NET119-scale-replicas.yaml'), { codes: ['NET119'] });
});
