import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadProject } from '../../../../server/src/compose/loader';
import { mutatedYamlDocument, yamlDocument } from '../yaml/yamlgen';

const skeleton = fc.constantFrom(
  'include: [inc.yaml]\nservices:\n  web:\n    extends: {file: ext.yaml, service: base}\n    ports: ["${P}:80"]\n',
  'services:\n  web:\n    extends: other\n  other:\n    extends: web\n',
  'include:\n  - path: inc.yaml\n    env_file: missing.env\nnetworks: !reset {}\n',
  'services:\n  a: {ports: !override ["1:1"], networks: [x], network_mode: host}\nnetworks: {x: {ipam: {config: [{subnet: "${S:?no}"}]}}}\n',
);

const doc = fc.oneof(yamlDocument, mutatedYamlDocument, skeleton);

test('loading never throws, whatever the files hold, and every finding points into a read file', () => {
  fc.assert(
    fc.property(doc, doc, doc, doc, (base, override, inc, ext) => {
      const files = new Map([
        ['/p/compose.yaml', base],
        ['/p/compose.override.yaml', override],
        ['/p/inc.yaml', inc],
        ['/p/ext.yaml', ext],
      ]);
      const p = loadProject({
        files: ['/p/compose.yaml', '/p/compose.override.yaml'],
        reader: { read: (f) => files.get(f) },
        env: {},
      });
      for (const f of p.findings) {
        const text = p.sources.get(f.at.file)?.text ?? '';
        assert.ok(f.at.start >= 0 && f.at.start <= f.at.end && f.at.end <= text.length, JSON.stringify(f));
      }
      for (const s of p.services) for (const k of s.keySpans) assert.ok(p.sources.has(k.file));
    }),
    { numRuns: 800 },
  );
});
