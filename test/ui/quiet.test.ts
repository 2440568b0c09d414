// Quiet until asked, in real VS Code: opening a compose file activates Switchyard (its diagnostics appear, the
// host item shows in the status bar) without a single connection to the Docker socket or the engine's socket;
// opening the Switchyard view is what connects localhost. The two sockets are this test's own listeners,
// which count the connections made to them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../support/wait';
import { openCountingEditor, shot, withShot } from './harness';
import { openFile } from './steps';

test('Switchyard in real VS Code: quiet until the view is opened', async (t) => {
  // A Docker socket of our own and the engine's socket of the harness's settings count the connections made to
  // them.
  const opened = await openCountingEditor(t, 'quiet', (folder) => {
    writeFileSync(
      join(folder, 'compose.yaml'),
      'services:\n  web:\n    image: nginx\n    networks: [ghost]\n',
    );
    writeFileSync(join(folder, 'notes.yaml'), 'just: yaml\n');
  });
  if (!opened) return;
  const { ed } = opened;
  const { page } = ed;
  const docker = { count: opened.docker };
  const engine = { count: opened.engine };

  await t.test('a compose file activates it: diagnostics and the host item, no socket touched', async () => {
    await withShot(page, 'quiet-1-compose', async () => {
      await page.goto(ed.url);
      await page.waitForSelector('.activitybar', { timeout: 90_000 });
      await openFile(page, 'compose.yaml');
      await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60_000 });
      await page.waitForSelector('.statusbar-item:has-text("no host")', { timeout: 30_000 });
      await shot(page, 'quiet-1-compose');
      assert.equal(docker.count(), 0, 'no connection to the Docker socket before the view opens');
      assert.equal(engine.count(), 0, 'no connection to the engine socket before the view opens');
    });
  });

  await t.test('the status item leaves with the compose file', async () => {
    await withShot(page, 'quiet-2-yaml', async () => {
      await openFile(page, 'notes.yaml');
      await page.waitForSelector('.statusbar-item:has-text("no host")', { state: 'hidden', timeout: 30_000 });
      assert.deepEqual([docker.count(), engine.count()], [0, 0]);
    });
  });

  await t.test('opening the view connects localhost: now both sockets are tried', async () => {
    await withShot(page, 'quiet-3-view', async () => {
      await page.click('.activitybar [aria-label="Switchyard"]');
      await page.waitForSelector('.part.sidebar .monaco-list-row:has-text("localhost")', { timeout: 30_000 });
      await waitFor(() => docker.count() > 0, 30_000, { what: 'a connection to the Docker socket' });
      await waitFor(() => engine.count() > 0, 30_000, { what: 'a connection to the engine socket' });
      await page.waitForSelector('.statusbar-item:has-text("localhost")', { timeout: 30_000 });
      await shot(page, 'quiet-3-view');
    });
  });

  await t.test(
    'the walkthrough: four steps, each ticked off: connect and compose by what happened before it opened, network and ping by their buttons',
    async () => {
      await withShot(page, 'quiet-4-walkthrough', async () => {
        await page.keyboard.press('F1');
        await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
        await page.keyboard.type('Welcome: Open Walkthrough');
        await page
          .locator('.quick-input-list .monaco-list-row[aria-label*="Open Walkthrough"]')
          .first()
          .click();
        await page
          .locator('.quick-input-list .monaco-list-row:has-text("Get started with Switchyard")')
          .first()
          .click();
        const steps = page.locator('.gettingStartedContainer .getting-started-step .step-title');
        await steps.first().waitFor({ timeout: 30_000 });
        const titles = (await steps.allInnerTexts()).map((x) => x.trim());
        assert.deepEqual(titles, [
          'Connect a host',
          'Open a compose file',
          'Create a network',
          'Ping across it',
        ]);
        // A done step's icon is the theme icon `getting-started-step-checked` (class codicon-getting-started-…).
        const CHECKED = '.codicon[class*="getting-started-step-checked"]';
        const step = (title: string) =>
          page.locator(`.gettingStartedContainer .getting-started-step:has-text("${title}")`).first();
        const ticked = (title: string) => step(title).locator(CHECKED).waitFor({ timeout: 30_000 });
        // Both happened before VS Code made its walkthrough service (the view connected localhost; compose.yaml
        // was the active editor): VS Code's own onView/onContext listeners never saw them.
        await ticked('Connect a host');
        await ticked('Open a compose file');
        await shot(page, 'quiet-4-walkthrough');
        await step('Ping across it').click();
        await page
          .locator('.gettingStartedContainer .getting-started-step.expanded .monaco-button:has-text("Ping")')
          .click();
        await page.waitForSelector('.notification-toast:has-text("Nothing to run from yet")', {
          timeout: 30_000,
        });
        await ticked('Ping across it');
        await shot(page, 'quiet-5-walkthrough-ping');
        await step('Create a network').click();
        await page
          .locator(
            '.gettingStartedContainer .getting-started-step.expanded .monaco-button:has-text("Create Network")',
          )
          .click();
        // This test's Docker socket answers nothing: the command says so (and ran: the step ticks).
        await page.waitForSelector('.notification-toast:has-text("Connect to a host with Docker first")', {
          timeout: 30_000,
        });
        await ticked('Create a network');
        const checks = await page
          .locator('.gettingStartedContainer .getting-started-step')
          .evaluateAll((els, sel) => els.map((e) => !!e.querySelector(sel)), CHECKED);
        assert.deepEqual(checks, [true, true, true, true], 'every step ticked');
        await shot(page, 'quiet-6-walkthrough-done');
      });
    },
  );
});
