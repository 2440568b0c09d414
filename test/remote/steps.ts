// The remote scenarios print one JSON object per step ({"step": …, "result": …}); the tests read them by step.
export type StepResult = Record<string, unknown>;

/** The results a scenario printed, by step name (lines that are not step objects are left out). */
export function stepsOf(stdout: string): Map<string, StepResult> {
  return new Map(
    stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { step: string; result: StepResult })
      .map((l) => [l.step, l.result]),
  );
}
