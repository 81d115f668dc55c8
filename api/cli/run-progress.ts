/**
 * Progress of a reconciliation run for a person watching: a redrawn bar on a terminal, and on anything
 * else (CI logs, pipes) a plain line every 2 seconds or every 10% of the referrals, whichever comes first,
 * so a log neither floods nor goes silent.
 */
import cliProgress from 'cli-progress';
import type { SyncRun } from '../storage/types.js';

export interface RunProgress {
  update(run: SyncRun): void;
  /** Draws the final state and releases the terminal line. */
  stop(run: SyncRun): void;
}

export interface ProgressOptions {
  out: (line: string) => void;
  /** The terminal to draw the bar on; undefined for plain lines. */
  tty?: NodeJS.WritableStream;
  intervalMs?: number;
  now?: () => number;
}

interface Counts { processed: number; total: number; drifted: number; repaired: number; failed: number; phase: string }

function countsOf(run: SyncRun): Counts {
  let phase = 'referrals';
  try { phase = (JSON.parse(run.report) as { phase?: string }).phase ?? phase; } catch { /* a report the engine did not write: keep the default */ }
  // A run can visit a referral twice (one updated meanwhile); the bar never shows more than all of it.
  const total = Math.max(run.total ?? 0, run.processed);
  return { processed: run.processed, total, drifted: run.drifted, repaired: run.repaired, failed: run.failed, phase };
}

export function label(run: SyncRun): string {
  return `${run.kind}${run.dryRun ? ' (dry run)' : ''}`;
}

export function progressLine(run: SyncRun): string {
  const c = countsOf(run);
  const percent = c.total === 0 ? 100 : Math.floor((c.processed / c.total) * 100);
  return `${label(run)}: ${c.processed}/${c.total} referrals (${percent}%), drifted ${c.drifted}, repaired ${c.repaired}, failed ${c.failed} [${c.phase}]`;
}

export function createRunProgress(first: SyncRun, o: ProgressOptions): RunProgress {
  return o.tty !== undefined ? barProgress(first, o.tty) : lineProgress(first, o);
}

function barProgress(first: SyncRun, stream: NodeJS.WritableStream): RunProgress {
  const bar = new cliProgress.SingleBar({
    format: `${label(first)} [{bar}] {percentage}% | {value}/{total} referrals | drifted {drifted} | repaired {repaired} | failed {failed} | {phase}`,
    stream,
    hideCursor: true,
    clearOnComplete: false,
  }, cliProgress.Presets.shades_classic);
  const payload = (c: Counts) => ({ drifted: c.drifted, repaired: c.repaired, failed: c.failed, phase: c.phase });
  const start = countsOf(first);
  bar.start(start.total, start.processed, payload(start));
  const draw = (run: SyncRun): void => {
    const c = countsOf(run);
    bar.setTotal(c.total);
    bar.update(c.processed, payload(c));
  };
  return {
    update: draw,
    stop(run) { draw(run); bar.stop(); },
  };
}

function lineProgress(first: SyncRun, o: ProgressOptions): RunProgress {
  const now = o.now ?? Date.now;
  const interval = o.intervalMs ?? 2000;
  let last = { at: now(), processed: first.processed, text: progressLine(first) };
  o.out(last.text);
  const print = (run: SyncRun): void => {
    const text = progressLine(run);
    if (text === last.text) return;
    o.out(text);
    last = { at: now(), processed: run.processed, text };
  };
  return {
    update(run) {
      const c = countsOf(run);
      const step = Math.max(1, Math.ceil(c.total / 10));
      if (now() - last.at >= interval || run.processed - last.processed >= step) print(run);
    },
    stop: print,
  };
}
