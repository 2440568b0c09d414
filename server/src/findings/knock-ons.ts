import type { Finding } from '@switchyard/core';
import type { Span } from '../yaml/tree';

/** Interpolation errors: Compose stops at them, so nothing after interpolation ever sees the value. */
const ROOT_CAUSES = new Set(['NET154', 'NET155']);

/**
 * One finding per root cause: a value whose `${...}` failed to interpolate (NET154 required variable
 * missing, NET155 invalid format) is not also checked as a port, an address or a subnet: `docker compose`
 * stops at the interpolation error, so "no port specified: <empty>" (NET100) or "publishes on a random host
 * port" (NET159) about the same scalar would be knock-ons of it. A finding is such a knock-on when its span
 * lies on one line and covers the failed `${...}`.
 */
export function dropKnockOns(
  findings: Finding<Span>[],
  lineOf: (file: string, offset: number) => number,
): Finding<Span>[] {
  const causes = findings.filter((f) => ROOT_CAUSES.has(f.code));
  if (causes.length === 0) return findings;
  return findings.filter(
    (f) =>
      ROOT_CAUSES.has(f.code) ||
      !causes.some(
        (c) =>
          c.at.file === f.at.file &&
          f.at.start <= c.at.start &&
          c.at.end <= f.at.end &&
          lineOf(f.at.file, f.at.start) === lineOf(f.at.file, f.at.end),
      ),
  );
}
