/**
 * A Dataverse environment behind the Web API (`/api/data/v9.2/`), for the Dynamics 365 sync. Built
 * from crm-apis.md §4; see README.md for what is reproduced and the decisions where the docs are silent.
 */
import type { Router } from 'express';
import { systemClock, type Clock } from '../../api/domain/clock.js';
import type { VerifyAccessToken } from './auth.js';
import { FaultInjector } from './faults.js';
import type { RequestLogEntry } from './request-log.js';
import { createRouter } from './router.js';
import { environmentCatalog, type EntityCatalog } from './schema/catalog.js';
import { RecordStore } from './store/record-store.js';
import { BUSINESS_UNIT_ID, defaultUsers, INTEGRATION_USER_ID, ORGANIZATION_ID, seedEnvironment, type DataverseUserSeed } from './store/seed.js';

export interface DataverseEmulatorOptions {
  /** Absolute base of the mount, e.g. `http://127.0.0.1:3000/sandbox/dataverse`; a function because the port is known after listen. */
  publicBaseUrl: () => string;
  /** Verifies a bearer token for this environment's resource and returns its claims; throws when invalid. */
  verifyAccessToken: VerifyAccessToken;
  clock?: Clock;
  /** The environment's users; the default is the sync's application user (INTEGRATION_USER_ID) and one seller. */
  users?: DataverseUserSeed[];
  /** Sent in the 401 challenge (`Bearer authorization_uri=…`). */
  authorizationUri?: () => string;
}

export interface DataverseEmulator {
  router: Router;
  store: RecordStore;
  catalog: EntityCatalog;
  faults: FaultInjector;
  requestLog: RequestLogEntry[];
  /** The application user's systemuserid (what `_modifiedby_value` holds after the sync writes). */
  integrationUserId: string;
  organizationId: string;
  businessUnitId: string;
}

export function createDataverseEmulator(options: DataverseEmulatorOptions): DataverseEmulator {
  const clock = options.clock ?? systemClock;
  const catalog = environmentCatalog();
  const store = new RecordStore(catalog, clock);
  const users = options.users ?? defaultUsers();
  seedEnvironment(store, users);
  const faults = new FaultInjector();
  const requestLog: RequestLogEntry[] = [];
  const router = createRouter({
    catalog, store, faults, requestLog, clock,
    publicBaseUrl: () => options.publicBaseUrl().replace(/\/+$/, ''),
    verifyAccessToken: options.verifyAccessToken,
    authorizationUri: () => options.authorizationUri?.(),
    organizationId: ORGANIZATION_ID,
    businessUnitId: BUSINESS_UNIT_ID,
  });
  return {
    router, store, catalog, faults, requestLog,
    integrationUserId: users[0]?.systemuserid ?? INTEGRATION_USER_ID,
    organizationId: ORGANIZATION_ID,
    businessUnitId: BUSINESS_UNIT_ID,
  };
}

export { cosellSchema, HELP_REQUESTED_OPTIONS, PARTNER_CENTER_SOLUTION, REFERRAL_IDENTIFIER_KEY, type CustomSchemaComponent } from './schema/cosell-schema.js';
export { DEFAULT_DATAVERSE_CLIENT, INTEGRATION_USER_ID, SELLER_USER_ID, ORGANIZATION_ID, BUSINESS_UNIT_ID, type DataverseUserSeed } from './store/seed.js';
export { MAX_PAGE_SIZE } from './web-api/collection-routes.js';
export { MAX_BATCH_REQUESTS } from './web-api/batch.js';
export type { FaultSpec, PendingFault } from './faults.js';
export type { RequestLogEntry } from './request-log.js';
export type { StoredRecord, StoredValue, LookupValue } from './store/types.js';
export type { VerifyAccessToken } from './auth.js';
