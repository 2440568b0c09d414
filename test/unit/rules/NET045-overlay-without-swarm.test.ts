import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from './harness';

test('NET045 marks overlay networks Compose would create', () => {
  checkFixture(fixture('NET045-overlay-without-swarm.yaml'), { codes: ['NET045'] });
});
