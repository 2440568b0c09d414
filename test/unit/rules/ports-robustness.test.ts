import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadProject } from '../../../server/src/compose/loader';
import { analyze } from '../../../server/src/analyze';
import { portRules } from '../../../server/src/rules/group-ports';

const portText = fc.string({ unit: fc.constantFrom(...'0123456789:-/[].aut${}+ '.split('')), maxLength: 20 });
const scalar = fc.oneof(
  portText,
  fc.integer({ min: -5, max: 70000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const longItem = fc.record(
  {
    target: scalar,
    published: scalar,
    host_ip: fc.constantFrom('', '::1', '127.0.0.1', 'localhost', '[::1]'),
    protocol: fc.constantFrom('tcp', 'UDP', 'http', ''),
    mode: fc.constantFrom('host', 'ingress', 'x'),
  },
  { requiredKeys: [] },
);
const item = fc.oneof(scalar, longItem, fc.array(scalar, { maxLength: 2 }));
const service = fc.record(
  {
    image: fc.constant('x'),
    ports: fc.oneof(fc.array(item, { maxLength: 6 }), scalar),
    expose: fc.array(scalar, { maxLength: 3 }),
    network_mode: fc.constantFrom('host', 'none', 'bridge', 'service:a', ''),
    scale: fc.oneof(fc.integer({ min: -1, max: 4 }), portText),
    deploy: fc.record({ replicas: fc.integer({ min: -1, max: 4 }) }, { requiredKeys: [] }),
    profiles: fc.array(fc.constantFrom('dev', 'prod'), { maxLength: 2 }),
    container_name: fc.constant('c'),
  },
  { requiredKeys: ['image'] },
);

test('port rules never throw and every finding lies inside its file', () => {
  fc.assert(
    fc.property(fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), service, { maxKeys: 4 }), (services) => {
      const text = stringify({ services });
      const project = loadProject({ files: ['/p/compose.yaml'], reader: { read: () => text }, env: {} });
      for (const f of analyze(project, null, portRules)) {
        assert.ok(f.at.start >= 0 && f.at.end <= text.length && f.at.start <= f.at.end, f.code);
        assert.ok(f.message.length > 0);
      }
    }),
    { numRuns: 400 },
  );
});

test(
  'a host-mode service with ports 1-65535 beside one publishing them: one NET090, bounded work',
  { timeout: 60_000 },
  () => {
    const file = '/p/compose.yaml';
    const text =
      'services:\n  a:\n    image: x\n    network_mode: host\n    ports: ["1-65535:1-65535"]\n' +
      '  b:\n    image: x\n    ports: ["1-65535:1-65535"]\n';
    const project = loadProject({
      files: [file],
      reader: { read: (p) => (p === file ? text : undefined) },
      env: {},
    });
    const found = analyze(project, null, portRules).filter((f) => f.code === 'NET090');
    assert.equal(found.length, 1);
    assert.match(
      found[0]?.message ?? '',
      /^service "a" uses network_mode: host and listens on host port 1\/tcp itself/,
    );
  },
);
