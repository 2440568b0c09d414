import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsInText } from '../harness';

const networks = `networks:\n  hostnet: {external: true, name: host}\n  nonet: {external: true, name: none}\n  front: {}\n`;

test('NET044 in full: alone it warns of the mode it runs in, mixed it quotes the engine', () => {
  const yaml = `services:\n  a: {image: nginx, networks: [nonet]}\n  b: {image: nginx, networks: [hostnet, front]}\n${networks}`;
  assert.deepEqual(findingsInText(yaml, 'NET044'), [
    {
      severity: 'warning',
      text: 'nonet',
      message:
        'service "a" joins the predefined none network "nonet" through networks:, so it runs in none mode (no published ports, no network aliases); write network_mode: none to say so',
    },
    {
      severity: 'error',
      text: 'hostnet',
      message:
        'container cannot be disconnected from host network or connected to host network (service "b", network "hostnet"); use network_mode: host alone, or drop "hostnet"',
    },
  ]);
});

test('NET044 is quiet for other networks, alone or together', () => {
  const yaml = `services:\n  a: {image: nginx, networks: [front]}\n  b: {image: nginx}\n${networks}`;
  assert.deepEqual(findingsInText(yaml, 'NET044'), []);
});

test('NET044: an undeclared network (NET010) does not count as another network', () => {
  const yaml = `services:\n  a: {image: nginx, networks: [hostnet, missing]}\n${networks}`;
  assert.deepEqual(
    findingsInText(yaml, 'NET044').map((f) => `${f.severity} ${f.text}`),
    ['warning hostnet'],
  );
});
