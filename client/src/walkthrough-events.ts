// The walkthrough's completion events as the manifest declares them (walkthrough.ts ticks the steps). Pure.

/**
 * Each completion event of the manifest's walkthroughs with the steps it completes, as
 * `WALKTHROUGH#STEP` (VS Code names a step `EXTENSION_ID#WALKTHROUGH#STEP`). Pure.
 */
export function stepsByEvent(packageJSON: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walkthroughs =
    (
      packageJSON as {
        contributes?: {
          walkthroughs?: { id: string; steps?: { id: string; completionEvents?: string[] }[] }[];
        };
      }
    ).contributes?.walkthroughs ?? [];
  for (const w of walkthroughs)
    for (const s of w.steps ?? [])
      for (const e of s.completionEvents ?? []) out.set(e, [...(out.get(e) ?? []), `${w.id}#${s.id}`]);
  return out;
}
