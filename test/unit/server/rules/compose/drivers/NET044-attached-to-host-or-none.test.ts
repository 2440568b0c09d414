import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET044 marks attachments to the predefined host and none networks', () => {
  checkFixture(fixture('NET044-attached-to-host-or-none.yaml'), { codes: ['NET044'] });
});

test('NET044 quotes runconfig when mixed with other networks', () => {
  const msgs = messagesOf(fixture('NET044-attached-to-host-or-none.yaml'), 'NET044');
  assert.match(msgs[0] ?? '', /so it runs in host mode .*write network_mode: host to say so$/);
  assert.match(
    msgs[1] ?? '',
    /^container cannot be connected to multiple networks with one of the networks in private \(none\) mode/,
  );
});
