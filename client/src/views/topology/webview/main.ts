/// <reference lib="dom" />
// The topology webview's script, bundled with cytoscape into dist/topology.js (browser, iife). It draws what
// the extension posts and posts back the id of a clicked node; it has no other way out (strict CSP).
import cytoscape from 'cytoscape';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface GraphMessage {
  type: 'graph';
  elements: cytoscape.ElementDefinition[];
}

const vscode = acquireVsCodeApi();
const css = (name: string, fallback: string): string =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

function style(): cytoscape.StylesheetJson {
  const fg = css('--vscode-editor-foreground', '#ccc');
  const font = css('--vscode-font-family', 'sans-serif');
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        color: fg,
        'font-family': font,
        'font-size': 11,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'border-width': 1,
        'border-color': fg,
      },
    },
    {
      // A host of a cluster: a box holding its own networks, sandboxes and containers.
      selector: 'node[kind = "host"]',
      style: {
        shape: 'round-rectangle',
        'background-opacity': 0.06,
        'border-style': 'dashed',
        'text-valign': 'top',
        'text-margin-y': -4,
        'font-weight': 'bold',
      },
    },
    {
      selector: 'node[kind = "network"]',
      style: {
        shape: 'round-rectangle',
        width: 34,
        height: 22,
        'background-color': css('--vscode-charts-blue', '#3794ff'),
      },
    },
    {
      selector: 'node[kind = "network"][source = "engine"]',
      style: { 'background-color': css('--vscode-charts-purple', '#b180d7') },
    },
    {
      selector: 'node[kind = "sandbox"]',
      style: { 'background-color': css('--vscode-charts-green', '#89d185') },
    },
    {
      selector: 'node[kind = "container"]',
      style: { 'background-color': css('--vscode-charts-orange', '#d18616') },
    },
    {
      selector: 'edge',
      style: {
        width: 1.5,
        'line-color': css('--vscode-editorWidget-border', '#666'),
        label: 'data(label)',
        'font-size': 9,
        color: css('--vscode-descriptionForeground', fg),
        'text-rotation': 'autorotate',
        'text-background-color': css('--vscode-editor-background', '#1e1e1e'),
        'text-background-opacity': 1,
      },
    },
    {
      selector: ':selected',
      style: { 'border-width': 3, 'border-color': css('--vscode-focusBorder', '#007fd4') },
    },
  ];
}

const cy = cytoscape({
  container: document.getElementById('graph'),
  style: style(),
  wheelSensitivity: 0.3,
  // A host with three networks would otherwise be fitted to fill the panel with giant shapes.
  maxZoom: 1.6,
});
const status = document.getElementById('status');

cy.on('tap', 'node', (event) => {
  vscode.postMessage({ type: 'reveal', id: String(event.target.id()) });
});

window.addEventListener('message', (event: MessageEvent<GraphMessage>) => {
  if (event.data.type !== 'graph') return;
  cy.elements().remove();
  cy.add(event.data.elements);
  cy.layout({ name: 'cose', animate: false, nodeDimensionsIncludeLabels: true, padding: 20 }).run();
  if (status) status.textContent = `${cy.nodes().length} nodes, ${cy.edges().length} links`;
  listNodes(event.data.elements);
});

/** The same nodes as buttons: a canvas is invisible to screen readers and keyboards, a list is not. */
function listNodes(elements: cytoscape.ElementDefinition[]): void {
  const list = document.getElementById('nodes');
  if (!list) return;
  list.replaceChildren(
    ...elements
      .filter((e) => e.data['target'] === undefined)
      .map((e) => {
        const button = document.createElement('button');
        button.textContent = `${String(e.data['label'])} (${String(e.data['detail'])})`;
        button.dataset['id'] = String(e.data.id);
        button.addEventListener('click', () => vscode.postMessage({ type: 'reveal', id: String(e.data.id) }));
        const item = document.createElement('li');
        item.append(button);
        return item;
      }),
  );
}

vscode.postMessage({ type: 'ready' });
