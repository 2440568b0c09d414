import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadProject } from '../../../../../server/src/compose/loader';
import { analyze } from '../../../../../server/src/analyze';
import { portRules } from '../../../../../server/src/rules/compose/group-ports';

const randomPortText = fc.string({
  unit: fc.constantFrom(...'0123456789:-/[].aut${}+ '.split('')),
  maxLength: 20,
  size: 'max',
});
/** Well-formed specs over a few ports, so that services often clash and the conflict rules run. */
const clashingPortText = fc
  .tuple(
    fc.constantFrom('', '', '127.0.0.1:', '[::1]:', '0.0.0.0:'),
    fc.constantFrom('', '80:', '80:', '81:', '8000-8002:', '8001:', '80-81:'),
    fc.constantFrom('80', '8080', '53', '80-81'),
    fc.constantFrom('', '', '/udp'),
  )
  .map((parts) => parts.join(''));
const portText = fc.oneof(
  { weight: 3, arbitrary: clashingPortText },
  { weight: 1, arbitrary: randomPortText },
);
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
const item = fc.oneof(scalar, longItem, fc.array(scalar, { maxLength: 2, size: 'max' }));
const service = fc.record(
  {
    image: fc.constant('x'),
    ports: fc.oneof(fc.array(item, { maxLength: 6, size: 'max' }), scalar),
    expose: fc.array(scalar, { maxLength: 3, size: 'max' }),
    network_mode: fc.constantFrom('host', 'none', 'bridge', 'service:a', ''),
    scale: fc.oneof(fc.integer({ min: -1, max: 4 }), portText),
    deploy: fc.record({ replicas: fc.integer({ min: -1, max: 4 }) }, { requiredKeys: [] }),
    profiles: fc.array(fc.constantFrom('dev', 'prod'), { maxLength: 2, size: 'max' }),
    container_name: fc.constant('c'),
  },
  { requiredKeys: ['image'] },
);

/** A service that publishes well-formed ports over a few numbers, sometimes in the long syntax. */
const publishing = fc.record(
  {
    image: fc.constant('x'),
    ports: fc.array(
      fc.oneof(
        { weight: 3, arbitrary: clashingPortText },
        {
          weight: 1,
          arbitrary: fc.record({
            target: fc.constantFrom(80, 443),
            published: fc.constantFrom('80', '8001', '8000-8002'),
            protocol: fc.constantFrom('tcp', 'udp'),
          }),
        },
      ),
      { minLength: 1, maxLength: 3, size: 'max' },
    ),
    network_mode: fc.constantFrom('bridge', 'bridge', 'host'),
    scale: fc.integer({ min: 1, max: 3 }),
    profiles: fc.array(fc.constantFrom('dev', 'prod'), { maxLength: 1, size: 'max' }),
  },
  { requiredKeys: ['image', 'ports'] },
);

test('port rules never throw and every finding lies inside its file', () => {
  const RUNS = 400;
  const codes = new Map<string, number>();
  // Samples reaching the conflict algorithm's findings, and the syntax checks.
  const CONFLICT = ['NET109', 'NET110', 'NET111', 'NET112', 'NET090', 'NET158'];
  const SYNTAX = ['NET100', 'NET104', 'NET105', 'NET106', 'NET107'];
  const reached = { conflict: 0, syntax: 0 };
  fc.assert(
    fc.property(
      fc.dictionary(
        fc.constantFrom('a', 'b', 'c', 'd'),
        fc.oneof({ weight: 2, arbitrary: publishing }, { weight: 1, arbitrary: service }),
        { maxKeys: 4, size: 'max' },
      ),
      (services) => {
        const text = stringify({ services });
        const project = loadProject({ files: ['/p/compose.yaml'], reader: { read: () => text }, env: {} });
        const found = analyze(project, null, portRules);
        for (const code of new Set(found.map((f) => f.code))) codes.set(code, (codes.get(code) ?? 0) + 1);
        if (found.some((f) => CONFLICT.includes(f.code))) reached.conflict++;
        if (found.some((f) => SYNTAX.includes(f.code))) reached.syntax++;
        for (const f of found) {
          assert.ok(f.at.start >= 0 && f.at.end <= text.length && f.at.start <= f.at.end, f.code);
          assert.ok(f.message.length > 0);
        }
      },
    ),
    { numRuns: RUNS },
  );
  const measured = `${JSON.stringify(reached)} of ${RUNS}; by code: ${JSON.stringify(Object.fromEntries([...codes].sort()))}`;
  assert.ok(reached.conflict >= RUNS * 0.25, `too few samples reach the conflict findings: ${measured}`);
  assert.ok(reached.syntax >= RUNS * 0.2, `too few samples reach the syntax findings: ${measured}`);
  for (const code of CONFLICT) assert.ok(codes.has(code), `no sample reached ${code}: ${measured}`);
  if (process.env['SWITCHYARD_FUZZ_STATS']) console.log(`port rule codes (samples with each): ${measured}`);
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
