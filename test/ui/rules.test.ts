// A plain Kubernetes manifest in real VS Code (issue 14): a workspace holding only `k8s/web.yaml` (no compose
// file, no kustomization) activates Switchyard through the manifest layouts of `workspaceContains`, its
// diagnostics appear, and neither the Docker socket nor the engine's is touched. A diagnostic's rule link
// (`codeDescription.href`) clicked in the Problems panel opens the rule's page shipped with the extension as a
// Markdown preview. Screenshots go to test-results/ui/rules-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openCountingEditor, repo, shot, withShot } from './harness';
import { openFile } from './steps';

test('Switchyard in real VS Code: a plain manifest activates it quietly; a rule link opens its page', async (t) => {
  // The rule's own fixture (a NodePort Service with nodePorts outside the range) as a plain manifest.
  const opened = await openCountingEditor(t, 'rules', (folder) => {
    mkdirSync(join(folder, 'k8s'));
    copyFileSync(
      join(repo, 'test', 'fixtures', 'rules', 'kubernetes', 'K8S001-node-port-range.yaml'),
      join(folder, 'k8s', 'web.yaml'),
    );
  });
  if (!opened) return;
  const { ed } = opened;
  const { page } = ed;
  const counts = () => [opened.docker(), opened.engine()];

  await t.test('k8s/web.yaml alone activates it: K8S001 on the nodePort, no socket touched', () =>
    withShot(page, 'rules-1-manifest', async () => {
      await page.goto(ed.url);
      await page.waitForSelector('.activitybar', { timeout: 90_000 });
      await openFile(page, 'web.yaml');
      await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60_000 });
      await page.keyboard.press('Control+Shift+M');
      const problem = page.locator('.markers-panel .monaco-list-row:has-text("K8S001")').first();
      await problem.waitFor({ timeout: 30_000 });
      assert.match(await problem.innerText(), /nodePort/);
      await shot(page, 'rules-1-manifest');
      assert.deepEqual(counts(), [0, 0], 'no socket touched by activation');
    }),
  );

  await t.test(
    "the diagnostic's rule link opens the rule's page (shipped with the extension) as a preview",
    () =>
      withShot(page, 'rules-2-page', async () => {
        const problem = page.locator('.markers-panel .monaco-list-row:has-text("K8S001")').first();
        const link = problem.locator('a.monaco-link').first();
        assert.match((await link.getAttribute('href')) ?? '', /^command:switchyard\.rule\.open\?/);
        await link.click();
        await page.locator('.tabs-container .tab:has-text("K8S001.md")').first().waitFor({ timeout: 30_000 });
        const heading = page
          .frameLocator('iframe.webview.ready')
          .last()
          .frameLocator('iframe#active-frame')
          .locator('h1')
          .first();
        await heading.waitFor({ timeout: 30_000 });
        assert.equal((await heading.innerText()).trim(), 'K8S001: nodePort outside the node port range');
        await shot(page, 'rules-2-page');
        assert.deepEqual(counts(), [0, 0]);
      }),
  );
});
