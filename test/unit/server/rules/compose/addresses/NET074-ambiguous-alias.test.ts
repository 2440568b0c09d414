import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../../../../server/src/analyze';
import { loadProject } from '../../../../../../server/src/compose/loader';
import { allRules } from '../../../../../../server/src/rules/registry';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET074 marks aliases shared between services or equal to a service name', () => {
  checkFixture(fixture('NET074-ambiguous-alias.yaml'), { codes: ['NET074'] });
});

test('NET074 explains both cases', () => {
  const msgs = messagesOf(fixture('NET074-ambiguous-alias.yaml'), 'NET074');
  assert.match(msgs[0] ?? '', /is given to services "a" and "b"/);
  assert.match(msgs[1] ?? '', /is also the name of service "db"/);
});

test('NET074 names the first service with the alias, points at it, and lets one service repeat its own alias', () => {
  const yaml = [
    'services:',
    '  a:',
    '    image: a',
    '    networks:',
    '      front: {aliases: [cache, cache]}',
    '  b:',
    '    image: b',
    '    networks:',
    '      front: {aliases: [cache]}',
    '  c:',
    '    image: c',
    '    networks:',
    '      front: {aliases: [cache]}',
    'networks:',
    '  front: {}',
    '',
  ].join('\n');
  const found = analyze(
    loadProject({ files: ['/p/compose.yaml'], reader: { read: () => yaml }, env: {} }),
    null,
    allRules,
  ).filter((f) => f.code === 'NET074');
  const at = (s: { start: number; end: number }) =>
    `${yaml.slice(0, s.start).split('\n').length}:${yaml.slice(s.start, s.end)}`;
  assert.deepEqual(
    found.map((f) => [at(f.at), f.message, f.related?.map((r) => [at(r.at), r.message])]),
    [
      [
        '9:cache',
        'alias "cache" on network "front" is given to services "a" and "b"; lookups may reach either, so give each its own alias',
        [['5:cache', 'service "a" has alias "cache"']],
      ],
      [
        '13:cache',
        'alias "cache" on network "front" is given to services "a" and "c"; lookups may reach either, so give each its own alias',
        [['5:cache', 'service "a" has alias "cache"']],
      ],
    ],
  );
});
