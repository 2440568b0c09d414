import type { AnyAuthMethod, AuthenticationType, AuthHandlerMiddleware, ParsedKey, Prompt } from 'ssh2';

/** What one SSH connection attempt may offer the server, in this order: agent, key file, password. */
export interface AuthOffer {
  username: string;
  agent?: string;
  key?: ParsedKey;
  password?: string;
  /** Answers keyboard-interactive prompts that are not the password (one-time codes and the like). */
  answer?: (prompt: string) => Promise<string | undefined>;
}

/** What the attempt learned: the methods the server still accepts, and whether our password was sent. */
export interface AuthRecord {
  methodsLeft: AuthenticationType[] | undefined;
  passwordSent: boolean;
  /** A key was accepted as a first factor (AuthenticationMethods publickey,password): it must go again. */
  partialSuccess?: boolean;
}

/**
 * ssh2's authHandler for one attempt: `none` first (so the server says which methods it takes), then each
 * method we have and the server still accepts. Password goes as `password`, or through `keyboard-interactive`
 * when that is what the server offers (PAM-based sshd usually does).
 */
export function authHandler(offer: AuthOffer, record: AuthRecord): AuthHandlerMiddleware {
  const queue = plan(offer);
  return (methodsLeft, partial, next) => {
    // ssh2 passes null before the first reply, though its types say otherwise.
    const left = (methodsLeft as AuthenticationType[] | null) ?? undefined;
    if (left) record.methodsLeft = left;
    if (partial) record.partialSuccess = true;
    for (;;) {
      const method = queue.shift();
      if (!method) return next(false as unknown as AnyAuthMethod);
      const wire = method.type === 'agent' ? 'publickey' : method.type;
      if (left && !left.includes(wire)) continue;
      // The same password again through keyboard-interactive would only cost one more failed try; after a
      // partial success it is the second factor's turn, so it goes on.
      if (method.type === 'keyboard-interactive' && record.passwordSent && !partial) continue;
      if (method.type === 'password') record.passwordSent = true;
      return next(method.type === 'keyboard-interactive' ? keyboard(offer, record, method) : method);
    }
  };
}

function plan(offer: AuthOffer): AnyAuthMethod[] {
  const username = offer.username;
  const out: AnyAuthMethod[] = [{ type: 'none', username }];
  if (offer.agent) out.push({ type: 'agent', username, agent: offer.agent });
  if (offer.key) out.push({ type: 'publickey', username, key: offer.key });
  if (offer.password !== undefined) {
    out.push({ type: 'password', username, password: offer.password });
    out.push({ type: 'keyboard-interactive', username, prompt: () => undefined });
  }
  return out;
}

/** keyboard-interactive: a hidden prompt that asks for a password gets ours; any other is asked of the user. */
function keyboard(offer: AuthOffer, record: AuthRecord, method: AnyAuthMethod): AnyAuthMethod {
  return {
    type: 'keyboard-interactive',
    username: method.username,
    prompt: (_name, _instructions, _lang, prompts: Prompt[], finish) => {
      void answerAll(offer, record, prompts).then(finish, () => finish([]));
    },
  };
}

async function answerAll(offer: AuthOffer, record: AuthRecord, prompts: Prompt[]): Promise<string[]> {
  const answers: string[] = [];
  for (const p of prompts) {
    if (isPasswordPrompt(p) && offer.password !== undefined) {
      record.passwordSent = true;
      answers.push(offer.password);
    } else {
      answers.push((await offer.answer?.(p.prompt.trim())) ?? '');
    }
  }
  return answers;
}

/**
 * PAM's prompt is "Password: " (or its translation), hidden. Anything else, such as a one-time "Verification
 * code:" or "Passcode:", goes to the user: answering it with the password would only get the password refused.
 */
export function isPasswordPrompt(p: Prompt): boolean {
  return (
    p.echo !== true && /password|passwort|mot de passe|contraseña|senha|wachtwoord|пароль/i.test(p.prompt)
  );
}

/** ssh2's error when every method we offered was refused. */
export function isAuthFailure(err: unknown): boolean {
  return (err as { level?: string } | null)?.level === 'client-authentication';
}

/** The server takes a password, as `password` or through `keyboard-interactive`. */
export function acceptsPassword(record: AuthRecord): boolean {
  const m = record.methodsLeft ?? [];
  return m.includes('password') || m.includes('keyboard-interactive');
}
