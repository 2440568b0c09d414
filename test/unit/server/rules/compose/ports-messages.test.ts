import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, messagesOf } from './harness';

const said = (name: string, code: string) => messagesOf(fixture(`${name}.yaml`), code);

test('NET102 quotes compose-go for a float', () => {
  assert.equal(said('NET102-port-type', 'NET102')[0], 'services.web.ports: invalid type float64 for port');
});

test('NET103 and NET104 quote compose-go with its paths', () => {
  assert.deepEqual(said('NET103-port-host-ip', 'NET103'), [
    'services.web.ports[0]: invalid ip address: localhost',
    'services.web.ports[2]: invalid ip address: 127.0.0.01',
  ]);
  assert.deepEqual(said('NET104-port-missing-target', 'NET104'), [
    'service ports services.web.ports.[0] is missing a target port',
  ]);
});

test('NET105 and NET106 quote the engine', () => {
  assert.deepEqual(said('NET105-port-target-invalid', 'NET105'), [
    'invalid port specification: "0/tcp"',
    'invalid port specification: "70000/tcp"',
    'invalid port specification: "0/udp"',
  ]);
  assert.deepEqual(said('NET106-port-published-invalid', 'NET106'), [
    'invalid port specification: "80a"',
    'invalid port specification: "90-80"',
  ]);
});

test('NET117 quotes moby ParsePortRange', () => {
  assert.deepEqual(said('NET117-expose-syntax', 'NET117'), [
    "invalid start port '80:80': invalid syntax",
    'invalid port range: 90-80',
    "invalid start port '70000': value out of range",
  ]);
});

test('NET118 and NET119 quote compose-go (with its swapped arguments)', () => {
  assert.deepEqual(said('NET118-container-name-scale', 'NET118'), [
    "services.deploy.replicas: can't set container_name and worker as container name must be unique: invalid compose project",
  ]);
  assert.deepEqual(said('NET119-scale-replicas', 'NET119'), [
    "services.worker: can't set distinct values on 'scale' and 'deploy.replicas': invalid compose project",
    'services.neg.scale: must be greater than or equal to 0',
  ]);
});

test('NET087 says what Compose prints', () => {
  assert.match(
    said('NET087-host-mode-ports-discarded', 'NET087')[0] ?? '',
    /^service "proxy": Published ports are discarded when using host network mode/,
  );
});
