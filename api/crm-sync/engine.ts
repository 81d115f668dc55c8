/**
 * One sync job to its conclusion: a referral or a CRM record, brought in line with its counterpart.
 * Creation goes whichever way is missing; otherwise the three-way merge decides, per key, what travels.
 * Every decision is audited. Throws only for failures worth retrying (the CRM or Partner Center
 * unavailable); a record either side refuses is audited as failed and left for the next change.
 */
import { CrmRecordError } from '../domain/crm.js';
import { InvalidTransitionError, PrerequisitesMissingError, ReferralClosedError } from '../domain/errors.js';
import { crmObjectFor, toCrmRecord, toReferral, type CrmRecord } from '../domain/mapping/index.js';
import type { Mapping, RecordObject, RelationName } from '../domain/mapping/types.js';
import { ReferralNotFoundError, StaleReferralError, type ReferralChange } from '../domain/ports.js';
import { CoSellShareIncompleteError } from '../domain/referral-operations.js';
import { MICROSOFT_ORGANIZATION_ID, type Referral } from '../domain/referral.js';
import { asCrmRelated, fingerprint, isAdditive, planMerge, stripMark, viewOfRecord, viewOfReferral, withMark, STAGE_KEY, type MergePlan, type SyncView } from '../domain/sync/index.js';
import type { AuditFieldChange, SyncLink } from '../storage/types.js';
import { CrmRecords, type RecordSnapshot } from './crm-records.js';
import { createRequestFrom } from './create-request.js';
import type { EngineDeps, JobSource, TenantSync } from './context.js';
import { parseKey } from './context.js';
import { AuditLog } from './audit-log.js';

const MAX_412_ATTEMPTS = 3;
/** The link's change stamp while a referral is being created for the record. */
const CREATING = 'creating';

export class SyncEngine {
  constructor(private readonly deps: EngineDeps) {}

  async run(tenantId: string, key: string, source: JobSource): Promise<void> {
    const ctx = this.deps.tenant(tenantId);
    if (ctx === undefined) return;
    const parsed = parseKey(key);
    if (parsed === undefined) return;
    const job = new Job(this.deps, ctx, await ctx.mapping(), source);
    try {
      if (parsed.kind === 'referral') await job.fromReferral(parsed.referralId);
      else await job.fromRecord(parsed.object, parsed.id);
    } catch (err) {
      // The CRM refused a value: retrying cannot help until someone changes the data; the audit says what.
      if (!(err instanceof CrmRecordError)) throw err;
      await job.refused(parsed, err);
    }
  }
}

class Job {
  private readonly records: CrmRecords;
  private readonly audit: AuditLog;

  constructor(private readonly deps: EngineDeps, private readonly ctx: TenantSync, private readonly mapping: Mapping, private readonly source: JobSource) {
    this.records = new CrmRecords(ctx.gateway, mapping, ctx.system);
    this.audit = new AuditLog(deps.storage, ctx, deps.clock, source);
  }

  private get links() { return this.deps.storage.links; }

  async refused(key: ReturnType<typeof parseKey> & object, err: CrmRecordError): Promise<void> {
    const link = key.kind === 'referral' ? await this.links.byReferral(this.ctx.tenantId, key.referralId) : await this.links.byCrm(this.ctx.tenantId, key.id);
    const target = link ?? (key.kind === 'referral' ? { referralId: key.referralId, crmObject: null, crmId: null } : { referralId: null, crmObject: key.object, crmId: key.id });
    const fields = err.fields.length > 0 ? ` (fields: ${err.fields.join(', ')})` : '';
    await this.audit.append(target, { direction: key.kind === 'referral' ? 'toCrm' : 'toPartnerCenter', action: 'failed', fields: [], message: `The CRM refused the change: ${err.message}${fields}` });
  }

  async fromReferral(referralId: string): Promise<void> {
    const referral = await this.readReferral(referralId);
    if (referral === undefined) return;
    const object = crmObjectFor(this.mapping, referral, { coSellOpportunitiesOnly: this.ctx.settings.coSellOpportunitiesOnly });
    if (object === undefined) return;
    const link = await this.links.byReferral(this.ctx.tenantId, referralId);
    if (link?.state === 'crm-deleted') {
      if (link.referralVersion !== (referral.updatedDateTime ?? null)) {
        await this.audit.record(link, { direction: 'none', action: 'skipped', fields: [], message: `Referral changed in Partner Center; its ${link.crmObject} was deleted in the CRM, so nothing was written.` }, { updateField: false });
        await this.links.put({ ...link, referralVersion: referral.updatedDateTime ?? null, updatedAt: this.now() });
      }
      return;
    }
    if (link !== undefined) return this.merge(link, referral, object);
    // The copy of a partner's referral shared with Microsoft belongs to the opportunity of the partner's own referral.
    if (isShareWithMicrosoft(referral)) return;
    const crmObject = this.records.crmName(object);
    // Created from a record a moment ago: its creator writes the identifier back and links them.
    const origin = typeof referral.externalReferenceId === 'string' ? await this.links.byCrm(this.ctx.tenantId, referral.externalReferenceId) : undefined;
    if (origin?.referralId === null && origin.crmVersion === CREATING) return;
    const existing = await this.existingRecord(crmObject, referral);
    if (existing !== undefined) {
      const fresh = this.newLink(referralId, crmObject, existing);
      return this.merge(fresh, referral, object, { firstSync: true });
    }
    await this.createInCrm(referral, object);
  }

  async fromRecord(crmObject: string, crmId: string): Promise<void> {
    const object = this.recordObjectOf(crmObject);
    if (object === undefined) return;
    const link = await this.links.byCrm(this.ctx.tenantId, crmId);
    if (link?.state === 'crm-deleted') return;
    if (link?.referralId) {
      const referral = await this.readReferral(link.referralId);
      if (referral === undefined) return;
      return this.merge(link, referral, object);
    }
    const snapshot = await this.records.load(object, crmId, { withCustomer: true });
    if (snapshot === undefined) return;
    const referralId = snapshot.row.fields[this.ctx.system.referralId];
    if (typeof referralId === 'string' && referralId !== '') {
      const referral = await this.readReferral(referralId);
      if (referral === undefined) return;
      return this.merge(this.newLink(referralId, crmObject, crmId), referral, object, { firstSync: true });
    }
    const flag = this.ctx.system.syncFlag;
    if (flag === undefined || snapshot.row.fields[flag] !== true || object !== 'opportunity') return;
    // Refused before and nothing the mapping reads has changed since (our own Audit and mark writes included): no new attempt.
    if (link?.crmVersion === refusedStamp(this.recordView(snapshot))) return;
    await this.createInPartnerCenter(snapshot, crmObject);
  }

  /**
   * The record a referral without a link already has: one whose Referral Identifier names it (a retry
   * after a crash), or the record the referral was created from (its externalReferenceId; its webhook
   * may be processed before the create has written the identifier back).
   */
  private async existingRecord(crmObject: string, referral: Referral): Promise<string | undefined> {
    const [byIdentifier] = await this.ctx.gateway.find(crmObject, { [this.ctx.system.referralId]: referral.id ?? '' }, [], { limit: 1 });
    if (byIdentifier !== undefined) return byIdentifier.id;
    const external = referral.externalReferenceId;
    if (typeof external !== 'string' || external === '') return undefined;
    const linked = await this.links.byCrm(this.ctx.tenantId, external);
    if (linked !== undefined) return linked.referralId === null || linked.referralId === referral.id ? external : undefined;
    try {
      return (await this.ctx.gateway.get(crmObject, external, []))?.id;
    } catch (err) {
      // Not an id of this CRM (a referral created elsewhere with its own reference).
      if (err instanceof CrmRecordError) return undefined;
      throw err;
    }
  }

  /** Partner Center → CRM, first time: the record is upserted on Referral Identifier, so a retry never duplicates it. */
  private async createInCrm(referral: Referral, object: RecordObject): Promise<void> {
    const record = toCrmRecord(this.mapping, referral, { coSellOpportunitiesOnly: this.ctx.settings.coSellOpportunitiesOnly });
    if (record === undefined) return;
    const crmObject = record.crmObject;
    const fields: Record<string, unknown> = { ...record.fields, [this.ctx.system.referralId]: referral.id };
    if (this.ctx.system.link !== undefined) fields[this.ctx.system.link] = this.ctx.settings.referralUrl(referral.id);
    const customerRelation = this.mapping.relations.customer;
    if (record.related.customer !== undefined && customerRelation?.link.kind === 'lookupOnRecord' && customerRelation.records.includes(object)) {
      const accountId = await this.records.resolveCustomer(record.related.customer.fields);
      if (accountId !== undefined) fields[customerRelation.link.field] = accountId;
    }
    const entry = { direction: 'toCrm' as const, action: 'created' as const, fields: [], message: `Created ${crmObject} from Partner Center referral ${referral.id}.` };
    if (object === 'opportunity') this.markName(fields, true);
    await this.audit.prepareField(fields, null, entry);
    const [result] = await this.ctx.gateway.upsertMany(crmObject, this.ctx.system.referralId, [fields]);
    if (result === undefined || !result.ok) {
      const error = result?.ok === false ? result.error : new CrmRecordError('invalid', 'no result');
      await this.audit.record({ referralId: referral.id, crmObject, crmId: null }, { direction: 'toCrm', action: 'failed', fields: [], message: `Could not create the ${crmObject}: ${error.message}` }, { updateField: false });
      return;
    }
    const warnings = await this.writeLists(record, object, result.id, {});
    const view = viewOfReferral(this.mapping, object, referral) ?? {};
    const stamp = await this.ctx.gateway.get(crmObject, result.id, []);
    await this.links.put({ ...this.newLink(referral.id, crmObject, result.id), base: JSON.stringify(view), crmFingerprint: fingerprint(view), referralVersion: referral.updatedDateTime ?? null, crmVersion: stamp?.changeStamp ?? null });
    await this.audit.append({ referralId: referral.id, crmObject, crmId: result.id }, { ...entry, message: entry.message + warningText(warnings) });
  }

  private async writeLists(record: CrmRecord, object: RecordObject, recordId: string, current: RecordSnapshot['items']): Promise<string[]> {
    const warnings: string[] = [];
    for (const name of ['contacts', 'team', 'solutions'] as const) {
      const items = record.related[name];
      if (items === undefined) continue;
      warnings.push(...await this.records.writeList(name, object, recordId, items.map((i) => i.fields), current[name] ?? []));
    }
    return warnings;
  }

  /** CRM → Partner Center, first time: a co-sell referral from an opportunity whose seller asked to sync it. */
  private async createInPartnerCenter(snapshot: RecordSnapshot, crmObject: string): Promise<void> {
    const fields = { ...snapshot.row.fields, ...(this.ctx.system.name !== undefined ? { [this.ctx.system.name]: stripMark(snapshot.row.fields[this.ctx.system.name]) } : {}) };
    const preview = toReferral(this.mapping, { object: 'opportunity', fields, related: asCrmRelated(snapshot.loaded.related) });
    // A country the mapping could not read goes as typed, so Partner Center's rule names it (the connectors' "Two letter country code is required").
    const rawCountry = this.rawCustomerValue(snapshot, 'customerProfile.address.country');
    const draft = preview.draft as { customerProfile?: { address?: { country?: unknown } } };
    if (typeof rawCountry === 'string' && rawCountry.trim() !== '' && draft.customerProfile?.address?.country === undefined) {
      draft.customerProfile = { ...draft.customerProfile, address: { ...draft.customerProfile?.address, country: rawCountry.trim() } };
      preview.warnings = preview.warnings.filter((w) => !w.message.includes(JSON.stringify(rawCountry)));
    }
    const request = createRequestFrom(preview.draft, snapshot.row.id);
    const target = { referralId: null, crmObject, crmId: snapshot.row.id };
    // A marker before the create: after a crash between the create and the write-back, the retry finds
    // the referral it made (by externalReferenceId) instead of creating a second one.
    const pending = await this.links.byCrm(this.ctx.tenantId, snapshot.row.id);
    let created = pending?.crmVersion === CREATING ? await this.findCreated(snapshot.row.id, pending.updatedAt) : undefined;
    if (created === undefined) {
      await this.links.put({ ...this.newLink(null, crmObject, snapshot.row.id), crmVersion: CREATING });
      try {
        created = (await this.ctx.operations.createCoSell(request)).referral;
      } catch (err) {
        if (err instanceof CoSellShareIncompleteError) created = err.referral;
        else if (err instanceof PrerequisitesMissingError) {
          await this.links.put({ ...this.newLink(null, crmObject, snapshot.row.id), crmVersion: refusedStamp(this.recordView(snapshot)) });
          const notes = preview.warnings.map((w) => w.message);
          await this.failOnRecord(target, snapshot, `Not shared with Microsoft: ${err.violations.map((v) => v.message).join(' ')}${notes.length > 0 ? ` (${notes.join(' ')})` : ''}`);
          return;
        } else throw err;
      }
    }
    const view = viewOfReferral(this.mapping, 'opportunity', created) ?? {};
    const update: Record<string, unknown> = { [this.ctx.system.referralId]: created.id };
    if (this.ctx.system.link !== undefined) update[this.ctx.system.link] = this.ctx.settings.referralUrl(created.id);
    this.markName(update, true, snapshot.row.fields);
    const entry = { direction: 'toPartnerCenter' as const, action: 'created' as const, fields: [], message: `Created co-sell referral ${created.id} in Partner Center and shared it with Microsoft.` };
    await this.audit.prepareField(update, snapshot.row.id, entry);
    await this.writeRecord(crmObject, snapshot.row.id, update);
    const stamp = await this.ctx.gateway.get(crmObject, snapshot.row.id, []);
    await this.links.put({ ...this.newLink(created.id, crmObject, snapshot.row.id), base: JSON.stringify(view), crmFingerprint: null, referralVersion: created.updatedDateTime ?? null, crmVersion: stamp?.changeStamp ?? null });
    await this.audit.append({ ...target, referralId: created.id }, entry);
  }

  /** The customer record's raw value of the field mapped to `referralPath`. */
  private rawCustomerValue(snapshot: RecordSnapshot, referralPath: string): unknown {
    const relation = this.mapping.relations.customer;
    const entry = this.mapping.fields.find((f) => f.referral === referralPath && f.object === relation?.object && f.crm !== undefined);
    return entry === undefined ? undefined : snapshot.items.customer?.[0]?.fields[entry.crm!];
  }

  /** What the mapping reads of a record, its mark stripped. */
  private recordView(snapshot: RecordSnapshot): SyncView {
    const nameField = this.ctx.system.name;
    const fields = nameField !== undefined ? { ...snapshot.row.fields, [nameField]: stripMark(snapshot.row.fields[nameField]) } : snapshot.row.fields;
    return viewOfRecord(this.mapping, { ...snapshot.loaded, fields });
  }

  /** The referral an interrupted create made for this record, looked up among Partner Center's recent changes. */
  private async findCreated(crmId: string, since: string): Promise<Referral | undefined> {
    const updatedSince = new Date(Date.parse(since) - 10 * 60_000).toISOString();
    let cursor: string | undefined;
    do {
      const page = await this.ctx.live.list({ order: 'asc', top: 100, updatedSince }, cursor);
      const found = page.items.find((r) => r.externalReferenceId === crmId && !isShareWithMicrosoft(r));
      if (found !== undefined) return found;
      cursor = page.cursor;
    } while (cursor !== undefined);
    return undefined;
  }

  /** Both exist: the three-way merge against the last agreed view. */
  private async merge(link: SyncLink, first: Referral, object: RecordObject, options: { firstSync?: boolean } = {}): Promise<void> {
    let referral = first;
    const snapshot = await this.records.load(object, link.crmId);
    if (snapshot === undefined) return this.recordDeleted(link);
    const nameField = this.ctx.system.name;
    const recordFields = nameField !== undefined ? { ...snapshot.row.fields, [nameField]: stripMark(snapshot.row.fields[nameField]) } : snapshot.row.fields;
    const crmView = viewOfRecord(this.mapping, { ...snapshot.loaded, fields: recordFields });
    const integration = await this.ctx.gateway.integrationUserId();
    if (!options.firstSync && snapshot.row.modifiedBy === integration && link.crmFingerprint === fingerprint(crmView) && link.referralVersion === (referral.updatedDateTime ?? null)) return;
    const base = options.firstSync || link.base === '' ? undefined : JSON.parse(link.base) as SyncView;

    for (let attempt = 1; ; attempt++) {
      const pcView = viewOfReferral(this.mapping, object, referral);
      if (pcView === undefined) return;
      const plan = planMerge({
        mapping: this.mapping, object, base, referral: pcView, record: crmView,
        referralChangedAt: referral.updatedDateTime ?? "", recordChangedAt: snapshot.row.modifiedAt, policy: this.ctx.settings.conflictPolicy,
      });
      const held = this.holdWhileOnHold(plan, crmView, referral);
      if (plan.toCrm.length === 0 && plan.toPartnerCenter.length === 0) {
        if (held) await this.audit.once(link, referral, 'Changes are not sent to Partner Center while the opportunity is in the on-hold stage; move it out of on-hold to accept the referral.');
        await this.links.put({ ...link, base: JSON.stringify(plan.agreed), crmFingerprint: fingerprint(crmView), referralVersion: referral.updatedDateTime ?? null, crmVersion: snapshot.row.changeStamp, updatedAt: this.now() });
        return;
      }
      let updated: Referral = referral;
      if (plan.toPartnerCenter.length > 0) {
        const changes = this.changesFor(plan, object, recordFields, snapshot, referral);
        if (changes.length > 0) {
          try {
            updated = await this.ctx.referrals.update(referral, changes, { ifMatch: referral.eTag });
          } catch (err) {
            if (err instanceof StaleReferralError && attempt < MAX_412_ATTEMPTS) {
              referral = await this.ctx.live.get(referral.id);
              continue;
            }
            if (err instanceof InvalidTransitionError || err instanceof ReferralClosedError || err instanceof PrerequisitesMissingError) {
              await this.failOnRecord({ referralId: referral.id, crmObject: link.crmObject, crmId: link.crmId }, snapshot, `Partner Center refused the update: ${err.message}`);
              return;
            }
            throw err;
          }
        }
      }
      const crmUpdate: Record<string, unknown> = {};
      for (const change of plan.toCrm) {
        if (change.key === STAGE_KEY) Object.assign(crmUpdate, this.mapping.stages[object]?.[change.to as 'won']?.set ?? {});
        else if (!change.key.startsWith('@')) crmUpdate[change.key] = change.to ?? null;
      }
      const listChanges = plan.toCrm.filter((c) => c.key.startsWith('@') && c.key !== STAGE_KEY);
      for (const change of listChanges) {
        const name = change.key.slice(1) as RelationName;
        if (name === 'customer') {
          const relation = this.mapping.relations.customer;
          const id = await this.records.resolveCustomer((change.to ?? {}) as Record<string, unknown>);
          if (relation?.link.kind === 'lookupOnRecord' && id !== undefined) crmUpdate[relation.link.field] = id;
        } else {
          await this.records.writeList(name, object, link.crmId, (change.to ?? []) as Array<Record<string, unknown>>, snapshot.items[name] ?? []);
        }
      }
      const fields = this.auditFields(plan);
      const entries = [
        ...(plan.toCrm.length > 0 ? [{ direction: 'toCrm' as const, action: plan.conflicts.some((c) => c.winner === 'partnerCenter') ? 'conflict' as const : 'updated' as const, fields: fields.filter((f) => plan.toCrm.some((c) => auditName(c.key) === f.field)), message: `Updated the ${link.crmObject} from Partner Center.` }] : []),
        ...(plan.toPartnerCenter.length > 0 ? [{ direction: 'toPartnerCenter' as const, action: plan.conflicts.some((c) => c.winner === 'crm') ? 'conflict' as const : 'updated' as const, fields: fields.filter((f) => plan.toPartnerCenter.some((c) => auditName(c.key) === f.field)), message: `Updated referral ${referral.id} in Partner Center from the ${link.crmObject}.` }] : []),
      ];
      if (object === 'opportunity') this.markName(crmUpdate, true, snapshot.row.fields, plan.toCrm.some((c) => c.key === nameField) ? String(crmUpdate[nameField!]) : undefined);
      await this.audit.prepareField(crmUpdate, link.crmId, ...entries);
      await this.writeRecord(link.crmObject, link.crmId, crmUpdate);
      const stamp = await this.ctx.gateway.get(link.crmObject, link.crmId, []);
      const written = { ...crmView, ...Object.fromEntries(plan.toCrm.map((c) => [c.key, c.to])) };
      await this.links.put({
        ...link, base: JSON.stringify(plan.agreed), crmFingerprint: fingerprint(written), referralVersion: updated.updatedDateTime ?? null,
        crmVersion: stamp?.changeStamp ?? snapshot.row.changeStamp, updatedAt: this.now(),
      });
      for (const e of entries) await this.audit.append(link, e);
      return;
    }
  }

  /** The connectors' rule: edits to an opportunity in the on-hold stage do not reach Partner Center until it leaves on-hold. */
  private holdWhileOnHold(plan: MergePlan, crmView: SyncView, referral: Referral): boolean {
    if (crmView[STAGE_KEY] !== 'onHold' || referral.status !== 'New' || plan.toPartnerCenter.length === 0) return false;
    for (const c of plan.toPartnerCenter) plan.agreed[c.key] = c.from;
    plan.toPartnerCenter = [];
    return true;
  }

  private changesFor(plan: MergePlan, object: RecordObject, recordFields: Record<string, unknown>, snapshot: RecordSnapshot, referral: Referral): ReferralChange[] {
    const fields: Record<string, unknown> = {};
    const related: Partial<Record<RelationName, NonNullable<CrmRecord['related']['contacts']>>> = {};
    const stageKeys = new Set(Object.values(this.mapping.stages[object] ?? {}).flatMap((v) => [v.set, ...(v.alsoMatches ?? [])].flatMap((s) => Object.keys(s))));
    const additions: ReferralChange[] = [];
    for (const c of plan.toPartnerCenter) {
      if (c.key === STAGE_KEY) for (const k of stageKeys) { if (k in recordFields) fields[k] = recordFields[k]; }
      else if (isAdditive(this.mapping, c.key)) additions.push(...this.additionsFor(c.key.slice(1) as RelationName, object, snapshot, referral));
      else if (c.key.startsWith('@')) {
        const name = c.key.slice(1) as RelationName;
        if (name !== 'customer') related[name] = snapshot.loaded.related[name] ?? [];
      } else fields[c.key] = recordFields[c.key];
    }
    return [...toReferral(this.mapping, { object, fields, related: asCrmRelated(related) }, referral).changes, ...additions];
  }

  /** The referral's list with the CRM's new members appended: an additive relation never drops what the CRM cannot hold. */
  private additionsFor(name: RelationName, object: RecordObject, snapshot: RecordSnapshot, referral: Referral): ReferralChange[] {
    const loaded = snapshot.loaded.related[name] ?? [];
    const withAll = toReferral(this.mapping, { object, fields: {}, related: asCrmRelated({ [name]: loaded }) }, undefined).changes;
    const change = withAll.find((c) => Array.isArray(c.value));
    if (change === undefined) return [];
    const current = (referral as Record<string, unknown>)[change.field === 'customerContacts' ? 'customerProfile' : change.field];
    const existing = (change.field === 'customerContacts' ? (current as { team?: unknown[] } | undefined)?.team : current) as Array<{ email?: string }> | undefined ?? [];
    const known = new Set(existing.map((m) => (m.email ?? '').trim().toLowerCase()));
    const added = (change.value as Array<{ email?: string }>).filter((m) => !known.has((m.email ?? '').trim().toLowerCase()));
    return added.length === 0 ? [] : [{ field: change.field, value: [...existing, ...added] } as ReferralChange];
  }

  private auditFields(plan: MergePlan): AuditFieldChange[] {
    const conflicts = new Map(plan.conflicts.map((c) => [c.key, c.winner]));
    return [...plan.toCrm, ...plan.toPartnerCenter].map((c) => ({ field: auditName(c.key), from: c.from, to: c.to, ...(conflicts.has(c.key) ? { winner: conflicts.get(c.key)! } : {}) }));
  }

  private async failOnRecord(target: { referralId: string | null; crmObject: string; crmId: string }, snapshot: RecordSnapshot, message: string): Promise<void> {
    const update: Record<string, unknown> = {};
    if (snapshot.loaded.object === 'opportunity') this.markName(update, false, snapshot.row.fields);
    const entry = { direction: 'toPartnerCenter' as const, action: 'failed' as const, fields: [], message };
    await this.audit.prepareField(update, target.crmId, entry);
    await this.writeRecord(target.crmObject, target.crmId, update);
    await this.audit.append(target, entry);
  }

  private async recordDeleted(link: SyncLink): Promise<void> {
    await this.links.put({ ...link, state: 'crm-deleted', updatedAt: this.now() });
    await this.audit.append(link, { direction: 'none', action: 'deleted', fields: [], message: `The ${link.crmObject} was deleted in the CRM; the referral stays in Partner Center and is no longer written to the CRM.` });
  }

  private async writeRecord(crmObject: string, id: string, fields: Record<string, unknown>): Promise<void> {
    if (Object.keys(fields).length === 0) return;
    const [result] = await this.ctx.gateway.updateMany(crmObject, [{ id, fields }]);
    if (result !== undefined && !result.ok) throw result.error;
  }

  /** Sets the name with the ✔/✖ mark when the setting is on (and the name is mapped). */
  private markName(fields: Record<string, unknown>, ok: boolean, current?: Record<string, unknown>, newName?: string): void {
    const nameField = this.ctx.system.name;
    if (!this.ctx.settings.nameMark || nameField === undefined) return;
    const name = newName ?? (fields[nameField] as string | undefined) ?? (current?.[nameField] as string | undefined);
    if (typeof name !== 'string' || name === '') return;
    const marked = withMark(name, ok);
    if (current?.[nameField] !== marked || nameField in fields) fields[nameField] = marked;
  }

  private recordObjectOf(crmObject: string): RecordObject | undefined {
    const lower = crmObject.toLowerCase();
    if (this.records.crmName('opportunity').toLowerCase() === lower) return 'opportunity';
    if (this.mapping.objects.lead?.toLowerCase() === lower) return 'lead';
    return undefined;
  }

  private async readReferral(id: string): Promise<Referral | undefined> {
    const stored = await this.deps.storage.referrals.get(this.ctx.tenantId, id);
    if (stored !== undefined) return JSON.parse(stored.json) as Referral;
    try {
      return await this.ctx.live.get(id);
    } catch (err) {
      if (err instanceof ReferralNotFoundError) return undefined;
      throw err;
    }
  }

  private newLink(referralId: string | null, crmObject: string, crmId: string): SyncLink {
    return { tenantId: this.ctx.tenantId, referralId, crmObject, crmId, base: '', crmFingerprint: null, referralVersion: null, crmVersion: null, state: 'active', updatedAt: this.now() };
  }

  private now(): string { return this.deps.clock().toISOString(); }
}

/** The link's change stamp after a refused create: the record as it was then. */
function refusedStamp(view: SyncView): string {
  return `refused:${fingerprint(view)}`;
}

/** The partner's referral re-addressed to Microsoft (the second half of a co-sell share): not a deal of its own. */
function isShareWithMicrosoft(referral: Referral): boolean {
  return referral.direction === 'Outgoing' && (referral.target ?? []).some((t) => t.type === 'BusinessProfileLocation' && t.id === MICROSOFT_ORGANIZATION_ID);
}

function auditName(key: string): string {
  return key === STAGE_KEY ? 'stage' : key.startsWith('@') ? key.slice(1) : key;
}

function warningText(warnings: string[]): string {
  return warnings.length === 0 ? '' : ` Warnings: ${warnings.join(' ')}`;
}
