// Steps the UI tests share: run a command from the palette, answer an input box or quick pick, pick from a tree
// row's context menu. Each waits for what it acts on; none sleeps a fixed time.
import type { Locator, Page } from 'playwright-core';

/** Runs a command by its title from the command palette (F1). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(title);
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${title}"]`);
  await page.keyboard.press('Enter');
}

/** Types into the open input box or quick pick titled `expectTitle` and accepts it; returns what was accepted. */
export async function answer(page: Page, text: string | undefined, expectTitle: string): Promise<string> {
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

/** Clicks the row holding `label` in the open quick pick titled `title`. */
export async function pick(page: Page, title: string, label: string): Promise<void> {
  await page.waitForSelector(`.quick-input-widget .quick-input-title:has-text("${title}")`, {
    state: 'visible',
  });
  await page.locator(`.quick-input-list .monaco-list-row:has-text("${label}")`).first().click();
}

/**
 * Right-clicks the sidebar row that shows `row` and picks `item` from its context menu. The menu sometimes
 * swallows a click while it animates in, so the pick is retried until what the command opens (`opens`) shows.
 */
export async function contextMenu(
  page: Page,
  row: string,
  item: string,
  opens = '.quick-input-widget',
  rowSelector: string | Locator = `.part.sidebar .monaco-list-row:has-text("${row}")`,
): Promise<void> {
  const target = typeof rowSelector === 'string' ? page.locator(rowSelector) : rowSelector;
  for (let attempt = 0; attempt < 3; attempt++) {
    // The previous step's input may still be closing; "it shows" must mean this command's, not that one.
    await page
      .locator(opens)
      .waitFor({ state: 'hidden', timeout: 5000 })
      .catch(() => undefined);
    await target.first().click({ button: 'right' });
    const entry = page.locator(`.monaco-menu .action-label:has-text("${item}")`).first();
    await entry.waitFor({ state: 'visible' });
    await entry.hover();
    await entry.click();
    const opened = await page
      .locator(opens)
      .waitFor({ state: 'visible', timeout: 5000 })
      .then(() => true)
      .catch(() => false);
    if (opened) return;
    await page.keyboard.press('Escape');
  }
  throw new Error(`the context menu of "${row}" did not run "${item}"`);
}

/** The sidebar row whose label is exactly `name` (the service "echo", not its replica "echo.1"). */
export const rowNamed = (page: Page, name: string): Locator =>
  page.locator('.part.sidebar .monaco-list-row').filter({
    has: page.locator('.label-name', {
      hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
    }),
  });

/**
 * Waits until every locator in `want` is visible under the tree row `row`, expanding it as needed. A click on a
 * row toggles it, so the twistie is clicked only while the row says it is collapsed; a refresh that draws the
 * row again (collapsed) between polls is expanded again. Returns how many clicks it took (1 is the usual).
 */
export async function expandUntil(row: Locator, want: Locator[], timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let clicks = 0;
  let state: string | null;
  for (;;) {
    state = await row.getAttribute('aria-expanded', { timeout: 2000 }).catch(() => null);
    if (state === null) await revealRow(row.page(), row, 2000);
    else if (state === 'false') {
      await row
        .locator('.monaco-tl-twistie')
        .click({ timeout: 2000 })
        .then(() => clicks++)
        .catch(() => undefined);
    } else if (state === 'true') {
      const seen = await Promise.all(want.map((w) => w.first().isVisible()));
      if (seen.every(Boolean)) return clicks;
      // Expanded, but what it holds may be below the window's edge: not drawn until scrolled to.
      await scrollRowToTop(row.page(), row);
    }
    if (Date.now() > deadline) {
      const missing = [];
      for (const w of want) if (!(await w.first().isVisible())) missing.push(String(w));
      throw new Error(
        `after ${timeoutMs} ms the row (aria-expanded=${state}, clicked ${clicks} times) does not show: ${missing.join(', ')}`,
      );
    }
    await row.page().waitForTimeout(200);
  }
}

/**
 * Scrolls the sidebar's tree until `row` is drawn. The tree draws only the rows inside its viewport: a row
 * below the fold is not in the page at all, however long one waits for it. Wheels a few rows at a time,
 * downwards, then back up once the end is reached; false when `timeoutMs` passes without it.
 */
export async function revealRow(page: Page, row: Locator, timeoutMs = 5000): Promise<boolean> {
  const list = page.locator('.part.sidebar .monaco-list').first();
  const rows = list.locator('.monaco-list-rows').first();
  const offset = () => rows.evaluate((e) => `${e.style.top} ${e.style.transform}`).catch(() => '');
  const deadline = Date.now() + timeoutMs;
  let step = 120;
  while (!(await row.first().isVisible())) {
    if (Date.now() > deadline) return false;
    const box = await list.boundingBox();
    if (!box) return false;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const before = await offset();
    await page.mouse.wheel(0, step);
    await page.waitForTimeout(100);
    // Nothing moved: an end of the list, so the other way.
    if ((await offset()) === before) step = -step;
  }
  return true;
}

/**
 * Wheels the sidebar's tree so that `row` is its first drawn row: what it holds is then drawn below it (a tree
 * taller than the window leaves the last rows undrawn otherwise).
 */
export async function scrollRowToTop(page: Page, row: Locator): Promise<void> {
  const list = page.locator('.part.sidebar .monaco-list').first();
  const [r, l] = await Promise.all([row.first().boundingBox(), list.boundingBox()]);
  if (!r || !l || r.y - l.y < 1) return;
  await page.mouse.move(l.x + l.width / 2, l.y + l.height / 2);
  await page.mouse.wheel(0, r.y - l.y);
  await page.waitForTimeout(100);
}

/** Opens a workspace file by name through Quick Open (Ctrl+P). */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(name);
  await page.locator(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`).first().click();
}
