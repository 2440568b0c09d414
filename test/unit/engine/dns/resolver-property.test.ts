// Property: whatever the view, an answer only ever holds addresses of endpoints on a network the asking
// sandbox shares, and a sandbox on internal networks only is never forwarded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createScopedResolver } from '../../../../engine/src/dns/resolver';
import type { DnsView } from '../../../../engine/src/dns/view';
import { QTYPE } from '../../../../engine/src/dns/constants';

const NAMES = ['a', 'b', 'c', 'web', 'db'];

/** Random views: up to 4 networks, up to 6 sandboxes, each on a random subset with unique addresses. */
const views = fc
  .record({
    internal: fc.array(fc.boolean(), { minLength: 4, maxLength: 4, size: 'max' }),
    memberships: fc.array(
      fc.record({
        nets: fc.subarray([0, 1, 2, 3], { minLength: 1 }),
        name: fc.constantFrom(...NAMES),
        alias: fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 6, size: 'max' },
    ),
  })
  .map(({ internal, memberships }): DnsView => ({
    networks: [0, 1, 2, 3].map((n) => ({
      name: `net${n}`,
      internal: internal[n],
      endpoints: memberships.flatMap((m, s) =>
        m.nets.includes(n)
          ? [
              {
                sandbox: `s${s}`,
                name: m.name,
                aliases: m.alias ? [m.alias] : [],
                ipv4: `10.${n}.0.${s + 2}`,
              },
            ]
          : [],
      ),
    })),
  }));

test('answers stay within the networks the asking sandbox shares', () => {
  // Shares of the questions asked that end in an answer with records, a forward and an NXDOMAIN: each
  // branch of the scoping must be exercised, not only the empty answers.
  const seen = { asked: 0, records: 0, forward: 0, nxdomain: 0 };
  fc.assert(
    fc.property(
      views,
      fc.constantFrom(...NAMES, ...NAMES.map((n) => `${n}.net1`), 'x.example'),
      (view, qname) => {
        const r = createScopedResolver(view);
        for (const net of view.networks) {
          for (const ep of net.endpoints) {
            const mine = view.networks.filter((n) => n.endpoints.some((e) => e.sandbox === ep.sandbox));
            const allowed = new Set(mine.flatMap((n) => n.endpoints.map((e) => e.ipv4)));
            const res = r.resolve(ep.ipv4 ?? '', qname, QTYPE.A);
            seen.asked++;
            if (res.kind === 'answer' && res.records.length > 0) seen.records++;
            if (res.kind === 'forward') seen.forward++;
            if (res.kind === 'nxdomain') seen.nxdomain++;
            if (res.kind === 'answer') {
              for (const rec of res.records)
                assert.ok(allowed.has(rec.rdata.join('.')), `${qname} from ${ep.ipv4}`);
            }
            if (res.kind === 'forward')
              assert.ok(
                mine.some((n) => n.internal !== true),
                'internal-only forwarded',
              );
            if (res.kind === 'nxdomain') assert.ok(mine.every((n) => n.internal === true));
            assert.notEqual(res.kind, 'refused', 'a known sandbox is never refused');
          }
        }
      },
    ),
    { numRuns: 400 },
  );
  const measured = JSON.stringify(seen);
  assert.ok(seen.records >= seen.asked * 0.2, `too few questions answered with records: ${measured}`);
  assert.ok(seen.forward >= seen.asked * 0.1, `too few questions forwarded: ${measured}`);
  assert.ok(
    seen.nxdomain >= seen.asked * 0.02,
    `too few questions from internal-only sandboxes: ${measured}`,
  );
  if (process.env['SWITCHYARD_FUZZ_STATS']) console.log(`resolver property shares: ${measured}`);
});
