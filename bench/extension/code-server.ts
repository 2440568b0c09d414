// Activation in real VS Code (root, Debian chromium, code-server; test/ui/harness.ts sets them up in a
// throwaway namespace): opens the Switchyard view, then "Developer: Show Running Extensions" and reads the
// activation time VS Code itself measured for Switchyard. Run directly:
//   node --import tsx bench/extension/code-server.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEditor } from '../../test/ui/harness';

export async function measureInCodeServer(): Promise<{ text: string } | { notMeasured: string }> {
  let skipped: string | undefined;
  const afters: (() => unknown)[] = [];
  const t = {
    skip: (m?: string) => void (skipped = m ?? 'skipped'),
    after: (fn: () => unknown) => afters.push(fn),
  };
  try {
    const ed = await openEditor(t, 'bench', (folder) =>
      writeFileSync(join(folder, 'compose.yaml'), 'services:\n  web:\n    image: nginx\n'),
    );
    if (!ed) return { notMeasured: skipped ?? 'the editor did not open' };
    const { page } = ed;
    await page.goto(ed.url);
    await page.waitForSelector('.activitybar', { timeout: 120_000 });
    await page.click('.activitybar [aria-label="Switchyard"]');
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type('Show Running Extensions');
    await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="Show Running Extensions"]');
    await page.keyboard.press('Enter');
    const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: 'Switchyard' });
    await row.first().waitFor({ timeout: 60_000 });
    // The row says e.g. "Switchyard … Activation: 512ms" (or "Startup Activation").
    await page
      .locator('.runtime-extensions-editor', { hasText: /Activation/i })
      .first()
      .waitFor({ timeout: 60_000 });
    return { text: (await row.first().innerText()).replace(/\s+/g, ' ').trim() };
  } finally {
    for (const fn of afters.reverse()) await Promise.resolve(fn()).catch((e: unknown) => console.error(e));
  }
}

if (require.main === module) {
  measureInCodeServer().then(
    (r) => {
      console.log(
        'text' in r ? `code-server, Show Running Extensions: ${r.text}` : `not measured: ${r.notMeasured}`,
      );
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
