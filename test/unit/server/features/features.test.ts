import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostSnapshot } from '@switchyard/protocol';
import { loadProject } from '../../../../server/src/compose/loader';
import { completion } from '../../../../server/src/features/completion';
import { portHover } from '../../../../server/src/features/hover-port';
import { parseYaml } from '../../../../server/src/yaml/parse';

const FILE = '/p/compose.yaml';

/** Completion labels at the `|` in `doc`. */
function labels(doc: string, host: HostSnapshot | null = null): string[] {
  const offset = doc.indexOf('|');
  const text = doc.replace('|', '');
  const project = loadProject({
    files: [FILE],
    reader: { read: (p) => (p === FILE ? text : undefined) },
    env: {},
  });
  const src = project.sources.get(FILE);
  assert.ok(src);
  return completion({ project, text, lineStarts: src.lineStarts, offset, host }).map((i) => i.label);
}

test('network_mode offers the modes and the other services', () => {
  const got = labels('services:\n  web:\n    image: a\n  vpn:\n    image: b\n    network_mode: |\n');
  assert.deepEqual(got, ['none', 'host', 'bridge', 'container:', 'service:web']);
});

test("driver_opts follow the network's driver", () => {
  const macvlan = labels('networks:\n  lan:\n    driver: macvlan\n    driver_opts:\n      |\n');
  assert.deepEqual(macvlan, ['parent', 'macvlan_mode']);
  const bridge = labels('networks:\n  app:\n    driver_opts:\n      |\n');
  assert.ok(bridge.includes('com.docker.network.bridge.name'));
});

test("a free subnet avoids the project's subnets and the connected host's", () => {
  const doc =
    'networks:\n  a:\n    ipam:\n      config:\n        - subnet: 172.17.0.0/16\n  b:\n    ipam:\n      config:\n        - subnet: |\n';
  const alone = labels(doc);
  assert.ok(alone.length > 0);
  assert.ok(!alone.includes('172.17.0.0/16'));
  const first = alone[0] ?? '';
  const host: HostSnapshot = {
    host: 'h',
    takenAt: '',
    networks: [
      {
        id: '1',
        name: 'taken',
        driver: 'bridge',
        scope: 'local',
        internal: false,
        subnets: [{ subnet: first }],
        containers: [],
        source: 'docker',
        labels: {},
      },
    ],
    ports: [],
    routes: [],
  };
  const withHost = labels(doc, host);
  assert.ok(withHost.length > 0 && !withHost.includes(first), `${first} is on the host`);
});

test('port hover, short and long syntax', () => {
  const node = (yaml: string): ReturnType<typeof parseYaml>['root'] => parseYaml(yaml, FILE).root;
  assert.match(
    portHover(node('"127.0.0.1:8080:80"')) ?? '',
    /host port 8080 \(loopback only.*container port 80/,
  );
  assert.match(
    portHover(node('"8000-8001:80-81/udp"')) ?? '',
    /UDP.*host ports 8000–8001.*container ports 80–81/,
  );
  assert.match(portHover(node('"9000-9100:80"')) ?? '', /first free host port of 9000–9100/);
  assert.match(portHover(node('"80"')) ?? '', /random free host port/);
  assert.match(
    portHover(node('target: 80\npublished: "8080"\nhost_ip: "::"\n')) ?? '',
    /host port 8080 \(every IPv6 address/,
  );
  assert.match(portHover(node('"99999:80"')) ?? '', /not a valid port mapping: invalid hostPort: 99999/);
});
