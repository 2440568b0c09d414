// The findings layer: levels and globs, ignore directives, knock-ons of interpolation errors, settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { levelFor, matches, unknownRule } from '../../../../server/src/findings/levels';
import { ignoreDirectives } from '../../../../server/src/findings/ignore-comments';
import { readRuleCustomizations } from '../../../../server/src/findings/settings';
import { applyLayer } from '../../../../server/src/findings/layer';
import { loadProject } from '../../../../server/src/compose/loader';
import { analyze } from '../../../../server/src/analyze';

test('levels: ids and globs, negation, ESLint words, default/upgrade/downgrade, the last match wins', () => {
  assert.equal(levelFor([{ rule: 'NET101', level: 'off' }], 'NET101', 'warning'), 'off');
  assert.equal(levelFor([{ rule: 'net1*', level: 'warn' }], 'NET109', 'error'), 'warning');
  assert.equal(levelFor([{ rule: '!NET1*', level: 'hint' }], 'NET109', 'error'), 'error');
  assert.equal(levelFor([{ rule: '!NET1*', level: 'hint' }], 'K8S001', 'error'), 'hint');
  assert.equal(
    levelFor(
      [
        { rule: '*', level: 'info' },
        { rule: 'NET109', level: 'default' },
      ],
      'NET109',
      'error',
    ),
    'error',
  );
  assert.equal(levelFor([{ rule: '*', level: 'downgrade' }], 'NET109', 'error'), 'warning');
  assert.equal(levelFor([{ rule: '*', level: 'upgrade' }], 'NET101', 'warning'), 'error');
  assert.equal(levelFor([{ rule: '*', level: 'upgrade' }], 'NET109', 'error'), 'error');
  assert.equal(levelFor([{ rule: '*', level: 'downgrade' }], 'NET026', 'hint'), 'hint');
  assert.equal(
    levelFor(
      [
        { rule: 'NET101', level: 'off' },
        { rule: 'NET*', level: 'error' },
      ],
      'NET101',
      'warning',
    ),
    'error',
  );
  assert.ok(matches('K8S0*', 'K8S001'));
  assert.ok(!matches('K8S0*', 'NET001'));
  assert.ok(!matches('NET1.1', 'NET101'), 'a dot is not a wildcard');
  assert.ok(matches('net1*1', 'NET101') && matches('*', 'K8S001') && matches('N*T*1', 'NET101'));
  assert.ok(!matches('NET10', 'NET101') && matches('!NET0*', 'NET101'));
  // A hostile glob from a repository's .switchyard.yaml: a regular expression backtracked on it for ever.
  assert.ok(!matches(`${'*'.repeat(5000)}Q`, 'NET101NET101NET101'));
  assert.equal(unknownRule(`${'*'.repeat(5000)}Q`)?.startsWith('"*'), true);
});

test('unknown rules: ids and globs that name no rule or loader code', () => {
  assert.equal(unknownRule('NET101'), undefined);
  assert.equal(unknownRule('K8S001'), undefined);
  assert.equal(unknownRule('NET153'), undefined, 'loader codes are configurable too');
  assert.equal(unknownRule('K8S*'), undefined);
  assert.match(unknownRule('NET999') ?? '', /^unknown rule "NET999"/);
  assert.match(unknownRule('FOO*') ?? '', /^"FOO\*" matches no rule/);
  assert.match(unknownRule('!') ?? '', /empty rule name/);
});

test('ignore directives: same line after text, own line for the next code line, several ids, a reason', () => {
  const text = [
    'services:', // 0
    '  web:', // 1
    '    # switchyard-ignore NET109, NET110: two reasons', // 2
    '', // 3
    '    # an ordinary comment', // 4
    '    ports: ["80:80"]', // 5
    '    image: x # switchyard-ignore NET042', // 6
    '    command: "echo # switchyard-ignore is text here"', // 7
    '    # switchyard-ignore', // 8
    '    x: 1', // 9
  ].join('\n');
  const ds = ignoreDirectives(text);
  assert.deepEqual(
    ds.map((d) => [d.target, d.ids.map((i) => i.id)]),
    [
      [5, ['NET109', 'NET110']],
      [6, ['NET042']],
      [9, []],
    ],
  );
  const first = ds[0]?.ids[1];
  assert.equal(text.slice(first?.start, first?.end), 'NET110');
});

test('settings: the ESLint shape; bad entries are named and skipped, good ones apply', () => {
  const r = readRuleCustomizations([
    { rule: 'NET101', severity: 'off' },
    { rule: 'K8S*', severity: 'Info' },
    { rule: 'NET999', severity: 'off' },
    { rule: 'NET109', severity: 'loud' },
    'NET110',
  ]);
  assert.deepEqual(r.settings, [
    { rule: 'NET101', level: 'off' },
    { rule: 'K8S*', level: 'info' },
  ]);
  assert.equal(r.problems.length, 3);
  assert.match(r.problems[0] ?? '', /^switchyard\.rules\[2\]: unknown rule "NET999"/);
  assert.match(r.problems[1] ?? '', /^switchyard\.rules\[3\] must be/);
  assert.deepEqual(readRuleCustomizations({ NET101: 'off' }).problems.length, 1);
  assert.deepEqual(readRuleCustomizations(undefined), { settings: [], problems: [] });
});

/** Findings of a one-file project after the layer, as `code line` (1-based). */
function layered(text: string, env: Record<string, string> = {}): string[] {
  const file = '/p/compose.yaml';
  const project = loadProject({
    files: [file],
    reader: { read: (p) => (p === file ? text : undefined) },
    env,
  });
  const out = applyLayer(analyze(project, null), project.sources, []);
  const starts = project.sources.get(file)?.lineStarts ?? [0];
  return out.map((f) => `${f.code} ${starts.filter((s) => s <= f.at.start).length}`).sort();
}

test('one finding per root cause: a failed interpolation is not also a bad port (NET100, NET159)', () => {
  // As compose-go's interpolation tests: a required variable that is missing, an invalid format.
  const ports = [
    'services:',
    '  web:',
    '    image: nginx',
    '    ports:',
    '      - "${WEB_PORT:?set WEB_PORT}:80"',
    '      - "${WEB_PORT?}:81"',
    '      - "${:-8080}:82"',
    '',
  ].join('\n');
  assert.deepEqual(layered(ports), ['NET154 5', 'NET154 6', 'NET155 7']);
  // Without the layer the port rules add their knock-ons: the layer is what removes them.
  const file = '/p/compose.yaml';
  const project = loadProject({ files: [file], reader: { read: () => ports }, env: {} });
  const raw = analyze(project, null).map((f) => f.code);
  assert.ok(raw.includes('NET159') || raw.filter((c) => c === 'NET100').length > 1, raw.join());
  // A variable that is only unset (NET153) is not an error: the empty host port is its own finding.
  assert.deepEqual(layered('services:\n  web:\n    image: x\n    ports:\n      - "${P}:80"\n'), [
    'NET153 5',
    'NET159 5',
  ]);
});

test('hostile ignore comments: ids per directive and problems per file are bounded, and the rest is counted', () => {
  const bogus = Array.from({ length: 500 }, (_, i) => `# switchyard-ignore BOGUS${i}\nx${i}: 1`).join('\n');
  const text = `services:\n  a:\n    image: x\n${bogus}\n`;
  const file = '/p/compose.yaml';
  const project = loadProject({ files: [file], reader: { read: () => text }, env: {} });
  const out = applyLayer([], project.sources, []);
  assert.equal(out.filter((f) => f.code === 'CONFIG').length, 100);
  const limit = out.filter((f) => f.code === 'LIMIT');
  assert.equal(limit.length, 1);
  assert.match(limit[0]?.message ?? '', /^400 more problems with # switchyard-ignore comments/);
  const many = `# switchyard-ignore ${Array.from({ length: 1000 }, (_, i) => `N${i}`).join(', ')}\nx: 1\n`;
  assert.equal(ignoreDirectives(many)[0]?.ids.length, 32);
});
