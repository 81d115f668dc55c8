/**
 * The emulator's HTTP surface, mounted by the sandbox at `/sandbox/partner-center`:
 *
 *   GET|POST        /v1.0/engagements/referrals
 *   GET|PATCH|PUT   /v1.0/engagements/referrals/{id}
 *   POST|GET|DELETE /_faults                          (test control, no auth)
 *   GET|POST|PUT    /webhooks/v1/registration…        (webhooks/registration-routes.ts)
 *
 * API requests pass, in order: request ids and log → injected faults → authentication →
 * client-request-id check → expiry sweep → body parsing → handler. The webhook API skips the
 * client-request-id check and the expiry sweep and takes its own audience. Paths outside `/v1.0`,
 * `/webhooks` and `/_faults` fall through to the host app.
 */
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../api/domain/clock.js';
import { authenticate, type VerifyAccessToken } from './auth.js';
import type { EmulatorContext } from './emulator-context.js';
import { generalException, invalidRequest, PartnerCenterError } from './errors.js';
import { parseFaultSpec, type FaultInjector } from './faults.js';
import { createReferral } from './handlers/create-referral.js';
import { getReferral } from './handlers/get-referral.js';
import { listReferrals } from './handlers/list-referrals.js';
import { patchReferral, putReferral } from './handlers/update-referral.js';
import { jsonBody } from './json-body.js';
import { relativePath, rememberMount, requestContext, type RequestLogEntry } from './request-context.js';
import { authenticateWebhookApi, registrationRoutes, type WebhookEmulator } from './webhooks/index.js';

export interface RouterDependencies {
  context: EmulatorContext;
  faults: FaultInjector;
  requestLog: RequestLogEntry[];
  verifyAccessToken: VerifyAccessToken | undefined;
  webhooks: WebhookEmulator;
  clock: Clock;
  verifyWebhookAccessToken: VerifyAccessToken | undefined;
}

const COLLECTION = '/engagements/referrals';
const ITEM = '/engagements/referrals/:id';

export function createRouter(deps: RouterDependencies): Router {
  const router = express.Router();
  router.use(rememberMount);
  router.use('/_faults', faultControl(deps.faults));
  router.use('/v1.0', apiRouter(deps));
  router.use('/webhooks', webhookApiRouter(deps));
  return router;
}

function webhookApiRouter({ faults, requestLog, webhooks, clock, verifyWebhookAccessToken }: RouterDependencies): Router {
  const api = express.Router();
  api.use(dropTrailingSlashes);
  api.use(requestContext(requestLog));
  api.use(injectFaults(faults));
  api.use(authenticateWebhookApi(verifyWebhookAccessToken));
  api.use(jsonBody);
  api.use(registrationRoutes(webhooks, clock));
  api.use((req) => {
    throw new PartnerCenterError(404, 'itemNotFound', `No resource at ${req.method} ${req.path}.`);
  });
  api.use(sendError);
  return api;
}

function apiRouter({ context, faults, requestLog, verifyAccessToken }: RouterDependencies): Router {
  const api = express.Router();
  api.use(dropTrailingSlashes);
  api.use(requestContext(requestLog));
  api.use(injectFaults(faults));
  api.use(authenticate(verifyAccessToken));
  api.use(requireClientRequestId);
  api.use((_req, _res, next) => { context.expireDue(); next(); });
  api.use(jsonBody);

  api.get(COLLECTION, listReferrals(context));
  api.post(COLLECTION, createReferral(context));
  api.get(ITEM, getReferral(context));
  api.patch(ITEM, patchReferral(context));
  api.put(ITEM, putReferral(context));
  api.all(COLLECTION, methodNotAllowed('GET, POST'));
  api.all(ITEM, methodNotAllowed('GET, PATCH, PUT'));
  api.use((req) => {
    throw new PartnerCenterError(404, 'itemNotFound', `No resource at ${req.method} ${req.path}.`);
  });
  api.use(sendError);
  return api;
}

/**
 * The connector declares deal-registration PATCHes on `/referrals/{id}/` and `/referrals/{id}//`
 * (a trick around swagger's duplicate-path rule), so trailing slashes are ignored.
 */
const dropTrailingSlashes: RequestHandler = (req, _res, next) => {
  const at = req.url.indexOf('?');
  const path = at < 0 ? req.url : req.url.slice(0, at);
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed !== path && trimmed !== '') req.url = trimmed + (at < 0 ? '' : req.url.slice(at));
  next();
};

function injectFaults(faults: FaultInjector): RequestHandler {
  return async (req, res, next) => {
    const outcome = faults.take(req.method, relativePath(req, res));
    if (!outcome) {
      next();
      return;
    }
    if (outcome.latencyMs > 0) await delay(outcome.latencyMs);
    if (!outcome.error) {
      next();
      return;
    }
    res.set(outcome.error.headers).status(outcome.error.status).json(outcome.error.body);
  };
}

/** "client-request-id: Required. A unique identifier for the call" (REST-DOCS `headers`). */
const requireClientRequestId: RequestHandler = (req, _res, next) => {
  const value = req.get('client-request-id');
  if (value === undefined || value.trim() === '') {
    throw invalidRequest('The client-request-id header is required; send a new GUID with every call.', 'client-request-id');
  }
  next();
};

function methodNotAllowed(allow: string): RequestHandler {
  return (req, res) => {
    res.set('Allow', allow);
    throw new PartnerCenterError(405, 'invalidRequest', `The method ${req.method} is not supported on this resource.`);
  };
}

const sendError: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  // Never a stack or an internal message on a 5xx.
  const problem = error instanceof PartnerCenterError ? error : generalException();
  res.set(problem.headers).status(problem.status).json(problem.toEnvelope());
};

/** `POST /_faults` (a FaultSpec with `pathPattern` as a regex string), `GET` (pending), `DELETE` (clear). */
function faultControl(faults: FaultInjector): Router {
  const control = express.Router();
  control.use(jsonBody);
  control.post('/', (req, res) => {
    try {
      const id = faults.inject(parseFaultSpec(req.body));
      res.status(201).json({ id, pending: faults.pending() });
    } catch (error) {
      if (error instanceof RangeError) throw invalidRequest(error.message, 'body');
      throw error;
    }
  });
  control.get('/', (_req, res) => { res.status(200).json({ pending: faults.pending() }); });
  control.delete('/', (_req, res) => {
    faults.clear();
    res.status(204).end();
  });
  control.use(sendError);
  return control;
}
