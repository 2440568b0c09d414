import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

const file = fixture('NET163-deploy-mode-replicas.yaml');

test('NET163 marks replicas on a global service and a deploy.mode docker/cli does not know', () => {
  checkFixture(file, { codes: ['NET163'] });
});

test("NET163 quotes docker/cli's stack conversion", () => {
  const [global, unknown] = messagesOf(file, 'NET163');
  assert.match(
    global ?? '',
    /^replicas can only be used with replicated or replicated-job mode: service "agent" is global/,
  );
  assert.match(
    unknown ?? '',
    /^unknown mode: daemonset: docker stack deploy refuses services\.odd\.deploy\.mode/,
  );
});
