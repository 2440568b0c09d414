// The marked fixture of every Kubernetes rule that has no test file of its own in this folder (their pages'
// examples are run by test/unit/server/docs/rule-examples.test.ts, which is not among the rules' tests, and
// the apiserver's vectors by test/unit/server/kubernetes/conformance.test.ts): each fixture must yield
// exactly its marked findings of its rule, with their severities, and its `.right.yaml` none of that rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { checkK8sFixture, findingsOf, fixture } from './harness';

const WITHOUT_OWN_TEST = [
  'K8S007',
  'K8S009',
  'K8S010',
  'K8S011',
  'K8S012',
  'K8S013',
  'K8S014',
  'K8S015',
  'K8S016',
  'K8S017',
  'K8S018',
  'K8S020',
  'K8S021',
  'K8S022',
  'K8S023',
  'K8S024',
  'K8S025',
  'K8S027',
  'K8S032',
  'K8S033',
  'K8S034',
  'K8S036',
  'K8S037',
  'K8S039',
  'K8S040',
  'K8S042',
  'K8S043',
  'K8S044',
  'K8S045',
  'K8S047',
  'K8S048',
  'K8S049',
  'K8S050',
  'K8S051',
  'K8S052',
  'K8S055',
  'K8S056',
  'K8S065',
];

const names = readdirSync(fixture());

for (const code of WITHOUT_OWN_TEST) {
  // A fixture is a file or a folder (a project, loaded as `switchyard lint -R DIR`); `.right` beside it.
  const wrong = names.filter(
    (n) => n.startsWith(`${code}-`) && !/\.right(\.yaml)?$/.test(n) && !n.endsWith('.json'),
  );
  test(`${code}: its fixture yields exactly the marked findings, its right example none`, () => {
    assert.ok(wrong.length > 0, `no fixture for ${code}`);
    for (const n of wrong) {
      const found = checkK8sFixture(fixture(n), [code]);
      assert.ok(found.length > 0, `${n} marks no ${code}`);
      const right = fixture(n.endsWith('.yaml') ? n.replace(/\.yaml$/, '.right.yaml') : `${n}.right`);
      if (existsSync(right))
        assert.deepEqual(
          findingsOf(right)
            .findings.filter((f) => f.code === code)
            .map((f) => f.message),
          [],
        );
    }
  });
}
