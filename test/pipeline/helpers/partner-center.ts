import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { ReferralReader } from '../../../api/domain/ports.js';
import { silentLogger } from '../../../api/logging/logger.js';
import { PartnerCenterClient } from '../../../api/partner-center/client.js';
import { PartnerCenterHttp } from '../../../api/partner-center/http.js';
import { PartnerCenterReferrals } from '../../../api/partner-center/repository.js';
import { createPartnerCenterEmulator, type PartnerCenterEmulator } from '../../../sandbox/partner-center/index.js';

export interface EmulatorServer {
  url: string;
  emulator: PartnerCenterEmulator;
  close(): Promise<void>;
}

/** The Partner Center emulator alone on 127.0.0.1 (any bearer token is accepted: no identity provider). */
export async function startEmulator(): Promise<EmulatorServer> {
  const app = express();
  app.set('etag', false);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/partner-center`;
  const emulator = createPartnerCenterEmulator({ publicBaseUrl: () => url });
  app.use('/partner-center', emulator.router);
  return {
    url,
    emulator,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }),
  };
}

export interface TestReader {
  reader: ReferralReader;
  close(): Promise<void>;
}

/**
 * The product's own reader (PartnerCenterReferrals over PartnerCenterClient) against the emulator, with
 * one attempt per call: failures surface to the pipeline, whose durable retries are what is under test.
 */
export function partnerCenterReader(baseUrl: string, attempts = 1): TestReader {
  const http = new PartnerCenterHttp({
    tokens: { getToken: () => Promise.resolve('test-token') },
    retry: { maxAttempts: attempts, baseDelayMs: 10, maxDelayMs: 100 },
    timeoutMs: 10_000,
    logger: silentLogger(),
  });
  return { reader: new PartnerCenterReferrals(new PartnerCenterClient(http, baseUrl)), close: () => http.close() };
}
