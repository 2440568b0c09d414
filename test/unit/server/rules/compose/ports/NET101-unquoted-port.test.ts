import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFixture, findingsInText, fixture, messagesOf } from '../harness';
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

// Written from mutation chunk 5 (test/README.md): YAML 1.1's int and float base-60 forms part by part.
test('YAML 1.1 sexagesimal signs: a leading - makes the number negative, a leading + is dropped', () => {
  assert.equal(sexagesimal('-1:30'), -90);
  assert.equal(sexagesimal('+1:30'), 90);
  assert.equal(sexagesimal('-1:30.5'), -90.5);
  assert.equal(sexagesimal('+1:30.5'), 90.5);
});

test('YAML 1.1 sexagesimal: underscores in the first part are dropped', () => {
  assert.equal(sexagesimal('1_0:30'), 630);
  assert.equal(sexagesimal('1_0:30.5'), 630.5);
});

test('YAML 1.1 sexagesimal int: the first part starts 1-9; with a leading 0 and no fraction it is a string', () => {
  assert.equal(sexagesimal('01:30'), undefined);
  assert.equal(sexagesimal('x1:30'), undefined);
});

test('YAML 1.1 sexagesimal float: every form of the pattern, and nothing before or after it', () => {
  assert.equal(sexagesimal('01:30.5'), 90.5);
  assert.equal(sexagesimal('12:30.5'), 750.5);
  assert.equal(sexagesimal('1:02:30.5'), 3750.5);
  assert.equal(sexagesimal('1:5.5'), 65.5);
  assert.equal(sexagesimal('1:30.25'), 90.25);
  assert.equal(sexagesimal('1:30.'), 90);
  for (const s of ['x1:30.5', '1:30.5/udp', '1:60.5', '1:30.5.5']) {
    assert.equal(sexagesimal(s), undefined, s);
  }
});

test('NET101 pins the signed float form in full: message, span and fix', () => {
  const yaml = ['services:', '  a:', '    image: x', '    ports:', '      - -1:30.5', ''].join('\n');
  assert.deepEqual(findingsInText(yaml, 'NET101'), [
    {
      message:
        'port mapping -1:30.5 is not quoted: YAML 1.1 tools read it as the base-60 number -90.5; write "-1:30.5"',
      severity: 'warning',
      text: '-1:30.5',
      fix: 'Quote the port mapping',
    },
  ]);
});

test('NET101 leaves a mapping tagged !!str alone: YAML 1.1 tools read it as the string it is tagged', () => {
  const yaml = [
    'services:',
    '  a:',
    '    image: x',
    '    ports:',
    '      - !!str 22:22',
    '      - !!int 22:23',
    '',
  ].join('\n');
  assert.deepEqual(
    findingsInText(yaml, 'NET101').map((f) => [f.text, f.message]),
    [
      [
        '22:23',
        'port mapping 22:23 is not quoted: YAML 1.1 tools read it as the base-60 number 1343; write "22:23"',
      ],
    ],
  );
});
