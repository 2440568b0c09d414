// `service create --publish` (core/src/ports/service-publish.ts) at its edges: each case pins one decision of the
// parser (written from mutation testing: core's own tests did not reach this file at all).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseServicePublish } from '@switchyard/core';

const tcpIngress = (published: number, target: number) => ({
  published,
  target,
  protocol: 'tcp',
  mode: 'ingress',
});

test('--publish: the short form, with and without a protocol, a mode, or spaces around it', () => {
  assert.deepEqual(parseServicePublish('8080:80'), tcpIngress(8080, 80));
  assert.deepEqual(parseServicePublish(' 8080:80 '), tcpIngress(8080, 80));
  assert.deepEqual(parseServicePublish('53:5353/UDP'), {
    published: 53,
    target: 5353,
    protocol: 'udp',
    mode: 'ingress',
  });
  assert.deepEqual(parseServicePublish('mode=host,53:53/tcp'), {
    published: 53,
    target: 53,
    protocol: 'tcp',
    mode: 'host',
  });
  assert.deepEqual(parseServicePublish(' mode = host , 1:2'), {
    published: 1,
    target: 2,
    protocol: 'tcp',
    mode: 'host',
  });
});

test('--publish: a long-form field given next to the short form wins over it', () => {
  assert.deepEqual(parseServicePublish('published=9000,80:81'), tcpIngress(9000, 81));
  assert.deepEqual(parseServicePublish('target=90,80:81'), tcpIngress(80, 90));
  assert.deepEqual(parseServicePublish('protocol=udp,80:81/tcp'), {
    published: 80,
    target: 81,
    protocol: 'udp',
    mode: 'ingress',
  });
});

test('--publish: the short form must be exactly P:T[/proto]', () => {
  const usage = (s: string) => `--publish "${s}": use [mode=ingress|host,]PUBLISHED:TARGET[/tcp|udp]`;
  for (const s of ['80', 'x80:80', '80:80x', '80:80/', '80:80/tcp/udp', '80:80/-', '80-81:80', ':80', '80:'])
    assert.equal(parseServicePublish(s), usage(s), s);
  assert.equal(parseServicePublish('80:80,81:81'), '--publish "80:80,81:81": more than one P:T');
  // A part that starts with `=` is a field with an empty name, not a short form.
  assert.equal(
    parseServicePublish('=80,80:80'),
    '--publish "=80,80:80": unknown field "" (use mode, published, target, protocol)',
  );
  assert.equal(
    parseServicePublish('host=1,80:80'),
    '--publish "host=1,80:80": unknown field "host" (use mode, published, target, protocol)',
  );
});

test('--publish: a missing or empty target or published port is named', () => {
  assert.equal(parseServicePublish('published=80'), '--publish "published=80": no target port');
  assert.equal(
    parseServicePublish('published=80,target='),
    '--publish "published=80,target=": no target port',
  );
  assert.equal(
    parseServicePublish('target=80'),
    '--publish "target=80": no published port (the engine does not pick one)',
  );
  assert.equal(
    parseServicePublish('published= ,target=80'),
    '--publish "published= ,target=80": no published port (the engine does not pick one)',
  );
});

test('--publish: protocol and mode must be one of two words', () => {
  assert.equal(
    parseServicePublish('80:80/sctp'),
    '--publish "80:80/sctp": protocol "sctp" is not tcp or udp',
  );
  assert.equal(
    parseServicePublish('protocol=SCTP,80:80'),
    '--publish "protocol=SCTP,80:80": protocol "sctp" is not tcp or udp',
  );
  assert.deepEqual(parseServicePublish('published=1,target=2,protocol=udp'), {
    published: 1,
    target: 2,
    protocol: 'udp',
    mode: 'ingress',
  });
  assert.equal(
    parseServicePublish('mode=global,80:80'),
    '--publish "mode=global,80:80": mode "global" is not ingress or host',
  );
  assert.equal(parseServicePublish('mode=,80:80'), '--publish "mode=,80:80": mode "" is not ingress or host');
  assert.deepEqual(parseServicePublish('mode=ingress,80:80'), tcpIngress(80, 80));
});

test('--publish: ports are 1 to 65535 written in at most 5 digits; the published port is judged first', () => {
  assert.deepEqual(parseServicePublish('65535:1'), tcpIngress(65535, 1));
  assert.deepEqual(parseServicePublish('00080:00081'), tcpIngress(80, 81));
  const bad = (what: string, v: string) => `invalid ${what} port "${v}": use a number from 1 to 65535`;
  assert.equal(parseServicePublish('65536:80'), bad('published', '65536'));
  assert.equal(parseServicePublish('0:80'), bad('published', '0'));
  assert.equal(parseServicePublish('80:0'), bad('target', '0'));
  assert.equal(parseServicePublish('80:65536'), bad('target', '65536'));
  assert.equal(parseServicePublish('000080:80'), bad('published', '000080'));
  assert.equal(parseServicePublish('published=+80,target=80'), bad('published', '+80'));
  assert.equal(parseServicePublish('published=80,target=1e3'), bad('target', '1e3'));
  assert.equal(parseServicePublish('published=0x50,target=80'), bad('published', '0x50'));
  assert.equal(parseServicePublish('0:0'), bad('published', '0'));
});

test('--publish: 200 characters are read, 201 are refused with the first 40 quoted', () => {
  const long = (n: number) => `published=8080,target=80${' '.repeat(n - 24)}`;
  assert.equal(long(200).length, 200);
  assert.deepEqual(parseServicePublish(long(200)), tcpIngress(8080, 80));
  assert.equal(parseServicePublish(long(201)), `--publish "${long(201).slice(0, 40)}…": too long`);
  assert.equal(parseServicePublish(`${'9'.repeat(201)}`), `--publish "${'9'.repeat(40)}…": too long`);
});
