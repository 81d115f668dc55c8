import assert from 'node:assert/strict';
import { silentLogger } from '../../api/logging/logger.js';
import { WorkLoop } from '../../api/pipeline/work-loop.js';

/** A queue the loop claims from; `gate` holds processing until released, to observe in-flight work. */
function queue(items: number[]) {
  const pending = [...items];
  const processed: number[] = [];
  let release: () => void = () => {};
  let gate: Promise<void> = Promise.resolve();
  let maxInFlight = 0;
  let inFlight = 0;
  return {
    processed,
    get maxInFlight() { return maxInFlight; },
    hold() { gate = new Promise<void>((resolve) => { release = resolve; }); },
    release: () => release(),
    push: (...more: number[]) => pending.push(...more),
    claim: (limit: number) => Promise.resolve(pending.splice(0, limit)),
    async process(item: number) {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await gate;
      processed.push(item);
      inFlight -= 1;
    },
  };
}

describe('work loop', () => {
  // A long poll interval: anything that finishes promptly was woken, not polled.
  const loopOver = (q: ReturnType<typeof queue>, concurrency = 3) => new WorkLoop<number>({
    name: 'test', claim: q.claim, process: (n) => q.process(n), concurrency, pollIntervalMs: 60_000, logger: silentLogger(),
  });

  it('processes everything with at most `concurrency` in flight, then reports idle', async () => {
    const q = queue([1, 2, 3, 4, 5, 6, 7]);
    const loop = loopOver(q);
    loop.start();
    await loop.idle();
    assert.deepEqual([...q.processed].sort(), [1, 2, 3, 4, 5, 6, 7]);
    assert.equal(q.maxInFlight, 3);
    assert.equal(loop.claimed, 7);
    await loop.stop();
  });

  it('picks up new work when woken, without waiting for the poll', async () => {
    const q = queue([]);
    const loop = loopOver(q);
    loop.start();
    await loop.idle();
    q.push(8, 9);
    loop.wake();
    await loop.idle();
    assert.deepEqual(q.processed, [8, 9]);
    await loop.stop();
  });

  it('stop() waits for in-flight items and claims nothing more', async () => {
    const q = queue([1, 2, 3, 4]);
    q.hold();
    const loop = loopOver(q, 2);
    loop.start();
    await new Promise((resolve) => setImmediate(resolve));
    const stopped = loop.stop();
    q.release();
    await stopped;
    assert.deepEqual([...q.processed].sort(), [1, 2]);
  });

  it('is not idle while an item is in flight', async () => {
    const q = queue([1]);
    q.hold();
    const loop = loopOver(q);
    loop.start();
    let idle = false;
    const waiting = loop.idle().then(() => { idle = true; });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(idle, false);
    q.release();
    await waiting;
    assert.deepEqual(q.processed, [1]);
    await loop.stop();
  });
});
