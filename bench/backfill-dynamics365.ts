import {
  backfillSizes, DEFAULT_SIZES, flatness, grew, MAX_RSS_MB, rssFigure, runDetails, runSize, sizeLabel, speedFigures, sum, writeBudget, WRITE_CALLS_PER_200, type SizeRun,
} from './backfill-run.js';
import { DYNAMICS365 } from './crm-variants.js';
import type { Figure } from './figures.js';
import type { Benchmark } from './harness.js';
import type { DataverseStats } from './targets/sync-sandbox.js';

/** The records the write target is about: opportunity and lead rows. */
const RECORD_TABLES = ['opportunity', 'lead'];
/**
 * Requests that write those rows: creates and updates of the two entity sets, and the actions that
 * close an opportunity (Dataverse refuses a state change to Won/Lost by PATCH, crm-apis.md §4.6).
 */
const RECORD_TARGETS = ['opportunities', 'leads', 'WinOpportunity', 'LoseOpportunity'];
/** By-products of the close actions, not records the sync sends: left out of "all records". */
const NOT_SENT = ['opportunityclose'];

const carriesRecords = (targetSet: string) => targetSet.split('+').some((t) => RECORD_TARGETS.includes(t));

function figuresOf(r: SizeRun<DataverseStats>): Figure[] {
  const k = sizeLabel(r.size);
  const counts = r.after.counts;
  const records = grew(r, RECORD_TABLES);
  const sentTables = Object.keys(r.after.records).filter((t) => !NOT_SENT.includes(t));
  const allRecords = grew(r, sentTables);
  const recordCalls = Object.entries(counts.writeCallsByTargetSet).filter(([set]) => carriesRecords(set)).reduce((a, [, n]) => a + n, 0);
  const recordRequests = sum(counts.writeRequestsByTarget, RECORD_TARGETS);
  const allRequests = sum(counts.writeRequestsByTarget);
  const b = r.backfill;
  const httpCalls = b.usageAfter.calls - b.usageBefore.calls;
  const batched = b.batchUsageAfter && b.batchUsageBefore ? b.batchUsageAfter.batchedRequests - b.batchUsageBefore.batchedRequests : null;
  const n = (x: number) => x.toLocaleString('en-US');
  return [
    ...speedFigures(r),
    // The target is held against HTTP calls, as Salesforce's is against API calls: see bench/README.md.
    { id: `record-write-calls-${k}`, label: `HTTP calls carrying opportunity/lead writes for ${n(records)} records (${k})`, unit: 'calls', better: 'lower', value: recordCalls, baseline: null, target: { kind: 'at-most', value: writeBudget(records) } },
    // Inside those calls: at least one request per record by the Web API's design; the baseline is the record count, so the ratio reads requests per record.
    { id: `record-write-requests-${k}`, label: `Opportunity/lead write requests inside them, vs records (${k})`, unit: 'requests', better: 'lower', value: recordRequests, baseline: records, target: null },
    { id: `all-write-calls-${k}`, label: `All HTTP write calls for ${n(allRecords)} records incl. related (${k})`, unit: 'calls', better: 'lower', value: counts.writeCalls, baseline: null, target: { kind: 'at-most', value: writeBudget(allRecords) } },
    { id: `all-write-requests-${k}`, label: `All write requests inside them, vs records incl. related (${k})`, unit: 'requests', better: 'lower', value: allRequests, baseline: allRecords, target: null },
    { id: `http-calls-${k}`, label: `Dataverse HTTP calls, all kinds (${k})`, unit: 'calls', better: 'lower', value: httpCalls, baseline: null, target: null },
    { id: `batched-requests-${k}`, label: `Requests inside $batch calls, all kinds (${k})`, unit: 'requests', better: 'lower', value: batched, baseline: null, target: null },
    rssFigure(r),
  ];
}

export const backfillDynamics365: Benchmark = {
  name: 'backfill-dynamics365',
  title: 'Backfill into Dynamics 365',
  description: `A backfill reconciliation of ${DEFAULT_SIZES.map((s) => s.toLocaleString('en-US')).join(' and ')} referrals from the filled mirror into an empty `
    + 'Dataverse emulator, beside filling that mirror from Partner Center in the same run. HTTP calls ($batch counts once) and the requests inside '
    + `$batch are reported separately. Targets: HTTP calls carrying opportunity/lead writes at most ${WRITE_CALLS_PER_200} × records ÷ 200, `
    + `peak RSS under ${MAX_RSS_MB} MB and flat from the small to the large run.`,

  async run(ctx) {
    const sizes = backfillSizes();
    const runs: Array<SizeRun<DataverseStats>> = [];
    for (const size of sizes) runs.push(await runSize<DataverseStats>(ctx, size, DYNAMICS365, 'bench/dataverse'));
    return {
      subject: 'the product in sandbox mode (embedded store, pipeline and Dynamics 365 sync on, CRM=dynamics365, CRM poller idle) in its own process; '
        + 'startReconciliation(tenant, { dryRun: false, kind: "backfill" }) and reconciler.wait, called through a bench control port; '
        + 'the Partner Center and Dataverse emulators in another process (SANDBOX_URL), which counts the HTTP calls and the requests inside each $batch it serves',
      baseline: 'the first fill of the same product\'s referral mirror from the Partner Center emulator (pages of 100 into the embedded store), '
        + 'timed from the product\'s start; its peak RSS covers start-up and the fill; request counts are set beside the records written',
      figures: [...runs.flatMap(figuresOf), ...flatness(runs)],
      settings: { crm: DYNAMICS365.env, sizes: sizes.join(','), writeCallsPer200Records: WRITE_CALLS_PER_200, maxRssMb: MAX_RSS_MB, crmPollIntervalS: 3600 },
      details: {
        runs: runs.map((r) => ({
          ...runDetails(r),
          gatewayBatchUsage: { before: r.backfill.batchUsageBefore, after: r.backfill.batchUsageAfter },
          emulator: {
            counted: r.after.counts,
            recordsBefore: r.before.records,
            recordsAfter: r.after.records,
            cpuMsDuringBackfill: r.after.cpuMs - r.before.cpuMs,
          },
        })),
      },
    };
  },
};
