import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET037 marks subnets inside the default local pools, not overlay or macvlan ones', () => {
  checkFixture(fixture('NET037-subnet-in-default-pools.yaml'), { codes: ['NET037'] });
});

test('NET037 names the pool and suggests a subnet outside it', () => {
  const [first] = messagesOf(fixture('NET037-subnet-in-default-pools.yaml'), 'NET037');
  assert.match(
    first ?? '',
    /^subnet 172\.18\.0\.0\/16 of network "a" lies in Docker's default address pool 172\.18\.0\.0\/16/,
  );
  assert.match(first ?? '', /Use a subnet outside the pools such as 10\.128\.0\.0\/16$/);
});
