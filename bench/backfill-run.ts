import { control } from './control-client.js';
import type { CrmVariant } from './crm-variants.js';
import type { Figure } from './figures.js';
import type { BenchmarkContext } from './harness.js';
import { startSyncProduct } from './sync-product-run.js';
import type { MemoryReport } from './target-protocol.js';
import type { SyncSandboxInit } from './targets/sync-sandbox.js';
import type { BackfillReport, MirrorFillReport, UsageReport } from './targets/sync-product.js';
import { TARGET_SCRIPTS } from './targets/scripts.js';

/** The sizes; BENCH_BACKFILL_SIZES=10000 runs only the small one. The emulator seeds at most 200,000. */
export const DEFAULT_SIZES = [10_000, 100_000];
/** The targets: record write calls ≤ 1.1 × records / 200 (Salesforce writes 200 a call), peak RSS under 300 MB. */
export const WRITE_CALLS_PER_200 = 1.1;
export const MAX_RSS_MB = 300;
/** Not from the issue: "flat" read as the 100k peak within 1.25× the 10k peak. */
const FLAT_RSS_RATIO = 1.25;
/** The write-call budget for that many records, to one decimal (it is shown in the table). */
export const writeBudget = (records: number) => Math.round((WRITE_CALLS_PER_200 * records * 10) / 200) / 10;
export const MB = 1024 * 1024;

export function backfillSizes(env: Record<string, string | undefined> = process.env): number[] {
  const raw = env.BENCH_BACKFILL_SIZES;
  if (raw === undefined || raw.trim() === '') return DEFAULT_SIZES;
  const sizes = raw.split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 200_000)) throw new Error(`BENCH_BACKFILL_SIZES must be integers from 1 to 200000, comma-separated (got ${JSON.stringify(raw)})`);
  return sizes;
}

/** What a sandbox process's /bench/<crm> route answers: the emulator's request counts, its record counts, the process's CPU. */
export interface EmulatorStats {
  counts: { writeCalls: number };
  records: Record<string, number>;
  cpuMs: number;
}

export interface SizeRun<S extends EmulatorStats> {
  size: number;
  seedS: number;
  fill: MirrorFillReport;
  fillMemory: MemoryReport;
  backfill: BackfillReport;
  backfillMemory: MemoryReport;
  product: UsageReport;
  before: S;
  after: S;
}

export const sum = (counts: Record<string, number>, keys?: readonly string[]) => Object.entries(counts).filter(([k]) => !keys || keys.includes(k)).reduce((a, [, n]) => a + n, 0);
/** Records the backfill added, over the given objects (all counted ones by default). */
export const grew = <S extends EmulatorStats>(r: SizeRun<S>, keys?: readonly string[]) => sum(r.after.records, keys) - sum(r.before.records, keys);

/**
 * One size: a fresh sandbox seeded with `size` referrals and a fresh product on the CRM; the mirror
 * filled, the emulator's counts reset, then the backfill run and waited for. `statsRoute` is the
 * sandbox's control route for that CRM's emulator (`bench/salesforce`, `bench/dataverse`).
 */
export async function runSize<S extends EmulatorStats>(ctx: BenchmarkContext, size: number, variant: CrmVariant, statsRoute: string): Promise<SizeRun<S>> {
  const seedStarted = performance.now();
  const init: SyncSandboxInit = { seedReferrals: size };
  const sandbox = await ctx.startTarget(`sandbox (${size} referrals)`, TARGET_SCRIPTS.syncSandbox, init);
  const seedS = (performance.now() - seedStarted) / 1000;
  try {
    // The poller would also read back the backfill's own writes; this measures the backfill alone.
    const product = await startSyncProduct(ctx, `product (${size})`, sandbox.url, { CRM: variant.env, CRM_POLL_INTERVAL_S: '3600', MIRROR_SYNC_INTERVAL_S: '86400' });
    try {
      ctx.log(`filling the mirror with ${size} referrals`);
      const fill = await product.mirrorFill();
      const fillMemory = await product.target.memory();
      if (fill.referrals < size) throw new Error(`the mirror holds ${fill.referrals} of ${size} referrals after its first pass`);
      await control(sandbox.url, 'POST', `${statsRoute}/reset`);
      const before = await control<S>(sandbox.url, 'GET', statsRoute);
      ctx.log(`backfilling ${size} referrals into an empty ${variant.emulator}`);
      const backfill = await product.backfill();
      const backfillMemory = await product.target.memory();
      if (backfill.run.status !== 'completed') throw new Error(`the backfill ended ${backfill.run.status}: ${backfill.run.report}`);
      const after = await control<S>(sandbox.url, 'GET', statsRoute);
      const usage = await control<UsageReport>(product.target.url, 'GET', 'usage');
      ctx.log(`${size}: backfill ${(backfill.ms / 1000).toFixed(1)} s, ${after.counts.writeCalls} write calls, peak RSS ${(backfillMemory.peakRssBytes / MB).toFixed(0)} MB`);
      return { size, seedS, fill, fillMemory, backfill, backfillMemory, product: usage, before, after };
    } finally {
      await product.stop();
    }
  } finally {
    await sandbox.stop();
  }
}

export const sizeLabel = (size: number) => `${size / 1000}k`;

/** Referrals per second and time, beside the mirror fill of the same run. */
export function speedFigures<S extends EmulatorStats>(r: SizeRun<S>): Figure[] {
  const k = sizeLabel(r.size);
  const seconds = r.backfill.ms / 1000;
  const fillSeconds = r.fill.msSinceStart / 1000;
  return [
    { id: `referrals-per-s-${k}`, label: `Referrals per second (${k})`, unit: 'referrals/s', better: 'higher', value: r.backfill.run.processed / seconds, baseline: r.fill.referrals / fillSeconds, target: null },
    { id: `time-${k}`, label: `Time (${k})`, unit: 's', better: 'lower', value: seconds, baseline: fillSeconds, target: null },
  ];
}

export function rssFigure<S extends EmulatorStats>(r: SizeRun<S>): Figure {
  const k = sizeLabel(r.size);
  return { id: `peak-rss-${k}`, label: `Peak RSS of the product (${k})`, unit: 'MB', better: 'lower', value: r.backfillMemory.peakRssBytes / MB, baseline: r.fillMemory.peakRssBytes / MB, target: { kind: 'at-most', value: MAX_RSS_MB } };
}

export function flatness<S extends EmulatorStats>(runs: Array<SizeRun<S>>): Figure[] {
  if (runs.length < 2) return [];
  const small = runs[0]!;
  const large = runs.at(-1)!;
  return [{
    id: 'rss-growth', label: `Peak RSS, ${sizeLabel(large.size)} vs ${sizeLabel(small.size)} referrals`, unit: 'MB', better: 'lower',
    value: large.backfillMemory.peakRssBytes / MB, baseline: small.backfillMemory.peakRssBytes / MB, target: { kind: 'ratio-at-most', value: FLAT_RSS_RATIO },
  }];
}

/** The details every CRM's backfill result carries for one size; the emulator's part is the caller's. */
export function runDetails<S extends EmulatorStats>(r: SizeRun<S>): Record<string, unknown> {
  return {
    size: r.size,
    sandboxStartS: r.seedS,
    mirrorFill: { ...r.fill, peakRssBytes: r.fillMemory.peakRssBytes },
    backfill: {
      ms: r.backfill.ms, run: { ...r.backfill.run, report: JSON.parse(r.backfill.run.report) as unknown }, links: r.backfill.links,
      productCpuMs: r.backfill.cpuMs, peakRssBytes: r.backfillMemory.peakRssBytes, productMaxRssBytes: r.product.maxRssBytes,
    },
    gatewayUsage: { before: r.backfill.usageBefore, after: r.backfill.usageAfter },
  };
}
