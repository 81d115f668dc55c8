import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { manualClock } from '../../../api/domain/clock.js';
import { createDataverseEmulator, type DataverseEmulator, type DataverseEmulatorOptions } from '../../../sandbox/dataverse/index.js';
import { createIdentityProvider, sandboxIdentityDefaults, type IdentityProvider, type SandboxIdentityDefaults } from '../../../sandbox/identity/index.js';

export const MOUNT = '/sandbox/dataverse';
export const TEST_NOW = new Date('2026-03-02T10:00:00.250Z');

export type TestClock = ReturnType<typeof manualClock>;

export interface RunningDataverse {
  emulator: DataverseEmulator;
  identity: IdentityProvider;
  defaults: SandboxIdentityDefaults;
  clock: TestClock;
  origin: string;
  /** `${origin}/sandbox/dataverse/api/data/v9.2` */
  api: string;
  /** A client-credentials token for the Dataverse resource, from the sandbox identity provider's token endpoint. */
  token(clientId?: string, clientSecret?: string): Promise<string>;
  /** fetch against the Web API with the registered client's token and Dataverse's recommended headers. */
  call(path: string, init?: { method?: string; headers?: Record<string, string>; body?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/** The identity provider and the emulator on one loopback server, wired as sandbox/index.ts wires them. */
export async function startDataverse(options: Partial<DataverseEmulatorOptions> = {}): Promise<RunningDataverse> {
  let origin = '';
  const clock = manualClock(TEST_NOW);
  const defaults = sandboxIdentityDefaults();
  const identity = createIdentityProvider({ issuerBase: () => `${origin}/sandbox/identity`, clients: defaults.clients, users: defaults.users, resources: defaults.resources, clock });
  const emulator = createDataverseEmulator({
    clock,
    publicBaseUrl: () => `${origin}${MOUNT}`,
    verifyAccessToken: (token) => identity.verifyAccessToken(token, { audience: defaults.dataverse.resource, tenantId: defaults.tenantId }),
    ...options,
  });
  const app = express();
  app.use('/sandbox/identity', identity.router);
  app.use(MOUNT, emulator.router);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const api = `${origin}${MOUNT}/api/data/v9.2`;
  const cache = new Map<string, string>();
  const token = async (clientId: string = defaults.dataverse.clientId, clientSecret: string = defaults.dataverse.clientSecret) => {
    const cached = cache.get(clientId);
    if (cached) return cached;
    const res = await fetch(identity.tokenEndpoint(defaults.tenantId), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: defaults.dataverse.scope }),
    });
    if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${await res.text()}`);
    const issued = ((await res.json()) as { access_token: string }).access_token;
    cache.set(clientId, issued);
    return issued;
  };
  const call: RunningDataverse['call'] = async (path, init = {}) => fetch(path.startsWith('http') ? path : `${api}/${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${await token()}`, accept: 'application/json', 'OData-MaxVersion': '4.0', 'OData-Version': '4.0',
      ...(init.body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...init.headers,
    },
    ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
  });
  return {
    emulator, identity, defaults, clock, origin, api, token, call,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((e) => (e ? reject(e) : resolve()));
    }),
  };
}

/** The JSON body of a response, typed loosely for assertions. */
export async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

/** The GUID at the end of an `OData-EntityId` header. */
export function idFrom(res: Response): string {
  const header = res.headers.get('odata-entityid') ?? '';
  const match = /\(([0-9a-f-]{36})\)$/.exec(header);
  if (!match) throw new Error(`no OData-EntityId in ${res.status} response: ${header}`);
  return match[1]!;
}

/** Creates a row over HTTP and returns its id. */
export async function create(dv: RunningDataverse, set: string, body: Record<string, unknown>): Promise<string> {
  const res = await dv.call(set, { method: 'POST', body });
  if (res.status !== 204) throw new Error(`create ${set} failed: ${res.status} ${await res.text()}`);
  return idFrom(res);
}

export function currencyId(dv: RunningDataverse, iso: string): string {
  const row = [...dv.emulator.store.rows('transactioncurrency')].find((c) => c.isocurrencycode === iso);
  if (!row) throw new Error(`no currency ${iso}`);
  return row.transactioncurrencyid as string;
}
