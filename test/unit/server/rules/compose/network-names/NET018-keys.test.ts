import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsInText } from '../harness';

test('NET018 marks each creation key of an external network, with its fix', () => {
  const keys = [
    'driver',
    'driver_opts',
    'ipam',
    'internal',
    'attachable',
    'enable_ipv4',
    'enable_ipv6',
    'labels',
  ];
  const yaml = `services:\n  a: {image: nginx, networks: [net]}\nnetworks:\n  net:\n    external: true\n    name: shared\n${keys.map((k) => `    ${k}: {}\n`).join('')}    x-note: kept\n  own:\n    driver: bridge\n`;
  const found = findingsInText(yaml, 'NET018');
  assert.deepEqual(
    found.map((f) => `${f.text} ${f.severity} ${f.fix}`),
    keys.map((k) => `${k} warning Remove ${k}`),
  );
  assert.equal(
    found[0]?.message,
    'network "net" is external, so Compose ignores its driver: the existing network shared is used as it is; remove driver or drop external',
  );
});
