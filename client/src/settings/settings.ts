// Reads the extension's settings through VS Code, checked by schema.ts: the one place that calls
// `getConfiguration('switchyard')`. A value of the wrong type is not used: the setting's default is, and the
// problem is logged once per distinct message (the log is the extension's output channel).
import * as vscode from 'vscode';
import { parseSetting } from './schema';
import type { SettingKey, SettingValue } from './schema';

export type { SettingKey, SettingValue } from './schema';

const reported = new Set<string>();
let log: ((message: string) => void) | undefined;

/** Where problems with settings go (extension.ts passes its log channel's `warn`). */
export function reportSettingProblemsTo(sink: (message: string) => void): void {
  log = sink;
}

/** The current value of `switchyard.<key>`: checked, or its default when unset or invalid. */
export function setting<K extends SettingKey>(key: K): SettingValue<K> {
  const { value, problem } = parseSetting(key, vscode.workspace.getConfiguration('switchyard').get(key));
  if (problem && !reported.has(problem.message)) {
    reported.add(problem.message);
    log?.(problem.message);
  }
  return value;
}

/** Writes `switchyard.<key>` in the user's settings, after checking it like a read. */
export async function updateSetting<K extends SettingKey>(key: K, value: SettingValue<K>): Promise<void> {
  const { problem } = parseSetting(key, value);
  if (problem) throw new Error(problem.message);
  await vscode.workspace.getConfiguration('switchyard').update(key, value, vscode.ConfigurationTarget.Global);
}
