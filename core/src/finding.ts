import type { Severity } from '@switchyard/protocol';

/**
 * A finding is what a check reports. `R` is the caller's handle on the place at fault: the language server
 * passes YAML spans, the engine passes request field names, the client's wizard passes step ids. Core never
 * looks inside `R`; it only hands back the one it was given for the value that caused the finding.
 */
export interface Finding<R> {
  /** Rule id from reference/compose-rules.md, e.g. `NET036`. */
  code: string;
  severity: Severity;
  /** One line, Docker's own words where Docker has them; says what, where and what to do. */
  message: string;
  at: R;
  /** The other side of a conflict, with a short note each. */
  related?: Related<R>[];
  /** Machine-readable hint a code action can act on (a free subnet, a free port, …). */
  fix?: FixHint;
}

export interface Related<R> {
  at: R;
  message: string;
}

export type FixHint =
  | { kind: 'replace'; title: string; text: string }
  | { kind: 'remove'; title: string }
  | { kind: 'declare-network'; title: string; network: string }
  | { kind: 'insert'; title: string; text: string };

/** A value together with the caller's handle on where it came from. */
export interface Located<T, R> {
  value: T;
  at: R;
}
