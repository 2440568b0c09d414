// Hostile compose projects, small to write and huge to expand: the inputs issue 12 measured against
// `switchyard lint`. Each case is a set of files (relative to a project folder, `compose.yaml` first) that
// a repository could hold. `worstCase` scales one shape; `WORST_CASES` are the sizes the issue named.

export interface WorstCase {
  name: string;
  /** File name (relative) → text; `compose.yaml` is the project's file. */
  files: Record<string, string>;
  /** Where an editor would ask for completion in compose.yaml (an offset), when the case is about that. */
  completionAt?: number;
}

export type Shape =
  | 'alias-bomb-networks'
  | 'port-ranges'
  | 'host-mode-range'
  | 'many-ranges'
  | 'wide-ranges'
  | 'same-port'
  | 'nested-default'
  | 'dotenv-doubling'
  | 'dotenv-doubling-ports'
  | 'many-networks'
  | 'long-blank-line'
  | 'long-key-line'
  | 'many-services'
  | 'many-services-ports'
  | 'dependency-chain';

/**
 * One worst case of `shape`, scaled by `n`: levels of ten for the alias bomb (10^n nodes), services for
 * `same-port`, `many-ranges` and `wide-ranges` (each publishing all of 1-65535 and a fixed port of its own), nesting depth for `nested-default`, doubling lines for the `.env` cases, networks for
 * `many-networks`, spaces for `long-blank-line` and `long-key-line`, services for `many-services` (an image each)
 * and `many-services-ports` (the same, each publishing one host port that one other service publishes too:
 * n/2 clashes; 100,000 of them are 7.4 MB, issue 12's full-analysis figure), services for `dependency-chain`
 * (each depends on the next: a walk that recurses runs out of stack); `port-ranges` and
 * `host-mode-range` ignore it.
 */
export function worstCase(shape: Shape, n: number): WorstCase {
  switch (shape) {
    case 'alias-bomb-networks':
      return aliasBomb(n);
    case 'port-ranges':
      return {
        name: shape,
        files: {
          'compose.yaml':
            'services:\n  a:\n    image: x\n    ports: ["1-65535:1-65535"]\n' +
            '  b:\n    image: x\n    ports: ["1-65535:1-65535"]\n',
        },
      };
    case 'host-mode-range':
      return {
        name: shape,
        files: {
          'compose.yaml':
            'services:\n  a:\n    image: x\n    network_mode: host\n    ports: ["1-65535:1-65535"]\n' +
            '  b:\n    image: x\n    ports: ["1-65535:1-65535"]\n',
        },
      };
    case 'many-ranges': {
      let text = 'services:\n';
      for (let i = 0; i < n; i++)
        text += `  s${i}:\n    image: x\n    ports: ["8000-9000:80", "${8000 + (i % 1000)}:81"]\n`;
      return { name: `${shape}-${n}`, files: { 'compose.yaml': text } };
    }
    case 'wide-ranges': {
      let text = 'services:\n';
      for (let i = 0; i < n; i++)
        text += `  s${i}:\n    image: x\n    ports: ["1-65535:80", "${1000 + (i % 60000)}:81"]\n`;
      return { name: `${shape}-${n}`, files: { 'compose.yaml': text } };
    }
    case 'same-port': {
      let text = 'services:\n';
      for (let i = 0; i < n; i++) text += `  s${i}:\n    image: x\n    ports: ["8080:80"]\n`;
      return { name: `${shape}-${n}`, files: { 'compose.yaml': text } };
    }
    case 'nested-default':
      return {
        name: `${shape}-${n}`,
        files: {
          'compose.yaml': `services:\n  a:\n    image: "${'${A:-'.repeat(n)}x${'}'.repeat(n)}"\n`,
        },
      };
    case 'dotenv-doubling':
      return { name: `${shape}-${n}`, files: { '.env': doublingEnv(n), 'compose.yaml': usesVars(1, n) } };
    case 'dotenv-doubling-ports':
      return { name: `${shape}-${n}`, files: { '.env': doublingEnv(n), 'compose.yaml': usesVars(25, n) } };
    case 'many-networks': {
      let text = 'services:\n  a:\n    image: x\n    ports: ["80:80"]\n    networks:\n';
      for (let i = 0; i < n; i++) text += `      - n${i}\n`;
      text += 'networks:\n  n0:\n    internal: true\n';
      return { name: `${shape}-${n}`, files: { 'compose.yaml': text } };
    }
    case 'many-services':
    case 'many-services-ports': {
      const ports = shape === 'many-services-ports';
      const half = Math.max(1, Math.floor(n / 2));
      const parts = ['services:\n'];
      for (let i = 0; i < n; i++) {
        parts.push(`  svc-${i}:\n    image: "registry.example/app:${i % 50}"\n`);
        if (ports) parts.push(`    ports: ["${10000 + (i % half)}:80"]\n`);
      }
      return { name: `${shape}-${n}`, files: { 'compose.yaml': parts.join('') } };
    }
    case 'dependency-chain': {
      const parts = ['services:\n'];
      for (let i = 0; i < n; i++) {
        parts.push(`  s${i}:\n    image: x\n`);
        if (i + 1 < n) parts.push(`    depends_on: [s${i + 1}]\n`);
      }
      return { name: `${shape}-${n}`, files: { 'compose.yaml': parts.join('') } };
    }
    case 'long-key-line': {
      // Spaces inside a plain key, the cursor among them: completion's key pattern once tried every split.
      const head = 'services:\n  a:\n    net';
      const text = `${head}${' '.repeat(n)}works:\n      - x\n`;
      return { name: `${shape}-${n}`, files: { 'compose.yaml': text }, completionAt: head.length + n };
    }
    case 'long-blank-line': {
      const head = 'services:\n  a:\n    image: x\n';
      const text = `${head}${' '.repeat(n)}\n`;
      return { name: `${shape}-${n}`, files: { 'compose.yaml': text }, completionAt: head.length + n };
    }
  }
}

/** Ten-fold aliases, `levels` deep, under a service's `networks:` (levels 9: 10^9 nodes in ~600 bytes). */
function aliasBomb(levels: number): WorstCase {
  let text = 'x-l0: &l0 [a, a, a, a, a, a, a, a, a, a]\n';
  for (let i = 1; i < levels; i++)
    text += `x-l${i}: &l${i} [${Array(10)
      .fill(`*l${i - 1}`)
      .join(', ')}]\n`;
  text += `services:\n  web:\n    image: x\n    networks:\n      front:\n        aliases: *l${levels - 1}\n`;
  text += 'networks:\n  front: {}\n';
  return { name: `alias-bomb-networks-${levels}`, files: { 'compose.yaml': text } };
}

/** `V0` of 16 characters, each next line twice the one before: `V<lines-1>` would be 16·2^(lines-1) long. */
function doublingEnv(lines: number): string {
  let text = 'V0=0123456789abcdef\n';
  for (let i = 1; i < lines; i++) text += `V${i}=\${V${i - 1}}\${V${i - 1}}\n`;
  return text;
}

/** A service publishing `count` ports whose host part is one of the last (biggest) variables. */
function usesVars(count: number, lines: number): string {
  let text = 'services:\n  a:\n    image: x\n    ports:\n';
  for (let i = 0; i < count; i++) text += `      - "\${V${lines - 1 - (i % lines)}}:80"\n`;
  return text;
}

/** The sizes the issue measured (each ran past 30 s, or died, before the limits). */
export const WORST_CASES: WorstCase[] = [
  worstCase('alias-bomb-networks', 9),
  worstCase('port-ranges', 0),
  worstCase('host-mode-range', 0),
  worstCase('many-ranges', 2000),
  worstCase('wide-ranges', 2000),
  worstCase('same-port', 2000),
  worstCase('nested-default', 10_000),
  worstCase('dotenv-doubling', 40),
  worstCase('dotenv-doubling-ports', 25),
  worstCase('many-networks', 20_000),
  worstCase('many-networks', 200_000),
  worstCase('long-blank-line', 100_000),
  worstCase('long-key-line', 100_000),
  worstCase('many-services-ports', 20_000),
  worstCase('dependency-chain', 20_000),
];
