import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePublish } from '../../../../engine/src/ports/parse';

const one = (hostIp: string, hs: number, he: number, cp: number, protocol = 'tcp') => ({
  hostIp,
  hostPortStart: hs,
  hostPortEnd: he,
  containerPort: cp,
  protocol,
});
/** No host IP given: 0.0.0.0 and [::] (Docker's two mappings). */
const any = (hs: number, he: number, cp: number, protocol = 'tcp') => ({
  ...one('0.0.0.0', hs, he, cp, protocol),
  dualStack: true,
});

test("--publish: Docker's forms", () => {
  assert.deepEqual(parsePublish('8080:80'), [any(8080, 8080, 80)]);
  assert.deepEqual(parsePublish('80'), [any(0, 0, 80)]);
  assert.deepEqual(parsePublish('0.0.0.0:8080:80'), [one('0.0.0.0', 8080, 8080, 80)], 'IPv4 only, as asked');
  assert.deepEqual(parsePublish('127.0.0.1:53:53/udp'), [one('127.0.0.1', 53, 53, 53, 'udp')]);
  assert.deepEqual(parsePublish('[::1]:8080:80'), [one('::1', 8080, 8080, 80)]);
  assert.deepEqual(parsePublish('8000-8001:80-81'), [any(8000, 8000, 80), any(8001, 8001, 81)]);
  assert.deepEqual(parsePublish('9000-9009:80'), [any(9000, 9009, 80)]);
  assert.deepEqual(parsePublish('127.0.0.1::80'), [one('127.0.0.1', 0, 0, 80)]);
});

test('--publish: refusals say what is wrong', () => {
  for (const bad of ['http', '80/icmp', '70000:80', '1.2.3:80:80', '8000-8002:80-81', '80-70', ''])
    assert.equal(typeof parsePublish(bad), 'string', bad);
  assert.match(parsePublish('8000-8002:80-81') as string, /ranges differ/);
});
