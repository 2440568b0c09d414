import { test } from 'node:test';
import { checkFixture, fixture } from '../harness';

test('NET003 warns about a network key that escapes validation', () => {
  checkFixture(fixture('NET003-key-pattern.yaml'), { codes: ['NET003'] });
});

test('NET003 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET003'] });
});
