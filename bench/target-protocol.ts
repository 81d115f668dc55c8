/** Messages between the harness and a target process (the server under load) over the fork IPC channel. */

export interface MemoryReport {
  /** RSS when asked. */
  rssBytes: number;
  /** Highest RSS sampled since the previous report (or since start). */
  peakRssBytes: number;
  /** V8 heap of the target's main thread when asked. */
  heapUsedBytes: number;
  /** How many samples the peak was taken from. */
  samples: number;
}

export type ToTarget =
  | { type: 'init'; init: unknown }
  | { type: 'memory'; id: number }
  | { type: 'stop' };

export type FromTarget =
  | { type: 'ready'; url: string }
  | { type: 'failed'; message: string }
  | { type: 'memory'; id: number; report: MemoryReport };

/** How often a target samples its RSS; often enough to catch a peak during a few-second phase. */
export const RSS_SAMPLE_INTERVAL_MS = 50;
