import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET062 marks static addresses on networks without a user subnet of that family, not on external ones', () => {
  checkFixture(fixture('NET062-static-ip-without-subnet.yaml'), { codes: ['NET062'] });
});

test('NET062 quotes runconfig', () => {
  assert.match(
    messagesOf(fixture('NET062-static-ip-without-subnet.yaml'), 'NET062')[0] ?? '',
    /^user specified IP address is supported only when connecting to networks with user configured subnets: network "rules_auto"/,
  );
});
