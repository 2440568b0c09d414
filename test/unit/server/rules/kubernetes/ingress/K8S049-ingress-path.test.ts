import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsInText } from '../harness';

/** K8S049's findings for one Ingress whose paths are `paths` (flow mappings), with the text each covers. */
function k8s049(paths: string[]): { message: string; text: string }[] {
  const yaml = [
    'apiVersion: networking.k8s.io/v1',
    'kind: Ingress',
    'metadata: {name: web}',
    'spec:',
    '  rules:',
    '    - http:',
    '        paths:',
    ...paths.map((p) => `          - {${p}, backend: {service: {name: web, port: {number: 80}}}}`),
  ].join('\n');
  return findingsInText(yaml, 'K8S049').map((f) => ({ message: f.message, text: f.text }));
}

test('K8S049 quotes the apiserver for a missing or unknown pathType, at the path or the type', () => {
  assert.deepEqual(k8s049(['path: /a', 'path: /b, pathType: Regex']), [
    {
      message: 'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
      text: '{path: /a, backend: {service: {name: web, port: {number: 80}}}}',
    },
    {
      message:
        'spec.rules[0].http.paths[1].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
      text: 'Regex',
    },
  ]);
});

test('K8S049: Exact and Prefix paths must be absolute and clean, to the end', () => {
  assert.deepEqual(
    k8s049([
      'path: api, pathType: Prefix',
      'path: /a/./b, pathType: Exact',
      'path: /a/../b, pathType: Prefix',
      'path: /a%2fb, pathType: Prefix',
      'path: /a%2Fb, pathType: Prefix',
      'path: /a/.., pathType: Prefix',
      'path: /a/., pathType: Exact',
      'path: /a/b, pathType: Exact',
      'path: /, pathType: Prefix',
    ]).map((f) => `${f.text} ${f.message.replace(/^spec\.rules\[0\]\.http\./, '')}`),
    [
      `api paths[0].path: Invalid value: "api": must be an absolute path`,
      `/a/./b paths[1].path: Invalid value: "/a/./b": must not contain '/./'`,
      `/a/../b paths[2].path: Invalid value: "/a/../b": must not contain '/../'`,
      `/a%2fb paths[3].path: Invalid value: "/a%2fb": must not contain '%2f'`,
      `/a%2Fb paths[4].path: Invalid value: "/a%2Fb": must not contain '%2F'`,
      `/a/.. paths[5].path: Invalid value: "/a/..": cannot end with '/..'`,
      `/a/. paths[6].path: Invalid value: "/a/.": cannot end with '/.'`,
    ],
  );
});

test('K8S049: an ImplementationSpecific path may be empty or absolute, nothing else is checked', () => {
  assert.deepEqual(
    k8s049([
      'path: "", pathType: ImplementationSpecific',
      'path: /a//b/.., pathType: ImplementationSpecific',
      'path: rel, pathType: ImplementationSpecific',
      'pathType: Prefix',
    ]).map((f) => f.message),
    ['spec.rules[0].http.paths[2].path: Invalid value: "rel": must be an absolute path'],
  );
});
