import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSetting, SETTINGS } from '../../../../client/src/settings/schema';
import type { SettingKey } from '../../../../client/src/settings/schema';

interface Declared {
  default?: unknown;
  enum?: string[];
  pattern?: string;
}
const manifest = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'),
) as {
  contributes: { configuration: { properties: Record<string, Declared> } };
};
const declared = manifest.contributes.configuration.properties;

test('every setting package.json declares has a schema with the same default, and nothing else does', () => {
  const keys = Object.keys(declared).map((k) => k.replace(/^switchyard\./, ''));
  assert.deepEqual(Object.keys(SETTINGS).sort(), keys.sort());
  for (const key of keys) {
    const own = SETTINGS[key as SettingKey];
    assert.deepEqual(own.default, declared[`switchyard.${key}`]?.default, `default of switchyard.${key}`);
    assert.equal(
      own.schema.safeParse(own.default).success,
      true,
      `switchyard.${key}: its default fits its schema`,
    );
  }
});

test('enums and patterns agree with package.json', () => {
  for (const [name, d] of Object.entries(declared)) {
    const key = name.replace(/^switchyard\./, '') as SettingKey;
    for (const v of d.enum ?? []) assert.equal(parseSetting(key, v).problem, undefined, `${name}: ${v}`);
    if (d.enum)
      assert.notEqual(parseSetting(key, 'not-in-the-enum').problem, undefined, `${name} refuses others`);
  }
  const prefix = new RegExp(declared['switchyard.engine.prefix']?.pattern ?? '');
  for (const p of ['sy', 'ab12', 'x', 'Sy', '1a', 'abcdefg', 'a-b']) {
    assert.equal(
      parseSetting('engine.prefix', p).problem === undefined,
      prefix.test(p),
      `engine.prefix ${p}`,
    );
  }
});

test('an unset setting is its default, with no problem', () => {
  assert.deepEqual(parseSetting('hosts', undefined), { value: [] });
  assert.deepEqual(parseSetting('docker.socket', undefined), { value: '/var/run/docker.sock' });
});

test('a value of the wrong type is not used: the default is, and the problem names the setting and the fix', () => {
  const r = parseSetting('connectLocalhost', 'yes');
  assert.equal(r.value, true);
  assert.match(
    r.problem?.message ?? '',
    /^switchyard\.connectLocalhost: "yes" is not valid .*using the default true/,
  );
  const hosts = parseSetting('hosts', ['alice@a', 7]);
  assert.deepEqual(hosts.value, []);
  assert.match(hosts.problem?.message ?? '', /switchyard\.hosts: \["alice@a",7\] is not valid at 1/);
});

test('switchyard.rules goes to the language server as written: it checks each entry itself', () => {
  const raw = [
    { rule: 'NET101', severity: 'loud' },
    { rule: 'K8S*', severity: 'info' },
  ];
  assert.deepEqual(parseSetting('rules', raw), { value: raw });
});

test('a valid value is used as written', () => {
  assert.deepEqual(parseSetting('rules', [{ rule: 'K8S*', severity: 'info' }]).value, [
    { rule: 'K8S*', severity: 'info' },
  ]);
  assert.equal(parseSetting('engine.stateDir', '/srv/sy').value, '/srv/sy');
  assert.equal(parseSetting('yamlFeatures', 'off').value, 'off');
});
