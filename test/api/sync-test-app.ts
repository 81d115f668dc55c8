import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { sandboxIdentityDefaults, type IdentityClient } from '../../sandbox/identity/index.js';
import { createApp } from '../../api/app.js';
import { contractOperations } from '../../api/contract/index.js';
import { buildValidators } from '../../api/contract/validators.js';
import { manualClock } from '../../api/domain/clock.js';
import { defaultMapping, type CrmKind } from '../../api/domain/mapping/index.js';
import { createBearerAuth } from '../../api/http/auth.js';
import { ContinuationTokens } from '../../api/http/continuation-token.js';
import type { OperationHandlers } from '../../api/http/operation-types.js';
import { ProblemError } from '../../api/http/problem.js';
import { syncHandlers } from '../../api/http/sync-handlers.js';
import { silentLogger } from '../../api/logging/logger.js';
import { openStorage, type Storage, type SyncRun } from '../../api/storage/index.js';
import { createSyncApi, type SyncEngineControl, type SyncService } from '../../api/sync-api/index.js';
import { bodyOf, startIdentityProvider, type RunningIdentityProvider } from '../sandbox/identity/identity-server.js';

/** Three partner tenants: two with a CRM, one without. */
export const TENANTS = { a: 'tenant-a', b: 'tenant-b', none: 'tenant-without-crm' } as const;
type TenantKey = keyof typeof TENANTS;

const d = sandboxIdentityDefaults();
const clientOf = (tenant: TenantKey): IdentityClient => ({ tenantId: TENANTS[tenant], clientId: `client-${tenant}`, clientSecret: `secret-${tenant}`, appRoles: ['Referrals.ReadWrite'] });

/**
 * The engine does not run here: it stands in as the engine would answer, recording notifications
 * and creating runs in the real store, so the API's reads of those runs go through storage.
 */
export class RecordingEngine implements SyncEngineControl {
  readonly notified: Array<{ tenantId: string; recordIds: string[] | undefined }> = [];
  constructor(private readonly storage: Storage, private readonly clock: () => Date) {}

  notifyCrmChanges(tenantId: string, recordIds?: string[]): Promise<{ queued: number }> {
    this.notified.push({ tenantId, recordIds });
    return Promise.resolve({ queued: recordIds?.length ?? 0 });
  }

  startReconciliation(tenantId: string, options: { dryRun: boolean }): Promise<SyncRun> {
    const now = this.clock().toISOString();
    return this.storage.syncRuns.create({
      tenantId, kind: 'reconcile', dryRun: options.dryRun, status: 'running', cursor: null, total: null, processed: 0, drifted: 0, repaired: 0, failed: 0,
      report: '{}', lockedBy: null, lockedUntil: null, startedAt: now, updatedAt: now, finishedAt: null,
    });
  }
}

export interface SyncTestApp {
  app: Express;
  storage: Storage;
  api: SyncService;
  engine: RecordingEngine;
  clock: ReturnType<typeof manualClock>;
  token(tenant: TenantKey): Promise<string>;
  close(): Promise<void>;
}

/**
 * The product's app (createApp, contract validation, real bearer auth against the sandbox identity
 * provider) around the sync handlers only, over a real SQLite store. The other operations answer 404
 * here; the product wires them in api/compose.ts.
 */
export async function startSyncTestApp(): Promise<SyncTestApp> {
  const idp: RunningIdentityProvider = await startIdentityProvider({ clients: [...d.clients, clientOf('a'), clientOf('b'), clientOf('none')] });
  const dataDir = mkdtempSync(join(tmpdir(), 'cosell-sync-api-'));
  const storage = await openStorage({ dataDir });
  const clock = manualClock(new Date('2026-03-01T12:00:00Z'));
  const engine = new RecordingEngine(storage, clock);
  const crms: Readonly<Record<string, CrmKind>> = { [TENANTS.a]: 'salesforce', [TENANTS.b]: 'salesforce' };
  const api = createSyncApi({ storage, clock, referrals: storage.referrals, defaultMapping, crmFor: (t) => crms[t], engine });
  const elsewhere = (): Promise<never> => Promise.reject(new ProblemError('not_found', 'Not part of the sync test app.'));
  const others = Object.fromEntries(contractOperations().map((op) => [op.operationId, elsewhere])) as unknown as OperationHandlers;
  const auth = createBearerAuth({
    issuer: (tid) => idp.idp.issuer(tid), jwksUri: idp.idp.jwksUri(TENANTS.a), audience: d.apiResource, allowedTenantIds: Object.values(TENANTS),
  });
  const app = createApp({
    logger: silentLogger(),
    handlers: { ...others, ...syncHandlers(api, new ContinuationTokens(randomBytes(32))) },
    validators: buildValidators(),
    auth,
    readiness: [],
    maxBodyBytes: 262_144,
    trustProxy: 'loopback',
    publicBaseUrl: undefined,
  });
  const tokens = new Map<TenantKey, string>();
  return {
    app, storage, api, engine, clock,
    async token(tenant) {
      const cached = tokens.get(tenant);
      if (cached !== undefined) return cached;
      const c = clientOf(tenant);
      const res = await request(idp.origin).post(new URL(idp.idp.tokenEndpoint(c.tenantId)).pathname).type('form')
        .send({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret, scope: d.apiScope }).expect(200);
      const token = bodyOf(res)['access_token'] as string;
      tokens.set(tenant, token);
      return token;
    },
    async close() {
      await storage.close();
      await idp.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
