import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET100 marks each short mapping ParsePortSpec refuses', () => {
  checkFixture(fixture('NET100-port-syntax.yaml'), { codes: ['NET100'] });
});

test('NET100 quotes go-connections v0.7.0', () => {
  assert.deepEqual(messagesOf(fixture('NET100-port-syntax.yaml'), 'NET100'), [
    'invalid proto: xyz',
    'invalid hostPort: 127.0.0.1',
    'invalid IP address: localhost',
    'invalid ranges specified for container and host Ports: 80-82 and 8080-8081',
    'no port specified: 80:<empty>',
    'invalid proto: xyz',
  ]);
});

test('NET100 also checks services that profiles disable (compose-go parses ports first)', () => {
  checkFixture(fixture('NET100-port-syntax.yaml'), { codes: ['NET100'], profiles: ['other'] });
});
