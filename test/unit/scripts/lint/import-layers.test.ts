// `npm run lint:imports` (dependency-cruiser with .dependency-cruiser.cjs) must fail on an import circle, on two
// folders that import each other, on an upward import between the layers of scripts/lint/import-layers.cjs and on a module outside every layer, and
// pass on a tree without them. Each case is a small tree of packages written to a temporary folder and cruised
// with the repository's own config, as `npm run lint` cruises the repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = join(__dirname, '..', '..', '..', '..');
const depcruise = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

/** Writes `files` (path → text) into a fresh folder, cruises its package sources, removes the folder. */
function cruise(files: Record<string, string>): { status: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-import-rules-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const sources = [...new Set(Object.keys(files).map((p) => p.split('/').slice(0, 2).join('/')))];
    const r = spawnSync(
      process.execPath,
      [depcruise, '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'err', ...sources],
      { cwd: dir, encoding: 'utf8', timeout: 120_000 },
    );
    return { status: r.status, out: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A clean tree: each module imports only downward (yaml ← compose ← rules; exec ← ops).
const clean = {
  'server/src/yaml/tree.ts': 'export interface Span { start: number; end: number }\n',
  'server/src/compose/project.ts': "import type { Span } from '../yaml/tree';\nexport type At = Span;\n",
  'server/src/rules/rule.ts': "import type { At } from '../compose/project';\nexport type Where = At;\n",
  'engine/src/exec/command.ts': 'export const run = (argv: string[]): string => argv.join(" ");\n',
  'engine/src/ops/network-ops.ts':
    "import { run } from '../exec/command';\nexport const create = (): string => run(['ip']);\n",
};

test('a tree whose imports all point down passes', () => {
  const r = cruise(clean);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /no dependency violations found/);
});

test('a planted import circle fails, naming both modules', () => {
  const r = cruise({
    ...clean,
    'engine/src/exec/a.ts': "import type { B } from './b';\nexport interface A { b?: B }\n",
    'engine/src/exec/b.ts': "import type { A } from './a';\nexport interface B { a?: A }\n",
  });
  assert.notEqual(r.status, 0, r.out);
  assert.match(r.out, /error no-circular: engine\/src\/exec\/a\.ts →/);
  assert.match(r.out, /engine\/src\/exec\/b\.ts/);
});

test('two folders of one layer that import each other fail, though no module circle exists', () => {
  const r = cruise({
    ...clean,
    // diag/ and discovery/ share a layer: each may import the other, but not both ways.
    'engine/src/diag/ping.ts': 'export const ping = (): string => "ping";\n',
    'engine/src/diag/probe.ts':
      "import { view } from '../discovery/view';\nexport const probe = (): string => view();\n",
    'engine/src/discovery/view.ts': 'export const view = (): string => "view";\n',
    'engine/src/discovery/wire.ts':
      "import { ping } from '../diag/ping';\nexport const wire = (): string => ping();\n",
  });
  assert.notEqual(r.status, 0, r.out);
  assert.doesNotMatch(r.out, /error no-circular:/, 'no module is in a circle');
  assert.doesNotMatch(r.out, /error upward-/, 'the two folders share a layer');
  assert.match(
    r.out,
    /error no-circular-folders: engine\/src\/diag →\s+engine\/src\/discovery →\s+engine\/src\/diag/,
  );
});

test('a planted upward import fails, naming the layer it breaks', () => {
  const r = cruise({
    ...clean,
    // The YAML reader (bottom layer) reaching up into the editor features.
    'server/src/features/hover.ts': 'export const hover = (): string => "";\n',
    'server/src/yaml/parse.ts': "import { hover } from '../features/hover';\nexport const parse = hover;\n",
  });
  assert.notEqual(r.status, 0, r.out);
  assert.match(
    r.out,
    /error upward-server-yaml: server\/src\/yaml\/parse\.ts → server\/src\/features\/hover\.ts/,
  );
});

test('a module in a folder no layer lists fails, so a new folder is placed on purpose', () => {
  const r = cruise({
    ...clean,
    'client/src/gadgets/thing.ts': 'export const thing = 1;\n',
    'client/src/commands/use.ts': "import { thing } from '../gadgets/thing';\nexport const used = thing;\n",
  });
  assert.notEqual(r.status, 0, r.out);
  assert.match(
    r.out,
    /error unplaced-client: client\/src\/commands\/use\.ts → client\/src\/gadgets\/thing\.ts/,
  );
});
