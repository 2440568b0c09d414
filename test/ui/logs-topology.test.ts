// Logs, topology and the compose lenses in real VS Code (code-server + playwright-core + chromium), the
// packaged .vsix, editor and engine in a throwaway namespace (harness.ts). Screenshots go to
// test-results/ui/lt-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { dockerClient, testImage } from '../support/docker';
import { engineCli, openEditor, shot as saveShot, withShot as withSavedShot } from './harness';

const shot = (page: Page, name: string) => saveShot(page, `lt-${name}`);

async function runCommand(page: Page, title: string): Promise<void> {
  // Clicked, not Enter: fuzzy matching may put a longer title ("Show Engine DNS Log") first.
  const row = page
    .locator(
      `.quick-input-list .monaco-list-row[aria-label^="Switchyard: ${title.replace('Switchyard: ', '')}"]`,
    )
    .first();
  // Just after a window reload, the editors being restored can take the focus: the palette closes and
  // typed keys land in the open file (seen once in CI). So the title is set on the palette's own input,
  // never typed at whatever has the focus, and the palette is opened again if it closed.
  for (let attempt = 1; ; attempt++) {
    await focusWorkbench(page);
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    const shown = await input
      .fill(`>${title}`, { timeout: 5_000 })
      .then(() => row.waitFor({ timeout: 10_000 }))
      .then(() => true)
      .catch(() => false);
    if (shown) break;
    if (attempt === 3) throw new Error(`the command palette never listed "${title}" (3 attempts)`);
    await page.keyboard.press('Escape');
  }
  await row.click();
}

/** Picks the quick pick row whose label holds `label`, once the pick titled `title` is up. */
async function pick(page: Page, title: string, label: string): Promise<void> {
  await page.waitForSelector(`.quick-input-widget .quick-input-title:has-text("${title}")`, {
    state: 'visible',
  });
  await page.locator(`.quick-input-list .monaco-list-row:has-text("${label}")`).first().click();
}

/** The text of the active editor's visible lines. */
const editorText = async (page: Page) =>
  (await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText()).replace(
    /\u00a0/g,
    ' ',
  );

async function waitForEditorText(page: Page, re: RegExp, what: string, ms = 30_000): Promise<string> {
  const until = Date.now() + ms;
  let text = '';
  while (Date.now() < until) {
    text = await editorText(page).catch(() => '');
    if (re.test(text)) return text;
    await page.waitForTimeout(200);
  }
  throw new Error(`timed out waiting for ${what} (${re}); the editor shows:\n${text.slice(-1500)}`);
}

/** The page inside a webview (VS Code nests it in two iframes). */
const webview = (page: Page, title: string): FrameLocator =>
  page
    .frameLocator(`iframe.webview[title*="${title}"], iframe.webview.ready`)
    .last()
    .frameLocator('iframe#active-frame');

const withShot = (page: Page, name: string, body: () => Promise<void>) =>
  withSavedShot(page, `lt-${name}`, body);

test('Switchyard logs, topology and compose lenses in real VS Code', async (t) => {
  const ed = await openEditor(t, 'lt', () => undefined);
  if (!ed) return;
  const { page, folder, socket } = ed;
  const docker = dockerClient();
  const tag = `sy-lt-${process.pid}`;
  t.after(async () => {
    await docker
      .getContainer(tag)
      .remove({ force: true })
      .catch(() => undefined);
    await docker
      .getNetwork(`${tag}_front`)
      .remove()
      .catch(() => undefined);
    for (const sb of ['a', 'b']) await engineCli(socket, 'sandbox', 'rm', `dry_${tag}_${sb}`);
    await engineCli(socket, 'network', 'rm', `dry_${tag}_front`);
  });
  // A container that writes to stdout and stderr, on no network: its log is what is followed.
  const container = await docker.createContainer({
    name: tag,
    Image: testImage(),
    Cmd: ['sh', '-c', 'i=0; while true; do echo "out-$i"; echo "err-$i" >&2; i=$((i+1)); sleep 0.3; done'],
    HostConfig: { NetworkMode: 'none' },
  });
  await container.start();

  await page.goto(ed.url);
  await page.waitForSelector('.activitybar', { timeout: 90_000 });
  await page.click('.activitybar [aria-label="Switchyard"]');
  await page.waitForSelector('.part.sidebar .monaco-list-row:has-text("Docker networks")', {
    timeout: 60_000,
  });

  await t.test('a container log follows stdout and stderr and goes on after a restart', () =>
    withShot(page, '1-container', async () => {
      await runCommand(page, 'Switchyard: Show Container Log');
      await pick(page, 'which container', tag);
      await waitForEditorText(page, /out-\d+[\s\S]*! err-\d+/, 'stdout and marked stderr lines');
      await container.restart({ t: 0 });
      // After the restart the counter starts again at 0: a fresh out-0 after the note proves the re-attach.
      await waitForEditorText(
        page,
        /container stopped[\s\S]*following[\s\S]*out-0/,
        'the re-attach after the restart',
      );
      await shot(page, '1-container');
    }),
  );

  await t.test('the Docker daemon log shows where it comes from and dockerd lines', () =>
    withShot(page, '2-daemon', async () => {
      await runCommand(page, 'Switchyard: Show Docker Daemon Log');
      await waitForEditorText(page, /level=|msg=|dockerd/, 'the daemon log');
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+Home');
      await waitForEditorText(page, /source: \//, 'where the log comes from');
      await shot(page, '2-daemon');
    }),
  );

  await t.test('the topology draws the host networks and the container', () =>
    withShot(page, '3-topology', async () => {
      await runCommand(page, 'Switchyard: Show Topology');
      const status = webview(page, 'Topology').locator('#status');
      await status.filter({ hasText: /\d+ nodes/ }).waitFor({ timeout: 30_000 });
      const text = await status.innerText();
      const nodes = Number(/(\d+) nodes/.exec(text)?.[1]);
      const networks = (await docker.listNetworks()).length;
      assert.ok(nodes >= networks + 1, `${text}: at least the ${networks} Docker networks and our container`);
      await shot(page, '3-topology');
      // A node picked in the graph (here through its accessible button) is revealed and selected in the tree.
      await webview(page, 'Topology').locator(`#nodes button:has-text("${tag}")`).focus();
      await page.keyboard.press('Enter');
      await page
        .locator(`.part.sidebar .monaco-list-row.selected:has-text("${tag}")`)
        .waitFor({ timeout: 30_000 });
      await shot(page, '3-revealed');
    }),
  );

  await t.test('the compose lens creates the project networks in Docker, with compose labels', () =>
    withShot(page, '4-create', async () => {
      writeFileSync(
        join(folder, 'compose.yaml'),
        `name: ${tag}\nservices:\n  a:\n    image: x\n    networks: [front]\n  b:\n    image: x\n    networks: [front]\nnetworks:\n  front:\n    ipam:\n      config:\n        - subnet: 10.231.7.0/24\n`,
      );
      await openFile(page, 'compose.yaml');
      const lens = page.locator('.codelens-decoration a:has-text("Create these networks on localhost")');
      await lens.waitFor({ timeout: 30_000 });
      await shot(page, '4-lens');
      await lens.click();
      await pick(page, 'Create the networks', 'In Docker');
      await page.locator('.monaco-dialog-box a.monaco-button:has-text("Create 1")').click();
      const until = Date.now() + 30_000;
      let labels: Record<string, string> | undefined;
      while (!labels && Date.now() < until) {
        labels = await docker
          .getNetwork(`${tag}_front`)
          .inspect()
          .then((n) => n.Labels ?? {})
          .catch(() => undefined);
        if (!labels) await page.waitForTimeout(200);
      }
      assert.deepEqual(labels, { 'com.docker.compose.network': 'front', 'com.docker.compose.project': tag });
      await shot(page, '4-create');
    }),
  );

  await t.test('with the engine deployed: engine log, then a dry run matrix and its teardown', () =>
    withShot(page, '5-engine', async () => {
      await runCommand(page, 'Switchyard: Deploy Engine');
      await page.waitForSelector('.part.sidebar .monaco-list-row:has-text("Engine networks")', {
        timeout: 90_000,
      });
      await runCommand(page, 'Switchyard: Show Engine Log');
      await pick(page, 'lowest level', 'debug');
      await pick(page, 'which network', 'All networks');
      await waitForEditorText(page, /following the engine log[\s\S]*(INFO|DEBUG) /, 'engine log lines');
      await shot(page, '5-engine-log');
      await openFile(page, 'compose.yaml');
      // The docker network of the same subnet exists now (previous step): the engine must refuse the overlap
      // or build it; either way the matrix says so. Remove it so the dry run builds.
      await docker.getNetwork(`${tag}_front`).remove();
      const lens = page.locator(`.codelens-decoration a:has-text("Dry-run this project")`);
      await lens.waitFor({ timeout: 30_000 });
      await lens.click();
      const table = await previewText(
        page,
        /Who can ping whom/,
        'the dry-run matrix in the Markdown preview',
      );
      assert.match(table, new RegExp(`dry_${tag}_front`));
      assert.match(table, /✓ 10\.231\.7\.\d+/, `a ping succeeded across "front":\n${table}`);
      await shot(page, '5-dry-run');
      // The dry run's own network (same subnet) is not a conflict of the file it rehearses: no squiggle left.
      const squiggles = page.locator('.editor-instance .monaco-editor .squiggly-error');
      const until = Date.now() + 30_000;
      while ((await squiggles.count()) > 0 && Date.now() < until) await page.waitForTimeout(250);
      await shot(page, '5-no-problem');
      assert.equal(await squiggles.count(), 0, 'compose.yaml shows no error while its own dry run stands');
      await page.locator('.notifications-toasts a.monaco-button:has-text("Tear down")').click();
      await page.locator('.notifications-toasts :text("is torn down")').waitFor({ timeout: 30_000 });
    }),
  );

  await t.test('a dry run left standing by a reloaded window is found in the engine and torn down', () =>
    withShot(page, '6-reload', async () => {
      const lens = page.locator(`.codelens-decoration a:has-text("Dry-run this project")`);
      await lens.waitFor({ timeout: 30_000 });
      await lens.click();
      await page.locator('.notifications-toasts :text("is standing on")').waitFor({ timeout: 60_000 });
      await page.reload();
      await page.waitForSelector('.activitybar', { timeout: 90_000 });
      // The window may come back with the Switchyard view open; its icon toggles, so it is clicked only if not.
      const view = page.locator('.part.sidebar .composite.title:has-text("Switchyard")');
      const open = await view
        .waitFor({ timeout: 10_000 })
        .then(() => true)
        .catch(() => false);
      if (!open) await page.click('.activitybar [aria-label="Switchyard"]');
      await page.waitForSelector('.part.sidebar .monaco-list-row:has-text("Engine networks")', {
        timeout: 90_000,
      });
      await runCommand(page, 'Switchyard: Tear Down Dry Run');
      await page.locator('.notifications-toasts :text("is torn down")').waitFor({ timeout: 30_000 });
      await shot(page, '6-reload');
      const left = await engineCli(socket, 'sandbox', 'ls');
      assert.doesNotMatch(
        left.stdout,
        new RegExp(`dry_${tag}_`),
        `no sandbox of the dry run is left:\n${left.stdout}`,
      );
      const nets = await engineCli(socket, 'network', 'ls');
      assert.doesNotMatch(
        nets.stdout,
        new RegExp(`dry_${tag}_`),
        `no network of the dry run is left:\n${nets.stdout}`,
      );
    }),
  );

  await t.test('Forget Saved Passwords says what is saved for a host (nothing, for localhost as root)', () =>
    withShot(page, '7-forget', async () => {
      await runCommand(page, 'Switchyard: Forget Saved Passwords');
      // With hosts from ~/.ssh/config too, the command first asks which host.
      void page
        .locator('.quick-input-widget .quick-input-title:has-text("which host")')
        .waitFor({ timeout: 30_000 })
        .then(() => pick(page, 'which host', 'localhost'))
        .catch(() => undefined);
      await page
        .locator('.notifications-toasts :text("Nothing is saved for localhost")')
        .waitFor({ timeout: 30_000 });
      await shot(page, '7-forget');
    }),
  );
});

/**
 * The text of the dry run's Markdown preview. A click on its tab brings it to the front of its group, as a user
 * would look at it; it is found by what it shows, not by position (the topology webview of step 3 is still
 * open, and which iframe comes last in the DOM varies). code-server in headless chromium now and then leaves a
 * new preview's webview blank; a user then runs "Markdown: Refresh Preview", and so does this.
 */
async function previewText(page: Page, re: RegExp, what: string): Promise<string> {
  const tab = page.locator('.tabs-container .tab:has-text("Preview dry-run")');
  await tab.waitFor({ timeout: 60_000 });
  for (let attempt = 0; ; attempt++) {
    await tab.click();
    try {
      return await frameText(page, re, what, 20_000);
    } catch (err) {
      if (attempt === 2) throw err;
    }
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type('Markdown: Refresh Preview');
    await page
      .locator('.quick-input-list .monaco-list-row[aria-label^="Markdown: Refresh Preview"]')
      .first()
      .click();
  }
}

/** The text of the first frame (webviews included) whose body matches `re`, polled until `ms` passes. */
async function frameText(page: Page, re: RegExp, what: string, ms = 60_000): Promise<string> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    for (const frame of page.frames()) {
      const text = await frame
        .locator('body')
        .innerText({ timeout: 1_000 })
        .catch(() => '');
      if (re.test(text)) return text;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`timed out waiting for ${what} (${re}) in any frame of the page`);
}

/** A focused webview keeps the keyboard for itself: a click on an editor tab gives it back to the workbench. */
async function focusWorkbench(page: Page): Promise<void> {
  const tab = page.locator('.tabs-container .tab');
  if ((await tab.count()) > 0) await tab.first().click();
}

/** Quick Open from the workbench (a focused webview would keep Ctrl+P for itself). */
async function openFile(page: Page, name: string): Promise<void> {
  await focusWorkbench(page);
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(name);
  await page.locator(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`).first().click();
  // Quick Open now and then swallows the click (the row stays selected, the list open): Enter picks it then.
  const closed = await page
    .locator('.quick-input-widget')
    .waitFor({ state: 'hidden', timeout: 5_000 })
    .then(() => true)
    .catch(() => false);
  if (!closed) await page.keyboard.press('Enter');
}
