/**
 * The SyncApi over storage and the running engine. Reads and previews are answered here; only
 * change notification and reconciliation reach the engine. Every call is scoped to the caller's
 * tenant, and a tenant without a configured CRM gets SyncNotConfiguredError from every call.
 */
import { mergeMapping, toCrmRecord, toReferral, type CrmKind, type Mapping, type MappingOverride } from '../domain/mapping/index.js';
import type { Referral } from '../domain/referral.js';
import { MappingConflictError, SyncNotConfiguredError, type MappingView } from './port.js';
import { NO_OVERRIDE_ETAG } from '../storage/sync-rows.js';
import type { StoredMapping } from '../storage/types.js';
import type { SyncApiOptions, SyncService } from './options.js';

export function createSyncApi(o: SyncApiOptions): SyncService {
  const crmOf = (tenantId: string): CrmKind => {
    const crm = o.crmFor(tenantId);
    if (crm === undefined) throw new SyncNotConfiguredError(tenantId);
    return crm;
  };

  const view = (base: Mapping, stored: StoredMapping | undefined): MappingView => {
    if (stored === undefined) return { effective: base, override: undefined, eTag: NO_OVERRIDE_ETAG, updatedAt: null };
    const override = JSON.parse(stored.json) as MappingOverride;
    return { effective: mergeMapping(base, override), override, eTag: stored.eTag, updatedAt: stored.updatedAt };
  };

  const getMapping = async (tenantId: string): Promise<MappingView> => {
    const crm = crmOf(tenantId);
    return view(o.defaultMapping(crm), await o.storage.mappings.get(tenantId, crm));
  };

  /** The override to try when one is given (checked like a stored one), else the mapping in force. */
  const mappingFor = async (tenantId: string, override: unknown): Promise<Mapping> => {
    const crm = crmOf(tenantId);
    if (override !== undefined) return mergeMapping(o.defaultMapping(crm), override);
    return (await getMapping(tenantId)).effective;
  };

  return {
    enabled: (tenantId) => o.crmFor(tenantId) !== undefined,

    getMapping,

    async replaceMapping(tenantId, override, options) {
      const crm = crmOf(tenantId);
      const base = o.defaultMapping(crm);
      // Merging validates: an override that does not apply throws MappingError before anything is stored.
      const effective = mergeMapping(base, override);
      const stored = await o.storage.mappings.put(
        { tenantId, crm, json: JSON.stringify(override), updatedAt: o.clock().toISOString() },
        options.ifMatch !== undefined ? { ifMatch: options.ifMatch } : {},
      );
      if (stored === undefined) throw new MappingConflictError();
      return { effective, override: override as MappingOverride, eTag: stored.eTag, updatedAt: stored.updatedAt };
    },

    async previewReferral(tenantId, referral, override) {
      return toCrmRecord(await mappingFor(tenantId, override), referral, o.toCrm);
    },

    async previewRecord(tenantId, record, current, override) {
      return toReferral(await mappingFor(tenantId, override), record, current);
    },

    async mirroredReferral(tenantId, referralId): Promise<Referral | undefined> {
      crmOf(tenantId);
      const stored = await o.referrals.get(tenantId, referralId);
      return stored === undefined ? undefined : JSON.parse(stored.json) as Referral;
    },

    async auditByReferral(tenantId, referralId, options) {
      crmOf(tenantId);
      return o.storage.audit.byReferral(tenantId, referralId, options);
    },

    async auditByRecord(tenantId, crmId, options) {
      crmOf(tenantId);
      return o.storage.audit.byCrm(tenantId, crmId, options);
    },

    async notifyCrmChanges(tenantId, recordIds) {
      crmOf(tenantId);
      return o.engine.notifyCrmChanges(tenantId, recordIds);
    },

    async startReconciliation(tenantId, options) {
      crmOf(tenantId);
      return o.engine.startReconciliation(tenantId, options);
    },

    async getRun(tenantId, id) {
      crmOf(tenantId);
      return o.storage.syncRuns.get(tenantId, id);
    },

    async listRuns(tenantId, options) {
      crmOf(tenantId);
      return o.storage.syncRuns.list(tenantId, options);
    },
  };
}
