import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Connection } from '@jsforce/jsforce-node';
import { manualClock } from '../../../api/domain/clock.js';
import {
  createSalesforceEmulator, DEFAULT_CLIENT, type SalesforceEmulator, type SalesforceEmulatorOptions,
} from '../../../sandbox/salesforce/index.js';

export const MOUNT = '/sandbox/salesforce';
export const VERSION = '62.0';
export const TEST_NOW = new Date('2026-03-02T10:00:00Z');

// jsforce routes loopback calls through any proxy in the environment (crm-apis.md §2.8).
for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[name];

export type TestClock = ReturnType<typeof manualClock>;

export interface RunningSalesforce {
  emulator: SalesforceEmulator;
  clock: TestClock;
  origin: string;
  /** origin + MOUNT: jsforce's instanceUrl and loginUrl. */
  base: string;
  /** A client-credentials connection with a refreshFn that re-authenticates on 401, as the product will. */
  connect(options?: { clientId?: string; clientSecret?: string }): Promise<Connection>;
  close(): Promise<void>;
}

export async function startSalesforce(options: Partial<SalesforceEmulatorOptions> = {}): Promise<RunningSalesforce> {
  let base = '';
  const clock = manualClock(TEST_NOW);
  const emulator = createSalesforceEmulator({ clock, publicBaseUrl: () => base, ...options });
  const app = express();
  app.use(MOUNT, emulator.router);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `${origin}${MOUNT}`;
  return {
    emulator,
    clock,
    origin,
    base,
    connect: async ({ clientId = DEFAULT_CLIENT.clientId, clientSecret = DEFAULT_CLIENT.clientSecret ?? '' } = {}) => {
      const conn = clientCredentialsConnection(base, clientId, clientSecret);
      await conn.authorize({ grant_type: 'client_credentials' });
      return conn;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

export function clientCredentialsConnection(base: string, clientId: string, clientSecret: string): Connection {
  return new Connection({
    oauth2: { loginUrl: base, clientId, clientSecret },
    instanceUrl: base,
    version: VERSION,
    refreshFn: (c, callback) => {
      c.oauth2.requestToken({ grant_type: 'client_credentials' })
        .then((r) => { callback(null, r.access_token, r); })
        .catch((e: unknown) => { callback(e as Error); });
    },
  });
}

/** A valid Opportunity body (the three required fields). */
export function opportunity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { Name: 'Fabrikam pilot', StageName: 'Prospecting', CloseDate: '2026-06-30', ...overrides };
}

/** The jsforce error's Salesforce fields. */
export interface ApiError { name: string; errorCode: string; message: string; data: { errorCode: string; message: string; fields?: string[] } }

export async function rejection(promise: PromiseLike<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected the call to fail');
}

/** Creates one record through jsforce and returns its Id. */
export async function createRecord(conn: Connection, type: string, fields: Record<string, unknown>): Promise<string> {
  const result = await conn.sobject(type).create(fields);
  if (!result.success || !result.id) throw new Error(`create ${type} failed: ${JSON.stringify(result)}`);
  return result.id;
}
