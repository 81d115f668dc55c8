/**
 * A sleep that can be cut short: the loop waits for its poll interval, or less when something wakes it
 * (new work accepted in this process, a slot freed, stop). A wake-up while nobody waits is remembered,
 * so one that lands between a claim and the wait is not lost.
 */
export class Wakeup {
  private pending = false;
  private waiter: (() => void) | undefined;

  fire(): void {
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = undefined;
      resolve();
    } else {
      this.pending = true;
    }
  }

  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => { this.waiter = undefined; resolve(); }, ms);
      this.waiter = () => { clearTimeout(timer); resolve(); };
    });
  }
}
