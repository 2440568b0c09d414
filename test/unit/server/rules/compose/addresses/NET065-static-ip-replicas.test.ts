import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET065 marks static addresses and MACs on services with replicas', () => {
  checkFixture(fixture('NET065-static-ip-replicas.yaml'), { codes: ['NET065'] });
});

test('NET065 counts the replicas', () => {
  const msgs = messagesOf(fixture('NET065-static-ip-replicas.yaml'), 'NET065');
  assert.match(msgs[0] ?? '', /service "web" runs 3 replicas with the one static address 10\.5\.0\.10/);
  assert.match(
    msgs[1] ?? '',
    /service "api" runs 2 replicas with the one mac_address 02:42:ac:11:00:02; the engine starts them all with that MAC/,
  );
});
