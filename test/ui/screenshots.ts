// `npm run screenshots`: the README's pictures, taken from a real code-server session (the UI tier's harness:
// the packaged extension, Debian's chromium, editor and engine in a throwaway namespace) on the example
// projects. Writes media/screenshots/NN-name.png (fixed names: a re-run replaces them). Not part of CI or of
// `npm test`; needs what the UI tier needs (root, chromium, dockerd, code-server). Heavy: run it under
// `flock /tmp/switchyard-heavy.lock` on a shared machine.
import { copyFileSync, cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { engineCli, openEditor, repo, shot, shots } from './harness';
import { contextMenu, openFile, runCommand } from './steps';

const out = join(repo, 'media', 'screenshots');

/** Saves the page as media/screenshots/NAME.png (through the harness's test-results/ui/shot-NAME.png). */
async function save(page: Page, name: string): Promise<void> {
  await shot(page, `shot-${name}`);
  copyFileSync(join(shots, `shot-${name}.png`), join(out, `${name}.png`));
  console.log(`media/screenshots/${name}.png`);
}

async function main(): Promise<void> {
  const hooks: (() => unknown)[] = [];
  const t = {
    skip(message?: string) {
      throw new Error(`cannot take the screenshots: ${message ?? 'a prerequisite is missing'}`);
    },
    after(fn: () => unknown) {
      hooks.push(fn);
    },
  };
  mkdirSync(out, { recursive: true });
  try {
    const ed = await openEditor(t, 'shots', (folder) =>
      cpSync(join(repo, 'examples', 'broken'), folder, { recursive: true }),
    );
    if (!ed) throw new Error('the editor did not open');
    const { page, prefix, socket } = ed;
    hooks.push(async () => {
      for (const sb of ['web', 'api']) await engineCli(socket, 'sandbox', 'rm', `${prefix}${sb}`);
      await engineCli(socket, 'network', 'rm', `${prefix}shop`);
    });
    await page.goto(ed.url);
    await page.waitForSelector('.activitybar', { timeout: 90_000 });

    // 1. The example's mistakes, underlined where they are written, and listed in Problems.
    await openFile(page, 'compose.yaml');
    await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60_000 });
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row').nth(4).waitFor({ timeout: 30_000 });
    await save(page, '01-diagnostics');

    // 2. A rule's page, opened from a diagnostic's link.
    await page.locator('.markers-panel .monaco-list-row a.monaco-link').first().click();
    await page.locator('.tabs-container .tab:has-text("Preview")').first().waitFor({ timeout: 30_000 });
    await page
      .frameLocator('iframe.webview.ready')
      .last()
      .frameLocator('iframe#active-frame')
      .locator('h1')
      .first()
      .waitFor({ timeout: 30_000 });
    await save(page, '02-rule-page');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('W');

    // 3. The Switchyard view: localhost, its Docker networks, the engine deployed, a network and two sandboxes.
    await page.click('.activitybar [aria-label="Switchyard"]');
    const sidebar = page.locator('.part.sidebar');
    await sidebar.locator('.monaco-list-row:has-text("Engine not running")').click({ timeout: 60_000 });
    await sidebar.locator('.monaco-list-row:has-text("Engine networks")').waitFor({ timeout: 60_000 });
    for (const args of [
      ['network', 'create', '--subnet', '10.233.50.0/24', `${prefix}shop`],
      ['sandbox', 'create', `${prefix}web`, '--network', `${prefix}shop`],
      ['sandbox', 'create', `${prefix}api`, '--network', `${prefix}shop`],
    ]) {
      const r = await engineCli(socket, ...args);
      if (r.code !== 0) throw new Error(`switchyard-engine ${args.join(' ')}: ${r.stderr}`);
    }
    await sidebar.locator(`.monaco-list-row:has-text("${prefix}api")`).first().waitFor({ timeout: 30_000 });
    await save(page, '03-hosts-view');

    // 4. Ping from one sandbox to the other, from the tree.
    await contextMenu(page, `${prefix}web`, 'Ping…');
    await page.waitForSelector('.quick-input-widget .quick-input-title:has-text("Ping from")');
    await page.keyboard.type(`${prefix}api`);
    await page.keyboard.press('Enter');
    await page
      .locator('.part.panel .view-lines')
      .locator('text=/4\\s+received/')
      .first()
      .waitFor({ timeout: 30_000 });
    await save(page, '04-ping');

    // 5. The topology of the host.
    await runCommand(page, 'Switchyard: Show Topology');
    await page
      .frameLocator('iframe.webview.ready')
      .last()
      .frameLocator('iframe#active-frame')
      .locator('#status')
      .filter({ hasText: /\d+ nodes/ })
      .waitFor({ timeout: 30_000 });
    await save(page, '05-topology');
  } finally {
    for (const fn of hooks.reverse()) await Promise.resolve(fn()).catch((e: unknown) => console.error(e));
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
