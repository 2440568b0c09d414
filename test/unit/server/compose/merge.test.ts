import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, get, isMap, isSeq, str } from '../../../../server/src/yaml/tree';
import type { PNode } from '../../../../server/src/yaml/tree';
import { load, textAt, must } from './memfs';

const F = '/p/compose.yaml';
const O = '/p/compose.override.yaml';

const items = (n: PNode | null | undefined) => (isSeq(n) ? n.items.map((i) => str(i) ?? i) : []);
const keys = (n: PNode | null | undefined) => (isMap(n) ? n.entries.map((e) => e.key) : []);

test('override: scalars replaced, service networks merged by key, ports appended and de-duplicated', () => {
  const p = load(
    {
      [F]: `
        services:
          web:
            image: nginx:1
            hostname: base
            networks: [front, back]
            ports: ["8080:80", "443:443"]
            dns: 1.1.1.1
        networks:
          front: {}
          back: {}
      `,
      [O]: `
        services:
          web:
            image: nginx:2
            networks:
              front:
                aliases: [www]
              extra: {}
            ports: ["8081:80", "443:443"]
            dns: [8.8.8.8, 1.1.1.1]
        networks:
          extra: {}
      `,
    },
    [F, O],
  );
  assert.deepEqual(p.findings, []);
  const web = must(p.services[0]);
  assert.equal(str(get(web.node, 'image')), 'nginx:2');
  assert.equal(str(get(web.node, 'hostname')), 'base');
  assert.deepEqual(keys(get(web.node, 'networks')), ['front', 'back', 'extra']);
  assert.deepEqual(items(at(web.node, 'networks', 'front', 'aliases')), ['www']);
  assert.deepEqual(items(get(web.node, 'ports')), ['8080:80', '443:443', '8081:80']);
  assert.deepEqual(items(get(web.node, 'dns')), ['1.1.1.1', '8.8.8.8']);
  assert.deepEqual(
    p.networks.map((n) => n.key),
    ['front', 'back', 'extra'],
  );
});

test('each merged value keeps its own file’s span, and keySpans list every file', () => {
  const p = load(
    {
      [F]: 'services:\n  web:\n    image: a\n    ports: ["8080:80"]\n',
      [O]: 'services:\n  web:\n    ports: ["9090:80"]\n    network_mode: host\n',
    },
    [F, O],
  );
  const web = must(p.services[0]);
  const ports = get(web.node, 'ports');
  assert.ok(isSeq(ports));
  assert.deepEqual(
    ports.items.map((i) => [i.span.file, textAt(p, i.span).text, textAt(p, i.span).line]),
    [
      [F, '"8080:80"', 3],
      [O, '"9090:80"', 2],
    ],
  );
  assert.equal(get(web.node, 'image')?.span.file, F);
  const nm = must(web.node.entries.find((e) => e.key === 'network_mode'));
  assert.deepEqual(textAt(p, nm.keySpan), { file: O, text: 'network_mode', line: 3 });
  assert.deepEqual(
    web.keySpans.map((s) => [s.file, textAt(p, s).text]),
    [
      [F, 'web'],
      [O, 'web'],
    ],
  );
  assert.deepEqual(p.files, [F, O]);
});

test('a duplicate port replaces the earlier one in place, and a duplicate within one file vanishes', () => {
  const p = load(
    {
      [F]: 'services:\n  web:\n    ports: ["80:80", "80:80", {target: 53, published: 53, protocol: udp}]\n',
      [O]: 'services:\n  web:\n    ports: ["80:80", {target: 53, published: 53, protocol: udp, host_ip: 0.0.0.0}]\n',
    },
    [F, O],
  );
  const ports = get(must(p.services[0]).node, 'ports');
  assert.ok(isSeq(ports));
  assert.equal(ports.items.length, 2);
  assert.deepEqual(
    ports.items.map((i) => i.span.file),
    [O, O],
  );
});

test('ipam.config merges by subnet; a new subnet is appended', () => {
  const p = load(
    {
      [F]: `
        networks:
          n:
            driver: bridge
            ipam:
              config:
                - subnet: 10.1.0.0/16
                  gateway: 10.1.0.1
      `,
      [O]: `
        networks:
          n:
            driver: macvlan
            ipam:
              config:
                - subnet: 10.1.0.0/16
                  ip_range: 10.1.5.0/24
                - subnet: 10.2.0.0/16
      `,
    },
    [F, O],
  );
  const n = must(p.networks[0]).node;
  assert.equal(str(get(n, 'driver')), 'macvlan');
  const config = at(n, 'ipam', 'config');
  assert.ok(isSeq(config));
  assert.deepEqual(
    config.items.map((c) => [str(get(c, 'subnet')), str(get(c, 'gateway')), str(get(c, 'ip_range'))]),
    [
      ['10.1.0.0/16', '10.1.0.1', '10.1.5.0/24'],
      ['10.2.0.0/16', undefined, undefined],
    ],
  );
  assert.deepEqual(
    must(p.networks[0]).keySpans.map((s) => s.file),
    [F, O],
  );
});

test('!reset removes the earlier value, !override replaces it', () => {
  const p = load(
    {
      [F]: `
        services:
          web:
            ports: ["80:80"]
            networks: [a, b]
            dns: [1.1.1.1]
            extra_hosts: ["x=1.2.3.4"]
        networks: { a: {}, b: {}, c: {} }
      `,
      [O]: `
        services:
          web:
            ports: !reset []
            networks: !override [c]
            dns: !reset null
            extra_hosts: ["y=1.2.3.4"]
      `,
    },
    [F, O],
  );
  const web = must(p.services[0]).node;
  assert.equal(get(web, 'ports'), undefined);
  assert.equal(get(web, 'dns'), undefined);
  assert.deepEqual(items(get(web, 'networks')), ['c']);
  assert.deepEqual(items(get(web, 'extra_hosts')), ['x=1.2.3.4', 'y=1.2.3.4']);
});

test('!reset in a single file removes the key', () => {
  const p = load({ [F]: 'services:\n  web:\n    image: a\n    ports: !reset ["80:80"]\n' }, [F]);
  assert.deepEqual(keys(must(p.services[0]).node), ['image']);
});

test('network_mode from one file and networks from the other give a service with both', () => {
  const p = load(
    {
      [F]: 'services:\n  web:\n    networks: [a]\nnetworks:\n  a: {}\n',
      [O]: 'services:\n  web:\n    network_mode: host\n',
    },
    [F, O],
  );
  assert.deepEqual(keys(must(p.services[0]).node), ['networks', 'network_mode']);
});

test('environment and labels merge across list and mapping forms', () => {
  const p = load(
    {
      [F]: 'services:\n  web:\n    environment: [A=1, B=2]\n    labels: {x: "1"}\n',
      [O]: 'services:\n  web:\n    environment: {B: "3", C: "4"}\n    labels: {y: "2"}\n',
    },
    [F, O],
  );
  const web = must(p.services[0]).node;
  assert.deepEqual(items(get(web, 'environment')), ['A=1', 'B=3', 'C=4']);
  assert.deepEqual(keys(get(web, 'labels')), ['x', 'y']);
});

test('a null override keeps the base value', () => {
  const p = load(
    {
      [F]: 'services:\n  web:\n    networks: [a]\nnetworks: {a: {}}\n',
      [O]: 'services:\n  web:\n    networks:\n',
    },
    [F, O],
  );
  assert.deepEqual(items(get(must(p.services[0]).node, 'networks')), ['a']);
});
