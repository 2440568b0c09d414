import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

/**
 * The topology page: one script (the bundled dist/topology.js) allowed by nonce, no inline code, nothing
 * loaded from anywhere else. Colours come from VS Code's theme variables, so the graph follows the theme.
 */
export function topologyHtml(
  webview: vscode.Webview,
  script: vscode.Uri,
  title: string,
  legend: string,
): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
  html, body { height: 100%; margin: 0; padding: 0; color: var(--vscode-editor-foreground);
    background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
  header { padding: 6px 10px; border-bottom: 1px solid var(--vscode-panel-border); display: flex; gap: 16px; }
  #status, .legend { color: var(--vscode-descriptionForeground); }
  #graph { position: absolute; top: 34px; bottom: 0; left: 0; right: 0; }
  /* Off screen but in the accessibility tree and reachable with Tab. */
  #nodes { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
  #nodes:focus-within { left: 10px; top: 40px; width: auto; height: auto; z-index: 1;
    background: var(--vscode-editorWidget-background); border: 1px solid var(--vscode-focusBorder); }
</style>
</head>
<body>
<header><strong>${escapeHtml(title)}</strong><span id="status"></span><span class="legend">${escapeHtml(legend)}</span></header>
<div id="graph"></div>
<ul id="nodes" aria-label="${escapeHtml(title)}"></ul>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
