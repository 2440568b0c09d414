// `switchyard lint` with rule configuration: `--rule`, `.switchyard.yaml` beside the compose file (the same
// file the language server reads), and `# switchyard-ignore` comments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, scratch } from './run';

/** The LSP test's project (test/lsp/rule-config.test.ts), with an ignore comment on api's port. */
const COMPOSE = readFileSync(
  join(__dirname, '..', '..', '..', 'fixtures', 'rule-config', 'compose.yaml'),
  'utf8',
).replace('- "8080:81"', '- "8080:81" # switchyard-ignore NET109: api is started only when web is down');

const codes = (out: string): string[] =>
  out.split('\n').flatMap((l) => /^\S+:\d+:\d+: (\w+) (\w+) /.exec(l)?.slice(1, 3).reverse().join(' ') ?? []);

test('an ignore comment on the line silences that finding only', async () => {
  const t = scratch({ 'compose.yaml': COMPOSE });
  try {
    const r = await cli(['lint', 'compose.yaml'], t.dir);
    assert.deepEqual(codes(r.stdout), ['NET101 warning', 'NET115 information']);
    assert.equal(r.code, 0);
    const t2 = scratch({
      'compose.yaml': COMPOSE.replace(
        ' # switchyard-ignore NET109: api is started only when web is down',
        '',
      ),
    });
    try {
      assert.deepEqual(codes((await cli(['lint', 'compose.yaml'], t2.dir)).stdout), [
        'NET101 warning',
        'NET115 information',
        'NET109 error',
      ]);
    } finally {
      t2.done();
    }
  } finally {
    t.done();
  }
});

test('--rule sets levels over .switchyard.yaml; globs; the last setting that matches wins', async () => {
  const t = scratch({
    'compose.yaml': COMPOSE,
    '.switchyard.yaml': 'rules:\n  NET101: error\n  NET115: off\n',
  });
  try {
    const project = await cli(['lint', 'compose.yaml'], t.dir);
    assert.deepEqual(codes(project.stdout), ['NET101 error']);
    assert.equal(project.code, 1);
    const flags = await cli(['lint', '--rule', 'NET1*=hint', '--rule=NET115=warn', 'compose.yaml'], t.dir);
    // Same place: the more severe first.
    assert.deepEqual(codes(flags.stdout), ['NET115 warning', 'NET101 hint']);
    assert.equal(flags.code, 0);
    const back = await cli(['lint', '--rule', 'NET101=default', 'compose.yaml'], t.dir);
    assert.deepEqual(codes(back.stdout), ['NET101 warning']);
  } finally {
    t.done();
  }
});

test('.switchyard.yaml is found in a parent folder; its problems are CONFIG findings placed in it', async () => {
  const t = scratch({
    '.switchyard.yaml': 'rules:\n  NET101: off\n  NET1O1: off\n  NET115: loud\nrule: {}\n',
  });
  try {
    mkdirSync(join(t.dir, 'app'));
    writeFileSync(join(t.dir, 'app', 'compose.yaml'), COMPOSE);
    const r = await cli(['lint', 'app/compose.yaml'], t.dir);
    assert.deepEqual(codes(r.stdout), [
      'NET115 information',
      'CONFIG warning',
      'CONFIG warning',
      'CONFIG warning',
    ]);
    assert.match(r.stdout, /^\.switchyard\.yaml:3:3: warning CONFIG unknown rule "NET1O1"/m);
    assert.match(
      r.stdout,
      /^\.switchyard\.yaml:4:11: warning CONFIG level of NET115 must be one of off, hint, /m,
    );
    assert.match(
      r.stdout,
      /^\.switchyard\.yaml:5:1: warning CONFIG unknown key "rule": \.switchyard\.yaml has only `rules:`/m,
    );
  } finally {
    t.done();
  }
});

test('an unknown rule or level in --rule is a usage error (exit 2) that says what is wrong', async () => {
  const unknown = await cli(['lint', '--rule', 'NET999=off'], process.cwd());
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /--rule NET999=off: unknown rule "NET999"/);
  const level = await cli(['lint', '--rule', 'NET101=loud'], process.cwd());
  assert.equal(level.code, 2);
  assert.match(
    level.stderr,
    /the level must be one of off, hint, information \(info\), warning \(warn\), error/,
  );
  const shape = await cli(['lint', '--rule', 'NET101'], process.cwd());
  assert.match(shape.stderr, /--rule needs ID=LEVEL, e\.g\. --rule NET101=off/);
});

test('an unknown id in an ignore comment is a CONFIG finding at the id', async () => {
  const t = scratch({ 'compose.yaml': COMPOSE.replace('NET109: api', 'NET190: api') });
  try {
    const r = await cli(['lint', 'compose.yaml'], t.dir);
    assert.match(r.stdout, /^compose\.yaml:10:39: warning CONFIG switchyard-ignore: unknown rule "NET190"/m);
    assert.ok(codes(r.stdout).includes('NET109 error'));
  } finally {
    t.done();
  }
});

test('manifests: ignore comments and --rule apply to Kubernetes findings too', async () => {
  const manifest = [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: web',
    'spec:',
    '  type: NodePort',
    '  selector: {app: web}',
    '  ports:',
    '    - port: 80',
    '      # switchyard-ignore K8S001: the cluster runs with --service-node-port-range=1-65535',
    '      nodePort: 80',
    '    - port: 81',
    '      nodePort: 81',
    '',
  ].join('\n');
  const t = scratch({ 'svc.yaml': manifest });
  try {
    const r = await cli(['lint', '--format', 'json', 'svc.yaml'], t.dir);
    const found = (JSON.parse(r.stdout) as { code: string; range: { start: { line: number } } }[]).map(
      (p) => `${p.range.start.line + 1} ${p.code}`,
    );
    assert.ok(found.includes('13 K8S001'), found.join());
    assert.ok(!found.includes('11 K8S001'), found.join());
    const off = await cli(['lint', '--format', 'json', '--rule', 'K8S*=off', 'svc.yaml'], t.dir);
    assert.deepEqual(
      (JSON.parse(off.stdout) as { code: string }[]).filter((p) => p.code.startsWith('K8S')),
      [],
    );
  } finally {
    t.done();
  }
});
