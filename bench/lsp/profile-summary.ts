// Where our server's time goes: reads a V8 CPU profile (node --cpu-prof) of dist/server.js, maps each frame
// back to its TypeScript source through the bundle's source map, and lists the top functions by self and by
// inclusive time, and the top source files by self time. Idle time is left out of the percentages. A sample
// counts for at most two sampling intervals, so the figures hold on a loaded machine too (see below).
//   node --import tsx bench/lsp/profile-summary.ts FILE.cpuprofile [--top 25] [--from MS]
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import type { SourceMapPayload } from 'node:module';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `fromMs`: leave out the first milliseconds of the profile (start-up and the first load), to see the edits alone. */
export function summarizeProfile(file: string, top = 25, fromMs = 0): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = frameLabeller();
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const files = new Map<string, number>();
  let busy = 0;
  let clock = 0;
  const cap = (2 * medianOf(profile.timeDeltas.filter((d) => d > 0))) / 1000;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const gap = (profile.timeDeltas[i] ?? 0) / 1000;
    clock += gap;
    // A sample stands for at most two sampling intervals: on a loaded machine the time since the previous
    // sample includes time the thread waited for a core, which would be charged to whatever ran next.
    const dt = Math.min(gap, cap);
    if (!node || node.callFrame.functionName === '(idle)' || clock < fromMs) return;
    busy += dt;
    const own = label(node.callFrame);
    add(self, own.name, dt);
    add(files, own.file, dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)?.callFrame;
      if (!frame) break;
      const { name } = label(frame);
      if (!seen.has(name)) inclusive.set(name, (inclusive.get(name) ?? 0) + dt);
      seen.add(name);
    }
  });
  const list = (m: Map<string, number>, n: number): string =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([k, ms]) => `  ${((100 * ms) / busy).toFixed(1).padStart(5)}% ${ms.toFixed(0).padStart(7)} ms  ${k}`,
      )
      .join('\n');
  const projectOnly = new Map([...inclusive].filter(([k]) => /(server|core|protocol)\/src\//.test(k)));
  return [
    `profile ${file}: ${busy.toFixed(0)} ms busy (idle excluded${fromMs > 0 ? `, from ${fromMs} ms on` : ''})`,
    `self time by function:\n${list(self, top)}`,
    `self time by source file:\n${list(files, 15)}`,
    `inclusive time, our functions:\n${list(projectOnly, top)}`,
  ].join('\n');
}

function medianOf(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function add(m: Map<string, number>, k: string, v: number): void {
  m.set(k, (m.get(k) ?? 0) + v);
}

/** "name file:line" for a frame, through the bundle's source map when there is one. */
function frameLabeller(): (f: CallFrame) => { name: string; file: string } {
  const maps = new Map<string, SourceMap | null>();
  const mapFor = (url: string): SourceMap | null => {
    if (!maps.has(url)) maps.set(url, loadMap(url));
    return maps.get(url) ?? null;
  };
  return (f) => {
    const fn = f.functionName || '(anonymous)';
    if (!f.url) return { name: fn, file: fn };
    const entry = mapFor(f.url)?.findEntry(f.lineNumber, f.columnNumber);
    if (entry && 'originalSource' in entry && entry.originalSource) {
      const src = shorten(entry.originalSource);
      return { name: `${fn} ${src}:${entry.originalLine + 1}`, file: src };
    }
    const src = shorten(f.url);
    return { name: `${fn} ${src}:${f.lineNumber + 1}`, file: src };
  };
}

function loadMap(url: string): SourceMap | null {
  const path = url.startsWith('file:') ? fileURLToPath(url) : url;
  if (!path.startsWith('/')) return null;
  try {
    const payload = JSON.parse(readFileSync(`${path}.map`, 'utf8')) as SourceMapPayload;
    return new SourceMap(payload);
  } catch {
    return null;
  }
}

function shorten(source: string): string {
  const path = source.startsWith('file:') ? fileURLToPath(source) : source;
  return path.replace(/^(\.\.\/)+/, '').replace(/^.*?\/((server|core|protocol|node_modules)\/)/, '$1');
}

// (The file-name check keeps this out of a bundle that includes the module, such as profile-keystrokes'.)
if (require.main === module && /profile-summary\.[tj]s$/.test(process.argv[1] ?? '')) {
  const file = process.argv[2];
  if (!file) {
    console.error(
      'usage: node --import tsx bench/lsp/profile-summary.ts FILE.cpuprofile [--top N] [--from MS]',
    );
    process.exit(2);
  }
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) || fallback : fallback;
  };
  console.log(summarizeProfile(file, arg('top', 25), arg('from', 0)));
}
