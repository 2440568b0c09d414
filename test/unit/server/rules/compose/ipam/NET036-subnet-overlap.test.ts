import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET036 marks the later of two overlapping subnets; ip_range makes it a warning; external and overlay apart', () => {
  checkFixture(fixture('NET036-subnet-overlap.yaml'), { codes: ['NET036'] });
});

test('NET036 quotes the engine, names both networks and offers a free subnet', () => {
  assert.deepEqual(messagesOf(fixture('NET036-subnet-overlap.yaml'), 'NET036'), [
    'Pool overlaps with other one on this address space: subnet 10.1.2.0/24 of network "b" overlaps 10.1.0.0/16 of network "a"; use a free subnet such as 10.128.0.0/24',
    'subnet 10.1.0.0/16 of network "c" overlaps 10.1.0.0/16 of network "a" (and 1 more); Docker accepts this only because of ip_range, and only if the networks are created in a favourable order; use a free subnet such as 10.128.0.0/16',
    'Pool overlaps with other one on this address space: subnet 10.20.4.0/22 of network "d" overlaps its other subnet 10.20.0.0/16; use a free subnet such as 10.128.0.0/22',
  ]);
});
