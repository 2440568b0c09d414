import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze } from '../../../../server/src/analyze';
import { loadProject, ParseCache } from '../../../../server/src/compose/loader';
import { allRules } from '../../../../server/src/rules/registry';
import type { ComposeProject } from '../../../../server/src/compose/project';
import { lastProjectWide } from '../../../../server/src/incremental/project-wide';
import { hostSnapshot } from '../incremental/host';

/**
 * The rules over the whole project keep their findings while what they read of each service is the same
 * (server/src/incremental/project-wide.ts). Here edits move what those rules compare between services:
 * host ports, static addresses, aliases, MACs, interface names, dependencies, network modes, endpoint modes,
 * container names, replicas and profiles. After every edit the findings must equal a fresh analysis. Values
 * come from small pools, so clashes between services come and go all the time.
 */
const FILE = '/project/compose.yaml';
const OVERRIDE = '/project/compose.override.yaml';
const NAMES = ['web', 'api', 'db', 'cache', 'worker'];

interface Attach {
  net: string;
  ipv4?: string;
  aliases: string[];
  mac?: string;
  ifname?: string;
}

interface Svc {
  /** A list of names (the short form) or attachments with settings (the long form). */
  networks: string[] | Attach[] | undefined;
  ports: string[];
  expose: string[];
  mode?: string;
  dependsOn: string[];
  links: string[];
  endpoint?: string;
  replicas?: number;
  profiles: string[];
  containerName?: string;
  mac?: string;
  /** What an override file (compose.override.yaml) adds to the service, when it names it. */
  over?: { ports: string[]; mode?: string; aliases: string[] };
}

const attachArb: fc.Arbitrary<Attach> = fc.record({
  net: fc.constantFrom('front', 'back', 'ghost', 'off'),
  ipv4: fc.option(fc.constantFrom('10.1.0.5', '10.1.0.6', '10.2.0.5', '10.9.9.9', '10.1.0.255', 'x'), {
    nil: undefined,
  }),
  aliases: fc.subarray(['a', 'b', 'web', 'db']),
  mac: fc.option(fc.constantFrom('02:42:ac:11:00:02', '02:42:AC:11:00:02', '02:42:ac:11:00:03'), {
    nil: undefined,
  }),
  ifname: fc.option(fc.constantFrom('eth1', 'a-very-long-interface-name'), { nil: undefined }),
});

const svcArb: fc.Arbitrary<Svc> = fc.record({
  networks: fc.oneof(
    fc.constant(undefined),
    fc.subarray(['front', 'back', 'off', 'ghost'], { minLength: 1 }),
    fc.uniqueArray(attachArb, { maxLength: 2, selector: (a) => a.net }),
  ),
  ports: fc.subarray(['8080:80', '8081:80', '127.0.0.1:8080:80', '8080-8081:80', '80', '53:53/udp', '9000']),
  expose: fc.subarray(['80', '3000']),
  mode: fc.option(fc.constantFrom('host', 'none', 'service:web', 'service:ghost', 'container:x'), {
    nil: undefined,
  }),
  dependsOn: fc.subarray(['web', 'api', 'db', 'ghost']),
  links: fc.subarray(['web', 'db']),
  endpoint: fc.option(fc.constantFrom('dnsrr', 'vip', 'bogus'), { nil: undefined }),
  replicas: fc.option(fc.constantFrom(1, 2), { nil: undefined }),
  profiles: fc.subarray(['debug']),
  containerName: fc.option(fc.constantFrom('one', 'two'), { nil: undefined }),
  mac: fc.option(fc.constantFrom('02:42:ac:11:00:02', '02:42:ac:11:00:04'), { nil: undefined }),
  over: fc.option(
    fc.record({
      ports: fc.subarray(['8080:80', '8082:80', '127.0.0.1:8080:80']),
      mode: fc.option(fc.constantFrom('host', 'service:db'), { nil: undefined }),
      aliases: fc.subarray(['a', 'web']),
    }),
    { nil: undefined },
  ),
});

/** The base file (its services named NAMES), or an included file (`names` given, and `include` left out). */
function render(services: Svc[], names = NAMES, include?: string): string {
  const out = [...(include === undefined ? [] : ['include:', `  - ${include}`]), 'services:'];
  if (services.length === 0) out[out.length - 1] = 'services: {}';
  services.forEach((s, i) => {
    out.push(`  ${names[i]}:`, '    image: busybox');
    const nets = s.networks ?? [];
    if (nets.length > 0 && typeof nets[0] === 'string') out.push(`    networks: [${nets.join(', ')}]`);
    else if (nets.length > 0) {
      out.push('    networks:');
      for (const a of nets as Attach[]) {
        out.push(`      ${a.net}:`);
        if (a.ipv4 !== undefined) out.push(`        ipv4_address: ${a.ipv4}`);
        if (a.aliases.length > 0) out.push(`        aliases: [${a.aliases.join(', ')}]`);
        if (a.mac !== undefined) out.push(`        mac_address: "${a.mac}"`);
        if (a.ifname !== undefined) out.push(`        interface_name: ${a.ifname}`);
      }
    }
    if (s.ports.length > 0) out.push('    ports:', ...s.ports.map((p) => `      - "${p}"`));
    if (s.expose.length > 0) out.push(`    expose: [${s.expose.map((p) => `"${p}"`).join(', ')}]`);
    if (s.mode !== undefined) out.push(`    network_mode: "${s.mode}"`);
    if (s.dependsOn.length > 0) out.push(`    depends_on: [${s.dependsOn.join(', ')}]`);
    if (s.links.length > 0) out.push(`    links: [${s.links.join(', ')}]`);
    if (s.endpoint !== undefined || s.replicas !== undefined) {
      out.push('    deploy:');
      if (s.endpoint !== undefined) out.push(`      endpoint_mode: ${s.endpoint}`);
      if (s.replicas !== undefined) out.push(`      replicas: ${s.replicas}`);
    }
    if (s.profiles.length > 0) out.push(`    profiles: [${s.profiles.join(', ')}]`);
    if (s.containerName !== undefined) out.push(`    container_name: ${s.containerName}`);
    if (s.mac !== undefined) out.push(`    mac_address: "${s.mac}"`);
  });
  out.push(
    'networks:',
    '  front:',
    '    ipam:',
    '      config:',
    '        - subnet: 10.1.0.0/24',
    '  back:',
    '    ipam:',
    '      config:',
    '        - subnet: 10.2.0.0/24',
    '  off:',
    '    enable_ipv4: false',
    '    enable_ipv6: true',
    '  unused: {}',
  );
  return out.join('\n') + '\n';
}

/** The override file: the services that have something in it, with only that. */
function renderOverride(services: Svc[]): string {
  const out = ['services:'];
  services.forEach((s, i) => {
    if (s.over === undefined) return;
    out.push(`  ${NAMES[i]}:`);
    if (s.over.ports.length > 0) out.push('    ports:', ...s.over.ports.map((p) => `      - "${p}"`));
    if (s.over.mode !== undefined) out.push(`    network_mode: "${s.over.mode}"`);
    if (s.over.aliases.length > 0)
      out.push(`    networks:`, `      front:`, `        aliases: [${s.over.aliases.join(', ')}]`);
  });
  return out.length > 1 ? out.join('\n') + '\n' : 'services: {}\n';
}

function load(files: Record<string, string>, cache?: ParseCache): ComposeProject {
  return loadProject({
    files: [FILE, OVERRIDE].filter((f) => files[f] !== undefined),
    reader: { read: (p) => files[p] },
    env: {},
    ...(cache ? { parseCache: cache } : {}),
  });
}

/** One step: a service gets a new body, or one of its values is copied onto another service. */
type Step =
  { kind: 'replace'; at: number; svc: Svc } | { kind: 'copy'; from: number; to: number; field: keyof Svc };

const FIELDS: (keyof Svc)[] = [
  'networks',
  'ports',
  'expose',
  'mode',
  'dependsOn',
  'links',
  'endpoint',
  'replicas',
  'profiles',
  'containerName',
  'mac',
  'over',
];

/** A value copied from one of `n` services onto one of `m`. */
const copyArb = <K extends string>(kind: K, n: number, m: number) =>
  fc.record({
    kind: fc.constant(kind),
    from: fc.nat(n - 1),
    to: fc.nat(m - 1),
    field: fc.constantFrom(...FIELDS),
  });

const stepArb = (n: number): fc.Arbitrary<Step> =>
  fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat(n - 1), svc: svcArb }),
    copyArb('copy' as const, n, n),
  );

function apply(services: Svc[], step: Step): Svc[] {
  const next = [...services];
  if (step.kind === 'replace') next[step.at] = step.svc;
  else {
    const from = services[step.from];
    const to = services[step.to];
    if (from && to) next[step.to] = { ...to, [step.field]: from[step.field] };
  }
  return next;
}

test('edits that move ports, addresses, aliases, MACs and references between services (base and override file): incremental equals fresh', () => {
  const hosts = [null, hostSnapshot(0)];
  let kept = 0;
  let wide = 0;
  fc.assert(
    fc.property(
      fc
        .array(svcArb, { minLength: 3, maxLength: NAMES.length })
        .chain((initial) =>
          fc.tuple(
            fc.constant(initial),
            fc.array(stepArb(initial.length), { minLength: 1, maxLength: 12 }),
            fc.nat(1),
          ),
        ),
      ([initial, steps, h]) => {
        const host = hosts[h] ?? null;
        const cache = new ParseCache();
        let services = initial;
        const agree = () => {
          const files = { [FILE]: render(services), [OVERRIDE]: renderOverride(services) };
          const text = JSON.stringify(files, null, 1);
          const incremental = analyze(load(files, cache), host);
          wide += lastProjectWide.rules;
          kept += lastProjectWide.rules - lastProjectWide.run;
          // A rule list of its own: nothing kept for the editor's context is shared with it (context.ts).
          const fresh = analyze(load(files), host, [...allRules]);
          assert.deepStrictEqual(incremental, fresh, `findings differ for:\n${text}`);
        };
        agree();
        for (const step of steps) {
          services = apply(services, step);
          agree();
        }
      },
    ),
    { numRuns: 200 },
  );
  // The property is about kept findings: most rules over the whole project must have been taken as kept.
  assert.ok(kept > wide / 20, `only ${kept} of ${wide} whole-project rule results were kept across edits`);
});

/**
 * The same with an `include`d file (compose-go: loaded as its own project, its resources merged under the
 * base's) holding services of its own, and the connected host's snapshot replaced between edits, as the
 * client sends a new one (none, one host, another). Edits change base services, included services, and copy
 * values from base services onto included ones, so clashes across the two files come and go.
 */
const INCLUDED = '/project/infra.yaml';
const INCLUDED_NAMES = ['queue', 'store'];

type WideStep =
  | Step
  | { kind: 'included'; at: number; svc: Svc }
  | { kind: 'across'; from: number; to: number; field: keyof Svc }
  | { kind: 'host'; h: number };

interface State {
  services: Svc[];
  included: Svc[];
  h: number;
}

const wideStepArb = (n: number, m: number): fc.Arbitrary<WideStep> =>
  fc.oneof(
    stepArb(n),
    fc.record({ kind: fc.constant('included' as const), at: fc.nat(m - 1), svc: svcArb }),
    copyArb('across' as const, n, m),
    fc.record({ kind: fc.constant('host' as const), h: fc.nat(2) }),
  );

function applyWide(state: State, step: WideStep): State {
  if (step.kind === 'host') return { ...state, h: step.h };
  if (step.kind === 'included') {
    const included = [...state.included];
    included[step.at] = step.svc;
    return { ...state, included };
  }
  if (step.kind === 'across') {
    const from = state.services[step.from];
    const to = state.included[step.to];
    if (!from || !to) return state;
    const included = [...state.included];
    included[step.to] = { ...to, [step.field]: from[step.field] };
    return { ...state, included };
  }
  return { ...state, services: apply(state.services, step) };
}

test('edits in the base, override and included files, with the host snapshot replaced between edits: incremental equals fresh', () => {
  const hosts = [null, hostSnapshot(0), hostSnapshot(1)];
  // That the generator reaches what the property is about: findings in the included and override files,
  // host findings, and a host replaced while the files stayed the same.
  const reached = { included: 0, override: 0, host: 0, hostSwaps: 0, kept: 0, wide: 0 };
  fc.assert(
    fc.property(
      fc
        .tuple(
          fc.array(svcArb, { minLength: 2, maxLength: NAMES.length }),
          fc.array(svcArb, { minLength: 1, maxLength: INCLUDED_NAMES.length }),
          fc.nat(2),
        )
        .chain(([services, included, h]) =>
          fc.tuple(
            fc.constant({ services, included, h }),
            fc.array(wideStepArb(services.length, included.length), { minLength: 1, maxLength: 12 }),
          ),
        ),
      ([initial, steps]) => {
        const cache = new ParseCache();
        let state: State = initial;
        const agree = () => {
          const files = {
            [FILE]: render(state.services, NAMES, 'infra.yaml'),
            [OVERRIDE]: renderOverride(state.services),
            [INCLUDED]: render(state.included, INCLUDED_NAMES),
          };
          const host = hosts[state.h] ?? null;
          const text = `host ${state.h}\n${JSON.stringify(files, null, 1)}`;
          const incremental = analyze(load(files, cache), host);
          reached.wide += lastProjectWide.rules;
          reached.kept += lastProjectWide.rules - lastProjectWide.run;
          const fresh = analyze(load(files), host, [...allRules]);
          assert.deepStrictEqual(incremental, fresh, `findings differ for:\n${text}`);
          for (const f of fresh) {
            if (f.at.file === INCLUDED) reached.included++;
            if (f.at.file === OVERRIDE) reached.override++;
            if (f.code.startsWith('HOST')) reached.host++;
          }
        };
        agree();
        for (const step of steps) {
          const before = state.h;
          state = applyWide(state, step);
          if (step.kind === 'host' && state.h !== before) reached.hostSwaps++;
          agree();
        }
      },
    ),
    { numRuns: 100 },
  );
  for (const [what, n] of Object.entries(reached))
    assert.ok(n > 0, `the generator never reached ${what}: ${JSON.stringify(reached)}`);
  assert.ok(reached.kept > reached.wide / 20, `too few kept results: ${JSON.stringify(reached)}`);
});
