/**
 * The emulator's HTTP surface, below its mount (jsforce's instanceUrl and loginUrl):
 *
 *   POST      /services/oauth2/token              client credentials, JWT bearer
 *   GET       /id/{orgId}/{userId}                identity URL of a token response
 *   GET       /services/data                      API versions (no auth)
 *   *         /services/data/vNN.N/…              REST API (sobjects, composite/sobjects, query, limits)
 *   POST      /services/Soap/m/{version}          Metadata API (createMetadata, upsertMetadata)
 *   POST|GET|DELETE /_faults                      test control, no auth
 *
 * REST requests pass, in order: request log → injected fault → version gate → session →
 * API allocation → JSON body → handler. Other paths fall through to the host app.
 */
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../api/domain/clock.js';
import { versionGate, versionList } from './api-versions.js';
import type { ApiUsage } from './api-usage.js';
import { authenticate } from './auth/authenticate.js';
import type { SessionStore } from './auth/sessions.js';
import { tokenEndpoint, type TokenEndpointDependencies } from './auth/token-endpoint.js';
import { jsonBody } from './body-parsing.js';
import { notFound, SalesforceError, unknownException } from './errors.js';
import { parseFaultSpec, type FaultInjector } from './faults.js';
import type { ApiContext } from './handlers/api-context.js';
import { collectionRoutes } from './handlers/collection-routes.js';
import { describeRoutes } from './handlers/describe-routes.js';
import { identityRoute } from './handlers/identity-route.js';
import { queryRoutes } from './handlers/query-routes.js';
import { replicationRoutes } from './handlers/replication-routes.js';
import { sobjectRoutes } from './handlers/sobject-routes.js';
import { metadataSoapRoutes } from './metadata/soap-routes.js';
import { logRequests, type RequestLogEntry } from './request-log.js';
import { MAX_API_VERSION, MIN_API_VERSION } from './api-versions.js';

export interface RouterDependencies {
  context: ApiContext;
  sessions: SessionStore;
  faults: FaultInjector;
  requestLog: RequestLogEntry[];
  clock: Clock;
  token: Omit<TokenEndpointDependencies, 'baseUrl'>;
  publicBaseUrl: () => string;
}

export function createRouter(deps: RouterDependencies): Router {
  const router = express.Router();
  router.use(logRequests(deps.requestLog, deps.clock));
  router.use('/_faults', faultControl(deps.faults));
  router.use(injectFaults(deps.faults));
  router.use(tokenEndpoint({ ...deps.token, baseUrl: () => deps.publicBaseUrl() }));
  router.use(identityRoute(deps.context, deps.sessions, deps.publicBaseUrl));
  router.use(metadataSoapRoutes({ schema: deps.context.schema, sessions: deps.sessions, minVersion: MIN_API_VERSION, maxVersion: MAX_API_VERSION }));
  router.get('/services/data', (_req, res) => { res.status(200).json(versionList()); });
  router.use('/services/data/:version', dataApi(deps));
  return router;
}

function dataApi(deps: RouterDependencies): Router {
  const api = express.Router({ mergeParams: true });
  api.use(versionGate);
  api.use(authenticate(deps.sessions));
  api.use(countUsage(deps.context.usage));
  api.use(jsonBody);
  api.get('/', (_req, res) => {
    const v = res.locals.apiVersion as string;
    res.status(200).json({ sobjects: `/services/data/v${v}/sobjects`, query: `/services/data/v${v}/query`, queryAll: `/services/data/v${v}/queryAll`, limits: `/services/data/v${v}/limits`, composite: `/services/data/v${v}/composite` });
  });
  api.use(describeRoutes(deps.context));
  api.use(replicationRoutes(deps.context));
  api.use(sobjectRoutes(deps.context));
  api.use(collectionRoutes(deps.context));
  api.use(queryRoutes(deps.context));
  api.use(() => { throw notFound(); });
  api.use(sendError);
  return api;
}

/** Counts the call against the org's daily allocation and reports usage as Salesforce does. */
function countUsage(usage: ApiUsage): RequestHandler {
  return (_req, res, next) => {
    if (!usage.record()) throw new SalesforceError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    res.set('Sforce-Limit-Info', `api-usage=${usage.used()}/${usage.dailyMax}`);
    next();
  };
}

function injectFaults(faults: FaultInjector): RequestHandler {
  return async (req, res, next) => {
    const outcome = faults.take(req.method, req.originalUrl.slice(req.baseUrl.length).split('?')[0] ?? '');
    if (!outcome) { next(); return; }
    if (outcome.latencyMs > 0) await delay(outcome.latencyMs);
    if (!outcome.error) { next(); return; }
    res.status(outcome.error.status).json(outcome.error.body);
  };
}

const sendError: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) { next(error); return; }
  // Never a stack or an internal message.
  const failure = error instanceof SalesforceError ? error : unknownException();
  res.status(failure.status).json(failure.toBody());
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
      res.status(400).json([{ message: error.message, errorCode: 'INVALID_INPUT' }]);
    }
  });
  control.get('/', (_req, res) => { res.status(200).json({ pending: faults.pending() }); });
  control.delete('/', (_req, res) => {
    faults.clear();
    res.status(204).end();
  });
  return control;
}
