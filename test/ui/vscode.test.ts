// The extension in real VS Code: code-server with the packaged .vsix, driven by playwright-core in Debian's
// chromium; editor, browser and engine in a throwaway namespace (harness.ts). Each step saves a screenshot under
// test-results/ui/. Needs root, dockerd (for the localhost host) and code-server (installed once per machine).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { dockerClient } from '../support/docker';
import { isCI } from '../support/env';
import { engineCli, openEditor, repo, shot, shots, withShot } from './harness';
import { answer, contextMenu, runCommand } from './steps';

test('Switchyard in real VS Code: tree, create network, host-aware diagnostic, engine sandboxes and ping', async (t) => {
  const ed = await openEditor(t, 'ui', (folder) =>
    cpSync(join(repo, 'examples', 'clean'), folder, { recursive: true }),
  );
  if (!ed) return;
  const { page, folder, prefix, socket } = ed;
  const server = { url: ed.url };
  t.after(async () => {
    for (const sb of ['alpha', 'beta']) await engineCli(socket, 'sandbox', 'rm', `${prefix}${sb}`);
    await engineCli(socket, 'network', 'rm', `${prefix}net`);
  });
  const docker = dockerClient();
  const netName = `sy-ui-${process.pid}`;
  t.after(async () => {
    await docker
      .getNetwork(netName)
      .remove()
      .catch(() => undefined);
  });

  await t.test('the Switchyard view shows localhost and its Docker networks with subnets', async () => {
    await page.goto(server.url);
    await page.waitForSelector('.activitybar', { timeout: 90_000 });
    await page.click('.activitybar [aria-label="Switchyard"]');
    await page.waitForSelector('.part.sidebar .monaco-list-row:has-text("localhost")', { timeout: 30_000 });
    await page.waitForSelector('.part.sidebar .monaco-list-row:has-text("bridge")', { timeout: 30_000 });
    const bridge = await page
      .locator('.part.sidebar .monaco-list-row:has-text("bridge")')
      .first()
      .innerText();
    const inspect = await docker.getNetwork('bridge').inspect();
    const subnet = (inspect as { IPAM: { Config: { Subnet: string }[] } }).IPAM.Config[0]?.Subnet ?? '';
    assert.ok(bridge.includes(subnet), `tree row "${bridge}" shows ${subnet}`);
    await shot(page, '1-tree');
  });

  let subnet = '';
  await t.test('create a network with the multi-step quick pick; it appears with its subnet', async () => {
    await runCommand(page, 'Switchyard: Create Network');
    await answer(page, netName, 'name');
    await answer(page, 'bridge', 'driver');
    subnet = await answer(page, undefined, 'subnet');
    assert.match(subnet, /^\d+\.\d+\.\d+\.\d+\/24$/, 'a free subnet is suggested');
    await answer(page, undefined, 'gateway');
    const ipRange = subnet.replace(/\.0\/24$/, '.128/25');
    await answer(page, ipRange, 'ip-range');
    await answer(page, undefined, 'options');
    await answer(page, 'team=ui, purpose=test', 'labels');
    await page.waitForSelector(`.part.sidebar .monaco-list-row:has-text("${netName}")`, { timeout: 30_000 });
    const row = await page.locator(`.part.sidebar .monaco-list-row:has-text("${netName}")`).innerText();
    assert.ok(row.includes(subnet), `row "${row}" shows ${subnet}`);
    const created = (await docker.getNetwork(netName).inspect()) as {
      IPAM: { Config: { Subnet: string; IPRange?: string }[] };
      Labels: Record<string, string>;
    };
    assert.equal(created.IPAM.Config[0]?.Subnet, subnet);
    assert.equal(created.IPAM.Config[0]?.IPRange, ipRange);
    assert.deepEqual(created.Labels, { team: 'ui', purpose: 'test' });
    await shot(page, '2-created');
  });

  await t.test(
    'a compose file whose subnet overlaps the new network gets the host-aware diagnostic',
    async () => {
      writeFileSync(
        join(folder, 'compose.yaml'),
        `services:\n  web:\n    image: nginx\n    networks: [lan]\nnetworks:\n  lan:\n    ipam:\n      config:\n        - subnet: ${subnet}\n`,
      );
      await page.keyboard.press('Control+P');
      await page.keyboard.type('compose.yaml');
      await page.waitForSelector('.quick-input-list .monaco-list-row', { state: 'visible' });
      await page.keyboard.press('Enter');
      await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 30_000 });
      await page.keyboard.press('Control+Shift+M');
      const problem = page.locator('.markers-panel .monaco-list-row:has-text("HOST001")');
      await problem.first().waitFor({ timeout: 30_000 });
      const text = await problem.first().innerText();
      assert.ok(text.includes(netName), `problem "${text}" names ${netName}`);
      await shot(page, '3-diagnostic');
    },
  );
  await t.test('deploy the engine, make two sandboxes on an engine network, ping one from the other', () =>
    withShot(page, '4', () => engineSteps(page, prefix)),
  );
  await t.test(
    'disconnect the host, then connect again: the running engine is attached, not redeployed',
    () =>
      withShot(page, '6', async () => {
        const sidebar = page.locator('.part.sidebar');
        const hostRow = sidebar.locator('.monaco-list-row:has-text("localhost")').first();
        // The row's inline action (a context menu sometimes swallows a click while it animates in).
        await hostRow.hover();
        await hostRow.locator('.action-label[aria-label^="Disconnect"]').click();
        await sidebar.locator('.monaco-list-row:has-text("localhost"):has-text("disconnected")').waitFor({
          timeout: 30_000,
        });
        assert.equal(await sidebar.locator('.monaco-list-row:has-text("Engine networks")').count(), 0);
        // The status bar says so, and the host-aware error of compose.yaml (HOST001) leaves with the host.
        const status = page.locator('.statusbar-item:has-text("localhost")').first();
        await status.locator('.codicon-vm-outline').waitFor({ timeout: 10_000 });
        await page
          .locator('.monaco-editor .squiggly-error')
          .first()
          .waitFor({ state: 'detached', timeout: 30_000 });
        await shot(page, '6-disconnected');
        await hostRow.hover();
        await hostRow.locator('.action-label[aria-label^="Connect"]').click();
        await sidebar.locator('.monaco-list-row:has-text("localhost"):has-text("connected")').waitFor({
          timeout: 60_000,
        });
        await sidebar
          .locator(`.monaco-list-row:has-text("${prefix}net")`)
          .first()
          .waitFor({ timeout: 60_000 });
        await status.locator('.codicon-vm-active').waitFor({ timeout: 10_000 });
        await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
        await shot(page, '6-reconnected');
      }),
  );
  if (isCI()) console.log(`screenshots in ${shots}`);
});

async function engineSteps(page: Page, prefix: string): Promise<void> {
  const sidebar = page.locator('.part.sidebar');
  await sidebar.locator('.monaco-list-row:has-text("Engine not running")').click();
  await sidebar.locator('.monaco-list-row:has-text("Engine networks")').waitFor({ timeout: 60_000 });
  // Docker's group can change size while other tools create networks, which moves the rows under the mouse:
  // collapse it first, and check that the wizard says where the network goes.
  await page
    .locator('.part.sidebar .monaco-list-row[aria-expanded="true"]:has-text("Docker networks")')
    .click();
  await contextMenu(page, 'Engine networks', 'Create Network…');
  // The engine offers bridge and macvlan here; overlay only once the engine is in a cluster (Form Cluster).
  await answer(page, `${prefix}net`, 'in the engine (1/7): name');
  await page.waitForSelector('.quick-input-widget .quick-input-title:has-text("driver")', {
    state: 'visible',
  });
  const drivers = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
  assert.deepEqual(
    drivers.map((d) => d.trim()),
    ['bridge', 'macvlan'],
    'a single-host engine offers bridge and macvlan, not overlay',
  );
  await answer(page, 'bridge', 'driver');
  const engineSubnet = await answer(page, undefined, 'subnet');
  await answer(page, undefined, 'gateway');
  await answer(page, undefined, 'ip-range');
  await answer(page, undefined, 'options');
  await answer(page, undefined, 'labels');
  await sidebar.locator(`.monaco-list-row:has-text("${prefix}net")`).waitFor({ timeout: 30_000 });
  for (const name of ['alpha', 'beta']) {
    await contextMenu(page, 'Sandboxes', 'Create Sandbox…');
    await answer(page, `${prefix}${name}`, 'name');
    await page.waitForSelector(`.quick-input-widget .quick-input-title:has-text("networks")`);
    await page.locator(`.quick-input-list .monaco-list-row:has-text("${prefix}net")`).click();
    await page.keyboard.press('Enter');
    await sidebar.locator(`.monaco-list-row:has-text("${prefix}${name}")`).waitFor({ timeout: 30_000 });
  }
  const beta = await sidebar.locator(`.monaco-list-row:has-text("${prefix}beta")`).innerText();
  const betaIp = /(\d+\.\d+\.\d+\.\d+)/.exec(beta)?.[1] ?? '';
  assert.ok(
    betaIp.startsWith(engineSubnet.split('.').slice(0, 3).join('.')),
    `${beta} is on ${engineSubnet}`,
  );
  await shot(page, '4-sandboxes');
  await contextMenu(page, `${prefix}alpha`, 'Ping…');
  await page.waitForSelector('.quick-input-widget .quick-input-title:has-text("Ping from")');
  await page.keyboard.type(`${prefix}beta`);
  await page.keyboard.press('Enter');
  const output = page.locator('.part.panel .view-lines');
  // Monaco renders spaces as no-break spaces; \s matches both.
  await output.locator('text=/4\\s+received/').first().waitFor({ timeout: 30_000 });
  const text = await output.innerText();
  const plain = text.replace(/\u00a0/g, ' ');
  assert.match(plain, new RegExp(`from ${betaIp.replace(/\./g, '\\.')}`), plain);
  assert.match(plain, /4 packets transmitted, 4 received, 0% packet loss/, plain);
  await shot(page, '5-ping');
}
