/**
 * A real HTTP server with the Partner Center webhook router mounted the way the product mounts it
 * (before any body parser, the product's error handler last), recording what `accept` receives and
 * every log line.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express, { type RequestHandler } from 'express';
import { errorHandler } from '../../../api/http/error-handler.js';
import { createLogger } from '../../../api/logging/logger.js';
import { partnerCenterWebhookRouter, type ParsedDelivery } from '../../../api/webhooks/receiver.js';
import type { DeliveryVerifier } from '../../../api/webhooks/signature-verifier.js';

export interface ReceiverApp {
  origin: string;
  /** The delivery URL for a tenant. */
  urlFor(tenantId: string): string;
  accepted: ParsedDelivery[];
  /** Parsed pino lines. */
  logs: Array<Record<string, unknown>>;
  /** Raw log text, to check what never appears in it. */
  logText(): string;
  /** Replaces what accept does (default: records, duplicate when the dedupe key was seen). */
  acceptWith(behaviour: ((delivery: ParsedDelivery) => Promise<{ duplicate: boolean }>) | undefined): void;
  close(): Promise<void>;
}

export interface ReceiverAppOptions {
  verifier: DeliveryVerifier;
  /** Middleware mounted before the router (to test a misconfigured host app). */
  before?: RequestHandler;
  maxBodyBytes?: number;
}

export async function startReceiver(options: ReceiverAppOptions): Promise<ReceiverApp> {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const accepted: ParsedDelivery[] = [];
  const seen = new Set<string>();
  let behaviour: ((delivery: ParsedDelivery) => Promise<{ duplicate: boolean }>) | undefined;
  const accept = async (delivery: ParsedDelivery): Promise<{ duplicate: boolean }> => {
    if (behaviour) return behaviour(delivery);
    accepted.push(delivery);
    const duplicate = seen.has(delivery.dedupeKey);
    seen.add(delivery.dedupeKey);
    return Promise.resolve({ duplicate });
  };

  const app = express();
  if (options.before) app.use(options.before);
  app.use(partnerCenterWebhookRouter({
    verifier: options.verifier, accept, logger, ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
  }));
  app.use(errorHandler(logger));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    urlFor: (tenantId) => `${origin}/webhooks/partner-center/${tenantId}`,
    accepted,
    get logs() {
      return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    logText: () => lines.join('\n'),
    acceptWith: (next) => { behaviour = next; },
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((e) => (e ? reject(e) : resolve()));
    }),
  };
}
