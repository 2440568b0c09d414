import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';
import { hostWith } from '../host-snapshot';

const host = (kernel?: string) => hostWith(kernel !== undefined ? { kernel } : {});

test('NET054 marks the ipvlan driver on a kernel older than 4.2', () => {
  checkFixture(fixture('NET054-ipvlan-kernel.yaml'), {
    codes: ['NET054'],
    host: host('3.10.0-1160.el7.x86_64'),
  });
  assert.match(
    messagesOf(fixture('NET054-ipvlan-kernel.yaml'), 'NET054', { host: host('4.1.12') })[0] ?? '',
    /^kernel version failed to meet the minimum ipvlan kernel requirement of 4\.2, found 4\.1\.12 /,
  );
});

test('NET054 is quiet from 4.2 on, and without a kernel version', () => {
  for (const kernel of ['4.2.0', '4.19.0-25-amd64', '6.1.0', undefined])
    assert.deepEqual(messagesOf(fixture('NET054-ipvlan-kernel.yaml'), 'NET054', { host: host(kernel) }), []);
});
