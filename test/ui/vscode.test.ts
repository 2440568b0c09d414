// The extension in real VS Code: code-server with the packaged .vsix, driven by playwright-core in Debian's
// chromium. Each step saves a screenshot under test-results/ui/. Needs dockerd (for the localhost host) and
// code-server (installed once per machine by scripts/ui/install-code-server.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { dockerClient, dockerReachable } from '../support/docker';
import { isCI, requireOrSkip, which } from '../support/env';

const repo = join(__dirname, '..', '..');
const shots = join(repo, 'test-results', 'ui');
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface CodeServer {
  url: string;
  stop(): Promise<void>;
  log(): string;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(title);
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${title}"]`);
  await page.keyboard.press('Enter');
}

/** Types into the open input box or quick pick and accepts it. */
async function answer(page: Page, text: string | undefined, expectTitle: string): Promise<string> {
  await page.waitForSelector(`.quick-input-widget .quick-input-title:has-text("${expectTitle}")`, {
    state: 'visible',
  });
  const input = page.locator('.quick-input-widget input.input');
  const value = await input.inputValue();
  if (text !== undefined) {
    await input.fill(text);
  }
  await page.keyboard.press('Enter');
  return text ?? value;
}

test('Switchyard in real VS Code: tree, create network, host-aware compose diagnostic', async (t) => {
  if (!requireOrSkip(t, which('chromium') !== undefined, 'needs Debian chromium (apt-get install chromium)'))
    return;
  if (!requireOrSkip(t, await dockerReachable(), 'needs a running dockerd (scripts/ci/services.sh start)'))
    return;
  const { installCodeServer, packageExtension, startCodeServer } = (await import(
    join(repo, 'scripts', 'ui', 'code-server.mjs')
  )) as {
    installCodeServer(): void;
    packageExtension(out: string): string;
    startCodeServer(o: { vsix: string; folder: string; settings?: object }): Promise<CodeServer>;
  };
  try {
    installCodeServer();
  } catch (err) {
    if (!requireOrSkip(t, false, `code-server could not be installed: ${(err as Error).message}`)) return;
  }
  mkdirSync(shots, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'sy-ui-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const folder = join(work, 'project');
  cpSync(join(repo, 'examples', 'clean'), folder, { recursive: true });
  const vsix = packageExtension(join(work, 'switchyard.vsix'));
  const server = await startCodeServer({
    vsix,
    folder,
    settings: { 'git.openRepositoryInParentFolders': 'never', 'chat.disableAIFeatures': true },
  });
  t.after(() => server.stop());
  const { chromium } = await import('playwright-core');
  const browser: Browser = await chromium.launch({ executablePath: which('chromium'), args: chromiumArgs });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
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
    await answer(page, undefined, 'options');
    await page.waitForSelector(`.part.sidebar .monaco-list-row:has-text("${netName}")`, { timeout: 30_000 });
    const row = await page.locator(`.part.sidebar .monaco-list-row:has-text("${netName}")`).innerText();
    assert.ok(row.includes(subnet), `row "${row}" shows ${subnet}`);
    const created = (await docker.getNetwork(netName).inspect()) as {
      IPAM: { Config: { Subnet: string }[] };
    };
    assert.equal(created.IPAM.Config[0]?.Subnet, subnet);
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
  if (isCI()) console.log(`screenshots in ${shots}`);
});
