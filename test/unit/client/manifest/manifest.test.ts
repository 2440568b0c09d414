// The manifest's "quiet until asked" promises: what activates the extension, which commands the palette offers,
// and that the compose file names the manifest, the code lenses and the palette use are one pattern.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KUSTOMIZATION_NAMES } from '@switchyard/core';
import {
  COMPOSE_GLOB,
  COMPOSE_NAME,
  isSwitchyardDocument,
} from '../../../../client/src/compose-actions/files';
import { TREE_ITEM_COMMANDS, commandTitles } from '../../../../client/src/commands/tree-item-commands';

const root = join(__dirname, '..', '..', '..', '..');
const read = (p: string): string => readFileSync(join(root, p), 'utf8');

interface MenuItem {
  command: string;
  when?: string;
}
interface Manifest {
  activationEvents: string[];
  contributes: {
    languages?: { id: string; filenamePatterns?: string[] }[];
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, MenuItem[]>;
  };
}
const pkg = JSON.parse(read('package.json')) as Manifest;

/** A VS Code filename glob (`*`, `{a,b}`) as a regular expression over a file's base name. */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/^\*\*\//, '')
    .replace(/[.+^$()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\{([^}]*)\}/g, (_m, alts: string) => `(${alts.split(',').join('|')})`);
  return new RegExp(`^${body}$`);
}

/** A VS Code path glob (`**` then a slash: any folders, `*` within one name, `{a,b}`) as a regular expression. */
function pathGlob(glob: string): RegExp {
  const body = glob
    .split('**/')
    .map((part) =>
      part
        .replace(/[.+^$()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\{([^}]*)\}/g, (_m, alts: string) => `(?:${alts.split(',').join('|')})`),
    )
    .join('(?:.*/)?');
  return new RegExp(`^${body}$`);
}

const NAMES = [
  'compose.yaml',
  'compose.yml',
  'compose.override.yml',
  'compose-dev.yaml',
  'docker-compose.yml',
  'docker-compose.prod.yaml',
  'docker-compose.override.yml',
  'deployment.yaml',
  'values.yaml',
  'composer.json',
  'my-compose.yml',
  'ci.yml',
];

test('activation: compose files, kustomizations and the view; never every YAML file or startup', () => {
  const events = pkg.activationEvents;
  assert.ok(events.includes('onLanguage:dockercompose'));
  assert.ok(events.includes('onView:switchyard.hosts'));
  for (const broad of ['onLanguage:yaml', '*', 'onStartupFinished'])
    assert.ok(!events.includes(broad), `${broad} would activate for every YAML file or window`);
  // Kubernetes manifests are told apart by content, which no activation event can see; kustomizations by name,
  // plain manifests by the folder and file names they are commonly kept under (client/README.md).
  const workspace = events.filter((e) => e.startsWith('workspaceContains:'));
  assert.equal(workspace[0], 'workspaceContains:**/{kustomization.yaml,kustomization.yml,Kustomization}');
  const named = /\{([^}]*)\}/.exec(workspace[0] ?? '')?.[1]?.split(',');
  assert.deepEqual(named, KUSTOMIZATION_NAMES, 'the names the server takes as kustomizations');
  const globs = workspace.map((e) => pathGlob(e.slice('workspaceContains:'.length)));
  const activates = (path: string) => globs.some((g) => g.test(path));
  for (const path of [
    'k8s/web.yaml',
    'deploy/prod/api.yml',
    'kubernetes/base/db.yaml',
    'web.k8s.yaml',
    'charts/out/deployment.yaml',
    'api-service.yml',
    'overlays/prod/kustomization.yaml',
  ])
    assert.ok(activates(path), `${path} activates`);
  for (const path of ['notes.yaml', '.github/workflows/ci.yml', 'config/app.yaml', 'mkdocs.yml'])
    assert.ok(!activates(path), `${path} does not activate`);
});

test('compose file names: the dockercompose patterns, the lens glob and the palette `when` agree', () => {
  const compose = pkg.contributes.languages?.find((l) => l.id === 'dockercompose');
  const patterns = compose?.filenamePatterns ?? [];
  assert.ok(patterns.length > 0, 'dockercompose filenamePatterns contributed');
  const byPatterns = (name: string) => patterns.some((p) => globToRegExp(p).test(name));
  const byGlob = globToRegExp(COMPOSE_GLOB);
  const whens = (pkg.contributes.menus.commandPalette ?? []).filter((m) =>
    m.command.startsWith('switchyard.compose.'),
  );
  assert.ok(whens.length >= 2);
  for (const name of NAMES) {
    const expected = COMPOSE_NAME.test(name);
    assert.equal(byPatterns(name), expected, `filenamePatterns on ${name}`);
    assert.equal(byGlob.test(name), expected, `COMPOSE_GLOB on ${name}`);
    for (const w of whens) {
      const re = /resourceFilename =~ \/(.*)\/$/.exec(w.when ?? '')?.[1];
      assert.ok(re, `${w.command}: when names the file pattern`);
      assert.equal(new RegExp(re).test(name), expected, `${w.command} when on ${name}`);
    }
  }
  assert.deepEqual(
    NAMES.filter((n) => COMPOSE_NAME.test(n)),
    NAMES.slice(0, 7),
  );
});

test('every tree-item command is hidden from the palette and reachable from a row', () => {
  const palette = pkg.contributes.menus.commandPalette ?? [];
  const itemMenus = pkg.contributes.menus['view/item/context'] ?? [];
  assert.ok(TREE_ITEM_COMMANDS.size >= 4);
  for (const id of TREE_ITEM_COMMANDS) {
    assert.ok(
      palette.some((m) => m.command === id && m.when === 'false'),
      `${id}: commandPalette entry with when: false`,
    );
    assert.ok(
      itemMenus.some((m) => m.command === id),
      `${id}: listed in view/item/context`,
    );
  }
  // And the reverse: a handler that gives up without a row must be in the set. Handlers import vscode, so
  // their text is read: the table maps id → function → file.
  const table = read('client/src/commands/table.ts');
  const fileOf = new Map(
    [...table.matchAll(/^import \{ ([\w, ]+) \} from '\.\/([\w-]+)';$/gm)].flatMap((m) =>
      (m[1] ?? '').split(', ').map((fn) => [fn, m[2] ?? ''] as const),
    ),
  );
  const handlers = [...table.matchAll(/^\s+'(switchyard\.[\w.]+)': (\w+),$/gm)];
  assert.ok(handlers.length >= 25);
  for (const [, id, fn] of handlers) {
    const file = fileOf.get(fn ?? '');
    assert.ok(file, `${id}: handler ${fn} imported`);
    const text = read(`client/src/commands/${file}.ts`);
    const body = text.slice(text.indexOf(`export async function ${fn}(`));
    const head = body.slice(0, body.indexOf('\n}\n'));
    const givesUp = /if \(node\?\.kind !== '\w+'[^)]*\)\s*(\{[^}]*\}|return)/.test(head);
    assert.equal(
      givesUp,
      TREE_ITEM_COMMANDS.has(id ?? ''),
      `${id}: ${givesUp ? 'returns without a tree row, so it belongs in TREE_ITEM_COMMANDS' : 'works without a row'}`,
    );
  }
});

test('commands are named by their title as the palette shows it, never by id', () => {
  const nls = JSON.parse(read('package.nls.json')) as Record<string, string>;
  const localised = JSON.parse(
    read('package.json').replace(/"%([\w.-]+)%"/g, (_m, key: string) => JSON.stringify(nls[key] ?? '')),
  ) as unknown;
  const titles = commandTitles(localised);
  assert.equal(titles.get('switchyard.network.remove'), 'Switchyard: Remove Network…');
  assert.equal(titles.get('switchyard.endpoint.ping'), 'Switchyard: Ping…');
  for (const c of pkg.contributes.commands) {
    const t = titles.get(c.command);
    assert.ok(t && !t.includes('switchyard.') && !t.includes('%'), `${c.command}: ${t}`);
  }
  // The one place that reports a failed command uses the title.
  const table = read('client/src/commands/table.ts');
  assert.match(table, /vscode\.l10n\.t\('\{0\} failed: \{1\}', title,/);
});

test('the status item and the language client care about compose files and Kubernetes inputs only', () => {
  const doc = (fileName: string, text: string, languageId = 'yaml') => ({
    languageId,
    fileName,
    getText: () => text,
  });
  assert.ok(isSwitchyardDocument(doc('/p/stack.yml', 'x: 1\n', 'dockercompose')));
  assert.ok(isSwitchyardDocument(doc('/p/compose-dev.yaml', '')));
  assert.ok(isSwitchyardDocument(doc('/p/stack.yml', 'services:\n  web:\n    image: nginx\n')));
  assert.ok(isSwitchyardDocument(doc('/p/k8s/web.yaml', 'apiVersion: v1\nkind: Service\n')));
  assert.ok(isSwitchyardDocument(doc('/p/kustomization.yaml', 'resources: []\n')));
  assert.ok(!isSwitchyardDocument(doc('/p/.github/workflows/ci.yml', 'on: push\njobs: {}\n')));
  assert.ok(!isSwitchyardDocument(doc('/p/chart/values.yaml', 'replicaCount: 1\n')));
  assert.ok(!isSwitchyardDocument(doc('/p/compose.yaml', 'services: {}\n', 'plaintext')));
});

test('manifest strings: every %key% has its text in package.nls.json, and every text is used', () => {
  const nls = JSON.parse(read('package.nls.json')) as Record<string, string>;
  const used = [...read('package.json').matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1] ?? '');
  assert.ok(used.length >= 40, `${used.length} manifest strings`);
  for (const k of used) assert.ok(typeof nls[k] === 'string' && nls[k] !== '', `${k} in package.nls.json`);
  assert.deepEqual(Object.keys(nls).sort(), [...new Set(used)].sort());
});
