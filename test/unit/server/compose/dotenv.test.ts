// `.env` files as compose-go's dotenv package reads them for interpolation (server/src/compose/dotenv.ts), line
// form by line form (written from mutation testing: only one mixed `.env` was read through a whole load before).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDotEnv } from '../../../../server/src/compose/dotenv';
import type { DotEnvLimit } from '../../../../server/src/compose/dotenv';
import { ExpansionBudget } from '../../../../server/src/compose/template';

const none = (): string | undefined => undefined;
const read = (text: string, env: Record<string, string> = {}) =>
  Object.fromEntries(parseDotEnv(text, (n) => env[n]));

test('.env: KEY=VALUE lines, `export`, comments, blank lines and CRLF; values trimmed, keys trimmed', () => {
  assert.deepEqual(read('A=1\n\n# a comment\n  # indented comment\nexport B=2\r\nC = 3 \rexport   D=4'), {
    A: '1',
    B: '2',
    C: '3',
    D: '4',
  });
  // A comment is no assignment, whatever it holds; `export` finds its own line's text, not an earlier one.
  assert.deepEqual(read('# PORT=1\n  # NAME=x\nA=1'), { A: '1' });
  assert.deepEqual(read('B=xA=3\nexport A=3'), { B: 'xA=3', A: '3' });
  // A file that starts with an empty line.
  assert.deepEqual(read('\n# x\nA=1'), { A: '1' });
  // With nothing after `=`, an empty value.
  assert.deepEqual(read('E=\nF=\t'), { E: '', F: '' });
});

test('.env: an unquoted value loses an inline ` #` comment, but keeps a `#` inside a word', () => {
  assert.deepEqual(read('A=front # the front network\nB=a#b\nD=#'), { A: 'front', B: 'a#b', D: '#' });
});

test('.env: single quotes are literal; double quotes take escapes and ${VAR}; both may span lines', () => {
  const env = read(
    [
      `S='a $X \\n b' # trailing`,
      `D="a\\tb\\nc \\"q\\" \\\\ \\$X \\z"`,
      `X=x`,
      `E="\${X}-$X"`,
      `M="one`,
      `two"`,
      `N='three`,
      `four'`,
      `After=ok`,
    ].join('\n'),
  );
  assert.deepEqual(env, {
    S: 'a $X \\n b',
    D: 'a\tb\nc "q" \\ $X \\z',
    X: 'x',
    E: 'x-x',
    M: 'one\ntwo',
    N: 'three\nfour',
    After: 'ok',
  });
  // A quote escaped inside double quotes does not close them.
  assert.deepEqual(read(`A="x\\"y"`), { A: 'x"y' });
  // `\r` too; spaces and tabs before the opening quote are skipped.
  assert.deepEqual(read(`R="a\\rb"\nT=\t"x y"`), { R: 'a\rb', T: 'x y' });
  assert.deepEqual(read(`A=   "  spaced  "`), { A: '  spaced  ' });
});

test('.env: later lines see earlier ones, and the environment; unquoted values expand too', () => {
  assert.deepEqual(read('A=1\nB=${A}2\nC=$HOME/x\nD=${NOPE}-$C', { HOME: '/root' }), {
    A: '1',
    B: '12',
    C: '/root/x',
    D: '-/root/x',
  });
});

test('.env: a bare KEY takes its value from the environment when set there and is a name', () => {
  assert.deepEqual(
    read('USER\nMISSING\n  SPACED  \nDOT.ted_1', { USER: 'me', SPACED: 's', 'DOT.ted_1': 'd' }),
    { USER: 'me', SPACED: 's', 'DOT.ted_1': 'd' },
  );
  assert.deepEqual(read('export USER', { USER: 'me' }), { USER: 'me' });
  // A bare word that is not a name (Compose refuses the file) sets nothing here.
  assert.deepEqual(read('A$B\n$AB', { A$B: 'x', $AB: 'y', A: 'a', AB: 'b' }), {});
  // A `=` on a later line belongs to that line.
  assert.deepEqual(read('USER\nB=2', { USER: 'me' }), { USER: 'me', B: '2' });
});

test('.env: a value past the expansion limit is empty and reported with its name and line', () => {
  const lines = ['V0=xxxxxxxxxxxxxxxx'];
  for (let k = 1; k <= 14; k++) lines.push(`V${k}=\${V${k - 1}}\${V${k - 1}}`);
  const limits: DotEnvLimit[] = [];
  const vars = parseDotEnv(`# big\n\n${lines.join('\n')}\nAFTER=1`, none, new ExpansionBudget(), (l) =>
    limits.push(l),
  );
  assert.equal(vars.get('V12')?.length, 16 * 2 ** 12);
  assert.equal(vars.get('V13'), '');
  // An empty value doubled is empty: no limit for V14.
  assert.equal(vars.get('V14'), '');
  assert.equal(vars.get('AFTER'), '1');
  assert.deepEqual(
    limits.map((l) => [l.name, l.line]),
    [['V13', 16]],
  );
  assert.match(limits[0]?.message ?? '', /^"\$\{V12\}\$\{V12\}" expands to more than 65,536 bytes/);
  // On the last line, after an empty first line: still its own line number.
  const last: DotEnvLimit[] = [];
  parseDotEnv(`\n${lines.slice(0, 14).join('\n')}`, none, new ExpansionBudget(), (l) => last.push(l));
  assert.deepEqual(
    last.map((l) => [l.name, l.line]),
    [['V13', 15]],
  );
});
