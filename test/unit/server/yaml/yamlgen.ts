/**
 * fast-check arbitraries for compose-like YAML documents: a random tree rendered in block and flow
 * styles with plain, quoted and block scalars, comments at random indentation, blank lines, empty values,
 * anchors, aliases, merge keys and tags, plus small textual mutations that break it in random places.
 */
import fc from 'fast-check';

type Tree =
  | { k: 'scalar'; text: string }
  | { k: 'map'; entries: [string, Tree | null][] }
  | { k: 'seq'; items: (Tree | null)[] };

const plainWords = [
  'nginx',
  'web',
  'front',
  'back',
  '10.0.0.0/16',
  '8080:80',
  '"80:80"',
  "'a b'",
  '1',
  '-1',
  '0x1F',
  '0o17',
  '1.5',
  '.inf',
  'true',
  'False',
  'null',
  '~',
  'yes',
  'on',
  '${PORT}',
  '${A:-x}',
  'a#b',
  'http://x:1/y',
  'a: b',
  '- x',
  '"q\\"x"',
  "'it''s'",
  '"\\u00e9\\t"',
  'é',
  '[a, b]',
  '{a: 1}',
  '*anchor1',
  '!reset',
  '!override [1]',
  '12:30',
  'x y z',
  'ends:',
  '"a" b',
  ': x',
  '? x',
  '@x',
  '`x`',
  '%x',
  '&x y',
  '!!str 1',
  '"unterminated',
  '[1, 2',
  'k: {',
];
const keyWords = [
  'image',
  'networks',
  'ports',
  'front',
  'x-common',
  '<<',
  '"quoted key"',
  "'sq'",
  '80',
  'true',
  'a b',
  'null',
  '~',
  'k:x',
  'ipv4_address',
];

const scalar = fc.constantFrom(...plainWords).map((text): Tree => ({ k: 'scalar', text }));

const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.record({
      k: fc.constant('map' as const),
      entries: fc.array(fc.tuple(fc.constantFrom(...keyWords), fc.option(tie('node'), { freq: 4 })), {
        maxLength: 4,
        size: 'max',
      }),
    }),
    fc.record({
      k: fc.constant('seq' as const),
      items: fc.array(fc.option(tie('node'), { freq: 4 }), { maxLength: 4, size: 'max' }),
    }),
  ),
})).node;

interface Style {
  flowAt: number;
  comment: number[];
  blank: number[];
  indentStep: number;
  block: number[];
  anchor: number[];
  tag: number[];
}

let counter = 0;
const pick = (xs: number[]) => xs[counter++ % xs.length] ?? 0;

function flow(t: Tree | null): string {
  if (t === null) return '';
  if (t.k === 'scalar') return t.text;
  if (t.k === 'seq') return `[${t.items.map(flow).join(', ')}]`;
  return `{${t.entries.map(([k, v]) => (v === null ? k : `${k}: ${flow(v)}`)).join(', ')}}`;
}

function comment(style: Style, indent: number): string {
  const c = pick(style.comment);
  if (c === 0) return '';
  const ind = c === 1 ? indent : c === 2 ? 0 : c === 3 ? indent + 2 : Math.max(0, indent - 2);
  return `${' '.repeat(ind)}# note\n`;
}

function extras(style: Style, indent: number): string {
  return (pick(style.blank) === 1 ? '\n' : '') + comment(style, indent);
}

function props(style: Style): string {
  const a = pick(style.anchor);
  const t = pick(style.tag);
  return (
    (a === 1 ? '&anchor1 ' : a === 2 ? '&a2 ' : '') + (t === 1 ? '!reset ' : t === 2 ? '!override ' : '')
  );
}

function value(t: Tree | null, indent: number, style: Style, depth: number): string {
  if (t === null) return pick(style.comment) === 4 ? ' # empty\n' : '\n';
  const p = props(style);
  if (t.k === 'scalar') {
    const b = pick(style.block);
    if (b === 1) return ` ${p}|\n${' '.repeat(indent + style.indentStep)}${t.text}\n`;
    if (b === 2)
      return ` ${p}>-\n${' '.repeat(indent + style.indentStep)}${t.text}\n${' '.repeat(indent + style.indentStep)}more\n`;
    if (b === 3) return ` ${p}|+\n${' '.repeat(indent + style.indentStep)}${t.text}\n\n`;
    return ` ${p}${t.text}${pick(style.comment) === 3 ? ' # trailing' : ''}\n`;
  }
  if (depth >= style.flowAt) return ` ${p}${flow(t)}\n`;
  return ` ${p.trim()}\n${block(t, indent + style.indentStep, style, depth + 1)}`;
}

function block(t: Tree, indent: number, style: Style, depth: number): string {
  const pad = ' '.repeat(indent);
  if (t.k === 'scalar') return `${pad}${t.text}\n`;
  let out = '';
  if (t.k === 'map') {
    if (t.entries.length === 0) return `${pad}{}\n`;
    for (const [k, v] of t.entries)
      out += extras(style, indent) + `${pad}${k}:${value(v, indent, style, depth)}`;
  } else {
    if (t.items.length === 0) return `${pad}[]\n`;
    for (const item of t.items) {
      out += extras(style, indent);
      if (item !== null && item.k === 'map' && item.entries.length > 0 && pick(style.block) === 0) {
        const inner = block(item, indent + 2, style, depth + 1);
        out += `${pad}- ${inner.trimStart()}`;
      } else out += `${pad}-${value(item, indent, style, depth)}`;
    }
  }
  return out + (pick(style.comment) === 2 ? comment(style, indent) : '');
}

const style: fc.Arbitrary<Style> = fc.record({
  flowAt: fc.integer({ min: 1, max: 5 }),
  comment: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 7, size: 'max' }),
  blank: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 5, size: 'max' }),
  indentStep: fc.constantFrom(2, 2, 4, 1),
  block: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 5, size: 'max' }),
  anchor: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 5, size: 'max' }),
  tag: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 5, size: 'max' }),
});

const rootMap = fc
  .array(fc.tuple(fc.constantFrom(...keyWords), fc.option(tree, { freq: 5 })), {
    minLength: 1,
    maxLength: 5,
    size: 'max',
  })
  .map((entries): Tree => ({ k: 'map', entries }));

const mutation = fc.record({ at: fc.nat(), kind: fc.integer({ min: 0, max: 9 }) });

function mutate(text: string, muts: { at: number; kind: number }[]): string {
  let s = text;
  for (const { at, kind } of muts) {
    const i = s.length === 0 ? 0 : at % s.length;
    const ins = [' ', ':', '#', '\n', '-', '  ', '"', '[', '}', ''][kind] ?? '';
    s = kind === 9 ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + ins + s.slice(i);
  }
  return s;
}

function render(t: Tree, st: Style, eofNewline: boolean): string {
  counter = 0;
  const text = t.k === 'scalar' ? `${t.text}\n` : block(t, 0, st, 0);
  return eofNewline ? text : text.replace(/\n$/, '');
}

/** A compose-like YAML document in random styles, often valid, sometimes not (its words can break it). */
export const yamlDocument: fc.Arbitrary<string> = fc
  .tuple(fc.oneof(rootMap, tree), style, fc.boolean())
  .map(([t, st, eofNewline]) => render(t, st, eofNewline));

/** The same with up to three single-character edits anywhere, as while typing. */
export const mutatedYamlDocument: fc.Arbitrary<string> = fc
  .tuple(yamlDocument, fc.array(mutation, { minLength: 1, maxLength: 3, size: 'max' }))
  .map(([text, muts]) => mutate(text, muts));
