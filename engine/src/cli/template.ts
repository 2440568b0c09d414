/**
 * The part of Go's text/template that `docker … --format` users write: `{{.Name}}`, `{{.IPAM.Config}}`,
 * `{{json .}}`, `{{index .Labels "k"}}`, `{{.Label "k"}}`, `{{upper .Name}}`, pipes (`{{.Name | upper}}`),
 * `{{range …}}…{{else}}…{{end}}`, `{{if …}}…{{else}}…{{end}}`, `{{with …}}`, `{{/* comments *\/}}` and the
 * `{{-`/`-}}` trim markers, with Docker's functions (json, join, split, lower, upper, title, truncate, pad,
 * println) and Go's (index, len, not, eq, ne, printf with %s %d %v %q). Nothing else: no variables, no
 * templates, no calls beyond these, so a format string cannot reach anything but the row it is given.
 *
 * Bounded: the template is at most 4 KiB and 20 blocks deep; a render stops at 1 MiB of output or 100,000
 * steps with an error that says so.
 */

export class TemplateError extends Error {}

type Value = unknown;
type Arg =
  | { t: 'field'; path: string[] }
  | { t: 'lit'; v: Value }
  | { t: 'fn'; name: string }
  | { t: 'pipe'; pipe: Pipe };
type Pipe = Arg[][];
type Node =
  | { t: 'text'; s: string }
  | { t: 'out'; pipe: Pipe }
  | { t: 'if' | 'with' | 'range'; pipe: Pipe; body: Node[]; alt: Node[] };

const STRUCT = Symbol('struct');

/**
 * Marks a row context as a Go struct: a field it does not have is an error (`{{.Nmae}}`), as in Docker. Plain
 * objects are maps (JSON data such as `network inspect`'s): a missing key prints `<no value>` and is false.
 */
export function struct<T extends object>(fields: T): T {
  return Object.defineProperty(fields, STRUCT, { value: true, enumerable: false });
}

export const TEMPLATE_LIMITS = { chars: 4096, depth: 20, outputBytes: 1 << 20, steps: 100_000 };

/** A parsed template: parse once (a bad template is an error before anything runs), render per row. */
export class Template {
  private constructor(private readonly nodes: Node[]) {}

  static parse(source: string): Template {
    if (source.length > TEMPLATE_LIMITS.chars)
      throw new TemplateError(`template is ${source.length} characters; at most ${TEMPLATE_LIMITS.chars}`);
    const parser = new Parser(source);
    return new Template(parser.nodes(0));
  }

  render(dot: Value): string {
    const r = new Renderer();
    r.nodes(this.nodes, dot);
    return r.out;
  }
}

const FUNCTIONS: Record<string, (...args: Value[]) => Value> = {
  json: (v) => JSON.stringify(v ?? null),
  join: (list, sep) =>
    asList(list, 'join')
      .map(goString)
      .join(String(sep ?? '')),
  split: (s, sep) => String(s).split(String(sep)),
  lower: (s) => String(s).toLowerCase(),
  upper: (s) => String(s).toUpperCase(),
  title: (s) => String(s).replace(/\b\w/g, (c) => c.toUpperCase()),
  truncate: (s, n) => [...goString(s)].slice(0, Number(n)).join(''),
  pad: (s, l, r) => `${' '.repeat(Number(l))}${goString(s)}${' '.repeat(Number(r))}`,
  println: (...args) => `${args.map(goString).join(' ')}\n`,
  len: (v) => (typeof v === 'string' ? v.length : asCollection(v, 'len').length),
  not: (v) => !truthy(v),
  eq: (a, ...bs) => bs.some((b) => a === b),
  ne: (a, b) => a !== b,
  index: (v, ...keys) => keys.reduce((o, k) => indexOf(o, k), v),
  printf: (format, ...args) => printf(String(format), args),
};

function asList(v: Value, fn: string): Value[] {
  if (Array.isArray(v)) return v;
  throw new TemplateError(`template: ${fn} needs a list, not ${kindOf(v)}`);
}

function asCollection(v: Value, fn: string): Value[] {
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.keys(v);
  throw new TemplateError(`template: ${fn} of ${kindOf(v)}`);
}

function indexOf(o: Value, k: Value): Value {
  if (Array.isArray(o)) {
    const i = Number(k);
    if (!Number.isInteger(i) || i < 0 || i >= o.length)
      throw new TemplateError(`template: index ${goString(k)} out of range (length ${o.length})`);
    return o[i];
  }
  // Go's index on a map yields the zero value for a missing key.
  if (isObject(o)) return Object.hasOwn(o, String(k)) ? o[String(k)] : '';
  throw new TemplateError(`template: cannot index ${kindOf(o)}`);
}

function printf(format: string, args: Value[]): string {
  let i = 0;
  return format.replace(/%([sdvq%])/g, (_m, verb: string) => {
    if (verb === '%') return '%';
    const v = args[i++];
    if (verb === 'q') return JSON.stringify(goString(v));
    if (verb === 'd') return String(Math.trunc(Number(v)));
    return goString(v);
  });
}

function isObject(v: Value): v is Record<string, Value> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOf(v: Value): string {
  return v === null || v === undefined ? 'nil' : Array.isArray(v) ? 'a list' : typeof v;
}

function truthy(v: Value): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isObject(v)) return Object.keys(v).length > 0;
  return true;
}

/** How Go's fmt prints a value: lists as `[a b]`, maps as `map[k:v]` with sorted keys, nil as `<no value>`. */
export function goString(v: Value): string {
  if (v === null || v === undefined) return '<no value>';
  if (Array.isArray(v)) return `[${v.map(goString).join(' ')}]`;
  if (isObject(v))
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goString(v[k])}`)
      .join(' ')}]`;
  return String(v);
}

class Parser {
  private pos = 0;
  /** The `else`/`end` that closed the innermost block, for its caller to check. */
  pendingEnd: 'else' | 'end' | undefined;

  constructor(private readonly src: string) {}

  nodes(depth: number): Node[] {
    if (depth > TEMPLATE_LIMITS.depth)
      throw new TemplateError(`template: blocks nested deeper than ${TEMPLATE_LIMITS.depth}`);
    const out: Node[] = [];
    this.pendingEnd = undefined;
    while (this.pos < this.src.length) {
      const open = this.src.indexOf('{{', this.pos);
      let text = this.src.slice(this.pos, open < 0 ? undefined : open);
      if (open < 0) {
        out.push({ t: 'text', s: text });
        this.pos = this.src.length;
        break;
      }
      const close = this.src.indexOf('}}', open + 2);
      if (close < 0) throw new TemplateError(`template: unclosed action at character ${open + 1}`);
      let body = this.src.slice(open + 2, close);
      if (/^-\s/.test(body)) {
        text = text.trimEnd();
        body = body.slice(1);
      }
      this.pos = close + 2;
      if (/\s-$/.test(body)) {
        body = body.slice(0, -1);
        const rest = this.src.slice(this.pos);
        this.pos += rest.length - rest.trimStart().length;
      }
      if (text) out.push({ t: 'text', s: text });
      body = body.trim();
      if (/^\/\*[\s\S]*\*\/$/.test(body)) continue;
      const word = /^(if|with|range|else|end)\b/.exec(body)?.[1];
      if (word === 'else' || word === 'end') {
        if (depth === 0) throw new TemplateError(`template: unexpected {{${word}}}`);
        if (body !== word)
          throw new TemplateError(
            `template: {{${body}}}: "else if" and arguments to ${word} are not supported`,
          );
        this.pendingEnd = word;
        return out;
      }
      if (word === 'if' || word === 'with' || word === 'range') {
        const pipe = parsePipe(body.slice(word.length));
        const inner = this.nodes(depth + 1);
        let alt: Node[] = [];
        if (this.pendingEnd === 'else') alt = this.nodes(depth + 1);
        if (this.pendingEnd !== 'end') throw new TemplateError(`template: {{${word}}} without {{end}}`);
        this.pendingEnd = undefined;
        out.push({ t: word, pipe, body: inner, alt });
        continue;
      }
      out.push({ t: 'out', pipe: parsePipe(body) });
    }
    return out;
  }
}

const TOKEN =
  /\s*(?:(\.(?:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)?)|("(?:[^"\\]|\\.)*")|(`[^`]*`)|(-?\d+(?:\.\d+)?)|([A-Za-z_]\w*)|(\|)|(\()|(\))|(\$\w*)|(\S))/y;

function parsePipe(text: string): Pipe {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m && m[0].trim() !== ''; m = TOKEN.exec(text)) {
    if (m[9] !== undefined) throw new TemplateError(`template: variables (${m[9]}) are not supported`);
    if (m[10] !== undefined) throw new TemplateError(`template: unexpected "${m[10]}" in {{${text.trim()}}}`);
    tokens.push(m[0].trim());
  }
  const at = { i: 0 };
  const pipe = pipeOf(tokens, at, text);
  if (at.i < tokens.length)
    throw new TemplateError(`template: unexpected "${tokens[at.i]}" in {{${text.trim()}}}`);
  return pipe;
}

function pipeOf(tokens: string[], at: { i: number }, text: string): Pipe {
  const cmds: Arg[][] = [[]];
  while (at.i < tokens.length && tokens[at.i] !== ')') {
    const tok = tokens[at.i++] as string;
    const cmd = cmds[cmds.length - 1] as Arg[];
    if (tok === '|') {
      if (cmd.length === 0)
        throw new TemplateError(`template: missing command before "|" in {{${text.trim()}}}`);
      cmds.push([]);
    } else if (tok === '(') {
      cmd.push({ t: 'pipe', pipe: pipeOf(tokens, at, text) });
      if (tokens[at.i++] !== ')') throw new TemplateError(`template: unclosed "(" in {{${text.trim()}}}`);
    } else cmd.push(argOf(tok));
  }
  if (cmds.some((c) => c.length === 0))
    throw new TemplateError(`template: empty command in {{${text.trim()}}}`);
  return cmds;
}

function argOf(tok: string): Arg {
  if (tok.startsWith('.')) return { t: 'field', path: tok === '.' ? [] : tok.slice(1).split('.') };
  if (tok.startsWith('"')) return { t: 'lit', v: JSON.parse(tok) as string };
  if (tok.startsWith('`')) return { t: 'lit', v: tok.slice(1, -1) };
  if (/^-?\d/.test(tok)) return { t: 'lit', v: Number(tok) };
  if (tok === 'true' || tok === 'false') return { t: 'lit', v: tok === 'true' };
  if (tok === 'nil') return { t: 'lit', v: null };
  if (!Object.hasOwn(FUNCTIONS, tok))
    throw new TemplateError(
      `template: function "${tok}" not defined (known: ${Object.keys(FUNCTIONS).join(', ')})`,
    );
  return { t: 'fn', name: tok };
}

const NONE = Symbol('none');

/** What `range` walks: a list's items, a map's values by sorted key (as Go), nothing for nil. */
function rangeItems(v: Value): Value[] {
  if (Array.isArray(v)) return v;
  if (isObject(v))
    return Object.keys(v)
      .sort()
      .map((k) => v[k]);
  if (v === null || v === undefined) return [];
  throw new TemplateError(`template: range can't iterate over ${goString(v)}`);
}

class Renderer {
  out = '';
  private steps = 0;

  nodes(nodes: Node[], dot: Value): void {
    for (const n of nodes) {
      if (++this.steps > TEMPLATE_LIMITS.steps)
        throw new TemplateError(`template: stopped after ${TEMPLATE_LIMITS.steps} steps`);
      if (n.t === 'text') this.write(n.s);
      else if (n.t === 'out') this.write(goString(this.pipe(n.pipe, dot)));
      else {
        const v = this.pipe(n.pipe, dot);
        if (n.t === 'range') {
          const items = rangeItems(v);
          if (items.length === 0) this.nodes(n.alt, dot);
          for (const item of items) this.nodes(n.body, item);
        } else if (truthy(v)) this.nodes(n.body, n.t === 'with' ? v : dot);
        else this.nodes(n.alt, dot);
      }
    }
  }

  private write(s: string): void {
    this.out += s;
    if (this.out.length > TEMPLATE_LIMITS.outputBytes)
      throw new TemplateError(`template: output larger than ${TEMPLATE_LIMITS.outputBytes} bytes`);
  }

  private pipe(pipe: Pipe, dot: Value): Value {
    let prev: Value | typeof NONE = NONE;
    for (const cmd of pipe) prev = this.command(cmd, dot, prev);
    return prev;
  }

  private command(cmd: Arg[], dot: Value, prev: Value | typeof NONE): Value {
    const [head, ...rest] = cmd as [Arg, ...Arg[]];
    const args = () => [...rest.map((a) => this.arg(a, dot)), ...(prev === NONE ? [] : [prev])];
    if (head.t === 'fn') return (FUNCTIONS[head.name] as (...a: Value[]) => Value)(...args());
    const v = this.arg(head, dot);
    // A method of the row (Docker's `{{.Label "key"}}`): called with the arguments that follow.
    if (typeof v === 'function') return (v as (...a: Value[]) => Value)(...args());
    if (rest.length > 0 || prev !== NONE)
      throw new TemplateError(`template: can't give arguments to a value that is not a function`);
    return v;
  }

  private arg(a: Arg, dot: Value): Value {
    if (a.t === 'lit') return a.v;
    if (a.t === 'pipe') return this.pipe(a.pipe, dot);
    if (a.t === 'fn') return (FUNCTIONS[a.name] as () => Value)();
    let v = dot;
    for (const name of a.path) {
      if (isObject(v) && Object.hasOwn(v, name)) v = v[name];
      // A map (JSON data) without the key: Go's `<no value>`; a row context (a Go struct): an error.
      else if (isObject(v) && !(STRUCT in v)) v = undefined;
      else {
        const known = isObject(v) ? `; fields: ${Object.keys(v).join(', ')}` : '';
        throw new TemplateError(`template: can't evaluate field ${name} in ${kindOf(v)}${known}`);
      }
    }
    return v;
  }
}
