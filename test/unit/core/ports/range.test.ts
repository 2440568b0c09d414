// The two port-range parsers at their edges (found by mutation testing: each case below failed a mutant that
// every other test let through).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMobyPortRange, parseNatPortRange } from '@switchyard/core';

test('go-connections ranges: 65535 is the last port, one more is out', () => {
  assert.deepEqual(parseNatPortRange('65535'), { start: 65535, end: 65535 });
  assert.deepEqual(parseNatPortRange('65534-65535'), { start: 65534, end: 65535 });
  assert.equal(parseNatPortRange('65536'), null);
});

test('go-connections ranges: an end equal in value but not in text is one port; a lower end is refused', () => {
  assert.deepEqual(parseNatPortRange('80-080'), { start: 80, end: 80 });
  assert.deepEqual(parseNatPortRange('+80-80'), { start: 80, end: 80 });
  assert.equal(parseNatPortRange('81-80'), null);
});

test('go-connections ranges: the text must be all digits; a leading dash is a range without a start', () => {
  assert.equal(parseNatPortRange('80 '), null);
  assert.equal(parseNatPortRange(' 80'), null);
  assert.equal(parseNatPortRange('-0'), null);
  assert.equal(parseNatPortRange('-80'), null);
  assert.equal(parseNatPortRange(''), null);
});

test("moby ranges: 65535 is the last port, with Go's reasons past it", () => {
  assert.deepEqual(parseMobyPortRange('65535'), { value: { start: 65535, end: 65535 } });
  assert.deepEqual(parseMobyPortRange('65536'), {
    error: "invalid start port '65536': value out of range",
  });
  assert.deepEqual(parseMobyPortRange('80-65536'), { error: "invalid end port '65536': value out of range" });
});

test('moby ranges: an end equal in value but not in text is one port; a lower end quotes the whole text', () => {
  assert.deepEqual(parseMobyPortRange('80-080'), { value: { start: 80, end: 80 } });
  assert.deepEqual(parseMobyPortRange('81-80', '81-80/tcp'), { error: 'invalid port range: 81-80/tcp' });
  assert.deepEqual(parseMobyPortRange('80'), { value: { start: 80, end: 80 } });
});
