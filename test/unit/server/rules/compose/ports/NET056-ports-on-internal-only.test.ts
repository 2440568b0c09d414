import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET056 marks published ports on a service that is only on internal networks', () => {
  checkFixture(fixture('NET056-ports-on-internal-only.yaml'), { codes: ['NET056'] });
});

test('NET056 names the internal networks', () => {
  assert.match(
    messagesOf(fixture('NET056-ports-on-internal-only.yaml'), 'NET056')[0] ?? '',
    /only on internal network "int"/,
  );
});
