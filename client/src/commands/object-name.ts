import * as vscode from 'vscode';
import { ObjectNameSchema } from '@switchyard/protocol';

/**
 * The input-box check for a new network or sandbox name: the engine's (and Docker's) name rule from protocol/,
 * then uniqueness among `taken`, with the sentence to show for a clash.
 */
export function checkNewName(value: string, taken: ReadonlySet<string>, clash: string): string | undefined {
  if (!ObjectNameSchema.safeParse(value).success) {
    return vscode.l10n.t('Use 1 to 64 letters, digits, "_", "." or "-", starting with a letter or digit.');
  }
  return taken.has(value) ? clash : undefined;
}
