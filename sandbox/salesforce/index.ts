/**
 * Salesforce emulator: an in-memory org behind the REST paths jsforce calls (OAuth token, sObjects,
 * sObject Collections, SOQL with paging, describe, updated/deleted, limits) and the Metadata API
 * calls the product deploys its custom schema with. See README.md for what is emulated and the
 * choices made where Salesforce's docs are silent.
 */
import type { Router } from 'express';
import { systemClock, type Clock } from '../../api/domain/clock.js';
import { ApiUsage } from './api-usage.js';
import { SessionStore } from './auth/sessions.js';
import type { SalesforceClientApp } from './auth/token-endpoint.js';
import { FaultInjector } from './faults.js';
import type { ApiContext } from './handlers/api-context.js';
import { type RequestLogEntry } from './request-log.js';
import { createRouter } from './router.js';
import { cosellSchemaComponents } from './schema/cosell-schema.js';
import { OrgSchema } from './schema/org-schema.js';
import { standardObjects } from './schema/standard-objects.js';
import { QueryCursors } from './soql/query-cursors.js';
import { RecordStore } from './store/record-store.js';
import { DEFAULT_CLIENT, DEFAULT_USERS, INTEGRATION_USER_ID, type SalesforceUserSeed } from './users.js';

export { ORG_ID, normalizeId, to18 } from './ids.js';
export { SalesforceError } from './errors.js';
export { FaultInjector, type FaultSpec, type PendingFault } from './faults.js';
export { RecordStore, type InsertOptions, type WriteOptions } from './store/record-store.js';
export { OrgSchema, type ChildRelationship } from './schema/org-schema.js';
export type { FieldDef, FieldType, FieldValue, ObjectDef, PicklistValue, SObjectRecord } from './schema/types.js';
export type { MetadataComponent, MetadataObject, MetadataResult, MetadataType, MetadataValue } from './schema/metadata-types.js';
export {
  COSELL_OPPORTUNITY_FIELDS, HOW_CAN_MICROSOFT_HELP_VALUES, MICROSOFT_SOLUTIONS_OBJECT, cosellSchemaComponents,
} from './schema/cosell-schema.js';
export type { QueryOutcome } from './soql/run-query.js';
export type { OutputRecord } from './soql/project.js';
export type { RequestLogEntry } from './request-log.js';
export type { SalesforceClientApp } from './auth/token-endpoint.js';
export { DEFAULT_CLIENT, DEFAULT_USERS, INTEGRATION_USER_ID, SELLER_USER_ID, type SalesforceUserSeed } from './users.js';
export { DEFAULT_API_VERSION, MAX_API_VERSION, MIN_API_VERSION } from './api-versions.js';

export interface SalesforceEmulatorOptions {
  /** Default systemClock: timestamps, token expiry, cursor expiry, date literals. */
  clock?: Clock;
  /** Absolute base of the mount, e.g. http://127.0.0.1:3000/sandbox/salesforce: the token's instance_url and the login URL. */
  publicBaseUrl: () => string;
  /** Default DEFAULT_USERS. The first is the integration user (client-credentials run-as and default actor of store writes). */
  users?: SalesforceUserSeed[];
  /** Default [DEFAULT_CLIENT] (`sandbox-sf-client` / `sandbox-sf-secret`). */
  clients?: SalesforceClientApp[];
  /** Default false: the org starts WITHOUT the co-sell fields and object, until they are deployed. */
  withCustomSchema?: boolean;
  /** Session timeout; default 7200 (Salesforce's default 2 hours). */
  sessionLifetimeSeconds?: number;
  /** Daily API request allocation; default 100000. */
  dailyApiRequestLimit?: number;
}

export interface SalesforceEmulator {
  /** Mount anywhere (the sandbox uses /sandbox/salesforce), before any body parser. */
  router: Router;
  /** Records: insert/get/update/delete/list/query by type, validated like the API. */
  store: RecordStore;
  faults: FaultInjector;
  /** The last 1000 requests. */
  requestLog: RequestLogEntry[];
  /** The org's objects and fields (describe's source); `deploy` adds custom fields and objects. */
  schema: OrgSchema;
  /** Ends every session, so clients must re-authenticate. */
  revokeSessions(): void;
  /** The integration user's Id (005…): LastModifiedById of the sync's own writes. */
  integrationUserId: string;
}

export function createSalesforceEmulator(options: SalesforceEmulatorOptions): SalesforceEmulator {
  const clock = options.clock ?? systemClock;
  const users = options.users ?? [...DEFAULT_USERS];
  const integration = users[0];
  if (!integration) throw new RangeError('users must name at least the integration user.');
  const schema = new OrgSchema(standardObjects());
  if (options.withCustomSchema) {
    const failed = schema.deploy(cosellSchemaComponents()).filter((r) => !r.success);
    if (failed.length > 0) throw new Error(`The co-sell schema did not deploy: ${failed.map((f) => f.fullName).join(', ')}`);
  }
  const integrationUserId = integration.id ?? INTEGRATION_USER_ID;
  const store = new RecordStore(schema, clock, () => integrationUserId);
  users.forEach((u, i) => {
    store.insert('User', {
      Username: u.username, LastName: u.lastName, FirstName: u.firstName ?? null, Email: u.email ?? u.username,
      Alias: (u.firstName?.charAt(0) ?? '') + u.lastName.slice(0, 7), IsActive: u.isActive ?? true,
    }, i === 0 ? { id: integrationUserId } : u.id ? { id: u.id } : {});
  });
  const sessions = new SessionStore(clock, (options.sessionLifetimeSeconds ?? 7200) * 1000);
  const faults = new FaultInjector();
  const requestLog: RequestLogEntry[] = [];
  const context: ApiContext = { schema, store, cursors: new QueryCursors(clock), clock, usage: new ApiUsage(clock, options.dailyApiRequestLimit ?? 100_000) };
  const router = createRouter({
    context, sessions, faults, requestLog, clock, publicBaseUrl: options.publicBaseUrl,
    token: {
      clients: options.clients ?? [DEFAULT_CLIENT],
      userByUsername: (username) => store.list('User').find((u) => String(u.Username).toLowerCase() === username.toLowerCase()),
      defaultRunAs: () => integration.username,
      sessions,
      clock,
    },
  });
  return { router, store, faults, requestLog, schema, revokeSessions: () => sessions.revokeAll(), integrationUserId };
}
