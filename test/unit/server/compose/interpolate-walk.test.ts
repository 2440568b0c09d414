// How interpolateTree walks a file's tree: which section values it keeps as settled, which shared (aliased)
// subtrees it walks again, and what it casts. Written from the mutation run of interpolate.ts (test/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '@switchyard/core';
import { interpolateTree } from '../../../../server/src/compose/interpolate';
import { parseYaml } from '../../../../server/src/yaml/parse';
import { at, get, isMap, isScalar, isSeq } from '../../../../server/src/yaml/tree';
import type { PNode, PScalar, Span } from '../../../../server/src/yaml/tree';
import { dedent, must, nestedAliases } from './memfs';

const F = '/p/compose.yaml';

function parsed(text: string): { root: PNode; text: string } {
  const t = dedent(text);
  const p = parseYaml(t, F);
  return { root: must(p.root, 'root'), text: t };
}

function interpolate(p: { root: PNode; text: string }, env: Record<string, string> = {}): Finding<Span>[] {
  const findings: Finding<Span>[] = [];
  interpolateTree(p.root, p.text, (name) => env[name], findings);
  return findings;
}

const scalar = (n: PNode | null | undefined): PScalar => {
  assert.ok(isScalar(n), 'a scalar');
  return n;
};

test('a section value whose walk substituted nothing is settled: the same object is not walked again', () => {
  // The editor's parse cache hands an unchanged section value back as the same object; interpolating it
  // again would do nothing, so it is skipped. One that substituted something is walked again.
  const p = parsed(`
    services:
      plain:
        image: busybox
        command: ["run"]
      templated:
        image: "busybox:\${TAG}"
        command: ["run"]
    networks:
      front:
        driver: bridge
  `);
  assert.deepEqual(interpolate(p, { TAG: '1' }), []);
  assert.equal(scalar(at(p.root, 'services', 'templated', 'image')).value, 'busybox:1');
  // Put a template into each section value after the first walk; only the one that substituted is walked.
  const plainCmd = scalar((at(p.root, 'services', 'plain', 'command') as { items: PNode[] }).items[0]);
  const templatedCmd = scalar(
    (at(p.root, 'services', 'templated', 'command') as { items: PNode[] }).items[0],
  );
  const driver = scalar(at(p.root, 'networks', 'front', 'driver'));
  for (const s of [plainCmd, templatedCmd, driver]) s.value = '${X}';
  assert.deepEqual(
    interpolate(p, { X: 'x' }).map((f) => f.code),
    [],
  );
  assert.equal(plainCmd.value, '${X}', 'a settled service body is skipped');
  assert.equal(driver.value, '${X}', 'a settled network definition is skipped');
  assert.equal(templatedCmd.value, 'x', 'a body that substituted is walked again');
  // A scalar section value is never settled (the parse cache keeps maps and sequences).
  const r = parsed(`
    services:
      web: plain
  `);
  interpolate(r);
  const web = scalar(at(r.root, 'services', 'web'));
  web.value = '${X}';
  interpolate(r, { X: 'b' });
  assert.equal(web.value, 'b', 'a scalar section value is walked every time');
});

test('a deeper map or list is not settled on its own: only section values are', () => {
  // The text holds a `$` (x-price), so the walk is not the casts-only one that skips every other path.
  const p = parsed(`
    x-price: "$$5"
    services:
      web:
        networks:
          front:
            aliases: [www]
  `);
  interpolate(p);
  const services = get(p.root, 'services');
  assert.ok(isMap(services));
  // Replacing the service body's map by a copy makes it a new object; its inner lists are the old ones.
  const body = must(services.entries[0]).value;
  assert.ok(isMap(body));
  must(services.entries[0]).value = { ...body, entries: body.entries.slice() };
  const aliases = at(p.root, 'services', 'web', 'networks', 'front', 'aliases');
  assert.ok(isSeq(aliases));
  const www = scalar(aliases.items[0]);
  www.value = '${X}';
  interpolate(p, { X: 'api' });
  assert.equal(www.value, 'api');
});

test('a subtree shared by an alias is cast where the alias lands in a cast zone', () => {
  // The anchor is first walked under x-port (no cast); the alias under services.<name>.ports must still
  // cast `target` to a number, so the shared map is walked again there.
  const p = parsed(`
    x-port: &port { target: "\${T}", published: "8080" }
    services:
      web:
        ports: [*port]
  `);
  assert.deepEqual(interpolate(p, { T: '80' }), []);
  const port = (at(p.root, 'services', 'web', 'ports') as { items: PNode[] }).items[0];
  assert.equal(scalar(get(port, 'target')).value, 80);
  assert.equal(scalar(get(port, 'published')).value, '8080');
});

test('a network definition shared by an alias is cast where the alias lands', () => {
  const p = parsed(`
    x-net: &net { internal: "true", labels: { on: "true" } }
    networks:
      back: *net
  `);
  assert.deepEqual(interpolate(p), []);
  assert.equal(scalar(at(p.root, 'networks', 'back', 'internal')).value, true);
  assert.equal(scalar(at(p.root, 'networks', 'back', 'labels', 'on')).value, 'true');
});

test('in a file with aliases, values deep inside a service are substituted once', () => {
  const p = parsed(`
    x-n: &n [a]
    services:
      web:
        networks:
          front:
            aliases: ["\${A}", "$$B"]
        dns: *n
  `);
  assert.deepEqual(interpolate(p, { A: 'www' }), []);
  const aliases = at(p.root, 'services', 'web', 'networks', 'front', 'aliases') as { items: PNode[] };
  assert.deepEqual(
    aliases.items.map((i) => scalar(i).value),
    ['www', '$B'],
  );
  // Only a value that used a variable records it; `$$` uses none.
  assert.deepEqual(scalar(aliases.items[0]).vars, [{ name: 'A', unset: false }]);
  assert.equal(scalar(aliases.items[1]).vars, undefined);
});

test('only the paths compose-go casts are cast: "true" elsewhere stays a string', () => {
  const p = parsed(`
    services:
      web:
        labels: { debug: "true", on: "\${ON}" }
        environment: ["A=1"]
        ports: [{ target: "80", published: "81" }]
    networks:
      front: { labels: { internal: "false" }, internal: "false" }
  `);
  assert.deepEqual(interpolate(p, { ON: 'false' }), []);
  assert.equal(scalar(at(p.root, 'services', 'web', 'labels', 'debug')).value, 'true');
  assert.equal(scalar(at(p.root, 'services', 'web', 'labels', 'on')).value, 'false');
  assert.equal(scalar(at(p.root, 'networks', 'front', 'labels', 'internal')).value, 'false');
  assert.equal(scalar(at(p.root, 'networks', 'front', 'internal')).value, false);
});

test(
  'aliases nested 40 deep outside the cast zones are walked once each, not once per path',
  {
    timeout: 60_000,
  },
  () => {
    // Each level refers to the one before twice: walking every path would take 2^40 steps (the test would
    // not finish); walking each shared list once takes 40.
    const lines = nestedAliases(40, '["$$HOME"]');
    lines.push('services:', '  web:', '    labels:', `      deep: "\${X}"`, `      more: *a40`);
    lines.push('networks:', '  front:', '    labels:', '      more: *a40');
    const p = parsed(lines.join('\n'));
    assert.deepEqual(interpolate(p, { X: 'x' }), []);
    assert.equal(scalar(at(p.root, 'services', 'web', 'labels', 'deep')).value, 'x');
    let n: PNode | null | undefined = get(p.root, 'x-40');
    while (isSeq(n)) n = n.items[0];
    assert.equal(scalar(n).value, '$HOME');
  },
);

test('each use of a variable is located at its own ${...}; a use that escapes changed is located at the value', () => {
  const p = parsed(`
    services:
      web:
        image: "\${X}-\${X}"
        command: "\${NOPE:?a\\tb}"
  `);
  const findings = interpolate(p);
  const at = (f: Finding<Span>) => [f.code, p.text.slice(f.at.start, f.at.end), f.at.start];
  const image = p.text.indexOf('"${X}-${X}"');
  const command = p.text.indexOf('"${NOPE');
  assert.deepEqual(findings.map(at), [
    ['NET153', '${X}', image + 1],
    ['NET153', '${X}', image + 6],
    ['NET154', '"${NOPE:?a\\tb}"', command],
  ]);
});

test('casts apply only at their exact paths: look-alike fields elsewhere stay strings', () => {
  const p = parsed(`
    x-a: { b: { scale: "3" } }
    services:
      web:
        hostname: "12"
        labels: { replicas: "2", scale: "4" }
        deploy: { replicas: "2", endpoint_mode: "7" }
        volumes: [{ type: bind, source: ./a, target: "9" }]
        ports: [{ target: ["80"], published: "81" }]
    networks:
      front: { name: "false", internal: "true", labels: { external: "true" } }
  `);
  assert.deepEqual(interpolate(p), []);
  const web = at(p.root, 'services', 'web');
  assert.equal(scalar(at(p.root, 'x-a', 'b', 'scale')).value, '3');
  assert.equal(scalar(get(web, 'hostname')).value, '12');
  assert.equal(scalar(at(web, 'labels', 'replicas')).value, '2');
  assert.equal(scalar(at(web, 'labels', 'scale')).value, '4');
  assert.equal(scalar(at(web, 'deploy', 'replicas')).value, 2);
  assert.equal(scalar(at(web, 'deploy', 'endpoint_mode')).value, '7');
  const volume = (get(web, 'volumes') as { items: PNode[] }).items[0];
  assert.equal(scalar(get(volume, 'target')).value, '9');
  const port = (get(web, 'ports') as { items: PNode[] }).items[0];
  assert.equal(scalar((get(port, 'target') as { items: PNode[] }).items[0]).value, '80');
  assert.equal(scalar(at(p.root, 'networks', 'front', 'name')).value, 'false');
  assert.equal(scalar(at(p.root, 'networks', 'front', 'internal')).value, true);
  assert.equal(scalar(at(p.root, 'networks', 'front', 'labels', 'external')).value, 'true');
});

test('every network boolean compose-go casts is cast; integers only from whole numbers with an optional sign', () => {
  const p = parsed(`
    services:
      a: { scale: "+3" }
      b: { scale: "3x" }
      c: { scale: "x3" }
      d: { scale: "-12" }
    networks:
      n: { external: "false", enable_ipv4: "true", enable_ipv6: "FALSE" }
  `);
  assert.deepEqual(interpolate(p), []);
  const scale = (s: string) => scalar(at(p.root, 'services', s, 'scale')).value;
  assert.deepEqual(['a', 'b', 'c', 'd'].map(scale), [3, '3x', 'x3', -12]);
  const n = (f: string) => scalar(at(p.root, 'networks', 'n', f)).value;
  assert.deepEqual(['external', 'enable_ipv4', 'enable_ipv6'].map(n), [false, true, false]);
});
