import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET151 warns when an override maps a container port again instead of replacing it', () => {
  checkFixture(fixture('NET151-override-port-added'), { codes: ['NET151'] });
});

test('NET151 suggests !override', () => {
  const [m] = messagesOf(fixture('NET151-override-port-added'), 'NET151');
  assert.match(
    m ?? '',
    /9090:80 adds a second mapping for container port 80 next to 8080:80 from a-compose\.yaml/,
  );
  assert.match(m ?? '', /ports: !override/);
});
