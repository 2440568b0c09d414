// What the machine offers a test, and the one policy for when it offers too little:
// outside CI a test skips with the reason; under CI=true a missing prerequisite is a failure,
// so a green CI run always means every tier really ran.
import assert from 'node:assert/strict';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The part of node:test's TestContext this module needs (keeps callers free to pass any context). */
export interface SkippableContext {
  skip(message?: string): void;
}

export function isCI(): boolean {
  return process.env['CI'] === 'true' || process.env['CI'] === '1';
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Absolute path of an executable on PATH (plus the sbin dirs root uses), or undefined. */
export function which(name: string): string | undefined {
  const dirs = (process.env['PATH'] ?? '').split(delimiter).concat(['/usr/sbin', '/sbin']);
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * Returns true when `condition` holds. Otherwise: under CI it fails the test with `reason`; elsewhere it marks
 * the test skipped with `reason` and returns false, so the caller returns early:
 *   if (!requireOrSkip(t, isRoot(), 'needs root to create namespaces')) return;
 */
export function requireOrSkip(t: SkippableContext, condition: boolean, reason: string): boolean {
  if (condition) return true;
  if (isCI()) assert.fail(`prerequisite missing under CI=true: ${reason}`);
  t.skip(reason);
  return false;
}

/** First unmet prerequisite of a list of [condition, reason] pairs, for a test that needs several. */
export function firstMissing(checks: readonly (readonly [boolean, string])[]): string | undefined {
  return checks.find(([ok]) => !ok)?.[1];
}
