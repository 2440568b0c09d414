import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleHref } from '../../../../server/src/docs/links';
import { ruleIdOfHref } from '../../../../client/src/views/rule-page-link';

test("a diagnostic's rule link names its rule; other links name none", () => {
  for (const id of ['NET010', 'HOST001', 'K8S003']) assert.equal(ruleIdOfHref(ruleHref(id) ?? ''), id);
  assert.equal(ruleIdOfHref('https://example.com/NET010.md'), undefined);
  assert.equal(
    ruleIdOfHref('https://github.com/switchyard/switchyard/blob/main/docs/rules/NET010.md#fix'),
    undefined,
  );
  assert.equal(
    ruleIdOfHref('https://github.com/switchyard/switchyard/blob/main/docs/rules/../x.md'),
    undefined,
  );
});
