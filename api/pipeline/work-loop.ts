import type { Logger } from '../logging/logger.js';
import { Wakeup } from './wakeup.js';

export interface WorkLoopOptions<T> {
  /** For logs: `inbox` or `outbox`. */
  name: string;
  /** Leases up to `limit` due items; [] when none is due. */
  claim: (limit: number) => Promise<T[]>;
  /** Handles one item to a stored conclusion (complete or fail); must not throw for the item's own failures. */
  process: (item: T) => Promise<void>;
  /** Items handled at once by this loop. */
  concurrency: number;
  /** How long an idle loop waits before asking again, unless woken. */
  pollIntervalMs: number;
  logger: Logger;
}

interface IdleWaiter { armed: boolean; resolve: () => void }

/**
 * Claims and processes items with up to `concurrency` in flight, claiming again as slots free up.
 * Several loops (in this process or others) can share one store: claims never hand out one item twice.
 */
export class WorkLoop<T> {
  private readonly wakeup = new Wakeup();
  private readonly inFlight = new Set<Promise<void>>();
  private idleWaiters: IdleWaiter[] = [];
  private stopping = false;
  private running: Promise<void> | undefined;
  /** Items claimed so far, so a caller can tell whether a round did any work. */
  claimed = 0;

  constructor(private readonly options: WorkLoopOptions<T>) {}

  start(): void {
    this.running ??= this.run();
  }

  wake(): void {
    this.wakeup.fire();
  }

  /** Stops claiming and waits for what is in flight to reach its stored conclusion. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeup.fire();
    await this.running;
    await Promise.allSettled([...this.inFlight]);
    for (const w of this.idleWaiters) w.resolve();
    this.idleWaiters = [];
  }

  /** Resolves the next time a claim that started after this call finds nothing due and nothing is in flight. */
  idle(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    const promise = new Promise<void>((resolve) => { this.idleWaiters.push({ armed: false, resolve }); });
    this.wake();
    return promise;
  }

  private async run(): Promise<void> {
    const { claim, concurrency, pollIntervalMs, logger, name } = this.options;
    while (!this.stopping) {
      const free = concurrency - this.inFlight.size;
      if (free <= 0) {
        await this.wakeup.wait(pollIntervalMs);
        continue;
      }
      for (const w of this.idleWaiters) w.armed = true;
      let items: T[];
      try {
        items = await claim(free);
      } catch (err) {
        // The store is unreachable or busy: keep the loop alive and ask again after a pause.
        logger.error({ err, loop: name }, 'claiming work failed');
        await this.wakeup.wait(pollIntervalMs * 10);
        continue;
      }
      this.claimed += items.length;
      for (const item of items) this.track(item);
      if (items.length > 0) continue;
      if (this.inFlight.size === 0) this.settleIdle();
      await this.wakeup.wait(pollIntervalMs);
    }
  }

  private track(item: T): void {
    const { process, logger, name } = this.options;
    const task = process(item).catch((err: unknown) => {
      // The item stays leased and is claimed again when its lease runs out.
      logger.error({ err, loop: name }, 'processing an item failed unexpectedly');
    }).finally(() => {
      this.inFlight.delete(task);
      this.wakeup.fire();
    });
    this.inFlight.add(task);
  }

  private settleIdle(): void {
    const ready = this.idleWaiters.filter((w) => w.armed);
    this.idleWaiters = this.idleWaiters.filter((w) => !w.armed);
    for (const w of ready) w.resolve();
  }
}
