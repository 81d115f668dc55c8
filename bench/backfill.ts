import { SALESFORCE } from './crm-variants.js';
import type { Figure } from './figures.js';
import type { Benchmark } from './harness.js';
import {
  backfillSizes, DEFAULT_SIZES, flatness, grew, MAX_RSS_MB, rssFigure, runDetails, runSize, sizeLabel, speedFigures, sum, writeBudget, WRITE_CALLS_PER_200, type SizeRun,
} from './backfill-run.js';
import type { SalesforceStats } from './targets/sync-sandbox.js';

export { backfillSizes } from './backfill-run.js';

const RECORD_OBJECTS = ['Opportunity', 'Lead'];

function figuresOf(r: SizeRun<SalesforceStats>): Figure[] {
  const k = sizeLabel(r.size);
  const records = grew(r, RECORD_OBJECTS);
  const allRecords = grew(r);
  const recordWrites = sum(r.after.counts.writeCallsByObject, RECORD_OBJECTS);
  const calls = r.backfill.usageAfter.calls - r.backfill.usageBefore.calls;
  return [
    ...speedFigures(r),
    { id: `record-write-calls-${k}`, label: `Opportunity/Lead write calls for ${records.toLocaleString('en-US')} records (${k})`, unit: 'calls', better: 'lower', value: recordWrites, baseline: null, target: { kind: 'at-most', value: writeBudget(records) } },
    // The same rule over everything written (Accounts, Contacts, contact roles, team members, solutions too).
    { id: `all-write-calls-${k}`, label: `All write calls for ${allRecords.toLocaleString('en-US')} records incl. related (${k})`, unit: 'calls', better: 'lower', value: r.after.counts.writeCalls, baseline: null, target: { kind: 'at-most', value: writeBudget(allRecords) } },
    { id: `api-calls-${k}`, label: `Salesforce API calls, all kinds (${k})`, unit: 'calls', better: 'lower', value: calls, baseline: null, target: null },
    rssFigure(r),
  ];
}

export const backfill: Benchmark = {
  name: 'backfill',
  title: 'Backfill into Salesforce',
  description: `A backfill reconciliation of ${DEFAULT_SIZES.map((n) => n.toLocaleString('en-US')).join(' and ')} referrals from the filled mirror into an empty `
    + 'Salesforce emulator, beside filling that mirror from Partner Center in the same run. Targets: Opportunity/Lead write calls at most '
    + `${WRITE_CALLS_PER_200} × records ÷ 200, peak RSS under ${MAX_RSS_MB} MB and flat from the small to the large run.`,

  async run(ctx) {
    const sizes = backfillSizes();
    const runs: Array<SizeRun<SalesforceStats>> = [];
    for (const size of sizes) runs.push(await runSize<SalesforceStats>(ctx, size, SALESFORCE, 'bench/salesforce'));
    return {
      subject: 'the product in sandbox mode (embedded store, pipeline and Salesforce sync on, CRM poller idle) in its own process; '
        + 'startReconciliation(tenant, { dryRun: false, kind: "backfill" }) and reconciler.wait, called through a bench control port; '
        + 'the Partner Center and Salesforce emulators in another process (SANDBOX_URL), which counts the Salesforce requests it serves',
      baseline: 'the first fill of the same product\'s referral mirror from the Partner Center emulator (pages of 100 into the embedded store), '
        + 'timed from the product\'s start; its peak RSS covers start-up and the fill',
      figures: [...runs.flatMap(figuresOf), ...flatness(runs)],
      settings: { sizes: sizes.join(','), writeCallsPer200Records: WRITE_CALLS_PER_200, maxRssMb: MAX_RSS_MB, crmPollIntervalS: 3600 },
      details: {
        runs: runs.map((r) => ({
          ...runDetails(r),
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
