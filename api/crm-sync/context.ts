import type { Clock } from '../domain/clock.js';
import type { CrmGateway } from '../domain/crm.js';
import type { Mapping } from '../domain/mapping/types.js';
import type { ReferralReader, ReferralWriter } from '../domain/ports.js';
import type { ReferralOperations } from '../domain/referral-operations.js';
import type { ConflictPolicy } from '../domain/sync/index.js';
import type { Logger } from '../logging/logger.js';
import type { Storage } from '../storage/types.js';
import type { SystemFields } from './crm-records.js';

/** The seeds' settings, plus what a serious sync needs to be told. */
export interface SyncSettings {
  /** "Sync co-sell opportunities only": marketplace and marketing-qualified leads are not written to the CRM. */
  coSellOpportunitiesOnly: boolean;
  /** "Display check mark in the opportunity name": ✔ after a successful sync, ✖ after a failed one. */
  nameMark: boolean;
  conflictPolicy: ConflictPolicy;
  /** Size the Audit field's summary is cut to. */
  auditMaxChars: number;
  /** The Partner Center page of a referral, for Referral Link. */
  referralUrl: (referralId: string) => string;
}

/** Everything the engine needs for one partner tenant's CRM. */
export interface TenantSync {
  tenantId: string;
  gateway: CrmGateway;
  /** The effective mapping (the default merged with the tenant's override); read per job so a replaced mapping applies at once. */
  mapping: () => Promise<Mapping>;
  system: SystemFields;
  settings: SyncSettings;
  /** Partner Center through the mirror: writes also queue the change for the pipeline. */
  referrals: ReferralReader & ReferralWriter;
  /** Partner Center itself, for a fresh read after a 412. */
  live: ReferralReader;
  operations: ReferralOperations;
}

export interface EngineDeps {
  storage: Storage;
  clock: Clock;
  logger: Logger;
  tenant: (tenantId: string) => TenantSync | undefined;
}

export type JobSource = 'webhook' | 'poll' | 'api' | 'reconciliation';

export type SyncKey =
  | { kind: 'referral'; referralId: string }
  | { kind: 'crm'; object: string; id: string };

export const referralKey = (id: string): string => `referral:${id}`;
export const crmKey = (object: string, id: string): string => `crm:${object}:${id}`;

export function parseKey(key: string): SyncKey | undefined {
  if (key.startsWith('referral:')) return { kind: 'referral', referralId: key.slice('referral:'.length) };
  const m = /^crm:([^:]+):(.+)$/.exec(key);
  return m ? { kind: 'crm', object: m[1]!, id: m[2]! } : undefined;
}
