import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsInText } from '../harness';

const F = '/inline/compose.yaml';
const net002 = (networks: string): string[] =>
  findingsInText(`services:\n  a: {image: nginx}\nnetworks:\n${networks}`, 'NET002').map(
    (f) => `${f.severity} ${f.text}: ${f.message.replace(`validating ${F}: `, '')}`,
  );

test('NET002: ipam, its options and aux_addresses must be mappings of strings', () => {
  assert.deepEqual(net002('  a:\n    ipam: [x]\n'), ['error [x]: networks.a.ipam must be a mapping']);
  assert.deepEqual(net002('  a:\n    ipam:\n      options: [x]\n'), [
    'error [x]: networks.a.ipam.options must be a mapping',
  ]);
  assert.deepEqual(net002('  a:\n    ipam:\n      options: {k: 1, m: {n: o}, s: ok}\n'), [
    'error 1: networks.a.ipam.options.k must be a string',
    'error m: networks.a.ipam.options.m must be a string',
  ]);
  assert.deepEqual(
    net002('  a:\n    ipam:\n      config:\n        - subnet: 10.0.0.0/24\n          aux_addresses: x\n'),
    ['error x: networks.a.ipam.config.0.aux_addresses must be a mapping'],
  );
  assert.deepEqual(net002('  a:\n    ipam:\n      config: {subnet: 10.0.0.0/24}\n'), [
    'error {subnet: 10.0.0.0/24}: networks.a.ipam.config must be a list',
  ]);
});

test('NET002: a network key that is not a name, a right one are not its business', () => {
  assert.deepEqual(
    net002(
      '  "a b":\n    ipam: {drver: x}\n  d:\n    ipam: {driver: default, config: [{subnet: 10.0.0.0/24, aux_addresses: {h: 10.0.0.5}}], options: {o: v}}\n',
    ),
    [],
  );
});

test('NET002: a key written with no value (`ipam:`, `options:`) is marked at its key, not at an empty place', () => {
  assert.deepEqual(net002('  a:\n    ipam:\n    driver: bridge\n'), [
    'error ipam: networks.a.ipam must be a mapping',
  ]);
  assert.deepEqual(net002('  a:\n    ipam:\n      options:\n      driver: default\n'), [
    'error options: networks.a.ipam.options must be a mapping',
  ]);
});
