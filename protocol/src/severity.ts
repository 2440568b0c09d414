import { z } from 'zod';

/** How bad a finding is; the same four words LSP, `switchyard lint --format json` and SARIF mapping use. */
export const SeveritySchema = z.enum(['error', 'warning', 'information', 'hint']);
export type Severity = z.infer<typeof SeveritySchema>;
