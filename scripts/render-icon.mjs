// Renders media/switchyard.svg (the activity bar's line icon) as the Marketplace icon, media/icon.png: white
// strokes on a blue rounded square, 256 x 256, through Debian's chromium and playwright-core (already in the
// tree for the UI tier). Run it after changing the SVG: `node scripts/render-icon.mjs`.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

process.chdir(join(dirname(fileURLToPath(import.meta.url)), '..'));
const svg = readFileSync('media/switchyard.svg', 'utf8')
  .replace('width="24" height="24"', 'width="176" height="176"')
  .replace('stroke="currentColor"', 'stroke="#ffffff"');
const html = `<html><body style="margin:0;background:transparent">
<div style="width:256px;height:256px;border-radius:48px;background:linear-gradient(135deg,#1f6feb,#0b3d91);display:flex;align-items:center;justify-content:center">${svg}</div></body></html>`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
const page = await browser.newPage({ viewport: { width: 256, height: 256 } });
await page.setContent(html);
await page.screenshot({
  path: 'media/icon.png',
  omitBackground: true,
  clip: { x: 0, y: 0, width: 256, height: 256 },
});
await browser.close();
