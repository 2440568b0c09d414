// The tree keeps one object per row and redraws only the rows that changed (client/src/tree/stable-rows.ts):
// VS Code finds a row's element by identity, so rows it is not told to redraw keep working in context menus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StableRows } from '../../../../client/src/tree/stable-rows';

/** A tree as data: rows by id with their label; `kids` lists each row's children. */
interface Data {
  labels: Record<string, string>;
  kids: Record<string, string[]>;
  /** Rows without an id (messages), by parent: their text. */
  messages?: Record<string, string[]>;
}
interface Node {
  id?: string;
  text: string;
}

function tree(data: Data) {
  const asked: string[] = [];
  const described: string[] = [];
  const rows = new StableRows<Node>({
    children(parent) {
      const key = parent?.id ?? '';
      asked.push(key);
      return [
        ...(data.kids[key] ?? []).map((id) => ({ id, text: data.labels[id] ?? id })),
        ...(data.messages?.[key] ?? []).map((text) => ({ text })),
      ];
    },
    describe: (node) => {
      described.push(node.id ?? node.text);
      return { id: node.id, signature: node.text };
    },
  });
  return { rows, asked, described };
}

const base = (): Data => ({
  labels: { h1: 'host 1', h2: 'host 2', n1: 'net 1', n2: 'net 2', e1: 'ep 1', e2: 'ep 2' },
  kids: { '': ['h1', 'h2'], h1: ['n1', 'n2'], n1: ['e1', 'e2'], h2: [] },
});

test('an unchanged tree redraws nothing and keeps every object', () => {
  const data = base();
  const { rows } = tree(data);
  const [h1] = rows.children();
  const [n1] = rows.children(h1);
  const [e1] = rows.children(n1);
  assert.deepEqual(rows.changed(), []);
  assert.equal(rows.children()[0], h1);
  assert.equal(rows.children(h1)[0], n1);
  assert.equal(rows.children(n1)[0], e1);
});

test('a changed label redraws those rows only; their objects are updated in place', () => {
  const data = base();
  const { rows } = tree(data);
  const [h1] = rows.children();
  const [n1, n2] = rows.children(h1);
  const [e1, e2] = rows.children(n1);
  data.labels.e2 = 'ep 2 (moved)';
  data.labels.n2 = 'net 2 (3 endpoints)';
  const redraw = rows.changed();
  assert.deepEqual(redraw, [e2, n2]);
  assert.equal(n2?.text, 'net 2 (3 endpoints)');
  assert.equal(rows.children(n1)[0], e1);
});

test('a row whose children changed is redrawn; the children that stay keep their objects', () => {
  const data = base();
  const { rows } = tree(data);
  const [h1] = rows.children();
  const [n1] = rows.children(h1);
  const [e1, e2] = rows.children(n1);
  data.kids.n1 = ['e1', 'e3'];
  data.labels.e3 = 'ep 3';
  assert.deepEqual(
    rows.changed()?.map((n) => n.id),
    ['n1'],
  );
  const again = rows.children(n1);
  assert.equal(again[0], e1);
  assert.notEqual(again[1], e2);
  assert.equal(again[1]?.id, 'e3');
  // e2 is gone from the tree and from what is kept: h1, h2, n1, n2, e1, e3.
  assert.equal(rows.size, 6);
  assert.equal(rows.known({ id: 'e2', text: '' }).text, '', 'a row no longer kept is not found');
});

test('a change of the top rows redraws everything; a removed host takes its rows along', () => {
  const data = base();
  const { rows } = tree(data);
  const [h1] = rows.children();
  rows.children(rows.children(h1)[0]);
  data.kids[''] = ['h2'];
  assert.equal(rows.changed(), undefined);
  assert.equal(rows.children()[0]?.id, 'h2');
  assert.equal(rows.size, 1);
});

test('rows without an id are known by place under their parent', () => {
  const data: Data = {
    labels: { h1: 'host 1' },
    kids: { '': ['h1'] },
    messages: { h1: ['Engine not running'] },
  };
  const { rows } = tree(data);
  const [h1] = rows.children();
  const [message] = rows.children(h1);
  assert.deepEqual(rows.changed(), []);
  assert.equal(rows.children(h1)[0], message);
  data.messages = { h1: ['Engine: connection refused'] };
  assert.deepEqual(rows.changed(), [message]);
  assert.equal(message?.text, 'Engine: connection refused');
});

test('only rows VS Code has opened are walked for changes', () => {
  const data = base();
  const { rows, asked, described } = tree(data);
  const [h1] = rows.children();
  rows.children(h1);
  asked.length = 0;
  described.length = 0;
  rows.changed();
  // The top rows and h1's children: n1, n2 and h2 were never opened. Each row is drawn once.
  assert.deepEqual(asked, ['', 'h1']);
  assert.deepEqual(described, ['h1', 'h2', 'n1', 'n2']);
});

test('a fresh object for a known row (reveal, getParent) maps to the object VS Code holds', () => {
  const data = base();
  const { rows } = tree(data);
  const [h1] = rows.children();
  assert.equal(rows.known({ id: 'h1', text: 'anything' }), h1);
  const stranger = { id: 'zz', text: 'new' };
  assert.equal(rows.known(stranger), stranger);
});
