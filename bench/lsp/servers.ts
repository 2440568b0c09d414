// The two servers the benchmark drives: ours (the built dist/server.js) and yaml-language-server with the
// compose-spec schema. Each comes with a document it must flag, so a server that silently validates nothing
// (a schema that failed to associate, a crashed rule set) cannot pass for a fast one.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, ServerOptions } from './lsp-client';

export interface ServerUnderTest {
  key: 'ours' | 'yls';
  label: string;
  options: (rootUri: string) => ServerOptions;
  /** A compose file this server must report, and what the report must look like. */
  canary: { text: string; expect: (d: Diagnostic) => boolean; describe: string };
  /** Whether publishDiagnostics carries the document version (else: the first publish after the edit). */
  versioned: boolean;
  /** The languageId an editor gives compose files for this server. */
  languageId: string;
  /** A fixed delay the server waits before validating, included in its latency. */
  validationDelayMs: number;
  version: string;
  /** How it was run, for the report's header. */
  note: string;
}

const repo = join(__dirname, '..', '..');

/**
 * Where lsp.bench.ts builds the server as shipped (relative to the repository; bench/results is gitignored):
 * the production bundle, minified as the extension's and the npm package's are. The development bundle
 * (dist/server.js) holds its 2.2 MB source as a two-byte string (a few non-ASCII characters in comments),
 * 4.3 MB of heap where the shipped one holds 1.1 MB.
 */
export const SHIPPED_SERVER = join('bench', 'results', 'shipped', 'server.js');

/**
 * Our built server; `nodeArgs` are its node flags (the shipped SERVER_NODE_FLAGS, or an experiment), `profileDir`
 * adds --cpu-prof, `script` another build's bundle (say main's, for a before/after in one run).
 */
export function ours(
  profileDir?: string,
  nodeArgs: string[] = [],
  script = join(repo, 'dist', 'server.js'),
): ServerUnderTest {
  return {
    key: 'ours',
    label: 'switchyard',
    options: (rootUri) => ({
      name: 'switchyard',
      command: process.execPath,
      args: [
        ...nodeArgs,
        ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
        script,
        '--stdio',
      ],
      rootUri,
    }),
    canary: {
      text: 'services:\n  web:\n    image: nginx\n    networks: [nowhere]\n',
      expect: (d) => /nowhere/.test(d.message),
      describe: 'a diagnostic on the undefined network "nowhere"',
    },
    versioned: true,
    languageId: 'dockercompose',
    validationDelayMs: 3,
    version: readVersion(join(repo, 'package.json')),
    note: `${script.startsWith(`${repo}/`) ? script.slice(repo.length + 1) : script} --stdio${nodeArgs.length > 0 ? `, node ${nodeArgs.join(' ')}` : ''}`,
  };
}

/** compose_spec.json from Debian's docker-compose, or $COMPOSE_SPEC; undefined with the reason when absent. */
export function findComposeSpec(): { path: string } | { missing: string } {
  const fromEnv = process.env.COMPOSE_SPEC;
  if (fromEnv)
    return existsSync(fromEnv) ? { path: fromEnv } : { missing: `COMPOSE_SPEC=${fromEnv} does not exist` };
  try {
    const listed = execFileSync('dpkg', ['-L', 'docker-compose'], { encoding: 'utf8', stdio: 'pipe' });
    const path = listed.split('\n').find((l) => l.endsWith('/compose_spec.json'));
    if (path && existsSync(path)) return { path };
  } catch {
    // dpkg missing or package not installed: reported below.
  }
  return {
    missing: 'compose_spec.json not found (apt-get install docker-compose, or set COMPOSE_SPEC=/path/to/it)',
  };
}

export function yamlLanguageServer(specPath: string): ServerUnderTest {
  const pkg = join(repo, 'node_modules', 'yaml-language-server');
  const settings = {
    schemas: { [pathToFileURL(specPath).href]: ['*.yml', '*.yaml'] },
    validate: true,
    // Off so the peer never reaches out to the network for catalogues.
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
    customTags: ['!reset', '!override'],
  };
  return {
    key: 'yls',
    label: 'yaml-language-server',
    options: (rootUri) => ({
      name: 'yaml-language-server',
      command: process.execPath,
      args: [join(pkg, 'bin', 'yaml-language-server'), '--stdio'],
      rootUri,
      settings: (section) => (section === 'yaml' ? settings : section === 'http' ? {} : null),
    }),
    canary: {
      text: 'services:\n  web:\n    image: nginx\n    netwrks: [front]\n',
      expect: (d) => /netwrks/.test(d.message) || /not allowed/i.test(d.message),
      describe: 'a schema diagnostic on the unknown key "netwrks"',
    },
    versioned: false,
    languageId: 'yaml',
    // yaml-language-server's yamlSettings.validationDelayMs: it validates 200 ms after the last change.
    validationDelayMs: 200,
    version: readVersion(join(pkg, 'package.json')),
    note: `--stdio with ${specPath} (validates 200 ms after a change)`,
  };
}

function readVersion(packageJson: string): string {
  try {
    return String((JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown }).version);
  } catch {
    return 'unknown';
  }
}
