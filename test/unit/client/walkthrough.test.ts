import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stepsByEvent } from '../../../client/src/walkthrough-events';

test("the manifest's walkthrough: each completion event names the steps it ticks", () => {
  const manifest: unknown = JSON.parse(
    readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'),
  );
  const byEvent = stepsByEvent(manifest);
  assert.deepEqual(byEvent.get('onContext:switchyard.hostConnected'), ['switchyard.start#connect']);
  assert.deepEqual(byEvent.get('onView:switchyard.hosts'), ['switchyard.start#connect']);
  assert.deepEqual(byEvent.get('onContext:switchyard.documentActive'), ['switchyard.start#compose']);
  assert.deepEqual(byEvent.get('onCommand:switchyard.network.create'), ['switchyard.start#network']);
  assert.deepEqual(byEvent.get('onCommand:switchyard.endpoint.ping'), ['switchyard.start#ping']);
  // Every step can be ticked by some event.
  const ticked = new Set([...byEvent.values()].flat());
  assert.equal(ticked.size, 4);
});

test('a manifest without walkthroughs, or steps without events, gives no events', () => {
  assert.equal(stepsByEvent({}).size, 0);
  assert.equal(stepsByEvent({ contributes: { walkthroughs: [{ id: 'w', steps: [{ id: 's' }] }] } }).size, 0);
  assert.deepEqual(
    stepsByEvent({
      contributes: {
        walkthroughs: [
          {
            id: 'w',
            steps: [
              { id: 'a', completionEvents: ['onView:v'] },
              { id: 'b', completionEvents: ['onView:v'] },
            ],
          },
        ],
      },
    }).get('onView:v'),
    ['w#a', 'w#b'],
  );
});
