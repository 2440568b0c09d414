import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, must, textAt } from './memfs';

const F = '/work/My_Shop/compose.yaml';

const project = `
  services:
    web:
      image: nginx
    dev:
      profiles: [dev, debug]
      networks: [back]
    tools:
      profiles: [tools]
      network_mode: host
    scaled:
      scale: 3
      networks: [back]
    replicated:
      deploy: { replicas: 2 }
      networks: [back]
  networks:
    back: {}
    ext1: { external: true }
    ext2: { external: true, name: shared-net }
    ext3: { external: { name: legacy-net } }
    named: { name: exact-name }
`;

test('the editor view (no profiles given) enables every service and keeps their profiles', () => {
  const p = load({ [F]: project }, [F]);
  assert.deepEqual(
    p.services.map((s) => [s.name, s.enabled, s.profiles]),
    [
      ['web', true, []],
      ['dev', true, ['dev', 'debug']],
      ['tools', true, ['tools']],
      ['scaled', true, []],
      ['replicated', true, []],
    ],
  );
  assert.deepEqual(p.activeProfiles, ['dev', 'debug', 'tools']);
});

test('given profiles disable the services whose profiles are all inactive', () => {
  const p = load({ [F]: project }, [F], { profiles: ['debug'] });
  assert.deepEqual(
    p.services.filter((s) => s.enabled).map((s) => s.name),
    ['web', 'dev', 'scaled', 'replicated'],
  );
  assert.deepEqual(p.activeProfiles, ['debug']);
  const all = load({ [F]: project }, [F], { profiles: ['*'] });
  assert.ok(all.services.every((s) => s.enabled));
});

test('replicas follow GetScale', () => {
  const p = load({ [F]: project }, [F]);
  assert.deepEqual(
    p.services.map((s) => s.replicas),
    [1, 1, 1, 3, 2],
  );
});

test('project name from the directory, engine names, external networks, the implicit default', () => {
  const p = load({ [F]: project }, [F]);
  assert.equal(p.name, 'my_shop');
  assert.equal(p.workingDir, '/work/My_Shop');
  assert.deepEqual(
    p.networks.map((n) => [n.key, n.engineName, n.external, n.implicit]),
    [
      ['back', 'my_shop_back', false, false],
      ['ext1', 'ext1', true, false],
      ['ext2', 'shared-net', true, false],
      ['ext3', 'legacy-net', true, false],
      ['named', 'exact-name', false, false],
      ['default', 'my_shop_default', false, true],
    ],
  );
});

test('the default network exists only while an enabled service uses it', () => {
  const text = 'services:\n  a:\n    profiles: [x]\n  b:\n    network_mode: none\n';
  assert.deepEqual(
    load({ [F]: text }, [F], { profiles: [] }).networks.map((n) => n.key),
    [],
  );
  assert.deepEqual(
    load({ [F]: text }, [F]).networks.map((n) => n.key),
    ['default'],
  );
  const declared = load({ [F]: 'services:\n  a: {}\nnetworks:\n  default:\n    name: mine\n' }, [F]);
  assert.deepEqual(
    declared.networks.map((n) => [n.key, n.engineName, n.implicit]),
    [['default', 'mine', false]],
  );
});

test('project name precedence: option, COMPOSE_PROJECT_NAME (also from .env), name:, directory', () => {
  const files = { [F]: 'name: "From File"\nservices: {}\n' };
  assert.equal(load(files, [F]).name, 'fromfile');
  assert.equal(load(files, [F], { env: { COMPOSE_PROJECT_NAME: 'envname' } }).name, 'envname');
  assert.equal(load({ ...files, '/work/My_Shop/.env': 'COMPOSE_PROJECT_NAME=dotenv\n' }, [F]).name, 'dotenv');
  assert.equal(load(files, [F], { projectName: 'cli' }).name, 'cli');
});

test('YAML syntax errors are findings at the exact place, with what could be parsed kept', () => {
  const text = 'services:\n  web:\n    image: "nginx\n  db:\n    image: postgres\n';
  const p = load({ [F]: text }, [F]);
  assert.ok(p.findings.length > 0);
  assert.ok(p.findings.every((f) => f.code === 'YAML' && f.severity === 'error'));
  assert.deepEqual(
    p.findings.map((f) => [f.message, f.at.start]),
    [['Missing closing "quote', text.length]],
  );
});

test('a bad mapping indentation is reported on its line', () => {
  const text = 'services:\n  web:\n    image: nginx\n   ports: [80]\n';
  const p = load({ [F]: text }, [F]);
  assert.deepEqual(
    p.findings.map((f) => [f.code, textAt(p, f.at).line]),
    [['YAML', 3]],
  );
});

test('a top level that is not a mapping is one finding; an empty file is none', () => {
  const p = load({ [F]: '- a\n- b\n' }, [F]);
  assert.deepEqual(
    p.findings.map((f) => [f.code, f.message, f.at.start, f.at.end]),
    [['YAML', 'Top-level object must be a mapping', 0, 8]],
  );
  assert.deepEqual(p.services, []);
  assert.deepEqual(load({ [F]: '' }, [F]).findings, []);
});

test('a -f file that cannot be read is a finding, not a crash', () => {
  const p = load({}, ['/nowhere/compose.yaml']);
  assert.deepEqual(
    p.findings.map((f) => [f.code, f.message]),
    [['LOAD', 'open /nowhere/compose.yaml: no such file or directory']],
  );
  const throwing = load({}, [F], {});
  assert.equal(throwing.findings.length, 1);
});

test('nested merge keys load without blowing up', () => {
  let text = 'x-m0: &m0 {k0: 1}\n';
  for (let i = 1; i <= 40; i++) text += `x-m${i}: &m${i} {<<: [*m${i - 1}, *m${i - 1}], k${i}: 1}\n`;
  text += 'services:\n  web:\n    <<: *m40\n    image: nginx\n    labels: {v: "${X}"}\n';
  for (const parse of ['fast', 'yaml'] as const) {
    const body = parse === 'fast' ? text : `${text}\t# a tab sends it to the yaml package\n`;
    const p = load({ [F]: body }, [F]);
    const web = must(p.services[0]);
    assert.equal(web.node.entries.filter((e) => e.key.startsWith('k')).length, 41, parse);
    assert.deepEqual(
      p.findings.map((f) => f.code),
      ['NET153'],
      parse,
    );
  }
});

test('nested aliases ("billion laughs") are refused as Compose refuses them, at the alias, and nothing else runs', () => {
  let text = 'x-0: &a0 {v: "${X}"}\n';
  for (let i = 1; i <= 40; i++) text += `x-${i}: &a${i} [*a${i - 1}, *a${i - 1}]\n`;
  text += 'services:\n  web:\n    image: nginx\n    labels: *a40\n';
  for (const parse of ['fast', 'yaml'] as const) {
    const body = parse === 'fast' ? text : `${text}\t# a tab sends it to the yaml package\n`;
    const p = load({ [F]: body }, [F]);
    assert.deepEqual(p.services, [], parse);
    const [f, ...rest] = p.findings;
    assert.equal(f?.code, 'YAML', parse);
    assert.match(f?.message ?? '', /excessive aliasing: alias expands to more than 1,000,000 nodes/, parse);
    const aliasText = body.slice(f?.at.start, f?.at.end);
    assert.match(aliasText, /^\*a\d+$/, `${parse}: the finding sits on an alias, not ${aliasText}`);
    assert.deepEqual(
      rest.map((r) => r.code),
      [],
      parse,
    );
  }
});

test('a service written `networks:` with no value (or null, or ~) is on the implicit default, as in compose-go', () => {
  // compose-go's normalize step gives a service `default` when `len(s.Networks) == 0` and no network_mode.
  for (const value of ['', ' null', ' ~', ' []', ' {}']) {
    const text = `services:\n  a:\n    image: x\n    networks:${value}\n`;
    const p = load({ [F]: text }, [F]);
    assert.deepEqual(
      p.networks.map((n) => [n.key, n.implicit]),
      [['default', true]],
      `networks:${value}`,
    );
  }
  // A quoted "null" is a string: the body is not a list or map, so it is no attachment to default.
  const quoted = load({ [F]: 'services:\n  a:\n    image: x\n    networks: "null"\n' }, [F]);
  assert.deepEqual(
    quoted.networks.map((n) => n.key),
    [],
  );
});
