/**
 * CRM → Partner Center change detection: polls the CRM for records changed since a durable cursor
 * (Salesforce SystemModstamp) and queues them for the engine. The connector's own writes are
 * recognised here already (written by the integration user, at the change stamp the link recorded)
 * and never queued, so they cannot bounce back.
 */
import type { Clock } from '../domain/clock.js';
import type { CrmRow } from '../domain/crm.js';
import type { Logger } from '../logging/logger.js';
import type { Storage } from '../storage/types.js';
import type { Mapping, ObjectRole, Relation, RelationName } from '../domain/mapping/types.js';
import { crmKey, type TenantSync } from './context.js';

export interface PollResult { seen: number; queued: number; echoes: number }

const cursorName = (object: string, what: 'changed' | 'deleted'): string => `crm-poll:${object}:${what}`;

export class CrmPoller {
  constructor(private readonly storage: Storage, private readonly clock: Clock, private readonly logger: Logger, private readonly onQueued: () => void) {}

  /** Starts the cursors at now for a tenant that has none, so the first poll reports changes from this moment. */
  async prime(ctx: TenantSync): Promise<void> {
    const mapping = await ctx.mapping();
    const now = this.clock().toISOString();
    const related = (Object.values(mapping.relations) as Relation[]).flatMap((r) => (r.link.kind === 'junction' ? [nameOf(mapping, r.link.object)] : [nameOf(mapping, r.object)]));
    const objects = [mapping.objects.opportunity, ...(mapping.objects.lead !== undefined ? [mapping.objects.lead] : []), ...related];
    for (const object of new Set(objects)) {
      for (const what of ['changed', 'deleted'] as const) {
        const name = cursorName(object, what);
        if (await this.storage.cursors.get(ctx.tenantId, name) === undefined) await this.storage.cursors.set(ctx.tenantId, name, now);
      }
    }
  }

  /** One pass over every record object and the related objects whose rows belong to a record. */
  async poll(ctx: TenantSync): Promise<PollResult> {
    const mapping = await ctx.mapping();
    const result: PollResult = { seen: 0, queued: 0, echoes: 0 };
    const integration = await ctx.gateway.integrationUserId();
    const objects = [mapping.objects.opportunity, ...(Object.values(mapping.records).includes('lead') && mapping.objects.lead !== undefined ? [mapping.objects.lead] : [])];
    for (const object of objects) {
      // The Sync with Partner Center flag is an Opportunity field; a Lead is synced once it has a referral.
      const flag = object === mapping.objects.opportunity ? ctx.system.syncFlag : undefined;
      const fields = [ctx.system.referralId, ...(flag !== undefined ? [flag] : [])];
      await this.pollObject(ctx, object, fields, integration, result, (row) => (row.fields[ctx.system.referralId] || (flag !== undefined && row.fields[flag] === true) ? crmKey(object, row.id) : undefined));
      await this.pollDeleted(ctx, object, result);
    }
    // Related rows belong to an opportunity: a seller's new solution row, contact role or account fix is a change of it.
    for (const [name, relation] of Object.entries(mapping.relations) as Array<[RelationName, Relation]>) {
      if (relation.direction === 'off' || !relation.records.includes('opportunity') || name === 'team') continue;
      const link = relation.link;
      const opportunity = mapping.objects.opportunity;
      if (link.kind === 'lookupOnRelated') {
        await this.pollObject(ctx, nameOf(mapping, relation.object), [link.field], integration, result, (row) => parentKey(opportunity, row.fields[link.field]), { skipOwn: true });
      } else if (link.kind === 'junction') {
        await this.pollObject(ctx, nameOf(mapping, link.object), [link.recordField], integration, result, (row) => parentKey(opportunity, row.fields[link.recordField]), { skipOwn: true });
      } else if (ctx.system.syncFlag !== undefined) {
        // A fixed account matters to opportunities still waiting to be shared (a linked one sends no customer changes).
        const changed: string[] = [];
        await this.pollObject(ctx, nameOf(mapping, relation.object), [], integration, result, (row) => { changed.push(row.id); return undefined; }, { skipOwn: true });
        if (changed.length > 0) {
          const waiting = await ctx.gateway.find(opportunity, { [link.field]: changed, [ctx.system.syncFlag]: true, [ctx.system.referralId]: null }, []);
          if (waiting.length > 0) {
            await this.storage.syncQueue.enqueue(ctx.tenantId, waiting.map((w) => crmKey(opportunity, w.id)), this.clock());
            result.queued += waiting.length;
          }
        }
      }
    }
    if (result.queued > 0) this.onQueued();
    return result;
  }

  private async pollObject(ctx: TenantSync, object: string, fields: string[], integration: string, result: PollResult, keyOf: (row: CrmRow) => string | undefined, options: { skipOwn?: boolean } = {}): Promise<void> {
    const name = cursorName(object, 'changed');
    let since = await this.storage.cursors.get(ctx.tenantId, name);
    if (since === undefined) {
      // First run: changes from now on. Older records are the reconciliation's job, not a flood of jobs.
      await this.storage.cursors.set(ctx.tenantId, name, this.clock().toISOString());
      return;
    }
    // Change stamps have second precision: re-read the cursor's own second, so a change made in it after the last poll is not missed.
    const from = new Date(Date.parse(since) - 1000).toISOString();
    for await (const page of ctx.gateway.changedSince({ object, fields, since: from })) {
      const keys: string[] = [];
      for (const row of page) {
        result.seen++;
        if (await this.isEcho(ctx, row, integration, options.skipOwn === true)) { result.echoes++; continue; }
        const key = keyOf(row);
        if (key !== undefined) keys.push(key);
      }
      if (keys.length > 0) {
        await this.storage.syncQueue.enqueue(ctx.tenantId, [...new Set(keys)], this.clock());
        result.queued += keys.length;
      }
      const last = page.at(-1);
      if (last !== undefined && last.changeStamp > since) {
        since = last.changeStamp;
        await this.storage.cursors.set(ctx.tenantId, name, since);
      }
    }
  }

  private async isEcho(ctx: TenantSync, row: CrmRow, integration: string, anyOwn: boolean): Promise<boolean> {
    if (row.modifiedBy !== integration) return false;
    if (anyOwn) return true;
    const link = await this.storage.links.byCrm(ctx.tenantId, row.id);
    return link !== undefined && link.crmVersion === row.changeStamp;
  }

  private async pollDeleted(ctx: TenantSync, object: string, result: PollResult): Promise<void> {
    const name = cursorName(object, 'deleted');
    const since = await this.storage.cursors.get(ctx.tenantId, name);
    const now = this.clock().toISOString();
    if (since === undefined) { await this.storage.cursors.set(ctx.tenantId, name, now); return; }
    const deleted = await ctx.gateway.deletedSince(object, since);
    const linked: string[] = [];
    for (const d of deleted) if (await this.storage.links.byCrm(ctx.tenantId, d.id)) linked.push(crmKey(object, d.id));
    if (linked.length > 0) {
      await this.storage.syncQueue.enqueue(ctx.tenantId, linked, this.clock());
      result.queued += linked.length;
    }
    const latest = deleted.reduce((m, d) => (d.deletedAt > m ? d.deletedAt : m), since);
    if (latest > since) await this.storage.cursors.set(ctx.tenantId, name, latest);
    this.logger.trace({ object, deleted: deleted.length }, 'deleted records polled');
  }
}

function nameOf(mapping: Mapping, role: ObjectRole): string {
  return (mapping.objects as Record<string, string | undefined>)[role] ?? role;
}

function parentKey(object: string, parent: unknown): string | undefined {
  return typeof parent === 'string' && parent !== '' ? crmKey(object, parent) : undefined;
}

/** Runs `poll` every `intervalMs` until stopped; one pass at a time. */
export function startPolling(poll: () => Promise<unknown>, intervalMs: number, logger: Logger): { runNow(): Promise<void>; stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const once = (): Promise<void> => {
    running ??= poll().then(() => undefined, (err: unknown) => { logger.warn({ err }, 'CRM change poll failed; will try again'); }).finally(() => { running = undefined; });
    return running;
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => { void once().then(schedule); }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    runNow: once,
    async stop() { stopped = true; if (timer) clearTimeout(timer); await running; },
  };
}
