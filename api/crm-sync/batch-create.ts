/**
 * Many referrals into an empty (or partly filled) CRM at once, in as few calls as the CRM allows:
 * each related object is matched with one query and created with one bulk write per batch, and the
 * records themselves are upserted on Referral Identifier, so a batch that is interrupted and run
 * again creates nothing twice. A record that already existed is left to the per-record engine.
 */
import { toCrmRecord, type CrmRecord } from '../domain/mapping/index.js';
import type { Mapping, RecordObject, Relation } from '../domain/mapping/types.js';
import type { Referral } from '../domain/referral.js';
import { auditLine, fingerprint, viewOfReferral, withMark } from '../domain/sync/index.js';
import type { NewAuditEntry, SyncLink } from '../storage/types.js';
import type { Clock } from '../domain/clock.js';
import type { Storage } from '../storage/types.js';
import type { TenantSync } from './context.js';

export interface BatchOutcome { created: number; existing: string[]; failed: Array<{ referralId: string; message: string }> }

interface Planned { referral: Referral; record: CrmRecord; object: RecordObject }

export async function createBatch(ctx: TenantSync, mapping: Mapping, storage: Storage, clock: Clock, referrals: Referral[]): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { created: 0, existing: [], failed: [] };
  const planned: Planned[] = [];
  for (const referral of referrals) {
    const record = toCrmRecord(mapping, referral, { coSellOpportunitiesOnly: ctx.settings.coSellOpportunitiesOnly });
    if (record !== undefined) planned.push({ referral, record, object: record.object });
  }
  for (const object of ['opportunity', 'lead'] as const) {
    const group = planned.filter((p) => p.object === object);
    if (group.length > 0) await createGroup(ctx, mapping, storage, clock, object, group, outcome);
  }
  return outcome;
}

async function createGroup(ctx: TenantSync, mapping: Mapping, storage: Storage, clock: Clock, object: RecordObject, group: Planned[], outcome: BatchOutcome): Promise<void> {
  const { gateway, system } = ctx;
  const crmObject = group[0]!.record.crmObject;
  const now = clock().toISOString();
  const customer = mapping.relations.customer;
  const accountIds = customer !== undefined && customer.records.includes(object) && customer.link.kind === 'lookupOnRecord'
    ? await resolveMany(ctx, mapping, customer, group.map((p) => p.record.related.customer?.fields))
    : group.map(() => undefined);

  const rows = group.map((p, i) => {
    const fields: Record<string, unknown> = { ...p.record.fields, [system.referralId]: p.referral.id };
    if (system.link !== undefined) fields[system.link] = ctx.settings.referralUrl(p.referral.id ?? '');
    if (accountIds[i] !== undefined && customer?.link.kind === 'lookupOnRecord') fields[customer.link.field] = accountIds[i];
    if (ctx.settings.nameMark && system.name !== undefined && typeof fields[system.name] === 'string') fields[system.name] = withMark(fields[system.name] as string, true);
    if (system.audit !== undefined) fields[system.audit] = auditLine({ at: now, action: 'created', direction: 'toCrm', message: `Created ${crmObject} from Partner Center referral ${p.referral.id}.`, fields: [] });
    return fields;
  });
  const results = await gateway.upsertMany(crmObject, system.referralId, rows);
  const created: Array<{ p: Planned; id: string }> = [];
  results.forEach((r, i) => {
    const p = group[i]!;
    if (!r.ok) outcome.failed.push({ referralId: p.referral.id ?? '', message: r.error.message });
    else if (r.created) created.push({ p, id: r.id });
    else outcome.existing.push(p.referral.id ?? '');
  });
  if (created.length === 0) return;

  for (const name of ['contacts', 'team', 'solutions'] as const) {
    const relation = mapping.relations[name];
    if (relation === undefined || !relation.records.includes(object) || relation.direction === 'off') continue;
    await linkMany(ctx, mapping, relation, created.map((c) => ({ id: c.id, items: c.p.record.related[name] ?? [] })));
  }

  const stamps = await gateway.getMany(crmObject, created.map((c) => c.id), []);
  const links: SyncLink[] = created.map(({ p, id }) => {
    const view = viewOfReferral(mapping, object, p.referral) ?? {};
    return { tenantId: ctx.tenantId, referralId: p.referral.id ?? null, crmObject, crmId: id, base: JSON.stringify(view), crmFingerprint: fingerprint(view), referralVersion: p.referral.updatedDateTime ?? null, crmVersion: stamps.get(id)?.changeStamp ?? null, state: 'active', updatedAt: now };
  });
  await storage.links.putMany(links);
  const entries: NewAuditEntry[] = created.map(({ p, id }) => ({ tenantId: ctx.tenantId, referralId: p.referral.id ?? null, crmObject, crmId: id, at: now, direction: 'toCrm', action: 'created', source: 'reconciliation', fields: [], message: `Created ${crmObject} from Partner Center referral ${p.referral.id}.` }));
  await storage.audit.append(entries);
  outcome.created += created.length;
}

/** Customer record ids for each value set (undefined where none): one lookup query and one bulk create for the batch. */
async function resolveMany(ctx: TenantSync, mapping: Mapping, relation: Relation, values: Array<Record<string, unknown> | undefined>): Promise<Array<string | undefined>> {
  const object = mapping.objects[relation.object] ?? relation.object;
  const key = (v: Record<string, unknown>): string => JSON.stringify(relation.match.map((k) => normal(v[k])));
  const [first] = relation.match;
  const wanted = values.filter((v): v is Record<string, unknown> => v !== undefined && first !== undefined && typeof v[first] === 'string');
  const found = new Map<string, string>();
  if (first !== undefined && wanted.length > 0) {
    const rows = await ctx.gateway.find(object, { [first]: [...new Set(wanted.map((v) => v[first] as string))] }, relation.match);
    for (const r of rows) { const k = key(r.fields); if (!found.has(k)) found.set(k, r.id); }
  }
  if (relation.createIfMissing) {
    const missing = new Map<string, Record<string, unknown>>();
    for (const v of wanted) if (!found.has(key(v))) missing.set(key(v), v);
    if (missing.size > 0) {
      const entries = [...missing];
      const results = await ctx.gateway.createMany(object, entries.map(([, v]) => v));
      results.forEach((r, i) => { if (r.ok) found.set(entries[i]![0], r.id); });
    }
  }
  return values.map((v) => (v === undefined ? undefined : found.get(key(v))));
}

/** Links each new record to its related records: find by match (one query), create the missing, then one bulk write of links. */
async function linkMany(ctx: TenantSync, mapping: Mapping, relation: Relation, records: Array<{ id: string; items: Array<{ fields: Record<string, unknown> }> }>): Promise<void> {
  const relatedObject = mapping.objects[relation.object] ?? relation.object;
  const link = relation.link;
  if (link.kind === 'lookupOnRelated') {
    const rows = records.flatMap((r) => r.items.map((i) => ({ ...i.fields, [link.field]: r.id })));
    // Rows that fail (a bad value) do not undo the records; the per-record engine reports them on the next change.
    if (rows.length > 0) await ctx.gateway.createMany(relatedObject, rows);
    return;
  }
  if (link.kind !== 'junction') return;
  const [first] = relation.match;
  if (first === undefined) return;
  const all = records.flatMap((r) => r.items.map((i) => i.fields)).filter((f) => typeof f[first] === 'string' && f[first] !== '');
  if (all.length === 0) return;
  const ids = new Map<string, string>();
  for (const row of await ctx.gateway.find(relatedObject, { [first]: [...new Set(all.map((f) => f[first] as string))] }, [first])) ids.set(normal(row.fields[first]), row.id);
  if (relation.createIfMissing) {
    const missing = new Map<string, Record<string, unknown>>();
    for (const f of all) if (!ids.has(normal(f[first]))) missing.set(normal(f[first]), f);
    const entries = [...missing];
    if (entries.length > 0) (await ctx.gateway.createMany(relatedObject, entries.map(([, f]) => f))).forEach((r, i) => { if (r.ok) ids.set(entries[i]![0], r.id); });
  }
  const junctions: Array<Record<string, unknown>> = [];
  for (const r of records) {
    const seen = new Set<string>();
    for (const i of r.items) {
      const id = ids.get(normal(i.fields[first]));
      if (id === undefined || seen.has(id)) continue;
      seen.add(id);
      junctions.push({ [link.recordField]: r.id, [link.relatedField]: id, ...(link.fields ?? {}) });
    }
  }
  if (junctions.length > 0) await ctx.gateway.createMany(mapping.objects[link.object] ?? link.object, junctions);
}

function normal(v: unknown): string {
  return typeof v === 'string' ? v.trim().toLowerCase() : JSON.stringify(v ?? null);
}
