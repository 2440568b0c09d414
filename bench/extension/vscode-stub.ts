// A minimal stand-in for the `vscode` module: just what `activate()` and the tree's item conversion touch,
// so the bundle can be loaded and activated in plain Node and timed. It records what activation registered
// (commands, views, providers) so the benchmark can check activation really ran.
import { readFileSync } from 'node:fs';
import Module from 'node:module';

type Listener<T> = (e: T) => unknown;

export class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>) => {
    this.listeners.push(listener);
    return new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== listener)));
  };
  fire(e: T): void {
    for (const l of this.listeners) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class Disposable {
  constructor(private readonly onDispose: () => void = () => undefined) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.onDispose();
  }
}

const noop = () => undefined;
const disposable = () => new Disposable();
const noEvent = () => disposable();

export const recorded = {
  commands: [] as string[],
  views: [] as string[],
  providers: [] as string[],
  logs: 0,
};

function outputChannel(name: string) {
  const write = () => void recorded.logs++;
  return {
    name,
    append: write,
    appendLine: write,
    trace: write,
    debug: write,
    info: write,
    warn: write,
    error: write,
    show: noop,
    clear: noop,
    replace: noop,
    hide: noop,
    dispose: noop,
  };
}

export class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: unknown,
  ) {}
}
export class ThemeColor {
  constructor(readonly id: string) {}
}
export class TreeItem {
  [key: string]: unknown;
  constructor(
    readonly label: unknown,
    readonly collapsibleState?: number,
  ) {}
}
export class MarkdownString {
  constructor(public value = '') {}
  appendMarkdown(s: string): this {
    this.value += s;
    return this;
  }
  appendText(s: string): this {
    this.value += s;
    return this;
  }
}
export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}
export class Range {
  constructor(
    readonly start: unknown,
    readonly end: unknown,
  ) {}
}
export class CodeLens {
  constructor(
    readonly range: unknown,
    readonly command?: unknown,
  ) {}
}

// vscode-languageclient subclasses these at load time; it only needs them to exist.
class Plain {
  readonly args: unknown[];
  constructor(...args: unknown[]) {
    this.args = args;
  }
}
export class CompletionItem extends Plain {}
export class DocumentLink extends Plain {}
export class CodeAction extends Plain {}
export class Diagnostic extends Plain {}
export class CallHierarchyItem extends Plain {}
export class TypeHierarchyItem extends Plain {}
export class InlayHint extends Plain {}
export class CancellationError extends Error {}
export class SymbolInformation extends Plain {}

export class Uri {
  constructor(
    readonly scheme: string,
    readonly path: string,
    readonly query = '',
  ) {}
  get fsPath(): string {
    return this.path;
  }
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  static parse(value: string): Uri {
    const [scheme = 'file', rest = ''] = value.split(/:(.*)/s);
    return new Uri(scheme, rest);
  }
  static from(c: { scheme: string; path?: string; query?: string }): Uri {
    return new Uri(c.scheme, c.path ?? '', c.query ?? '');
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, [base.path, ...parts].join('/'));
  }
  toString(): string {
    return `${this.scheme}:${this.path}`;
  }
}

export const TreeItemCollapsibleState = { None: 0, Collapsed: 1, Expanded: 2 };
export const StatusBarAlignment = { Left: 1, Right: 2 };
export const ProgressLocation = { SourceControl: 1, Window: 10, Notification: 15 };
export const ViewColumn = { Active: -1, Beside: -2, One: 1 };
export const ConfigurationTarget = { Global: 1, Workspace: 2, WorkspaceFolder: 3 };
export const TextEditorRevealType = { Default: 0, InCenter: 1 };

/** `switchyard.*` settings the benchmark chooses; everything else is the caller's default. */
export const settings: Record<string, unknown> = {};

export const window = {
  createOutputChannel: outputChannel,
  createTreeView: (id: string) => {
    recorded.views.push(id);
    return { dispose: noop, reveal: async () => undefined, onDidChangeVisibility: noEvent, visible: true };
  },
  createStatusBarItem: () => ({ show: noop, hide: noop, dispose: noop }),
  showInformationMessage: async () => undefined,
  showWarningMessage: async () => undefined,
  showErrorMessage: async () => undefined,
  onDidChangeTextEditorVisibleRanges: noEvent,
  onDidChangeActiveTextEditor: noEvent,
  visibleTextEditors: [],
  activeTextEditor: undefined,
};

export const workspace = {
  getConfiguration: (section?: string) => ({
    get: <T>(key: string, fallback?: T) => (settings[`${section}.${key}`] as T | undefined) ?? fallback,
    has: () => false,
    inspect: () => undefined,
    update: async () => undefined,
  }),
  registerTextDocumentContentProvider: (scheme: string) => {
    recorded.providers.push(scheme);
    return disposable();
  },
  createFileSystemWatcher: () => ({
    onDidCreate: noEvent,
    onDidChange: noEvent,
    onDidDelete: noEvent,
    dispose: noop,
  }),
  onDidCloseTextDocument: noEvent,
  onDidChangeTextDocument: noEvent,
  onDidOpenTextDocument: noEvent,
  onDidChangeConfiguration: noEvent,
  textDocuments: [],
  workspaceFolders: undefined,
};

export const languages = {
  registerCodeLensProvider: () => {
    recorded.providers.push('codelens');
    return disposable();
  },
};

export const commands = {
  registerCommand: (id: string) => {
    recorded.commands.push(id);
    return disposable();
  },
  executeCommand: async () => undefined,
};

export const l10n = {
  t: (message: string, ...args: unknown[]) =>
    message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? '')),
};

export const env = { language: 'en', appName: 'bench' };

/** Where `require('vscode')` resolves to; the module cache holds the stub under this name. */
const STUB_ID = '/__switchyard_bench__/vscode';

/**
 * Makes `require('vscode')` return `api` (pass `import * as stub from './vscode-stub'`) for code loaded after
 * this call. Works when this file is bundled too, so the child that times activation runs on plain node.
 */
export function installVscodeStub(api: object): void {
  const M = Module as unknown as {
    _resolveFilename: (...a: unknown[]) => string;
    _cache: Record<string, unknown>;
  };
  const resolve = M._resolveFilename;
  M._resolveFilename = function (this: unknown, request: unknown, ...rest: unknown[]) {
    return request === 'vscode' ? STUB_ID : resolve.call(this, request, ...rest);
  };
  M._cache[STUB_ID] = { id: STUB_ID, filename: STUB_ID, loaded: true, exports: api, children: [], paths: [] };
}

/** The `ExtensionContext` parts activation uses. */
export function extensionContext(root: string) {
  return {
    subscriptions: [] as { dispose(): unknown }[],
    asAbsolutePath: (p: string) => `${root}/${p}`,
    extensionUri: Uri.file(root),
    extensionPath: root,
    secrets: {
      get: async () => undefined,
      store: async () => undefined,
      delete: async () => undefined,
      onDidChange: noEvent,
    },
    globalState: { get: () => undefined, update: async () => undefined, keys: () => [] },
    workspaceState: { get: () => undefined, update: async () => undefined, keys: () => [] },
    globalStorageUri: Uri.file(`${root}/.bench-storage`),
    logUri: Uri.file(`${root}/.bench-logs`),
    // activate() reads the command titles from the manifest, as VS Code hands it over.
    extension: { packageJSON: JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as unknown },
  };
}
