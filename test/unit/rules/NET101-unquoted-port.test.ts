import { test } from 'node:test';
import { checkFixture, fixture } from './harness';

test('NET101 warns on each unquoted HOST:CONTAINER mapping', () => {
  checkFixture(fixture('NET101-unquoted-port.yaml'), { codes: ['NET101'] });
});
