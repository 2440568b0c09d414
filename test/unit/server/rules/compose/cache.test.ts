import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RecentByProject,
  keepingNothing,
  memoByProject,
} from '../../../../../server/src/rules/compose/cache';
import { loadProject } from '../../../../../server/src/compose/loader';
import type { ComposeProject } from '../../../../../server/src/compose/project';

/** A real project of `services` services, read from memory under `file`. */
function project(file: string, services = 1): ComposeProject {
  const body = Array.from({ length: services }, (_, i) => `  s${i}:\n    image: nginx\n`).join('');
  return loadProject({ files: [file], reader: { read: () => `services:\n${body}` } });
}

test('RecentByProject keeps a value per project files and service count, and drops the oldest past its limit', () => {
  const recent = new RecentByProject<string>(2);
  const a = project('/p/a.yaml');
  const b = project('/p/b.yaml');
  const c = project('/p/c.yaml');
  recent.set(a, 'A');
  recent.set(b, 'B');
  // The same files and number of services is the same key: a reload after a keystroke finds it.
  assert.equal(recent.get(project('/p/a.yaml')), 'A');
  // Another number of services is another key.
  assert.equal(recent.get(project('/p/a.yaml', 2)), undefined);
  recent.set(c, 'C');
  assert.equal(recent.get(a), undefined, 'the oldest of three is dropped at a limit of two');
  assert.equal(recent.get(b), 'B');
  assert.equal(recent.get(c), 'C');
});

test('RecentByProject: setting a key again makes it the newest', () => {
  const recent = new RecentByProject<string>(2);
  const a = project('/q/a.yaml');
  const b = project('/q/b.yaml');
  recent.set(a, 'A1');
  recent.set(b, 'B');
  recent.set(a, 'A2');
  recent.set(project('/q/c.yaml'), 'C');
  assert.equal(recent.get(a), 'A2', 'a was set last before c: b is the oldest');
  assert.equal(recent.get(b), undefined);
});

test('RecentByProject keeps 64 projects by default', () => {
  const recent = new RecentByProject<number>();
  const projects = Array.from({ length: 64 }, (_, i) => project(`/r/${i}.yaml`));
  const [first, second] = projects;
  projects.forEach((p, i) => recent.set(p, i));
  assert.ok(first && second);
  assert.equal(recent.get(first), 0, 'the 64th does not push out the first');
  recent.set(project('/r/64.yaml'), 64);
  assert.equal(recent.get(first), undefined);
  assert.equal(recent.get(second), 1);
});

test('keepingNothing: nothing is read or left during a one-shot analysis, and the switch is restored after', () => {
  const recent = new RecentByProject<string>(4);
  const a = project('/s/a.yaml');
  const b = project('/s/b.yaml');
  recent.set(a, 'A');
  const inside = keepingNothing(() => {
    recent.set(b, 'B');
    // Nested one-shot analyses leave the outer one switched off.
    keepingNothing(() => undefined);
    return recent.get(a);
  });
  assert.equal(inside, undefined);
  assert.equal(recent.get(a), 'A');
  assert.equal(recent.get(b), undefined, 'what was set inside is not kept');
  assert.throws(() =>
    keepingNothing(() => {
      throw new Error('boom');
    }),
  );
  assert.equal(recent.get(a), 'A', 'a throwing analysis switches it back on');
});

test('memoByProject computes once per project and gives each code its findings', () => {
  let runs = 0;
  const at = { file: '/m.yaml', start: 0, end: 1 };
  const pick = memoByProject(() => {
    runs++;
    return [
      { code: 'NET031', severity: 'error', message: 'x', at },
      { code: 'NET032', severity: 'error', message: 'y', at },
      { code: 'NET031', severity: 'error', message: 'z', at },
    ];
  });
  const p = project('/m.yaml');
  assert.deepEqual(
    pick(p, 'NET031').map((f) => f.message),
    ['x', 'z'],
  );
  assert.deepEqual(
    pick(p, 'NET032').map((f) => f.message),
    ['y'],
  );
  assert.equal(runs, 1);
  pick(project('/m.yaml'), 'NET031');
  assert.equal(runs, 2, 'another project object is computed again');
});
