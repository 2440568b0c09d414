// The secrets a host uses are listed as slots (client/src/hosts/secrets.ts): what "Forget Saved Passwords"
// shows is what is saved among them, and forgetting deletes exactly those, so the next use asks again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RememberedSecret,
  forgetSecrets,
  localSudoSlot,
  savedSecrets,
  secretKeys,
  sshSecretSlots,
} from '../../../../client/src/hosts/secrets';
import type { SecretStore } from '../../../../client/src/hosts/secrets';

function memoryStore(initial: Record<string, string> = {}): SecretStore & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    get: async (k) => data.get(k),
    store: async (k, v) => void data.set(k, v),
    delete: async (k) => void data.delete(k),
  };
}

const entry = { user: 'ops', hostName: 'db1.lan', port: 2222 };

test('an SSH host uses its key passphrase (when it has a key), SSH and sudo passwords, under the keys connect uses', () => {
  const slots = sshSecretSlots(entry, '/home/ops/.ssh/id_ed25519');
  assert.deepEqual(
    slots.map((s) => [s.kind, s.key, s.subject]),
    [
      ['passphrase', secretKeys.passphrase('/home/ops/.ssh/id_ed25519'), '/home/ops/.ssh/id_ed25519'],
      ['ssh-password', secretKeys.sshPassword('ops', 'db1.lan', 2222), 'ops@db1.lan:2222'],
      ['sudo-password', secretKeys.sudoPassword('ops', 'db1.lan', 2222), 'ops@db1.lan:2222'],
    ],
  );
  assert.deepEqual(
    sshSecretSlots(entry, undefined).map((s) => s.kind),
    ['ssh-password', 'sudo-password'],
    'no key file, no passphrase',
  );
  assert.equal(localSudoSlot('me').key, secretKeys.sudoPassword('me', 'localhost'));
});

test('only saved slots are offered; forgetting them leaves other hosts alone and makes the next use ask', async () => {
  const slots = sshSecretSlots(entry, '/k');
  const other = sshSecretSlots({ ...entry, hostName: 'db2.lan' }, undefined);
  const store = memoryStore({
    [secretKeys.sshPassword('ops', 'db1.lan', 2222)]: 'pw',
    [secretKeys.sudoPassword('ops', 'db1.lan', 2222)]: 'sudo-pw',
    [secretKeys.sshPassword('ops', 'db2.lan', 2222)]: 'other',
  });
  const saved = await savedSecrets(store, slots);
  assert.deepEqual(
    saved.map((s) => s.kind),
    ['ssh-password', 'sudo-password'],
  );
  await forgetSecrets(store, saved);
  assert.deepEqual(await savedSecrets(store, slots), []);
  assert.equal((await savedSecrets(store, other)).length, 1, "db2's password stays");
  const asked: string[] = [];
  const sudo = slots[2];
  assert.ok(sudo);
  const secret = new RememberedSecret(store, sudo.key, sudo.kind, sudo.subject, async (r) => {
    asked.push(r.kind);
    return 'typed';
  });
  assert.equal(await secret.value(), 'typed');
  assert.deepEqual(asked, ['sudo-password'], 'asked again after forgetting');
});
