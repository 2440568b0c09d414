import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';
import { hostWith } from '../host-snapshot';

test('NET063 marks static addresses outside every subnet', () => {
  checkFixture(fixture('NET063-static-ip-outside-subnet.yaml'), { codes: ['NET063'] });
});

test('NET063 quotes Engine 29 and names the subnet to use', () => {
  assert.deepEqual(messagesOf(fixture('NET063-static-ip-outside-subnet.yaml'), 'NET063'), [
    'invalid config for network rules_front: invalid endpoint settings: no configured subnet contains IP address 172.16.239.10; use an address inside 172.16.238.0/24',
  ]);
});

test('NET063 and NET064 check static addresses on external networks against the host', () => {
  const host = hostWith({ networks: [{ name: 'traefik', subnets: ['172.30.0.0/24'] }] });
  checkFixture(fixture('NET063-external-on-host.yaml'), { codes: ['NET063', 'NET064'], host });
  assert.match(
    messagesOf(fixture('NET063-external-on-host.yaml'), 'NET063', { host })[0] ?? '',
    /^invalid config for network traefik: invalid endpoint settings: no configured subnet contains IP address 172\.30\.9\.10/,
  );
  assert.deepEqual(
    messagesOf(fixture('NET063-external-on-host.yaml'), 'NET063'),
    [],
    'without a host: unknown',
  );
});
