import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NetworkCreateParamsSchema } from '../../../../protocol/src/engine/network';
import { dockerCreateBody, engineCreateParams } from '../../../../client/src/engine-control/network-request';
import type { NetworkRequest } from '../../../../client/src/engine-control/network-request';

// The create wizard and the compose commands build both hosts' create calls from one request.
const request: NetworkRequest = {
  name: 'front',
  driver: 'overlay',
  internal: true,
  enableIpv6: false,
  attachable: false,
  labels: { team: 'web' },
  options: { encrypted: 'true' },
  ipam: [{ subnet: '10.7.0.0/24', gateway: undefined, ipRange: '10.7.0.128/25', auxAddresses: {} }],
};

test("network.create params: what the engine's schema accepts, no undefined fields, attachable kept", () => {
  const params = engineCreateParams(request);
  assert.deepEqual(NetworkCreateParamsSchema.parse(params), {
    name: 'front',
    driver: 'overlay',
    internal: true,
    attachable: false,
    enableIPv6: false,
    labels: { team: 'web' },
    options: { encrypted: 'true' },
    ipam: [{ subnet: '10.7.0.0/24', ipRange: '10.7.0.128/25', auxAddresses: {} }],
  });
  assert.ok(!('gateway' in (params.ipam?.[0] ?? {})));
  const { attachable: _, ...withoutAttachable } = request;
  assert.equal(NetworkCreateParamsSchema.parse(engineCreateParams(withoutAttachable)).attachable, true);
});

test("Docker's NetworkCreate body from the same request", () => {
  assert.deepEqual(dockerCreateBody(request).IPAM, {
    Driver: 'default',
    Config: [{ Subnet: '10.7.0.0/24', IPRange: '10.7.0.128/25' }],
  });
  assert.equal(dockerCreateBody(request).Internal, true);
});
