import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadProject } from '../../../../../../server/src/compose/loader';
import { analyze } from '../../../../../../server/src/analyze';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET038 marks IPv6 subnets without enable_ipv6: true', () => {
  checkFixture(fixture('NET038-ipv6-subnet-without-enable.yaml'), { codes: ['NET038'] });
});

test('NET038 explains both the missing and the explicit false case', () => {
  const [missing, off] = messagesOf(fixture('NET038-ipv6-subnet-without-enable.yaml'), 'NET038');
  assert.match(missing ?? '', /without enable_ipv6: true; Engine 25 and later enable IPv6 for it/);
  assert.match(off ?? '', /sets enable_ipv6: false but has IPv6 subnet fd00:b::\/64/);
});

test('NET038 offers no insert fix, which would land inside ipam.config', () => {
  const path = fixture('NET038-ipv6-subnet-without-enable.yaml');
  const project = loadProject({ files: [path], reader: { read: (p) => readFileSync(p, 'utf8') }, env: {} });
  const found = analyze(project, null).filter((f) => f.code === 'NET038');
  assert.equal(found.length, 2);
  assert.ok(found.every((f) => f.fix === undefined));
});
