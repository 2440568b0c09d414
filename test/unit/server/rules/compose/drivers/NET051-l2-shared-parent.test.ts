import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET051 marks a second network on a parent: ipvlan and passthru refuse, macvlan warns', () => {
  checkFixture(fixture('NET051-l2-shared-parent.yaml'), { codes: ['NET051'] });
});

test('NET051 quotes the drivers', () => {
  const msgs = messagesOf(fixture('NET051-l2-shared-parent.yaml'), 'NET051');
  assert.match(msgs[0] ?? '', /^network rules_i1 is already using parent interface eth0/);
  assert.match(
    msgs[2] ?? '',
    /^cannot use mode passthru, macvlan network rules_m1 is already using parent interface eth1/,
  );
});
