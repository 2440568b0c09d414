import { test } from 'node:test';
import { checkFixture, fixture } from './harness';
import { addressRules } from '../../../../../server/src/rules/compose/group-addresses';
import { hostWith } from './host-snapshot';

const codes = [...new Set(addressRules.map((r) => r.id))];

test('no address rule fires on a correct project', () => {
  checkFixture(fixture('addresses-clean.yaml'), { codes });
});

test('nor against a host that has what the project needs', () => {
  const host = hostWith({
    networks: [
      { name: 'traefik', subnets: ['172.20.0.0/16'] },
      { name: 'clean_front', subnets: ['10.128.0.0/24'] },
    ],
    routes: ['0.0.0.0/0', '192.168.1.0/24', '10.128.0.0/24'],
  });
  checkFixture(fixture('addresses-clean.yaml'), { codes, host });
});
