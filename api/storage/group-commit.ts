/**
 * Group commit: writes that arrive while earlier ones are committing are committed together in one
 * transaction, so a burst of webhook deliveries costs a few disk flushes instead of one each, and a
 * lone write waits for nothing (it goes at the next turn of the event loop). At most `maxInFlight`
 * commits run at once; the next batch forms meanwhile. Every caller's promise resolves only after the
 * commit that holds its write. If a batch fails, its writes are retried one by one, so one bad write
 * cannot fail its neighbours.
 */
export class GroupCommit<I, O> {
  private queue: Array<{ item: I; resolve: (o: O) => void; reject: (e: unknown) => void }> = [];
  private scheduled = false;
  private inFlight = 0;

  constructor(
    private readonly commitBatch: (items: I[]) => Promise<O[]>,
    private readonly commitOne: (item: I) => Promise<O>,
    private readonly maxInFlight = 2,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.inFlight++;
    try {
      if (batch.length === 1) {
        const only = batch[0]!;
        await this.commitOne(only.item).then(only.resolve, only.reject);
        return;
      }
      try {
        const results = await this.commitBatch(batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve(results[i]!));
      } catch {
        for (const b of batch) await this.commitOne(b.item).then(b.resolve, b.reject);
      }
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }
}
