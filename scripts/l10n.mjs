// Writes l10n/bundle.l10n.json: every string the extension passes to vscode.l10n.t, keyed by itself, which is
// the bundle translators start from (VS Code reads bundle.l10n.<locale>.json beside it; package.json `l10n`).
// Read with the TypeScript parser, so a string split over lines or with quotes inside is found as written.
// `--check` exits 1 when the bundle is not what the sources say (test/unit/client/manifest/package.test.ts).
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = join(root, 'l10n', 'bundle.l10n.json');

function* sources(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) yield path;
  }
}

/**
 * The messages of `vscode.l10n.t('…', …)` and `vscode.l10n.t({ message: '…', … })` calls in a file, and of calls
 * through a parameter typed `Translate` (pure modules such as tree/service-rows.ts take `vscode.l10n.t` as one).
 */
function messagesIn(path) {
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found = [];
  const callees = new Set(['vscode.l10n.t']);
  const params = (node) => {
    if (ts.isParameter(node) && node.type?.getText(file) === 'Translate')
      callees.add(node.name.getText(file));
    ts.forEachChild(node, params);
  };
  params(file);
  const visit = (node) => {
    if (ts.isCallExpression(node) && callees.has(node.expression.getText(file).replace(/\s/g, ''))) {
      const [first] = node.arguments;
      if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)))
        found.push(first.text);
      else if (first && ts.isObjectLiteralExpression(first)) {
        const message = first.properties.find((p) => p.name?.getText(file) === 'message');
        if (message && ts.isPropertyAssignment(message) && ts.isStringLiteralLike(message.initializer))
          found.push(message.initializer.text);
      } else
        throw new Error(
          `${path}: ${node.expression.getText(file)} needs a literal message (${node.getText(file).slice(0, 60)})`,
        );
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

export function bundleText() {
  const messages = new Set();
  for (const path of sources(join(root, 'client', 'src'))) for (const m of messagesIn(path)) messages.add(m);
  const sorted = [...messages].sort();
  return `${JSON.stringify(Object.fromEntries(sorted.map((m) => [m, m])), null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = bundleText();
  if (process.argv.includes('--check')) {
    if (!existsSync(BUNDLE) || readFileSync(BUNDLE, 'utf8') !== text) {
      process.stderr.write(
        'l10n/bundle.l10n.json is out of date with the sources: run `node scripts/l10n.mjs`\n',
      );
      process.exit(1);
    }
  } else {
    mkdirSync(dirname(BUNDLE), { recursive: true });
    writeFileSync(BUNDLE, text);
  }
}
