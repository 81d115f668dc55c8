/**
 * The sandbox (identity provider and Dataverse emulator, as `createSandbox` mounts them) on an
 * ephemeral port, and gateways built against it with tokens from the real msal-node through the
 * loopback network client. Emulator and gateway share one manual clock; `sleep` only records the
 * waits, so backoff costs nothing.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createDataverseGateway, createDataverseTokenProvider, type DataverseGateway, type DataverseGatewayOptions } from '../../api/dataverse/index.js';
import { manualClock } from '../../api/domain/clock.js';
import { createLoopbackNetworkClient } from '../../api/partner-center/token-provider.js';
import { createSandbox, type Sandbox } from '../../sandbox/index.js';

export const MOUNT = '/sandbox';
export const START = new Date('2026-03-02T10:00:00Z');
/** Never dialled: MSAL needs an https authority; the network client sends its calls to the sandbox. */
const AUTHORITY = 'https://login.sandbox.local';

export interface RunningEnvironment {
  sandbox: Sandbox;
  clock: ReturnType<typeof manualClock>;
  /** The environment URL (`<base>/sandbox/dataverse`). */
  environmentUrl: string;
  /** Every wait the gateways' backoff asked for. */
  sleeps: number[];
  gateway(overrides?: Partial<DataverseGatewayOptions>): DataverseGateway;
  /** Clears faults, the request log and the recorded waits. */
  reset(): void;
  close(): Promise<void>;
}

export async function startEnvironment(): Promise<RunningEnvironment> {
  let base = '';
  const clock = manualClock(START);
  const sandbox = await createSandbox({ baseUrl: () => base, seedReferrals: 0, clock });
  const app = express();
  app.use(MOUNT, sandbox.router);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${MOUNT}`;
  const environmentUrl = `${base}/dataverse`;
  const d = sandbox.defaults;
  const sleeps: number[] = [];
  const gateways: DataverseGateway[] = [];
  return {
    sandbox,
    clock,
    environmentUrl,
    sleeps,
    gateway: (overrides = {}) => {
      const gateway = createDataverseGateway({
        environmentUrl,
        tokens: createDataverseTokenProvider({
          authority: AUTHORITY,
          tenantId: d.tenantId,
          clientId: d.dataverse.clientId,
          credential: { kind: 'secret', clientSecret: d.dataverse.clientSecret },
          scope: d.dataverse.scope,
          networkClient: createLoopbackNetworkClient((u) => u.replace(AUTHORITY, `${base}/identity`)),
        }),
        retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 5_000 },
        sleep: (ms) => { sleeps.push(ms); return Promise.resolve(); },
        ...overrides,
      });
      gateways.push(gateway);
      return gateway;
    },
    reset: () => {
      sandbox.dataverse.faults.clear();
      sandbox.dataverse.requestLog.length = 0;
      sleeps.length = 0;
    },
    close: async () => {
      await Promise.all(gateways.map((g) => g.close()));
      await sandbox.close();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

/** Something that must fail; the error it failed with. */
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

/** A valid opportunity (name is the primary column; the rest is optional). */
export function opportunity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'Fabrikam pilot', estimatedvalue: 250000, estimatedclosedate: '2026-12-31', ...overrides };
}
