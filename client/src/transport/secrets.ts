// Passwords and passphrases: asked through a function the caller injects (an input box in VS Code, a script in
// tests), kept only in a secret store (VS Code's SecretStorage), remembered after they worked and forgotten as
// soon as they are refused. No vscode import here, so the logic runs in tests without VS Code.

/** The part of vscode.SecretStorage this module needs. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** What is being asked for; the prompt builds its (localised) title and text from it. */
export interface SecretRequest {
  kind: 'passphrase' | 'ssh-password' | 'sudo-password' | 'keyboard-interactive';
  /** The key file, `user@host:port`, or for keyboard-interactive the server's prompt text. */
  subject: string;
  /** Set when the value used last time (typed or saved) was refused. */
  refused: boolean;
}

/** Asks the user; undefined means they cancelled. */
export type AskSecret = (request: SecretRequest) => Promise<string | undefined>;

/** The user cancelled a prompt, or a secret was refused too often: the message says which and what to do. */
export class SecretError extends Error {
  constructor(
    message: string,
    readonly reason: 'cancelled' | 'refused',
  ) {
    super(message);
  }
}

/** One secret (a key's passphrase, a host's SSH or sudo password) under one SecretStorage key. */
export class RememberedSecret {
  private refused = false;

  constructor(
    private readonly store: SecretStore,
    readonly key: string,
    readonly kind: SecretRequest['kind'],
    readonly subject: string,
    private readonly ask: AskSecret,
  ) {}

  /** The saved value when there is one and it was not just refused; otherwise asks. */
  async value(): Promise<string | undefined> {
    const saved = this.refused ? undefined : await this.store.get(this.key);
    if (saved !== undefined) return saved;
    return this.ask({ kind: this.kind, subject: this.subject, refused: this.refused });
  }

  /** The same secret, but never asked: only a saved value counts (for quiet work such as reconnecting). */
  savedOnly(): RememberedSecret {
    return new RememberedSecret(this.store, this.key, this.kind, this.subject, async () => undefined);
  }

  async remember(value: string): Promise<void> {
    this.refused = false;
    await this.store.store(this.key, value);
  }

  /** The value was refused: drop the saved one, and say so in the next prompt. */
  async forget(): Promise<void> {
    this.refused = true;
    await this.store.delete(this.key);
  }
}

/** What one try with a secret gave: the result, or "refused" (wrong secret; forget it and ask again). */
export type Attempt<T> = { ok: true; result: T } | { ok: false; refused: true; detail?: string };

export const maxTries = 3;

/**
 * Gets a secret (saved or asked), tries it, remembers it once it worked; a refused one is forgotten and asked
 * again, up to `tries` times, as OpenSSH's NumberOfPasswordPrompts does. Errors other than "refused" propagate.
 */
export async function withSecret<T>(
  secret: RememberedSecret,
  attempt: (value: string) => Promise<Attempt<T>>,
  tries = maxTries,
): Promise<T> {
  let last: string | undefined;
  for (let i = 0; i < tries; i++) {
    const value = await secret.value();
    if (value === undefined) {
      const what = `${describeKind(secret.kind)} for ${secret.subject}`;
      throw new SecretError(
        i === 0
          ? `cancelled: no ${what} given`
          : `the ${what} was refused (${last ?? 'wrong'}), and none other given`,
        'cancelled',
      );
    }
    const outcome = await attempt(value);
    if (outcome.ok) {
      await secret.remember(value);
      return outcome.result;
    }
    last = outcome.detail;
    await secret.forget();
  }
  throw new SecretError(
    `the ${describeKind(secret.kind)} for ${secret.subject} was refused ${tries} times${last ? ` (${last})` : ''}; check it and try again`,
    'refused',
  );
}

/** A secret a host uses: where it is kept and what it is (to list and forget what is saved). */
export interface SecretSlot {
  key: string;
  kind: SecretRequest['kind'];
  subject: string;
}

/** What an SSH host uses: its key file's passphrase (when it has a key file), its SSH and sudo passwords. */
export function sshSecretSlots(
  entry: { user: string; hostName: string; port: number },
  keyFile: string | undefined,
): SecretSlot[] {
  const account = `${entry.user}@${entry.hostName}:${entry.port}`;
  return [
    ...(keyFile
      ? [{ key: secretKeys.passphrase(keyFile), kind: 'passphrase' as const, subject: keyFile }]
      : []),
    {
      key: secretKeys.sshPassword(entry.user, entry.hostName, entry.port),
      kind: 'ssh-password',
      subject: account,
    },
    {
      key: secretKeys.sudoPassword(entry.user, entry.hostName, entry.port),
      kind: 'sudo-password',
      subject: account,
    },
  ];
}

/** What this machine uses: sudo's password, when the engine is started through sudo. */
export const localSudoSlot = (user: string): SecretSlot => ({
  key: secretKeys.sudoPassword(user, 'localhost'),
  kind: 'sudo-password',
  subject: `${user}@localhost`,
});

/** The slots that hold a saved value. */
export async function savedSecrets(store: SecretStore, slots: SecretSlot[]): Promise<SecretSlot[]> {
  const saved = await Promise.all(
    slots.map(async (s) => ((await store.get(s.key)) !== undefined ? s : undefined)),
  );
  return saved.filter((s): s is SecretSlot => s !== undefined);
}

/** Deletes the saved values; the next connection asks again. */
export async function forgetSecrets(store: SecretStore, slots: SecretSlot[]): Promise<void> {
  await Promise.all(slots.map((s) => store.delete(s.key)));
}

/** The SecretStorage keys, one per key file, per SSH account, per sudo account. */
export const secretKeys = {
  passphrase: (keyFile: string) => `switchyard.passphrase:${keyFile}`,
  sshPassword: (user: string, host: string, port: number) => `switchyard.password:${user}@${host}:${port}`,
  sudoPassword: (user: string, host: string, port?: number) =>
    `switchyard.sudo:${user}@${host}${port === undefined ? '' : `:${port}`}`,
};

export function describeKind(kind: SecretRequest['kind']): string {
  switch (kind) {
    case 'passphrase':
      return 'passphrase';
    case 'ssh-password':
      return 'SSH password';
    case 'sudo-password':
      return 'sudo password';
    case 'keyboard-interactive':
      return 'answer';
  }
}
