/**
 * Reconciliation and backfill: every referral of the mirror compared with its CRM record, drift
 * reported (dry run) or repaired, and every opportunity waiting to be shared found. A run is stored
 * with its cursor after each page, so a run interrupted by a crash or a restart is taken over and
 * resumes where it stopped; progress is readable while it runs.
 */
import type { Clock } from '../domain/clock.js';
import { crmObjectFor } from '../domain/mapping/index.js';
import type { Referral } from '../domain/referral.js';
import { planMerge, stripMark, viewOfRecord, viewOfReferral, type SyncView } from '../domain/sync/index.js';
import type { Logger } from '../logging/logger.js';
import type { Storage, SyncRun } from '../storage/types.js';
import { createBatch } from './batch-create.js';
import { CrmRecords } from './crm-records.js';
import type { TenantSync } from './context.js';
import { crmKey, referralKey } from './context.js';
import type { SyncEngine } from './engine.js';

const PAGE = 200;
const MAX_SAMPLES = 50;

export interface RunReport {
  phase: 'referrals' | 'crm' | 'done';
  samples: Array<{ referralId?: string; crmId?: string; drift: string }>;
  errors: Array<{ referralId?: string; crmId?: string; message: string }>;
  /** CRM API usage of this run (calls, write calls, records written). */
  crmCalls?: number;
  crmWriteCalls?: number;
}

/** `carry`: referrals found without a record but not yet written, kept until a full collection call can take them (persisted, so a resumed run writes them). */
interface Cursor { phase: 'referrals' | 'crm'; after?: { updatedDateTime: string; id: string }; carry?: string[] }

/** Records a collection call takes: the backfill writes whole calls of this many, per object. */
const FULL_CALL = 200;

export interface ReconcilerDeps {
  storage: Storage;
  engine: SyncEngine;
  clock: Clock;
  logger: Logger;
  tenant: (tenantId: string) => TenantSync | undefined;
  workerId: string;
  leaseMs: number;
  /** Called after each page with the run as stored. */
  onProgress?: (run: SyncRun) => void;
}

export class Reconciler {
  private readonly active = new Map<string, Promise<SyncRun>>();

  constructor(private readonly deps: ReconcilerDeps) {}

  async start(tenantId: string, options: { dryRun: boolean; kind?: SyncRun['kind'] }): Promise<SyncRun> {
    // One repairing run at a time per tenant: two would race to create the same related records.
    if (!options.dryRun) {
      const running = (await this.deps.storage.syncRuns.list(tenantId, { limit: 20 })).find((r) => r.status === 'running' && !r.dryRun);
      if (running !== undefined) return running;
    }
    const now = this.deps.clock().toISOString();
    const total = await this.deps.storage.referrals.count(tenantId);
    const run = await this.deps.storage.syncRuns.create({
      tenantId, kind: options.kind ?? 'reconcile', dryRun: options.dryRun, status: 'running', cursor: null, total, processed: 0, drifted: 0, repaired: 0, failed: 0,
      report: JSON.stringify({ phase: 'referrals', samples: [], errors: [] } satisfies RunReport), lockedBy: this.deps.workerId, lockedUntil: this.lockUntil(), startedAt: now, updatedAt: now, finishedAt: null,
    });
    this.launch(run);
    return run;
  }

  /** Takes over runs whose runner stopped (crash, restart); call at start-up and now and then. */
  async resumeStale(): Promise<number> {
    let n = 0;
    for (;;) {
      const run = await this.deps.storage.syncRuns.claimStale({ workerId: this.deps.workerId, leaseMs: this.deps.leaseMs, now: this.deps.clock() });
      if (run === undefined) return n;
      this.deps.logger.info({ runId: run.id, processed: run.processed }, 'resuming an interrupted reconciliation');
      this.launch(run);
      n++;
    }
  }

  /** Resolves when every run this process is working on has finished. */
  async idle(): Promise<void> {
    while (this.active.size > 0) await Promise.allSettled([...this.active.values()]);
  }

  /** Resolves when the run has finished in this process (tests, the command). */
  wait(id: string): Promise<SyncRun> | undefined {
    return this.active.get(id);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.active.values()]);
  }

  private stopping = false;

  private launch(run: SyncRun): void {
    const p = this.execute(run).finally(() => this.active.delete(run.id));
    this.active.set(run.id, p);
    p.catch(() => undefined);
  }

  /** Runs (or resumes) to the end, storing progress after each page. */
  private async execute(initial: SyncRun): Promise<SyncRun> {
    let run = initial;
    const ctx = this.deps.tenant(run.tenantId);
    const report = JSON.parse(run.report) as RunReport;
    if (ctx === undefined) return this.finish(run, report, 'failed', 'CRM sync is not configured for this tenant.');
    const usageAtStart = ctx.gateway.usage();
    let cursor: Cursor = run.cursor !== null ? JSON.parse(run.cursor) as Cursor : { phase: 'referrals' };
    const seen = new Set<string>();
    const carry: Referral[] = [];
    for (const id of cursor.carry ?? []) {
      const stored = await this.deps.storage.referrals.get(run.tenantId, id);
      if (stored !== undefined) carry.push(JSON.parse(stored.json) as Referral);
    }
    try {
      while (!this.stopping) {
        const mapping = await ctx.mapping();
        if (cursor.phase === 'referrals') {
          const page = await this.deps.storage.referrals.list(run.tenantId, { order: 'asc', limit: PAGE, ...(cursor.after ? { after: cursor.after } : {}) });
          // A referral the run itself repaired moves to the end of the update-time order: it is not visited twice.
          const rows = page.filter((r) => !seen.has(r.id));
          for (const r of rows) seen.add(r.id);
          if (page.length === 0) {
            const counts = await this.flush(ctx, run, carry, report, mapping, true);
            run = { ...run, repaired: run.repaired + counts.repaired, failed: run.failed + counts.failed };
            cursor = { phase: 'crm' }; report.phase = 'crm';
          }
          else if (rows.length === 0) { const last = page.at(-1)!; cursor = { phase: 'referrals', after: { updatedDateTime: last.updatedDateTime, id: last.id } }; }
          else {
            const referrals = rows.map((r) => JSON.parse(r.json) as Referral);
            const counts = await this.referralPage(ctx, run, referrals, report, mapping, carry);
            run = { ...run, processed: run.processed + rows.length, drifted: run.drifted + counts.drifted, repaired: run.repaired + counts.repaired, failed: run.failed + counts.failed };
            const last = page.at(-1)!;
            cursor = { phase: 'referrals', after: { updatedDateTime: last.updatedDateTime, id: last.id }, ...(carry.length > 0 ? { carry: carry.map((r) => r.id ?? '') } : {}) };
          }
        } else {
          const counts = await this.crmPhase(ctx, run, report);
          run = { ...run, drifted: run.drifted + counts.drifted, repaired: run.repaired + counts.repaired, failed: run.failed + counts.failed };
          report.phase = 'done';
          const usage = ctx.gateway.usage();
          report.crmCalls = usage.calls - usageAtStart.calls;
          report.crmWriteCalls = usage.writeCalls - usageAtStart.writeCalls;
          return await this.finish(run, report, 'completed');
        }
        const usage = ctx.gateway.usage();
        report.crmCalls = usage.calls - usageAtStart.calls;
        report.crmWriteCalls = usage.writeCalls - usageAtStart.writeCalls;
        run = { ...run, cursor: JSON.stringify(cursor), report: JSON.stringify(report), lockedUntil: this.lockUntil(), updatedAt: this.deps.clock().toISOString() };
        await this.deps.storage.syncRuns.update(run);
        this.deps.onProgress?.(run);
      }
      // Stopping: leave it running with its lock released, so the next process resumes it.
      run = { ...run, lockedBy: null, lockedUntil: null, updatedAt: this.deps.clock().toISOString() };
      await this.deps.storage.syncRuns.update(run);
      return run;
    } catch (err) {
      this.deps.logger.error({ err, runId: run.id }, 'reconciliation failed');
      return this.finish(run, report, 'failed', err instanceof Error ? `${err.name}: ${err.message}` : String(err));
    }
  }

  private async finish(run: SyncRun, report: RunReport, status: 'completed' | 'failed', error?: string): Promise<SyncRun> {
    if (error !== undefined) report.errors.push({ message: error });
    const now = this.deps.clock().toISOString();
    const done: SyncRun = { ...run, status, report: JSON.stringify(report), lockedBy: null, lockedUntil: null, updatedAt: now, finishedAt: now };
    await this.deps.storage.syncRuns.update(done);
    this.deps.onProgress?.(done);
    return done;
  }

  private async referralPage(ctx: TenantSync, run: SyncRun, referrals: Referral[], report: RunReport, mapping: Awaited<ReturnType<TenantSync['mapping']>>, carry: Referral[]): Promise<{ drifted: number; repaired: number; failed: number }> {
    const counts = { drifted: 0, repaired: 0, failed: 0 };
    const records = new CrmRecords(ctx.gateway, mapping, ctx.system);
    const unlinked: Referral[] = [];
    const linked: Array<{ referral: Referral; crmId: string; base: string }> = [];
    for (const referral of referrals) {
      if (crmObjectFor(mapping, referral, { coSellOpportunitiesOnly: ctx.settings.coSellOpportunitiesOnly }) === undefined) continue;
      const link = await this.deps.storage.links.byReferral(run.tenantId, referral.id ?? '');
      if (link === undefined) unlinked.push(referral);
      else if (link.state === 'active') linked.push({ referral, crmId: link.crmId, base: link.base });
    }
    if (unlinked.length > 0) {
      counts.drifted += unlinked.length;
      for (const r of unlinked.slice(0, MAX_SAMPLES - report.samples.length)) report.samples.push({ referralId: r.id ?? '', drift: 'no CRM record' });
      if (!run.dryRun) {
        carry.push(...unlinked);
        const flushed = await this.flush(ctx, run, carry, report, mapping, false);
        counts.repaired += flushed.repaired;
        counts.failed += flushed.failed;
      }
    }
    for (const { referral, crmId, base } of linked) {
      const object = crmObjectFor(mapping, referral)!;
      const snapshot = await records.load(object, crmId);
      const drift = snapshot === undefined ? 'CRM record deleted' : describeDrift(mapping, object, referral, snapshot, base, ctx);
      if (drift === undefined) continue;
      counts.drifted++;
      if (report.samples.length < MAX_SAMPLES) report.samples.push({ referralId: referral.id ?? '', crmId, drift });
      if (!run.dryRun) {
        try {
          await this.deps.engine.run(run.tenantId, referralKey(referral.id ?? ''), 'reconciliation');
          counts.repaired++;
        } catch (err) {
          counts.failed++;
          if (report.errors.length < MAX_SAMPLES) report.errors.push({ referralId: referral.id ?? '', message: err instanceof Error ? err.message : String(err) });
        }
      }
    }
    return counts;
  }

  /**
   * Writes the carried referrals in whole collection calls per CRM object (all of them when `all`), so
   * a backfill uses about one call per 200 records however the objects interleave in the mirror.
   */
  private async flush(ctx: TenantSync, run: SyncRun, carry: Referral[], report: RunReport, mapping: Awaited<ReturnType<TenantSync['mapping']>>, all: boolean): Promise<{ repaired: number; failed: number }> {
    const counts = { repaired: 0, failed: 0 };
    const byObject = new Map<string, Referral[]>();
    for (const r of carry) {
      const object = crmObjectFor(mapping, r, { coSellOpportunitiesOnly: ctx.settings.coSellOpportunitiesOnly }) ?? 'skip';
      byObject.set(object, [...(byObject.get(object) ?? []), r]);
    }
    const kept: Referral[] = [];
    for (const group of byObject.values()) {
      const take = all ? group.length : group.length - (group.length % FULL_CALL);
      kept.push(...group.slice(take));
      const batch = group.slice(0, take);
      if (batch.length === 0) continue;
      try {
        const outcome = await createBatch(ctx, mapping, this.deps.storage, this.deps.clock, batch);
        counts.repaired += outcome.created;
        counts.failed += outcome.failed.length;
        for (const f of outcome.failed.slice(0, Math.max(0, MAX_SAMPLES - report.errors.length))) report.errors.push({ referralId: f.referralId, message: f.message });
        // Records that existed without a link are merged one by one.
        for (const id of outcome.existing) { await this.deps.engine.run(run.tenantId, referralKey(id), 'reconciliation'); counts.repaired++; }
      } catch (err) {
        // A call refused as a whole fails these referrals, not the run; the next run retries them.
        counts.failed += batch.length;
        if (report.errors.length < MAX_SAMPLES) report.errors.push({ message: `${batch.length} referrals not created: ${err instanceof Error ? err.message : String(err)}` });
      }
    }
    carry.splice(0, carry.length, ...kept);
    return counts;
  }

  /** Opportunities a seller marked for sync that have no referral yet. */
  private async crmPhase(ctx: TenantSync, run: SyncRun, report: RunReport): Promise<{ drifted: number; repaired: number; failed: number }> {
    const counts = { drifted: 0, repaired: 0, failed: 0 };
    const mapping = await ctx.mapping();
    if (ctx.system.syncFlag === undefined) return counts;
    const object = mapping.objects.opportunity;
    const rows = await ctx.gateway.find(object, { [ctx.system.syncFlag]: true, [ctx.system.referralId]: null }, []);
    for (const row of rows) {
      counts.drifted++;
      if (report.samples.length < MAX_SAMPLES) report.samples.push({ crmId: row.id, drift: 'marked Sync with Partner Center but has no referral' });
      if (run.dryRun) continue;
      try {
        await this.deps.engine.run(run.tenantId, crmKey(object, row.id), 'reconciliation');
        counts.repaired++;
      } catch (err) {
        counts.failed++;
        if (report.errors.length < MAX_SAMPLES) report.errors.push({ crmId: row.id, message: err instanceof Error ? err.message : String(err) });
      }
    }
    return counts;
  }

  private lockUntil(): string {
    return new Date(this.deps.clock().getTime() + this.deps.leaseMs).toISOString();
  }
}

/** What differs between a linked referral and its record, or undefined when they agree. */
function describeDrift(mapping: Awaited<ReturnType<TenantSync['mapping']>>, object: 'opportunity' | 'lead', referral: Referral, snapshot: NonNullable<Awaited<ReturnType<CrmRecords['load']>>>, base: string, ctx: TenantSync): string | undefined {
  const pc = viewOfReferral(mapping, object, referral);
  if (pc === undefined) return undefined;
  const nameField = ctx.system.name;
  const fields = nameField !== undefined ? { ...snapshot.row.fields, [nameField]: stripMark(snapshot.row.fields[nameField]) } : snapshot.row.fields;
  const crm = viewOfRecord(mapping, { ...snapshot.loaded, fields });
  const plan = planMerge({ mapping, object, base: base === '' ? undefined : JSON.parse(base) as SyncView, referral: pc, record: crm, referralChangedAt: referral.updatedDateTime ?? '', recordChangedAt: snapshot.row.modifiedAt, policy: ctx.settings.conflictPolicy });
  const keys = [...plan.toCrm.map((c) => `${c.key} → CRM`), ...plan.toPartnerCenter.map((c) => `${c.key} → Partner Center`)];
  return keys.length === 0 ? undefined : keys.join(', ');
}
