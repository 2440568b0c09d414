import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';
import { hostWith } from '../host-snapshot';

const host = (dockerVersion?: string) => hostWith(dockerVersion !== undefined ? { dockerVersion } : {});

test('NET071 marks interface_name when the host runs a Docker Engine older than 28.1', () => {
  checkFixture(fixture('NET071-interface-name-engine.yaml'), {
    codes: ['NET071'],
    host: host('20.10.24+dfsg1'),
  });
  assert.match(
    messagesOf(fixture('NET071-interface-name-engine.yaml'), 'NET071', { host: host('28.0.4') })[0] ?? '',
    /^interface_name requires Docker Engine v28\.1 or later; root@build-1 runs 28\.0\.4 /,
  );
});

test('NET071 is quiet from 28.1 on, and when the version is unknown', () => {
  for (const v of ['28.1.0', '29.0.1', undefined])
    assert.deepEqual(
      messagesOf(fixture('NET071-interface-name-engine.yaml'), 'NET071', { host: host(v) }),
      [],
    );
});
