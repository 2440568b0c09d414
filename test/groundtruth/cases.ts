// The ground-truth cases: test/fixtures/groundtruth/<case>/docker-compose.yml plus expect.json, which records
// what Debian's dockerd 20.10 + docker-compose v1 do with the project and what `switchyard lint` must report.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const fixturesDir = join(__dirname, '..', 'fixtures', 'groundtruth');

/** A 1-based line, or the lines that are all acceptable anchors (e.g. either side of a conflict). */
const Line = z.union([z.number().int().positive(), z.array(z.number().int().positive()).min(1)]);
const Expected = z
  .object({
    code: z.string().regex(/^NET\d{3}$/),
    line: Line,
    /** The file the finding is in, relative to the case directory; default the first of `files`. */
    file: z.string().optional(),
  })
  .strict();

export const ExpectSchema = z
  .object({
    /** The project's files in `-f` order, relative to the case directory (default: docker-compose.yml). */
    files: z.array(z.string().min(1)).min(1).default(['docker-compose.yml']),
    docker: z
      .object({
        outcome: z.enum(['refused', 'accepted']),
        /**
         * For a refusal: a piece of Docker's error text, so the case cannot pass for an unrelated reason. A list
         * when the text depends on which container Docker happens to start first (any one must appear).
         */
        message: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
      })
      .strict()
      .refine((d) => d.outcome === 'accepted' || d.message !== undefined, 'a refusal needs its message'),
    lint: z
      .object({
        /** Errors lint must report; empty means lint must report no error at all. */
        errors: z.array(Expected),
        /** Findings lint must report with severity warning (never error). */
        warnings: z.array(Expected).default([]),
      })
      .strict(),
    /**
     * Present when dockerd 20.10 / compose v1 decide differently from current Docker. Lint follows current
     * Docker, so only then may lint's errors disagree with the recorded outcome.
     */
    dockerVersionNote: z.string().min(20).optional(),
    /** Anything else a reader of the case should know (for example a dockerd quirk); not checked. */
    note: z.string().optional(),
  })
  .strict();
export type Expect = z.infer<typeof ExpectSchema>;
export type ExpectedFinding = z.infer<typeof Expected>;

export interface Case {
  name: string;
  dir: string;
  /** Absolute paths in `-f` order; the first is the main file. */
  files: string[];
  expect: Expect;
}

export function loadCases(): Case[] {
  return readdirSync(fixturesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => loadCase(d.name))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function loadCase(name: string): Case {
  const dir = join(fixturesDir, name);
  const expectFile = join(dir, 'expect.json');
  if (!existsSync(expectFile)) throw new Error(`ground-truth case ${name}: missing ${expectFile}`);
  const parsed = ExpectSchema.safeParse(JSON.parse(readFileSync(expectFile, 'utf8')));
  if (!parsed.success) throw new Error(`ground-truth case ${name}: bad expect.json: ${parsed.error.message}`);
  const files = parsed.data.files.map((f) => join(dir, f));
  for (const f of files) if (!existsSync(f)) throw new Error(`ground-truth case ${name}: missing ${f}`);
  return { name, dir, files, expect: parsed.data };
}

/** Absolute path of the file an expected finding is in. */
export function expectedFile(c: Case, expected: ExpectedFinding): string {
  return expected.file === undefined ? (c.files[0] as string) : join(c.dir, expected.file);
}

export function lineList(line: ExpectedFinding['line']): number[] {
  return typeof line === 'number' ? [line] : line;
}

/**
 * What a case takes on the shared dockerd: the IPv4 ranges of its subnets and the host ports (471xx) it
 * publishes, read from its files' text. Cases run concurrently, so no two cases may share either.
 */
export function sharedResources(c: Case): { ranges: [number, number][]; ports: number[] } {
  const text = c.files.map((f) => readFileSync(f, 'utf8')).join('\n');
  const ranges = [...text.matchAll(/subnet:\s*"?(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)/g)].map((m) => {
    const [a, b, cc, d, bits] = m.slice(1).map(Number) as [number, number, number, number, number];
    const size = 2 ** (32 - bits);
    const start = Math.floor((((a << 24) >>> 0) + (b << 16) + (cc << 8) + d) / size) * size;
    return [start, start + size - 1] as [number, number];
  });
  const ports = [...text.matchAll(/\b(471\d\d)(?:-(471\d\d))?\b/g)].flatMap((m) => {
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
  return { ranges, ports };
}
