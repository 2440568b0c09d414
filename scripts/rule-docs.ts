// Generates docs/rules/<ID>.md for every rule and loader code, docs/rules/README.md (the index) and
// server/src/docs/rule-docs.generated.json (what `switchyard explain` and SARIF read), from each rule's own
// metadata: its id and title, the comment on its definition (what it checks), its marked fixture (the wrong
// example, and what Switchyard says about it, which quotes Docker's or the apiserver's text), and its quick
// fixes applied to that fixture (the right example).
//
//   node --import tsx scripts/rule-docs.ts           write the files
//   node --import tsx scripts/rule-docs.ts --check   exit 1 when a file is missing or stale
//
// test/unit/docs/rule-docs.test.ts fails when the committed files differ from what this makes.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Finding } from '@switchyard/core';
import type { Severity } from '@switchyard/protocol';
import { analyze } from '../server/src/analyze';
import { loadProject } from '../server/src/compose/loader';
import type { Span } from '../server/src/compose/tree';
import { composeFixOf, replaceFixOf } from '../server/src/cli/fixes';
import type { ProblemFix } from '../server/src/cli/problems';
import { knownCodes, LOADER_CODES } from '../server/src/findings/catalog';
import type { CodeInfo } from '../server/src/findings/catalog';
import { ManifestFiles } from '../server/src/kubernetes/files';
import { loadKubernetesProject } from '../server/src/kubernetes/loader';
import { positionAt } from '../server/src/lsp/positions';
import { analyzeKubernetes } from '../server/src/rules/kubernetes/analyze';
import { RULE_DOCS_URL } from '../server/src/docs/links';
import type { RuleDoc } from '../server/src/docs/rule-docs';

const ROOT = join(__dirname, '..');
const RULES_DIR = join(ROOT, 'server', 'src', 'rules');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'rules');
/** Examples are loaded from this folder (no real path, so no machine's path shows in a message). */
const EXAMPLE_DIR = '/example';
const MARKER = /^\s*#\s*\^+\s+[A-Z][A-Z0-9]*(?:\s+(?:error|warning|information|hint))?\s*$/;
const RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };
/** A page shows at most this many of what Switchyard says on the example. */
const MAX_MESSAGES = 6;

interface Example {
  /** File name -> text, marker lines removed. */
  files: Map<string, string>;
  /** The fixture, relative to the repository. */
  from: string;
  kind: 'compose' | 'kubernetes';
}

/** The generated files: repository-relative path -> content. */
export function generateRuleDocs(): Map<string, string> {
  const out = new Map<string, string>();
  const docs: Record<string, RuleDoc> = {};
  for (const info of knownCodes().values()) {
    const doc = ruleDoc(info);
    docs[info.id] = doc;
    out.set(`docs/rules/${info.id}.md`, doc.page);
  }
  out.set('docs/rules/README.md', index(Object.values(docs)));
  out.set('server/src/docs/rule-docs.generated.json', `${JSON.stringify(docs, null, 2)}\n`);
  return out;
}

function ruleDoc(info: CodeInfo): RuleDoc {
  const source = ruleSource(info);
  const description =
    info.description ?? (source ? docComment(source.text, info.id) : undefined) ?? info.title;
  const example = exampleFor(info, source?.path);
  const run = example ? runExample(example, info.id) : undefined;
  const severity =
    strongest(run?.findings.map((f) => f.severity) ?? []) ??
    info.severity ??
    sourceSeverity(source?.text) ??
    'warning';
  const fixes = [...new Set(run?.findings.flatMap((f) => (f.fix ? [f.fix.title] : [])) ?? [])];
  const right = example && fixes.length > 0 ? fixed(example, info.id) : undefined;
  const summary = firstSentence(description);
  const page = render({ info, description, severity, fixes, example, run, right, source: source?.path });
  return { id: info.id, title: info.title, summary, description, severity, fixes, page };
}

function ruleSource(info: CodeInfo): { path: string; text: string } | undefined {
  const dir = info.kind === 'kubernetes' ? join(RULES_DIR, 'kubernetes') : RULES_DIR;
  if (info.kind === 'loader') return undefined;
  const name = readdirSync(dir).find((n) => n.startsWith(`${info.id}-`) && n.endsWith('.ts'));
  if (name === undefined) return undefined;
  const path = join(dir, name);
  return { path: rel(path), text: readFileSync(path, 'utf8') };
}

/** The `/** … *\/` comment right above `export const ID`. */
function docComment(text: string, id: string): string | undefined {
  const at = text.search(new RegExp(`^export const ${id}\\b`, 'm'));
  if (at < 0) return undefined;
  const before = text.slice(0, at).trimEnd();
  if (!before.endsWith('*/')) return undefined;
  const start = before.lastIndexOf('/**');
  if (start < 0) return undefined;
  const lines = before
    .slice(start + 3, -2)
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, '').trimEnd());
  // Paragraphs stay paragraphs; indented lines (code in a comment) stay as they are.
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const l of lines) {
    if (l.trim() === '') {
      if (current.length > 0) paragraphs.push(current.join(' '));
      current = [];
    } else if (/^ {2,}/.test(l)) {
      if (current.length > 0) paragraphs.push(current.join(' '));
      current = [];
      paragraphs.push(`    ${l.trim()}`);
    } else current.push(l.trim());
  }
  if (current.length > 0) paragraphs.push(current.join(' '));
  const text2 = paragraphs
    .join('\n\n')
    .replace(/\n\n(?= {4})/g, '\n')
    .replace(/(^|\n) {4}(.*)\n\n(?! {4})/g, '$1    $2\n\n');
  return text2.trim() || undefined;
}

function sourceSeverity(text: string | undefined): Severity | undefined {
  const found = [...(text ?? '').matchAll(/severity:\s*'(error|warning|information|hint)'/g)].map(
    (m) => m[1] as Severity,
  );
  return strongest(found);
}

function strongest(list: Severity[]): Severity | undefined {
  return list.reduce<Severity | undefined>(
    (a, s) => (a === undefined || RANK[s] > RANK[a] ? s : a),
    undefined,
  );
}

function exampleFor(info: CodeInfo, source: string | undefined): Example | undefined {
  const dir = info.kind === 'kubernetes' ? join(FIXTURES, 'kubernetes') : FIXTURES;
  if (info.kind === 'loader' || !existsSync(dir)) return undefined;
  // The fixture named like the rule's file first (NET109-host-port-conflict.yaml before NET109-extends.yaml),
  // then one that marks a finding of the rule, then single files before folders.
  const own = source === undefined ? undefined : basename(source).replace(/\.ts$/, '.yaml');
  const names = readdirSync(dir)
    .filter((n) => n.startsWith(`${info.id}-`))
    .sort(
      (a, b) =>
        Number(b === own) - Number(a === own) ||
        Number(marks(join(dir, b), info.id)) - Number(marks(join(dir, a), info.id)) ||
        Number(isDir(join(dir, a))) - Number(isDir(join(dir, b))) ||
        a.localeCompare(b),
    );
  for (const name of names) {
    const path = join(dir, name);
    const files = new Map<string, string>();
    if (isDir(path)) {
      for (const f of readdirSync(path).sort()) {
        if (/\.ya?ml$/.test(f) || f === '.env') files.set(f, clean(readFileSync(join(path, f), 'utf8')));
      }
    } else if (/\.ya?ml$/.test(name)) {
      files.set(
        info.kind === 'kubernetes' ? 'manifests.yaml' : 'compose.yaml',
        clean(readFileSync(path, 'utf8')),
      );
    }
    if (files.size > 0)
      return { files, from: rel(path), kind: info.kind === 'kubernetes' ? 'kubernetes' : 'compose' };
  }
  return undefined;
}

const isDir = (p: string): boolean => statSync(p).isDirectory();
/** Whether a fixture file (or a file in a fixture folder) marks a finding of `id`. */
const marks = (p: string, id: string): boolean =>
  (isDir(p) ? readdirSync(p).map((n) => join(p, n)) : [p]).some(
    (f) => !isDir(f) && new RegExp(`#\\s*\\^+\\s+${id}\\b`).test(readFileSync(f, 'utf8')),
  );
const rel = (p: string): string =>
  p
    .slice(ROOT.length + 1)
    .split('\\')
    .join('/');
const clean = (text: string): string =>
  text
    .split('\n')
    .filter((l) => !MARKER.test(l))
    .join('\n')
    .replace(/\n+$/, '\n');

interface Run {
  findings: Finding<Span>[];
  sources: ReadonlyMap<string, { lineStarts: number[] }>;
  /** Where a finding is, as `file:line`. */
  where(f: Finding<Span>): string;
}

/** Compose files in compose order: base files, then overrides. */
function composeFiles(ex: Example): string[] {
  const names = [...ex.files.keys()].filter((n) => /\.ya?ml$/.test(n));
  const main = names.filter((n) => /^(docker-)?compose\.ya?ml$/.test(n));
  const overrides = names.filter((n) => /override\.ya?ml$/.test(n));
  const chosen = main.length > 0 ? [...main, ...overrides] : names;
  return chosen.map((n) => `${EXAMPLE_DIR}/${n}`);
}

function runExample(ex: Example, id: string): Run {
  const read = (p: string): string | undefined =>
    p.startsWith(`${EXAMPLE_DIR}/`) ? ex.files.get(p.slice(EXAMPLE_DIR.length + 1)) : undefined;
  if (ex.kind === 'kubernetes') {
    const project = loadKubernetesProject({
      paths: [EXAMPLE_DIR],
      recursive: true,
      files: new ManifestFiles({
        read,
        list: (p) => (p === EXAMPLE_DIR ? [...ex.files.keys()] : undefined),
      }),
    });
    const findings = analyzeKubernetes(project).filter((f) => f.code === id);
    return { findings, sources: project.sources, where: (f) => whereIn(project.sources, f) };
  }
  const project = loadProject({
    files: composeFiles(ex),
    reader: { read },
    env: {},
    projectDirectory: EXAMPLE_DIR,
  });
  const findings = analyze(project, null).filter((f) => f.code === id);
  return { findings, sources: project.sources, where: (f) => whereIn(project.sources, f) };
}

function whereIn(sources: ReadonlyMap<string, { lineStarts: number[] }>, f: Finding<Span>): string {
  const line = positionAt(sources.get(f.at.file)?.lineStarts ?? [0], f.at.start).line + 1;
  return `${basename(f.at.file)}:${line}`;
}

/** The example after each quick fix for `id` is applied, one at a time, as a user would; undefined when some finding stays. */
function fixed(ex: Example, id: string): Example | undefined {
  let current = ex;
  for (let i = 0; i < 20; i++) {
    const edits = nextFix(current, id);
    if (edits === undefined) break;
    const files = new Map(current.files);
    for (const [path, list] of edits) {
      const name = path.slice(EXAMPLE_DIR.length + 1);
      let text = files.get(name) ?? '';
      for (const e of [...list].sort((a, b) => b.start - a.start))
        text = text.slice(0, e.start) + e.text + text.slice(e.end);
      files.set(name, text);
    }
    current = { ...current, files };
  }
  return runExample(current, id).findings.length === 0 && current !== ex ? current : undefined;
}

type Edits = Map<string, { start: number; end: number; text: string }[]>;

function nextFix(ex: Example, id: string): Edits | undefined {
  const read = (p: string): string | undefined =>
    p.startsWith(`${EXAMPLE_DIR}/`) ? ex.files.get(p.slice(EXAMPLE_DIR.length + 1)) : undefined;
  let sources: ReadonlyMap<string, { lineStarts: number[] }>;
  let findings: Finding<Span>[];
  let fixOf: (f: Finding<Span>) => ProblemFix | undefined;
  if (ex.kind === 'kubernetes') {
    const run = runExample(ex, id);
    ({ sources, findings } = run);
    fixOf = replaceFixOf(sources);
  } else {
    const project = loadProject({
      files: composeFiles(ex),
      reader: { read },
      env: {},
      projectDirectory: EXAMPLE_DIR,
    });
    sources = project.sources;
    findings = analyze(project, null);
    fixOf = composeFixOf(project);
  }
  for (const f of findings) {
    if (f.code !== id) continue;
    const fix = fixOf(f);
    if (fix === undefined) continue;
    const out: Edits = new Map();
    for (const e of fix.edits) {
      const starts = sources.get(e.file)?.lineStarts ?? [0];
      const at = (p: { line: number; character: number }): number => (starts[p.line] ?? 0) + p.character;
      out.set(e.file, [
        ...(out.get(e.file) ?? []),
        { start: at(e.range.start), end: at(e.range.end), text: e.text },
      ]);
    }
    return out;
  }
  return undefined;
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const m = /^(.+?[.:;])(?:\s|$)/.exec(flat);
  return (m?.[1] ?? flat).replace(/[:;]$/, '.');
}

const KIND: Record<CodeInfo['kind'], string> = {
  compose: 'Docker Compose files',
  kubernetes: 'Kubernetes manifests',
  loader: 'Compose files and Kubernetes manifests, while they are read',
};

function render(p: {
  info: CodeInfo;
  description: string;
  severity: Severity;
  fixes: string[];
  example: Example | undefined;
  run: Run | undefined;
  right: Example | undefined;
  source: string | undefined;
}): string {
  const { info } = p;
  const from = [
    p.source ? `its definition (\`${p.source}\`)` : undefined,
    p.example ? `its fixture (\`${p.example.from}\`)` : undefined,
  ]
    .filter((x) => x !== undefined)
    .join(' and ');
  const out: string[] = [
    `# ${info.id}: ${info.title}`,
    '',
    `<!-- Generated by \`node --import tsx scripts/rule-docs.ts\`${from ? ` from ${from}` : ''}; do not edit. -->`,
    '',
    `**Default severity:** ${p.severity} · **Checks:** ${KIND[info.kind]} · **Quick fix:** ${p.fixes.length > 0 ? p.fixes.map((f) => `“${f}”`).join(', ') : 'none'}`,
    '',
    '## What it checks',
    '',
    p.description,
    '',
  ];
  if (p.example && p.run) {
    const seen = new Set<string>();
    const said = p.run.findings
      .filter((f) => !seen.has(f.message) && seen.add(f.message))
      .slice(0, MAX_MESSAGES);
    out.push('## Wrong', '', `From the rule's fixture (\`${p.example.from}\`):`, '', ...block(p.example), '');
    if (said.length > 0) {
      out.push(
        '## What Switchyard says',
        '',
        "The message quotes Docker's (or the apiserver's) own text where there is one, and says what to do.",
        '',
        ...said.map((f) => `- \`${p.run?.where(f)}\` ${f.severity}: ${f.message.replace(/\n/g, ' ')}`),
        '',
      );
    }
  }
  out.push('## Right', '');
  if (p.right) out.push('After the quick fix:', '', ...block(p.right), '');
  else if (p.fixes.length > 0)
    out.push(
      `The quick fix (${p.fixes.map((f) => `“${f}”`).join(', ')}) edits the file; see the message.`,
      '',
    );
  else out.push('There is no automatic fix: change the file as the message says.', '');
  out.push(
    '## Turn it off or change its severity',
    '',
    `- For a project, in \`.switchyard.yaml\` beside the compose file (the editor and \`switchyard lint\` read it): \`rules: { ${info.id}: off }\` (or \`hint\`, \`information\`, \`warning\`, \`error\`).`,
    `- In VS Code: \`"switchyard.rules": [{ "rule": "${info.id}", "severity": "off" }]\`.`,
    `- On the command line: \`switchyard lint --rule ${info.id}=off\`.`,
    `- For one finding: \`# switchyard-ignore ${info.id}: why\` at the end of its line or on the line above (the editor's quick fix writes it).`,
    '',
    `\`switchyard explain ${info.id}\` prints this page.`,
    '',
  );
  return out.join('\n');
}

function block(ex: Example): string[] {
  const out: string[] = [];
  const many = ex.files.size > 1;
  for (const [name, text] of ex.files) {
    if (many) out.push(`\`${name}\`:`, '');
    out.push(name === '.env' ? '```sh' : '```yaml', text.replace(/\n$/, ''), '```', '');
  }
  return out.slice(0, -1);
}

function index(docs: RuleDoc[]): string {
  const rows = docs.map(
    (d) => `| [${d.id}](${d.id}.md) | ${d.severity} | ${d.title.replace(/\|/g, '\\|')} |`,
  );
  return [
    '# Rules',
    '',
    '<!-- Generated by `node --import tsx scripts/rule-docs.ts`; do not edit. -->',
    '',
    `One page per rule, generated from the rule's own definition and fixture. Diagnostics link to these pages (\`${RULE_DOCS_URL}<ID>.md\`), SARIF output names them as \`helpUri\`, and \`switchyard explain ID\` prints them.`,
    '',
    '| rule | default severity | what |',
    '| --- | --- | --- |',
    ...rows,
    '',
    `Loader codes (${LOADER_CODES.map((c) => c.id).join(', ')}) are reported while files are read, before any rule runs; they are configured like rules.`,
    '',
  ].join('\n');
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [path, content] of generateRuleDocs()) {
    const abs = join(ROOT, path);
    const now = existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
    if (now === content) continue;
    stale++;
    if (check) console.error(`stale: ${path}`);
    else {
      mkdirSync(join(abs, '..'), { recursive: true });
      writeFileSync(abs, content);
    }
  }
  if (check && stale > 0) {
    console.error(`${stale} file(s) differ; run: node --import tsx scripts/rule-docs.ts`);
    process.exitCode = 1;
  } else console.log(check ? 'rule docs are up to date' : `wrote ${stale} file(s)`);
}
