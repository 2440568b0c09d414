import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET072 marks interface_name overridden by a different ifname driver option', () => {
  checkFixture(fixture('NET072-interface-name-vs-ifname-opt.yaml'), { codes: ['NET072'] });
});

test('NET072 quotes Compose', () => {
  assert.match(
    messagesOf(fixture('NET072-interface-name-vs-ifname-opt.yaml'), 'NET072')[0] ?? '',
    /^ignoring services\.a\.networks\.front\.interface_name as com\.docker\.network\.endpoint\.ifname driver_opts is already declared/,
  );
});
