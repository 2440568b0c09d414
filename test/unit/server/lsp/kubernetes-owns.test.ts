import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KubernetesStore } from '../../../../server/src/lsp/kubernetes-store';
import type { WorkspaceFiles } from '../../../../server/src/lsp/file-reader';

/**
 * `owns` is asked on every keystroke and keeps its verdict while the head of the text is the same: an edit
 * that turns the head into a manifest (or back) must change it, an edit further down must not matter.
 */
test('owns follows edits of the head of a file and keeps its verdict for edits below it', () => {
  let text = 'services:\n  web:\n    image: nginx\n';
  const files = { read: () => text } as unknown as WorkspaceFiles;
  const store = new KubernetesStore(files);
  const path = '/w/app.yaml';
  assert.equal(store.owns(path), false);
  text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n';
  assert.equal(store.owns(path), true);
  text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web2\n';
  assert.equal(store.owns(path), true);
  text = 'services:\n  web:\n    image: nginx\n';
  assert.equal(store.owns(path), false);
  // Past the head that decides: a manifest's keys far below a compose file's head do not make it one.
  text = `services:\n  web:\n    image: nginx\n${'# padding\n'.repeat(7000)}apiVersion: v1\nkind: Service\n`;
  assert.equal(store.owns(path), false);
  assert.equal(store.owns('/w/other.yaml'), false);
});
