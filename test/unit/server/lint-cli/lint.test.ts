import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostSnapshot } from '@switchyard/protocol';
import { cli, scratch } from './run';

const ESC = String.fromCharCode(27);
const ANSI = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');

const BROKEN = `services:
  web:
    image: nginx
    networks: [front, back]
networks:
  front: {}
`;
const CLEAN = `services:
  web:
    image: nginx
    networks: [front]
networks:
  front:
    ipam:
      config:
        - subnet: 10.20.0.0/24
`;

test('text: compiler-style lines, 1-based, exit 1 on an error', async () => {
  const s = scratch({ 'compose.yaml': BROKEN });
  try {
    const r = await cli(['lint', 'compose.yaml'], s.dir);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^compose\.yaml:4:23: error NET010 service "web" refers to undefined network back/m,
    );
    assert.equal(r.stderr, '');
    assert.ok(!r.stdout.includes(ESC), 'no color when stdout is not a terminal');
  } finally {
    s.done();
  }
});

test('text on a terminal: colored, with the source line and carets under the span', async () => {
  const s = scratch({ 'compose.yaml': BROKEN });
  try {
    const r = await cli(['lint', 'compose.yaml'], s.dir, { isTTY: true });
    const plain = r.stdout.replace(ANSI, '');
    assert.ok(r.stdout.includes(`${ESC}[`), 'colored');
    const lines = plain.split('\n');
    const src = lines.findIndex((l) => l.includes('networks: [front, back]'));
    assert.ok(src > 0, plain);
    const caretLine = lines[src + 1] ?? '';
    const col = (lines[src] ?? '').indexOf('back');
    assert.equal(caretLine.indexOf('^'), col);
    assert.equal(caretLine.trim().replace(/^\|\s*/, ''), '^^^^');
  } finally {
    s.done();
  }
});

test('json: array of {file, range, severity, code, message} with 0-based lines', async () => {
  const s = scratch({ 'compose.yaml': BROKEN });
  try {
    const r = await cli(['lint', '--format', 'json', 'compose.yaml'], s.dir);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as { file: string; range: unknown; severity: string; code: string }[];
    const net010 = out.find((p) => p.code === 'NET010');
    assert.deepEqual(net010?.range, { start: { line: 3, character: 22 }, end: { line: 3, character: 26 } });
    assert.equal(net010?.file, 'compose.yaml');
    assert.ok(out.every((p) => ['error', 'warning', 'information', 'hint'].includes(p.severity)));
  } finally {
    s.done();
  }
});

test('sarif: 2.1.0 with rules and 1-based regions', async () => {
  const s = scratch({ 'compose.yaml': BROKEN });
  try {
    const r = await cli(['lint', '--format=sarif', 'compose.yaml'], s.dir);
    const log = JSON.parse(r.stdout) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { region: Record<string, number> } }[];
        }[];
      }[];
    };
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.ok(run?.tool.driver.rules.some((x) => x.id === 'NET010'));
    const res = run?.results.find((x) => x.ruleId === 'NET010');
    assert.equal(res?.level, 'error');
    assert.deepEqual(res?.locations[0]?.physicalLocation.region, {
      startLine: 4,
      startColumn: 23,
      endLine: 4,
      endColumn: 27,
    });
  } finally {
    s.done();
  }
});

test('a clean project exits 0', async () => {
  const s = scratch({ 'compose.yaml': CLEAN });
  try {
    const r = await cli(['lint', 'compose.yaml'], s.dir);
    assert.equal(r.code, 0, r.stdout);
  } finally {
    s.done();
  }
});

test('files form one project, like docker compose -f A -f B', async () => {
  const s = scratch({ 'a.yaml': CLEAN, 'b.yaml': 'services:\n  web:\n    networks: [front, extra]\n' });
  try {
    const alone = await cli(['lint', 'a.yaml'], s.dir);
    assert.equal(alone.code, 0);
    const both = await cli(['lint', '--format', 'json', 'a.yaml', '-f', 'b.yaml'], s.dir);
    const out = JSON.parse(both.stdout) as { file: string; code: string; message: string }[];
    const hit = out.find((p) => p.code === 'NET010');
    assert.equal(hit?.file, 'b.yaml');
    assert.match(hit?.message ?? '', /extra/);
  } finally {
    s.done();
  }
});

test('--profile enables the services of that profile (and only then are they checked)', async () => {
  const s = scratch({
    'compose.yaml': `${CLEAN.replace('networks:\n  front:', '  debug:\n    image: busybox\n    profiles: [debug]\n    networks: [tools]\nnetworks:\n  front:')}`,
  });
  try {
    const off = await cli(['lint', 'compose.yaml'], s.dir);
    assert.equal(off.code, 0, off.stdout);
    const on = await cli(['lint', '--profile', 'debug', 'compose.yaml'], s.dir);
    assert.equal(on.code, 1);
    assert.match(on.stdout, /service "debug" refers to undefined network tools/);
  } finally {
    s.done();
  }
});

test('without files, the compose file of the current directory is used', async () => {
  const s = scratch({ 'compose.yaml': BROKEN });
  try {
    const r = await cli(['lint'], s.dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /NET010/);
  } finally {
    s.done();
  }
});

test('bad input: one clear line on stderr and exit 2, never a stack trace', async () => {
  const s = scratch({
    'bin.yaml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    'prose.yaml': 'This is a README, not a compose file.\n',
    'latin1.yaml': Buffer.from('services:\n  caf\xe9: {}\n', 'latin1'),
    'empty.yaml': '',
    'broken.yaml': 'services: [web\n  api: {\n',
  });
  try {
    writeFileSync(join(s.dir, 'huge.yaml'), '');
    truncateSync(join(s.dir, 'huge.yaml'), 50 * 1024 * 1024);
    const cases: [string[], RegExp][] = [
      [['lint', 'missing.yaml'], /missing\.yaml: no such file/],
      [['lint', 'bin.yaml'], /bin\.yaml: binary data/],
      [['lint', 'huge.yaml'], /huge\.yaml: 50\.0 MB is too large/],
      [['lint', 'prose.yaml'], /prose\.yaml: not a compose file/],
      [['lint', 'latin1.yaml'], /latin1\.yaml: not UTF-8/],
      [['lint', 'empty.yaml'], /empty\.yaml: empty compose file/],
      [['lint', '.'], /is a directory/],
      [['lint', '--format', 'xml', 'x.yaml'], /--format must be one of text, json, sarif/],
      [['lint', '--bogus'], /unknown option --bogus/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [['lint', '--docker-host', 'gopher://x', 'bin.yaml'], /binary data|unsupported scheme/],
    ];
    for (const [argv, want] of cases) {
      const r = await cli(argv, s.dir);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, want);
      assert.equal(r.stderr.trim().split('\n').length, 1, `one line for ${argv.join(' ')}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(r.stdout, '');
    }
    // A YAML mapping with syntax errors is a compose file being written: its errors are findings.
    const broken = await cli(['lint', 'broken.yaml'], s.dir);
    assert.ok(broken.code === 1 || broken.code === 2, broken.stderr);
  } finally {
    s.done();
  }
});

test('the real entry point prints one line for a missing file and exits 2', () => {
  const entry = join(__dirname, '..', '..', '..', '..', 'server', 'src', 'cli.ts');
  const r = spawnSync(process.execPath, ['--import', 'tsx', entry, 'lint', '/nonexistent/compose.yaml'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim(), 'switchyard: /nonexistent/compose.yaml: no such file');
});

test('--docker-host: the host snapshot feeds the host rules', async () => {
  const s = scratch({ 'compose.yaml': CLEAN });
  const snapshot: HostSnapshot = {
    host: 'fake',
    takenAt: new Date(0).toISOString(),
    networks: [
      {
        id: 'abc',
        name: 'legacy',
        driver: 'bridge',
        scope: 'local',
        internal: false,
        subnets: [{ subnet: '10.20.0.0/16' }],
        containers: ['old'],
        source: 'docker',
        labels: {},
      },
    ],
    ports: [],
    routes: [],
  };
  try {
    const seen: string[] = [];
    const r = await cli(
      ['lint', '--format', 'json', '--docker-host', 'unix:///fake.sock', 'compose.yaml'],
      s.dir,
      {
        snapshot: async (url) => (seen.push(url), snapshot),
      },
    );
    assert.deepEqual(seen, ['unix:///fake.sock']);
    const out = JSON.parse(r.stdout) as { code: string; message: string }[];
    const host = out.filter((p) => p.code.startsWith('HOST'));
    assert.ok(host.length > 0, r.stdout);
    assert.ok(
      host.some((p) => p.message.includes('legacy')),
      r.stdout,
    );
    assert.equal(r.code, 1);
  } finally {
    s.done();
  }
});
