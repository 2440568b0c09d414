import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET015 marks links and depends_on to undefined services', () => {
  checkFixture(fixture('NET015-undefined-dependency.yaml'), { codes: ['NET015'] });
});

test('NET015 quotes compose-go, with the link alias stripped', () => {
  assert.deepEqual(messagesOf(fixture('NET015-undefined-dependency.yaml'), 'NET015'), [
    'service "web" depends on undefined service "queue": invalid compose project',
    'service "web" depends on undefined service "db": invalid compose project (links imply depends_on)',
    'service "web" depends on undefined service "cache": invalid compose project (links imply depends_on)',
    'service "api" depends on undefined service "ghost": invalid compose project',
  ]);
});

test('NET015 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET015'] });
});
