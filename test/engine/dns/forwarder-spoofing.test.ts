import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ROOT, must, sh, skipReason, tsxInNetns } from '../harness';

const skip = skipReason();

interface Probe {
  seen: { id: number; port: number; name: string }[];
  replies: ({ id: number; name: string; ip: string } | null)[];
}

describe('dns forwarder: what an off-path spoofer has to guess', { skip }, () => {
  const ns = `swfw-${randomBytes(3).toString('hex')}`;
  before(() => {
    must(['ip', 'netns', 'add', ns]);
    must(['ip', '-n', ns, 'link', 'set', 'lo', 'up']);
  });
  after(() => {
    sh(['ip', 'netns', 'del', ns]);
  });

  /** Forwarder and stub upstream, both on the namespace's loopback. */
  function probe(mode: string, count: number): Probe {
    const r = tsxInNetns(ns, join(ROOT, 'test/engine/dns/forwarder-probe.ts'), [mode, String(count)]);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as Probe;
  }

  test('a fresh source port and a random id per query, the question in random case', () => {
    const { seen, replies } = probe('echo', 40);
    assert.equal(seen.length, 40);
    const ports = new Set(seen.map((s) => s.port));
    const ids = new Set(seen.map((s) => s.id));
    // Before: 4 sockets for the daemon's life. Now every query leaves from a port of its own.
    assert.ok(ports.size >= 36, `distinct source ports: ${ports.size} of 40`);
    assert.ok(ids.size >= 36, `distinct ids: ${ids.size} of 40`);
    assert.ok(!seen.some((s) => s.id === 0x1234), "the client's id never goes upstream");
    for (const s of seen) assert.equal(s.name.toLowerCase(), 'www\x07example\x04test');
    const spellings = new Set(seen.map((s) => s.name));
    assert.ok(spellings.size >= 30, `0x20: distinct spellings of the question: ${spellings.size} of 40`);
    // The client gets its own id and its own spelling back, with the answer.
    for (const r of replies)
      assert.deepEqual(r, { id: 0x1234, name: 'WwW\x07Example\x04TEST', ip: '10.0.0.1' });
  });

  test('an answer whose question is in another case is dropped', () => {
    const { seen, replies } = probe('flipcase', 3);
    assert.equal(seen.length, 3);
    assert.deepEqual(replies, [null, null, null], 'no spoofed answer reaches the client');
  });

  test('a wrong-case answer that arrives first is ignored; the right one is taken', () => {
    const { replies } = probe('spoof-then-echo', 5);
    for (const r of replies) assert.equal(r?.ip, '10.0.0.1');
  });
});
