import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';
import { findingsWithFixes } from '../swarm-support';

const file = fixture('NET160-dnsrr-ingress-port.yaml');

test('NET160 marks ingress-mode ports of a dnsrr service (short syntax, no mode, ingress, unknown mode)', () => {
  checkFixture(file, { codes: ['NET160'] });
});

test("NET160 quotes swarmkit's refusal and says why each port is in ingress mode", () => {
  const messages = messagesOf(file, 'NET160');
  assert.equal(messages.length, 4);
  for (const m of messages)
    assert.ok(
      m.startsWith("EndpointSpec: port published with ingress mode can't be used with dnsrr mode: "),
      m,
    );
  assert.match(messages[0] ?? '', /the short syntax publishes in ingress mode/);
  assert.match(messages[1] ?? '', /a port without `mode` is published in ingress mode/);
  assert.match(messages[3] ?? '', /mode "hots" is not host, so swarm takes it as ingress/);
});

test('NET160 fixes: mode host in place, beside the keys, or the short syntax written out long', () => {
  assert.deepEqual(
    findingsWithFixes(file, 'NET160').map((f) => f.fix),
    [
      {
        kind: 'replace',
        title: 'Publish this port with mode: host',
        text: '{ target: 80, published: "8080", protocol: tcp, mode: host }',
      },
      { kind: 'insert', title: 'Publish this port with mode: host', text: 'mode: host' },
      { kind: 'replace', title: 'Publish this port with mode: host', text: 'host' },
      { kind: 'replace', title: 'Publish this port with mode: host', text: 'host' },
    ],
  );
});
