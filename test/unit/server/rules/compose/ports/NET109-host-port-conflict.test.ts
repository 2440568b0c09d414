import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadProject } from '../../../../../../server/src/compose/loader';
import { analyze } from '../../../../../../server/src/analyze';
import { checkFixture, fixture } from '../harness';

function load(name: string) {
  const file = fixture(name);
  return loadProject({ files: [file], reader: { read: () => readFileSync(file, 'utf8') }, env: {} });
}

test('NET109 marks the later of two bindings on overlapping addresses', () => {
  checkFixture(fixture('NET109-host-port-conflict.yaml'), { codes: ['NET109'] });
});

test('NET109 quotes the port allocator, relates the other binding and offers a free port', () => {
  const project = load('NET109-host-port-conflict.yaml');
  const found = analyze(project, null).filter((f) => f.code === 'NET109');
  assert.equal(
    found[0]?.message,
    'Bind for 0.0.0.0:8080 failed: port is already allocated: service "a" already publishes host port 8080/tcp; use a free host port such as 8081',
  );
  assert.deepEqual(found[0]?.fix, { kind: 'replace', title: 'Use free host port 8081', text: '"8081:3000"' });
  // The long-syntax binding clashes with a and b: one finding, both related; the fix keeps it a number.
  const long = found[2];
  assert.equal(long?.related?.length, 2);
  assert.deepEqual(long?.fix, { kind: 'replace', title: 'Use free host port 8081', text: '8081' });
});

test('NET109 puts a port inherited through extends on the extends of the service that inherits it', () => {
  checkFixture(fixture('NET109-extends.yaml'), { codes: ['NET109'] });
});

test('NET109 finds a clash that an override file creates, in the override file', () => {
  checkFixture(fixture('NET109-override'), { codes: ['NET109'] });
});
