import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFixture, fixture, messagesOf } from '../harness';
import { sexagesimal } from '../../../../../../server/src/rules/compose/ports/NET101-unquoted-port';

test('NET101 warns only on unquoted mappings YAML 1.1 reads as base 60', () => {
  checkFixture(fixture('NET101-unquoted-port.yaml'), { codes: ['NET101'] });
});

test('NET101 names the number a YAML 1.1 reader makes of the mapping', () => {
  const messages = messagesOf(fixture('NET101-unquoted-port.yaml'), 'NET101');
  assert.ok(
    messages.some((m) => m.includes('base-60 number 1342')),
    messages.join('\n'),
  );
  assert.ok(
    messages.some((m) => m.includes('base-60 number 7170')),
    messages.join('\n'),
  );
});

test('YAML 1.1 sexagesimal: every part after a colon 0-59; addresses, ranges, protocols and variables never', () => {
  assert.equal(sexagesimal('22:22'), 1342);
  assert.equal(sexagesimal('1:00'), 60);
  assert.equal(sexagesimal('190:20:30'), 685230);
  assert.equal(sexagesimal('1:30.5'), 90.5);
  for (const s of [
    '8080:8080',
    '0.0.0.0:8080:8080',
    '127.0.0.1:22:22',
    '51820:51820/udp',
    '53:53/udp',
    '${PORT:-8080}:80',
    '${PORT}:22',
    '5000-5001:5000-5001',
    '22:60',
    '80',
    '[::1]:22:22',
    '0:22',
  ]) {
    assert.equal(sexagesimal(s), undefined, s);
  }
});
