import { dirname, resolve } from 'node:path';
import type { Finding } from '@switchyard/core';
import { analyzeSafely } from '../safe-analyze';
import { allRules } from '../rules/registry';
import { discoverProjectFiles, loadProject } from '../compose/loader';
import type { ComposeProject } from '../compose/project';
import { parseArgs, USAGE } from './args';
import type { LintArgs } from './args';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { CliReader, InputError, MAX_FILE_BYTES } from './input';
import { displayPath, toProblems } from './problems';
import type { Problem } from './problems';
import type * as DockerSnapshotModule from './docker-snapshot';
import { isKubernetesArg, lintKubernetes, STDIN_PATH } from './kubernetes';
import { positionAt } from '../yaml/positions';
import type { Span } from '../yaml/tree';
import { applyLayer } from '../findings/layer';
import { findProjectFile, withProjectFile } from '../findings/project-file';
import { classifyManifest } from '../kubernetes/classify';
import { explain } from './explain';
import { composeFixOf, replaceFixOf } from './fixes';
import { sarifRules } from './format-sarif';
import { formatCodeClimate } from './format-codeclimate';
import { formatGithub } from './format-github';
import { formatJunit } from './format-junit';
import type { CliIO } from './cli-io';

export const VERSION = '0.1.0';

/** Runs `switchyard ...`; resolves to the exit status: 0 clean, 1 errors found, 2 could not run. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.kind === 'help') return (io.stdout(`${USAGE}\n`), 0);
  if (parsed.kind === 'version') return (io.stdout(`switchyard ${VERSION}\n`), 0);
  if (parsed.kind === 'error') return (io.stderr(`switchyard: ${parsed.message}\n`), 2);
  if (parsed.kind === 'explain') return explain(parsed.rule, io);
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
  const stdin = args.files.includes('-') ? await readStdin(io) : undefined;
  // `-` holding a compose file is read as a file named <stdin> in the working directory (its includes and
  // .env resolve from there); manifests go to the Kubernetes side as before.
  const composeStdin = stdin !== undefined && classifyManifest(STDIN_PATH, stdin) === 'compose';
  const stdinPath = composeStdin ? resolve(io.cwd, STDIN_PATH) : STDIN_PATH;
  if (composeStdin) reader.provide(stdinPath, stdin);
  const named = args.files.map((f) => (f === '-' ? stdinPath : resolve(io.cwd, f)));
  // Each input goes to the tool that would read it, by content: never a manifest checked as compose.
  const kube = named.filter((f) => isKubernetesArg(f, reader));
  const composeFiles = named.filter((f) => !kube.includes(f));
  const kubeMode = kube.length > 0 || args.kustomize.length > 0;
  const problems: Problem[] = [];
  const checked: string[] = [];
  const texts: ((p: string) => string | undefined)[] = [];
  const failed = new Map<string, string[]>();
  const noteFailed = (more: Map<string, string[]>): void => {
    for (const [why, rules] of more) failed.set(why, [...(failed.get(why) ?? []), ...rules]);
  };
  if (!kubeMode || composeFiles.length > 0) {
    const files = composeFiles.length > 0 ? composeFiles : discover(io.cwd, reader);
    const r = await lintCompose(files, args, io, reader);
    problems.push(...r.problems);
    texts.push((p) => r.sources.get(p)?.text);
    checked.push(...r.sources.keys());
    noteFailed(r.failed);
  }
  if (kubeMode) {
    const k = lintKubernetes(
      kube,
      args,
      reader,
      io.cwd,
      io.env,
      kube.includes(STDIN_PATH) ? stdin : undefined,
    );
    const first = kube.find((p) => p !== STDIN_PATH) ?? resolve(io.cwd, STDIN_PATH);
    const pf = findProjectFile(first, (p) => reader.read(p));
    const sources = withProjectFile(k.project.sources, pf);
    const layered = applyLayer(k.findings, sources, [...(pf?.settings ?? []), ...args.rules], pf?.problems);
    problems.push(...toProblems({ sources }, layered, io.cwd, replaceFixOf(sources)));
    texts.push((p) => sources.get(p)?.text);
    checked.push(...k.project.sources.keys());
    noteFailed(k.failed);
  }
  const textOf = (p: string): string | undefined => texts.map((t) => t(p)).find((t) => t !== undefined);
  io.stdout(
    format(
      args,
      onceEach(problems),
      textOf,
      [...new Set(checked)].map((p) => displayPath(p, io.cwd)),
      io,
    ),
  );
  // A rule that throws is our bug; the output above is incomplete, so say so and exit 2.
  for (const [why, rules] of failed) {
    io.stderr(`switchyard: internal error in rule ${rules.join(', ')} (skipped; please report): ${why}\n`);
  }
  if (failed.size > 0) return 2;
  return problems.some((p) => p.severity === 'error') ? 1 : 0;
}

function format(
  args: LintArgs,
  problems: Problem[],
  textOf: (p: string) => string | undefined,
  checked: string[],
  io: CliIO,
): string {
  switch (args.format) {
    case 'json':
      return formatJson(problems);
    case 'sarif':
      return formatSarif(problems, sarifRules(), VERSION);
    case 'github':
      return formatGithub(problems);
    case 'codeclimate':
      return formatCodeClimate(problems, (p) => (textOf(p.path) ?? '').split('\n')[p.range.start.line] ?? '');
    case 'junit':
      return formatJunit(problems, checked);
    case 'text':
      return formatText(problems, textOf, args.color ?? io.isTTY);
  }
}

/**
 * Compose files and manifests checked together share one `.switchyard.yaml`: its problems are found by both
 * sides and shown once.
 */
function onceEach(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    if (p.code !== 'CONFIG') return true;
    const key = `${p.path}:${p.range.start.line}:${p.range.start.character}:${p.message}`;
    return !seen.has(key) && (seen.add(key), true);
  });
}

/** `-`: all of stdin, refused when nothing is piped (a terminal) or when it is empty. */
async function readStdin(io: CliIO): Promise<string> {
  if (io.stdinIsTTY === true || io.readStdin === undefined) {
    throw new InputError(
      '`-` reads stdin, but nothing is piped to it; pipe a file (`switchyard lint - < compose.yaml`) or name it',
    );
  }
  const text = (await io.readStdin()).replace(/^\uFEFF/, '');
  if (text.trim() === '')
    throw new InputError(`${STDIN_PATH}: empty input; pipe a compose file or manifests`);
  if (text.length > MAX_FILE_BYTES) {
    throw new InputError(
      `${STDIN_PATH}: more than ${MAX_FILE_BYTES / 1024 / 1024} MB is not a compose file or a set of manifests`,
    );
  }
  return text;
}

async function lintCompose(
  files: string[],
  args: LintArgs,
  io: CliIO,
  reader: CliReader,
): Promise<{
  sources: Map<string, { text: string; lineStarts: number[] }>;
  problems: Problem[];
  failed: Map<string, string[]>;
}> {
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
  // What reading ~/.ssh/config left out (a `Match exec` never run) is said on stderr, not silently skipped.
  const warn = (line: string) => io.stderr(`switchyard: ${line}\n`);
  const host = args.dockerHost
    ? await (
        io.snapshot ?? (async (u: string) => (await loadDockerSnapshot()).dockerSnapshot(u, undefined, warn))
      )(args.dockerHost)
    : null;
  const failed = new Map<string, string[]>();
  // One analysis and the process ends: nothing is kept for a next one (AnalyzeOptions.oneShot).
  const findings = analyzeSafely(
    project,
    host,
    (rule, err) => {
      const why = err instanceof Error ? err.message : String(err);
      failed.set(why, [...(failed.get(why) ?? []), rule]);
    },
    allRules,
    { oneShot: true },
  );
  const pf = findProjectFile(files[0] ?? resolve(io.cwd, STDIN_PATH), (p) => reader.read(p));
  const sources = withProjectFile(project.sources, pf);
  const layered: Finding<Span>[] = applyLayer(
    findings,
    sources,
    [...(pf?.settings ?? []), ...args.rules],
    pf?.problems,
  );
  return { sources, problems: toProblems({ sources }, layered, io.cwd, composeFixOf(project)), failed };
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

/**
 * The Docker client (dockerode, ssh2, and through them grpc-js and protobufjs: about half of the bundle) is
 * loaded only for `--docker-host`: evaluated at every start it cost each `lint` about 0.1 s of CPU and 10 MB
 * (bench/README.md, cli).
 */
function loadDockerSnapshot(): Promise<typeof DockerSnapshotModule> {
  return import('./docker-snapshot');
}
