/** Injectable time source, so expiry, token lifetimes and backoff are testable without sleeping. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A clock tests can move forward by hand. */
export function manualClock(start: Date = new Date('2026-01-01T00:00:00Z')): Clock & { advance(ms: number): void; set(d: Date): void } {
  let now = start.getTime();
  const clock = (() => new Date(now)) as Clock & { advance(ms: number): void; set(d: Date): void };
  clock.advance = (ms: number) => { now += ms; };
  clock.set = (d: Date) => { now = d.getTime(); };
  return clock;
}
