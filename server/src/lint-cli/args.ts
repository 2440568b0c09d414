import { UsageError, parseFlags } from '@switchyard/core';
import type { FlagSpec, ParsedFlags } from '@switchyard/core';
import type { RuleSetting } from '../findings/levels';
import { LEVEL_WORDS, parseLevel, unknownRule } from '../findings/levels';

export const FORMATS = ['text', 'json', 'sarif', 'github', 'codeclimate', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

/** `switchyard lint [--format F] [--rule ID=LEVEL]... [--docker-host URL] [--profile P]... [FILE...]` */
export interface LintArgs {
  format: Format;
  /** `--rule NET101=off`, in the order given: over `.switchyard.yaml`, the last one that matches wins. */
  rules: RuleSetting[];
  dockerHost?: string;
  profiles: string[];
  files: string[];
  color?: boolean;
  /** Kubernetes: descend into sub-folders of the folders named (`kubectl apply -f DIR -R`). */
  recursive: boolean;
  /** Kubernetes: kustomization folders (`kubectl apply -k DIR`). */
  kustomize: string[];
  /** Kubernetes: a kubeadm ClusterConfiguration, kind Cluster or k3s config.yaml. */
  clusterConfig?: string;
}

export type Parsed =
  | { kind: 'lint'; args: LintArgs }
  | { kind: 'explain'; rule?: string }
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'error'; message: string };

export const USAGE = `usage: switchyard lint [--format FORMAT] [--rule ID=LEVEL]... [--docker-host URL] [--profile NAME]... [FILE|-]...
       switchyard lint [-R] [-k DIR]... [--cluster-config FILE] [MANIFEST|DIR|-]...
       switchyard explain [RULE]      print a rule's page (docs/rules/RULE.md); without RULE, list the rules

Checks the networks, subnets, addresses and ports of a compose project. The FILEs form one project, as
\`docker compose -f A -f B\` would load them; without FILEs, compose.yaml (and its override) in the current
directory or the nearest parent.

Kubernetes manifests are recognised by their content (apiVersion and kind): the manifests, folders and
stdin (-) named form one project, as \`kubectl apply -f\` would send them; kustomization folders are built.
\`-\` reads stdin, a compose file or manifests (by content).

  -R, --recursive           Kubernetes: also read the sub-folders of the folders named
  -k, --kustomize DIR       Kubernetes: a kustomization folder, as \`kubectl apply -k DIR\` (repeatable)
  --cluster-config FILE     Kubernetes: kubeadm ClusterConfiguration, kind Cluster or k3s config.yaml giving
                            the service CIDR, pod CIDR and nodePort range (default: found in the project,
                            else 10.96.0.0/12 and 30000-32767)

  -f, --file FILE           a compose file (same as naming it; repeatable)
  --format FORMAT           text (default), json, sarif, github (workflow annotations), codeclimate (GitLab
                            code quality), junit
  --rule ID=LEVEL           set a rule (or a glob such as NET1*) to off, hint, information, warning, error
                            (repeatable; over .switchyard.yaml, which is read beside the compose file)
  --docker-host URL         also check against a Docker engine: unix:///var/run/docker.sock,
                            ssh://[user@]host[:port][/socket] (~/.ssh/config, Include and ProxyJump apply;
                            the host key must already be in known_hosts), tcp://host:2375
                            (default: none; DOCKER_HOST is not read implicitly)
  --profile NAME            enable a profile (repeatable; COMPOSE_PROFILES is read too)
  --color / --no-color      force or disable colored text output (default: when stdout is a terminal)

A comment \`# switchyard-ignore ID: reason\` silences that rule's finding on its line (or, alone on a line, on
the next one). \`switchyard explain ID\` prints a rule's page.

Exit status: 0 no errors, 1 errors found, 2 could not run (bad input, Docker unreachable, a rule failed).`;

/** Parses the arguments after the program name. Never throws: a mistake is a message and exit 2. */
export function parseArgs(argv: string[]): Parsed {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help')
    return { kind: 'help' };
  if (command === '--version' || command === 'version') return { kind: 'version' };
  if (command === 'explain') return parseExplain(rest);
  if (command !== 'lint')
    return { kind: 'error', message: `unknown command "${command}"; try: switchyard lint FILE...` };
  let parsed: ParsedFlags;
  try {
    parsed = parseFlags(rest, LINT_FLAGS);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    const message =
      e.kind === 'missing' ? missingValue(e.flag ?? '') : `unknown option ${e.flag}; see switchyard --help`;
    return { kind: 'error', message };
  }
  if (parsed.bools.has('--help')) return { kind: 'help' };
  const args: LintArgs = {
    format: 'text',
    rules: [],
    profiles: [],
    files: [],
    recursive: parsed.bools.has('--recursive'),
    kustomize: [],
  };
  for (const { flag, value = '' } of parsed.order) {
    switch (flag) {
      case '--file':
        // As with `docker compose -f`: the files can be named with -f too.
        if (!value) return { kind: 'error', message: missingValue(flag) };
        args.files.push(value);
        break;
      case '--format':
        if (!FORMATS.includes(value as Format)) return { kind: 'error', message: badFormat(`"${value}"`) };
        args.format = value as Format;
        break;
      case '--rule': {
        const r = parseRuleFlag(value);
        if (typeof r === 'string') return { kind: 'error', message: r };
        args.rules.push(r);
        break;
      }
      case '--docker-host':
        if (!value) return { kind: 'error', message: missingValue(flag) };
        args.dockerHost = value;
        break;
      case '--profile':
        if (!value) return { kind: 'error', message: missingValue(flag) };
        args.profiles.push(value);
        break;
      case '--kustomize':
        if (!value) return { kind: 'error', message: missingValue(flag) };
        args.kustomize.push(value);
        break;
      case '--cluster-config':
        if (!value) return { kind: 'error', message: missingValue(flag) };
        args.clusterConfig = value;
        break;
      case '--color':
        args.color = value !== 'false';
        break;
      case '--no-color':
        args.color = false;
        break;
    }
  }
  args.files.push(...parsed.positional, ...parsed.rest);
  return { kind: 'lint', args };
}

/** `switchyard lint`'s flags, read by core's one flag parser (the engine CLI uses it too). */
const LINT_FLAGS: FlagSpec = {
  values: ['--file', '--format', '--rule', '--docker-host', '--profile', '--kustomize', '--cluster-config'],
  bools: ['--help', '--recursive', '--color', '--no-color'],
  alias: { '-h': '--help', '-f': '--file', '-H': '--docker-host', '-R': '--recursive', '-k': '--kustomize' },
};

const badFormat = (got: string): string => `--format must be one of ${FORMATS.join(', ')} (got ${got})`;

/** What a flag given without its value needs, in the flag's own words. */
function missingValue(flag: string): string {
  switch (flag) {
    case '--format':
      return badFormat('nothing');
    case '--rule':
      return parseRuleFlag(undefined) as string;
    case '--docker-host':
      return '--docker-host needs a URL, e.g. unix:///var/run/docker.sock';
    case '--profile':
      return '--profile needs a profile name';
    case '--kustomize':
      return '--kustomize needs a kustomization folder';
    default:
      return `${flag} needs a file name`;
  }
}

/** `--rule NET101=off` (also `NET101:off`); a mistake is a usage error that names the rule and the words. */
export function parseRuleFlag(v: string | undefined): RuleSetting | string {
  const m = /^([^=:]+)[=:](.*)$/.exec(v ?? '');
  if (!m)
    return `--rule needs ID=LEVEL, e.g. --rule NET101=off (got ${v === undefined ? 'nothing' : `"${v}"`})`;
  const rule = (m[1] ?? '').trim();
  const why = unknownRule(rule);
  if (why !== undefined) return `--rule ${v}: ${why}`;
  const level = parseLevel(m[2]);
  if (level === undefined) return `--rule ${v}: the level must be one of ${LEVEL_WORDS}`;
  return { rule, level };
}

function parseExplain(rest: string[]): Parsed {
  const named = rest.filter((a) => a !== '--');
  if (named.some((a) => a === '--help' || a === '-h')) return { kind: 'help' };
  const flag = named.find((a) => a.startsWith('-'));
  if (flag !== undefined)
    return { kind: 'error', message: `unknown option ${flag}; usage: switchyard explain [RULE]` };
  if (named.length > 1)
    return { kind: 'error', message: 'switchyard explain takes one rule id, e.g. NET010' };
  return named[0] === undefined ? { kind: 'explain' } : { kind: 'explain', rule: named[0] };
}
