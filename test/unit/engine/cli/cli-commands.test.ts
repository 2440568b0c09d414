// The engine CLI's habits, as `docker network`'s: aliases, --help per verb, --format, filters, prune's
// question, and every usage error raised before the daemon is asked (a fake client records what reaches it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkInspect } from '@switchyard/protocol';
import type { EngineClient } from '@switchyard/hostio';
import { VERB_ALIASES, runCommand } from '../../../../engine/src/cli/commands';
import { untilInstant } from '../../../../engine/src/cli/filters';
import { run } from '../../../support/proc';
import { join } from 'node:path';
import { UsageError } from '../../../../core/src/flags';

const net = (name: string, driver: string, labels: Record<string, string>, containers = 0): NetworkInspect =>
  ({
    Name: name,
    Id: `${name.padEnd(6, 'x')}0123456789abcdef0123456789abcdef`,
    Created: '2026-01-02T03:04:05.000Z',
    Scope: 'local',
    Driver: driver,
    EnableIPv6: false,
    IPAM: { Driver: 'default', Options: {}, Config: [{ Subnet: '10.1.0.0/24' }] },
    Internal: false,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: Object.fromEntries(
      Array.from({ length: containers }, (_, i) => [
        `c${i}`,
        { Name: `c${i}`, EndpointID: 'e', MacAddress: '', IPv4Address: '', IPv6Address: '' },
      ]),
    ),
    Options: {},
    Labels: labels,
  }) as unknown as NetworkInspect;

const NETS = [
  net('bridge', 'bridge', {}),
  net('front', 'bridge', { tier: 'web', team: 'a' }, 1),
  net('back', 'macvlan', { tier: 'db' }),
];

function fakeEngine() {
  const calls: [string, unknown][] = [];
  const client = {
    call: async (method: string, params: unknown) => {
      calls.push([method, params]);
      if (method === 'network.ls') return NETS;
      if (method === 'network.inspect')
        return NETS.find((n) => n.Name === (params as { network: string }).network);
      if (method === 'network.rm') return { removed: (params as { network: string }).network };
      if (method === 'network.prune') return { removed: ['back'] };
      if (method === 'sandbox.ls') return [];
      throw new Error(`unexpected ${method}`);
    },
  } as unknown as EngineClient;
  return { client, calls };
}

async function cli(...argv: string[]): Promise<{ out: string; calls: [string, unknown][] }> {
  const { client, calls } = fakeEngine();
  const lines: string[] = [];
  await runCommand(client, argv, (t) => lines.push(t));
  return { out: lines.join('\n'), calls };
}

test('ls|list and rm|remove are the same verbs, in every group', async () => {
  assert.deepEqual(VERB_ALIASES, { list: 'ls', remove: 'rm' });
  assert.deepEqual((await cli('network', 'list', '-q')).out, (await cli('network', 'ls', '-q')).out);
  assert.deepEqual((await cli('network', 'remove', 'front')).calls, [['network.rm', { network: 'front' }]]);
  assert.deepEqual((await cli('sandbox', 'list')).calls, [['sandbox.ls', {}]]);
});

test('network ls --format: Go-template fields as Docker names them, table, json', async () => {
  assert.equal((await cli('network', 'ls', '--format', '{{.Name}}')).out, 'bridge\nfront\nback');
  assert.equal(
    (await cli('network', 'ls', '--format', '{{.ID}} {{.Driver}}', '-f', 'name=back')).out,
    'backxx012345 macvlan',
  );
  assert.equal(
    (await cli('network', 'ls', '--format', '{{.Label "tier"}}|{{.Labels}}', '--filter', 'label=team')).out,
    'web|tier=web,team=a',
  );
  const table = (await cli('network', 'ls', '--format', 'table {{.Name}}\\t{{.Driver}}\\t{{.ID}}')).out;
  assert.deepEqual(table.split('\n'), [
    'NAME      DRIVER    NETWORK ID',
    'bridge    bridge    bridge012345',
    'front     bridge    frontx012345',
    'back      macvlan   backxx012345',
  ]);
  const rows = (await cli('network', 'ls', '--format', 'json')).out
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, string>);
  assert.deepEqual(rows[1], {
    ID: 'frontx012345',
    Name: 'front',
    Driver: 'bridge',
    Scope: 'local',
    IPv6: 'false',
    Internal: 'false',
    Labels: 'tier=web,team=a',
    CreatedAt: '2026-01-02T03:04:05.000Z',
    Status: 'ready',
  });
  assert.equal(
    (await cli('network', 'ls', '--format', '{{json .}}', '--filter', 'driver=macvlan')).out,
    JSON.stringify({ ...rows[2] }),
  );
  assert.match(
    (await cli('network', 'ls')).out,
    /^NETWORK ID {5}NAME {6}DRIVER {4}SCOPE\nbridge012345 {3}bridge {4}bridge {4}local\n/,
  );
});

test('network ls filters: keys as Docker, alternatives within a key, all keys together', async () => {
  const names = async (...f: string[]) =>
    (await cli('network', 'ls', '--format', '{{.Name}}', ...f.flatMap((x) => ['--filter', x]))).out;
  assert.equal(await names('driver=bridge'), 'bridge\nfront');
  assert.equal(await names('label=tier=db', 'label=tier=web'), 'front\nback');
  assert.equal(await names('driver=bridge', 'label=tier'), 'front');
  assert.equal(await names('type=custom'), 'front\nback');
  assert.equal(await names('dangling=true'), 'bridge\nback');
  await assert.rejects(
    cli('network', 'ls', '--filter', 'colour=red'),
    /invalid filter "colour": this command takes name, id/,
  );
});

test('network inspect --format runs the template over each network (JSON data: missing keys print <no value>)', async () => {
  const { out } = await cli(
    'network',
    'inspect',
    '-f',
    '{{.Name}} {{range .IPAM.Config}}{{.Subnet}}{{end}} {{.Labels.tier}} {{.Nope}}',
    'front',
    'back',
  );
  assert.equal(out, 'front 10.1.0.0/24 web <no value>\nback 10.1.0.0/24 db <no value>');
});

test('prune -f sends the filters; until becomes an instant; label! is a key of its own', async () => {
  const { calls, out } = await cli(
    'network',
    'prune',
    '-f',
    '--filter',
    'label=tier',
    '--filter',
    'label!=keep',
    '--filter',
    'until=2026-01-01',
  );
  assert.deepEqual(calls, [
    ['network.prune', { labels: ['tier'], notLabels: ['keep'], until: '2026-01-01T00:00:00.000Z' }],
  ]);
  assert.equal(out, 'Deleted Networks:\nback');
  const now = Date.parse('2026-06-01T12:00:00Z');
  assert.equal(untilInstant('24h', now), '2026-05-31T12:00:00.000Z');
  assert.equal(untilInstant('1h30m', now), '2026-06-01T10:30:00.000Z');
  assert.equal(untilInstant('1700000000', now), '2023-11-14T22:13:20.000Z');
  assert.throws(() => untilInstant('soon', now), UsageError);
  await assert.rejects(cli('network', 'prune', '-f', '--filter', 'driver=bridge'), /invalid filter "driver"/);
});

test('--help on every verb of every group prints its usage and asks the daemon nothing', async () => {
  for (const [group, verbs] of [
    ['network', ['ls', 'list', 'create', 'inspect', 'rm', 'remove', 'prune', 'connect', 'disconnect']],
    ['sandbox', ['ls', 'create', 'inspect', 'rm', 'exec']],
    ['node', ['ls']],
  ] as const) {
    for (const verb of verbs) {
      const { out, calls } = await cli(group, verb, '--help');
      const canonical = VERB_ALIASES[verb] ?? verb;
      assert.match(
        out,
        new RegExp(`^Usage:  switchyard-engine ${group} ${canonical}\\b`),
        `${group} ${verb}`,
      );
      assert.match(out, /\n {6}--help {3,}Print usage\n$/);
      assert.deepEqual(calls, []);
    }
    assert.match((await cli(group)).out, new RegExp(`Run 'switchyard-engine ${group} COMMAND --help'`));
  }
  for (const verb of ['ping', 'dns', 'tcp', 'capture', 'logs', 'events', 'version', 'info']) {
    const { out, calls } = await cli(verb, '--help');
    assert.match(out, new RegExp(`^Usage:  switchyard-engine ${verb}\\b`));
    assert.deepEqual(calls, []);
  }
  // After `--` the words belong to the command run in the sandbox.
  await assert.rejects(cli('sandbox', 'exec', 'sb', '--', 'ls', '--help'), /unexpected sandbox.exec/);
});

test('a usage error in any verb is raised before anything reaches the daemon', async () => {
  const verbs: string[][] = [
    ['network', 'ls'],
    ['network', 'create'],
    ['network', 'inspect'],
    ['network', 'rm'],
    ['network', 'prune'],
    ['network', 'connect'],
    ['network', 'disconnect'],
    ['sandbox', 'ls'],
    ['sandbox', 'create'],
    ['sandbox', 'inspect'],
    ['sandbox', 'rm'],
    ['sandbox', 'exec'],
    ['node', 'ls'],
    ['ping'],
    ['dns'],
    ['tcp'],
    ['capture'],
    ['logs'],
    ['events'],
    ['version'],
    ['info'],
  ];
  for (const v of verbs) {
    const { client, calls } = fakeEngine();
    await assert.rejects(
      runCommand(client, [...v, '--no-such-flag'], () => undefined),
      UsageError,
      v.join(' '),
    );
    assert.deepEqual(calls, [], v.join(' '));
  }
  const { client, calls } = fakeEngine();
  await assert.rejects(
    runCommand(client, ['network', 'ls', '--format', '{{.Name'], () => undefined),
    /--format: template: unclosed/,
  );
  await assert.rejects(
    runCommand(client, ['network', 'inspect'], () => undefined),
    /requires 1 argument/,
  );
  assert.deepEqual(calls, []);
});

const main = join(__dirname, '..', '..', '..', '..', 'engine', 'src', 'main.ts');
const engine = (argv: string[], input?: string) =>
  run([process.execPath, '--import', 'tsx', main, '--socket', '/nonexistent/switchyard-test.sock', ...argv], {
    timeoutMs: 30_000,
    ...(input !== undefined ? { input } : {}),
  });

test('without a daemon: --version, --help and usage errors work; prune asks first and stops on no', async () => {
  const version = await engine(['--version']);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^switchyard-engine version \d+\.\d+\.\d+, API \d+\.\d+\n$/);
  const usage = await engine(['network', 'ls', '--bogus']);
  assert.deepEqual([usage.code, usage.stderr], [2, 'unknown flag: --bogus\n']);
  assert.equal((await engine(['network', 'prune', '--help'])).code, 0);
  for (const answer of ['n\n', '', 'maybe\n']) {
    const no = await engine(['network', 'prune'], answer);
    assert.equal(no.code, 1);
    assert.match(
      no.stdout,
      /^WARNING! This will remove every engine network .*\nAre you sure you want to continue\? \[y\/N\] /,
    );
    assert.equal(no.stderr, 'network prune cancelled: nothing was removed\n', JSON.stringify(answer));
  }
  // Yes goes on to the daemon, which is not there: the error says so.
  const yes = await engine(['network', 'prune'], 'y\n');
  assert.equal(yes.code, 1);
  assert.match(yes.stderr, /cannot connect to the engine at \/nonexistent\/switchyard-test\.sock/);
});
