import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { interpolateTree } from '../../../../server/src/compose/interpolate';
import { parseYaml } from '../../../../server/src/yaml/parse';
import { at, get, isScalar } from '../../../../server/src/yaml/tree';
import type { PNode } from '../../../../server/src/yaml/tree';
import { load, textAt, must } from './memfs';

const F = '/p/compose.yaml';

test('a variable that is not set warns at the ${...} with Docker’s text, and the value becomes blank', () => {
  const p = load({ [F]: 'services:\n  web:\n    ports: ["${WEB_PORT}:80", "81:81"]\n' }, [F]);
  assert.equal(p.findings.length, 1);
  const f = must(p.findings[0]);
  assert.equal(f.code, 'NET153');
  assert.equal(f.severity, 'warning');
  assert.equal(f.message, 'The "WEB_PORT" variable is not set. Defaulting to a blank string.');
  assert.deepEqual(textAt(p, f.at), { file: F, text: '${WEB_PORT}', line: 2 });
  const port = (get(must(p.services[0]).node, 'ports') as { items: unknown[] }).items[0];
  assert.ok(isScalar(port as never));
  assert.deepEqual(
    { value: (port as { value: unknown }).value, source: (port as { source: string }).source },
    { value: ':80', source: '${WEB_PORT}:80' },
  );
  assert.deepEqual((port as { vars: unknown }).vars, [{ name: 'WEB_PORT', unset: true }]);
});

test('the process environment wins over .env, and .env fills the rest', () => {
  const p = load(
    {
      [F]: `
        name: \${NAME}
        services:
          web:
            image: "nginx:\${TAG:-latest}"
            ports: ["$PORT:80"]
            networks: ["\${NET}"]
        networks:
          front: {}
      `,
      '/p/.env': 'PORT=7000\nexport NET=front # the front network\nNAME="My App"\nTAG=\'1.2\'\n',
    },
    [F],
    { env: { PORT: '9000' } },
  );
  assert.deepEqual(p.findings, []);
  assert.equal(p.name, 'myapp');
  const web = must(p.services[0]).node;
  assert.equal((at(web, 'image') as { value: string }).value, 'nginx:1.2');
  assert.equal((get(web, 'ports') as { items: { value: string }[] }).items[0]?.value, '9000:80');
  assert.equal(p.env.get('NET'), 'front');
});

test('a missing required variable is an error at the ${...}', () => {
  const p = load({ [F]: 'networks:\n  n:\n    name: "net-${NET:?set NET first}"\n' }, [F]);
  assert.deepEqual(
    p.findings.map((f) => [f.code, f.severity, f.message, textAt(p, f.at).text]),
    [['NET154', 'error', 'required variable NET is missing a value: set NET first', '${NET:?set NET first}']],
  );
});

test('bad syntax is an error with the path and the template, at the $', () => {
  const p = load({ [F]: 'services:\n  web:\n    ports:\n      - "${PORT:80"\n' }, [F]);
  assert.equal(p.findings.length, 1);
  const f = must(p.findings[0]);
  assert.equal(f.code, 'NET155');
  assert.equal(
    f.message,
    'invalid interpolation format for services.web.ports.[].\nYou may need to escape any $ with another $.\n${PORT:80',
  );
  assert.deepEqual(textAt(p, f.at), { file: F, text: '${PORT:80', line: 3 });
});

test('$$ escapes, keys are never interpolated, aliases are interpolated once', () => {
  const p = load(
    {
      [F]: `
        x-cmd: &cmd "echo $$HOME"
        services:
          \${KEY}:
            command: *cmd
            entrypoint: "echo $$HOME"
      `,
    },
    [F],
  );
  assert.deepEqual(p.findings, []);
  const svc = must(p.services[0]);
  assert.equal(svc.name, '${KEY}');
  assert.equal((get(svc.node, 'command') as { value: string }).value, 'echo $HOME');
  assert.equal((get(svc.node, 'entrypoint') as { value: string }).value, 'echo $HOME');
});

test('a map or sequence shared by aliases is interpolated once, even where casts walk it again', () => {
  // The aliases sit at services.<name>.<key>, where the walk visits a shared subtree again for casts; its
  // scalars are the anchor's own objects, so substituting them again would turn "echo $$HOME" into
  // "echo " with a NET153 for HOME.
  const p = load(
    {
      [F]: `
        x-env: &env
          GREETING: "echo $$HOME"
        x-cmd: &cmd ["sh", "-c", "echo $$HOME"]
        services:
          a:
            image: busybox
            environment: *env
            command: *cmd
          b:
            image: busybox
            environment: *env
            command: *cmd
      `,
    },
    [F],
  );
  assert.deepEqual(p.findings, []);
  for (const svc of p.services) {
    const env = get(svc.node, 'environment') as { entries: { key: string; value: { value: string } }[] };
    assert.equal(env.entries[0]?.value.value, 'echo $HOME', `${svc.name} environment`);
    const cmd = get(svc.node, 'command') as { items: { value: string }[] };
    assert.deepEqual(
      cmd.items.map((i) => i.value),
      ['sh', '-c', 'echo $HOME'],
      `${svc.name} command`,
    );
  }
});

test('typed casts: network booleans and integers become typed, YAML 1.1 words stay for NET008', () => {
  const p = load(
    {
      [F]: `
        services:
          web:
            scale: "\${N}"
            deploy: { replicas: "2" }
            ports: [{ target: "\${T}", published: "8080" }]
        networks:
          a: { internal: "\${INTERNAL}", attachable: "TRUE", external: "yes", enable_ipv6: "maybe" }
      `,
    },
    [F],
    { env: { N: '3', T: '80', INTERNAL: 'false' } },
  );
  const web = must(p.services[0]).node;
  assert.equal((get(web, 'scale') as { value: unknown }).value, 3);
  assert.equal((at(web, 'deploy', 'replicas') as { value: unknown }).value, 2);
  const port = (get(web, 'ports') as { items: PNode[] }).items[0];
  assert.equal((get(port, 'target') as { value: unknown }).value, 80);
  assert.equal((get(port, 'published') as { value: unknown }).value, '8080');
  assert.equal(must(p.services[0]).replicas, 3);
  const a = must(p.networks[0]).node;
  assert.equal((get(a, 'internal') as { value: unknown }).value, false);
  assert.equal((get(a, 'attachable') as { value: unknown }).value, true);
  assert.equal((get(a, 'external') as { value: unknown }).value, 'yes');
  assert.equal((get(a, 'enable_ipv6') as { value: unknown }).value, 'maybe');
  assert.equal(must(p.networks[0]).external, true);
});

test('in a block scalar the finding still lands on the ${...}', () => {
  const p = load({ [F]: 'services:\n  web:\n    command: |\n      run --port\n      ${NOPE}\n' }, [F]);
  assert.deepEqual(
    p.findings.map((f) => [f.code, textAt(p, f.at).text, textAt(p, f.at).line]),
    [['NET153', '${NOPE}', 4]],
  );
});

test('each file is interpolated with its own position; an override’s variable points at the override', () => {
  const O = '/p/compose.override.yaml';
  const p = load(
    {
      [F]: 'services:\n  web:\n    image: nginx\n',
      [O]: 'services:\n  web:\n    ports: ["${P}:80"]\n',
    },
    [F, O],
  );
  assert.deepEqual(
    p.findings.map((f) => [f.code, f.at.file, textAt(p, f.at).text]),
    [['NET153', O, '${P}']],
  );
});

test('a .env whose lines double the one before stops at the size limit with one LIMIT warning naming the line', () => {
  let env = 'V0=0123456789abcdef\n';
  for (let i = 1; i < 40; i++) env += `V${i}=\${V${i - 1}}\${V${i - 1}}\n`;
  let compose = 'services:\n  web:\n    image: x\n    ports:\n';
  for (let i = 0; i < 25; i++) compose += `      - "\${V${39 - i}}:80"\n`;
  const p = load({ [F]: compose, '/p/.env': env }, [F]);
  const limits = p.findings.filter((f) => f.code === 'LIMIT');
  assert.deepEqual(
    limits.map((f) => [f.message, f.at]),
    [
      [
        '/p/.env:14: V13: "${V12}${V12}" expands to more than 65,536 bytes; the value is read as empty (shorten the variables it uses)',
        { file: F, start: 0, end: 0 },
      ],
    ],
  );
  // Every value stays within the limit.
  const ports = get(must(p.services[0]).node, 'ports') as { items: PNode[] };
  assert.ok(ports.items.every((n) => isScalar(n) && String(n.value).length <= 64 * 1024 + 3));
});

test('nesting past the depth limit in a compose value is a LIMIT warning at that value with its path', () => {
  const deep = `${'${A:-'.repeat(10_000)}x${'}'.repeat(10_000)}`;
  const p = load({ [F]: `services:\n  web:\n    image: "${deep}"\n` }, [F]);
  assert.deepEqual(
    p.findings.map((f) => [f.code, f.severity, f.message]),
    [
      [
        'LIMIT',
        'warning',
        'services.web.image: interpolation nested deeper than 64 levels; the value is read as empty',
      ],
    ],
  );
  const image = at(must(p.services[0]).node, 'image');
  assert.ok(isScalar(image));
  assert.equal(image.value, '');
});

test('a text with nothing to substitute only casts, and ends with the tree a full walk gives', () => {
  // Without `$` or `\` in the text the walk visits only the paths that cast; a `$` in a trailing comment
  // changes no value but makes it walk everything. Both must leave the same tree.
  const casts = `services:
  web:
    scale: "3"
    deploy: { replicas: "2", mode: "4" }
    ports: [{ target: "80", published: "8080" }, "81:81"]
    networks: { a: { priority: "5" } }
    environment: { SCALE: "7" }
  x: &shared { target: "9" }
  y: { ports: [*shared] }
networks:
  a: { internal: "true", attachable: "TRUE", external: "yes", driver: "true", ipam: { config: [{ subnet: "1" }] } }
x-ext: { scale: "3" }
`;
  const dir = join(__dirname, '../../../fixtures/rules');
  const texts = [
    casts,
    ...readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => readFileSync(join(dir, f), 'utf8')),
  ].filter((t) => !t.includes('$') && !t.includes('\\'));
  assert.ok(texts.length > 200, `${texts.length} fixtures without $ or \\`);
  let typed = 0;
  for (const text of texts) {
    const fast = parseYaml(text, F);
    const full = parseYaml(`${text}\n# $\n`, F);
    if (fast.root === null || full.root === null) continue;
    interpolateTree(fast.root, text, () => undefined, []);
    interpolateTree(full.root, `${text}\n# $\n`, () => undefined, []);
    assert.deepEqual(values(fast.root), values(full.root), text);
    typed += JSON.stringify(values(fast.root)).split('"typed"').length - 1;
  }
  const root = must(parseYaml(casts, F).root);
  interpolateTree(root, casts, () => undefined, []);
  const web = at(root, 'services', 'web');
  assert.equal((get(web, 'scale') as { value: unknown }).value, 3);
  assert.equal((at(web, 'deploy', 'replicas') as { value: unknown }).value, 2);
  assert.equal((at(web, 'deploy', 'mode') as { value: unknown }).value, '4');
  assert.equal((at(root, 'services', 'y', 'ports') as { items: PNode[] }).items.length, 1);
  assert.equal((at(root, 'networks', 'a', 'attachable') as { value: unknown }).value, true);
  assert.equal((at(root, 'x-ext', 'scale') as { value: unknown }).value, '3');
  assert.ok(typed > 0);
});

/** A tree's values with their types, without spans: what interpolation may change. */
function values(n: PNode | null): unknown {
  if (n === null) return null;
  if (n.kind === 'map') return n.entries.map((e) => [e.key, values(e.value)]);
  if (n.kind === 'seq') return n.items.map(values);
  return typeof n.value === 'string' ? n.value : { typed: n.value };
}
