import type { Command, CommandResult, Runner } from './command';

/** Records commands and answers from a handler; used by unit tests instead of the kernel. */
export class FakeRunner implements Runner {
  readonly calls: Command[] = [];
  constructor(private readonly answer: (cmd: Command) => Partial<CommandResult> = () => ({})) {}

  async run(cmd: Command): Promise<CommandResult> {
    this.calls.push(cmd);
    return { exitCode: 0, stdout: '', stderr: '', ...this.answer(cmd) };
  }
}
