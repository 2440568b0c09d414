import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

const f = fixture('NET080-container-mode.yaml');

test('NET083 marks the option beside a service:/container: network mode', () => {
  checkFixture(f, { codes: ['NET083'] });
});

test('NET083 quotes the engine', () => {
  assert.match(messagesOf(f, 'NET083')[0] ?? '', /^conflicting options: dns and the network mode;/);
});

test('NET083 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET083'] });
});

test('NET083 warns that dns_search is dropped', () => {
  assert.equal(
    messagesOf(f, 'NET083')[1],
    'dns_search has no effect with network_mode service:vpn: the container uses the resolv.conf of service "vpn"; set it there',
  );
});
