/**
 * `POST /webhooks/partner-center/:tenantId`: where Partner Center delivers change events.
 *
 * The body is read raw (the signature covers the exact bytes), verified, parsed, and handed to
 * `accept`, which stores it durably; only then is the answer 200, so a 2xx never covers an event that
 * could still be lost. Duplicates (Partner Center retries; the docs warn of repeats) get 200 as well:
 * a non-2xx would only make Partner Center try again. Failures are thrown as ProblemErrors for the
 * host app's error handler: 401 for anything wrong with the signature (its reason logged, never the
 * body or the signature), 400 for a signed body that is not an event, 5xx when `accept` fails so that
 * Partner Center retries.
 *
 * Mount this router before any body parser: a parser that ran first has consumed the bytes that were
 * signed, and the request then fails with 500 rather than being verified over re-serialized JSON.
 */
import { createHash } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { ProblemError } from '../http/problem.js';
import type { Logger } from '../logging/logger.js';
import { parsePartnerCenterEvent, PartnerCenterEventError, type PartnerCenterEvent } from './partner-center-event.js';
import { SignatureError } from './signature-error.js';
import type { DeliveryVerifier } from './signature-verifier.js';

export const PARTNER_CENTER_WEBHOOK_PATH = '/webhooks/partner-center/:tenantId';

/** One verified delivery, as the pipeline stores it. */
export interface ParsedDelivery {
  tenantId: string;
  eventName: string;
  resourceId: string;
  /** ResourceChangeUtcDate exactly as sent. */
  resourceChangeAt: string;
  /** The body exactly as received (UTF-8). */
  rawBody: string;
  /** sha256 hex of the raw body: a retried delivery has the same bytes, hence the same key. */
  dedupeKey: string;
}

export interface PartnerCenterWebhookRouterOptions {
  verifier: DeliveryVerifier;
  /** Stores the event durably; resolves `{ duplicate: true }` when it was already stored. */
  accept: (event: ParsedDelivery) => Promise<{ duplicate: boolean }>;
  logger: Logger;
  /** Default 64 KiB; events are a few hundred bytes. */
  maxBodyBytes?: number;
}

/** Tenant ids are GUIDs or short slugs; anything else cannot be ours. */
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function dedupeKeyOf(rawBody: Uint8Array): string {
  return createHash('sha256').update(rawBody).digest('hex');
}

/** The request-scoped logger the app sets (with the request id), else the router's own. */
function loggerFor(res: Response, fallback: Logger): Logger {
  return (res.locals['logger'] as Logger | undefined) ?? fallback;
}

function rawBodyOf(req: Request): Buffer {
  const body = req.body as unknown;
  if (Buffer.isBuffer(body)) return body;
  if (body === undefined) return Buffer.alloc(0);
  // Verifying re-serialized JSON would accept what was never signed; refuse loudly instead.
  throw new Error('The Partner Center webhook router received a parsed body; mount it before any body parser.');
}

function decodeUtf8(raw: Buffer): string {
  try {
    return UTF8.decode(raw);
  } catch {
    throw new PartnerCenterEventError('body', 'The body is not UTF-8 text.');
  }
}

function toDelivery(tenantId: string, raw: Buffer, text: string, event: PartnerCenterEvent): ParsedDelivery {
  return {
    tenantId,
    eventName: event.eventName,
    resourceId: event.resourceId,
    resourceChangeAt: event.resourceChangeUtcDate,
    rawBody: text,
    dedupeKey: dedupeKeyOf(raw),
  };
}

export function partnerCenterWebhookRouter(options: PartnerCenterWebhookRouterOptions): Router {
  const { verifier, accept, logger } = options;
  const router = express.Router();
  const readRaw = express.raw({ type: () => true, limit: options.maxBodyBytes ?? 64 * 1024 });

  const receive: RequestHandler<{ tenantId: string }> = async (req, res) => {
    const log = loggerFor(res, logger);
    const { tenantId } = req.params;
    if (!TENANT_ID.test(tenantId)) throw new ProblemError('not_found', 'There is no webhook receiver at this address.');
    const raw = rawBodyOf(req);

    try {
      await verifier.verify(raw, req.headers);
    } catch (error) {
      if (!(error instanceof SignatureError)) throw error;
      log.warn({ tenantId, reason: error.reason, detail: error.message }, 'partner center webhook rejected');
      res.set('WWW-Authenticate', 'Signature realm="partner-center-webhooks"');
      throw new ProblemError('unauthorized', 'The delivery does not carry a valid Partner Center signature.');
    }

    let delivery: ParsedDelivery;
    let known: boolean;
    try {
      const text = decodeUtf8(raw);
      const event = parsePartnerCenterEvent(text);
      delivery = toDelivery(tenantId, raw, text, event);
      known = event.known;
    } catch (error) {
      if (!(error instanceof PartnerCenterEventError)) throw error;
      log.warn({ tenantId, field: error.field, detail: error.message }, 'partner center webhook body is not an event');
      throw new ProblemError('validation_failed', 'The body is not a Partner Center event.', {
        errors: [{ field: error.field === 'body' ? 'body' : `body/${error.field}`, message: error.message }],
      });
    }

    const { duplicate } = await accept(delivery);
    const facts = { tenantId, eventName: delivery.eventName, resourceId: delivery.resourceId, dedupeKey: delivery.dedupeKey, duplicate };
    if (known) log.info(facts, 'partner center webhook accepted');
    else log.info(facts, 'partner center webhook with an unknown event acknowledged and recorded');
    res.status(200).json({ received: true, duplicate });
  };

  router.post(PARTNER_CENTER_WEBHOOK_PATH, readRaw, receive);
  router.all(PARTNER_CENTER_WEBHOOK_PATH, (req, res) => {
    res.set('Allow', 'POST');
    throw new ProblemError('method_not_allowed', `${req.method} is not supported here; Partner Center delivers with POST.`);
  });
  return router;
}
