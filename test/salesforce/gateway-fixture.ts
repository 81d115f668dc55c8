/**
 * The Salesforce emulator on an ephemeral port and gateways built against it with the real jsforce.
 * Emulator and gateway share one manual clock; `sleep` only records the waits, so backoff costs nothing.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { manualClock } from '../../api/domain/clock.js';
import { createSalesforceGateway, type SalesforceGateway, type SalesforceGatewayOptions } from '../../api/salesforce/index.js';
import {
  createSalesforceEmulator, DEFAULT_CLIENT, type SalesforceEmulator, type SalesforceEmulatorOptions,
} from '../../sandbox/salesforce/index.js';

export const MOUNT = '/sandbox/salesforce';
export const API_VERSION = '62.0';
export const START = new Date('2026-03-02T10:00:00Z');

// jsforce routes loopback calls through any proxy in the environment (crm-apis.md §2.8).
for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[name];

export interface RunningOrg {
  emulator: SalesforceEmulator;
  clock: ReturnType<typeof manualClock>;
  base: string;
  /** Every wait the gateways' backoff asked for. */
  sleeps: number[];
  gateway(overrides?: Partial<SalesforceGatewayOptions>): Promise<SalesforceGateway>;
  /** Clears faults, the request log and the recorded waits. */
  reset(): void;
  close(): Promise<void>;
}

export async function startOrg(options: Partial<SalesforceEmulatorOptions> = {}): Promise<RunningOrg> {
  let base = '';
  const clock = manualClock(START);
  const emulator = createSalesforceEmulator({ clock, publicBaseUrl: () => base, ...options });
  const app = express();
  app.use(MOUNT, emulator.router);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${MOUNT}`;
  const sleeps: number[] = [];
  return {
    emulator,
    clock,
    base,
    sleeps,
    gateway: (overrides = {}) => createSalesforceGateway({
      loginUrl: base,
      apiVersion: API_VERSION,
      auth: { kind: 'client-credentials', clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret ?? '' },
      retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 2_000 },
      sleep: (ms) => { sleeps.push(ms); return Promise.resolve(); },
      clock,
      ...overrides,
    }),
    reset: () => {
      emulator.faults.clear();
      emulator.requestLog.length = 0;
      sleeps.length = 0;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** A valid Opportunity (the three required fields). */
export function opportunity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { Name: 'Fabrikam pilot', StageName: 'Prospecting', CloseDate: '2026-06-30', ...overrides };
}

export async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}
