import * as vscode from 'vscode';
import { stepsByEvent } from './walkthrough-events';

/**
 * The walkthrough's steps (package.json `contributes.walkthroughs`) are ticked off by the extension itself when
 * one of a step's `completionEvents` happens, besides VS Code's own listeners. Why: VS Code's walkthrough
 * service is made lazily (with `workbench.startupEditor` other than the welcome page, as in code-server, only
 * when a walkthrough is first opened). An `onView:` event that happened before that is never seen, and an
 * `onContext:` key that is already true when the service registers the step is recorded as "seen this session"
 * without ticking the step, so it never ticks in that session (VS Code 1.139's `registerDoneListeners`). Only
 * commands run after the service exists ticked. `welcome.markStepComplete` (the workbench's own command,
 * which makes the service when needed) ticks a step whatever the order.
 */
export class WalkthroughProgress {
  private readonly byEvent: Map<string, string[]>;
  private readonly done = new Set<string>();

  constructor(
    packageJSON: unknown,
    private readonly extensionId: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.byEvent = stepsByEvent(packageJSON);
  }

  /** A completion event of the manifest happened: `onCommand:ID`, `onContext:KEY` (now true), `onView:ID`. */
  happened(event: string): void {
    for (const step of this.byEvent.get(event) ?? []) {
      if (this.done.has(step)) continue;
      this.done.add(step);
      const id = `${this.extensionId}#${step}`;
      vscode.commands.executeCommand('welcome.markStepComplete', id).then(undefined, (err: unknown) => {
        // A workbench without walkthroughs (or one that registers the step a moment later: the tick is
        // stored before that check) must not turn into an error for the user.
        this.log.debug(`walkthrough step ${id}: ${(err as Error).message}`);
      });
    }
  }
}
