import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';
import { hostWith } from '../host-snapshot';

const host = hostWith({ interfaces: ['lo', 'eth0', 'docker0'] });

test('NET052 marks a macvlan/ipvlan parent the host does not have; a VLAN sub-interface needs its master', () => {
  checkFixture(fixture('NET052-parent-not-on-host.yaml'), { codes: ['NET052'], host });
});

test("NET052 says it in Docker's words and lists the host's interfaces", () => {
  const messages = messagesOf(fixture('NET052-parent-not-on-host.yaml'), 'NET052', { host });
  assert.equal(
    messages[0],
    '-o parent interface was not found on the host: ens18 (network "missing", ipvlan, on root@build-1); the host has: eth0, docker0',
  );
  assert.match(
    messages[1] ?? '',
    /^invalid subinterface vlan name eth0\.ten, example formatting is eth0\.10 /,
  );
  assert.match(messages[2] ?? '', /^vlan id must be between 1-4094, received: 5000 /);
  assert.match(messages[3] ?? '', /^-o parent interface was not found on the host: bond0 /);
});

test('NET052 needs a host that lists its interfaces', () => {
  assert.deepEqual(messagesOf(fixture('NET052-parent-not-on-host.yaml'), 'NET052'), []);
  assert.deepEqual(
    messagesOf(fixture('NET052-parent-not-on-host.yaml'), 'NET052', { host: hostWith({}) }),
    [],
  );
});
