import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkK8sFixture, findingsInText, fixture, messages, relatedInText } from '../harness';

test('K8S008 checks ipBlock cidr and except with the apiserver texts', () => {
  const found = checkK8sFixture(fixture('K8S008-ip-block.yaml'), ['K8S008']);
  assert.deepEqual(messages(found, 'K8S008'), [
    'spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "192.168.5.6": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    'spec.ingress[0].from[1].ipBlock.except[0]: Invalid value: "192.168.9.1/32": must be a strict subset of `cidr`',
    'spec.ingress[0].from[2].ipBlock.except[0]: Invalid value: "192.168.0.0/16": must be a strict subset of `cidr`',
    'spec.ingress[0].from[2].ipBlock.except[1]: Invalid value: "300.300.300.300": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    'spec.ingress[0].from[3].ipBlock.cidr: Invalid value: "fd00:192:168::": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
  ]);
});

/** K8S008's findings for one NetworkPolicy whose only ingress peer is `ipBlock: <block>`. */
function k8s008(block: string): string[] {
  const yaml = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: n}\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: ${block}\n`;
  return findingsInText(yaml, 'K8S008').map((f) => `${f.severity} ${f.text}: ${f.message}`);
}

test('K8S008: a missing or empty cidr is required, at the cidr when written, else at the block', () => {
  const required = 'spec.ingress[0].from[0].ipBlock.cidr: Required value';
  assert.deepEqual(k8s008('{except: [10.0.0.0/8]}'), [`error {except: [10.0.0.0/8]}: ${required}`]);
  assert.deepEqual(k8s008('{cidr: ""}'), [`error "": ${required}`]);
});

test('K8S008: an except item that is not text is an empty, invalid CIDR; the others are still checked', () => {
  assert.deepEqual(k8s008('{cidr: 10.0.0.0/8, except: [~, 10.1.0.0/16, 11.0.0.0/8]}'), [
    'error ~: spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    'error 11.0.0.0/8: spec.ingress[0].from[0].ipBlock.except[2]: Invalid value: "11.0.0.0/8": must be a strict subset of `cidr`',
  ]);
});

test('K8S008: an except that is not a strict subset points at the block cidr', () => {
  const yaml = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: n}\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}\n`;
  assert.deepEqual(relatedInText(yaml, 'K8S008'), [
    ['10.0.0.0/8', "10.0.0.0/8: the block's cidr is 10.0.0.0/8"],
  ]);
});
