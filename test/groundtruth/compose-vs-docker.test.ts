// Ground truth: each compose project in test/fixtures/groundtruth is applied to a real dockerd (Debian's
// docker.io 20.10, started by .ci/run or by ensureDocker) with Debian's docker-compose v1, and the lint must
// report an error exactly where Docker refuses the project and none where Docker accepts it, at the place
// expect.json names. Where old Docker decides differently from current Docker, expect.json says so in
// dockerVersionNote and lint follows current Docker (see test/README.md).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { relative, resolve } from 'node:path';
import { ensureDocker } from '../support/docker';
import { requireOrSkip, which } from '../support/env';
import { expectedFile, lineList, loadCases, sharedResources, type Case, type ExpectedFinding } from './cases';
import { applyProject, projectName, teardownProject, type Applied } from './compose';
import { cliMissingReason, describeFindings, lint, type LintFinding, type LintRun } from './lint';

const cases = loadCases();

describe('ground truth: compose projects against dockerd 20.10 + docker-compose v1', () => {
  let dockerProblem: string | undefined = 'not checked yet';
  before(async () => {
    dockerProblem = which('docker-compose') ? await ensureDocker() : 'docker-compose (v1) is not installed';
  });

  test('the fixture set covers refusals, acceptances and version differences', () => {
    assert.ok(cases.length >= 12, `only ${cases.length} cases`);
    assert.ok(cases.filter((c) => c.expect.docker.outcome === 'refused').length >= 8);
    assert.ok(cases.filter((c) => c.expect.docker.outcome === 'accepted').length >= 4);
    for (const c of cases) {
      if (c.expect.dockerVersionNote !== undefined) continue;
      // Without a version note, the recorded Docker outcome alone decides whether lint must report an error.
      assert.equal(
        c.expect.lint.errors.length > 0,
        c.expect.docker.outcome === 'refused',
        `${c.name}: expect.json lists ${c.expect.lint.errors.length} lint errors for a project Docker ${c.expect.docker.outcome}; add a dockerVersionNote if this is a version difference`,
      );
    }
  });

  test('no two cases share a subnet range or a host port (they run concurrently on one dockerd)', () => {
    const owner = new Map<number, string>();
    const taken: { range: [number, number]; name: string }[] = [];
    for (const c of cases) {
      const { ranges, ports } = sharedResources(c);
      for (const port of new Set(ports)) {
        const other = owner.get(port);
        assert.ok(
          other === undefined || other === c.name,
          `${c.name} and ${other} both publish host port ${port}`,
        );
        owner.set(port, c.name);
      }
      for (const range of ranges) {
        const clash = taken.find(
          (t) => t.name !== c.name && t.range[0] <= range[1] && range[0] <= t.range[1],
        );
        assert.equal(clash, undefined, `${c.name} and ${clash?.name} use overlapping subnets`);
      }
      taken.push(...ranges.map((range) => ({ range, name: c.name })));
    }
  });

  // Cases run three at a time: each uses its own subnets (10.231.<n>.0/24) and host ports (471<nn>), so they
  // cannot disturb each other, and Docker's own work dominates the time.
  describe('docker', { concurrency: 3 }, () => {
    for (const c of cases) {
      test(`docker: ${c.name} is ${c.expect.docker.outcome}`, async (t) => {
        if (!requireOrSkip(t, dockerProblem === undefined, `no Docker engine: ${dockerProblem}`)) return;
        const project = projectName(c.name);
        let applied: Applied | undefined;
        try {
          applied = await applyProject(project, c.files);
        } finally {
          const left = await teardownProject(project, c.files);
          assert.deepEqual(left, [], `project ${project} left resources behind`);
        }
        assertDockerOutcome(c, applied);
      });
    }
  });

  describe('lint', { concurrency: 4 }, () => {
    for (const c of cases) {
      test(`lint: ${c.name}`, async () => {
        const missing = cliMissingReason();
        // The CLI is part of the product: a missing CLI fails here even outside CI, never passes silently.
        assert.equal(missing, undefined, missing);
        assertLint(c, await lint(c.files));
      });
    }
  });
});

function assertDockerOutcome(c: Case, applied: Applied): void {
  const { outcome, message } = c.expect.docker;
  assert.equal(
    applied.outcome,
    outcome,
    `${c.name}: Docker ${applied.outcome} the project, expect.json records "${outcome}". Output:\n${applied.output}`,
  );
  if (message !== undefined) {
    const texts = typeof message === 'string' ? [message] : message;
    const output = applied.output.toLowerCase();
    assert.ok(
      texts.some((m) => output.includes(m.toLowerCase())),
      `${c.name}: Docker refused for another reason than "${texts.join('" or "')}". Output:\n${applied.output}`,
    );
  }
}

function assertLint(c: Case, result: LintRun): void {
  const projectFiles = new Set(c.files.map((f) => resolve(f)));
  const mine = result.findings.filter((f) => projectFiles.has(resolve(f.file)));
  const errors = mine.filter((f) => f.severity === 'error');
  const shown = `lint reported:\n${describeFindings(result.findings)}`;
  const mustError = c.expect.lint.errors.length > 0;
  const why = c.expect.dockerVersionNote ? ` (version note: ${c.expect.dockerVersionNote})` : '';
  assert.equal(
    errors.length > 0,
    mustError,
    `${c.name}: Docker ${c.expect.docker.outcome} it${why}, so lint must report ${mustError ? 'an error' : 'no error'}; ${shown}`,
  );
  assert.equal(
    result.exitCode,
    mustError ? 1 : 0,
    `${c.name}: exit code must be 1 exactly when there is an error`,
  );
  for (const e of c.expect.lint.errors) assertFound(c, e, errors, 'error', shown);
  for (const w of c.expect.lint.warnings) assertFound(c, w, mine, 'warning', shown);
}

function assertFound(
  c: Case,
  expected: ExpectedFinding,
  findings: LintFinding[],
  severity: LintFinding['severity'],
  shown: string,
): void {
  const lines = lineList(expected.line);
  const file = expectedFile(c, expected);
  const hit = findings.find(
    (f) =>
      f.code === expected.code &&
      f.severity === severity &&
      resolve(f.file) === file &&
      lines.includes(f.range.start.line + 1),
  );
  const where = `${relative(c.dir, file)} line ${lines.join(' or ')}`;
  assert.ok(hit, `${c.name}: expected ${severity} ${expected.code} in ${where}; ${shown}`);
}
