// Owned bindings for the port-conflict tests: one short-syntax spec of a service, each binding located at
// `<service>:<spec>`.
import assert from 'node:assert/strict';
import { parsePortSpec } from '@switchyard/core';
import type { OwnedBinding } from '@switchyard/core';

export function svc(
  service: string,
  spec: string,
  extra: Partial<OwnedBinding<string>> = {},
): OwnedBinding<string>[] {
  const r = parsePortSpec(spec);
  assert.ok(r.ok, spec);
  return r.value.map((b) => ({
    ...b,
    owner: `service "${service}"`,
    service,
    replicas: 1,
    profiles: [],
    at: `${service}:${spec}`,
    ...extra,
  }));
}
