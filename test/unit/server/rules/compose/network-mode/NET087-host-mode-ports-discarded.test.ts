import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET087 warns that ports are discarded under network_mode: host', () => {
  checkFixture(fixture('NET087-host-mode-ports-discarded.yaml'), { codes: ['NET087'] });
});
