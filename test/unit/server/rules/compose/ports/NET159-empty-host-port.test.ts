import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET159 warns when interpolation empties a host port', () => {
  checkFixture(fixture('NET159-empty-host-port.yaml'), { codes: ['NET159'], env: { SET_PORT: '8082' } });
});
