import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler, type Router } from 'express';
import { pinoHttp } from 'pino-http';
import { contractOperations, type OperationId } from './contract/index.js';
import type { OperationValidators } from './contract/validators.js';
import type { Logger } from './logging/logger.js';
import { docsRouter } from './http/docs.js';
import { errorHandler } from './http/error-handler.js';
import { healthRouter, type ReadinessCheck } from './http/health.js';
import { operationRouter } from './http/operation-router.js';
import type { OperationHandlers } from './http/operation-types.js';
import { ProblemError } from './http/problem.js';

export interface AppDeps {
  logger: Logger;
  handlers: OperationHandlers;
  validators: Map<OperationId, OperationValidators>;
  auth: { authenticate: RequestHandler; requireRole(kind: 'read' | 'write'): RequestHandler };
  readiness: ReadinessCheck[];
  maxBodyBytes: number;
  trustProxy: string;
  publicBaseUrl: string | undefined;
  /** Extra routers mounted before the API (the sandbox, in sandbox mode). */
  mounts?: Array<{ path: string; router: Router }>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function trustProxySetting(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** 405 for a contract path asked with a method it lacks, 404 for anything else under /v1. */
function unmatched(): RequestHandler {
  const paths = new Map<RegExp, string[]>();
  for (const op of contractOperations()) {
    const re = new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`);
    const existing = [...paths.keys()].find((k) => k.source === re.source);
    if (existing) paths.get(existing)!.push(op.method.toUpperCase());
    else paths.set(re, [op.method.toUpperCase()]);
  }
  return (req) => {
    const full = req.baseUrl + req.path;
    for (const [re, methods] of paths) {
      if (re.test(full)) {
        throw new ProblemError('method_not_allowed', `${req.method} is not supported on ${full}; use ${methods.join(', ')}.`);
      }
    }
    throw new ProblemError('not_found', `There is no operation at ${full}.`);
  };
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Express would hash every body for a weak ETag; referral ETags are Partner Center's eTags, set explicitly.
  app.set('etag', false);
  app.set('trust proxy', trustProxySetting(deps.trustProxy));
  app.set('query parser', 'simple');

  app.use(pinoHttp({
    logger: deps.logger,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    // Bodies and most headers stay out of the logs; see logging/logger.ts for redaction.
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
  }));
  app.use((req, res, next) => {
    res.locals['requestId'] = String(res.getHeader('x-request-id'));
    res.locals['logger'] = req.log;
    next();
  });

  app.use(healthRouter(deps.readiness));
  app.use(docsRouter());
  for (const m of deps.mounts ?? []) app.use(m.path, m.router);

  // Authenticate before reading a body, so anonymous callers cannot make the API parse anything.
  app.use('/v1', deps.auth.authenticate);
  app.use('/v1', express.json({ limit: deps.maxBodyBytes, type: ['application/json', 'application/*+json'], strict: false }));
  app.use(operationRouter({ handlers: deps.handlers, validators: deps.validators, guard: (kind) => [deps.auth.requireRole(kind)], publicBaseUrl: deps.publicBaseUrl, logger: deps.logger }));
  app.use('/v1', unmatched());
  app.use((req, _res, next) => { next(new ProblemError('not_found', `There is nothing at ${req.path}.`)); });
  app.use(errorHandler(deps.logger));
  return app;
}
