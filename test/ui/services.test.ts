// Services in real VS Code (issue 13): a replicated service on the overlay lab (three fake hosts, a three-member
// etcd: test/engine/overlay-lab.ts), seen through the localhost host whose engine socket is host 0's. The tree
// shows the cluster's services with their VIP, running/desired and replicas per host; "Probe This Service…"
// from the service's row sends requests through the VIP and the UI shows how they spread. What the UI shows is
// checked against the engine's own state. Screenshots go to test-results/ui/svc-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { ServiceInfo } from '@switchyard/protocol';
import { requireOrSkip, which } from '../support/env';
import type { NamespaceHost } from '../engine/harness';
import { OverlayLab, waitFor, NAME_RESPONDER } from '../engine/overlay-lab';
import { openEditor, shot as saveShot, withShot as withSavedShot } from './harness';
import { answer, contextMenu, rowNamed } from './steps';

const shot = (page: Page, name: string) => saveShot(page, `svc-${name}`);
const withShot = (page: Page, name: string, body: () => Promise<void>) =>
  withSavedShot(page, `svc-${name}`, body);

test('Switchyard services in real VS Code: the tree and "Probe This Service…" on a three-host cluster', async (t) => {
  const missing = ['etcd', 'setpriv'].filter((b) => which(b) === undefined);
  if (!requireOrSkip(t, missing.length === 0, `needs ${missing.join(', ')} (etcd-server, util-linux)`))
    return;
  const lab = await OverlayLab.start();
  t.after(() => lab.close());
  const h0 = lab.hosts[0] as NamespaceHost;
  await waitFor('three alive nodes', () =>
    h0.c.call('node.ls', {}).then((r) => r.nodes.filter((n) => n.state === 'alive').length === 3),
  );
  await h0.c.call('network.create', {
    name: 'uifront',
    driver: 'overlay',
    attachable: true,
    ipam: [{ subnet: '10.234.0.0/24', auxAddresses: {} }],
  });
  await h0.c.call('service.create', {
    name: 'echo',
    networks: ['uifront'],
    replicas: 3,
    command: NAME_RESPONDER,
  });
  const svc = await waitFor(
    'three replicas running',
    async () => {
      const s = await h0.c.call('service.inspect', { service: 'echo' });
      return s.tasks.filter((r) => r.state === 'running').length === 3 && s;
    },
    30_000,
  );
  const vip = svc.networks.find((n) => n.name === 'uifront')?.vip?.split('/')[0] as string;
  const hosts = [...new Set(svc.tasks.map((r) => r.host))].sort();
  assert.equal(hosts.length, 3, 'one replica per host (spread placement)');

  // The localhost host of the editor reaches host 0's engine through its socket (a file: no network needed).
  const ed = await openEditor(t, 'svc', () => undefined, { 'switchyard.engine.socket': h0.socket });
  if (!ed) return;
  const { page } = ed;
  const sidebar = page.locator('.part.sidebar');
  const row = (text: string) => sidebar.locator(`.monaco-list-row:has-text("${text}")`).first();
  const named = (name: string) => rowNamed(page, name);

  await t.test('the tree shows the service with its VIP, 3/3 running and one replica on each host', () =>
    withShot(page, '1-tree', async () => {
      await page.goto(ed.url);
      await page.waitForSelector('.activitybar', { timeout: 90_000 });
      await page.click('.activitybar [aria-label="Switchyard"]');
      await row('Cluster etcd://').waitFor({ timeout: 60_000 });
      const cluster = await row('Cluster etcd://').innerText();
      // The cluster row counts the hosts connected in this editor (one); the services count every host's.
      assert.match(cluster, /1 host · 1 overlay network · 1 service\b/, cluster);
      // Docker's networks are many and change under other tests: fold them away so the services fit.
      await sidebar
        .locator('.monaco-list-row[aria-expanded="true"]:has-text("Docker networks")')
        .click()
        .catch(() => undefined);
      const service = named('echo').first();
      await service.waitFor({ timeout: 30_000 });
      assert.equal(
        (await service.locator('.label-description').innerText()).trim(),
        `VIP ${vip} · 3/3 running · 3 hosts`,
      );
      await service.click();
      for (const host of hosts) {
        const hostRow = sidebar.locator(`.monaco-list-row:has-text("${host}"):has-text("replica")`).first();
        await hostRow.waitFor({ timeout: 30_000 });
        assert.match(await hostRow.innerText(), /1 replica · 1 running/);
      }
      for (const r of svc.tasks) {
        // The replica's row under its host (the sandbox of the same name under Sandboxes says no state).
        const address = r.addresses[0]?.ipv4?.split('/')[0] as string;
        const replica = named(r.name).filter({ hasText: 'running' }).first();
        await replica.waitFor({ timeout: 30_000 });
        const text = await replica.innerText();
        assert.ok(text.includes(address), `${text}: ${address}`);
      }
      await shot(page, '1-tree');
    }),
  );

  await t.test('"Probe This Service…" from the row: 30 requests spread over 3 replicas on 3 hosts', () =>
    withShot(page, '2-probe', async () => {
      await contextMenu(page, 'echo', 'Probe This Service…', undefined, named('echo'));
      await page.waitForSelector('.quick-input-widget .quick-input-title:has-text("Send the requests to")');
      await page.locator(`.quick-input-list .monaco-list-row:has-text("VIP ${vip}")`).first().click();
      await answer(page, '80', 'Port on');
      await answer(page, '30', 'How many requests?');
      await page.waitForSelector(
        '.quick-input-widget .quick-input-title:has-text("What does each request send")',
      );
      await page.locator('.quick-input-list .monaco-list-row:has-text("Read what the service says")').click();
      // The verdict (not the progress notification "Probing echo: 30 requests to …").
      const verdict = page.locator('.notification-toast:has-text("echo: 30 requests:")');
      await verdict.waitFor({ timeout: 60_000 });
      const text = (await verdict.innerText()).replace(/\s+/g, ' ');
      assert.match(text, /30 requests: 30 answered, by 3 of 3 running replicas on 3 hosts, 0 failed/, text);
      // The report (a Markdown preview) names each replica with its host and a share of the answers.
      const report = page
        .frameLocator('iframe.webview.ready')
        .last()
        .frameLocator('iframe#active-frame')
        .locator('table')
        .first();
      await report.waitFor({ timeout: 30_000 });
      const table = await report.innerText();
      for (const r of svc.tasks) {
        const line = table.split('\n').find((l) => l.includes(r.name)) ?? '';
        assert.match(
          line,
          new RegExp(`${r.host}\\s+running\\s+([1-9]\\d*)`),
          `report row of ${r.name}: ${line}`,
        );
      }
      await shot(page, '2-probe');
    }),
  );

  await t.test('the real state: the probe sandbox is gone, the service unchanged', async () => {
    // The command removes the sandbox it made right after showing its verdict: polled, not read once.
    await waitFor(
      'the sandbox made for the probe removed',
      async () => (await h0.c.call('sandbox.ls', {})).every((s) => !s.name.startsWith('probe-')),
      10_000,
    );
    const now: ServiceInfo = await h0.c.call('service.inspect', { service: 'echo' });
    assert.deepEqual(
      now.tasks.map((r) => `${r.name}@${r.host}:${r.state}`).sort(),
      svc.tasks.map((r) => `${r.name}@${r.host}:running`).sort(),
    );
  });
});
