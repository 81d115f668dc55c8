import { control } from './control-client.js';
import { DYNAMICS365, SALESFORCE, type CrmVariant } from './crm-variants.js';
import type { Figure } from './figures.js';
import type { Benchmark, BenchmarkContext } from './harness.js';
import { distribution, type Distribution } from './percentiles.js';
import { SANDBOX_TENANT, startSyncProduct, type SyncProduct } from './sync-product-run.js';
import type { RunningTarget } from './target-process.js';
import type { MemoryReport } from './target-protocol.js';
import type { SyncSandboxInit } from './targets/sync-sandbox.js';
import { TARGET_SCRIPTS } from './targets/scripts.js';
import { WATCH_INTERVAL_MS, type DriveRequest, type DriveResult } from './update-driver.js';

const SEED_REFERRALS = 200;
const RATE = 20;
const DURATION_S = 30;
/** The target: p99 under a second (Microsoft documents about ten minutes for its own connector). */
const MAX_P99_MS = 1000;
/** A change that has not shown after this long counts as not arrived. */
const ARRIVAL_TIMEOUT_MS = 30_000;
const MB = 1024 * 1024;

interface Phase {
  drive: DriveResult;
  memory: MemoryReport;
  warmUp: DriveResult | null;
}

/** Misses count as infinitely late, so they can only make a percentile worse (an infinite one reads n/a and fails). */
function summarise(samples: Array<number | null> | undefined): Distribution & { missed: number } {
  const list = samples ?? [];
  return { ...distribution(list.map((s) => s ?? Number.POSITIVE_INFINITY)), missed: list.filter((s) => s === null).length };
}

/** With a CRM: timed until its opportunity shows the change; without: until the product's mirror does. */
async function drive(ctx: BenchmarkContext, sandbox: RunningTarget, product: SyncProduct, referralIds: string[], crm: CrmVariant | undefined): Promise<Phase> {
  const base: Omit<DriveRequest, 'durationS' | 'valueBase'> = {
    referralIds, rate: RATE, timeoutMs: ARRIVAL_TIMEOUT_MS, ...(crm ? { crm: crm.crm } : {}), mirror: { dbFile: product.dbFile, tenantId: SANDBOX_TENANT },
  };
  let warmUp: DriveResult | null = null;
  if (ctx.settings.warmupS > 0) {
    ctx.log(`warming up ${product.target.name}: ${RATE} changes/s for ${ctx.settings.warmupS} s`);
    warmUp = await control<DriveResult>(sandbox.url, 'POST', 'bench/drive', { ...base, durationS: ctx.settings.warmupS, valueBase: 1_000_000 });
  }
  await product.target.memory();
  ctx.log(`measuring ${product.target.name}: ${RATE} changes/s for ${DURATION_S} s`);
  const measured = await control<DriveResult>(sandbox.url, 'POST', 'bench/drive', { ...base, durationS: DURATION_S, valueBase: 2_000_000 });
  const memory = await product.target.memory();
  const shown = summarise(crm ? measured.crmMs : measured.mirrorMs);
  ctx.log(`${product.target.name}: p50 ${shown.p50.toFixed(1)} ms, p99 ${shown.p99.toFixed(1)} ms, ${shown.missed} not arrived, send lag ≤ ${measured.maxSendLagMs.toFixed(1)} ms`);
  return { drive: measured, memory, warmUp };
}

function figures(variant: CrmVariant, sync: Phase, bare: Phase): Figure[] {
  const crm = summarise(sync.drive.crmMs);
  const to = `Change to ${variant.label}`;
  const mirrorInSync = summarise(sync.drive.mirrorMs);
  const pipeline = summarise(bare.drive.mirrorMs);
  return [
    { id: 'latency-p50', label: `${to}, p50`, unit: 'ms', better: 'lower', value: crm.p50, baseline: pipeline.p50, target: null },
    { id: 'latency-p99', label: `${to}, p99`, unit: 'ms', better: 'lower', value: crm.p99, baseline: pipeline.p99, target: { kind: 'at-most', value: MAX_P99_MS } },
    { id: 'latency-max', label: `${to}, max`, unit: 'ms', better: 'lower', value: crm.max, baseline: pipeline.max, target: null },
    // The same changes' arrival in the mirror of the product with the sync: the pipeline part of the figures above.
    { id: 'mirror-p99-with-sync', label: 'Change to mirror with the sync on, p99', unit: 'ms', better: 'lower', value: mirrorInSync.p99, baseline: pipeline.p99, target: null },
    { id: 'changes', label: 'Changes measured', unit: 'changes', better: 'higher', value: crm.count, baseline: pipeline.count, target: null },
    // Not from the issue: a change that never shows is a lost update, whatever the percentiles say.
    { id: 'not-arrived', label: `Changes not shown within ${ARRIVAL_TIMEOUT_MS / 1000} s`, unit: 'changes', better: 'lower', value: crm.missed, baseline: pipeline.missed, target: { kind: 'at-most', value: 0 } },
    { id: 'peak-rss', label: 'Peak RSS of the product', unit: 'MB', better: 'lower', value: sync.memory.peakRssBytes / MB, baseline: bare.memory.peakRssBytes / MB, target: null },
  ];
}

/** The benchmark for one CRM: the same method, rate and target; the CRM's emulator watched. */
export function syncLatencyFor(variant: CrmVariant): Benchmark {
  return {
    name: `sync-latency${variant.nameSuffix}`,
    title: `Partner Center change to ${variant.label}`,
    description: `Time from a referral change in the Partner Center emulator until ${variant.shownAs} in the ${variant.emulator}, `
      + `at a fixed ${RATE} changes/s for ${DURATION_S} s over the synced referrals of ${SEED_REFERRALS} seeded ones, beside the same changes' `
      + `arrival in the mirror of a product without the CRM sync (webhook → inbox → mirror). Target: p99 under ${MAX_P99_MS / 1000} s.`,

    async run(ctx) {
      const sandboxInit: SyncSandboxInit = { seedReferrals: SEED_REFERRALS };
      const sandbox = await ctx.startTarget('sandbox', TARGET_SCRIPTS.syncSandbox, sandboxInit);

      // The product with the sync: fill the mirror, backfill the seeded referrals into the CRM, then change them.
      const product = await startSyncProduct(ctx, 'product (sync)', sandbox.url, { CRM: variant.env });
      let sync: Phase;
      let referralIds: string[];
      let seeded: { mirrored: number; backfillMs: number; opportunities: number };
      try {
        const fill = await product.mirrorFill();
        const backfill = await product.backfill();
        if (backfill.run.status !== 'completed') throw new Error(`the backfill of the seeded referrals ended ${backfill.run.status}: ${backfill.run.report}`);
        referralIds = await control<string[]>(sandbox.url, 'GET', `bench/opportunity-referrals?crm=${variant.crm}`);
        if (referralIds.length === 0) throw new Error(`the backfill created no opportunity to change in ${variant.label}`);
        seeded = { mirrored: fill.referrals, backfillMs: backfill.ms, opportunities: referralIds.length };
        ctx.log(`${referralIds.length} of ${SEED_REFERRALS} referrals are opportunities in ${variant.label}`);
        sync = await drive(ctx, sandbox, product, referralIds, variant);
      } finally {
        await product.stop();
      }

      // Baseline: the bare pipeline path, a product without the CRM sync, the same sandbox and referrals.
      const bareProduct = await startSyncProduct(ctx, 'product (pipeline only)', sandbox.url, { CRM: 'none' });
      let bare: Phase;
      try {
        await bareProduct.mirrorFill();
        bare = await drive(ctx, sandbox, bareProduct, referralIds, undefined);
      } finally {
        await bareProduct.stop();
      }
      await sandbox.stop();

      return {
        subject: `the product in sandbox mode (embedded store, pipeline and ${variant.label} sync on, CRM=${variant.env}, default settings) in its own process, against the `
          + 'emulators in another (SANDBOX_URL); each change is a Partner Center store.put with a new details.dealValue, updatedDateTime and eTag, '
          + `which sends the signed webhook; timed until ${variant.shownAs}`,
        baseline: 'the same changes against a product without the CRM sync (CRM=none), timed until its referral mirror (SQLite, read-only '
          + 'from the emulators\' process) holds the new version: webhook → inbox → mirror',
        figures: figures(variant, sync, bare),
        settings: { crm: variant.env, seedReferrals: SEED_REFERRALS, changesPerSecond: RATE, measuredS: DURATION_S, arrivalTimeoutMs: ARRIVAL_TIMEOUT_MS, watchIntervalMs: WATCH_INTERVAL_MS },
        details: {
          seeded,
          sync: { [variant.crm]: summarise(sync.drive.crmMs), mirror: summarise(sync.drive.mirrorMs), sent: sync.drive.sent, superseded: sync.drive.superseded, maxSendLagMs: sync.drive.maxSendLagMs, wallMs: sync.drive.wallMs, memory: sync.memory },
          baseline: { mirror: summarise(bare.drive.mirrorMs), sent: bare.drive.sent, superseded: bare.drive.superseded, maxSendLagMs: bare.drive.maxSendLagMs, wallMs: bare.drive.wallMs, memory: bare.memory },
        },
      };
    },
  };
}

export const syncLatency = syncLatencyFor(SALESFORCE);
export const syncLatencyDynamics365 = syncLatencyFor(DYNAMICS365);
