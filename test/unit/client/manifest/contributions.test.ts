import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';

const root = join(__dirname, '..', '..', '..', '..');
const json = (p: string): unknown => JSON.parse(readFileSync(join(root, p), 'utf8'));

interface Grammar {
  scopeName: string;
  injectionSelector: string;
  repository: Record<string, { match: string; name?: string }>;
}
const grammar = json('syntaxes/compose-network.injection.tmLanguage.json') as Grammar;

/** The texts a repository pattern matches in a line (JS regex syntax covers what these patterns use). */
function hits(rule: string, line: string): string[] {
  const m = grammar.repository[rule]?.match;
  assert.ok(m, `no rule ${rule}`);
  return [...line.matchAll(new RegExp(m, 'g'))].map((x) => x[0]);
}

test('grammar: CIDRs, addresses and port mappings are told apart', () => {
  assert.deepEqual(hits('cidr-v4', '        - subnet: 10.30.0.0/24'), ['10.30.0.0/24']);
  assert.deepEqual(hits('cidr-v4', '        - subnet: 300.1.1.1/24'), []);
  assert.deepEqual(hits('cidr-v6', '      - subnet: fd00:40::/64'), ['fd00:40::/64']);
  assert.deepEqual(hits('ipv4', '        ipv4_address: 10.30.0.5'), ['10.30.0.5']);
  assert.deepEqual(hits('ipv4', '        - subnet: 10.30.0.0/24'), [], 'a CIDR is not a bare address');
  assert.deepEqual(hits('ipv6', '        ipv6_address: fd00:40::10'), ['fd00:40::10']);
  assert.deepEqual(hits('ipv6', '      - "8080:80"'), [], 'a port mapping is not an IPv6 address');
  assert.deepEqual(hits('port-spec', '      - "8080:80"'), ['8080:80']);
  assert.deepEqual(hits('port-spec', '      - "127.0.0.1:9000-9001:9000-9001/udp"'), [
    '9000-9001:9000-9001/udp',
  ]);
  assert.deepEqual(hits('port-spec', '    image: nginx:1.27'), []);
  assert.deepEqual(hits('network-key', '    network_mode: host'), ['network_mode']);
  assert.deepEqual(hits('network-key', '        - subnet: 10.0.0.0/8'), ['subnet']);
  assert.deepEqual(hits('network-key', '    image: subnet'), []);
});

test('grammar: injected into YAML, every pattern included', () => {
  assert.match(grammar.injectionSelector, /^L:source\.yaml/);
  const included = (
    json('syntaxes/compose-network.injection.tmLanguage.json') as { patterns: { include: string }[] }
  ).patterns.map((p) => p.include.slice(1));
  assert.deepEqual(included.sort(), Object.keys(grammar.repository).sort());
});

test('snippets: every body is YAML once its placeholders take their defaults', () => {
  const snippets = json('snippets/compose-networks.json') as Record<
    string,
    { prefix: string; body: string[] }
  >;
  assert.ok(Object.keys(snippets).length >= 8);
  for (const [name, s] of Object.entries(snippets)) {
    const text = s.body
      .join('\n')
      .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
      .replace(/\$\{\d+:([^}]*)\}/g, '$1')
      .replace(/\$\d+/g, 'x');
    const doc = parseDocument(text);
    assert.deepEqual(
      doc.errors.map((e) => e.message),
      [],
      `${name}:\n${text}`,
    );
  }
});

test('package.json contributes the grammar, the snippets and the trace setting, with existing paths', () => {
  const pkg = json('package.json') as {
    contributes: {
      grammars: { path: string; injectTo: string[]; scopeName: string }[];
      snippets: { path: string; language: string }[];
      configuration: { properties: Record<string, { enum?: string[] }> };
    };
  };
  const g = pkg.contributes.grammars.find((x) => x.scopeName === grammar.scopeName);
  assert.ok(g && existsSync(join(root, g.path)));
  assert.deepEqual(g.injectTo, ['source.yaml']);
  for (const s of pkg.contributes.snippets) assert.ok(existsSync(join(root, s.path)), s.path);
  assert.deepEqual(pkg.contributes.configuration.properties['switchyard.trace.server']?.enum, [
    'off',
    'messages',
    'verbose',
  ]);
});

test('the extension activates for its own documents, so a window that reloads with them open can show them', () => {
  const pkg = json('package.json') as { activationEvents: string[] };
  // The schemes as the client declares them (its modules import vscode, so they are read, not imported).
  const schemes = [
    'client/src/views/report-documents.ts',
    'client/src/views/inspect-documents.ts',
    'client/src/logs/log-documents.ts',
  ].map((f) => /export const \w+_SCHEME = '([^']+)'/.exec(readFileSync(join(root, f), 'utf8'))?.[1]);
  assert.deepEqual(schemes, ['switchyard-report', 'switchyard-inspect', 'switchyard-log']);
  for (const scheme of schemes)
    assert.ok(
      pkg.activationEvents.includes(`onFileSystem:${scheme}`),
      `onFileSystem:${scheme} in activationEvents`,
    );
});

test('every command the manifest lists has a handler, every handler is listed, and menus name real commands', () => {
  const pkg = json('package.json') as {
    contributes: { commands: { command: string }[]; menus: Record<string, { command?: string }[]> };
  };
  // client/src/commands/table.ts imports vscode: its ids are read from the text.
  const table = readFileSync(join(root, 'client/src/commands/table.ts'), 'utf8');
  const handled = [...table.matchAll(/^\s+'(switchyard\.[\w.]+)': \w+,$/gm)].map((m) => m[1]);
  const listed = pkg.contributes.commands.map((c) => c.command);
  assert.ok(handled.length >= 25, `read ${handled.length} handlers`);
  assert.deepEqual(
    [...listed].sort(),
    [...handled].sort(),
    'package.json and the command table list the same ids',
  );
  assert.ok(listed.includes('switchyard.host.forgetSecrets'));
  for (const [menu, items] of Object.entries(pkg.contributes.menus))
    for (const item of items)
      if (item.command) assert.ok(listed.includes(item.command), `${menu} names ${item.command}`);
});

test('settings that decide what runs as root are machine-scoped and restricted in untrusted workspaces', () => {
  interface Manifest {
    capabilities?: {
      untrustedWorkspaces?: { supported: string | boolean; restrictedConfigurations?: string[] };
    };
    contributes: { configuration: { properties: Record<string, { scope?: string }> } };
  }
  const manifest = json('package.json') as Manifest;
  const rootDecides = [
    'switchyard.engine.socket',
    'switchyard.engine.stateDir',
    'switchyard.engine.logFile',
    'switchyard.engine.installDir',
    'switchyard.engine.prefix',
    'switchyard.engine.hosts',
    'switchyard.docker.socket',
  ];
  const props = manifest.contributes.configuration.properties;
  for (const key of rootDecides) assert.equal(props[key]?.scope, 'machine', key);
  const untrusted = manifest.capabilities?.untrustedWorkspaces;
  assert.equal(untrusted?.supported, 'limited');
  assert.deepEqual([...(untrusted?.restrictedConfigurations ?? [])].sort(), [...rootDecides].sort());
});
