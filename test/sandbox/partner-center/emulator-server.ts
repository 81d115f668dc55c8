import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { manualClock } from '../../../api/domain/clock.js';
import request from 'supertest';
import {
  createPartnerCenterEmulator, type PartnerCenterEmulator, type PartnerCenterEmulatorOptions,
} from '../../../sandbox/partner-center/index.js';

export const MOUNT = '/sandbox/partner-center';
export const REFERRALS = '/v1.0/engagements/referrals';
export type Json = Record<string, unknown>;

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, here.includes('/dist/') ? '../../../..' : '../../..');
/** The shared reference folder sits beside the repository. */
export const SAMPLES_DIR = join(repoRoot, '..', 'shared', 'reference', 'samples');

export function sampleText(name: string): string {
  return readFileSync(join(SAMPLES_DIR, name), 'utf8');
}

export function sample<T = Json>(name: string): T {
  return JSON.parse(sampleText(name)) as T;
}

export interface RunningEmulator {
  emulator: PartnerCenterEmulator;
  /** http://127.0.0.1:port */
  origin: string;
  /** origin + MOUNT, the emulator's public base. */
  base: string;
  /** An authenticated request with a fresh client-request-id, as a well-behaved client sends. */
  call(method: 'get' | 'post' | 'patch' | 'put' | 'delete', path: string): request.Test;
  close(): Promise<void>;
}

/** The tests' "now": one day after the fixtures were created, so nothing has expired yet. */
export const TEST_NOW = new Date('2026-01-02T00:00:00Z');

/** A real HTTP server with the emulator mounted where the sandbox mounts it (manual clock at TEST_NOW unless given). */
export async function startEmulator(options: PartnerCenterEmulatorOptions = {}): Promise<RunningEmulator> {
  let base = '';
  const emulator = createPartnerCenterEmulator({ publicBaseUrl: () => base, clock: manualClock(TEST_NOW), ...options });
  const app = express();
  app.use(MOUNT, emulator.router);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `${origin}${MOUNT}`;
  return {
    emulator,
    origin,
    base,
    call: (method, path) => request(origin)[method](`${MOUNT}${path}`)
      .set('Authorization', 'Bearer test-token')
      .set('client-request-id', randomUUID()),
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** A referral as the service would hold it: an incoming Microsoft co-sell awaiting an answer. */
export function incomingReferral(overrides: Json = {}): Json {
  return {
    id: randomUUID(),
    engagementId: randomUUID(),
    organizationId: '7d23e5ca-19dc-4eaa-aac8-5e6b559f0d1d',
    organizationName: 'Contoso Company',
    name: 'Fabrikam supply chain',
    createdDateTime: '2026-01-01T00:00:00.0000000Z',
    updatedDateTime: '2026-01-01T00:00:00.0000000Z',
    status: 'New',
    substatus: 'Pending',
    qualification: 'SalesQualified',
    type: 'Shared',
    direction: 'Incoming',
    eTag: '"00006d10-0000-0000-0000-5c70aa630000"',
    customerProfile: { name: 'Fabrikam Inc', address: { city: 'Redmond', country: 'US' } },
    consent: { consentToToShareInfoWithOthers: true, consentToContact: true },
    details: { notes: 'pilot', dealValue: 50000, currency: 'USD' },
    team: [{ firstName: 'John', lastName: 'Doe', email: 'john.doe@microsoft.com' }],
    inviteContext: { invitedBy: { organizationId: 'msft' } },
    ...overrides,
  };
}

/** Body with the decorations the emulator adds removed, for comparison with what was stored. */
export function withoutDecorations(body: Json): Json {
  const copy: Json = {};
  for (const [k, v] of Object.entries(body)) if (k !== 'links' && !k.startsWith('@odata.')) copy[k] = v;
  return copy;
}
