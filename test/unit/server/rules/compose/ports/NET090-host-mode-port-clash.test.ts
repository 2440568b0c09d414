import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET090 warns when a host-mode service and a published port share a host port', () => {
  checkFixture(fixture('NET090-host-mode-port-clash.yaml'), { codes: ['NET090'] });
});
