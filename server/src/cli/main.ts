import { dirname, resolve } from 'node:path';
import type { HostSnapshot } from '@switchyard/protocol';
import { analyzeSafely } from '../lsp/safe-analyze';
import { discoverProjectFiles, loadProject } from '../compose/loader';
import type { ComposeProject } from '../compose/project';
import { allRules } from '../rules';
import { parseArgs, USAGE } from './args';
import type { LintArgs } from './args';
import { dockerSnapshot } from './docker-snapshot';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { CliReader, InputError } from './input';
import { displayPath, toProblems } from './problems';
import type { Problem } from './problems';
import { isKubernetesArg, lintKubernetes, STDIN_PATH } from './kubernetes';
import { kubernetesRules } from '../rules/kubernetes';
import { positionAt } from '../lsp/positions';

export const VERSION = '0.1.0';

/** What the CLI touches of the outside world, so tests run it in-process. */
export interface CliIO {
  stdout(s: string): void;
  stderr(s: string): void;
  isTTY: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Builds the host snapshot for --docker-host (tests pass a fake). */
  snapshot?: (url: string) => Promise<HostSnapshot>;
  /** Reads all of stdin, for `switchyard lint -` (tests pass the text). */
  readStdin?: () => Promise<string>;
}

/** Runs `switchyard ...`; resolves to the exit status: 0 clean, 1 errors found, 2 could not run. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.kind === 'help') return (io.stdout(`${USAGE}\n`), 0);
  if (parsed.kind === 'version') return (io.stdout(`switchyard ${VERSION}\n`), 0);
  if (parsed.kind === 'error') return (io.stderr(`switchyard: ${parsed.message}\n`), 2);
  try {
    return await lint(parsed.args, io);
  } catch (err) {
    if (err instanceof InputError) return (io.stderr(`switchyard: ${err.message}\n`), 2);
    // Our bug, not the user's: still one line; the stack only when asked for.
    const detail = io.env['SWITCHYARD_DEBUG'] && err instanceof Error ? `\n${err.stack ?? ''}` : '';
    io.stderr(`switchyard: internal error: ${err instanceof Error ? err.message : String(err)}${detail}\n`);
    return 2;
  }
}

async function lint(args: LintArgs, io: CliIO): Promise<number> {
  const reader = new CliReader();
  const named = args.files.map((f) => (f === '-' ? STDIN_PATH : resolve(io.cwd, f)));
  // Each input goes to the tool that would read it, by content: never a manifest checked as compose.
  const kube = named.filter((f) => isKubernetesArg(f, reader));
  const composeFiles = named.filter((f) => !kube.includes(f));
  const kubeMode = kube.length > 0 || args.kustomize.length > 0;
  const problems: Problem[] = [];
  const texts: ((p: string) => string | undefined)[] = [];
  const failed = new Map<string, string[]>();
  const noteFailed = (more: Map<string, string[]>): void => {
    for (const [why, rules] of more) failed.set(why, [...(failed.get(why) ?? []), ...rules]);
  };
  if (!kubeMode || composeFiles.length > 0) {
    const files = composeFiles.length > 0 ? composeFiles : discover(io.cwd, reader);
    const r = await lintCompose(files, args, io, reader);
    problems.push(...r.problems);
    texts.push((p) => r.project.sources.get(p)?.text);
    noteFailed(r.failed);
  }
  if (kubeMode) {
    const stdin = kube.includes(STDIN_PATH) ? await (io.readStdin ?? noStdin)() : undefined;
    const k = lintKubernetes(kube, args, reader, io.cwd, io.env, stdin);
    problems.push(...toProblems(k.project, k.findings, io.cwd));
    texts.push((p) => k.project.sources.get(p)?.text);
    noteFailed(k.failed);
  }
  const textOf = (p: string): string | undefined => texts.map((t) => t(p)).find((t) => t !== undefined);
  if (args.format === 'json') io.stdout(formatJson(problems));
  else if (args.format === 'sarif')
    io.stdout(formatSarif(problems, [...allRules, ...kubernetesRules], VERSION));
  else io.stdout(formatText(problems, textOf, args.color ?? io.isTTY));
  // A rule that throws is our bug; the output above is incomplete, so say so and exit 2.
  for (const [why, rules] of failed) {
    io.stderr(`switchyard: internal error in rule ${rules.join(', ')} (skipped; please report): ${why}\n`);
  }
  if (failed.size > 0) return 2;
  return problems.some((p) => p.severity === 'error') ? 1 : 0;
}

const noStdin = (): Promise<string> => Promise.resolve('');

async function lintCompose(
  files: string[],
  args: LintArgs,
  io: CliIO,
  reader: CliReader,
): Promise<{ project: ComposeProject; problems: Problem[]; failed: Map<string, string[]> }> {
  for (const f of files) reader.require(f, displayPath(f, io.cwd));
  const profiles = [
    ...args.profiles,
    ...(io.env['COMPOSE_PROFILES'] ?? '').split(',').filter((p) => p !== ''),
  ];
  const project = loadProject({
    files,
    reader,
    env: io.env,
    profiles,
    projectDirectory: dirname(files[0] ?? io.cwd),
  });
  for (const f of files) refuseNonCompose(project, f, io.cwd);
  const host = args.dockerHost ? await (io.snapshot ?? dockerSnapshot)(args.dockerHost) : null;
  const failed = new Map<string, string[]>();
  const findings = analyzeSafely(project, host, (rule, err) => {
    const why = err instanceof Error ? err.message : String(err);
    failed.set(why, [...(failed.get(why) ?? []), rule]);
  });
  return { project, problems: toProblems(project, findings, io.cwd), failed };
}

function discover(cwd: string, reader: CliReader): string[] {
  const found = discoverProjectFiles(cwd, (p) => reader.read(p) !== undefined);
  if (found.length === 0) {
    throw new InputError(
      `no compose file in ${cwd} or its parents (compose.yaml, docker-compose.yml, …); name the files to check`,
    );
  }
  return found;
}

/** A file that is not a YAML mapping at all is not a compose file: say so once instead of listing noise. */
function refuseNonCompose(project: ComposeProject, file: string, cwd: string): void {
  const src = project.sources.get(file);
  if (src === undefined || src.root !== null) return;
  const shown = displayPath(file, cwd);
  const yamlErrors = project.findings.filter((f) => f.at.file === file && f.code === 'YAML');
  const syntax = yamlErrors.find((f) => !f.message.startsWith('Top-level object'));
  if (syntax !== undefined) {
    const line = positionAt(src.lineStarts, syntax.at.start).line + 1;
    throw new InputError(`${shown}:${line}: not valid YAML: ${syntax.message}`);
  }
  if (yamlErrors.length === 0) throw new InputError(`${shown}: empty compose file`);
  throw new InputError(`${shown}: not a compose file: Top-level object must be a mapping`);
}
