// Mutated compose documents for property tests: realistic seeds, then the edits a person makes while
// typing (and a few no one would), so the loader, the rules and the server meet every half-written shape.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

const root = join(__dirname, '..', '..', '..', '..');

/** Seed documents: the examples and every rule fixture. */
export function seeds(): string[] {
  const fixtures = join(root, 'test', 'fixtures', 'rules');
  const fromFixtures = readdirSync(fixtures)
    .filter((n) => /\.ya?ml$/.test(n))
    .map((n) => readFileSync(join(fixtures, n), 'utf8'));
  return [
    readFileSync(join(root, 'examples', 'broken', 'compose.yaml'), 'utf8'),
    readFileSync(join(root, 'examples', 'clean', 'compose.yaml'), 'utf8'),
    ...fromFixtures,
  ];
}

/** Fragments that matter to YAML, to compose and to the network rules. */
const TOKENS = [
  ':',
  ': ',
  '- ',
  '-',
  '[',
  ']',
  '{',
  '}',
  ',',
  '"',
  "'",
  '#',
  '\n',
  '  ',
  '\t',
  '&a ',
  '*a',
  '<<: *a',
  '!reset ',
  '!override ',
  '!!binary ',
  '? ',
  '|',
  '>',
  '---\n',
  '...\n',
  '${',
  '${VAR}',
  '${VAR:-8080}',
  '${VAR:?x}',
  '$$',
  'null',
  '~',
  'true',
  'yes',
  '0x1F',
  '1e3',
  '-1',
  '65536',
  '0',
  '10.0.0.0/8',
  '10.0.0.1',
  '::1',
  'fd00::/64',
  '::/0',
  '300.1.2.3',
  '10.1.2.3/33',
  '8080:80',
  '127.0.0.1:8080:80/udp',
  '[::1]:53:53/udp',
  '1-3:4-5',
  '8000-8100:80',
  'networks:',
  'network_mode: host',
  'network_mode: service:x',
  'network_mode: container:',
  'ipam:',
  'config:',
  'subnet: ',
  'gateway: ',
  'ipv4_address: ',
  'ports:',
  'extends:',
  'include:',
  'profiles: [p]',
  'external: true',
  'driver: macvlan',
  'services:',
  'default',
  'é',
  '\u{1F600}',
  '\u0000',
  '\r\n',
];

export type Edit =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'dupLine'; line: number }
  | { kind: 'swapLines'; a: number; b: number }
  | { kind: 'indent'; line: number; by: number };

export const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6, size: 'max' })),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('dupLine' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), line: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
);

export function applyEdit(text: string, e: Edit): string {
  const lines = text.split('\n');
  const n = lines.length;
  switch (e.kind) {
    case 'insert': {
      const at = e.at % (text.length + 1);
      return text.slice(0, at) + e.text + text.slice(at);
    }
    case 'delete': {
      const at = e.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + e.length);
    }
    case 'dupLine': {
      const i = e.line % n;
      lines.splice(i, 0, lines[i] ?? '');
      return lines.join('\n');
    }
    case 'swapLines': {
      const a = e.a % n;
      const b = e.b % n;
      [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
      return lines.join('\n');
    }
    case 'indent': {
      const i = e.line % n;
      const line = lines[i] ?? '';
      lines[i] = e.by >= 0 ? ' '.repeat(e.by) + line : line.replace(new RegExp(`^ {0,${-e.by}}`), '');
      return lines.join('\n');
    }
  }
}

/** A seed with 1 to 8 edits applied. */
export function mutatedDocument(all: string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...all), fc.array(editArb, { minLength: 1, maxLength: 8, size: 'max' }))
    .map(([seed, edits]) => edits.reduce(applyEdit, seed));
}
