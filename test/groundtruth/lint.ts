// Runs the built CLI the way a user does: `node dist/cli.js lint --format json FILE` (issue 2 §6), and checks
// its output against the documented contract before anything else looks at it.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { run } from '../support/proc';

export const repoRoot = join(__dirname, '..', '..');
export const cliPath = join(repoRoot, 'dist', 'cli.js');

const Position = z.object({ line: z.number().int().min(0), character: z.number().int().min(0) });
export const LintFindingSchema = z.object({
  file: z.string(),
  range: z.object({ start: Position, end: Position }),
  severity: z.enum(['error', 'warning', 'information', 'hint']),
  code: z.string(),
  message: z.string().min(1),
});
export type LintFinding = z.infer<typeof LintFindingSchema>;

export interface LintRun {
  exitCode: number;
  findings: LintFinding[];
}

export function cliMissingReason(): string | undefined {
  if (existsSync(cliPath)) return undefined;
  return `${cliPath} does not exist: the lint CLI (server/src/cli.ts) is not built. Run \`npm run build\`; if that does not produce dist/cli.js, server/src/cli.ts is missing`;
}

export async function lint(files: string[]): Promise<LintRun> {
  const missing = cliMissingReason();
  if (missing) throw new Error(missing);
  const res = await run([process.execPath, cliPath, 'lint', '--format', 'json', ...files], {
    cwd: repoRoot,
    timeoutMs: 60_000,
  });
  const where = `switchyard lint --format json ${files.join(' ')}`;
  if (res.code !== 0 && res.code !== 1) {
    throw new Error(
      `${where} exited ${res.code} (2 = cannot run): ${res.stderr.trim() || res.stdout.trim()}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(res.stdout);
  } catch {
    throw new Error(
      `${where} printed no JSON on stdout: ${res.stdout.slice(0, 300)} ${res.stderr.slice(0, 300)}`,
    );
  }
  const parsed = z.array(LintFindingSchema).safeParse(json);
  if (!parsed.success) throw new Error(`${where} printed JSON outside the contract: ${parsed.error.message}`);
  return { exitCode: res.code, findings: parsed.data };
}

/** One line per finding, 1-based lines, for assertion messages. */
export function describeFindings(findings: LintFinding[]): string {
  if (findings.length === 0) return '(no findings)';
  return findings
    .map(
      (f) =>
        `  ${f.severity} ${f.code} ${basename(f.file)}:${f.range.start.line + 1}: ${f.message.split('\n')[0]}`,
    )
    .join('\n');
}
