// Generates docs/rules/<ID>.md for every rule and loader code, docs/rules/README.md (the index) and
// server/src/docs/rule-docs.generated.json (what `switchyard explain` and SARIF read), from each rule's own
// metadata: its id and title, the comment on its definition (what it checks), its marked fixture (the wrong
// example, and what Switchyard says about it, which quotes Docker's or the apiserver's text), and the right
// example: the file written beside the fixture (`<fixture>.right.yaml`), or else the fixture after its quick
// fixes. test/unit/server/docs/rule-examples.test.ts checks that every page's wrong example yields its rule
// and the right one does not.
//
//   node --import tsx scripts/rule-docs.ts           write the files
//   node --import tsx scripts/rule-docs.ts --check   exit 1 when a file is missing or stale
//
// test/unit/server/docs/rule-docs.test.ts fails when the committed files differ from what this makes.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Severity } from '@switchyard/protocol';
import type { RuleDoc } from '../server/src/docs/rule-docs';
import { knownCodes } from '../server/src/findings/catalog';
import type { CodeInfo } from '../server/src/findings/catalog';
import { exampleFor, fixed, rel, ROOT, runExample, writtenRight } from './rule-docs/examples';
import type { Example } from './rule-docs/examples';
import { index, render } from './rule-docs/render';

const RULES_DIR = join(ROOT, 'server', 'src', 'rules');
const RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

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
  const { wrong: example, right, rightByFix } = ruleExamples(info, source?.path);
  const run = example ? runExample(example, info.id) : undefined;
  // The most severe it reports: an example shows one case (NET012's shows a container the host does not
  // run, a warning; a service the project lacks is an error), so the rule's own source counts too.
  const severity =
    info.severity ??
    strongest([...(run?.findings.map((f) => f.severity) ?? []), ...sourceSeverities(source?.text)]) ??
    'warning';
  const fixes = [...new Set(run?.findings.flatMap((f) => (f.fix ? [f.fix.title] : [])) ?? [])];
  const summary = firstSentence(description);
  const page = render({
    info,
    description,
    severity,
    fixes,
    example,
    run,
    right,
    rightByFix,
    source: source?.path,
  });
  return { id: info.id, title: info.title, summary, description, severity, fixes, page };
}

/**
 * A page's examples: the wrong one (the rule's fixture) and the right one (written beside it, or else the
 * fixture after the rule's quick fixes).
 */
export function ruleExamples(
  info: CodeInfo,
  source: string | undefined = ruleSource(info)?.path,
): { wrong?: Example; right?: Example; rightByFix: boolean } {
  const wrong = exampleFor(info, source);
  if (wrong === undefined) return { rightByFix: false };
  const written = writtenRight(wrong);
  if (written !== undefined) return { wrong, right: written, rightByFix: false };
  const right = fixed(wrong, info.id);
  return right === undefined ? { wrong, rightByFix: false } : { wrong, right, rightByFix: true };
}

function ruleSource(info: CodeInfo): { path: string; text: string } | undefined {
  // Compose rules sit in one folder per group (rules/compose/<group>/), Kubernetes rules in rules/kubernetes/<group>/.
  const dir = join(RULES_DIR, info.kind === 'kubernetes' ? 'kubernetes' : 'compose');
  if (info.kind === 'loader') return undefined;
  const name = readdirSync(dir, { recursive: true, encoding: 'utf8' }).find(
    (n) => basename(n).startsWith(`${info.id}-`) && n.endsWith('.ts'),
  );
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

function sourceSeverities(text: string | undefined): Severity[] {
  return [...(text ?? '').matchAll(/severity:\s*'(error|warning|information|hint)'/g)].map(
    (m) => m[1] as Severity,
  );
}

function strongest(list: Severity[]): Severity | undefined {
  return list.reduce<Severity | undefined>(
    (a, s) => (a === undefined || RANK[s] > RANK[a] ? s : a),
    undefined,
  );
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const m = /^(.+?[.:;])(?:\s|$)/.exec(flat);
  return (m?.[1] ?? flat).replace(/[:;]$/, '.');
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
