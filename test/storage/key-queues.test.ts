import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyQueues } from '../../src/storage/key-queues.js';

/** A promise the test settles when it chooses. */
function gate(): { readonly opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('key queues', () => {
  it('run the calls sharing a key one at a time, in order, and calls on other keys at once', async () => {
    const queues = new KeyQueues();
    const events: string[] = [];
    const first = gate();
    const a1 = queues.run(['a'], async () => {
      events.push('a1 start');
      await first.opened;
      events.push('a1 end');
    });
    const a2 = queues.run(['a'], async () => void events.push('a2'));
    const b = queues.run(['b'], async () => void events.push('b'));
    await b;
    assert.deepEqual(events, ['a1 start', 'b'], 'b did not wait for a; a2 did');
    first.open();
    await Promise.all([a1, a2]);
    assert.deepEqual(events, ['a1 start', 'b', 'a1 end', 'a2']);
  });

  it('make a call on several keys wait for every earlier holder, and go on after a failure', async () => {
    const queues = new KeyQueues();
    const events: string[] = [];
    const holdA = gate();
    const holdB = gate();
    const a = queues.run(['a'], async () => {
      await holdA.opened;
      events.push('a');
      throw new Error('a failed');
    });
    const b = queues.run(['b'], async () => {
      await holdB.opened;
      events.push('b');
    });
    const both = queues.run(['a', 'b', 'a'], async () => void events.push('both'));
    holdB.open();
    await b;
    assert.deepEqual(events, ['b']);
    holdA.open();
    await assert.rejects(a, /a failed/);
    await both;
    assert.deepEqual(events, ['b', 'a', 'both']);
  });
});
