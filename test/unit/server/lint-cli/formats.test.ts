// `switchyard lint --format github|codeclimate|junit`, and `-` reading a compose file from stdin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, scratch } from './run';

const COMPOSE = [
  'services:',
  '  web:',
  '    image: nginx',
  '    ports:',
  '      - "8080:80"',
  '  api:',
  '    image: nginx',
  '    ports:',
  '      - "8080:81"',
  '    networks: [jobs]',
  '',
].join('\n');

test('--format github prints one workflow command per finding, escaped', async () => {
  const t = scratch({ 'compose.yaml': COMPOSE });
  try {
    const r = await cli(['lint', '--format', 'github', 'compose.yaml'], t.dir);
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 3, r.stdout);
    assert.match(
      lines[0] ?? '',
      /^::error file=compose\.yaml,line=9,endLine=9,col=9,endColumn=18,title=switchyard NET109::NET109 Bind for 0\.0\.0\.0:8080 failed/,
    );
    // The related place rides in the message, its newline escaped as %0A.
    assert.match(lines[0] ?? '', /%0Acompose\.yaml:5: service "web" publishes host port 8080\/tcp here$/);
    // Information is a notice.
    assert.match(lines[1] ?? '', /^::notice file=compose\.yaml,line=10,.*title=switchyard NET028::NET028 /);
    assert.match(
      lines[2] ?? '',
      /^::error file=compose\.yaml,line=10,.*title=switchyard NET010::NET010 service "api" refers to undefined network jobs/,
    );
  } finally {
    t.done();
  }
});

test('--format codeclimate prints GitLab code quality issues with stable, distinct fingerprints', async () => {
  const t = scratch({ 'compose.yaml': COMPOSE });
  try {
    const a = await cli(['lint', '--format', 'codeclimate', 'compose.yaml'], t.dir);
    const issues = JSON.parse(a.stdout) as {
      check_name: string;
      severity: string;
      fingerprint: string;
      location: { path: string; lines: { begin: number } };
    }[];
    assert.deepEqual(
      issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin]),
      [
        ['NET109', 'major', 'compose.yaml', 9],
        ['NET028', 'info', 'compose.yaml', 10],
        ['NET010', 'major', 'compose.yaml', 10],
      ],
    );
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, 3);
    // A line added above moves the findings but keeps their fingerprints.
    const u = scratch({ 'compose.yaml': `# a comment\n${COMPOSE}` });
    try {
      const b = JSON.parse(
        (await cli(['lint', '--format', 'codeclimate', 'compose.yaml'], u.dir)).stdout,
      ) as {
        fingerprint: string;
      }[];
      assert.deepEqual(
        b.map((i) => i.fingerprint),
        issues.map((i) => i.fingerprint),
      );
    } finally {
      u.done();
    }
  } finally {
    t.done();
  }
});

test('--format junit: a suite per file, a failure per error or warning, a passing case for a clean file', async () => {
  const t = scratch({ 'compose.yaml': COMPOSE, 'clean.yaml': 'services:\n  a:\n    image: x\n' });
  try {
    const r = await cli(['lint', '--format', 'junit', 'compose.yaml'], t.dir);
    assert.match(
      r.stdout,
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="switchyard" tests="2" failures="2" errors="0">/,
    );
    assert.match(r.stdout, /<testsuite name="compose\.yaml" tests="2" failures="2" errors="0">/);
    assert.match(
      r.stdout,
      /<testcase name="9:9 NET109" classname="compose\.yaml">\n {6}<failure type="error" message="Bind for/,
    );
    assert.match(r.stdout, /service &quot;api&quot; refers to undefined network jobs/);
    const clean = await cli(['lint', '--format', 'junit', 'clean.yaml'], t.dir);
    assert.equal(clean.code, 0);
    assert.match(
      clean.stdout,
      /<testsuite name="clean\.yaml" tests="1" failures="0" errors="0">\n {4}<testcase name="switchyard lint" classname="clean\.yaml"\/>/,
    );
  } finally {
    t.done();
  }
});

test('`-` reads a compose file from stdin; nothing piped or empty input is a usage error', async () => {
  const t = scratch({});
  try {
    const r = await cli(['lint', '-'], t.dir, { stdin: COMPOSE });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^<stdin>:9:9: error NET109 /m);
    assert.match(r.stdout, /^<stdin>:10:16: error NET010 /m);
    const tty = await cli(['lint', '-'], t.dir);
    assert.equal(tty.code, 2);
    assert.match(tty.stderr, /`-` reads stdin, but nothing is piped to it/);
    const empty = await cli(['lint', '-'], t.dir, { stdin: '  \n' });
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /<stdin>: empty input/);
  } finally {
    t.done();
  }
});

test('an unknown --format names the formats', async () => {
  const r = await cli(['lint', '--format', 'xml'], process.cwd());
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /--format must be one of text, json, sarif, github, codeclimate, junit \(got "xml"\)/,
  );
});

test('the $switchyard problem matcher in package.json reads the text format', async () => {
  const manifest = JSON.parse(
    readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'),
  ) as {
    contributes: {
      problemMatchers: {
        name: string;
        pattern: Record<string, string | number>;
      }[];
    };
  };
  const matcher = manifest.contributes.problemMatchers.find((m) => m.name === 'switchyard');
  assert.ok(matcher);
  const { regexp, file, line, column, severity, code, message } = matcher.pattern;
  const re = new RegExp(String(regexp));
  const t = scratch({ 'compose.yaml': COMPOSE });
  try {
    const r = await cli(['lint', 'compose.yaml'], t.dir);
    const matched = r.stdout
      .split('\n')
      .flatMap((l) => {
        const m = re.exec(l);
        return m ? [m] : [];
      })
      .map((m) =>
        [file, line, column, severity, code, message]
          .map((g) => m[Number(g)])
          .slice(0, 5)
          .join(' '),
      );
    // Each finding once; the related `note:` lines and the summary are not problems.
    assert.deepEqual(matched, [
      'compose.yaml 9 9 error NET109',
      'compose.yaml 10 5 information NET028',
      'compose.yaml 10 16 error NET010',
    ]);
  } finally {
    t.done();
  }
});
