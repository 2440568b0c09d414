import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET064 marks gateway, network, broadcast, aux and duplicated static addresses; macvlan keeps .1 free', () => {
  checkFixture(fixture('NET064-static-ip-in-use.yaml'), { codes: ['NET064'] });
});

test('NET064 says which reservation or which service holds the address', () => {
  const msgs = messagesOf(fixture('NET064-static-ip-in-use.yaml'), 'NET064');
  assert.deepEqual(
    msgs.map((m) => m.replace(/^Address already in use: /, '').replace(/;.*/, '')),
    [
      'ipv4_address 10.5.0.1 is the gateway the engine assigns by default (10.5.0.1) of network "rules_front"',
      'ipv4_address 10.5.0.0 is the network address of network "rules_front"',
      'ipv4_address 10.5.0.255 is the broadcast address of network "rules_front"',
      'ipv4_address 10.5.0.9 is aux_addresses "router" of network "rules_front"',
      '10.5.0.10 on network "front" is also the static address of service "first"',
    ],
  );
});

test('NET064 is a warning when the second service only runs under a profile', () => {
  checkFixture(fixture('NET064-profiles.yaml'), { codes: ['NET064'] });
});
