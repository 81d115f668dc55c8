/**
 * HTTP surface of the emulator, below its mount:
 *
 *   *               /api/data/v9.{0,1,2}/…     Web API (bearer token)
 *   POST            /api/data/v9.2/$batch      multipart batch
 *   POST|GET|DELETE /_faults                   test control, no auth
 *
 * Requests pass, in order: request log → injected fault → bearer token → body → handler.
 */
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Router } from 'express';
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../api/domain/clock.js';
import { authenticate, type VerifyAccessToken } from './auth.js';
import { DataverseError, unexpectedError } from './errors.js';
import { parseFaultSpec, type FaultInjector } from './faults.js';
import { logRequests, type RequestLogEntry } from './request-log.js';
import type { EntityCatalog } from './schema/catalog.js';
import type { RecordStore } from './store/record-store.js';
import { runBatch } from './web-api/batch.js';
import { errorResponse, execute } from './web-api/execute.js';
import type { ApiRequest, ApiResponse, Environment } from './web-api/types.js';

export interface RouterDependencies {
  catalog: EntityCatalog;
  store: RecordStore;
  faults: FaultInjector;
  requestLog: RequestLogEntry[];
  clock: Clock;
  publicBaseUrl: () => string;
  verifyAccessToken: VerifyAccessToken;
  authorizationUri: () => string | undefined;
  organizationId: string;
  businessUnitId: string;
}

export function createRouter(deps: RouterDependencies): Router {
  const router = express.Router();
  router.use(logRequests(deps.requestLog, deps.clock));
  router.use('/_faults', faultControl(deps.faults));
  router.use(injectFaults(deps.faults));
  router.use('/api/data/:version', webApi(deps));
  return router;
}

function webApi(deps: RouterDependencies): Router {
  const api = express.Router({ mergeParams: true });
  api.use((req, _res, next) => {
    if (!/^v9\.[0-2]$/.test(String(req.params.version))) throw new DataverseError(404, '', `The API version '${String(req.params.version)}' is not supported.`);
    next();
  });
  api.use(authenticate(deps.verifyAccessToken, deps.store, deps.authorizationUri));
  api.use(express.text({ type: () => true, limit: '32mb' }));
  api.use((req, res) => {
    const env: Environment = {
      catalog: deps.catalog, store: deps.store, organizationId: deps.organizationId, businessUnitId: deps.businessUnitId,
      apiBase: `${deps.publicBaseUrl()}/api/data/${String(req.params.version)}`,
    };
    const userId = res.locals.dataverseUserId as string;
    const headers = lowerCaseHeaders(req);
    const body = typeof req.body === 'string' ? req.body : undefined;
    if (req.path === '/$batch' && req.method === 'POST') {
      const batch = runBatch(env, req.get('content-type'), body ?? '', headers, userId);
      res.status(batch.status).set({ 'Content-Type': batch.contentType, 'OData-Version': '4.0' }).send(batch.body);
      return;
    }
    const rawQuery = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
    const request: ApiRequest = { method: req.method, path: decodePath(req.path), query: new URLSearchParams(rawQuery), headers, ...(body !== undefined && body !== '' ? { body } : {}) };
    let response: ApiResponse;
    try {
      response = execute(env, request, { userId, contentIds: new Map() }).response;
    } catch (error) {
      response = errorResponse(error);
    }
    send(res, response);
  });
  api.use(sendError);
  return api;
}

function send(res: express.Response, response: ApiResponse): void {
  res.status(response.status).set({ 'OData-Version': '4.0', ...response.headers });
  if (response.body === undefined) { res.end(); return; }
  res.type('application/json; odata.metadata=minimal').send(JSON.stringify(response.body));
}

function lowerCaseHeaders(req: Request): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  // Dataverse's recommended `If-None-Match: null` means "no condition".
  if (out['if-none-match'] === 'null') delete out['if-none-match'];
  return out;
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function injectFaults(faults: FaultInjector): RequestHandler {
  return async (req, res, next) => {
    const outcome = faults.take(req.method, req.originalUrl.slice(req.baseUrl.length).split('?')[0] ?? '');
    if (!outcome) { next(); return; }
    if (outcome.latencyMs > 0) await delay(outcome.latencyMs);
    if (!outcome.error) { next(); return; }
    res.status(outcome.error.status).set(outcome.error.headers).json(outcome.error.body);
  };
}

const sendError: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) { next(error); return; }
  const failure = error instanceof DataverseError ? error : unexpectedError();
  res.status(failure.status).set(failure.headers).json(failure.toBody());
};

/** `POST /_faults` (a FaultSpec with `pathPattern` as a regex string), `GET` (pending), `DELETE` (clear). */
function faultControl(faults: FaultInjector): Router {
  const control = express.Router();
  control.use(express.json());
  control.post('/', (req, res) => {
    try {
      const id = faults.inject(parseFaultSpec(req.body));
      res.status(201).json({ id, pending: faults.pending() });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      res.status(400).json({ error: { code: '', message: error.message } });
    }
  });
  control.get('/', (_req, res) => { res.status(200).json({ pending: faults.pending() }); });
  control.delete('/', (_req, res) => {
    faults.clear();
    res.status(204).end();
  });
  return control;
}
