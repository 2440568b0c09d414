// `--format`: the Go-template subset Docker users write, and its bounds on hostile templates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEMPLATE_LIMITS, Template, TemplateError, struct } from '../../../../engine/src/cli/template';

const net = {
  Name: 'front',
  Id: 'a1b2c3d4e5f6a7b8',
  Driver: 'bridge',
  Labels: { tier: 'web', 'com.example.team': 'net' },
  IPAM: {
    Driver: 'default',
    Config: [{ Subnet: '10.1.0.0/24', Gateway: '10.1.0.1' }, { Subnet: 'fd00::/64' }],
  },
  Containers: {},
  Internal: false,
  Label: (k: string) => ({ tier: 'web' })[k] ?? '',
};
const render = (t: string, dot: unknown = net): string => Template.parse(t).render(dot);

test('fields, nested fields, json, index, methods and pipes as in Go templates', () => {
  assert.equal(render('{{.Name}}\t{{.Driver}}'), 'front\tbridge');
  assert.equal(render('{{.IPAM.Driver}}'), 'default');
  assert.equal(
    render('{{json .IPAM.Config}}'),
    '[{"Subnet":"10.1.0.0/24","Gateway":"10.1.0.1"},{"Subnet":"fd00::/64"}]',
  );
  assert.equal(render('{{json .Name}}'), '"front"');
  assert.equal(render('{{index .Labels "tier"}}|{{index .Labels "missing"}}|'), 'web||');
  assert.equal(render('{{json (index .IPAM.Config 1)}}'), '{"Subnet":"fd00::/64"}');
  assert.equal(render('{{.Label "tier"}}'), 'web');
  assert.equal(render('{{.Name | upper}} {{upper .Driver}} {{.Name | printf "%s!"}}'), 'FRONT BRIDGE front!');
  assert.equal(render('{{truncate .Id 5}} {{len .IPAM.Config}} {{title "ab cd"}}'), 'a1b2c 2 Ab Cd');
  assert.equal(render('{{join (split "a,b,c" ",") "-"}}'), 'a-b-c');
  assert.equal(
    render('{{.Labels}} {{.Internal}} {{.Containers}}'),
    'map[com.example.team:net tier:web] false map[]',
  );
  assert.equal(render('{{.}}', 7), '7');
  assert.equal(render('{{/* a comment */}}x'), 'x');
});

test('range, if, with, else and the trim markers', () => {
  assert.equal(render('{{range .IPAM.Config}}{{.Subnet}} {{end}}'), '10.1.0.0/24 fd00::/64 ');
  assert.equal(render('{{range .Containers}}x{{else}}none{{end}}'), 'none');
  assert.equal(render('{{range .Labels}}[{{.}}]{{end}}'), '[net][web]', 'map values by sorted key');
  assert.equal(render('{{if .Internal}}internal{{else}}routed{{end}}'), 'routed');
  assert.equal(render('{{if eq .Driver "bridge"}}yes{{end}}{{if not .Internal}}!{{end}}'), 'yes!');
  assert.equal(render('{{with .IPAM}}{{.Driver}}{{end}}'), 'default');
  assert.equal(render('a  {{- .Name -}}  b'), 'afrontb');
  assert.equal(
    render('{{range .IPAM.Config}}{{if .Gateway}}{{.Gateway}}{{else}}-{{end}},{{end}}'),
    '10.1.0.1,-,',
  );
});

test('bad templates are refused at parse time with what is wrong', () => {
  const bad: [string, RegExp][] = [
    ['{{.Name', /unclosed action/],
    ['{{range .X}}a', /without \{\{end\}\}/],
    ['{{end}}', /unexpected \{\{end\}\}/],
    ['{{exec "ls"}}', /function "exec" not defined/],
    ['{{$x := 1}}', /variables .* not supported/],
    ['{{.Name | }}', /empty command/],
    ['{{json (index .Labels "a"}}', /unclosed "\("/],
    ['{{else if .X}}', /unexpected|not supported/],
  ];
  for (const [t, re] of bad)
    assert.throws(
      () => Template.parse(t),
      (e: unknown) => e instanceof TemplateError && re.test((e as Error).message),
      t,
    );
});

test('evaluation errors name the field and the fields that exist', () => {
  const row = struct({ ID: 'a1b2', Name: 'front' });
  assert.throws(() => render('{{.Nmae}}', row), /can't evaluate field Nmae in object; fields: ID, Name$/);
  assert.equal(render('{{.Nmae}}|{{.IPAM.Nope}}|{{if .Nope}}x{{end}}'), '<no value>|<no value>|', 'maps');
  assert.throws(() => render('{{index .IPAM.Config 5}}'), /index 5 out of range \(length 2\)/);
  assert.throws(() => render('{{.Name "x"}}'), /not a function/);
  assert.throws(() => render('{{range .Name}}{{end}}'), /can't iterate/);
});

test('hostile templates: size, depth, output and steps are bounded', () => {
  assert.throws(() => Template.parse('x'.repeat(TEMPLATE_LIMITS.chars + 1)), /at most 4096/);
  const deep = '{{if 1}}'.repeat(TEMPLATE_LIMITS.depth + 2) + '{{end}}'.repeat(TEMPLATE_LIMITS.depth + 2);
  assert.throws(() => Template.parse(deep), /nested deeper than 20/);
  const wide = { L: Array.from({ length: 2000 }, (_, i) => i) };
  // 2000 x 2000 x 2000 iterations would never end; the step budget stops it.
  assert.throws(() => render('{{range .L}}{{range $.L}}{{end}}{{end}}', wide), /variables/);
  const nested = { L: Array.from({ length: 400 }, () => Array.from({ length: 400 }, () => 'x')) };
  assert.throws(
    () => render('{{range .L}}{{range .}}{{.}}{{end}}{{end}}', nested),
    /stopped after 100000 steps/,
  );
  const big = { S: 'y'.repeat(600_000) };
  assert.throws(() => render('{{.S}}{{.S}}', big), /output larger than 1048576 bytes/);
});
