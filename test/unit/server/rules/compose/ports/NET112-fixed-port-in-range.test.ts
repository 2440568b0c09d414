import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET112 warns about a fixed port inside another range', () => {
  checkFixture(fixture('NET112-fixed-port-in-range.yaml'), { codes: ['NET112'] });
});
